"""How fast `ccaf` shows its first screen, beside the cost of Textual itself.

Each figure is the median of several runs, from process start to the moment the text appears on
a pseudo-terminal (100x32):

- import textual: `python -c "import textual.app"` to exit;
- empty Textual app: a one-widget Textual app to its first frame;
- ccaf, first frame: `ccaf` to Home's menu on screen (the bank still loading behind it);
- ccaf, bank shown: `ccaf` to Home's pack table filled in from the bundled bank.

It prints each median and the ratio of `ccaf`'s first frame to the empty app's (the target is
1.25x at most). The runs of the two are interleaved, so a burst of load on a shared machine
falls on both. ccaf's bytecode is written first, as pip writes it when it installs a wheel.

Run: python benchmarks/bench_startup.py [--runs N] [--json]
"""

from __future__ import annotations

import argparse
import fcntl
import json
import os
import pty
import re
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from collections.abc import Callable
from pathlib import Path

ANSI = re.compile(rb"\x1b\[[0-9;?<>=]*[ -/]*[@-~]")
EMPTY_APP = (
    "from textual.app import App\n"
    "from textual.widgets import Static\n"
    "class Empty(App):\n"
    "    def compose(self):\n"
    "        yield Static('first-frame')\n"
    "Empty().run()\n"
)


def time_to_text(
    command: list[str], marker: bytes, env: dict[str, str], timeout: float = 30
) -> float:
    """Seconds from spawning `command` on a pty until `marker` is drawn."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 32, 100, 0, 0))
    start = time.perf_counter()
    process = subprocess.Popen(
        command, stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True
    )
    os.close(slave)
    seen = b""
    try:
        while time.perf_counter() - start < timeout:
            try:
                chunk = os.read(master, 65536)
            except OSError:
                break
            seen += chunk
            if marker in ANSI.sub(b"", seen):
                return time.perf_counter() - start
        raise RuntimeError(f"{marker!r} never appeared for {command}")
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait()
        os.close(master)


def time_to_exit(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True)
    return time.perf_counter() - start


TARGET_RATIO = 1.25


def compile_ccaf() -> None:
    """Write ccaf's bytecode, as pip does when it installs a wheel: an editable install run
    with PYTHONDONTWRITEBYTECODE would compile every module from source on every start."""
    import compileall

    import ccaf

    compileall.compile_dir(Path(ccaf.__file__).parent, quiet=1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--json", action="store_true", help="print one JSON object instead")
    args = parser.parse_args()
    compile_ccaf()
    python = sys.executable
    ccaf = str(Path(python).with_name("ccaf"))
    with tempfile.TemporaryDirectory() as data:
        env = {**os.environ, "TERM": "xterm-256color", "CCAF_DATA_DIR": data}
        env.pop("CCAF_BANK", None)
        subprocess.run([ccaf, "stats", "--json"], env=env, capture_output=True, check=True)
        rows: dict[str, Callable[[], float]] = {
            "import textual": lambda: time_to_exit([python, "-c", "import textual.app"]),
            "empty Textual app, first frame": lambda: time_to_text(
                [python, "-c", EMPTY_APP], b"first-frame", env
            ),
            "ccaf, first frame (Home)": lambda: time_to_text([ccaf], b"Self-check", env),
            "ccaf, bank shown on Home": lambda: time_to_text([ccaf], b"Streaming", env),
        }
        for measure in rows.values():
            measure()  # warm the file cache
        times: dict[str, list[float]] = {name: [] for name in rows}
        for _ in range(args.runs):
            for name, measure in rows.items():
                times[name].append(measure())
    results = {name: statistics.median(seconds) for name, seconds in times.items()}
    empty = results["empty Textual app, first frame"]
    first = results["ccaf, first frame (Home)"]
    if args.json:
        report = {
            "runs": args.runs,
            "median_ms": {name: seconds * 1000 for name, seconds in results.items()},
            "all_ms": {name: [s * 1000 for s in seconds] for name, seconds in times.items()},
            "first_frame_ratio": first / empty,
            "target_ratio": TARGET_RATIO,
        }
        print(json.dumps(report, indent=2))
        return
    print(f"median of {args.runs} runs, 100x32 pseudo-terminal")
    for name, seconds in results.items():
        print(f"{name:34} {seconds * 1000:7.0f} ms")
    print(f"{'ccaf first frame - empty app':34} {(first - empty) * 1000:7.0f} ms")
    print(f"{'ccaf first frame / empty app':34} {first / empty:7.2f}x   target ≤ {TARGET_RATIO}x")


if __name__ == "__main__":
    main()
