"""Run the real `ccaf` command in a pseudo-terminal, type into it, and read what it draws."""

from __future__ import annotations

import fcntl
import os
import pty
import re
import signal
import struct
import subprocess
import sys
import termios
import threading
import time
from pathlib import Path

CCAF = Path(sys.executable).with_name("ccaf")
ANSI = re.compile(r"\x1b\[[0-9;?<>=]*[ -/]*[@-~]|\x1b[()][A-Z0-9]|\x1b[=>]")


class Terminal:
    """A `ccaf` process on a pty of the given size; `output` is everything it has drawn."""

    def __init__(
        self, *args: str, size: tuple[int, int] = (100, 32), env: dict[str, str] | None = None
    ) -> None:
        master, slave = pty.openpty()
        columns, rows = size
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
        base = {k: v for k, v in os.environ.items() if k not in ("CCAF_BANK", "CCAF_DATA_DIR")}
        size_env = {"TERM": "xterm-256color", "COLUMNS": str(columns), "LINES": str(rows)}
        full_env = {**base, **size_env, **(env or {})}
        self.process = subprocess.Popen(
            [str(CCAF), *args],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=full_env,
            start_new_session=True,
            close_fds=True,
        )
        os.close(slave)
        self.master = master
        self._chunks: list[bytes] = []
        self._lock = threading.Lock()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        while True:
            try:
                data = os.read(self.master, 65536)
            except OSError:
                return
            if not data:
                return
            with self._lock:
                self._chunks.append(data)

    @property
    def raw_output(self) -> str:
        """Everything written to the terminal, escape sequences and all."""
        with self._lock:
            return b"".join(self._chunks).decode("utf-8", "replace")

    @property
    def output(self) -> str:
        with self._lock:
            raw = b"".join(self._chunks)
        return ANSI.sub("", raw.decode("utf-8", "replace"))

    def mark(self) -> int:
        """A position in the output, to wait for what comes after it."""
        return len(self.output)

    def wait_for(self, pattern: str, since: int = 0, timeout: float = 20) -> re.Match[str]:
        regex = re.compile(pattern)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            match = regex.search(self.output, since)
            if match:
                return match
            if self.process.poll() is not None:
                break
            time.sleep(0.02)
        tail = self.output[-2000:]
        raise AssertionError(
            f"{pattern!r} did not appear; exit={self.process.poll()}; tail:\n{tail}"
        )

    def press(self, keys: str) -> None:
        os.write(self.master, keys.encode())

    def kill(self) -> None:
        """SIGKILL: no clean-up of any kind runs in the process."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)
        os.close(self.master)
