"""`ccaf plan`, `ccaf exams` and the new-per-day options, run in process."""

from __future__ import annotations

import io
import json
from datetime import date, timedelta
from pathlib import Path

import pytest

from ccaf.cli import main
from ccaf.store.db import DB_NAME, Store
from ccaf.store.exams import ExamStore
from ccaf.study.review import NEW_PER_DAY_SETTING, SELFCHECK_NEW_PER_DAY_SETTING


def ccaf(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def test_set_show_and_clear_the_exam_date(
    capsys: pytest.CaptureFixture[str], study_dir: Path, tmp_path: Path
) -> None:
    base = ("--bank", study_dir, "--data-dir", tmp_path)
    code, out, _ = ccaf(capsys, *base, "plan")
    assert (
        code == 0 and out == "No exam date is set: `ccaf plan --exam-date YYYY-MM-DD` sets one.\n"
    )
    when = date.today() + timedelta(days=10)  # 7 days to see the 11 exam items in
    code, out, _ = ccaf(capsys, *base, "plan", "--exam-date", when.isoformat())
    assert code == 0
    by = (date.today() + timedelta(days=6)).isoformat()
    assert out.splitlines() == [
        f"Exam on {when.isoformat()}: 10 days left.",
        f"Today: 0 due · 4 new (11 exam items not yet seen, all to be seen by {by}).",
        "Mock exam every 3 days; the next today.",
        "New a day: flashcards 1, self-checks 1.",
    ]
    code, out, _ = ccaf(capsys, *base, "stats", "--json")
    planned = json.loads(out)["plan"]
    assert {k: planned[k] for k in ("exam_date", "days_left", "new_per_day", "due_today")} == {
        "exam_date": when.isoformat(),
        "days_left": 10,
        "new_per_day": 4,
        "due_today": 0,
    }
    code = main(["--data-dir", str(tmp_path), "plan", "--clear"])
    assert capsys.readouterr().out == "The exam date is cleared: no plan.\n" and code == 0
    code, out, _ = ccaf(capsys, *base, "stats", "--json")
    assert json.loads(out)["plan"] is None


def test_bad_dates_are_clear_errors_and_change_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    for text, message in [
        ("2026-13-01", "'2026-13-01' is not a date written YYYY-MM-DD (month must be in 1..12)"),
        ("tomorrow", "'tomorrow' is not a date written YYYY-MM-DD"),
        ("2020-01-01", f"2020-01-01 is in the past (today is {date.today().isoformat()})"),
    ]:
        code, out, err = ccaf(capsys, "--data-dir", tmp_path, "plan", "--exam-date", text)
        assert (code, out, err) == (2, "", f"ccaf: plan --exam-date: {message}\n")
    store = Store.open(tmp_path / DB_NAME)
    assert store.setting("exam_date") is None
    store.close()
    with pytest.raises(SystemExit) as exit_:
        main(["plan", "--exam-date", "2030-01-01", "--clear"])
    assert exit_.value.code == 2
    assert "not allowed with argument --exam-date" in capsys.readouterr().err


def test_limits_set_by_hand_show_and_follow_forgets_them(
    capsys: pytest.CaptureFixture[str], study_dir: Path, tmp_path: Path
) -> None:
    store = Store.open(tmp_path / DB_NAME)
    store.set_setting(NEW_PER_DAY_SETTING, "7")
    store.set_setting(SELFCHECK_NEW_PER_DAY_SETTING, "0")
    store.close()
    base = ("--bank", study_dir, "--data-dir", tmp_path)
    today = date.today().isoformat()
    code, out, _ = ccaf(capsys, *base, "plan", "--exam-date", today)
    assert code == 0
    assert out.splitlines()[0] == f"Exam on {today}: today."
    assert (
        out.splitlines()[-1]
        == "New a day: flashcards 7 (set by hand), self-checks 0 (set by hand)."
    )
    code, out, _ = ccaf(capsys, *base, "plan", "--follow")
    assert code == 0
    assert out.splitlines()[-1] == "New a day: flashcards 3, self-checks 2."


def test_list_and_delete_exams_asking_first(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = Store.open(tmp_path / DB_NAME)
    exams = ExamStore(store)
    done = exams.create(1_795_000_000.0, 1, 240.0, ["a", "b"], [])
    exams.submit(done, 1_795_000_100.0, 90.0, False, 1, 2, {}, [])
    aside = exams.create(1_795_000_200.0, 2, 240.0, ["a", "b"], [])
    exams.abandon(aside, 1_795_000_300.0)
    running = exams.create(1_795_000_400.0, 3, 240.0, ["a", "b"], [])
    store.close()
    base = ("--data-dir", tmp_path)
    code, out, _ = ccaf(capsys, *base, "exams")
    assert out.splitlines() == [
        f"exam {running} · begun 2026-11-18 11:13 · in progress: 0 of 2 answered",
        f"exam {aside} · begun 2026-11-18 11:10 · set aside: 0 of 2 answered",
        f"exam {done} · begun 2026-11-18 11:06 · submitted: 1/2 right (50%), estimated 550",
    ]
    monkeypatch.setattr("sys.stdin", io.StringIO("n\n"))
    code, out, _ = ccaf(capsys, *base, "exams", "--delete", str(done))
    assert code == 1 and out.endswith("[y/N] Nothing was deleted.\n")
    monkeypatch.setattr("sys.stdin", io.StringIO(""))  # no answer: no
    assert ccaf(capsys, *base, "exams", "--delete", str(done))[0] == 1
    monkeypatch.setattr("sys.stdin", io.StringIO("y\n"))
    code, out, _ = ccaf(capsys, *base, "exams", "--delete", str(done))
    assert code == 0 and out.startswith(f"Delete exam {done} · begun 2026-11-18 11:06 · submitted")
    assert out.endswith(f"Deleted exam {done}.\n")
    code, out, _ = ccaf(capsys, *base, "exams", "--delete", str(aside), "--yes")
    assert (code, out) == (0, f"Deleted exam {aside}.\n")
    code, _, err = ccaf(capsys, *base, "exams", "--delete", str(running), "--yes")
    assert code == 2 and err == (
        f"ccaf: exams --delete: exam {running} is in progress: submit it or set it aside "
        "(start a new one) first\n"
    )
    code, _, err = ccaf(capsys, *base, "exams", "--delete", "99", "--yes")
    assert (code, err) == (2, "ccaf: exams --delete: there is no exam 99\n")
    assert len(ccaf(capsys, *base, "exams")[1].splitlines()) == 1


def test_new_per_day_is_set_by_hand_for_cards_and_self_checks_apart(
    study_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ccaf.tui.app import CcafApp

    started: list[str] = []
    monkeypatch.setattr(CcafApp, "run", lambda app: started.append(app.start.screen))
    base = ["--bank", str(study_dir), "--data-dir", str(tmp_path)]
    assert main([*base, "quiz", "--new-per-day", "3"]) == 0
    assert main([*base, "cards", "--new-per-day", "0"]) == 0
    assert started == ["quiz", "cards"]
    store = Store.open(tmp_path / DB_NAME)
    assert store.setting(SELFCHECK_NEW_PER_DAY_SETTING) == "3"
    assert store.setting(NEW_PER_DAY_SETTING) == "0"
    store.close()
