"""What the console commands print from the wire or a transcript: escapes shown, never obeyed."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from terminal import CCAF

START = (
    'data: {"type":"message_start","message":{"id":"m","type":"message","role":"assistant",'
    '"model":"claude-haiku-4-5\\u001b]0;MODEL\\u0007","content":[],"stop_reason":null,'
    '"usage":{"input_tokens":5,"output_tokens":1}}}'
)
HOSTILE_WIRE = (
    ": title=Hostile \x1b]0;TITLE\x07 wire\n\n"
    f"event: message_start\n{START}\n\n"
    'event: content_block_start\ndata: {"type":"content_block_start","index":0,'
    '"content_block":{"type":"text","text":""}}\n\n'
    'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,'
    '"delta":{"type":"text_delta","text":"hi \\u001b[2J \\u009b2J \\ud800 there"}}\n\n'
    'event: ping\x1b[2J\ndata: {"type":"ping"}\n\n'
    'event: error\ndata: {"type":"error","error":{"type":"overloaded\\u001b[2J",'
    '"message":"busy \\u001b]0;ERR\\u0007"}}\n\n'
)


def run(
    *args: str | Path, stdout: int | None = subprocess.PIPE
) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("ANTHROPIC_API_KEY", "CCAF_BANK")}
    return subprocess.run(
        [str(CCAF), *map(str, args)],
        stdout=stdout,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        timeout=120,
    )


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    path = tmp_path / "hostile.sse"
    path.write_text(HOSTILE_WIRE, encoding="utf-8")
    return path


def test_plain_shows_wire_escapes_and_writes_none(hostile: Path) -> None:
    result = run("stream", "--replay", hostile, "--speed", "0", "--plain")
    assert result.returncode == 1 and result.stderr == ""
    out = result.stdout
    assert "\x1b" not in out and "\x9b" not in out and "\x07" not in out
    assert "ping\\x1b[2J" in out  # an event's name
    assert "claude-haiku-4-5\\x1b]0;MODEL\\x07" in out  # a field of its data
    assert "state: error (overloaded\\x1b[2J)" in out
    assert "error: busy \\x1b]0;ERR\\x07" in out


def test_plain_shows_bidirectional_controls(tmp_path: Path) -> None:
    wire = tmp_path / "bidi.sse"
    wire.write_text(
        HOSTILE_WIRE.replace("claude-haiku-4-5\\u001b]0;MODEL\\u0007", "claude\\u202eevil")
        .replace("hi \\u001b[2J", "hi \\u2066safe\\u2069")
        .replace("event: ping\x1b[2J", "event: ping\u200f"),
        encoding="utf-8",
    )
    result = run("stream", "--replay", wire, "--speed", "0", "--plain")
    out = result.stdout
    assert result.returncode == 1 and result.stderr == ""
    assert not {"\u202e", "\u2066", "\u2069", "\u200f"} & set(out)
    assert "claude\\u202eevil" in out and "ping\\u200f" in out


def test_json_escapes_what_a_terminal_would_obey(hostile: Path) -> None:
    result = run("stream", "--replay", hostile, "--speed", "0", "--json")
    assert result.returncode == 1 and result.stderr == ""
    assert "\x1b" not in result.stdout and "\x9b" not in result.stdout
    summary = json.loads(result.stdout.splitlines()[-1])["summary"]
    assert summary["text"] == "hi \x1b[2J \x9b2J \ud800 there"  # the text, exactly, for scripts


def test_replay_server_prints_a_title_as_written(hostile: Path) -> None:
    import signal

    process = subprocess.Popen(
        [str(CCAF), "replay-server", "--scenario", str(hostile)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        first = process.stdout.readline()
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=10)
    assert "Hostile \\x1b]0;TITLE\\x07 wire" in first and "\x1b" not in first
