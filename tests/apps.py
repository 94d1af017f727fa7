"""Building the app for Pilot and snapshot tests: pinned clocks, seed and FSRS fuzz."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot

from ccaf.store.db import Store
from ccaf.tui.app import CcafApp, Start

from samples import FakeClock

SEED = 7


def make_app(
    bank: Path, store: Store, clock: FakeClock, start: Start | None = None, seed: int = SEED
) -> CcafApp:
    return CcafApp([bank], store, start=start, seed=seed, clock=clock, fuzz=False, timer=clock)


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
