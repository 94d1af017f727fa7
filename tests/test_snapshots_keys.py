"""What undo, the help and the marks beside colour show, at 100x32 and 80x24, pinned."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot

from apps import make_app, settle
from ccaf.store.db import Store
from ccaf.study.drill import DrillFilter
from ccaf.tui.app import Start
from test_snapshots_study import SIZES, keys, wrong_answer_then

from conftest import WritePack
from samples import EXAM_PACK_YAML, FakeClock

Snap = Callable[..., bool]


def right_then_wrong_then_undo(pilot_keys: tuple[str, ...]) -> Callable[..., Awaitable[None]]:
    """Answer the first question right, the second wrong, then press `pilot_keys`."""

    async def run(pilot: Pilot[None]) -> None:
        from ccaf.bank.model import MCQ
        from ccaf.study.drill import LETTERS
        from ccaf.tui.screens.drill import DrillScreen

        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, DrillScreen)
        for offset in (0, 1):
            item = screen.session.current
            assert isinstance(item, MCQ)
            right = screen.session.options(item).index(item.correct_index)
            await pilot.press(LETTERS[(right + offset) % 4].lower())
            if offset == 0:
                await pilot.press("enter")
        await pilot.press(*pilot_keys)
        await pilot.pause()

    return run


@pytest.mark.parametrize("size", SIZES)
def test_drill_undo_back_on_the_question(
    snap_compare: Snap, study_dir: Path, store: Store, clock: FakeClock, size: tuple[int, int]
) -> None:
    app = make_app(study_dir, store, clock, Start("drill", DrillFilter(kinds=("mcq",))))
    run = right_then_wrong_then_undo(("ctrl+z",))
    assert snap_compare(app, terminal_size=size, run_before=run)
    assert len(store.attempts()) == 1 and len(store.due_times()) == 1


@pytest.mark.parametrize("size", SIZES)
def test_flashcard_undo_back_on_the_front(
    snap_compare: Snap, study_dir: Path, store: Store, clock: FakeClock, size: tuple[int, int]
) -> None:
    app = make_app(study_dir, store, clock, Start("cards"))
    run = keys("space", "3", "space", "1", "ctrl+z")
    assert snap_compare(app, terminal_size=size, run_before=run)
    assert len(store.attempts()) == 1 and len(store.due_times()) == 1


@pytest.mark.parametrize("size", SIZES)
def test_help_on_the_drill(
    snap_compare: Snap, study_dir: Path, store: Store, clock: FakeClock, size: tuple[int, int]
) -> None:
    app = make_app(study_dir, store, clock, Start("drill", DrillFilter(kinds=("mcq",))))
    assert snap_compare(app, terminal_size=size, run_before=keys("question_mark"))


@pytest.mark.parametrize("size", SIZES)
def test_help_on_the_exam(
    snap_compare: Snap, study_dir: Path, store: Store, clock: FakeClock, size: tuple[int, int]
) -> None:
    app = make_app(study_dir, store, clock, Start(screen="exam"))
    assert snap_compare(app, terminal_size=size, run_before=keys("enter", "question_mark"))


@pytest.mark.parametrize("size", SIZES)
def test_marks_beside_colour_in_drill_feedback(
    snap_compare: Snap, study_dir: Path, store: Store, clock: FakeClock, size: tuple[int, int]
) -> None:
    app = make_app(study_dir, store, clock, Start("drill", DrillFilter(kinds=("mcq",))))
    assert snap_compare(app, terminal_size=size, run_before=wrong_answer_then("home"))


@pytest.mark.parametrize("size", SIZES)
def test_marks_beside_colour_in_the_drill_filters(
    snap_compare: Snap, study_dir: Path, store: Store, clock: FakeClock, size: tuple[int, int]
) -> None:
    async def run(pilot: Pilot[None]) -> None:
        from textual.widgets import Checkbox

        await settle(pilot)
        await pilot.press("d")
        await pilot.pause()
        pilot.app.screen.query_one("#missed", Checkbox).value = True
        await pilot.pause()

    app = make_app(study_dir, store, clock)
    assert snap_compare(app, terminal_size=size, run_before=run)


@pytest.mark.parametrize("size", SIZES)
def test_selfcheck_long_answer_keeps_its_ratings_in_sight(
    snap_compare: Snap,
    write_pack: WritePack,
    store: Store,
    clock: FakeClock,
    size: tuple[int, int],
) -> None:
    long = " ".join(f"Sentence {n} of a long answer that wraps." for n in range(30))
    pack = write_pack(
        pack_yaml=EXAM_PACK_YAML,
        **{
            "s.yaml": "- id: s-long\n  kind: selfcheck\n  source: s\n  task: '1.1'\n"
            f"  question: What is the long answer?\n  answer: {long}\n"
        },
    )
    app = make_app(pack, store, clock, Start("quiz"))
    assert snap_compare(app, terminal_size=size, run_before=keys("space"))
