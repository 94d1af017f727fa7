"""`ccaf validate` through the real console command."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import WritePack
from samples import CARD, MCQ

CCAF = Path(sys.executable).with_name("ccaf")


def ccaf(*args: str | Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if k != "CCAF_BANK"}
    return subprocess.run(
        [str(CCAF), *map(str, args)],
        capture_output=True,
        text=True,
        env={**base, **(env or {})},
        timeout=60,
    )


def test_valid_pack_prints_counts_and_exits_0(write_pack: WritePack) -> None:
    pack = write_pack(**{"a.yaml": CARD + MCQ})
    result = ccaf("validate", pack)
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split() == [
        "pack",
        "scope",
        "domain",
        "mcq",
        "pattern",
        "selfcheck",
        "card",
        "total",
    ]
    assert lines[2].split() == ["demo", "beyond", "1", "1", "0", "0", "1", "2"]
    assert lines[-1] == "2 items in 2 files: all valid."


def test_errors_print_every_problem_and_exit_1(write_pack: WritePack) -> None:
    pack = write_pack(**{"a.yaml": CARD.replace("front: Front", "frnt: Front"), "b.yaml": "- ["})
    result = ccaf("validate", pack)
    assert result.returncode == 1
    out = result.stdout.splitlines()
    assert out[0] == f"{pack / 'a.yaml'}:1: item card-one: front: missing"
    assert (
        out[1] == f"{pack / 'a.yaml'}:4: item card-one: frnt: unknown key (did you mean 'front'?)"
    )
    assert out[2].startswith(f"{pack / 'b.yaml'}:2: YAML: ")
    assert out[-1] == "3 problems in 2 files."


def test_default_is_the_bundled_bank() -> None:
    result = ccaf("validate")
    assert result.returncode == 0, result.stdout
    rows = {line.split()[0]: line.split()[1] for line in result.stdout.splitlines()[2:-4]}
    assert rows == {
        "d1-agentic": "exam",
        "d2-tools-mcp": "exam",
        "d3-claude-code": "exam",
        "d4-prompts-output": "exam",
        "d5-context-reliability": "exam",
        "streaming": "beyond",
    }


def test_bank_option_and_environment(write_pack: WritePack) -> None:
    pack = write_pack(**{"a.yaml": CARD})
    via_option = ccaf("validate", "--bank", pack)
    via_env = ccaf("validate", env={"CCAF_BANK": str(pack)})
    for result in (via_option, via_env):
        assert result.returncode == 0
        assert "1 item in 2 files: all valid." in result.stdout
        assert "streaming" not in result.stdout


def test_missing_path_exits_1(tmp_path: Path) -> None:
    result = ccaf("validate", tmp_path / "nope")
    assert result.returncode == 1
    assert result.stdout.splitlines()[0] == f"{tmp_path / 'nope'}: no such file or directory"


def test_a_bare_ccaf_reads_what_the_full_command_line_reads() -> None:
    # A bare `ccaf` builds only the options that come before a command: what it makes of no
    # arguments, and of the environment, must be what the whole command line makes of them.
    from ccaf.cli import build_parser

    bare = build_parser(commands=False).parse_args([])
    full = build_parser().parse_args([])
    assert vars(bare) == vars(full) == {"bank": None, "data_dir": None, "command": None}
    # Every option the bare parser knows, the full one knows the same way.
    full_options = {a.dest: a.default for a in build_parser()._actions}
    assert {a.dest: a.default for a in build_parser(commands=False)._actions}.items() <= (
        full_options.items()
    )
