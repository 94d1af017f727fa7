"""Annotations true to real streams: server and MCP tool input streams, result blocks arrive
whole, usage that rises in message_delta, pause_turn, compaction and citations; the SDK's retry
as rows of its own; and `--record` writing what replays."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from ccaf.stream.annotator import ClientAction, StreamAnnotator, WireEvent
from ccaf.stream.run import StreamRun
from ccaf.stream.setup import replay_setup
from ccaf.stream.transcript import Recording, parse_transcript


def ev(payload: dict[str, Any], t: float = 0.0) -> WireEvent:
    return WireEvent(t, str(payload["type"]), json.dumps(payload))


START = {
    "type": "message_start",
    "message": {
        "id": "msg_1",
        "type": "message",
        "role": "assistant",
        "model": "claude-sonnet-4-6",
        "content": [],
        "usage": {"input_tokens": 2068, "output_tokens": 3},
    },
}


@pytest.mark.parametrize(
    ("kind", "runner"), [("server_tool_use", "Anthropic's server"), ("mcp_tool_use", "MCP")]
)
def test_server_and_mcp_tool_input_streams_like_tool_use(kind: str, runner: str) -> None:
    model = StreamAnnotator()
    model.feed(ev(START))
    block = {"type": kind, "id": "srvtoolu_1", "name": "web_search", "input": {}}
    opened = model.feed(ev({"type": "content_block_start", "index": 0, "content_block": block}))
    assert opened.action is ClientAction.START_JSON and opened.kind == "tool"
    assert "streams as input_json_delta" in opened.note and runner in opened.note
    assert "complete" not in opened.note
    for fragment in ['{"query": "ssе', ' streaming"}']:
        note = model.feed(
            ev(
                {
                    "type": "content_block_delta",
                    "index": 0,
                    "delta": {"type": "input_json_delta", "partial_json": fragment},
                }
            )
        )
        assert note.action is ClientAction.ACCUMULATE
    done = model.feed(ev({"type": "content_block_stop", "index": 0}))
    assert done.action is ClientAction.PARSE_SERVER_RUNS
    assert model.blocks[(0, 0)].input == {"query": "ssе streaming"}
    result = {"type": kind.replace("_use", "_result"), "tool_use_id": "srvtoolu_1", "content": []}
    arrived = model.feed(ev({"type": "content_block_start", "index": 1, "content_block": result}))
    assert arrived.action is ClientAction.KEEP_AS_IS and "complete in this event" in arrived.note
    assert model.blocks[(0, 1)].complete


def test_message_delta_that_raises_the_input_count_is_said_and_followed() -> None:
    model = StreamAnnotator()
    model.feed(ev(START))
    before = model.cost()
    note = model.feed(
        ev(
            {
                "type": "message_delta",
                "delta": {"stop_reason": "end_turn", "stop_sequence": None},
                "usage": {
                    "input_tokens": 22397,
                    "output_tokens": 410,
                    "cache_read_input_tokens": 0,
                    "server_tool_use": {"web_search_requests": 1},
                },
            }
        )
    )
    assert "in 2068→22397" in note.summary
    assert "changed from 2068 (message_start) to 22397" in note.note
    assert "web_search_requests 1" in note.note
    assert model.input_tokens == 22397 and model.output_tokens == 410
    assert model.cost() == pytest.approx((22397 * 3 + 410 * 15) / 1e6)
    assert before is not None and model.cost() != before


def test_pause_turn_says_what_a_client_does() -> None:
    model = StreamAnnotator()
    model.feed(ev(START))
    note = model.feed(
        ev({"type": "message_delta", "delta": {"stop_reason": "pause_turn"}, "usage": {}})
    )
    assert note.action is ClientAction.SEND_BACK
    assert "back unchanged as the assistant turn" in note.note


def test_compaction_is_named_and_its_delta_replaces() -> None:
    model = StreamAnnotator()
    model.feed(ev(START))
    opened = model.feed(
        ev({"type": "content_block_start", "index": 0, "content_block": {"type": "compaction"}})
    )
    assert opened.kind != "unknown" and "compaction (beta)" in opened.note
    for content in ("first summary", "the summary"):
        note = model.feed(
            ev(
                {
                    "type": "content_block_delta",
                    "index": 0,
                    "delta": {"type": "compaction_delta", "content": content},
                }
            )
        )
        assert note.kind != "unknown" and note.action is ClientAction.KEEP
    assert model.blocks[(0, 0)].text == "the summary"


def test_a_citation_names_its_source() -> None:
    model = StreamAnnotator()
    model.feed(ev(START))
    model.feed(ev({"type": "content_block_start", "index": 0, "content_block": {"type": "text"}}))
    citation = {
        "type": "web_search_result_location",
        "url": "https://example.com/sse",
        "title": "Server-sent events",
        "cited_text": "SSE is…",
        "encrypted_index": "x",
    }
    note = model.feed(
        ev(
            {
                "type": "content_block_delta",
                "index": 0,
                "delta": {"type": "citations_delta", "citation": citation},
            }
        )
    )
    assert note.summary == '"Server-sent events"' and note.action is ClientAction.ATTACH
    assert model.blocks[(0, 0)].citations == [citation]


async def test_the_sdk_retry_is_two_rows_before_the_stream() -> None:
    setup = replay_setup("retry-529")
    notes: list[Any] = []
    run = StreamRun(setup.request, on_note=notes.append, scenario=setup.scenario, speed=0)
    await run.run()
    await run.close()
    first, second, third = notes[:3]
    assert (first.event, first.summary) == ("http", "HTTP 529 overloaded_error")
    assert first.action is ClientAction.SDK_RETRIES
    assert second.event == "retry" and second.summary.startswith("request sent again after ")
    assert second.t >= first.t and third.event == "message_start"
    assert run.annotator.state == "complete"


async def test_auth_401_stops_the_clock_and_claims_no_partial_output() -> None:
    from ccaf.stream.ending import ending

    now = [0.0]

    def clock() -> float:
        now[0] += 0.25
        return now[0]

    setup = replay_setup("auth-401")
    run = StreamRun(setup.request, scenario=setup.scenario, speed=0, time_source=clock)
    await run.run()
    await run.close()
    stopped = run.annotator.stream_seconds()
    now[0] += 100  # the learner reads the error for a while
    assert run.annotator.stream_seconds() == stopped < 5
    end = ending(run.annotator, run.can_request_more)
    assert "partial output" not in end.said and not end.can_continue
    assert end.cost == "no usage reported: no response arrived"


def test_a_recording_replays_multi_line_and_data_only_events(tmp_path: Path) -> None:
    path = tmp_path / "r.sse"
    recording = Recording(path, "claude-sonnet-4-6", "2026-11-25 12:00")
    recording.response(1.0)
    recording.event(1.5, "message_start", '{"a":\n1}')
    recording.event(2.0, None, '{"type": "ping"}')
    assert recording.save() is None
    text = path.read_text()
    assert "event: None" not in text and 'data: {"a":\ndata: 1}' in text
    transcript = parse_transcript(text, path)
    assert [(b.t, b.event) for b in transcript.blocks] == [(0.5, "message_start"), (1.0, None)]
    assert transcript.title == "Recorded 2026-11-25 12:00"


def test_a_recording_that_cannot_be_written_says_so(tmp_path: Path) -> None:
    recording = Recording(tmp_path / "missing" / "r.sse", "m", "now")
    recording.response(0.0)
    recording.event(0.1, "ping", "{}")
    problem = recording.save()
    assert problem is not None and problem.startswith("The recording was not saved to ")
    assert "No such file or directory" in problem


def test_nothing_is_recorded_when_nothing_arrived(tmp_path: Path) -> None:
    recording = Recording(tmp_path / "r.sse", "m", "now")
    recording.response(0.0)
    assert recording.save() is None and not (tmp_path / "r.sse").exists()


HOSTILE = """\
event: message_start
data: {"type":"message_start","message":{"id":"m","type":"message","role":"assistant",\
"model":"claude-haiku-4-5\\u001b[31m","content":[],"usage":{"input_tokens":3,"output_tokens":1}}}

event: content_block_start
data: {"type":"content_block_start","index":0,"content_block":{"type":"tool_use","id":"t",\
"name":"look\\u001b]0;pwned\\u0007up","input":{}}}

event: content_block_delta
data: {"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta",\
"partial_json":"{\\"a\\": \\"\\ud800\\"}"}}

event: content_block_stop
data: {"type":"content_block_stop","index":0}

event: error
data: {"type":"error","error":{"type":"bad\\u009b2J","message":"x\\u001b[2Jy \\ud800"}}

"""


@pytest.mark.parametrize("how", ["--plain", "--json"])
def test_wire_text_is_escaped_and_a_lone_surrogate_does_not_crash(tmp_path: Path, how: str) -> None:
    import subprocess

    from terminal import CCAF

    path = tmp_path / "hostile.sse"
    path.write_text(HOSTILE)
    result = subprocess.run(
        [str(CCAF), "stream", "--replay", str(path), "--speed", "0", how],
        capture_output=True,
        timeout=120,
    )
    assert b"Traceback" not in result.stderr and result.returncode == 1
    out = result.stdout
    assert b"\x1b" not in out and b"\x07" not in out and "\x9b".encode() not in out
    assert b"\xed\xa0\x80" not in out  # no surrogate bytes either
    text = out.decode("utf-8")
    assert "look" in text and ("\\u001b" in text or "\\x1b" in text)
