"""What the mock exam shows, at 100x32 and 80x24, with the clock and seed pinned."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from apps import answer_exam, make_app
from ccaf.store.db import Store
from ccaf.tui.app import Start
from test_snapshots_study import SIZES, keys

from samples import FakeClock

Snap = Callable[..., bool]


@pytest.mark.parametrize("size", SIZES)
def test_exam_question(
    snap_compare: Snap, study_dir: Path, store: Store, clock: FakeClock, size: tuple[int, int]
) -> None:
    app = make_app(study_dir, store, clock, Start(screen="exam"))
    assert snap_compare(app, terminal_size=size, run_before=keys("enter"))


@pytest.mark.parametrize("size", SIZES)
def test_exam_navigator_answered_and_flagged(
    snap_compare: Snap, study_dir: Path, store: Store, clock: FakeClock, size: tuple[int, int]
) -> None:
    app = make_app(study_dir, store, clock, Start(screen="exam"))
    assert snap_compare(app, terminal_size=size, run_before=keys("enter", "b", "f", "n", "d", "n"))


@pytest.mark.parametrize("size", SIZES)
def test_exam_confirm_submit(
    snap_compare: Snap, study_dir: Path, store: Store, clock: FakeClock, size: tuple[int, int]
) -> None:
    app = make_app(study_dir, store, clock, Start(screen="exam"))
    assert snap_compare(app, terminal_size=size, run_before=keys("enter", "b", "f", "n", "a", "s"))


@pytest.mark.parametrize("size", SIZES)
def test_exam_result(
    snap_compare: Snap, study_dir: Path, store: Store, clock: FakeClock, size: tuple[int, int]
) -> None:
    app = make_app(study_dir, store, clock, Start(screen="exam"))
    run = keys("enter", "b", "n", "a", "n", "c", "n", "d", "s", "y")
    assert snap_compare(app, terminal_size=size, run_before=run)


@pytest.mark.parametrize("size", SIZES)
def test_exam_review(
    snap_compare: Snap, study_dir: Path, store: Store, clock: FakeClock, size: tuple[int, int]
) -> None:
    app = make_app(study_dir, store, clock, Start(screen="exam"))
    run = keys("enter", "b", "n", "a", "s", "y", "r")
    assert snap_compare(app, terminal_size=size, run_before=run)


@pytest.mark.parametrize("size", SIZES)
def test_exam_scenario_introduction(
    snap_compare: Snap, exam_dir: Path, store: Store, clock: FakeClock, size: tuple[int, int]
) -> None:
    app = make_app(exam_dir, store, clock, Start(screen="exam"))
    assert snap_compare(app, terminal_size=size, run_before=keys())


@pytest.mark.parametrize("size", SIZES)
def test_exam_choose_two(
    snap_compare: Snap, exam_dir: Path, store: Store, clock: FakeClock, size: tuple[int, int]
) -> None:
    # Seed 7 puts the choose-2 question first; one of its two options is chosen.
    app = make_app(exam_dir, store, clock, Start(screen="exam"))
    assert snap_compare(app, terminal_size=size, run_before=keys("enter", "a"))


@pytest.mark.parametrize("size", SIZES)
def test_exam_result_by_domain_and_task(
    snap_compare: Snap, exam_dir: Path, store: Store, clock: FakeClock, size: tuple[int, int]
) -> None:
    app = make_app(exam_dir, store, clock, Start(screen="exam"))
    # A mixed score: two right (one of them the choose-2 question), one wrong, one unanswered.
    run = answer_exam({"q-two": True, "q-null": False, "q-loop": True})
    assert snap_compare(app, terminal_size=size, run_before=run)
