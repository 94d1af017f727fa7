"""The API key never shows: a failure in a live stream is a message in the pane, never a crash
report, and no frame of ccaf's ever holds the key where a traceback could print it.

The API is stood in for by the loopback replay server (`ANTHROPIC_BASE_URL`); the key is fake.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import FrameType
from typing import Any

import pytest
from textual.widgets import Static

import ccaf
from apps import make_app
from ccaf.store.db import Store
from ccaf.stream.run import StreamRun
from ccaf.stream.server import ReplayServer
from ccaf.stream.setup import DemoRequest, StreamSetup
from ccaf.stream.transcript import load_scenario
from ccaf.tui.app import Start
from ccaf.tui.screens.stream import StreamScreen
from terminal import CCAF, Terminal

from samples import FakeClock

KEY = "sk-ant-api03-fake-key-that-must-never-show-0123456789"
SRC = ccaf.__path__[0]
#: The replay server stands in for the API: it is sent the key, as Anthropic's servers are.
API_STAND_IN = str(Path(SRC) / "stream" / "server.py")


def holds(value: Any, depth: int = 0) -> bool:
    """Whether a local variable's value holds the key (in text, or in a container of text)."""
    if isinstance(value, str):
        return KEY in value
    if isinstance(value, bytes):
        return KEY.encode() in value
    if depth < 3 and isinstance(value, dict):
        return any(holds(k, depth + 1) or holds(v, depth + 1) for k, v in value.items())
    if depth < 3 and isinstance(value, list | tuple | set | frozenset):
        return any(holds(v, depth + 1) for v in value)
    return False


@pytest.fixture
def frames_holding_the_key() -> Iterator[list[str]]:
    """Every frame of ccaf's own code seen holding the key in a local, while the test runs."""
    found: list[str] = []

    def watch(frame: FrameType, event: str, arg: object) -> None:
        filename = frame.f_code.co_filename
        if event in ("call", "return") and filename.startswith(SRC) and filename != API_STAND_IN:
            for name, value in frame.f_locals.items():
                if holds(value):
                    found.append(f"{frame.f_code.co_qualname}: {name}")

    sys.setprofile(watch)
    try:
        yield found
    finally:
        sys.setprofile(None)


async def test_no_frame_holds_the_key_in_a_failing_live_stream(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, frames_holding_the_key: list[str]
) -> None:
    info: list[str] = []
    async with ReplayServer(load_scenario("plain-text"), speed=0) as server:
        monkeypatch.setenv("ANTHROPIC_API_KEY", KEY)
        monkeypatch.setenv("ANTHROPIC_BASE_URL", server.url)
        # The failure: the recording goes to a folder, which cannot be written as a file.
        run = StreamRun(DemoRequest(), scenario=None, record=tmp_path, on_info=info.append)
        model = await run.run()
    assert model.state == "complete"  # the stream itself went well
    assert info == [f"The recording was not saved to {tmp_path}: Is a directory."]
    assert frames_holding_the_key == []


async def test_an_error_below_the_sdk_is_told_without_the_key(
    monkeypatch: pytest.MonkeyPatch, frames_holding_the_key: list[str]
) -> None:
    """An error whose message quotes the key (as h11's "Illegal header value" does)."""
    import httpx2

    async def refuse(self: object, request: httpx2.Request) -> httpx2.Response:
        raise httpx2.LocalProtocolError(f"Illegal header value {request.headers['x-api-key']!r}")

    monkeypatch.setenv("ANTHROPIC_API_KEY", KEY)
    monkeypatch.setenv("ANTHROPIC_BASE_URL", "http://127.0.0.1:9")
    monkeypatch.setattr(httpx2.AsyncHTTPTransport, "handle_async_request", refuse)
    run = StreamRun(DemoRequest(), scenario=None)
    model = await run.run()
    assert model.state in ("dropped", "error")
    assert KEY not in repr(model.summary()) and KEY not in (model.error_message or "")
    assert frames_holding_the_key == []


async def test_a_failing_live_stream_in_the_tui_is_a_message_in_the_pane(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, store: Store, clock: FakeClock
) -> None:
    from ccaf.bank.paths import bundled_bank

    async with ReplayServer(load_scenario("plain-text"), speed=0) as server:
        monkeypatch.setenv("ANTHROPIC_API_KEY", KEY)
        monkeypatch.setenv("ANTHROPIC_BASE_URL", server.url)
        setup = StreamSetup(DemoRequest(), None, record=tmp_path)
        app = make_app(bundled_bank(), store, clock, Start(screen="stream", stream=setup))
        async with app.run_test(size=(140, 40)) as pilot:
            for _ in range(400):
                await pilot.pause(0.05)
                screen = app.screen
                run = screen.run_ if isinstance(screen, StreamScreen) else None
                if run is not None and not run.running and run.annotator.state != "streaming":
                    break
            await pilot.pause(0.1)
            screen = app.screen
            assert isinstance(screen, StreamScreen) and app.is_running
            said = [str(w.render()) for w in screen.query(".info").results(Static)]
            assert said == [f"── The recording was not saved to {tmp_path}: Is a directory."]
            assert KEY not in app.export_screenshot()


def test_a_crash_in_the_stream_path_never_prints_the_key(tmp_path: Path) -> None:
    """The whole TUI on a terminal: everything it writes is searched for the key."""
    server = subprocess.Popen(
        [str(CCAF), "replay-server", "--scenario", "plain-text", "--speed", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert server.stdout is not None
        url = server.stdout.readline().rsplit(" on ", 1)[1].strip()
        env = {"ANTHROPIC_API_KEY": KEY, "ANTHROPIC_BASE_URL": url, "CCAF_DATA_DIR": str(tmp_path)}
        terminal = Terminal("stream", "--live", "--record", str(tmp_path), env=env, size=(140, 40))
        try:
            with contextlib.suppress(AssertionError):  # a crash ends it sooner: see below
                terminal.wait_for(r"The recording was not saved")
            if terminal.process.poll() is None:
                terminal.press("\x11")  # ctrl+q
            terminal.process.wait(timeout=20)
        finally:
            if terminal.process.poll() is None:
                os.killpg(terminal.process.pid, signal.SIGKILL)
        everything = terminal.raw_output
        assert KEY not in everything and KEY[:20] not in everything
        assert "The recording was not saved" in terminal.output
        assert "Traceback" not in everything and terminal.process.returncode == 0
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(timeout=10)
