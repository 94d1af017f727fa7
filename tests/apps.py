"""Building the app for Pilot and snapshot tests: pinned clocks, seed and FSRS fuzz."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

from rich.text import Text
from textual.pilot import Pilot
from textual.widgets import DataTable

from ccaf.store.db import Store
from ccaf.tui.app import CcafApp, Start

from samples import FakeClock

SEED = 7


def make_app(
    bank: Path, store: Store, clock: FakeClock, start: Start | None = None, seed: int = SEED
) -> CcafApp:
    return CcafApp([bank], store, start=start, seed=seed, clock=clock, fuzz=False, timer=clock)


def row_texts(table: DataTable[object]) -> list[list[str]]:
    """Every cell of a table as plain text."""
    return [
        [cell.plain if isinstance(cell, Text) else str(cell) for cell in table.get_row_at(row)]
        for row in range(table.row_count)
    ]


async def settle(pilot: Pilot[None]) -> None:
    """Wait for the bank to load and the screens it opens to draw."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause()


async def past_intro(pilot: Pilot[None]) -> None:
    """Close the scenario introduction an exam opens with, if one is showing."""
    from ccaf.tui.screens.exam import ScenarioModal

    if isinstance(pilot.app.screen, ScenarioModal):
        await pilot.press("enter")
        await pilot.pause()


async def settle_exam(pilot: Pilot[None]) -> None:
    """Settle, then read past the first scenario's introduction."""
    await settle(pilot)
    await past_intro(pilot)


def answer_exam(plan: dict[str, bool]) -> Callable[[Pilot[None]], Awaitable[None]]:
    """Answer each question named in `plan` right (True) or wrong (False), then submit."""

    async def run(pilot: Pilot[None]) -> None:
        from ccaf.tui.screens.exam import ExamScreen

        await settle(pilot)
        for _ in range(4):
            await past_intro(pilot)
            screen = pilot.app.screen
            assert isinstance(screen, ExamScreen)
            item = screen.session.current
            assert item is not None
            if item.id in plan:
                order = screen.session.order(screen.session.position)
                keys = sorted(order.index(w) for w in item.correct_indexes)
                if not plan[item.id]:
                    keys[0] = next(i for i in range(len(order)) if i not in keys)
                await pilot.press(*("abcde"[k] for k in keys))
            await pilot.press("n")
        await pilot.press("s", "y")
        await pilot.pause()

    return run
