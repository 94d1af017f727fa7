"""Exam time comes from a monotonic clock: a wall clock moved back gives and takes nothing."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Static

from apps import SEED, settle_exam
from ccaf.bank.model import Bank
from ccaf.store.db import Store
from ccaf.store.exams import ExamStore
from ccaf.study.exam import ExamSession, plan_exam
from ccaf.tui.app import CcafApp, Start
from ccaf.tui.screens.exam import ExamScreen

from samples import FakeClock

HOUR = 3600.0


def test_a_wall_clock_moved_back_neither_gives_nor_takes_time(
    study_bank: Bank, store: Store, clock: FakeClock
) -> None:
    timer = FakeClock(start=100.0)
    plan = plan_exam(study_bank, seed=1)
    session = ExamSession.start(store, study_bank, plan, clock, timer)
    session.open()
    timer.advance(60)
    clock.advance(-HOUR)  # the wall clock set back an hour
    assert session.time_used == 60
    session.choose(0)
    assert ExamStore(store).get(session.id).time_used == 60
    session.pause()
    clock.advance(-HOUR)
    resumed = ExamSession.resume(store, study_bank, clock, timer)
    assert resumed is not None and resumed.time_used == 60
    resumed.open()
    timer.advance(plan.time_limit * 2)
    assert resumed.time_used == plan.time_limit and resumed.expired
    resumed.pause()
    assert ExamStore(store).get(session.id).time_used == plan.time_limit


async def test_the_countdown_ignores_the_wall_clock(
    study_dir: Path, store: Store, clock: FakeClock
) -> None:
    timer = FakeClock(start=100.0)
    start = Start(screen="exam")
    app = CcafApp([study_dir], store, start=start, seed=SEED, clock=clock, fuzz=False, timer=timer)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle_exam(pilot)
        screen = app.screen
        assert isinstance(screen, ExamScreen)
        timer.advance(30)
        clock.advance(-HOUR)
        await screen.tick()
        assert "7:30 left" in str(screen.query_one("#countdown", Static).render())
        await pilot.press("escape")
        [record] = [ExamStore(store).get(screen.session.id)]
        assert record.time_used == 30
