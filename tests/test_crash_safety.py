"""A real `ccaf` process killed with SIGKILL loses no answer it had shown as answered."""

from __future__ import annotations

from pathlib import Path

from ccaf.store.db import DB_NAME, Store
from ccaf.store.exams import ExamStore
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
    assert len(store.due_times()) == 3  # each answer's schedule was committed with it
    assert store.recovered is None
    store.close()


def test_sigkill_mid_exam_then_resume(study_dir: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    args = ("--bank", str(study_dir), "--data-dir", str(data))
    term = Terminal(*args, "exam", "--seed", "2")
    try:
        term.wait_for(r"enter: to the questions")  # the scenario's introduction
        since = term.mark()
        term.press("\r")
        term.wait_for(r"Question 1 of 4", since)
        since = term.mark()
        term.press("b")
        term.wait_for(r"1/4 answered · 0 flagged", since)
        since = term.mark()
        term.press("f")
        term.wait_for(r"1/4 answered · 1 flagged", since)
        since = term.mark()
        term.press("n")
        term.wait_for(r"Question 2 of 4", since)
        since = term.mark()
        term.press("c")
        term.wait_for(r"2/4 answered · 1 flagged", since)
    finally:
        term.kill()

    store = Store.open(data / DB_NAME)
    record = ExamStore(store).running()
    assert record is not None
    assert sorted(record.answers) == [0, 1] and record.flagged == {0}
    store.close()

    again = Terminal(*args, "exam", "--resume")
    try:
        again.wait_for(r"enter: to the questions")
        since = again.mark()
        again.press("\r")
        again.wait_for(r"2/4 answered · 1 flagged", since)
        again.wait_for(r"Question 2 of 4", since)  # where it was left
    finally:
        again.kill()
