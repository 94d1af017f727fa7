"""A replay ends when its recording ends: no request gets a response the recording lacks.

The replay server answers each transcript once (or starts over with `loop`), says which
transcript answered each request, answers a request without streaming with the Message the
transcript adds up to (the SDK's own accumulation is the judge), and never sends what follows
`: drop`.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import anthropic
import pytest

from ccaf.stream.message import transcript_message
from ccaf.stream.run import StreamRun
from ccaf.stream.server import ReplayServer
from ccaf.stream.setup import replay_setup
from ccaf.stream.transcript import SCENARIO_DIR, bundled_names, load_scenario, parse_transcript
from terminal import CCAF

ASK: dict[str, Any] = {
    "model": "m",
    "max_tokens": 10,
    "messages": [{"role": "user", "content": "hi"}],
}


async def test_a_single_tool_use_response_replays_as_one_response() -> None:
    setup = replay_setup(SCENARIO_DIR / "tool-use" / "1.sse")
    said: list[str] = []
    run = StreamRun(setup.request, on_info=said.append, scenario=setup.scenario, speed=0)
    model = await run.run()
    assert run.server is not None
    requests = len(run.server.requests)
    await run.close()
    assert requests == 1
    summary = model.summary()
    assert summary["stop_reason"] == "tool_use" and summary["text"] == "Let me look that order up."
    assert summary["tool_inputs"] == [
        {"name": "lookup_order", "input": {"order_id": "A-1042", "include_items": True}}
    ]
    assert summary["usage"] == {"input_tokens": 447, "output_tokens": 61}
    assert any("The recording ends here" in line for line in said)
    assert not run.can_request_more


async def test_a_continuation_past_the_recording_is_not_sent() -> None:
    setup = replay_setup(SCENARIO_DIR / "max-tokens" / "1.sse")
    said: list[str] = []
    run = StreamRun(setup.request, on_info=said.append, scenario=setup.scenario, speed=0)
    await run.run()
    text = run.annotator.text
    await run.continue_()
    assert run.server is not None and len(run.server.requests) == 1
    await run.close()
    assert run.annotator.text == text and run.annotator.stop_reason == "max_tokens"
    assert said[-1].startswith("The recording ends here")


async def test_the_server_logs_each_request_and_refuses_past_the_end() -> None:
    lines: list[str] = []
    async with ReplayServer(load_scenario("retry-529"), speed=0, log=lines.append) as server:
        client = anthropic.AsyncAnthropic(api_key="k", base_url=server.url, max_retries=1)
        async with client:
            message = await client.messages.create(**ASK)
            assert message.stop_reason == "end_turn"
            with pytest.raises(anthropic.BadRequestError) as caught:
                await client.messages.create(**ASK)
    assert "all have been sent" in caught.value.message and "--loop" in caught.value.message
    assert lines == [
        "POST /v1/messages → 1.sse (1 of 2), status 529",
        "POST /v1/messages → 2.sse (2 of 2), as one JSON Message",
        "POST /v1/messages → 400: the recording's responses are used up",
    ]


async def test_loop_starts_the_scenario_over() -> None:
    async with ReplayServer(load_scenario("plain-text"), speed=0, loop=True) as server:
        assert server.remaining is None
        async with anthropic.AsyncAnthropic(api_key="k", base_url=server.url) as client:
            first = await client.messages.create(**ASK)
            again = await client.messages.create(**ASK)
    assert first.model_dump() == again.model_dump()


@pytest.mark.parametrize("name", bundled_names())
async def test_a_request_without_stream_gets_the_message_the_stream_adds_up_to(name: str) -> None:
    """For each transcript that streams to its end: `create()` equals the SDK's accumulation."""
    scenario = load_scenario(name)
    async with (
        ReplayServer(scenario, speed=0) as whole,
        ReplayServer(scenario, speed=0) as streamed,
    ):
        for transcript in scenario.transcripts:
            if transcript.status is not None or transcript.drop:
                continue
            whole._served = streamed._served = scenario.transcripts.index(transcript)
            async with (
                anthropic.AsyncAnthropic(api_key="k", base_url=whole.url, max_retries=0) as one,
                anthropic.AsyncAnthropic(api_key="k", base_url=streamed.url, max_retries=0) as two,
            ):
                try:
                    async with two.beta.messages.stream(**ASK) as stream:
                        expected = await stream.get_final_message()
                except anthropic.APIStatusError:
                    continue  # an error event mid-stream: no whole Message to compare
                created = await one.beta.messages.create(**ASK)
            assert created.model_dump() == expected.model_dump(), transcript.path


def test_what_follows_a_drop_is_never_sent_and_is_a_warning(tmp_path: Path) -> None:
    recorded = (SCENARIO_DIR / "plain-text.sse").read_text()
    lines = recorded.splitlines()
    deltas = [n for n, line in enumerate(lines) if line == "event: content_block_delta"]
    cut = deltas[1] + 3  # after the second delta's data line and blank line
    path = tmp_path / "cut.sse"
    path.write_text("\n".join([*lines[:cut], ": drop", *lines[cut:]]) + "\n")
    transcript = parse_transcript(path.read_text(), path)
    assert transcript.drop and len(transcript.blocks) == 5  # start, ping, block start, 2 deltas
    assert transcript.warnings == (
        f"{path}:{cut + 2}: this and what follows come after `: drop` and are never sent",
    )
    assert transcript_message(transcript) is not None
    result = subprocess.run(
        [str(CCAF), "stream", "--replay", str(path), "--speed", "0", "--json"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    summary = json.loads(result.stdout.splitlines()[-1])["summary"]
    assert summary["state"] == "dropped"
    assert not any("message_stop" in line for line in result.stdout.splitlines()[:-1])
    assert "ccaf: warning:" in result.stderr and "never sent" in result.stderr


def replay_server_args(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(CCAF), "replay-server", *args], capture_output=True, text=True, timeout=60
    )


@pytest.mark.parametrize("port", ["70000", "-1", "http"])
def test_a_port_out_of_range_is_an_argument_error(port: str) -> None:
    result = replay_server_args("--port", port)
    assert result.returncode == 2
    assert "argument --port" in result.stderr and "Traceback" not in result.stderr


def test_replay_server_options() -> None:
    shown = replay_server_args("--help").stdout
    assert "--bank" not in shown and "--data-dir" not in shown
    assert "twice as fast" in shown and "--loop" in shown
    assert replay_server_args("--bank", "x").returncode == 2
