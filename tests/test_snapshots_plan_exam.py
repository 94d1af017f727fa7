"""What the exam start screen, a resumed exam, deleting an exam, each question's time in the
review, and the plan and counts on Home look like, at 100x32 and 80x24, everything pinned."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from textual.pilot import Pilot

from apps import make_app, past_intro, settle
from ccaf.bank.loader import load_bank
from ccaf.store.db import Attempt, Store
from ccaf.study.exam import ExamSession, plan_exam
from ccaf.study.plan import set_exam_date
from ccaf.study.spacing import Rating, Spacing
from ccaf.tui.app import Start
from test_snapshots_study import SIZES, keys

from samples import FakeClock

Snap = Callable[..., bool]


def submitted_exam(bank_dir: Path, store: Store, clock: FakeClock) -> None:
    """One exam taken and submitted, an hour before the clock's now."""
    bank = load_bank([bank_dir])
    clock.advance(-3600)
    session = ExamSession.start(store, bank, plan_exam(bank, 3), clock, clock)
    session.open()
    clock.advance(200)
    session.choose(0)
    session.submit(Spacing(store, fuzz=False))
    clock.advance(3400)


@pytest.mark.parametrize("size", SIZES)
def test_exam_start(
    snap_compare: Snap, study_dir: Path, store: Store, clock: FakeClock, size: tuple[int, int]
) -> None:
    submitted_exam(study_dir, store, clock)
    app = make_app(study_dir, store, clock)
    assert snap_compare(app, terminal_size=size, run_before=keys("e"))


@pytest.mark.parametrize("size", SIZES)
def test_exam_delete_asks_first(
    snap_compare: Snap, study_dir: Path, store: Store, clock: FakeClock, size: tuple[int, int]
) -> None:
    submitted_exam(study_dir, store, clock)
    app = make_app(study_dir, store, clock)
    assert snap_compare(app, terminal_size=size, run_before=keys("e", "x"))


@pytest.mark.parametrize("size", SIZES)
def test_exam_resumed_on_its_question(
    snap_compare: Snap, study_dir: Path, store: Store, clock: FakeClock, size: tuple[int, int]
) -> None:
    bank = load_bank([study_dir])
    session = ExamSession.start(store, bank, plan_exam(bank, 7), clock, clock)
    session.open()
    session.choose(1)
    session.goto(2)
    session.toggle_flag()
    clock.advance(40)
    session.pause()
    app = make_app(study_dir, store, clock, Start(screen="exam", resume=True))

    async def run(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await past_intro(pilot)
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=run)


@pytest.mark.parametrize("size", SIZES)
def test_exam_review_with_the_time_on_each_question(
    snap_compare: Snap, study_dir: Path, store: Store, clock: FakeClock, size: tuple[int, int]
) -> None:
    app = make_app(study_dir, store, clock, Start(screen="exam"))

    async def run(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await past_intro(pilot)
        clock.advance(95)
        await pilot.press("b", "s", "y")
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=run)


@pytest.mark.parametrize("size", SIZES)
def test_home_with_a_plan_and_counts(
    snap_compare: Snap, study_dir: Path, store: Store, clock: FakeClock, size: tuple[int, int]
) -> None:
    spacing = Spacing(store, fuzz=False)
    for item_id, rating, ago in [
        ("c1", Rating.GOOD, 40 * 86_400),  # a review, due long since
        ("c2", Rating.AGAIN, 600),  # in its learning steps, due now
        ("s1", Rating.EASY, 40 * 86_400),  # a self-check review, due
    ]:
        then = clock() - ago
        store.record(
            Attempt(item_id, "cards", then, True, int(rating)),
            spacing.review(item_id, rating, then),
        )
    set_exam_date(store, date(2026, 12, 9))
    app = make_app(study_dir, store, clock)
    assert snap_compare(app, terminal_size=size, run_before=keys())
