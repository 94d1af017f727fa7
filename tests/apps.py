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
