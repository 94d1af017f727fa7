"""How fast the browser is on the bundled bank: building it, a search, and a keystroke on screen.

Times, best of several runs, with a store holding an answer to every item:

- build: `Browser(bank, store)` (every item's history, marks and searchable text);
- search: `Browser.search` for a few typical lines (words, fields, both);
- keystrokes on the Textual screen (headless, 100x32), from the key to the list redrawn:
  one that changes nothing shown (the harness's own round trip), a character of a word
  typed, and the worst case: every item coming back into the list at once.

Run: python benchmarks/bench_browse.py [--runs R]
"""

from __future__ import annotations

import argparse
import asyncio
import time
from collections.abc import Callable

from ccaf.bank.loader import load_bank
from ccaf.bank.paths import bank_paths
from ccaf.store.db import Attempt, Store
from ccaf.study.browse import Browser

SEARCHES = ["", "stop_reason", "kind:mcq tag:agentic-loop", "is:missed domain:1 tool"]


def best(runs: int, work: Callable[[], object]) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


async def keystroke_times(store: Store, runs: int) -> tuple[float, float, float]:
    """Median times of: a key that changes nothing shown; a character of a word typed into
    the search (from every item down to a few); the last character deleted from a search that
    matched nothing, which brings every item back (the worst case)."""
    from ccaf.tui.app import CcafApp, Start
    from ccaf.tui.screens.browse import BrowseScreen

    app = CcafApp(bank_paths(None), store, start=Start(screen="browse"))
    idle: list[float] = []
    typing: list[float] = []
    worst: list[float] = []

    async def press(key: str, into: list[float]) -> None:
        start = time.perf_counter()
        await pilot.press(key)
        await pilot.pause()
        into.append(time.perf_counter() - start)

    async with app.run_test(size=(100, 32)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, BrowseScreen)
        await pilot.press("slash")
        for _ in range(runs):
            for key in "tool_use":
                await press(key, typing)
            await press("left", idle)  # the cursor moves; the search is the same
            await press("end", idle)
            for _ in "tool_use":
                await pilot.press("backspace")
            await pilot.press("x")  # nothing matches
            await pilot.pause()
            await press("backspace", worst)
            assert len(screen.shown) == len(screen.browser.entries)  # type: ignore[union-attr]
    return median(idle), median(typing), median(worst)


def median(values: list[float]) -> float:
    return sorted(values)[len(values) // 2]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    bank = load_bank(bank_paths(None))
    store = Store.memory()
    for n, item_id in enumerate(bank.items):
        store.record(Attempt(item_id, "drill", 1_795_000_000.0 + n, n % 3 != 0))
    print(f"{len(bank.items)} items")
    print(f"build      {best(args.runs, lambda: Browser(bank, store)) * 1000:7.1f} ms")
    browser = Browser(bank, store)
    for line in SEARCHES:
        took = best(args.runs, lambda line=line: browser.search(line))  # type: ignore[misc]
        print(f"search     {took * 1000:7.2f} ms  {len(browser.search(line)):>4} shown  {line!r}")
    idle, typing, worst = asyncio.run(keystroke_times(store, args.runs))
    print(f"key, nothing changes   {idle * 1000:7.1f} ms  (the test harness's own round trip)")
    print(f"key, typing a word     {typing * 1000:7.1f} ms")
    print(f"key, every item back   {worst * 1000:7.1f} ms")


if __name__ == "__main__":
    main()
