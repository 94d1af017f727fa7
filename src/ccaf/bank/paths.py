"""Where the question bank comes from: --bank, else CCAF_BANK, else the bundled bank.

Kept apart from the loader so that finding the bank costs no YAML import.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path


def bundled_bank() -> Path:
    """The bank that ships with ccaf: inside the wheel, or at the top of a source checkout."""
    here = Path(__file__).resolve().parent.parent
    installed = here / "questions"
    if installed.is_dir():
        return installed
    return here.parent.parent / "questions"


def bank_paths(
    cli_banks: Sequence[str] | None = None, env: Mapping[str, str] | None = None
) -> list[Path]:
    """Which bank directories to load: ``--bank`` if given, else ``CCAF_BANK``, else bundled."""
    if cli_banks:
        return [Path(p).expanduser() for p in cli_banks]
    variable = (os.environ if env is None else env).get("CCAF_BANK", "")
    from_env = [p for p in variable.split(os.pathsep) if p.strip()]
    if from_env:
        return [Path(p).expanduser() for p in from_env]
    return [bundled_bank()]
