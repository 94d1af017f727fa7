"""Does the stream pane keep up? CPU share and arrival-to-row delay; `--json` beside a bare loop.

Three parts, each run through the real SDK and a loopback server on generated transcripts of
text deltas (a few pings among them):

- pane: the TUI replays a paced transcript at 50 and at 100 events per second, headless
  (`App.run(headless=True)`) and on a pseudo-terminal (the real driver, output read and parsed
  by this script, so drawing costs what it costs a user). For each it prints the pane's CPU
  share (the process's CPU time over the stream's wall time, from the first event's arrival
  to its last row: the SDK import and start-up left out; the loopback server, which runs in
  the same process, left in) and the delay from each event's arrival below the SDK to its
  row in "What arrived": headless, to the first frame composed with the row; on the
  pseudo-terminal, to the moment the row's text comes out of the terminal.
- json: `ccaf stream --json --speed 0` over 32,000 text deltas, beside a bare SDK loop
  (`client.messages.create(..., stream=True)`, one `json.dumps(event.to_dict())` line per
  event) over the same transcript from `ccaf replay-server --speed 0`: whole-process wall
  time and CPU time (the bare loop's server counted apart), median of several runs.
- sizes: the TUI (headless) and `--json` at full speed over 2,000, 8,000 and 32,000 deltas:
  the time per event should stay flat (no quadratic cost).

ccaf's bytecode is written first, as pip writes it when it installs a wheel.

Run:  python benchmarks/bench_stream.py                 (pane and json; about two minutes)
      python benchmarks/bench_stream.py --parts sizes   (the flatness table)
      add --json for one JSON object on stdout instead of the tables.
"""

from __future__ import annotations

import argparse
import fcntl
import json
import os
import pty
import random
import re
import select
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve()
PYTHON = sys.executable
CCAF = str(Path(PYTHON).with_name("ccaf"))
#: The issue's targets: CPU share at 50 events/s, delay p50 / p99 at 100 events/s, --json ratio.
TARGET_CPU = 0.35
TARGET_P50_MS = 20.0
TARGET_P99_MS = 50.0
TARGET_JSON_RATIO = 1.5
FRAME_MS = 1000 / 60

PROSE = (
    "the stream keeps arriving in small pieces while a client shows each one as it comes and "
    "keeps what it needs for later turns usage counts are replaced never added a tool call "
    "waits for its block to stop before the input is parsed thinking text is shown dimmed "
    "pings carry nothing an error can come after status two hundred so read every event"
)
WORDS = PROSE.split()
ANSI = re.compile(rb"\x1b(?:\[[0-9;?<>=]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[()][0-9A-B])")
#: A row of "What arrived" as drawn: its arrival time (`t`), then the event's type.
ROW = re.compile(rb"(\d+\.\d{3}) +(?:message_|content_block_|ping)")


# -- transcripts ----------------------------------------------------------------------------


def make_transcript(path: Path, deltas: int, spacing: float = 0.0) -> int:
    """Write a valid transcript of `deltas` text deltas, `spacing` seconds apart (0: untimed).

    The text is seeded random prose (no phrase repeats, so no watchdog fires), a paragraph
    every 40 deltas. Returns the number of events."""
    rng = random.Random(11)
    count = 0

    def event(t: float, payload: dict[str, object]) -> str:
        nonlocal count
        count += 1
        timing = f": t={t:.4f}\n" if spacing else ""
        return f"{timing}event: {payload['type']}\ndata: {json.dumps(payload)}\n\n"

    message: dict[str, object] = {
        "id": "msg_bench",
        "type": "message",
        "role": "assistant",
        "model": "claude-haiku-4-5",
        "content": [],
        "stop_reason": None,
        "usage": {"input_tokens": 10, "output_tokens": 1},
    }
    parts = [": title=Benchmark\n: teaches=Speed.\n\n"]
    parts.append(event(0.0, {"type": "message_start", "message": message}))
    block: dict[str, object] = {"type": "text", "text": ""}
    parts.append(event(0.0, {"type": "content_block_start", "index": 0, "content_block": block}))
    for n in range(deltas):
        t = (n + 1) * spacing
        if n % 500 == 499:
            parts.append(event(t, {"type": "ping"}))
        text = f" {rng.choice(WORDS)}" + (".\n\n" if n % 40 == 39 else "")
        delta: dict[str, object] = {"type": "text_delta", "text": text}
        parts.append(event(t, {"type": "content_block_delta", "index": 0, "delta": delta}))
    end = (deltas + 1) * spacing
    parts.append(event(end, {"type": "content_block_stop", "index": 0}))
    usage: dict[str, object] = {"output_tokens": deltas}
    stop: dict[str, object] = {
        "type": "message_delta",
        "delta": {"stop_reason": "end_turn"},
        "usage": usage,
    }
    parts.append(event(end, stop))
    parts.append(event(end, {"type": "message_stop"}))
    path.write_text("".join(parts))
    return count


def percentiles(delays: list[float]) -> dict[str, float]:
    """p50 / p99 / max in milliseconds."""
    ordered = sorted(delays)
    if not ordered:
        return {"p50_ms": float("nan"), "p99_ms": float("nan"), "max_ms": float("nan")}
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return {
        "p50_ms": statistics.median(ordered) * 1000,
        "p99_ms": p99 * 1000,
        "max_ms": ordered[-1] * 1000,
    }


# -- the pane, in a child process -----------------------------------------------------------


def pane_child(
    transcript: Path, events: int, out: Path, headless: bool, size: str, speed: float = 1.0
) -> None:
    """Run `ccaf`'s stream pane on `transcript` and write what it measured to `out`.

    Arrival: each event as it reaches the annotator's `feed`, just below the SDK.
    Shown: the first frame composed with the event's row (`App._display` after the wire
    table's row count reached it). CPU and wall time run from the first arrival to the frame
    with the last row."""
    from ccaf.bank.paths import bundled_bank
    from ccaf.store.db import Store
    from ccaf.stream.annotator import StreamAnnotator
    from ccaf.stream.setup import replay_setup
    from ccaf.tui.app import CcafApp, Start

    annotator: Any = StreamAnnotator
    arrived: list[float] = []
    t_of: list[float] = []
    shown: list[float] = []
    window: dict[str, float] = {}
    feed = annotator.feed

    def timed_feed(self: Any, wire: Any) -> Any:
        now = time.perf_counter()
        if not arrived:
            window["wall0"], window["cpu0"] = now, time.process_time()
        arrived.append(now)
        note = feed(self, wire)
        t_of.append(note.t)
        return note

    annotator.feed = timed_feed
    width, height = (int(n) for n in size.split("x"))
    app = CcafApp(
        [bundled_bank()],
        Store.memory(),
        start=Start(screen="stream", stream=replay_setup(transcript), speed=speed),
    )
    display = app._display
    table: list[Any] = []

    deadline = time.perf_counter() + events / 25 + 60  # never wait forever

    def timed_display(screen: Any, renderable: Any) -> None:
        display(screen, renderable)
        if renderable is None or "wall1" in window:
            return
        if time.perf_counter() > deadline:
            app.call_later(app.exit)
        if not table:
            found = list(app.screen.query("#wire"))
            if not found:
                return
            table.append(found[0])
        rows = table[0].row_count
        if rows > len(shown):
            now = time.perf_counter()
            shown.extend([now] * (rows - len(shown)))
            if len(shown) >= events:
                window["wall1"], window["cpu1"] = now, time.process_time()
                app.call_later(app.exit)

    app._display = timed_display  # type: ignore[method-assign]
    app.run(headless=headless, size=(width, height) if headless else None)
    finished = "wall1" in window
    wall = window.get("wall1", time.perf_counter()) - window.get("wall0", 0.0)
    cpu = window.get("cpu1", time.process_time()) - window.get("cpu0", 0.0)
    out.write_text(
        json.dumps(
            {
                "finished": finished,
                "arrived": arrived,
                "t": t_of,
                "shown": shown,
                "wall_s": wall,
                "cpu_s": cpu,
            }
        )
    )


def run_pane(
    transcript: Path, events: int, mode: str, size: str, speed: float = 1.0
) -> dict[str, Any]:
    """One pane run in a fresh process; `mode` is headless or pty."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "child.json"
        command = [
            PYTHON,
            str(HERE),
            "--child",
            str(transcript),
            str(events),
            str(out),
            mode,
            size,
            str(speed),
        ]
        env = {**os.environ, "TERM": "xterm-256color", "CCAF_DATA_DIR": tmp}
        env.pop("TEXTUAL", None)
        first_seen: dict[bytes, float] = {}
        if mode == "headless":
            subprocess.run(command, env=env, stdout=subprocess.DEVNULL, check=True)
        else:
            first_seen = watch_on_pty(command, env, size)
        child = json.loads(out.read_text())
    arrived, shown = child["arrived"], child["shown"]
    if mode == "headless":
        delays = [s - a for a, s in zip(arrived, shown, strict=False)]
        missed = len(arrived) - len(delays)
    else:
        # A row that scrolled by before any frame drew it (a burst of rows larger than the
        # table) counts as shown when a later row first came out.
        seen_at = [first_seen.get(f"{t:.3f}".encode()) for t in child["t"]]
        missed = seen_at.count(None)
        later = float("inf")
        for n in range(len(seen_at) - 1, -1, -1):
            later = min(later, seen_at[n] or float("inf"))
            seen_at[n] = later
        delays = [s - a for a, s in zip(arrived, seen_at, strict=True) if s != float("inf")]
    return {
        "mode": mode,
        "events": len(arrived),
        "finished": child["finished"],
        "wall_s": child["wall_s"],
        "cpu_s": child["cpu_s"],
        "cpu_share": child["cpu_s"] / child["wall_s"] if child["wall_s"] > 0 else float("nan"),
        "rows_never_seen": missed,
        **percentiles(delays),
    }


def watch_on_pty(command: list[str], env: dict[str, str], size: str) -> dict[bytes, float]:
    """Run `command` on a pseudo-terminal; when each row's `t` first came out of it."""
    width, height = (int(n) for n in size.split("x"))
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", height, width, 0, 0))
    process = subprocess.Popen(
        command, stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True
    )
    os.close(slave)
    first_seen: dict[bytes, float] = {}
    tail = b""
    try:
        while True:
            ready, _, _ = select.select([master], [], [], 0.5)
            if not ready:
                if process.poll() is not None:
                    break
                continue
            try:
                chunk = os.read(master, 1 << 16)
            except OSError:
                break
            if not chunk:
                break
            now = time.perf_counter()
            text = ANSI.sub(b"", tail + chunk)
            for match in ROW.finditer(text):
                first_seen.setdefault(match.group(1), now)
            tail = chunk[-256:]
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
        process.wait()
        os.close(master)
    return first_seen


def pane_part(rates: list[int], seconds: float, modes: list[str], size: str) -> list[Any]:
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for rate in rates:
            path = Path(tmp) / f"paced-{rate}.sse"
            events = make_transcript(path, int(rate * seconds), spacing=1 / rate)
            for mode in modes:
                results.append({"rate": rate, **run_pane(path, events, mode, size)})
    return results


# -- --json beside a bare SDK loop ----------------------------------------------------------

BARE_LOOP = """
import json, sys
import anthropic
client = anthropic.Anthropic(base_url=sys.argv[1], api_key="replay-key-not-secret")
stream = client.messages.create(
    model="claude-haiku-4-5",
    max_tokens=1024,
    messages=[{"role": "user", "content": "Benchmark"}],
    stream=True,
)
out = sys.stdout
for event in stream:
    out.write(json.dumps(event.to_dict()) + "\\n")
"""


#: The environment of the timed commands: Python's default output buffering, whatever the
#: shell running the benchmark has set (PYTHONUNBUFFERED would make every line a write).
QUIET_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}


def timed(command: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds (user + system) of `command`, its output to /dev/null."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, env=QUIET_ENV)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise RuntimeError(f"{command} exited {process.returncode}")
    return wall, usage.ru_utime + usage.ru_stime


def process_cpu(pid: int) -> float:
    """CPU seconds used so far by a running process (Linux)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def json_part(deltas: int, runs: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"bench-{deltas}.sse"
        events = make_transcript(path, deltas)
        ccaf = [CCAF, "stream", "--replay", str(path), "--speed", "0", "--json"]
        server = subprocess.Popen(
            [CCAF, "replay-server", "--scenario", str(path), "--speed", "0", "--loop"],
            stdout=subprocess.PIPE,
            text=True,
            env={**os.environ, "CCAF_DATA_DIR": tmp},
        )
        try:
            assert server.stdout is not None
            url = ""
            while not url:
                line = server.stdout.readline()
                if not line:
                    raise RuntimeError("ccaf replay-server did not start")
                found = re.search(r"http://127\.0\.0\.1:\d+", line)
                url = found.group(0) if found else ""
            bare = [PYTHON, "-c", BARE_LOOP, url]
            timed(ccaf), timed(bare)  # warm the file cache
            ours, theirs, served = [], [], []
            for _ in range(runs):  # interleaved: a burst of load falls on both
                ours.append(timed(ccaf))
                before = process_cpu(server.pid)
                theirs.append(timed(bare))
                served.append(process_cpu(server.pid) - before)
        finally:
            server.terminate()  # SIGINT may be ignored in a background job
            server.wait()
    wall = statistics.median(w for w, _ in ours)
    bare_wall = statistics.median(w for w, _ in theirs)
    return {
        "deltas": deltas,
        "events": events,
        "runs": runs,
        "ccaf_wall_s": wall,
        "ccaf_cpu_s": statistics.median(c for _, c in ours),
        "bare_wall_s": bare_wall,
        "bare_cpu_s": statistics.median(c for _, c in theirs),
        "bare_server_cpu_s": statistics.median(served),
        "ratio": wall / bare_wall,
    }


# -- time per event at three sizes ----------------------------------------------------------


def sizes_part(sizes: list[int]) -> list[dict[str, Any]]:
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        tiny = Path(tmp) / "tiny.sse"
        make_transcript(tiny, 10)
        command = [CCAF, "stream", "--replay", str(tiny), "--speed", "0", "--json"]
        startup = min(timed(command)[0] for _ in range(3))  # the process and the SDK import
        for size in sizes:
            path = Path(tmp) / f"bench-{size}.sse"
            events = make_transcript(path, size)
            pane = run_pane(path, events, "headless", "140x40", speed=0)
            tui = pane["wall_s"]  # from the first event's arrival to the frame with the last row
            command = [CCAF, "stream", "--replay", str(path), "--speed", "0", "--json"]
            js = timed(command)[0] - startup
            rows.append(
                {
                    "deltas": size,
                    "events": events,
                    "tui_s": tui,
                    "tui_us_per_event": tui / events * 1e6,
                    "json_s": js,
                    "json_us_per_event": js / events * 1e6,
                    "json_startup_s": startup,
                }
            )
    return rows


# -- output ---------------------------------------------------------------------------------


def print_pane(results: list[dict[str, Any]]) -> None:
    print("The stream pane, paced replay (CPU share: process CPU / stream wall time)")
    print(
        f"{'events/s':>8}  {'where':<9} {'events':>6} {'CPU':>6} {'target':>7} "
        f"{'p50':>7} {'p99':>7} {'max':>7}  {'p50,p99 target':>14}  unseen"
    )
    for r in results:
        cpu_target = f"≤{TARGET_CPU:.0%}" if r["rate"] == 50 else ""
        lat_target = f"≤{TARGET_P50_MS:.0f},{TARGET_P99_MS:.0f} ms" if r["rate"] == 100 else ""
        flag = "" if r["finished"] else "  (did not finish)"
        print(
            f"{r['rate']:>8}  {r['mode']:<9} {r['events']:>6} {r['cpu_share']:>6.0%} "
            f"{cpu_target:>7} {r['p50_ms']:>5.0f}ms {r['p99_ms']:>5.0f}ms {r['max_ms']:>5.0f}ms"
            f"  {lat_target:>14}  {r['rows_never_seen']:>6}{flag}"
        )
    print(
        f"(delay: an event's arrival below the SDK to its row, headless in the first frame "
        f"composed with it, on the pty when its text came out; a 60 Hz frame is "
        f"{FRAME_MS:.1f} ms; unseen: rows a burst scrolled by before any frame drew them, "
        "counted as shown with the next row that was)"
    )


def print_json(r: dict[str, Any]) -> None:
    print(
        f"\n`ccaf stream --json --speed 0`, {r['deltas']:,} text deltas ({r['events']:,} events), "
        f"median of {r['runs']}"
    )
    print(
        f"  ccaf stream --json   wall {r['ccaf_wall_s']:6.2f} s  cpu {r['ccaf_cpu_s']:6.2f} s"
        "  (its loopback server included)"
    )
    print(
        f"  bare SDK loop        wall {r['bare_wall_s']:6.2f} s  cpu {r['bare_cpu_s']:6.2f} s"
        f"  (+ {r['bare_server_cpu_s']:.2f} s in ccaf replay-server)"
    )
    print(f"  ratio (wall)         {r['ratio']:6.2f}x   target ≤ {TARGET_JSON_RATIO}x")


def print_sizes(rows: list[dict[str, Any]]) -> None:
    print(
        f"\n{'deltas':>8} {'events':>8} {'TUI':>9} {'TUI/event':>10} "
        f"{'--json':>9} {'--json/event':>13}"
    )
    for r in rows:
        print(
            f"{r['deltas']:>8} {r['events']:>8} {r['tui_s']:>8.2f}s "
            f"{r['tui_us_per_event']:>8.0f}µs {r['json_s']:>8.2f}s "
            f"{r['json_us_per_event']:>11.0f}µs"
        )
    if rows:
        print(
            "(times from the first event to the last line; --json start-up, "
            f"{rows[0]['json_startup_s']:.2f}s, left out)"
        )


def compile_ccaf() -> None:
    """Write ccaf's bytecode, as pip does when it installs a wheel: an editable install run
    with PYTHONDONTWRITEBYTECODE would compile every module from source on every start."""
    import compileall

    import ccaf

    compileall.compile_dir(Path(ccaf.__file__).parent, quiet=1)


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        _, _, transcript, events, out, mode, size, speed = sys.argv
        pane_child(Path(transcript), int(events), Path(out), mode == "headless", size, float(speed))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--parts", nargs="+", choices=["pane", "json", "sizes"], default=["pane", "json"]
    )
    parser.add_argument("--rates", type=int, nargs="+", default=[50, 100])
    parser.add_argument("--seconds", type=float, default=10, help="length of each paced replay")
    parser.add_argument(
        "--where", nargs="+", choices=["headless", "pty"], default=["headless", "pty"]
    )
    parser.add_argument("--size", default="100x32", help="the terminal, columns x rows")
    parser.add_argument("--deltas", type=int, default=32000, help="text deltas for the json part")
    parser.add_argument("--runs", type=int, default=3, help="runs of the json part (median)")
    parser.add_argument("--sizes", type=int, nargs="+", default=[2000, 8000, 32000])
    parser.add_argument("--json", action="store_true", help="print one JSON object instead")
    args = parser.parse_args()
    compile_ccaf()
    report: dict[str, Any] = {}
    if "pane" in args.parts:
        report["pane"] = pane_part(args.rates, args.seconds, args.where, args.size)
        if not args.json:
            print_pane(report["pane"])
    if "json" in args.parts:
        report["json"] = json_part(args.deltas, args.runs)
        if not args.json:
            print_json(report["json"])
    if "sizes" in args.parts:
        report["sizes"] = sizes_part(args.sizes)
        if not args.json:
            print_sizes(report["sizes"])
    if args.json:
        print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
