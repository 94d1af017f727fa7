"""How fast `ccaf` shows its first screen, beside the cost of Textual itself.

Each figure is the median of several runs, from process start to the moment the text appears on
a pseudo-terminal (100x32):

- import textual: `python -c "import textual.app"` to exit;
- empty Textual app: a one-widget Textual app to its first frame;
- ccaf, first frame: `ccaf` to Home's menu on screen (the bank is read just after it);
- ccaf, bank shown: `ccaf` to Home's pack table filled in from the bundled bank.

It prints each median and the ratio of `ccaf`'s first frame to the empty app's (the target is
1.25x at most). Beside the wall times, the processor time each process has used when its first
frame is drawn (interpreter start-up included): on a shared, loaded machine the wall times
carry the waits for a core, the processor times much less. The runs of the two are
interleaved, so a burst of load on a shared machine falls on both. ccaf's bytecode is written
first, as pip writes it when it installs a wheel.

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


#: Run before the program in the child: at its first frame, the processor time it has used is
#: written to the file named by its first argument, and the app exits. A frame composed while
#: Textual batches updates (as it does while the app mounts) is not written to the terminal:
#: the first frame is the first one composed outside a batch.
FIRST_FRAME_CPU = """
import sys, time
from textual.app import App
out = sys.argv.pop(1)
display = App._display
def first_frame(self, screen, update):
    written = update is not None and not self._batch_count
    display(self, screen, update)
    if written and not getattr(self, "_first_frame_seen", False):
        self._first_frame_seen = True
        with open(out, "w") as file:
            file.write(repr(time.process_time()))
        self.exit()
App._display = first_frame
"""
CCAF_MAIN = "from ccaf.cli import main\nsys.exit(main([]))\n"


def cpu_to_first_frame(program: str, env: dict[str, str], timeout: float = 30) -> float:
    """Processor seconds a Python `program` has used at its first frame, on a 100x32 pty."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "cpu"
        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 32, 100, 0, 0))
        command = [sys.executable, "-c", FIRST_FRAME_CPU + program, str(out)]
        process = subprocess.Popen(
            command, stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True
        )
        os.close(slave)
        start = time.perf_counter()
        try:
            while not out.exists() and time.perf_counter() - start < timeout:
                try:
                    os.read(master, 65536)  # the terminal's output, read and dropped
                except OSError:
                    break
            time.sleep(0.05)  # the file written whole
            if not out.exists():
                raise RuntimeError("no first frame")
            return float(out.read_text())
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
            "empty Textual app, CPU at first frame": lambda: cpu_to_first_frame(EMPTY_APP, env),
            "ccaf, CPU at first frame (Home)": lambda: cpu_to_first_frame(CCAF_MAIN, env),
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
    cpu_ratio = (
        results["ccaf, CPU at first frame (Home)"]
        / results["empty Textual app, CPU at first frame"]
    )
    if args.json:
        report = {
            "runs": args.runs,
            "median_ms": {name: seconds * 1000 for name, seconds in results.items()},
            "all_ms": {name: [s * 1000 for s in seconds] for name, seconds in times.items()},
            "first_frame_ratio": first / empty,
            "first_frame_cpu_ratio": cpu_ratio,
            "target_ratio": TARGET_RATIO,
        }
        print(json.dumps(report, indent=2))
        return
    print(f"median of {args.runs} runs, 100x32 pseudo-terminal")
    for name, seconds in results.items():
        print(f"{name:38} {seconds * 1000:7.0f} ms")
    print(f"{'ccaf first frame - empty app':38} {(first - empty) * 1000:7.0f} ms")
    print(f"{'ccaf first frame / empty app':38} {first / empty:7.2f}x   target ≤ {TARGET_RATIO}x")
    print(f"{'the same in processor time':38} {cpu_ratio:7.2f}x")


if __name__ == "__main__":
    main()
