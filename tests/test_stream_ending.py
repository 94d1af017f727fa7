"""How a stream ends, in words, and the Message a recorded stream adds up to: both headless.

`stream/ending.py` is what the console and the pane say at the end; `stream/message.py` is the
whole Message the replay server answers a request without streaming with. The first is checked
on every kind of ending the bundled scenarios have; the second against the SDK's own
accumulation of the same events, in process.
"""

from __future__ import annotations

import json
from typing import Any, Literal

import pytest

from ccaf.stream.annotator import StreamAnnotator, WireEvent
from ccaf.stream.cost import load_prices
from ccaf.stream.ending import can_continue, cost_line, ending, had_output
from ccaf.stream.message import accumulate, transcript_message
from ccaf.stream.sse import SSEDecoder
from ccaf.stream.transcript import bundled_names, load_scenario
from streams import annotate

DATED = f"prices of {load_prices().read_on}"
CONTINUE = " c sends the continuation request."


def first_response(
    name: str, how: Literal["eof", "dropped", "interrupted"] | None = None
) -> StreamAnnotator:
    """The annotator after the scenario's first response only, ended as recorded or `how`."""
    transcript = load_scenario(name).transcripts[0]
    annotator = StreamAnnotator()
    if transcript.status is not None:
        annotator.http_status(0.0, transcript.status, transcript.error_body or "")
        return annotator
    decoder = SSEDecoder()
    for block in transcript.blocks:
        for message in decoder.feed(block.text.encode()):
            annotator.feed(WireEvent(block.t, message.event, message.data, annotator.turn))
    annotator.end(how or ("dropped" if transcript.drop else "eof"))
    return annotator


def final_cost(annotator: StreamAnnotator) -> str:
    cost = annotator.cost()
    assert cost is not None
    return f"${cost:.5f} ({DATED})"


@pytest.mark.parametrize(
    ("name", "said"),
    [
        ("plain-text", "Complete: stop_reason end_turn."),
        (
            "refusal",
            "Complete: stop_reason refusal. Declined: don't present or continue the partial text.",
        ),
        (
            "tool-use",
            "Complete: stop_reason tool_use. A client runs the tool and sends its result back.",
        ),
        (
            "pause-turn",
            "Complete: stop_reason pause_turn. A client sends the response back as the "
            "assistant turn to let it continue.",
        ),
    ],
)
def test_a_complete_response_says_its_stop_reason_and_what_a_client_does(
    name: str, said: str
) -> None:
    annotator = first_response(name)
    end = ending(annotator)
    assert (end.said, end.can_continue) == (said, False)
    assert end.cost == final_cost(annotator)
    assert had_output(annotator)


def test_max_tokens_offers_the_continuation_only_when_a_request_would_be_answered() -> None:
    annotator = first_response("max-tokens")
    cut = "Complete: stop_reason max_tokens. Cut by max_tokens."
    assert ending(annotator) == ending(annotator, more=True)
    assert (ending(annotator).said, ending(annotator).can_continue) == (cut + CONTINUE, True)
    assert (ending(annotator, more=False).said, can_continue(annotator, False)) == (cut, False)


def test_an_error_after_output_keeps_it_and_the_cost_is_an_estimate() -> None:
    annotator = first_response("error-overloaded")
    end = ending(annotator)
    assert end.said == (
        "Error: overloaded_error: Overloaded. The partial output above stays." + CONTINUE
    )
    assert end.can_continue
    cost = annotator.cost()
    assert cost is not None
    assert end.cost == (f"≈${cost:.5f} ({DATED}), estimated: the final output count never arrived")


@pytest.mark.parametrize("name", ["auth-401", "retry-529"])
def test_an_error_before_any_stream_claims_no_output_and_no_cost(name: str) -> None:
    annotator = first_response(name)
    end = ending(annotator)
    assert end.said.startswith("Error: ") and end.said.endswith(".")
    assert "stays" not in end.said and not end.can_continue
    assert not had_output(annotator) and annotator.events == 0
    assert end.cost == cost_line(annotator) == "no usage reported: no response arrived"
    if name == "auth-401":
        assert end.said == "Error: authentication_error: invalid x-api-key."


def test_a_drop_keeps_what_arrived_and_offers_the_continuation() -> None:
    end = ending(first_response("dropped-connection"))
    assert end.said == "The connection dropped. What arrived stays." + CONTINUE
    assert end.can_continue and end.cost.startswith("≈$")
    assert end.cost.endswith("estimated: the final output count never arrived")


def test_a_drop_before_anything_arrived_says_so() -> None:
    annotator = StreamAnnotator()
    annotator.end("dropped", "reset by peer")
    end = ending(annotator)
    assert end.said == "The connection dropped. Nothing had arrived." + CONTINUE
    assert annotator.error_message == "reset by peer"


def test_a_clean_early_end_is_truncated() -> None:
    end = ending(first_response("clean-early-end"))
    assert end.said == "The stream ended without message_stop: truncated." + CONTINUE
    assert end.can_continue


def test_a_stop_by_the_learner() -> None:
    stopped = ending(first_response("plain-text", "interrupted"))
    assert stopped.said == (
        "Stopped. The partial output stays; the final output count never arrived." + CONTINUE
    )
    empty = StreamAnnotator()
    empty.end("interrupted")
    assert ending(empty).said == "Stopped." + CONTINUE


def test_a_stream_still_running_and_a_model_without_a_price() -> None:
    running = ending(StreamAnnotator())
    assert (running.said, running.can_continue) == ("Streaming.", False)
    assert ending(first_response("redacted-thinking")).cost == "no price for this model"


def test_later_responses_name_the_one_whose_count_never_arrived() -> None:
    annotator = annotate("dropped-connection")  # a drop, then the continuation that ends it
    end = ending(annotator)
    assert (end.said, end.can_continue) == ("Complete: stop_reason end_turn.", False)
    cost = annotator.cost()
    assert cost is not None
    assert end.cost == (
        f"≈${cost:.5f} ({DATED}), estimated: the final output count of response 1 never arrived"
    )


def test_a_redacted_block_or_a_server_result_counts_as_output() -> None:
    assert had_output(first_response("redacted-thinking"))
    assert had_output(first_response("web-search"))


# The Message a recording adds up to, beside the SDK's own accumulation of its events.


def sdk_message(events: list[dict[str, Any]]) -> dict[str, Any] | None:
    """What the anthropic SDK's beta stream helper accumulates from `events`, as a dict."""
    import httpx2
    from anthropic._models import construct_type
    from anthropic.lib.streaming._beta_messages import accumulate_event
    from anthropic.types.beta import BetaRawMessageStreamEvent

    snapshot = None
    buffers: dict[int, bytes] = {}
    for payload in events:
        event = construct_type(type_=BetaRawMessageStreamEvent, value=payload)
        snapshot = accumulate_event(
            event=event,  # type: ignore[arg-type]
            current_snapshot=snapshot,
            json_bufs=buffers,
            request_headers=httpx2.Headers(),
        )
    return None if snapshot is None else snapshot.model_dump(mode="json", exclude_none=True)


def as_sdk_reads(message: dict[str, Any]) -> dict[str, Any]:
    from anthropic._models import construct_type
    from anthropic.types.beta import BetaMessage

    read: Any = construct_type(type_=BetaMessage, value=message)
    dumped: dict[str, Any] = read.model_dump(mode="json", exclude_none=True)
    return dumped


def events_of(name: str, index: int) -> list[dict[str, Any]]:
    transcript = load_scenario(name).transcripts[index]
    decoder = SSEDecoder()
    out = []
    for block in transcript.blocks:
        for message in decoder.feed(block.text.encode()):
            payload = json.loads(message.data) if message.data else None
            if isinstance(payload, dict) and payload.get("type") not in ("ping", "error"):
                out.append(payload)
    return out


def whole_responses() -> list[tuple[str, int]]:
    """Each bundled response that streams to its message_stop."""
    cases = []
    for name in bundled_names():
        for index, transcript in enumerate(load_scenario(name).transcripts):
            if transcript.status is None and not transcript.drop:
                kinds = [e.get("type") for e in events_of(name, index)]
                if "message_stop" in kinds and "error" not in kinds:
                    cases.append((name, index))
    return cases


@pytest.mark.parametrize(("name", "index"), whole_responses())
def test_a_recording_adds_up_to_the_message_the_sdk_builds(name: str, index: int) -> None:
    ours = transcript_message(load_scenario(name).transcripts[index])
    assert ours is not None
    assert as_sdk_reads(ours) == sdk_message(events_of(name, index))


def test_every_kind_of_block_is_among_the_messages_compared() -> None:
    kinds = set()
    for name, index in whole_responses():
        message = transcript_message(load_scenario(name).transcripts[index])
        assert message is not None
        kinds |= {block["type"] for block in message["content"]}
    assert {
        "text",
        "thinking",
        "redacted_thinking",
        "tool_use",
        "server_tool_use",
        "web_search_tool_result",
        "mcp_tool_use",
        "mcp_tool_result",
    } <= kinds


def test_no_message_without_a_message_start_and_usage_is_replaced() -> None:
    assert accumulate([]) is None
    assert accumulate([{"type": "content_block_start", "index": 0}]) is None
    start = {
        "type": "message_start",
        "message": {
            "id": "m",
            "type": "message",
            "role": "assistant",
            "model": "x",
            "content": [],
            "stop_reason": None,
            "stop_sequence": None,
            "usage": {"input_tokens": 5, "output_tokens": 1},
        },
    }
    delta = {
        "type": "message_delta",
        "delta": {"stop_reason": "end_turn", "stop_sequence": None},
        "usage": {"input_tokens": 9, "output_tokens": 4},
    }
    message = accumulate([start, delta])
    assert message is not None
    assert message["stop_reason"] == "end_turn"
    assert message["usage"] == {"input_tokens": 9, "output_tokens": 4}


def test_citations_gather_on_their_text_block_as_the_sdk_gathers_them() -> None:
    events: list[dict[str, Any]] = [
        {
            "type": "message_start",
            "message": {
                "id": "m",
                "type": "message",
                "role": "assistant",
                "model": "x",
                "content": [],
                "stop_reason": None,
                "stop_sequence": None,
                "usage": {"input_tokens": 5, "output_tokens": 1},
            },
        },
        {"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": ""}},
    ]
    for n in (1, 2):
        citation = {
            "type": "web_search_result_location",
            "url": f"https://example.org/{n}",
            "title": f"Page {n}",
            "encrypted_index": f"e{n}",
            "cited_text": f"cited {n}",
        }
        events.append(
            {
                "type": "content_block_delta",
                "index": 0,
                "delta": {"type": "citations_delta", "citation": citation},
            }
        )
        events.append(
            {
                "type": "content_block_delta",
                "index": 0,
                "delta": {"type": "text_delta", "text": f"claim {n}. "},
            }
        )
    events += [
        {"type": "content_block_stop", "index": 0},
        {
            "type": "message_delta",
            "delta": {"stop_reason": "end_turn", "stop_sequence": None},
            "usage": {"output_tokens": 9},
        },
        {"type": "message_stop"},
    ]
    ours = accumulate(events)
    assert ours is not None
    assert [c["title"] for c in ours["content"][0]["citations"]] == ["Page 1", "Page 2"]
    assert as_sdk_reads(ours) == sdk_message(events)
