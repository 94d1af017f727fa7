"""Modules that do no drawing never import Textual or Rich, and only the streaming client
imports anthropic. The modules are found by walking the package, so a new one is covered."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import ccaf

PACKAGE = Path(ccaf.__file__).resolve().parent
UI = ("textual", "rich")
#: The one module that talks to the API; it imports the SDK, which costs over a second, so
#: nothing the app or the command line loads at start may import it.
STREAMING_CLIENT = {"ccaf.stream.run"}


def modules() -> list[str]:
    """Every module of the ccaf package, by dotted name. `__main__` modules run the program
    when imported, so they are left out (they import only what is checked here)."""
    names = []
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        if parts[-1] == "__main__":
            continue
        if parts[-1] == "__init__":
            parts = parts[:-1]
        names.append(".".join(parts))
    return names


def imported_by(module: str) -> set[str]:
    """The top-level packages among UI and anthropic that importing `module` loads."""
    code = (
        f"import sys, {module}; "
        "print(','.join(sorted({m.split('.')[0] for m in sys.modules} "
        f"& {{*{UI!r}, 'anthropic'}})))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        stdin=subprocess.DEVNULL,
    )
    return set(filter(None, result.stdout.strip().split(",")))


def test_the_walk_finds_every_layer() -> None:
    found = modules()
    for name in ("ccaf.cli", "ccaf.bank.loader", "ccaf.study.exam", "ccaf.store.db"):
        assert name in found
    assert {"ccaf.tui.app", "ccaf.stream.annotator", *STREAMING_CLIENT} <= set(found)
    assert not any(name.endswith("__main__") for name in found)


@pytest.mark.parametrize("module", modules())
def test_module_imports_only_what_its_layer_allows(module: str) -> None:
    loaded = imported_by(module)
    allowed = set()
    if module == "ccaf.tui" or module.startswith("ccaf.tui."):
        allowed |= set(UI)
    if module in STREAMING_CLIENT:
        allowed.add("anthropic")
    assert loaded - allowed == set()


@pytest.mark.parametrize("module", sorted(STREAMING_CLIENT))
def test_the_streaming_client_imports_the_sdk_but_no_ui(module: str) -> None:
    assert imported_by(module) == {"anthropic"}


def test_home_imports_neither_the_sdk_nor_yaml_nor_the_study_libraries() -> None:
    # What Home's first frame needs; PyYAML and FSRS come with the bank and the first answer,
    # the study modules, the item model and the packs table with the bank.
    later = ["anthropic", "yaml", "fsrs", "ccaf.study", "ccaf.bank.model", "ccaf.bank.loader"]
    later.append("textual.widgets._data_table")
    code = (
        "import sys, ccaf.cli, ccaf.tui.app, ccaf.tui.screens.home; "
        f"later = {later!r}; "
        "print(sorted(m for m in sys.modules if any(m == n or m.startswith(n + '.') "
        "for n in later)))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
