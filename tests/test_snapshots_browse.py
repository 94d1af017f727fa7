"""What the browser and an item's own screen show, at 100x32 and 80x24, with the clock pinned."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot

from apps import make_app, settle
from ccaf.store.db import Attempt, Store
from ccaf.store.marks import MarkStore
from ccaf.tui.app import Start

from samples import FakeClock

SIZES = [pytest.param((100, 32), id="100x32"), pytest.param((80, 24), id="80x24")]
Snap = Callable[..., bool]


def history(store: Store, clock: FakeClock) -> None:
    store.record(Attempt("q1", "drill", clock() - 3600, False, 1, "2", 12000, None))
    store.record(Attempt("q1", "drill", clock() - 60, True, 3, "0", 8000, None))
    store.record(Attempt("q3", "drill", clock() - 60, False, 1, "1", 5000, None))
    MarkStore(store).set_flagged("q3", True, clock())
    MarkStore(store).set_suspended("p2", True, clock())


def keys(*presses: str) -> Callable[[Pilot[None]], Awaitable[None]]:
    async def run(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press(*presses)
        await pilot.pause()
        await pilot.pause()

    return run


@pytest.mark.parametrize("size", SIZES)
def test_browse_with_a_filter(
    snap_compare: Snap, study_dir: Path, store: Store, clock: FakeClock, size: tuple[int, int]
) -> None:
    history(store, clock)
    app = make_app(study_dir, store, clock, Start(screen="browse"))
    # Search for the alpha tag, back to the list, down to q3 (flagged, missed).
    run = keys("slash", *"tag:alpha", "enter", "down")
    assert snap_compare(app, terminal_size=size, run_before=run)


@pytest.mark.parametrize("size", SIZES)
def test_browse_suspend(
    snap_compare: Snap, study_dir: Path, store: Store, clock: FakeClock, size: tuple[int, int]
) -> None:
    history(store, clock)
    app = make_app(study_dir, store, clock, Start(screen="browse", query="kind:mcq"))
    assert snap_compare(app, terminal_size=size, run_before=keys("down", "s"))


@pytest.mark.parametrize("size", SIZES)
def test_item_read_whole(
    snap_compare: Snap, study_dir: Path, store: Store, clock: FakeClock, size: tuple[int, int]
) -> None:
    history(store, clock)
    app = make_app(study_dir, store, clock, Start(screen="browse", query="question 1"))
    assert snap_compare(app, terminal_size=size, run_before=keys("enter", "f"))


@pytest.mark.parametrize("size", SIZES)
def test_item_history_scrolled_into_view(
    snap_compare: Snap, study_dir: Path, store: Store, clock: FakeClock, size: tuple[int, int]
) -> None:
    history(store, clock)
    app = make_app(study_dir, store, clock, Start(screen="browse", query="question 1"))
    assert snap_compare(app, terminal_size=size, run_before=keys("enter", "end"))


@pytest.mark.parametrize("size", SIZES)
def test_stats_with_its_drill_key(
    snap_compare: Snap, study_dir: Path, store: Store, clock: FakeClock, size: tuple[int, int]
) -> None:
    history(store, clock)
    app = make_app(study_dir, store, clock, Start(screen="stats"))
    assert snap_compare(app, terminal_size=size, run_before=keys("end"))


@pytest.mark.parametrize("size", SIZES)
def test_drill_these_after_a_suspension(
    snap_compare: Snap, study_dir: Path, store: Store, clock: FakeClock, size: tuple[int, int]
) -> None:
    app = make_app(study_dir, store, clock, Start(screen="browse", query="kind:mcq"))
    # q1 suspended, then the four questions shown drilled: three are asked ("of 3").
    assert snap_compare(app, terminal_size=size, run_before=keys("s", "d"))
