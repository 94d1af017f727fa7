"""A reader that goes away (`| head`) ends a console command quietly, as Unix tools do."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from terminal import CCAF


def run(
    *args: str | Path, stdout: int | None = subprocess.PIPE
) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("ANTHROPIC_API_KEY", "CCAF_BANK")}
    return subprocess.run(
        [str(CCAF), *map(str, args)],
        stdout=stdout,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        timeout=120,
    )


def closed_pipe() -> int:
    """The write end of a pipe whose reader has already gone, as `| head` leaves it."""
    read, write = os.pipe()
    os.close(read)
    return write


def test_stats_json_into_a_closed_pipe_exits_quietly(study_dir: Path, tmp_path: Path) -> None:
    write = closed_pipe()
    try:
        result = run("--bank", study_dir, "--data-dir", tmp_path, "stats", "--json", stdout=write)
    finally:
        os.close(write)
    assert result.stderr == ""
    assert result.returncode == 141  # as a Unix tool killed by SIGPIPE


def test_stream_plain_into_a_closed_pipe_exits_quietly() -> None:
    write = closed_pipe()
    try:
        result = run("stream", "--replay", "long-markdown", "--speed", "0", "--plain", stdout=write)
    finally:
        os.close(write)
    assert result.stderr == ""
    assert result.returncode == 141
