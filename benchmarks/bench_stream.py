"""Does the stream pane keep up? Time per event at three sizes, and arrival-to-screen delay.

Generates transcripts of 2,000, 8,000 and 32,000 text deltas (with a few pings) and replays
each at full speed (`--speed 0`) through the real SDK and the loopback server:

- through the TUI, headless (`App.run_test`): start to the last row in "What arrived";
- through `ccaf stream --json` (a subprocess, output to /dev/null).

It prints the time per event for each size: flat means no quadratic cost. Then it replays a
transcript at 100 events per second through the TUI and prints the delay from each event's
arrival below the SDK to its line in the table (p50 / p99).

Run: python benchmarks/bench_stream.py [--sizes 2000 8000 32000]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from textual.widgets import DataTable
from textual.widgets.data_table import RowKey

from ccaf.store.db import Store
from ccaf.stream.setup import replay_setup
from ccaf.tui.app import CcafApp, Start
from ccaf.tui.screens.stream import StreamScreen

WORDS = [
    "the",
    "stream",
    "keeps",
    "arriving",
    "in",
    "small",
    "pieces",
    "while",
    "the",
    "client",
    "shows",
    "each",
    "one",
]


def make_transcript(path: Path, deltas: int, spacing: float = 0.0) -> None:
    """A valid transcript of `deltas` text deltas, `spacing` seconds apart (0: untimed)."""

    def event(t: float, payload: dict[str, object]) -> str:
        timing = f": t={t:.4f}\n" if spacing else ""
        return f"{timing}event: {payload['type']}\ndata: {json.dumps(payload)}\n\n"

    parts = [": title=Benchmark\n: teaches=Speed.\n\n"]
    parts.append(
        event(
            0.0,
            {
                "type": "message_start",
                "message": {
                    "id": "msg_bench",
                    "type": "message",
                    "role": "assistant",
                    "model": "claude-haiku-4-5",
                    "content": [],
                    "stop_reason": None,
                    "usage": {"input_tokens": 10, "output_tokens": 1},
                },
            },
        )
    )
    parts.append(
        event(
            0.0,
            {
                "type": "content_block_start",
                "index": 0,
                "content_block": {"type": "text", "text": ""},
            },
        )
    )
    for n in range(deltas):
        t = (n + 1) * spacing
        if n % 500 == 499:
            parts.append(event(t, {"type": "ping"}))
        word = WORDS[n % len(WORDS)]
        text = f" {word}" + (".\n\n" if n % 40 == 39 else "")
        parts.append(
            event(
                t,
                {
                    "type": "content_block_delta",
                    "index": 0,
                    "delta": {"type": "text_delta", "text": text},
                },
            )
        )
    end = (deltas + 1) * spacing
    parts.append(event(end, {"type": "content_block_stop", "index": 0}))
    parts.append(
        event(
            end,
            {
                "type": "message_delta",
                "delta": {"stop_reason": "end_turn"},
                "usage": {"output_tokens": deltas},
            },
        )
    )
    parts.append(event(end, {"type": "message_stop"}))
    path.write_text("".join(parts))


async def through_tui(path: Path, speed: float) -> tuple[float, int, list[float]]:
    """Seconds to the last row, the event count, and each event's arrival-to-row delay."""
    from ccaf.bank.paths import bundled_bank

    app = CcafApp(
        [bundled_bank()],
        Store.memory(),
        start=Start(screen="stream", stream=replay_setup(path), speed=speed),
    )
    arrived: list[float] = []
    delays: list[float] = []
    start = time.perf_counter()
    async with app.run_test(size=(140, 40)) as pilot:
        screen: StreamScreen | None = None
        while screen is None:
            await pilot.pause(0.01)
            if isinstance(app.screen, StreamScreen) and app.screen.run_ is not None:
                screen = app.screen
        table = screen.query_one("#wire", DataTable)
        add_rows = table.add_rows

        # Notes that arrived before these hooks went in are not timed.
        untimed = len(screen.wire.notes) + len(screen.wire.pending)
        added = 0

        def timed_add_rows(rows: list[tuple[object, ...]]) -> list[RowKey]:
            nonlocal added
            keys = add_rows(rows)
            now = time.perf_counter()
            for row in range(added, added + len(rows)):
                if 0 <= row - untimed < len(arrived):
                    delays.append(now - arrived[row - untimed])
            added += len(rows)
            return keys

        def arrive(note: object) -> None:
            arrived.append(time.perf_counter())
            screen.wire.pending.append(note)  # type: ignore[arg-type]

        table.add_rows = timed_add_rows  # type: ignore[method-assign,assignment]
        assert screen.run_ is not None
        screen.run_.on_note = arrive
        while screen.run_.running or screen.wire.pending:
            await asyncio.sleep(0.05)  # only wait: a Pilot pause would force extra redraws
        done = time.perf_counter()
        events = screen.run_.annotator.events
    # From the first event's arrival to the last row: start-up (the SDK import) left out.
    steady = done - arrived[0] if arrived else done - start
    return steady, events, delays


def through_json(path: Path) -> float:
    """Seconds for the whole `ccaf stream --json` process."""
    ccaf = str(Path(sys.executable).with_name("ccaf"))
    start = time.perf_counter()
    subprocess.run(
        [ccaf, "stream", "--replay", str(path), "--speed", "0", "--json"],
        stdout=subprocess.DEVNULL,
        check=True,
    )
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[2000, 8000, 32000])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tiny = Path(tmp) / "tiny.sse"
        make_transcript(tiny, 10)
        startup = min(through_json(tiny) for _ in range(3))  # the process and the SDK import
        print(
            f"{'deltas':>8} {'events':>8} {'TUI':>9} {'TUI/event':>10} "
            f"{'--json':>9} {'--json/event':>13}"
        )
        for size in args.sizes:
            path = Path(tmp) / f"bench-{size}.sse"
            make_transcript(path, size)
            tui, events, _ = asyncio.run(through_tui(path, speed=0))
            js = through_json(path) - startup
            print(
                f"{size:>8} {events:>8} {tui:>8.2f}s {tui / events * 1e6:>8.0f}µs "
                f"{js:>8.2f}s {js / events * 1e6:>11.0f}µs"
            )
        print(
            f"(times from the first event to the last line; --json start-up, {startup:.2f}s, "
            "left out)"
        )
        paced = Path(tmp) / "paced.sse"
        make_transcript(paced, 1000, spacing=0.01)
        _, events, delays = asyncio.run(through_tui(paced, speed=1))
        delays.sort()
        p50 = statistics.median(delays) * 1000
        p99 = delays[min(len(delays) - 1, int(len(delays) * 0.99))] * 1000
        print(
            f"\nat 100 events/s ({events} events): arrival to its line in the table "
            f"p50 {p50:.0f} ms, p99 {p99:.0f} ms"
        )


if __name__ == "__main__":
    main()
