"""The annotator and the SSE decoder on their own: every event and delta, faults, splits."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ccaf.stream.annotator import StreamAnnotator, WireEvent
from ccaf.stream.cost import cost_usd, load_prices
from ccaf.stream.sse import SSEDecoder


def ev(payload: dict[str, Any], t: float = 0.0, name: str | None = None) -> WireEvent:
    return WireEvent(t, name or payload["type"], json.dumps(payload))


START: dict[str, Any] = {
    "type": "message_start",
    "message": {
        "id": "msg_1",
        "type": "message",
        "role": "assistant",
        "model": "claude-haiku-4-5",
        "content": [],
        "stop_reason": None,
        "usage": {"input_tokens": 30, "output_tokens": 1},
    },
}


def block_start(index: int, block: dict[str, Any]) -> dict[str, Any]:
    return {"type": "content_block_start", "index": index, "content_block": block}


def delta(index: int, body: dict[str, Any]) -> dict[str, Any]:
    return {"type": "content_block_delta", "index": index, "delta": body}


def stop(index: int) -> dict[str, Any]:
    return {"type": "content_block_stop", "index": index}


def message_delta(reason: str, output: int) -> dict[str, Any]:
    return {
        "type": "message_delta",
        "delta": {"stop_reason": reason, "stop_sequence": None},
        "usage": {"output_tokens": output},
    }


def test_every_event_and_delta_type_is_annotated() -> None:
    model = StreamAnnotator()
    events = [
        START,
        {"type": "ping"},
        block_start(0, {"type": "thinking", "thinking": "", "signature": ""}),
        delta(0, {"type": "thinking_delta", "thinking": "Let me think."}),
        delta(0, {"type": "signature_delta", "signature": "EqQBCgIYAhIM"}),
        stop(0),
        block_start(1, {"type": "text", "text": ""}),
        delta(1, {"type": "text_delta", "text": "Hello"}),
        delta(
            1, {"type": "citations_delta", "citation": {"type": "char_location", "cited_text": "x"}}
        ),
        stop(1),
        block_start(2, {"type": "tool_use", "id": "toolu_1", "name": "lookup_order", "input": {}}),
        delta(2, {"type": "input_json_delta", "partial_json": ""}),
        delta(2, {"type": "input_json_delta", "partial_json": '{"order_id": "A-10'}),
        delta(2, {"type": "input_json_delta", "partial_json": '42"}'}),
        stop(2),
        block_start(3, {"type": "redacted_thinking", "data": "opaque"}),
        stop(3),
        message_delta("tool_use", 88),
        {"type": "message_stop"},
    ]
    notes = [model.feed(ev(p, t=n / 10)) for n, p in enumerate(events)]
    model.end("eof")
    kinds = [(n.event, n.delta, n.kind) for n in notes]
    assert ("ping", None, "ping") in kinds
    assert ("content_block_delta", "thinking_delta", "thinking") in kinds
    assert ("content_block_delta", "signature_delta", "thinking") in kinds
    assert ("content_block_delta", "citations_delta", "text") in kinds
    assert ("content_block_delta", "input_json_delta", "tool") in kinds
    by_event = {n.event: n.note for n in notes}
    assert "provisional" in by_event["message_start"]
    assert "replace" in by_event["message_delta"] and "never add" in by_event["message_delta"]
    assert "bare" in by_event["message_stop"]
    assert "Keep-alive: ignore it" in by_event["ping"]
    tool_stop = notes[14]
    assert "now parse the accumulated JSON" in tool_stop.note
    assert "Never parse a fragment" in notes[12].note
    assert model.state == "complete" and model.stop_reason == "tool_use"
    assert model.text == "Hello"
    [call] = model.tool_calls()
    assert call.input == {"order_id": "A-1042"} and call.name == "lookup_order"
    assert model.blocks[(0, 0)].signature == "EqQBCgIYAhIM"
    assert model.blocks[(0, 3)].complete
    assert model.blocks[(0, 1)].citations
    assert (model.input_tokens, model.output_tokens, model.usage_final) == (30, 88, True)
    assert model.events == len(events)
    assert model.summary()["tool_inputs"] == [
        {"name": "lookup_order", "input": {"order_id": "A-1042"}}
    ]


def test_usage_is_replaced_not_added() -> None:
    model = StreamAnnotator()
    model.feed(ev(START))
    assert model.output_tokens == 1 and not model.usage_final
    model.feed(ev(message_delta("end_turn", 40)))
    model.feed(ev(message_delta("end_turn", 45)))  # cumulative again
    assert model.output_tokens == 45


def test_unknown_event_and_delta_types_are_passed_over() -> None:
    model = StreamAnnotator()
    model.feed(ev(START))
    note = model.feed(ev({"type": "content_block_annotation", "index": 0}))
    assert note.kind == "unknown" and "pass over it" in note.note
    note = model.feed(ev(delta(0, {"type": "future_delta", "x": 1})))
    assert note.kind == "unknown" and note.delta == "future_delta"
    assert model.state == "streaming" and model.events == 3


def test_malformed_json_is_an_error_state_not_a_crash() -> None:
    model = StreamAnnotator()
    model.feed(ev(START))
    note = model.feed(WireEvent(0.1, "content_block_delta", '{"type": "content_block_delta", '))
    assert note.kind == "error" and "Malformed JSON" in note.note
    assert model.state == "error" and model.error_type == "invalid_json"
    model.end("eof")
    assert model.state == "error"
    assert model.summary()["error_type"] == "invalid_json"


def test_error_event_mid_stream() -> None:
    model = StreamAnnotator()
    model.feed(ev(START))
    model.feed(ev(block_start(0, {"type": "text", "text": ""})))
    model.feed(ev(delta(0, {"type": "text_delta", "text": "Partial"})))
    note = model.feed(ev({"type": "error", "error": {"type": "overloaded_error", "message": "x"}}))
    model.end("eof")
    assert "keep the partial output" in note.note
    assert (model.state, model.error_type, model.text) == ("error", "overloaded_error", "Partial")


def test_end_states() -> None:
    truncated = StreamAnnotator()
    truncated.feed(ev(START))
    truncated.end("eof")
    assert truncated.state == "truncated"
    dropped = StreamAnnotator()
    dropped.feed(ev(START))
    dropped.end("dropped", "RemoteProtocolError: peer closed")
    assert dropped.state == "dropped"
    stopped = StreamAnnotator()
    stopped.feed(ev(START))
    stopped.end("interrupted")
    assert stopped.state == "interrupted"


def test_tool_json_that_never_completes_is_a_clear_parse_failure() -> None:
    model = StreamAnnotator()
    model.feed(ev(START))
    model.feed(ev(block_start(0, {"type": "tool_use", "id": "t", "name": "f", "input": {}})))
    model.feed(ev(delta(0, {"type": "input_json_delta", "partial_json": '{"a": "b'})))
    note = model.feed(ev(stop(0)))
    assert note.kind == "error" and "does not parse" in note.note
    assert model.summary()["tool_inputs"] == []


def test_http_status_before_the_stream() -> None:
    model = StreamAnnotator()
    body = json.dumps({"type": "error", "error": {"type": "rate_limit_error", "message": "slow"}})
    note = model.http_status(0.2, 429, body)
    assert note.event == "http" and "retries" in note.note
    assert model.error_type == "rate_limit_error" and model.events == 0
    note = model.http_status(0.2, 401, json.dumps({"error": {"type": "authentication_error"}}))
    assert "not retried" in note.note


def test_emoji_split_across_two_deltas() -> None:
    # A character outside the BMP, as two JSON surrogate escapes in two deltas.
    model = StreamAnnotator()
    model.feed(ev(START))
    model.feed(ev(block_start(0, {"type": "text", "text": ""})))
    head = '{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":'
    model.feed(WireEvent(0.1, "content_block_delta", head + '"ok \\ud83d"}}'))
    model.feed(WireEvent(0.2, "content_block_delta", head + '"\\ude00!"}}'))
    assert model.text.encode("utf-16", "surrogatepass").decode("utf-16") == "ok 😀!"


def test_multibyte_character_split_across_two_network_reads() -> None:
    data = 'event: content_block_delta\ndata: {"text": "naïve 😀"}\n\n'.encode()
    cut = data.index("😀".encode()) + 2  # in the middle of the emoji's four bytes
    decoder = SSEDecoder()
    first = decoder.feed(data[:cut])
    assert first == [] and decoder.pending
    [message] = decoder.feed(data[cut:])
    assert json.loads(message.data)["text"] == "naïve 😀"


def test_decoder_line_endings_comments_and_multiline_data() -> None:
    decoder = SSEDecoder()
    messages = decoder.feed(
        b": keep-alive\r\nevent: a\r\ndata: 1\r\ndata: 2\r\n\r\nevent: b\rdata: 3\r\r"
    )
    assert [(m.event, m.data) for m in messages] == [("a", "1\n2"), ("b", "3")]
    assert decoder.feed(b"event: c\ndata: 4\n") == [] and decoder.pending  # no blank line yet


def reference_decode(text: str) -> list[tuple[str | None, str]]:
    """SSE as the specification reads it: any line end, fields, a blank line dispatches."""
    out: list[tuple[str | None, str]] = []
    event: str | None = None
    data: list[str] = []
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for line in lines[:-1]:  # what follows the last line end is not a line yet
        if line == "":
            if event is not None or data:
                out.append((event, "\n".join(data)))
            event, data = None, []
        elif not line.startswith(":"):
            name, _, value = line.partition(":")
            value = value[1:] if value.startswith(" ") else value
            if name == "event":
                event = value
            elif name == "data":
                data.append(value)
    return out


sse_lines = st.lists(
    st.one_of(
        st.just(""),
        st.sampled_from([": ping", "event: a", "event: b", "data: x", "data:y", "id: 1"]),
        st.text(alphabet="abc: é", max_size=6).map(lambda t: "data: " + t),
    ),
    max_size=20,
)


@given(sse_lines, st.lists(st.sampled_from(["\n", "\r\n", "\r"]), min_size=1), st.data())
@settings(max_examples=300, deadline=None)
def test_the_decoder_reads_any_line_ends_in_any_split(
    lines: list[str], ends: list[str], data: st.DataObject
) -> None:
    text = "".join(line + ends[n % len(ends)] for n, line in enumerate(lines))
    raw = text.encode()
    cuts = sorted(data.draw(st.lists(st.integers(0, len(raw)), max_size=6)))
    decoder = SSEDecoder()
    got = []
    for start, end in zip([0, *cuts], [*cuts, len(raw)], strict=True):
        got += [(m.event, m.data) for m in decoder.feed(raw[start:end])]
    assert got == reference_decode(text)


def test_cost_from_the_price_file() -> None:
    prices = load_prices()
    assert prices.read_on.startswith("2026-11")
    assert prices.for_model("claude-sonnet-4-5-20250929") == (3.0, 15.0)
    assert prices.for_model("claude-opus-5-5") == (4.0, 20.0)
    assert cost_usd("claude-haiku-4-5", 1_000_000, 1_000_000) == 6.0
    assert cost_usd("claude-haiku-4-5", 0, 0, cache_creation=1_000_000, cache_read=1_000_000) == (
        1.25 + 0.1
    )
    assert cost_usd("some-other-model", 10, 10) is None


# -- a property test over random well-formed streams ---------------------------------------------

text_chunks = st.lists(st.text(min_size=1, max_size=8), min_size=1, max_size=6)
tool_inputs = st.dictionaries(
    st.text(min_size=1, max_size=5), st.one_of(st.integers(), st.text(max_size=5)), max_size=3
)
blocks = st.lists(
    st.one_of(st.tuples(st.just("text"), text_chunks), st.tuples(st.just("tool"), tool_inputs)),
    min_size=1,
    max_size=4,
)


def wire_bytes(spec: list[tuple[str, Any]], pings: list[int], output: int) -> bytes:
    events: list[dict[str, Any]] = [START]
    for index, (kind, body) in enumerate(spec):
        if kind == "text":
            events.append(block_start(index, {"type": "text", "text": ""}))
            events += [delta(index, {"type": "text_delta", "text": c}) for c in body]
        else:
            raw = json.dumps(body)
            events.append(
                block_start(
                    index, {"type": "tool_use", "id": f"t{index}", "name": "f", "input": {}}
                )
            )
            events.append(delta(index, {"type": "input_json_delta", "partial_json": ""}))
            events += [
                delta(index, {"type": "input_json_delta", "partial_json": raw[i : i + 3]})
                for i in range(0, len(raw), 3)
            ]
        events.append(stop(index))
    events += [message_delta("end_turn", output), {"type": "message_stop"}]
    for position in sorted(pings, reverse=True):
        events.insert(min(position, len(events) - 1) + 1, {"type": "ping"})
    return "".join(f"event: {e['type']}\ndata: {json.dumps(e)}\n\n" for e in events).encode()


@settings(max_examples=150, deadline=None)
@given(blocks, st.lists(st.integers(0, 30), max_size=4), st.integers(0, 5000), st.data())
def test_random_well_formed_streams(
    spec: list[tuple[str, Any]], pings: list[int], output: int, data: st.DataObject
) -> None:
    raw = wire_bytes(spec, pings, output)
    cuts = sorted(data.draw(st.lists(st.integers(0, len(raw)), max_size=12)))
    decoder = SSEDecoder()
    model = StreamAnnotator()
    last = 0
    for cut in [*cuts, len(raw)]:
        for message in decoder.feed(raw[last:cut]):
            model.feed(WireEvent(0.0, message.event, message.data))
        last = cut
    model.end("eof")
    assert model.state == "complete"
    assert model.text == "".join("".join(body) for kind, body in spec if kind == "text")
    assert [c.input for c in model.tool_calls()] == [body for kind, body in spec if kind == "tool"]
    assert model.output_tokens == output and model.input_tokens == 30
    assert model.events == raw.count(b"\n\n")


def test_every_client_action_fits_the_column_at_100_columns() -> None:
    from ccaf.stream.annotator import ClientAction

    assert max(len(action) for action in ClientAction) <= 21


def test_short_actions_for_the_wire_table() -> None:
    model = StreamAnnotator()
    actions = [
        model.feed(ev(p)).action
        for p in [
            START,
            {"type": "ping"},
            block_start(0, {"type": "tool_use", "id": "t", "name": "f", "input": {}}),
            delta(0, {"type": "input_json_delta", "partial_json": "{}"}),
            stop(0),
            block_start(1, {"type": "text", "text": ""}),
            delta(1, {"type": "text_delta", "text": "hi"}),
            message_delta("end_turn", 3),
            {"type": "future_thing"},
            {"type": "error", "error": {"type": "overloaded_error"}},
        ]
    ]
    assert actions == [
        "note starting usage",
        "keep-alive: ignore",
        "start a JSON buffer",
        "accumulate it",
        "parse now, then run",
        "start a buffer",
        "show it",
        "replace, don't add",
        "pass over it",
        "say it, keep output",
    ]


def test_events_with_the_wrong_shape_are_errors_not_crashes() -> None:
    shapes = [
        delta(0, {"type": "text_delta", "text": "x"}) | {"index": None},
        {"type": "error", "error": "overloaded"},
        {"type": "message_start", "message": "x"},
        {"type": "content_block_delta", "index": 0, "delta": "text"},
        {"type": "message_delta", "delta": {}, "usage": {"output_tokens": "12x"}},
    ]
    for payload in shapes:
        model = StreamAnnotator()
        note = model.feed(ev(payload))
        assert note.kind == "error" and model.state == "error", payload
        assert model.error_type == "invalid_event"


def test_stop_reason_belongs_to_its_own_response() -> None:
    model = StreamAnnotator()
    model.feed(ev(START))
    model.feed(ev(message_delta("max_tokens", 9)))
    model.feed(ev({"type": "message_stop"}))
    model.end("eof")
    model.new_turn(1.0)
    model.feed(ev(START))
    model.end("dropped", "cut")
    assert model.state == "dropped" and model.stop_reason is None


def test_metrics_follow_a_moving_clock() -> None:
    """Time to first text, the longest gap and tokens per second, from arrival times."""
    model = StreamAnnotator()
    text = [delta(0, {"type": "text_delta", "text": word}) for word in ("One ", "two ", "three")]
    arrivals = [
        (0.4, START),
        (0.5, {"type": "ping"}),
        (0.6, block_start(0, {"type": "text", "text": ""})),
        (0.9, text[0]),
        (1.0, text[1]),
        (3.5, text[2]),  # the longest gap: 2.5 s
        (3.6, stop(0)),
    ]
    for t, payload in arrivals:
        model.feed(ev(payload, t=t))
    assert model.ttft == pytest.approx(0.9)  # from the request, not from the first event
    assert model.longest_gap == pytest.approx(2.5)
    assert (model.first_event_t, model.last_event_t) == (0.4, 3.6)
    # Before message_delta the output count is provisional: about four characters a token.
    assert not model.usage_final and model.estimated_output_tokens() == 3  # 13 chars / 4
    assert model.tokens_per_second() == pytest.approx(3 / 3.2)
    model.feed(ev(message_delta("end_turn", 32), t=3.7))
    model.feed(ev({"type": "message_stop"}, t=4.4))
    assert model.usage_final and model.tokens_per_second() == pytest.approx(32 / 4.0)
    assert model.longest_gap == pytest.approx(2.5) and model.summary()["ttft_s"] == 0.9
    assert model.stream_seconds() == pytest.approx(4.4)
    # A further turn (a continuation sent at 10.0, after the learner waited): time to first
    # text stays the first response's, and the wait is neither a gap nor stream time.
    model.new_turn(10.0)
    model.feed(ev(START, t=14.5))
    assert model.longest_gap == pytest.approx(2.5) and model.ttft == pytest.approx(0.9)
    model.feed(ev({"type": "ping"}, t=14.75))
    assert model.stream_seconds() == pytest.approx(4.4 + 4.75)
    assert model.stream_seconds(now=15.0) == pytest.approx(4.4 + 5.0)  # still arriving
    model.stopped(16.0)
    assert model.stream_seconds(now=20.0) == pytest.approx(4.4 + 4.75)  # ended at its last event


def test_time_to_first_text_counts_from_its_turn() -> None:
    model = StreamAnnotator()
    model.new_turn(2.0)  # a first request sent two seconds into the demo (after a retry)
    model.feed(ev(START, t=2.5))
    model.feed(ev({"type": "ping"}, t=2.6))
    assert model.ttft is None and model.tokens_per_second() is None
    model.feed(ev(block_start(0, {"type": "text", "text": ""}), t=2.7))
    model.feed(ev(delta(0, {"type": "text_delta", "text": "Hi"}), t=3.25))
    assert model.ttft == pytest.approx(1.25)
    assert model.tokens_per_second() == pytest.approx(1 / 0.75)  # "Hi": one token, estimated
    one = StreamAnnotator()
    one.feed(ev(START, t=1.0))
    one.feed(ev(block_start(0, {"type": "text", "text": ""}), t=1.0))
    one.feed(ev(delta(0, {"type": "text_delta", "text": "Hi"}), t=1.0))
    assert one.ttft == 1.0 and one.tokens_per_second() is None  # no time has passed: no rate


def test_turns_end_states_and_what_each_resets() -> None:
    model = StreamAnnotator("claude-haiku-4-5")
    assert model.model == "claude-haiku-4-5" and model.turn == 0
    model.new_turn(1.0)  # nothing has arrived: the first request's turn is still turn 0
    assert (model.turn, model.turn_started) == (0, {0: 1.0})
    model.feed(ev({"type": "ping"}, t=1.5))  # an event, but no usage yet
    model.new_turn(2.0)
    assert model.turn == 1
    model.feed(ev(START, t=2.1))
    model.feed(ev({"type": "message_stop"}, t=2.2))
    model.end("eof")
    assert (model.turn, model.state) == (1, "complete")
    model.new_turn(3.0)
    assert (model.turn, model.state, model.stop_reason) == (2, "streaming", None)
    model.end("eof")
    assert model.state == "truncated"  # this turn saw no message_stop of its own
    model.fail("no_api_key", "not set")
    model.new_turn(4.0)
    assert (model.error_type, model.error_message, model.turn) == (None, None, 3)

    errored = StreamAnnotator()
    errored.feed(ev({"type": "error", "error": {"type": "overloaded_error", "message": "busy"}}))
    errored.end("eof")
    assert (errored.state, errored.error_message) == ("error", "busy")
    errored.end("interrupted")
    assert errored.state == "interrupted"
    errored.end("dropped", "ReadError: peer closed")
    assert (errored.state, errored.error_message) == ("dropped", "ReadError: peer closed")


@pytest.mark.parametrize(
    ("status", "retried"),
    [(408, True), (409, True), (410, False), (429, True), (499, False), (500, True), (529, True)],
)
def test_which_statuses_the_sdk_retries(status: int, retried: bool) -> None:
    note = StreamAnnotator().http_status(0.0, status, "{}")
    assert ("the SDK retries this status" in note.note) is retried
    assert note.action == ("SDK retries" if retried else "not retried: fix it")
    assert note.summary == f"HTTP {status}"


def test_error_bodies_that_are_not_the_documented_shape() -> None:
    model = StreamAnnotator()
    model.http_status(0.0, 502, "<html>" + "x" * 300)
    assert (model.error_type, model.error_message) == (None, ("<html>" + "x" * 300)[:200])
    model.http_status(0.0, 500, "[1, 2]")
    assert (model.error_type, model.error_message) == (None, None)
    model.http_status(0.0, 500, '{"error": "text"}')
    assert (model.error_type, model.error_message) == (None, None)


def test_blocks_that_arrive_complete_are_complete_at_their_start() -> None:
    model = StreamAnnotator()
    model.feed(ev(block_start(0, {"type": "redacted_thinking", "data": "x"})))
    model.feed(ev(block_start(1, {"type": "web_search_tool_result", "content": []})))
    model.feed(ev(block_start(2, {"type": "server_tool_use", "id": "s", "name": "web_search"})))
    model.feed(ev(block_start(3, {"type": "text", "text": "Already "})))
    blocks = model.blocks_of_turn(0)
    assert [b.complete for b in blocks] == [True, True, False, False]
    assert blocks[3].text == "Already "


def test_rounding_in_the_summary_and_json_lines() -> None:
    model = StreamAnnotator()
    model.feed(ev(START, t=0.1))
    model.feed(ev(block_start(0, {"type": "text", "text": ""}), t=0.2))
    note = model.feed(ev(delta(0, {"type": "text_delta", "text": "x" * 400}), t=0.12345))
    assert note.to_json()["t"] == 0.123
    final = message_delta("end_turn", 7)
    final["usage"]["cache_read_input_tokens"] = 3  # at a tenth of the input price
    model.feed(ev(final, t=0.5))
    summary = model.summary()
    assert summary["ttft_s"] == 0.123
    assert model.cost() == pytest.approx((30 + 3 * 0.1 + 7 * 5) / 1e6)
    assert summary["cost_usd"] == 0.000065  # to the millionth of a dollar
