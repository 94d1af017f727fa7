"""`ccaf stream --json / --plain` and `ccaf replay-server`, through the real console command."""

from __future__ import annotations

import json
import os
import signal
import subprocess
from pathlib import Path

import httpx2

from terminal import CCAF


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if k != "ANTHROPIC_API_KEY"}
    return subprocess.run(
        [str(CCAF), *args], capture_output=True, text=True, env={**base, **(env or {})}, timeout=120
    )


def test_json_lines_then_summary() -> None:
    result = run("stream", "--replay", "tool-use", "--speed", "0", "--json")
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    *events, last = lines
    summary = last["summary"]
    assert set(events[0]) == {"t", "event", "index", "delta", "note"}
    assert events[0]["event"] == "message_start" and events[0]["index"] is None
    deltas = {e["delta"] for e in events if e["event"] == "content_block_delta"}
    assert {"text_delta", "input_json_delta"} <= deltas
    assert summary["events"] == len(events)
    assert summary["state"] == "complete" and summary["stop_reason"] == "end_turn"
    assert summary["tool_inputs"] == [
        {"name": "lookup_order", "input": {"order_id": "A-1042", "include_items": True}}
    ]
    assert set(summary) == {
        "state",
        "stop_reason",
        "error_type",
        "text",
        "tool_inputs",
        "usage",
        "events",
        "ttft_s",
        "cost_usd",
    }
    assert [e["t"] for e in events] == sorted(e["t"] for e in events)


def test_exit_code_is_non_zero_unless_complete() -> None:
    error = run("stream", "--replay", "error-overloaded", "--speed", "0", "--json")
    assert error.returncode == 1
    summary = json.loads(error.stdout.splitlines()[-1])["summary"]
    assert summary["state"] == "error" and summary["error_type"] == "overloaded_error"
    dropped = run("stream", "--replay", "dropped-connection", "--speed", "0", "--json")
    assert dropped.returncode == 1
    assert json.loads(dropped.stdout.splitlines()[-1])["summary"]["state"] == "dropped"
    auth = run("stream", "--replay", "auth-401", "--speed", "0", "--json")
    assert auth.returncode == 1
    assert json.loads(auth.stdout)["summary"]["error_type"] == "authentication_error"


def test_plain_and_a_transcript_file(tmp_path: Path) -> None:
    transcript = tmp_path / "mine.sse"
    transcript.write_text(
        ": title=Mine\n\n"
        'event: message_start\ndata: {"type":"message_start","message":{"id":"m","type":"message",'
        '"role":"assistant","model":"claude-haiku-4-5","content":[],"stop_reason":null,'
        '"usage":{"input_tokens":5,"output_tokens":1}}}\n\n'
        'event: ping\ndata: {"type":"ping"}\n\n'
        'event: message_delta\ndata: {"type":"message_delta","delta":{"stop_reason":"end_turn"},'
        '"usage":{"output_tokens":3}}\n\n'
        'event: message_stop\ndata: {"type":"message_stop"}\n\n'
    )
    result = run("stream", "--replay", str(transcript), "--speed", "0", "--plain")
    assert result.returncode == 0, result.stderr
    assert "Keep-alive: ignore it." in result.stdout
    assert "state: complete" in result.stdout and "tokens: in 5  out 3" in result.stdout


def test_bad_sources_are_clear_errors(tmp_path: Path) -> None:
    missing = run("stream", "--replay", "nope", "--json")
    assert missing.returncode == 2 and "no scenario or file 'nope'" in missing.stderr
    bad = tmp_path / "bad.sse"
    bad.write_text(": status=abc\n")
    broken = run("stream", "--replay", str(bad), "--json")
    assert (
        broken.returncode == 2 and f"{bad}:1: status must be an HTTP status code" in broken.stderr
    )
    record = run("stream", "--replay", "plain-text", "--record", str(tmp_path / "x.sse"), "--json")
    assert record.returncode == 2 and "--live" in record.stderr
    live = run("stream", "--live", "--json")
    assert live.returncode == 1
    assert json.loads(live.stdout)["summary"]["error_type"] == "no_api_key"


def test_listing_the_scenarios() -> None:
    result = run("stream", "--list")
    assert result.returncode == 0
    names = [line.split()[0] for line in result.stdout.splitlines()]
    assert "plain-text" in names and "retry-529" in names


def test_replay_server_serves_your_own_client() -> None:
    process = subprocess.Popen(
        [str(CCAF), "replay-server", "--scenario", "retry-529", "--speed", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        first = process.stdout.readline()
        url = first.rsplit(" on ", 1)[1].strip()
        assert url.startswith("http://127.0.0.1:")
        with httpx2.Client(base_url=url, timeout=10) as client:
            assert client.post("/v1/messages", json={"stream": True}).status_code == 529
            ok = client.post("/v1/messages", json={"stream": True})
            assert ok.status_code == 200 and "event: message_stop" in ok.text
            past = client.post("/v1/messages", json={"stream": True})
            assert past.status_code == 400 and "all have been sent" in past.text
    finally:
        process.send_signal(signal.SIGINT)
        rest, _ = process.communicate(timeout=10)
    assert process.returncode == 0
    assert "POST /v1/messages → 1.sse (1 of 2), status 529" in rest
    assert "POST /v1/messages → 2.sse (2 of 2), streamed" in rest
    assert "POST /v1/messages → 400: the recording's responses are used up" in rest


def test_live_record_saves_the_response_only(tmp_path: Path) -> None:
    """Live mode, with the loopback server standing in for the API, recording the wire."""
    server = subprocess.Popen(
        [str(CCAF), "replay-server", "--scenario", "tool-use", "--speed", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert server.stdout is not None
        url = server.stdout.readline().rsplit(" on ", 1)[1].strip()
        record = tmp_path / "recorded.sse"
        key = "sk-ant-test-key-that-must-not-leak"
        result = run(
            "stream",
            "--live",
            "--tools",
            "--prompt",
            "Where is A-1042?",
            "--record",
            str(record),
            "--json",
            env={"ANTHROPIC_API_KEY": key, "ANTHROPIC_BASE_URL": url},
        )
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(timeout=10)
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout.splitlines()[-1])["summary"]
    assert summary["tool_inputs"][0]["input"] == {"order_id": "A-1042", "include_items": True}
    text = record.read_text()
    assert key not in text and key not in result.stdout and key not in result.stderr
    assert "x-api-key" not in text.lower() and "messages" not in text.split("event:")[0]
    # The recording is itself a transcript that replays to the same final turn.
    replayed = run("stream", "--replay", str(record), "--speed", "0", "--json")
    assert json.loads(replayed.stdout.splitlines()[-1])["summary"]["state"] == "complete"
    assert ": t=" in text and text.startswith(": title=Recorded")
