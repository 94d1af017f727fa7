"""Exam time is capped at a day, and a store holding an exam that cannot be continued recovers."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest
from textual.widgets import Static

from apps import make_app, past_intro, settle
from ccaf.bank.loader import load_bank
from ccaf.bank.model import Bank
from ccaf.cli import main
from ccaf.store.db import DB_NAME, Store
from ccaf.store.exams import ExamStore
from ccaf.study.exam import ExamSetAside, plan_exam, running_exam
from ccaf.study.stats import compute
from ccaf.tui.app import Start
from ccaf.tui.screens.exam import ExamScreen
from ccaf.tui.screens.home import HomeScreen

from samples import FakeClock, mcq_yaml

HOUR = 3600.0


def test_minutes_past_a_day_are_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for minutes in ("1e308", "1e16", "1441", "inf", "nan"):
        with pytest.raises(SystemExit) as exit_:
            main(["--data-dir", str(tmp_path), "exam", "--minutes", minutes])
        assert exit_.value.code == 2
        assert "argument --minutes: must be" in capsys.readouterr().err
    assert not (tmp_path / DB_NAME).exists()  # nothing was stored


def test_the_plan_refuses_an_exam_longer_than_a_day(study_bank: Bank) -> None:
    assert plan_exam(study_bank, seed=1, minutes=24 * 60).time_limit == 24 * HOUR
    with pytest.raises(ValueError, match="at most 1440 minutes"):
        plan_exam(study_bank, seed=1, minutes=1e308)


def test_two_minutes_a_question_stops_at_a_day(tmp_path: Path) -> None:
    pack = tmp_path / "big"
    pack.mkdir()
    (pack / "pack.yaml").write_text("id: big\nconcept: D1.1\ntitle: Big\ndomain: 1\n")
    (pack / "q.yaml").write_text("".join(mcq_yaml(f"q{n}", "support-agent") for n in range(800)))
    plan = plan_exam(load_bank([pack]), seed=1, count=800)
    assert len(plan.items) == 800 and plan.time_limit == 24 * HOUR  # not 1,600 minutes


def poison(path: Path, time_limit: str = "9e999", time_used: str = "0") -> None:
    """What `--minutes 1e308` stored before the cap: an exam with an infinite time limit."""
    conn = sqlite3.connect(path)
    exam_id = conn.execute(
        "INSERT INTO exams (created_at, seed, time_limit, time_used, questions, packs)"
        f" VALUES (1795000000, 1, {time_limit}, {time_used}, '[\"q1\"]', '[]')"
    ).lastrowid
    conn.execute(
        "INSERT INTO exam_answers (exam_id, position, item_id, choice) VALUES (?, 0, 'q1', 2)",
        (exam_id,),
    )
    conn.commit()
    conn.close()


@pytest.fixture
def poisoned(tmp_path: Path) -> Path:
    Store.open(tmp_path / DB_NAME).close()
    poison(tmp_path / DB_NAME)
    return tmp_path / DB_NAME


def test_a_poisoned_exam_is_set_aside_with_its_answers(poisoned: Path, clock: FakeClock) -> None:
    store = Store.open(poisoned)
    with pytest.raises(ExamSetAside) as set_aside:
        running_exam(store, clock())
    assert str(set_aside.value) == (
        "The mock exam in progress (exam 1) cannot be continued: its time limit (inf) is not "
        "a finite number. It was set aside; its answers are kept."
    )
    assert running_exam(store, clock()) is None  # recovered: nothing in progress
    assert ExamStore(store).get(1).answers == {0: {2}}  # nothing deleted


@pytest.mark.parametrize(
    ("limit", "used", "why"),
    [
        ("1e18", "0", "its time limit of 1e+18 seconds is out of range"),
        ("600", "-3600", "its time used, -3600 seconds, is out of range (0 to 600)"),
        ("600", "9e999", "its time used (inf) is not a finite number"),
        ("'ten'", "0", "its time limit ('ten') is not a finite number"),
    ],
)
def test_every_out_of_range_time_is_set_aside(
    tmp_path: Path, clock: FakeClock, limit: str, used: str, why: str
) -> None:
    path = tmp_path / DB_NAME
    Store.open(path).close()
    poison(path, limit, used)
    store = Store.open(path)
    with pytest.raises(ExamSetAside, match=re.escape(why)):
        running_exam(store, clock())


async def test_home_recovers_from_a_poisoned_store(
    study_dir: Path, poisoned: Path, clock: FakeClock
) -> None:
    store = Store.open(poisoned)
    app = make_app(study_dir, store, clock)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        home = app.screen
        assert isinstance(home, HomeScreen)
        assert not home.query_one("#exam-banner", Static).display
        [notice] = app._notifications
        assert "cannot be continued: its time limit (inf) is not a finite" in notice.message
        await pilot.press("e", "ctrl+s")  # a new exam starts
        await pilot.pause()
        await past_intro(pilot)
        assert isinstance(app.screen, ExamScreen)


async def test_resume_recovers_from_a_poisoned_store(
    study_dir: Path, poisoned: Path, clock: FakeClock
) -> None:
    store = Store.open(poisoned)
    app = make_app(study_dir, store, clock, Start(screen="exam", resume=True))
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert any("It was set aside" in n.message for n in app._notifications)


# -- hand-edited and foreign stores ----------------------------------------------------------


def test_bad_json_in_an_exam_row_is_set_aside(tmp_path: Path, clock: FakeClock) -> None:
    path = tmp_path / DB_NAME
    Store.open(path).close()
    poison(path, "600", "0")
    conn = sqlite3.connect(path)
    conn.execute("UPDATE exams SET questions = '[\"q1\", oops' WHERE id = 1")
    conn.commit()
    conn.close()
    store = Store.open(path)
    with pytest.raises(ExamSetAside, match="its question list cannot be read"):
        running_exam(store, clock())


async def test_home_with_bad_json_in_exam_rows(
    study_dir: Path, tmp_path: Path, clock: FakeClock
) -> None:
    path = tmp_path / DB_NAME
    Store.open(path).close()
    poison(path, "600", "0")
    poison(path, "600", "0")
    conn = sqlite3.connect(path)
    conn.execute("UPDATE exams SET packs = '{' WHERE id = 1")  # in progress
    conn.execute(  # submitted
        "UPDATE exams SET submitted_at = 1795000100, correct = 1, total = 1, result = 'nope'"
        " WHERE id = 2"
    )
    conn.commit()
    conn.close()
    store = Store.open(path)
    app = make_app(study_dir, store, clock)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert any("its pack list cannot be read" in n.message for n in app._notifications)
    assert compute(app.bank, store, clock()).exams_taken == 0  # type: ignore[arg-type]
    assert ExamStore(store).get(2).problem == "its result cannot be read"  # kept, not counted


def test_a_negative_schema_version_is_treated_as_damage(tmp_path: Path) -> None:
    path = tmp_path / DB_NAME
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE mine (x)")
    conn.execute("PRAGMA user_version = -3")
    conn.close()
    store = Store.open(path)
    assert store.recovered is not None and store.notice is not None
    assert "could not be read" in store.notice and "nothing was deleted" in store.notice
    kept = sqlite3.connect(store.recovered)
    assert kept.execute("PRAGMA user_version").fetchone()[0] == -3
    kept.close()
    store.close()
