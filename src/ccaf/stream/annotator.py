"""What a streamed response means, event by event: the annotator and the state it builds.

`StreamAnnotator.feed` takes each server-sent event as it arrived on the wire (pings and
unknown types included) and returns a `Note`: what the event is and what correct client code
does with it now, with that action as data. The annotator keeps what a correct client keeps:
text per block, tool input JSON per block (parsed only at that block's `content_block_stop`),
usage (replaced, never added), the stop reason, and how the stream ended.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Literal

from ccaf.stream.cost import cost_usd
from ccaf.stream.heuristics import RepetitionDetector
from ccaf.stream.message import TOOL_INPUT_BLOCKS

State = Literal["streaming", "complete", "truncated", "error", "dropped", "interrupted"]
#: How a line of "What arrived" is coloured: what kind of thing arrived.
Kind = Literal[
    "message",
    "block",
    "text",
    "tool",
    "thinking",
    "usage",
    "ping",
    "error",
    "unknown",
    "http",
]


class ClientAction(StrEnum):
    """What correct client code does with an event, in the few words of the wire table.

    Each fits the table's client column at 100 columns (21 characters at most).
    """

    NOTE_USAGE = "note starting usage"
    START_BUFFER = "start a buffer"
    START_JSON = "start a JSON buffer"
    KEEP_AS_IS = "keep it as it is"
    KEEP_OPAQUE = "keep it opaque"
    SHOW = "show it"
    ACCUMULATE = "accumulate it"
    SHOW_DIMMED = "show it dimmed"
    KEEP = "keep it"
    ATTACH = "attach it"
    PARSE_AND_RUN = "parse now, then run"
    PARSE_SERVER_RUNS = "parse; server runs it"
    PARSE_FAILED = "bad JSON: report it"
    BLOCK_DONE = "block done"
    REPLACE_USAGE = "replace, don't add"
    SEND_BACK = "send back to continue"
    DONE = "done"
    IGNORE = "keep-alive: ignore"
    SURFACE = "say it, keep output"
    PROTOCOL_ERROR = "protocol error: stop"
    SKIP = "skip it"
    PASS_OVER = "pass over it"
    SDK_RETRIES = "SDK retries"
    NOT_RETRIED = "not retried: fix it"


KNOWN_EVENTS = frozenset(
    {
        "message_start",
        "content_block_start",
        "content_block_delta",
        "content_block_stop",
        "message_delta",
        "message_stop",
        "ping",
        "error",
    }
)


@dataclass(frozen=True, slots=True)
class WireEvent:
    """One server-sent event as it arrived: `t` is seconds since the demo's first request."""

    t: float
    event: str | None
    data: str
    turn: int = 0


@dataclass(frozen=True, slots=True)
class Note:
    """One line of "What arrived"."""

    t: float
    event: str  # the wire type, or "http" for a status answered instead of a stream
    index: int | None
    delta: str | None
    summary: str
    note: str  # what the event is and what a correct client does now, in full
    kind: Kind
    raw: str  # the full data, for selecting the line
    action: ClientAction  # what a correct client does now, in a few words

    def to_json(self) -> dict[str, Any]:
        return {
            "t": round(self.t, 3),
            "event": self.event,
            "index": self.index,
            "delta": self.delta,
            "note": self.note,
        }


@dataclass
class Block:
    index: int
    type: str
    turn: int
    #: The block as `content_block_start` gave it, to send back as it was (server tool
    #: blocks, results, compaction).
    start: dict[str, Any] = field(default_factory=dict)
    #: The block's text (or thinking) as it came, piece by piece: `text` joins it.
    pieces: list[str] = field(default_factory=list)
    name: str | None = None
    tool_id: str | None = None
    fragments: list[str] = field(default_factory=list)
    input: Any = None
    parse_error: str | None = None
    signature: str = ""
    citations: list[Any] = field(default_factory=list)
    complete: bool = False

    @property
    def partial_json(self) -> str:
        return "".join(self.fragments)

    @property
    def text(self) -> str:
        # Joined when read (a string grown by one delta at a time would be copied whole at
        # each), and kept joined.
        if len(self.pieces) > 1:
            self.pieces[:] = ["".join(self.pieces)]
        return self.pieces[0] if self.pieces else ""

    @text.setter
    def text(self, value: str) -> None:
        self.pieces[:] = [value]


@dataclass
class Usage:
    input_tokens: int = 0
    output_tokens: int = 0
    cache_creation_input_tokens: int = 0
    cache_read_input_tokens: int = 0
    server_tool_use: dict[str, Any] = field(default_factory=dict)
    final: bool = False  # True once message_delta has reported the cumulative counts


def _short(value: str, width: int = 40) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= width else text[: width - 2] + '…"'


class StreamAnnotator:
    """The annotator: feed it wire events in arrival order; read the state it keeps."""

    def __init__(self, model: str | None = None) -> None:
        self.model = model
        self.turn = 0
        #: Per response (turn): when its request went out, its first and last events, and
        #: when it ended without events (an error status, a refused connection).
        self.turn_started: dict[int, float] = {0: 0.0}
        self.turn_first_event: dict[int, float] = {}
        self.turn_last_event: dict[int, float] = {}
        self.turn_ended: dict[int, float] = {}
        self.blocks: dict[tuple[int, int], Block] = {}
        self.usage: dict[int, Usage] = {}
        self.stop_reason: str | None = None
        self.state: State = "streaming"
        self.error_type: str | None = None
        self.error_message: str | None = None
        self.events = 0
        self.ttft: float | None = None
        self.first_event_t: float | None = None
        self.last_event_t: float | None = None
        self.longest_gap = 0.0
        self.repetition = RepetitionDetector()
        self.repeated_phrase: str | None = None
        self._text_parts: list[str] = []
        self._saw_message_stop = False
        #: Each known event type's handler (`_on_<type>`).
        self._handlers: dict[str, Callable[[WireEvent, dict[str, Any]], Note]] = {
            name: getattr(self, f"_on_{name}") for name in KNOWN_EVENTS
        }

    # -- turns ---------------------------------------------------------------------------

    def new_turn(self, t: float) -> None:
        """A further request in the same demo (a retry's success, a tool result, a continuation)."""
        if self.events or self.turn in self.usage:
            self.turn += 1
        self.turn_started[self.turn] = t
        self.turn_ended.pop(self.turn, None)
        self.state = "streaming"
        self.stop_reason = None  # each response reports its own
        self._saw_message_stop = False
        self.error_type = self.error_message = None

    # -- the wire ------------------------------------------------------------------------

    def http_status(self, t: float, status: int, body: str) -> Note:
        """A request answered with an HTTP error instead of a stream."""
        error_type, message = _error_fields(body)
        self.error_type, self.error_message = error_type, message
        self.state = "error"
        self.turn_ended[self.turn] = t
        retried = status in (408, 409, 429) or status >= 500
        what = (
            "the SDK retries this status with backoff, before any stream starts"
            if retried
            else "not retried: fix the request or the key, then send it again"
        )
        return Note(
            t,
            "http",
            None,
            None,
            f"HTTP {status} {error_type or ''}".strip(),
            f"An error before the stream: a plain JSON body, not SSE; {what}.",
            "http",
            body,
            ClientAction.SDK_RETRIES if retried else ClientAction.NOT_RETRIED,
        )

    def retry(self, t: float, waited: float) -> Note:
        """The SDK sent the request again after a status it retries."""
        return Note(
            t,
            "retry",
            None,
            None,
            f"request sent again after {waited:.2f}s",
            f"The SDK's own retry, {waited:.2f} s after the error status (it honours the "
            "server's retry-after headers, else backs off with jitter): client code sees only "
            "this attempt's stream.",
            "http",
            "",
            ClientAction.SDK_RETRIES,
        )

    def feed(self, wire: WireEvent) -> Note:
        """Annotate one event and update the state."""
        self.events += 1
        if self.last_event_t is not None and self.turn_first_event.get(self.turn) is not None:
            # Gaps within one response only: not the wait for a key press between them.
            self.longest_gap = max(self.longest_gap, wire.t - self.last_event_t)
        if self.first_event_t is None:
            self.first_event_t = wire.t
        self.turn_first_event.setdefault(self.turn, wire.t)
        self.turn_last_event[self.turn] = wire.t
        self.last_event_t = wire.t
        name = wire.event or "message"
        try:
            payload = json.loads(wire.data) if wire.data else {}
        except json.JSONDecodeError as exc:
            return self._protocol_error(
                wire,
                name,
                "invalid_json",
                f"{name}: data is not valid JSON ({exc.msg} at column {exc.colno})",
                "Malformed JSON in a data: line",
            )
        if not isinstance(payload, dict):
            payload = {"value": payload}
        handler = self._handlers.get(name)
        if handler is None:
            return Note(
                wire.t,
                name,
                payload.get("index"),
                None,
                _short(wire.data),
                "Unknown event type: pass over it and keep reading; Anthropic may add event types.",
                "unknown",
                wire.data,
                ClientAction.PASS_OVER,
            )
        try:
            note: Note = handler(wire, payload)
        except (TypeError, ValueError, AttributeError) as exc:  # valid JSON, wrong shape
            return self._protocol_error(
                wire,
                name,
                "invalid_event",
                f"{name}: unexpected shape ({type(exc).__name__}: {exc})",
                "An event whose fields do not have the documented shape",
            )
        return note

    def end(
        self, reason: Literal["eof", "dropped", "interrupted"], detail: str | None = None
    ) -> None:
        """The response body ended: how, decides the final state."""
        if self.state in ("error",) and reason == "eof":
            return
        if reason == "interrupted":
            self.state = "interrupted"
        elif reason == "dropped":
            self.state = "dropped"
            self.error_message = detail
        elif self._saw_message_stop:
            self.state = "complete"
        elif self.state != "error":
            self.state = "truncated"

    def _protocol_error(
        self, wire: WireEvent, name: str, error_type: str, message: str, what: str
    ) -> Note:
        """An event that breaks the protocol (`what` it is): the stream is in error."""
        self.fail(error_type, message)
        return Note(
            wire.t,
            name,
            None,
            None,
            _short(wire.data),
            f"{what}: a protocol error. Stop reading, report it, and keep the output that arrived.",
            "error",
            wire.data,
            ClientAction.PROTOCOL_ERROR,
        )

    def fail(self, error_type: str, message: str) -> None:
        """An error that is not on the wire (no key, a refused connection)."""
        self.state = "error"
        self.error_type, self.error_message = error_type, message

    def stopped(self, t: float) -> None:
        """The current response is over (however it ended): its clock stops at `t`."""
        self.turn_ended.setdefault(self.turn, self.turn_last_event.get(self.turn, t))

    def stream_seconds(self, now: float | None = None) -> float:
        """Time spent on responses, from each request to its last event (or its end), summed.

        The time a learner waited before a continuation or between turns is not in it; `now`
        is the clock while the current response is still arriving.
        """
        total = 0.0
        for turn, started in self.turn_started.items():
            end = self.turn_ended.get(turn)
            if end is None:
                if now is not None and turn == self.turn:
                    end = now
                else:
                    end = self.turn_last_event.get(turn, started)
            total += max(0.0, end - started)
        return total

    # -- handlers ------------------------------------------------------------------------

    def _usage(self) -> Usage:
        return self.usage.setdefault(self.turn, Usage())

    def _on_message_start(self, wire: WireEvent, p: dict[str, Any]) -> Note:
        message = p.get("message") or {}
        self.model = message.get("model") or self.model
        usage = message.get("usage") or {}
        u = self._usage()
        u.input_tokens = int(usage.get("input_tokens") or 0)
        u.output_tokens = int(usage.get("output_tokens") or 0)
        u.cache_creation_input_tokens = int(usage.get("cache_creation_input_tokens") or 0)
        u.cache_read_input_tokens = int(usage.get("cache_read_input_tokens") or 0)
        u.final = False
        return Note(
            wire.t,
            "message_start",
            None,
            None,
            f"{self.model} · in {u.input_tokens} · out {u.output_tokens} (provisional)",
            "The message begins: id, model, empty content. Its usage is a starting figure: "
            "output_tokens is provisional, and with server tools the input and cache counts "
            "can rise later. Note them; the last message_delta has the final counts.",
            "message",
            wire.data,
            ClientAction.NOTE_USAGE,
        )

    def _on_content_block_start(self, wire: WireEvent, p: dict[str, Any]) -> Note:
        index = int(p.get("index", 0))
        cb = p.get("content_block") or {}
        kind = str(cb.get("type", "?"))
        block = Block(
            index,
            kind,
            self.turn,
            start=dict(cb),
            pieces=[str(cb.get("text") or "")],
            name=cb.get("name"),
            tool_id=cb.get("id"),
        )
        self.blocks[(self.turn, index)] = block
        style: Kind
        if kind == "text":
            note, style, action = (
                f"Block {index} opens: text. Start a text buffer for index {index}.",
                "block",
                ClientAction.START_BUFFER,
            )
        elif kind == "tool_use":
            note = (
                f"Block {index} opens: tool_use {cb.get('name')}, input {{}} is only a "
                f"placeholder. Start a JSON buffer for index {index}; don't run the tool yet."
            )
            style, action = "tool", ClientAction.START_JSON
        elif kind in TOOL_INPUT_BLOCKS:
            runner = "the MCP server" if kind == "mcp_tool_use" else "Anthropic's server"
            note = (
                f"Block {index} opens: {kind} {cb.get('name')}, input {{}} is only a "
                "placeholder: its input streams as input_json_delta, exactly like tool_use. "
                f"Start a JSON buffer for index {index}; {runner} runs this tool, not you."
            )
            style, action = "tool", ClientAction.START_JSON
        elif kind == "thinking":
            note, style, action = (
                f"Block {index} opens: thinking. Show it dimmed (or not at all); keep "
                "its signature to send the block back.",
                "thinking",
                ClientAction.START_BUFFER,
            )
        elif kind == "redacted_thinking":
            block.complete = True
            note, style, action = (
                f"Block {index}: redacted_thinking, complete here. Keep its data opaque "
                "and pass it back unchanged.",
                "thinking",
                ClientAction.KEEP_OPAQUE,
            )
        elif kind == "compaction":
            note, style, action = (
                f"Block {index} opens: compaction (beta), a summary of the earlier "
                "conversation; its content arrives as compaction_delta. Keep the block and "
                "send it back unchanged on the next turn.",
                "block",
                ClientAction.START_BUFFER,
            )
        elif kind.endswith("_tool_result"):
            block.complete = True
            note, style, action = (
                f"Block {index}: {kind}, complete in this event: the server's tool result "
                "(no deltas follow). Keep it as it is; it goes back with the turn.",
                "tool",
                ClientAction.KEEP_AS_IS,
            )
        else:
            note, style, action = (
                f"Block {index} opens: {kind}, a block type this client does not know. Keep "
                "it as it is and read on; Anthropic may add block types.",
                "unknown",
                ClientAction.KEEP_AS_IS,
            )
        return Note(
            wire.t, "content_block_start", index, None, kind, note, style, wire.data, action
        )

    def _block(self, index: int) -> Block:
        """This turn's block at `index`; one the stream never opened is made as it is named."""
        block = self.blocks.get((self.turn, index))
        if block is None:
            block = self.blocks[(self.turn, index)] = Block(index, "?", self.turn)
        return block

    def _on_content_block_delta(self, wire: WireEvent, p: dict[str, Any]) -> Note:
        index = int(p.get("index", 0))
        delta = p.get("delta") or {}
        dtype = str(delta.get("type", "?"))
        block = self._block(index)

        def said(summary: str, note: str, kind: Kind, action: ClientAction) -> Note:
            return Note(
                wire.t, "content_block_delta", index, dtype, summary, note, kind, wire.data, action
            )

        if dtype == "text_delta":
            text = str(delta.get("text", ""))
            block.pieces.append(text)
            self._text_parts.append(text)
            if self.ttft is None:
                self.ttft = wire.t - self.turn_started.get(self.turn, 0.0)
            phrase = self.repetition.feed(text)
            if phrase:
                self.repeated_phrase = phrase
            return said(
                _short(text),
                f"Text for block {index}: show it now and append it to the block.",
                "text",
                ClientAction.SHOW,
            )
        if dtype == "input_json_delta":
            fragment = str(delta.get("partial_json", ""))
            block.fragments.append(fragment)
            return said(
                _short(fragment),
                "A fragment of the tool input's JSON, not valid on its own: append it to "
                f"block {index}'s buffer. Never parse a fragment.",
                "tool",
                ClientAction.ACCUMULATE,
            )
        if dtype == "thinking_delta":
            block.pieces.append(str(delta.get("thinking", "")))
            return said(
                _short(str(delta.get("thinking", ""))),
                "Thinking text: append it; show it dimmed or keep it out of the answer.",
                "thinking",
                ClientAction.SHOW_DIMMED,
            )
        if dtype == "signature_delta":
            block.signature = str(delta.get("signature", ""))  # the SDK sets it, not appends
            return said(
                f"{len(block.signature)} chars",
                "The thinking block's signature: keep it, and send the block back "
                "unchanged on the next turn.",
                "thinking",
                ClientAction.KEEP,
            )
        if dtype == "citations_delta":
            citation = delta.get("citation")
            block.citations.append(citation)
            source = _citation_source(citation)
            return said(
                _short(source) if source else "citation",
                f"A citation for block {index}'s text: attach it to that block and show "
                "its source with the text it supports.",
                "text",
                ClientAction.ATTACH,
            )
        if dtype == "compaction_delta":
            block.text = str(delta.get("content") or "")  # the SDK replaces, not appends
            return said(
                _short(block.text),
                f"The compaction summary (beta) for block {index}: it replaces what the block "
                "held. Keep it with the block, to send back unchanged.",
                "block",
                ClientAction.KEEP,
            )
        return said(
            _short(wire.data),
            "Unknown delta type: skip it and keep reading.",
            "unknown",
            ClientAction.SKIP,
        )

    def _on_content_block_stop(self, wire: WireEvent, p: dict[str, Any]) -> Note:
        index = int(p.get("index", 0))
        block = self._block(index)
        block.complete = True
        if block.type in TOOL_INPUT_BLOCKS:
            raw = block.partial_json
            style: Kind
            try:
                block.input = json.loads(raw) if raw.strip() else {}
                summary = _short(json.dumps(block.input, ensure_ascii=False), 48)
                if block.type == "tool_use":
                    note = (
                        f"Block {index} is complete: now parse the accumulated JSON and run "
                        f"{block.name}."
                    )
                    action = ClientAction.PARSE_AND_RUN
                else:
                    runner = "The MCP server" if block.type == "mcp_tool_use" else "The server"
                    note = (
                        f"Block {index} is complete: its input parses now. {runner} runs "
                        f"{block.name}; its result arrives as a block of its own."
                    )
                    action = ClientAction.PARSE_SERVER_RUNS
                style = "tool"
            except json.JSONDecodeError as exc:
                block.parse_error = f"{exc.msg} at column {exc.colno}"
                summary = "invalid JSON"
                note = (
                    f"Block {index} is complete but its JSON does not parse "
                    f"({block.parse_error}): report it; don't run the tool."
                )
                style, action = "error", ClientAction.PARSE_FAILED
            return Note(
                wire.t, "content_block_stop", index, None, summary, note, style, wire.data, action
            )
        what = block.type
        return Note(
            wire.t,
            "content_block_stop",
            index,
            None,
            f"{what} complete",
            f"Block {index} ({what}) is complete.",
            "block",
            wire.data,
            ClientAction.BLOCK_DONE,
        )

    def _on_message_delta(self, wire: WireEvent, p: dict[str, Any]) -> Note:
        delta = p.get("delta") or {}
        self.stop_reason = delta.get("stop_reason")
        usage = p.get("usage") or {}
        u = self._usage()
        input_before = u.input_tokens
        for key in (
            "input_tokens",
            "output_tokens",
            "cache_creation_input_tokens",
            "cache_read_input_tokens",
        ):
            if usage.get(key) is not None:
                setattr(u, key, int(usage[key]))  # cumulative: replace, never add
        server_tools = usage.get("server_tool_use")
        if isinstance(server_tools, dict):
            u.server_tool_use = dict(server_tools)
        u.final = True
        summary = f"stop_reason {self.stop_reason} · out {u.output_tokens}"
        note = (
            "stop_reason, and usage counts that are cumulative: replace the ones you "
            "hold, never add them."
        )
        action = ClientAction.REPLACE_USAGE
        if u.input_tokens != input_before:
            summary += f" · in {input_before}→{u.input_tokens}"
            note += (
                f" input_tokens changed from {input_before} (message_start) to "
                f"{u.input_tokens}: server tools added input. Tokens and cost follow the "
                "last value."
            )
        used = ", ".join(f"{k} {v}" for k, v in u.server_tool_use.items() if v)
        if used:
            note += f" Server tools used: {used}."
        if self.stop_reason == "pause_turn":
            note += (
                " stop_reason pause_turn: the server paused a long turn. Send this response "
                "back unchanged as the assistant turn (after the same messages) to let it "
                "continue."
            )
            action = ClientAction.SEND_BACK
        return Note(wire.t, "message_delta", None, None, summary, note, "usage", wire.data, action)

    def _on_message_stop(self, wire: WireEvent, p: dict[str, Any]) -> Note:
        self._saw_message_stop = True
        return Note(
            wire.t,
            "message_stop",
            None,
            None,
            "end",
            "The message is complete. On the wire this event is bare: stop_reason and "
            "usage came in message_delta.",
            "message",
            wire.data,
            ClientAction.DONE,
        )

    def _on_ping(self, wire: WireEvent, p: dict[str, Any]) -> Note:
        return Note(
            wire.t,
            "ping",
            None,
            None,
            "",
            "Keep-alive: ignore it.",
            "ping",
            wire.data,
            ClientAction.IGNORE,
        )

    def _on_error(self, wire: WireEvent, p: dict[str, Any]) -> Note:
        error = p.get("error") or {}
        self.state = "error"
        self.error_type = str(error.get("type") or "error")
        self.error_message = str(error.get("message") or "")
        return Note(
            wire.t,
            "error",
            None,
            None,
            self.error_type,
            "An error mid-stream, after HTTP 200: the stream ends without message_stop. "
            "Surface the error and keep the partial output.",
            "error",
            wire.data,
            ClientAction.SURFACE,
        )

    # -- what a client holds -------------------------------------------------------------

    @property
    def text(self) -> str:
        """All text deltas, joined."""
        return "".join(self._text_parts)

    def tool_calls(self) -> list[Block]:
        return [b for b in self.blocks.values() if b.type == "tool_use"]

    def blocks_of_turn(self, turn: int) -> list[Block]:
        return [b for (t, _), b in sorted(self.blocks.items()) if t == turn]

    @property
    def input_tokens(self) -> int:
        return sum(u.input_tokens for u in self.usage.values())

    @property
    def output_tokens(self) -> int:
        return sum(u.output_tokens for u in self.usage.values())

    @property
    def usage_final(self) -> bool:
        return bool(self.usage) and all(u.final for u in self.usage.values())

    def estimated_output_tokens(self) -> int:
        """When the final count never arrived: about four characters a token, of what arrived."""
        chars = sum(len(b.text) + len(b.partial_json) for b in self.blocks.values())
        return max(self.output_tokens, round(chars / 4))

    def cost(self) -> float | None:
        total = 0.0
        for turn, u in self.usage.items():
            output = u.output_tokens
            if not u.final:
                chars = sum(len(b.text) + len(b.partial_json) for b in self.blocks_of_turn(turn))
                output = max(output, round(chars / 4))
            one = cost_usd(
                self.model,
                u.input_tokens,
                output,
                u.cache_creation_input_tokens,
                u.cache_read_input_tokens,
            )
            if one is None:
                return None
            total += one
        return total

    def tokens_per_second(self) -> float | None:
        """Output tokens over the time events were arriving, response by response."""
        if self.ttft is None or self.last_event_t is None or self.first_event_t is None:
            return None
        span = sum(
            self.turn_last_event[turn] - first for turn, first in self.turn_first_event.items()
        )
        tokens = self.output_tokens if self.usage_final else self.estimated_output_tokens()
        return tokens / span if span > 0 else None

    def summary(self) -> dict[str, Any]:
        cost = self.cost()
        return {
            "state": self.state,
            "stop_reason": self.stop_reason,
            "error_type": self.error_type,
            "text": self.text,
            "tool_inputs": [
                {"name": b.name, "input": b.input}
                for b in self.tool_calls()
                if b.complete and b.parse_error is None
            ],
            "usage": {"input_tokens": self.input_tokens, "output_tokens": self.output_tokens},
            "events": self.events,
            "ttft_s": None if self.ttft is None else round(self.ttft, 3),
            "cost_usd": None if cost is None else round(cost, 6),
        }


def _error_fields(body: str) -> tuple[str | None, str | None]:
    try:
        data = json.loads(body)
    except json.JSONDecodeError:
        return None, body[:200]
    error = data.get("error") if isinstance(data, dict) else None
    if isinstance(error, dict):
        return error.get("type"), error.get("message")
    return None, None


def _citation_source(citation: Any) -> str:
    """A citation's source as a client shows it: its title, else its URL or document."""
    if not isinstance(citation, dict):
        return ""
    for key in ("title", "document_title", "url"):
        value = citation.get(key)
        if isinstance(value, str) and value:
            return value
    return ""
