"""What the study screens show, at 100x32 and 80x24, with the clock, seed and fuzz pinned."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot

from apps import make_app, settle
from ccaf.bank.model import MCQ
from ccaf.store.db import Store
from ccaf.study.drill import LETTERS, DrillFilter
from ccaf.tui.app import Start
from ccaf.tui.screens.drill import DrillScreen

from samples import FakeClock

SIZES = [pytest.param((100, 32), id="100x32"), pytest.param((80, 24), id="80x24")]
Snap = Callable[..., bool]


def keys(*presses: str) -> Callable[[Pilot[None]], Awaitable[None]]:
    async def run(pilot: Pilot[None]) -> None:
        await settle(pilot)
        if presses:
            await pilot.press(*presses)
            await pilot.pause()

    return run


def wrong_answer_then(*presses: str) -> Callable[[Pilot[None]], Awaitable[None]]:
    async def run(pilot: Pilot[None]) -> None:
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, DrillScreen)
        item = screen.session.current
        assert isinstance(item, MCQ)
        right = screen.session.options(item).index(item.correct_index)
        await pilot.press(LETTERS[(right + 1) % len(item.options)].lower(), *presses)
        await pilot.pause()

    return run


@pytest.mark.parametrize("size", SIZES)
def test_home(
    snap_compare: Snap, study_dir: Path, store: Store, clock: FakeClock, size: tuple[int, int]
) -> None:
    assert snap_compare(make_app(study_dir, store, clock), terminal_size=size, run_before=keys())


@pytest.mark.parametrize("size", SIZES)
def test_drill_setup(
    snap_compare: Snap, study_dir: Path, store: Store, clock: FakeClock, size: tuple[int, int]
) -> None:
    app = make_app(study_dir, store, clock)
    assert snap_compare(app, terminal_size=size, run_before=keys("d"))


@pytest.mark.parametrize("size", SIZES)
def test_drill_question(
    snap_compare: Snap, study_dir: Path, store: Store, clock: FakeClock, size: tuple[int, int]
) -> None:
    app = make_app(study_dir, store, clock, Start("drill", DrillFilter(kinds=("mcq",))))
    assert snap_compare(app, terminal_size=size, run_before=keys())


@pytest.mark.parametrize("size", SIZES)
def test_drill_wrong_with_every_rationale(
    snap_compare: Snap, study_dir: Path, store: Store, clock: FakeClock, size: tuple[int, int]
) -> None:
    app = make_app(study_dir, store, clock, Start("drill", DrillFilter(kinds=("mcq",))))
    assert snap_compare(app, terminal_size=size, run_before=wrong_answer_then("r"))


@pytest.mark.parametrize("size", SIZES)
def test_drill_pattern(
    snap_compare: Snap, study_dir: Path, store: Store, clock: FakeClock, size: tuple[int, int]
) -> None:
    app = make_app(study_dir, store, clock, Start("drill", DrillFilter(kinds=("pattern",))))
    assert snap_compare(app, terminal_size=size, run_before=keys("n"))


@pytest.mark.parametrize("size", SIZES)
def test_drill_summary(
    snap_compare: Snap, study_dir: Path, store: Store, clock: FakeClock, size: tuple[int, int]
) -> None:
    app = make_app(study_dir, store, clock, Start("drill", DrillFilter(kinds=("pattern",))))
    assert snap_compare(app, terminal_size=size, run_before=keys("n", "enter", "y", "enter"))


@pytest.mark.parametrize("size", SIZES)
def test_flashcard_front(
    snap_compare: Snap, study_dir: Path, store: Store, clock: FakeClock, size: tuple[int, int]
) -> None:
    app = make_app(study_dir, store, clock, Start("cards"))
    assert snap_compare(app, terminal_size=size, run_before=keys())


@pytest.mark.parametrize("size", SIZES)
def test_flashcard_revealed(
    snap_compare: Snap, study_dir: Path, store: Store, clock: FakeClock, size: tuple[int, int]
) -> None:
    app = make_app(study_dir, store, clock, Start("cards"))
    assert snap_compare(app, terminal_size=size, run_before=keys("space", "3", "space"))


@pytest.mark.parametrize("size", SIZES)
def test_selfcheck_question(
    snap_compare: Snap, study_dir: Path, store: Store, clock: FakeClock, size: tuple[int, int]
) -> None:
    app = make_app(study_dir, store, clock, Start("quiz"))
    assert snap_compare(app, terminal_size=size, run_before=keys())


@pytest.mark.parametrize("size", SIZES)
def test_stats(
    snap_compare: Snap, study_dir: Path, store: Store, clock: FakeClock, size: tuple[int, int]
) -> None:
    app = make_app(study_dir, store, clock, Start("drill", DrillFilter(kinds=("mcq",))))
    run = wrong_answer_then("enter", "a", "enter", "b", "enter", "escape", "t")
    assert snap_compare(app, terminal_size=size, run_before=run)


@pytest.mark.parametrize("size", SIZES)
def test_drill_choose_two(
    snap_compare: Snap, exam_dir: Path, store: Store, clock: FakeClock, size: tuple[int, int]
) -> None:
    start = Start(screen="drill", drill=DrillFilter(tasks=("4.3",)))
    app = make_app(exam_dir, store, clock, start)
    assert snap_compare(app, terminal_size=size, run_before=keys("a", "c"))


def answered_some(store: Store, clock: FakeClock) -> None:
    from ccaf.store.db import Attempt

    store.record(Attempt("q-null", "drill", clock(), False))
    store.record(Attempt("q-loop", "drill", clock(), True))
    store.record(Attempt("q-two", "drill", clock(), True))


@pytest.mark.parametrize("size", SIZES)
def test_home_readiness(
    snap_compare: Snap, exam_dir: Path, store: Store, clock: FakeClock, size: tuple[int, int]
) -> None:
    answered_some(store, clock)
    assert snap_compare(make_app(exam_dir, store, clock), terminal_size=size, run_before=keys())


@pytest.mark.parametrize("size", SIZES)
def test_stats_readiness(
    snap_compare: Snap, exam_dir: Path, store: Store, clock: FakeClock, size: tuple[int, int]
) -> None:
    answered_some(store, clock)
    app = make_app(exam_dir, store, clock, Start(screen="stats"))
    assert snap_compare(app, terminal_size=size, run_before=keys())
