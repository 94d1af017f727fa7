"""Modules that do no drawing never import Textual or Rich, and `ccaf` starts without anthropic."""

from __future__ import annotations

import subprocess
import sys

import pytest

HEADLESS = ["ccaf.bank.loader", "ccaf.bank.report", "ccaf.cli", "ccaf.text"]


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
