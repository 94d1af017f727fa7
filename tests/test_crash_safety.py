"""A real `ccaf drill` process killed with SIGKILL loses no answer it had shown as answered."""

from __future__ import annotations

from pathlib import Path

from ccaf.store.db import DB_NAME, Store
from terminal import Terminal

VERDICT = r"(✓ Right|✗ Wrong)"


def test_sigkill_after_answers_loses_nothing(study_dir: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    term = Terminal(
        "--bank", str(study_dir), "--data-dir", str(data), "drill", "--kind", "mcq", "--seed", "5"
    )
    try:
        term.wait_for(r"Question 1 of 4")
        for shown, key in enumerate("acb", start=1):
            since = term.mark()
            term.press(key)
            term.wait_for(VERDICT, since)
            if shown < 3:
                since = term.mark()
                term.press("\r")
                term.wait_for(rf"Question {shown + 1} of 4", since)
    finally:
        term.kill()  # right after the third feedback appeared
    store = Store.open(data / DB_NAME)
    attempts = store.attempts()
    assert len(attempts) == 3
    assert [a.choice for a in attempts] != [None] * 3
    assert len(store.all_scheduled()) == 3  # each answer's schedule was committed with it
    assert store.recovered is None
    store.close()
