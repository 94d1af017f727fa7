"""The bundled replay scenarios are exactly what scripts/make_scenarios.py writes."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "make_scenarios.py"


@pytest.fixture(scope="module")
def generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_scenarios", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_check_passes_on_the_bundled_files() -> None:
    result = subprocess.run(
        [sys.executable, str(SCRIPT), "--check"], capture_output=True, text=True, check=False
    )
    assert (result.returncode, result.stdout) == (0, "")


def test_no_bundled_scenario_file_is_left_over_from_an_older_generator(
    generator: ModuleType,
) -> None:
    out_dir: Path = generator.OUT_DIR
    written = set(generator.render_all())
    assert set(out_dir.rglob("*.sse")) == written


def test_the_check_notices_a_file_that_drifted(
    generator: ModuleType,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    copy = tmp_path / "scenarios"
    shutil.copytree(generator.OUT_DIR, copy)
    drifted = sorted(copy.rglob("*.sse"))[0]
    drifted.write_text(drifted.read_text(encoding="utf-8") + ": t=9\n", encoding="utf-8")
    monkeypatch.setattr(generator, "OUT_DIR", copy)
    assert generator.main(["--check"]) == 1
    assert capsys.readouterr().out == f"stale: {drifted.relative_to(copy)}\n"
