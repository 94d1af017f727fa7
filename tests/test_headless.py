"""Modules that do no drawing never import Textual or Rich, and `ccaf` starts without anthropic."""

from __future__ import annotations

import subprocess
import sys

import pytest

HEADLESS = [
    "ccaf.bank.lint",
    "ccaf.bank.loader",
    "ccaf.bank.report",
    "ccaf.cli",
    "ccaf.text",
    "ccaf.store.db",
    "ccaf.store.exams",
    "ccaf.study.drill",
    "ccaf.study.exam",
    "ccaf.study.review",
    "ccaf.study.stats",
    "ccaf.stream.model",
    "ccaf.stream.sse",
    "ccaf.stream.transcript",
    "ccaf.stream.server",
    "ccaf.stream.setup",
    "ccaf.stream.console",
]


@pytest.mark.parametrize("module", HEADLESS)
def test_headless_module_imports_no_ui(module: str) -> None:
    code = (
        f"import sys, {module}; "
        "ui = ('textual', 'rich', 'anthropic'); "
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ui); "
        "print(','.join(bad))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""


def test_app_module_does_not_import_anthropic() -> None:
    code = (
        "import sys, ccaf.tui.app; print(any(m.split('.')[0] == 'anthropic' for m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


def test_the_streaming_client_imports_the_sdk_but_no_ui() -> None:
    code = (
        "import sys, ccaf.stream.run; "
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'textual', 'rich', 'anthropic'}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "['anthropic']"


def test_home_imports_neither_the_sdk_nor_yaml_nor_the_study_libraries() -> None:
    # What Home's first frame needs; PyYAML and FSRS come with the bank and the first answer.
    code = (
        "import sys, ccaf.cli, ccaf.tui.app, ccaf.tui.screens.home; "
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'anthropic', 'yaml', 'fsrs'}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
