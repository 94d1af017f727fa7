"""Every bundled scenario through the real SDK over the loopback server, and the transcripts."""

from __future__ import annotations

from pathlib import Path

import httpx2
import pytest

from ccaf.stream.annotator import StreamAnnotator
from ccaf.stream.run import StreamRun, continuation_messages, model_version
from ccaf.stream.server import ReplayServer
from ccaf.stream.setup import DemoRequest, replay_setup
from ccaf.stream.transcript import TranscriptError, bundled_names, load_scenario, parse_transcript


async def replay(name: str | Path, speed: float = 0) -> tuple[StreamRun, StreamAnnotator]:
    """Run a scenario to its end; the server stays up for a continuation until `run.close()`."""
    setup = replay_setup(name)
    run = StreamRun(setup.request, scenario=setup.scenario, speed=speed)
    return run, await run.run()


async def replay_closed(name: str | Path, speed: float = 0) -> StreamAnnotator:
    run, model = await replay(name, speed)
    await run.close()
    return model


def test_every_scenario_is_bundled() -> None:
    assert set(bundled_names()) >= {
        "plain-text",
        "long-markdown",
        "tool-use",
        "thinking",
        "max-tokens",
        "error-overloaded",
        "dropped-connection",
        "retry-529",
        "auth-401",
        "stall",
        "repetition",
        "refusal",
        "unknown-event",
        "web-search",
        "pause-turn",
        "continue-in-user-turn",
        "clean-early-end",
        "tool-drop",
        "redacted-thinking",
        "mcp-tool",
    }
    for name in bundled_names():
        scenario = load_scenario(name)
        assert scenario.title and scenario.teaches, name


async def test_plain_text() -> None:
    model = await replay_closed("plain-text")
    summary = model.summary()
    assert summary["state"] == "complete" and summary["stop_reason"] == "end_turn"
    assert summary["text"].startswith("Server-sent events (SSE) are a simple way")
    assert summary["usage"] == {"input_tokens": 24, "output_tokens": 146}  # replaced, not 1 + 146
    assert summary["events"] == 39  # pings included
    assert summary["tool_inputs"] == [] and summary["error_type"] is None
    # claude-haiku-4-5 at $1 / $5 per million tokens, from the price file.
    assert summary["cost_usd"] == pytest.approx((24 * 1 + 146 * 5) / 1e6)
    assert summary["ttft_s"] is not None


async def test_long_markdown() -> None:
    model = await replay_closed("long-markdown")
    assert model.state == "complete" and model.output_tokens > 1500
    assert model.text.count("```") >= 6


async def test_tool_use_runs_the_tool_and_streams_the_next_turn() -> None:
    run, model = await replay("tool-use")
    await run.close()
    summary = model.summary()
    assert summary["state"] == "complete" and summary["stop_reason"] == "end_turn"
    assert summary["tool_inputs"] == [
        {"name": "lookup_order", "input": {"order_id": "A-1042", "include_items": True}}
    ]
    assert [b.type for b in model.blocks_of_turn(0)] == ["text", "tool_use"]
    assert model.turn == 1 and model.stop_reason == "end_turn"
    # Each turn's own final counts, summed over the two turns.
    assert summary["usage"] == {"input_tokens": 447 + 537, "output_tokens": 61 + 57}
    assert run.server is None  # closed
    second = run.messages[-1]
    assert second["role"] == "user" and second["content"][0]["type"] == "tool_result"
    assert "shipped" in second["content"][0]["content"]


async def test_thinking() -> None:
    model = await replay_closed("thinking")
    assert model.state == "complete"
    thinking = [b for b in model.blocks.values() if b.type == "thinking"]
    assert len(thinking) == 1 and thinking[0].text and len(thinking[0].signature) >= 50
    assert model.output_tokens == 305  # includes the thinking
    assert "$0.01635" in model.text


async def test_max_tokens_then_continuation() -> None:
    run, model = await replay("max-tokens")
    assert model.state == "complete" and model.stop_reason == "max_tokens"
    first = model.text
    await run.continue_()
    await run.close()
    assert model.stop_reason == "end_turn" and model.state == "complete"
    assert model.text.startswith(first) and len(model.text) > len(first)
    # claude-haiku-4-5 (4.5 and earlier): the partial text goes back as an assistant prefill.
    assert run.messages[-1] == {"role": "assistant", "content": first.rstrip()}


async def test_error_event_mid_stream() -> None:
    model = await replay_closed("error-overloaded")
    summary = model.summary()
    assert summary["state"] == "error" and summary["error_type"] == "overloaded_error"
    assert summary["text"]  # the partial output is kept
    assert summary["stop_reason"] is None


async def test_dropped_connection_keeps_the_partial_text() -> None:
    run, model = await replay("dropped-connection")
    assert (model.state, bool(model.text)) == ("dropped", True)
    assert model.error_message and "RemoteProtocolError" in model.error_message
    assert not model.usage_final
    await run.continue_()
    await run.close()
    assert model.state == "complete"


async def test_529_is_retried_by_the_sdk() -> None:
    model = await replay_closed("retry-529")
    assert model.state == "complete" and model.error_type is None
    assert model.text.startswith("A `ping` event is a keep-alive")


async def test_401_is_not_retried() -> None:
    model = await replay_closed("auth-401")
    summary = model.summary()
    assert summary["state"] == "error" and summary["error_type"] == "authentication_error"
    assert summary["events"] == 0 and summary["text"] == ""


async def test_stall_is_replayed_with_its_gap() -> None:
    model = await replay_closed("stall", speed=4)
    assert model.state == "complete"
    assert model.longest_gap > 7 / 4 - 0.2


async def test_repetition_is_detected() -> None:
    model = await replay_closed("repetition")
    assert model.repeated_phrase is not None
    assert model.stop_reason == "max_tokens"


async def test_refusal_and_unknown_event() -> None:
    refusal = await replay_closed("refusal")
    assert refusal.stop_reason == "refusal" and refusal.state == "complete"
    unknown = await replay_closed("unknown-event")
    assert unknown.state == "complete"
    assert any(
        b.event == "content_block_annotation"
        for b in load_scenario("unknown-event").transcripts[0].blocks
    )


async def test_interrupt_keeps_the_partial_output() -> None:
    setup = replay_setup("stall")
    run = StreamRun(setup.request, scenario=setup.scenario, speed=1)

    import asyncio

    task = asyncio.ensure_future(run.run())
    while not run.annotator.text:
        await asyncio.sleep(0.05)
    await asyncio.sleep(0.3)
    run.interrupt()
    model = await task
    await run.close()
    assert model.state == "interrupted" and model.text
    assert not model.usage_final  # the final output count never arrived


async def test_replay_server_answers_like_the_api(tmp_path: Path) -> None:
    scenario = load_scenario("retry-529")
    async with (
        ReplayServer(scenario, speed=0) as server,
        httpx2.AsyncClient(base_url=server.url) as client,
    ):
        first = await client.post(
            "/v1/messages", json={"model": "m", "stream": True}, headers={"x-api-key": "secret"}
        )
        assert first.status_code == 529
        assert first.json()["error"]["type"] == "overloaded_error"
        assert float(first.headers["retry-after-ms"]) > 0
        second = await client.post("/v1/messages", json={"model": "m", "stream": True})
        assert second.status_code == 200
        assert second.headers["content-type"].startswith("text/event-stream")
        assert second.text.startswith("event: message_start\ndata: ")
        missing = await client.get("/v1/models")
        assert missing.status_code == 404
    assert all("x-api-key" not in r.headers for r in server.requests)  # the key is never kept
    assert server.requests[0].body == {"model": "m", "stream": True}


def test_transcript_errors_name_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.sse"
    cases = {
        ": t=soon\nevent: ping\ndata: {}\n\n": ":1: t must be seconds",
        "event: ping\ndata: {}\n\n: status=500\n": ":4: `: status=` must be the first line",
        ": status=999\ndata: {}\n": ":1: status must be an HTTP status code",
        ": status=500\n": ":1: status=500 needs a `data:` line",
        "event: ping\nnonsense\n\n": ":2: not an SSE line",
        ": t=2\nevent: a\ndata: {}\n\n: t=1\nevent: b\ndata: {}\n\n": ":6: t=1.0 is earlier",
    }
    for text, message in cases.items():
        with pytest.raises(TranscriptError) as caught:
            parse_transcript(text, path)
        assert f"{path}{message}" in str(caught.value), text
    with pytest.raises(TranscriptError, match="no scenario or file 'nope'"):
        load_scenario("nope")


def test_transcript_without_times_is_paced_evenly(tmp_path: Path) -> None:
    transcript = parse_transcript(
        "event: ping\ndata: {}\n\nevent: ping\ndata: {}\n\n", tmp_path / "x.sse"
    )
    assert [b.t for b in transcript.blocks] == [0.05, 0.1]
    assert transcript.blocks[0].text == "event: ping\ndata: {}\n\n"


def test_continuation_request_by_model_version() -> None:
    messages = [{"role": "user", "content": "Explain SSE."}]
    older = continuation_messages(messages, "SSE is a  ", "claude-sonnet-4-5")
    assert older[-1] == {"role": "assistant", "content": "SSE is a"}
    newer = continuation_messages(messages, "SSE is a", "claude-opus-4-6")
    assert len(newer) == 1 and newer[0]["role"] == "user"
    assert "SSE is a" in newer[0]["content"][-1]["text"]
    assert newer[0]["content"][0] == {"type": "text", "text": "Explain SSE."}
    assert model_version("claude-sonnet-5") == (5, 0)
    assert model_version("claude-opus-4-8") == (4, 8)
    assert model_version("claude-3-5-sonnet-20241022") == (3, 5)
    assert model_version("claude-sonnet-4-5-20250929") == (4, 5)


async def test_live_without_a_key_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ANTHROPIC_API_KEY", raising=False)
    run = StreamRun(DemoRequest(), scenario=None)
    model = await run.run()
    assert model.state == "error" and model.error_type == "no_api_key"
    assert "ANTHROPIC_API_KEY" in (model.error_message or "")


async def test_live_mode_against_the_loopback_server(monkeypatch: pytest.MonkeyPatch) -> None:
    """Live mode is the SDK with its default base URL: point that at the loopback server."""
    async with ReplayServer(load_scenario("plain-text"), speed=0) as server:
        monkeypatch.setenv("ANTHROPIC_API_KEY", "sk-test-not-a-real-key")
        monkeypatch.setenv("ANTHROPIC_BASE_URL", server.url)
        run = StreamRun(DemoRequest(prompt="What is SSE?"), scenario=None)
        model = await run.run()
        assert model.state == "complete" and model.text.startswith("Server-sent events")
        [request] = server.requests
        assert request.body is not None
        assert request.body["messages"] == [{"role": "user", "content": "What is SSE?"}]
        assert request.body["stream"] is True and request.body["model"] == "claude-sonnet-4-6"
        assert "sk-test" not in repr(request)


def test_transcript_lines_split_only_at_sse_line_ends(tmp_path: Path) -> None:
    data = (
        '{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"a\u2028b"}}'
    )
    transcript = parse_transcript(f"event: content_block_delta\ndata: {data}\n\n", tmp_path / "x")
    assert len(transcript.blocks) == 1 and "\u2028" in transcript.blocks[0].text


async def test_a_malformed_event_ends_in_an_error_state(tmp_path: Path) -> None:
    path = tmp_path / "bad.sse"
    path.write_text(
        'event: message_start\ndata: {"type":"message_start","message":{"id":"m","type":"message",'
        '"role":"assistant","model":"claude-haiku-4-5","content":[],"stop_reason":null,'
        '"usage":{"input_tokens":5,"output_tokens":1}}}\n\n'
        'event: content_block_delta\ndata: {"type": "content_block_delta", "ind\n\n'
    )
    model = await replay_closed(path)
    assert model.state == "error" and model.error_type == "invalid_json"
