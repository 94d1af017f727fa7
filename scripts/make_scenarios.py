"""Regenerate the stream demo's bundled replay scenarios.

Each scenario is a recorded-style Claude Messages API stream, written as a `.sse` file that
is itself a valid server-sent event stream, with SSE comment lines for what the wire does not
carry: `: title=` and `: teaches=` metadata, `: t=SECONDS` arrival times, `: drop` where the
replay server cuts the connection, and `: status=CODE` for an HTTP error answered instead of a
stream. A scenario is one file, or a directory of `1.sse`, `2.sse`, ... answered in turn to
successive requests. The protocol facts follow Anthropic's streaming and server-tool docs
(https://platform.claude.com/docs/en/build-with-claude/streaming,
https://platform.claude.com/docs/en/agents-and-tools/tool-use/server-tools) and the
anthropic SDK's own accumulation of events (`src/anthropic/lib/streaming/_messages.py`).

The output is deterministic: timings, chunking and ids come from random generators seeded with
each transcript's name, so running this again rewrites identical files.

    python3 scripts/make_scenarios.py           # write every scenario
    python3 scripts/make_scenarios.py --check   # exit 1 if any file is missing or differs
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import random
import re
import string
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

OUT_DIR = Path(__file__).resolve().parent.parent / "src" / "ccaf" / "stream" / "scenarios"

MODEL = "claude-haiku-4-5"
BASE62 = string.digits + string.ascii_uppercase + string.ascii_lowercase

#: Output tokens a tool_use block costs beyond its JSON arguments (name, id, framing).
TOOL_USE_OVERHEAD = 40

Payload = dict[str, Any]


# --- helpers -----------------------------------------------------------------------------


def estimate_tokens(text: str, chars_per_token: float = 4.0) -> int:
    """A plausible token count for `text`: about one token per four characters."""
    return max(1, round(len(text) / chars_per_token))


def opaque_id(prefix: str, seed: str, length: int) -> str:
    """A stable id such as `msg_01...`, derived from `seed` so reruns give the same id."""
    number = int.from_bytes(hashlib.sha256(seed.encode()).digest(), "big")
    chars = []
    for _ in range(length):
        number, digit = divmod(number, len(BASE62))
        chars.append(BASE62[digit])
    return prefix + "".join(chars)


def signature(seed: str) -> str:
    """An opaque, base64-looking thinking signature of 100 characters."""
    raw = hashlib.sha512(seed.encode()).digest() + hashlib.sha256(seed.encode()).digest()[:2]
    return "EqQBCgIYAhIM" + base64.b64encode(raw).decode()


def dumps(payload: Payload) -> str:
    """One-line JSON as the API sends it."""
    return json.dumps(payload, separators=(",", ":"), ensure_ascii=False)


def chunk_text(text: str, rng: random.Random, words: tuple[int, int] = (1, 6)) -> list[str]:
    """Split `text` into delta-sized pieces of a few words each.

    Whitespace stays attached to the word after it, as tokenizers do, so a piece never ends
    with a space and the pieces join back to exactly `text`.
    """
    tokens = re.findall(r"\s*\S+", text)
    tail = text[len("".join(tokens)) :]
    if tail:
        tokens.append(tail)
    chunks: list[str] = []
    position = 0
    while position < len(tokens):
        size = rng.randint(*words)
        chunks.append("".join(tokens[position : position + size]))
        position += size
    assert "".join(chunks) == text
    return chunks


# --- the transcript builder ----------------------------------------------------------------


class Transcript:
    """Builds one `.sse` transcript: metadata comments, then timed events."""

    def __init__(self, key: str, title: str, teaches: str, status: int | None = None) -> None:
        self.key = key
        self.rng = random.Random(f"ccaf-stream-scenarios/{key}")
        self.lines: list[str] = [] if status is None else [f": status={status}"]
        self.lines += [f": title={title}", f": teaches={teaches}"]
        self.now_ms = 0
        self.ping_every_ms: int | None = None
        self.last_ping_ms = 0

    # clock

    def wait(self, low_ms: int, high_ms: int) -> None:
        self.now_ms += self.rng.randint(low_ms, high_ms)

    def pace(self, low_ms: int, high_ms: int, burst: float) -> None:
        """The gap before the next delta: usually within the range, now and then a burst."""
        if self.rng.random() < burst:
            self.wait(0, 3)
        else:
            self.wait(low_ms, high_ms)

    # raw output

    def emit(self, payload: Payload) -> None:
        self.lines += [
            f": t={self.now_ms / 1000:.3f}",
            f"event: {payload['type']}",
            f"data: {dumps(payload)}",
            "",
        ]

    def render(self) -> str:
        return "\n".join(self.lines) + "\n"

    # events

    def message_start(
        self, input_tokens: int, first_event: tuple[int, int] = (320, 780), model: str = MODEL
    ) -> None:
        self.wait(*first_event)
        self.emit(
            {
                "type": "message_start",
                "message": {
                    "id": opaque_id("msg_01", f"{self.key}/message", 22),
                    "type": "message",
                    "role": "assistant",
                    "model": model,
                    "content": [],
                    "stop_reason": None,
                    "stop_sequence": None,
                    "usage": {
                        "input_tokens": input_tokens,
                        "cache_creation_input_tokens": 0,
                        "cache_read_input_tokens": 0,
                        "output_tokens": self.rng.randint(1, 3),
                    },
                },
            }
        )

    def ping(self) -> None:
        self.wait(0, 2)
        self.emit({"type": "ping"})
        self.last_ping_ms = self.now_ms

    def block_start(self, index: int, block: Payload, gap: tuple[int, int] = (1, 40)) -> None:
        self.wait(*gap)
        self.emit({"type": "content_block_start", "index": index, "content_block": block})

    def delta(self, index: int, delta: Payload) -> None:
        self.emit({"type": "content_block_delta", "index": index, "delta": delta})

    def block_stop(self, index: int) -> None:
        self.wait(4, 30)
        self.emit({"type": "content_block_stop", "index": index})

    def text_deltas(
        self,
        index: int,
        text: str,
        *,
        pace: tuple[int, int] = (20, 60),
        burst: float = 0.12,
        words: tuple[int, int] = (1, 6),
    ) -> None:
        """Stream `text` as text_delta events, with a keep-alive ping when one is due."""
        for piece in chunk_text(text, self.rng, words):
            self.pace(*pace, burst)
            if self.ping_every_ms and self.now_ms - self.last_ping_ms >= self.ping_every_ms:
                self.ping()
                self.wait(1, 6)
            self.delta(index, {"type": "text_delta", "text": piece})

    def text_block(self, index: int, text: str, **kwargs: Any) -> None:
        self.block_start(index, {"type": "text", "text": ""})
        self.text_deltas(index, text, **kwargs)
        self.block_stop(index)

    def thinking_block(self, index: int, thinking: str) -> None:
        self.block_start(index, {"type": "thinking", "thinking": "", "signature": ""})
        for piece in chunk_text(thinking, self.rng, words=(3, 9)):
            self.pace(30, 90, burst=0.05)
            self.delta(index, {"type": "thinking_delta", "thinking": piece})
        self.wait(20, 60)
        self.delta(index, {"type": "signature_delta", "signature": signature(self.key)})
        self.block_stop(index)

    def tool_use_block(self, index: int, name: str, fragments: list[str]) -> None:
        tool_id = opaque_id("toolu_01", f"{self.key}/tool/{index}", 22)
        self.block_start(
            index,
            {"type": "tool_use", "id": tool_id, "name": name, "input": {}},
            gap=(250, 600),
        )
        self.wait(0, 2)
        self.delta(index, {"type": "input_json_delta", "partial_json": ""})
        for number, fragment in enumerate(fragments):
            # Arguments arrive in bursts: a pause, then a key and its value close together.
            if number % 2 == 0:
                self.wait(90, 260)
            else:
                self.wait(2, 25)
            self.delta(index, {"type": "input_json_delta", "partial_json": fragment})
        self.block_stop(index)

    def message_delta(
        self, stop_reason: str, output_tokens: int, usage: Payload | None = None
    ) -> None:
        """`usage` adds the counts a server tool changes (input, cache, server_tool_use)."""
        self.wait(8, 40)
        self.emit(
            {
                "type": "message_delta",
                "delta": {"stop_reason": stop_reason, "stop_sequence": None},
                "usage": {**(usage or {}), "output_tokens": output_tokens},
            }
        )

    def message_stop(self) -> None:
        self.wait(0, 2)
        self.emit({"type": "message_stop"})

    def finish(self, stop_reason: str, output_tokens: int, usage: Payload | None = None) -> None:
        self.message_delta(stop_reason, output_tokens, usage)
        self.message_stop()

    def streamed_input_block(
        self, index: int, kind: str, name: str, fragments: list[str], **fields: Any
    ) -> str:
        """A server_tool_use or mcp_tool_use block: `input: {}`, then input_json_delta, as
        tool_use does. Returns its id."""
        prefix = "mcptoolu_01" if kind == "mcp_tool_use" else "srvtoolu_01"
        tool_id = opaque_id(prefix, f"{self.key}/{kind}/{index}", 22)
        block = {"type": kind, "id": tool_id, "name": name, "input": {}, **fields}
        self.block_start(index, block, gap=(200, 500))
        self.wait(0, 2)
        self.delta(index, {"type": "input_json_delta", "partial_json": ""})
        for fragment in fragments:
            self.wait(20, 90)
            self.delta(index, {"type": "input_json_delta", "partial_json": fragment})
        self.block_stop(index)
        return tool_id

    def result_block(self, index: int, block: Payload, ran_ms: tuple[int, int]) -> None:
        """A server tool's result: complete in its content_block_start, then its stop."""
        self.block_start(index, block, gap=ran_ms)
        self.wait(1, 4)
        self.emit({"type": "content_block_stop", "index": index})

    def cited_text_block(self, index: int, text: str, citation: Payload) -> None:
        """A text block whose citation arrives first as citations_delta, then its text."""
        self.block_start(index, {"type": "text", "text": ""})
        self.wait(2, 10)
        self.delta(index, {"type": "citations_delta", "citation": citation})
        self.text_deltas(index, text)
        self.block_stop(index)

    def redacted_thinking_block(self, index: int) -> None:
        data = base64.b64encode(hashlib.sha512(f"{self.key}/redacted".encode()).digest() * 3)
        self.block_start(
            index, {"type": "redacted_thinking", "data": "EmwKAhgBEgy" + data.decode()}
        )
        self.wait(2, 8)
        self.emit({"type": "content_block_stop", "index": index})

    def error_event(self, error_type: str, message: str) -> None:
        self.wait(200, 900)
        self.emit({"type": "error", "error": {"type": error_type, "message": message}})

    def drop(self) -> None:
        self.lines += [": drop", ""]

    def error_body(self, error_type: str, message: str) -> None:
        """The JSON body of an HTTP error answered instead of a stream."""
        body = {
            "type": "error",
            "error": {"type": error_type, "message": message},
            "request_id": opaque_id("req_011C", f"{self.key}/request", 20),
        }
        self.lines += [f"data: {dumps(body)}", ""]


# --- scenario texts -----------------------------------------------------------------------

PLAIN_TEXT = (
    "Server-sent events (SSE) are a simple way for a server to push a stream of updates over "
    "one ordinary HTTP response. The client sends a normal request, and the server answers "
    "with `Content-Type: text/event-stream`, keeps the response open and writes each event as "
    "it becomes ready. An event is a few `field: value` lines, such as `event:` and `data:`, "
    "followed by a blank line; lines starting with a colon are comments that clients ignore.\n\n"
    'With the Messages API you set `"stream": true` on the request and receive the answer as '
    "a sequence of events instead of one JSON body at the end."
)

LONG_RAW_LOOP = """\
```python
import json

import anthropic

LOOKUP_ORDER_TOOL = {
    "name": "lookup_order",
    "description": "Look up a customer order by its id.",
    "input_schema": {
        "type": "object",
        "properties": {
            "order_id": {"type": "string"},
            "include_items": {"type": "boolean"},
        },
        "required": ["order_id"],
    },
}

client = anthropic.Anthropic()
request = {
    "model": "claude-sonnet-4-6",
    "max_tokens": 1024,
    "tools": [LOOKUP_ORDER_TOOL],
    "messages": [{"role": "user", "content": "Where is my order A-1042?"}],
}

text_parts: dict[int, list[str]] = {}
json_parts: dict[int, list[str]] = {}
tool_inputs: dict[int, dict] = {}
stop_reason = None
output_tokens = 0
saw_message_stop = False

for event in client.messages.create(**request, stream=True):
    if event.type == "content_block_start":
        if event.content_block.type == "text":
            text_parts[event.index] = []
        elif event.content_block.type == "tool_use":
            json_parts[event.index] = []
    elif event.type == "content_block_delta":
        if event.delta.type == "text_delta":
            text_parts[event.index].append(event.delta.text)
        elif event.delta.type == "input_json_delta":
            json_parts[event.index].append(event.delta.partial_json)
    elif event.type == "content_block_stop" and event.index in json_parts:
        raw = "".join(json_parts.pop(event.index))
        try:
            tool_inputs[event.index] = json.loads(raw) if raw else {}
        except json.JSONDecodeError as err:
            print(f"tool input at index {event.index} is not valid JSON: {err}")
    elif event.type == "message_delta":
        stop_reason = event.delta.stop_reason
        output_tokens = event.usage.output_tokens  # cumulative: replace, never add
    elif event.type == "message_stop":
        saw_message_stop = True
```"""

LONG_RELAY = """\
```python
import json
from collections.abc import AsyncIterator

import anthropic

client = anthropic.AsyncAnthropic()  # the API key stays on the server


def sse(event: str, data: dict) -> str:
    return f"event: {event}\\ndata: {json.dumps(data)}\\n\\n"


async def relay(question: str) -> AsyncIterator[str]:
    async with client.messages.stream(
        model="claude-sonnet-4-6",
        max_tokens=2048,
        messages=[{"role": "user", "content": question}],
    ) as stream:
        async for text in stream.text_stream:
            yield sse("text", {"text": text})
        message = await stream.get_final_message()
    yield sse("done", {"stop_reason": message.stop_reason})
```"""

LONG_EVENTSOURCE = """\
```javascript
const output = document.querySelector("#answer");
const source = new EventSource("/answer?q=" + encodeURIComponent(question));

source.addEventListener("text", (event) => {
  output.textContent += JSON.parse(event.data).text;
});

source.addEventListener("done", (event) => {
  const { stop_reason } = JSON.parse(event.data);
  if (stop_reason === "max_tokens") {
    output.textContent += "\\n[answer cut short: max_tokens]";
  }
  source.close();
});

source.onerror = () => {
  source.close(); // otherwise EventSource reconnects and asks again
};
```"""

LONG_MARKDOWN = f"""\
# Consuming a Claude stream, end to end

Streaming changes *when* you see the answer, not what it costs: tokens are billed at the same \
per-token price as a non-streaming request. What you gain is text on screen while the rest is \
still being generated. What you take on is a protocol to parse and a few failure modes to \
handle. This guide walks through both.

## What arrives on the wire

A streamed request is an ordinary `POST /v1/messages` with `"stream": true`. The response has \
`Content-Type: text/event-stream`: server-sent events on that one response, not long-polling \
and not a WebSocket. Every event is an `event:` line, a `data:` line holding one JSON object, \
and a blank line:

```text
event: content_block_delta
data: {{"type":"content_block_delta","index":0,"delta":{{"type":"text_delta","text":"Hel"}}}}
```

The JSON `type` always matches the `event:` name, and the order is fixed:

1. `message_start`, with the message id, the model, empty `content` and a starting `usage` \
object: `output_tokens` is provisional, and with server tools the input and cache counts can \
rise later too.
2. For each content block: `content_block_start`, any number of `content_block_delta` events, \
then `content_block_stop`, all tagged with the block's `index`.
3. One or more `message_delta` events carrying `stop_reason` and cumulative `usage`.
4. `message_stop`, which carries nothing else.

`ping` events can appear anywhere, and Anthropic may add new event types over time, so pass \
over any type you do not know instead of raising.

## The simplest loop

For plain text, the SDK's stream helper does the bookkeeping. It is a context manager, so the \
connection is closed even if your loop raises:

```python
import anthropic

client = anthropic.Anthropic()

with client.messages.stream(
    model="claude-sonnet-4-6",
    max_tokens=2048,
    messages=[{{"role": "user", "content": "Explain server-sent events."}}],
) as stream:
    for text in stream.text_stream:
        print(text, end="", flush=True)
    message = stream.get_final_message()

print()
print("stop_reason:", message.stop_reason)
print("output tokens:", message.usage.output_tokens)
```

With `AsyncAnthropic` the same code uses `async with` and `async for`, and \
`get_final_message()` is awaited. One practical note: importing `anthropic` takes over a \
second, so a command-line tool or TUI should import it when the first request is made, not at \
start-up.

## Raw events: dispatch on `type`

When you need more than text, for example tool calls, iterate over the raw events from \
`client.messages.create(..., stream=True)`. Dispatch on `event.type`, not on the Python class: \
an unknown event type can arrive inside an unrelated class. The arguments of a `tool_use` \
block stream too, as `input_json_delta` fragments that are not valid JSON on their own. Keep a \
buffer per block `index`, and parse it only at that index's `content_block_stop`:

{LONG_RAW_LOOP}

Two details matter here. First, `message_delta` usage is cumulative: replace the number you \
hold, never add to it. Second, `create(..., stream=True)` already drops `ping` events, and the \
`if`/`elif` chain has no `else` branch, so any type it does not handle, including types added \
later, is simply passed over. When the loop ends, check `saw_message_stop` before trusting the \
result.

## Relaying to a browser

A browser's `EventSource` can only make `GET` requests and cannot set custom headers, and your \
API key must never reach the browser anyway. So run a small relay on your server: it calls the \
Messages API and re-emits a simpler event stream of its own.

{LONG_RELAY}

Serve `relay()` from any framework that can stream a response with \
`Content-Type: text/event-stream`. On the page:

{LONG_EVENTSOURCE}

Close the `EventSource` on your `done` event and on errors: by default it reconnects \
automatically, which here would send the question again.

## When the stream fails

The SDK retries some failures, with exponential backoff and jitter (two retries by default, \
honouring `retry-after`), but only before the stream starts: connection errors, timeouts, 408, \
409, 429 and 5xx responses including 529 `overloaded_error`. A 401 is not retried; fix the key \
instead. Once events are flowing, nothing is retried for you:

- An `error` event after the HTTP 200, such as `overloaded_error`, raises \
`anthropic.APIStatusError` with `status_code == 200`, and the stream ends without \
`message_stop`.
- A dropped connection raises a transport error from `httpx2`, such as `ReadError` or \
`RemoteProtocolError`, not `APIConnectionError`.
- A stream that simply ends early raises nothing, and the final message has a `stop_reason` \
of `None`. Treat "no `message_stop` seen" as truncated.

With `client.messages.stream(...)`, what arrived is still in \
`stream.current_message_snapshot`; with raw events, it is in your own buffers. Keep it. The \
documented recovery is a continuation request: send the original messages plus the partial \
text, as the start of the assistant turn (prefill) for Claude 4.5 and earlier, or inside a \
user turn asking the model to continue for Claude 4.6 and later. Tool-use and thinking blocks \
cannot be resumed half-way, so continue from the last complete text block. Retrying the whole \
request from scratch pays again for everything.

## Usage and cost

Compute the cost of a response from the final cumulative usage, in the last \
`message_delta`:

- `input_tokens`, `cache_creation_input_tokens` and `cache_read_input_tokens` as they stand \
there (with server tools they can be higher than at `message_start`; a count the last \
`message_delta` does not carry keeps its `message_start` value);
- `output_tokens`, which includes any thinking tokens.

If the stream was cut, the final output count never arrives: estimate it from the text you \
received and label the figure as an estimate. Keep prices in a data file together with the \
date you read them, never in code.

## Checklist

- Append text deltas to one buffer per block index, and render them as they arrive.
- Parse tool input only at `content_block_stop`, and report a parse failure clearly.
- Read `stop_reason` from `message_delta`; `max_tokens` means the answer is incomplete.
- Replace usage counts, never add them up.
- Pass over `ping` and any event type you do not know.
- Treat a missing `message_stop` as truncation: keep the partial text and continue from it."""

TOOL_INTRO = "Let me look that order up."
TOOL_FRAGMENTS = ['{"order_id', '": "A-10', '42"', ', "include_items": ', "true}"]
TOOL_RESULT = '{"order_id":"A-1042","status":"shipped","eta":"Thursday","items":2}'
TOOL_SUMMARY = (
    "Good news: order A-1042 has shipped and is on its way. It's expected to arrive on "
    "Thursday, and the package contains both of your 2 items. If it hasn't arrived by the end "
    "of Thursday, let me know and I can look into it further."
)

THINKING = (
    "The user wants the cost of one streamed call. Prices for claude-sonnet-4-6: $3 per "
    "million input tokens, $15 per million output tokens. The counts to use are the ones in the "
    "last message_delta, whose usage is cumulative: 1,200 input tokens and 850 output tokens, "
    "totals rather than increments to add to anything.\n\n"
    "Input: 1,200 x 3 / 1,000,000 = 0.0036 dollars.\n"
    "Output: 850 x 15 / 1,000,000 = 12,750 / 1,000,000 = 0.01275 dollars.\n"
    "Total: 0.0036 + 0.01275 = 0.01635 dollars.\n\n"
    "Check the output part again: 850 x 15 = 8,500 + 4,250 = 12,750. Right. No cache counts "
    "were mentioned, so those terms are zero. I should also mention that the 850 output tokens "
    "already include any thinking tokens, so there is nothing extra to add for thinking."
)
THINKING_ANSWER = (
    "The call costs **$0.01635** (about 1.6 cents):\n\n"
    "- Input: 1,200 tokens x $3 / 1M = $0.0036\n"
    "- Output: 850 tokens x $15 / 1M = $0.01275\n\n"
    "Take every count from the last `message_delta`: its usage is cumulative, so use the "
    "numbers as they are rather than adding deltas together, and with server tools its input "
    "count can be higher than the one in `message_start`. If extended thinking was on, those "
    "850 output tokens "
    "already include the thinking tokens; there is no separate charge to add."
)

STOP_REASONS_CUT = (
    "The reason a response ended arrives in the `message_delta` event near the end of the "
    "stream, as `delta.stop_reason`; `message_stop` itself carries nothing. The values you "
    "will meet:\n\n"
    "- `end_turn`: the model reached a natural end of its answer.\n"
    "- `max_tokens`: the output hit the `max_tokens` limit from your request, so the answer "
    "is probably incomplete.\n"
    "- `stop_sequence`: the model produced one of your custom stop sequences; "
    "`delta.stop_sequence` tells you which.\n"
    "- `tool_use`: the model is asking to call one of your tools. Run the tool and send its "
    "output back as a `tool_result` block in the"
)
STOP_REASONS_REST = (
    " next user message.\n"
    "- `pause_turn`: a long-running turn with server tools was paused; send the response back "
    "as it is to let the model continue.\n"
    "- `refusal`: the model declined to continue, so do not treat the partial text as an "
    "answer.\n"
    "- `model_context_window_exceeded`: the response stopped because the model's context "
    "window was full.\n\n"
    "A robust client handles every value explicitly, and treats a stream that ends without "
    "`message_stop` as truncated, whatever it has received so far."
)

USAGE_CUT = (
    "Because nothing has been generated yet when `message_start` is sent. That event "
    "describes the message as it begins: its `id`, `model` and `role`, an empty `content` "
    "list, `stop_reason: null`, and a `usage` object. That `usage` is a starting figure: "
    "`output_tokens` is only a small provisional number, and when server tools run, the "
    "input and cache counts can rise too.\n\n"
    "The real output count arrives later, in"
)
USAGE_REST = (
    " `message_delta`. Its `usage` is cumulative: each value is the total so far, so replace "
    "the number you hold rather than adding to it. Use the counts from the last "
    "`message_delta` when you log usage or estimate cost, and remember that `output_tokens` "
    "includes any thinking tokens."
)

TOOL_ARGS_CUT = (
    "A `tool_use` block streams just as text does. Its `content_block_start` carries the "
    "tool's `id` and `name` with `input: {}`, and the arguments follow as `input_json_delta` "
    "events. Each `partial_json` is a fragment of a JSON string, and a fragment on its own is "
    "usually not valid JSON: parse fragments for display if you like, but never act on one.\n\n"
    "Instead, keep a buffer per block `index`: append every fragment for that index, and parse"
)
TOOL_ARGS_REST = (
    " the joined string once, when the `content_block_stop` for that index arrives. Only then "
    "is the input complete. If parsing fails, for example because the response was cut by "
    "`max_tokens`, report the failure clearly instead of calling the tool with half its "
    "arguments.\n\n"
    "The Python SDK can do this for you: `client.messages.stream(...)` emits `input_json` "
    "helper events with a partially parsed `snapshot`, and its `content_block_stop` event "
    "carries the finished block with the parsed `input`."
)

PING_ANSWER = (
    'A `ping` event is a keep-alive: `{"type":"ping"}` with nothing else in it. The server '
    "may send one at any point in the stream, and it carries no content and no usage, so your "
    "client should accept it and move on. The Python SDK's `messages.create(..., stream=True)` "
    "drops pings for you."
)

EVENT_ORDER_BEFORE_STALL = (
    "A streamed text response arrives as these events, in this order:\n\n"
    "1. `message_start`: the message's id, model and role, with empty content and a starting "
    "usage (every final count comes in the last `message_delta`).\n"
    "2. `content_block_start` for index 0, a text block with empty `text`.\n"
    "3. Many `content_block_delta` events, each a `text_delta` carrying the next"
)
EVENT_ORDER_AFTER_STALL = (
    " piece of text.\n"
    "4. `content_block_stop` for index 0.\n"
    "5. `message_delta` with the `stop_reason` and the cumulative `usage`.\n"
    "6. `message_stop`, which carries nothing else.\n\n"
    "`ping` events can appear anywhere in between, and a response with several content blocks "
    "repeats steps 2 to 4 for each block index."
)

LOOP_SENTENCE = " The stream is still open and the next event is coming."
LOOP_INTRO = (
    "While your client waits between events, the HTTP response simply stays open and no new "
    "bytes arrive."
)

REFUSAL_START = "Here's a general overview of how that works. The first step"

UNKNOWN_BEFORE = (
    "Skip it and keep reading. Anthropic may add new event types to the stream over time, so "
    "a client that raises on an unknown `type` will break on a future response that is"
)
UNKNOWN_AFTER = (
    " otherwise fine. Dispatch on `event.type`, handle the types you know, and pass over the "
    "rest. In the Python SDK an unknown type can even arrive inside an unrelated class, so "
    "check the `type` string rather than the Python class."
)


# --- scenarios ----------------------------------------------------------------------------


def plain_text() -> Transcript:
    tr = Transcript(
        "plain-text",
        "Plain text answer",
        "A complete text stream: message_start, one text block of deltas, message_delta with "
        "stop_reason end_turn and the final usage, then message_stop. Correct client code "
        "appends each text_delta to a buffer as it arrives and passes over ping events.",
    )
    tr.message_start(input_tokens=24)
    tr.ping()
    tr.block_start(0, {"type": "text", "text": ""})
    half = PLAIN_TEXT.index(" The client sends")
    tr.text_deltas(0, PLAIN_TEXT[:half])
    tr.ping()
    tr.text_deltas(0, PLAIN_TEXT[half:])
    tr.block_stop(0)
    tr.finish("end_turn", estimate_tokens(PLAIN_TEXT))
    return tr


def long_markdown() -> Transcript:
    tr = Transcript(
        "long-markdown",
        "Long markdown answer",
        "A long answer (over 1,500 output tokens) with headings, lists and code blocks, and a "
        "keep-alive ping every few seconds. Render text deltas as they arrive into one buffer, "
        "ignore ping, and take stop_reason and the cumulative usage from message_delta.",
    )
    tr.message_start(input_tokens=58)
    tr.ping()
    tr.ping_every_ms = 5000
    tr.text_block(0, LONG_MARKDOWN, pace=(30, 40), burst=0.0)
    tr.finish("end_turn", estimate_tokens(LONG_MARKDOWN))
    return tr


TOOL_PROMPT_TOKENS = 447  # tool definition, tool-use system prompt and the question


def tool_use_call() -> Transcript:
    tr = Transcript(
        "tool-use/1",
        "Tool call: lookup_order",
        "A text block, then a tool_use block whose input streams as input_json_delta fragments "
        "that are not valid JSON on their own; stop_reason is tool_use. Accumulate fragments "
        "per block index, parse once at content_block_stop, run the tool and send a "
        "tool_result.",
    )
    tr.message_start(input_tokens=TOOL_PROMPT_TOKENS)
    tr.ping()
    tr.text_block(0, TOOL_INTRO)
    tr.tool_use_block(1, "lookup_order", TOOL_FRAGMENTS)
    tr.finish("tool_use", tool_call_tokens())
    return tr


def tool_call_tokens() -> int:
    arguments = "".join(TOOL_FRAGMENTS)
    return estimate_tokens(TOOL_INTRO) + estimate_tokens(arguments, 3.0) + TOOL_USE_OVERHEAD


def tool_use_answer() -> Transcript:
    tr = Transcript(
        "tool-use/2",
        "Tool call: answer after the result",
        "The next turn: the request carried the assistant's tool_use block and a user "
        "tool_result with the order data, so input_tokens grew; the model now answers in text "
        "and ends with end_turn.",
    )
    input_tokens = TOOL_PROMPT_TOKENS + tool_call_tokens() + estimate_tokens(TOOL_RESULT) + 12
    tr.message_start(input_tokens=input_tokens)
    tr.ping()
    tr.text_block(0, TOOL_SUMMARY)
    tr.finish("end_turn", estimate_tokens(TOOL_SUMMARY))
    return tr


def thinking() -> Transcript:
    tr = Transcript(
        "thinking",
        "Extended thinking",
        "A thinking block (thinking_delta events, then one signature_delta just before its "
        "content_block_stop) followed by the text answer at index 1. Show or hide the thinking "
        "separately from the answer, keep the signature intact, and note that output_tokens "
        "includes the thinking.",
    )
    tr.message_start(input_tokens=71, first_event=(600, 800))
    tr.ping()
    tr.thinking_block(0, THINKING)
    tr.text_block(1, THINKING_ANSWER)
    tr.finish("end_turn", estimate_tokens(THINKING) + estimate_tokens(THINKING_ANSWER))
    return tr


MAX_TOKENS_LIMIT = 160  # the request's max_tokens in the recorded first turn
STOP_REASONS_PROMPT_TOKENS = 31


def max_tokens_cut() -> Transcript:
    tr = Transcript(
        "max-tokens/1",
        "Cut off by max_tokens",
        "The answer stops mid-sentence with stop_reason max_tokens (in message_delta, followed "
        "by message_stop): the stream is complete but the answer is not. Tell the user, and "
        "continue with a request that prefills the partial text, or raise max_tokens.",
    )
    tr.message_start(input_tokens=STOP_REASONS_PROMPT_TOKENS)
    tr.ping()
    tr.text_block(0, STOP_REASONS_CUT)
    tr.finish("max_tokens", MAX_TOKENS_LIMIT)
    return tr


def max_tokens_continue() -> Transcript:
    tr = Transcript(
        "max-tokens/2",
        "Continuation after max_tokens",
        "The continuation request sends the original messages plus the partial text as the "
        "start of the assistant turn (prefill, Claude 4.5 and earlier); the new text picks up "
        "exactly where the cut one stopped, and the client appends it to what it kept.",
    )
    tr.message_start(input_tokens=STOP_REASONS_PROMPT_TOKENS + MAX_TOKENS_LIMIT)
    tr.ping()
    tr.text_block(0, STOP_REASONS_REST)
    tr.finish("end_turn", estimate_tokens(STOP_REASONS_REST))
    return tr


USAGE_PROMPT_TOKENS = 27


def error_overloaded_cut() -> Transcript:
    tr = Transcript(
        "error-overloaded/1",
        "Mid-stream overloaded error",
        "After HTTP 200 and some text, an error event (overloaded_error) ends the stream "
        "without message_stop. The SDK raises APIStatusError with status_code 200 and does not "
        "retry; keep the partial text and send a continuation request.",
    )
    tr.message_start(input_tokens=USAGE_PROMPT_TOKENS)
    tr.ping()
    tr.block_start(0, {"type": "text", "text": ""})
    tr.text_deltas(0, USAGE_CUT)
    tr.error_event("overloaded_error", "Overloaded")
    return tr


def error_overloaded_continue() -> Transcript:
    tr = Transcript(
        "error-overloaded/2",
        "Continuation after the error",
        "The continuation request carries the original messages plus the partial text as the "
        "start of the assistant turn; the reply continues exactly where the error cut the "
        "first stream and ends normally with end_turn.",
    )
    tr.message_start(input_tokens=USAGE_PROMPT_TOKENS + estimate_tokens(USAGE_CUT))
    tr.ping()
    tr.text_block(0, USAGE_REST)
    tr.finish("end_turn", estimate_tokens(USAGE_REST))
    return tr


TOOL_ARGS_PROMPT_TOKENS = 33


def dropped_cut() -> Transcript:
    tr = Transcript(
        "dropped-connection/1",
        "Dropped connection",
        "The connection is cut after some text deltas: no message_delta, no message_stop. The "
        "SDK raises a transport error from httpx2 (ReadError or RemoteProtocolError) and does "
        "not retry; treat a missing message_stop as truncated, keep the text and continue.",
    )
    tr.message_start(input_tokens=TOOL_ARGS_PROMPT_TOKENS)
    tr.ping()
    tr.block_start(0, {"type": "text", "text": ""})
    tr.text_deltas(0, TOOL_ARGS_CUT)
    tr.drop()
    return tr


def dropped_continue() -> Transcript:
    tr = Transcript(
        "dropped-connection/2",
        "Continuation after the drop",
        "The continuation request sends the original messages plus the kept partial text as "
        "the start of the assistant turn; the reply carries on mid-sentence from where the "
        "connection dropped and completes with end_turn.",
    )
    tr.message_start(input_tokens=TOOL_ARGS_PROMPT_TOKENS + estimate_tokens(TOOL_ARGS_CUT))
    tr.ping()
    tr.text_block(0, TOOL_ARGS_REST)
    tr.finish("end_turn", estimate_tokens(TOOL_ARGS_REST))
    return tr


def retry_529_refused() -> Transcript:
    tr = Transcript(
        "retry-529/1",
        "HTTP 529 before the stream",
        "The server answers 529 overloaded_error as a plain JSON body before any stream "
        "starts. The SDK retries this by itself (2 retries by default, exponential backoff "
        "with jitter, honouring retry-after), so client code just sees the next attempt.",
        status=529,
    )
    tr.error_body("overloaded_error", "Overloaded")
    return tr


def retry_529_success() -> Transcript:
    tr = Transcript(
        "retry-529/2",
        "The retry succeeds",
        "The SDK's automatic retry of the same request gets a normal stream; the caller never "
        "saw the 529. Retries happen only before a stream starts, never mid-stream.",
    )
    tr.message_start(input_tokens=19)
    tr.ping()
    tr.text_block(0, PING_ANSWER)
    tr.finish("end_turn", estimate_tokens(PING_ANSWER))
    return tr


def auth_401() -> Transcript:
    tr = Transcript(
        "auth-401",
        "HTTP 401: bad API key",
        "The server answers 401 authentication_error as a plain JSON body, not a stream. The "
        "SDK does not retry a 401: report it clearly and fix the API key.",
        status=401,
    )
    tr.error_body("authentication_error", "invalid x-api-key")
    return tr


def stall() -> Transcript:
    tr = Transcript(
        "stall",
        "Seven-second stall",
        "The stream goes silent for 7 seconds mid-answer, then completes normally. A gap alone "
        "is not a failure; the study page's 'gap over 5 s' alarm is a heuristic, not Anthropic "
        "guidance: show that you are waiting and rely on a read timeout or a real error.",
    )
    tr.message_start(input_tokens=29)
    tr.ping()
    tr.block_start(0, {"type": "text", "text": ""})
    tr.text_deltas(0, EVENT_ORDER_BEFORE_STALL)
    tr.wait(7000, 7000)
    tr.text_deltas(0, EVENT_ORDER_AFTER_STALL)
    tr.block_stop(0)
    text = EVENT_ORDER_BEFORE_STALL + EVENT_ORDER_AFTER_STALL
    tr.finish("end_turn", estimate_tokens(text))
    return tr


REPETITION_LIMIT = 256  # the request's max_tokens


def repetition() -> Transcript:
    tr = Transcript(
        "repetition",
        "Repetition loop",
        "The model repeats one sentence over and over until max_tokens. Watching the "
        "accumulated text for repeats (the study page says 3+ times) is a heuristic, not "
        "Anthropic guidance; a client can close the stream early and show the answer as "
        "incomplete.",
    )
    tr.message_start(input_tokens=26)
    tr.ping()
    text = LOOP_INTRO
    while estimate_tokens(text + LOOP_SENTENCE) <= REPETITION_LIMIT:
        text += LOOP_SENTENCE
    # The limit falls part-way through the next repeat.
    text += " ".join(LOOP_SENTENCE.split(" ")[:6])
    tr.text_block(0, text, burst=0.3)
    tr.finish("max_tokens", REPETITION_LIMIT)
    return tr


def refusal() -> Transcript:
    tr = Transcript(
        "refusal",
        "Refusal",
        "A few words of text, then message_delta with stop_reason refusal and message_stop. "
        "Treat it as its own outcome: do not present or continue the partial text, and do not "
        "retry the same request unchanged; tell the user the request was declined.",
    )
    tr.message_start(input_tokens=35)
    tr.ping()
    tr.text_block(0, REFUSAL_START)
    tr.finish("refusal", estimate_tokens(REFUSAL_START))
    return tr


def unknown_event() -> Transcript:
    tr = Transcript(
        "unknown-event",
        "Unknown event type",
        "A normal answer with one event type the client has never seen "
        "(content_block_annotation) between text deltas. Anthropic may add event types: "
        "dispatch on event.type and pass over what you do not know, never crash.",
    )
    tr.message_start(input_tokens=32)
    tr.ping()
    tr.block_start(0, {"type": "text", "text": ""})
    tr.text_deltas(0, UNKNOWN_BEFORE)
    tr.wait(5, 30)
    tr.emit(
        {
            "type": "content_block_annotation",
            "index": 0,
            "annotation": {"kind": "experimental"},
        }
    )
    tr.text_deltas(0, UNKNOWN_AFTER)
    tr.block_stop(0)
    tr.finish("end_turn", estimate_tokens(UNKNOWN_BEFORE + UNKNOWN_AFTER))
    return tr


# --- scenarios modelled on real streams: server tools, pause_turn, cut tool calls -----------

SONNET = "claude-sonnet-4-6"
SEARCH_RESULTS = [
    {
        "url": "https://platform.claude.com/docs/en/build-with-claude/streaming",
        "title": "Streaming Messages - Claude Docs",
    },
    {
        "url": "https://developer.mozilla.org/en-US/docs/Web/API/Server-sent_events",
        "title": "Server-sent events - Web APIs | MDN",
    },
]
SEARCH_FRAGMENTS = ['{"query": "Claude', " API streaming server-", 'sent events"}']
SEARCH_THINKING = (
    "The user asks how Claude's API streams a reply. I should check the current docs rather "
    "than rely on memory, so I'll search for the streaming page."
)
SEARCH_INTRO = "I'll look up the current documentation."
SEARCH_LEAD = "According to Anthropic's docs, "
SEARCH_CITED = (
    'a streamed request sets "stream": true and the reply arrives as server-sent events: '
    "message_start, then each content block's start, deltas and stop, then message_delta and "
    "message_stop."
)
SEARCH_END = " Text deltas can be shown as they arrive; everything else is bookkeeping."
PAUSE_INTRO = "I'll research this in a few steps."
PAUSE_SECOND_SEARCH = ['{"query": "server-', 'sent events format"}']
PAUSE_REST = (
    "Both sources agree: the reply is one HTTP response of server-sent events, and each event "
    "names its type in an event: line and again in the JSON of its data: line."
)
USER_TURN_CUT = (
    'Streaming a reply is the same request as any other, with "stream": true. The answer '
    "then arrives as events: first message_start with an empty content list, then for each "
    "block a start, its deltas and a stop. A client shows text deltas as they come and"
)
USER_TURN_REST = (
    " keeps the rest for bookkeeping: message_delta brings the stop reason and the final "
    "usage, and message_stop ends the message."
)
EARLY_END_TEXT = (
    "A stream can also simply end: the server closes the response normally, but before "
    "message_delta and message_stop, so"
)
TOOL_DROP_INTRO = "Let me check that order."
TOOL_DROP_FRAGMENTS = ['{"order_id', '": "A-10']
REDACTED_THINKING = (
    "The question is about what a redacted thinking block is for. It is still part of the "
    "turn, so it has to travel back with it."
)
REDACTED_ANSWER = (
    "A redacted_thinking block carries encrypted reasoning instead of readable text. A client "
    "cannot show it, but it keeps the block and sends it back unchanged with the rest of the "
    "assistant turn, so the reasoning stays available to the next request."
)
MCP_INTRO = "Let me ask the orders server."
MCP_FRAGMENTS = ['{"order_id": ', '"A-1042"}']
MCP_RESULT = "Order A-1042: shipped, arriving Thursday."
MCP_ANSWER = (
    "Your order A-1042 has shipped and should arrive on Thursday. The orders server answered "
    "through the MCP connector, so there was no tool result for this app to send."
)


def search_result_block(tr: Transcript, index: int, tool_id: str) -> None:
    content = [
        {
            "type": "web_search_result",
            "title": result["title"],
            "url": result["url"],
            "encrypted_content": "Eq" + opaque_id("", f"{tr.key}/result/{n}", 60),
            "page_age": None,
        }
        for n, result in enumerate(SEARCH_RESULTS)
    ]
    tr.result_block(
        index,
        {"type": "web_search_tool_result", "tool_use_id": tool_id, "content": content},
        ran_ms=(900, 1600),
    )


def citation(tr: Transcript, number: int, cited: str) -> Payload:
    result = SEARCH_RESULTS[number]
    return {
        "type": "web_search_result_location",
        "cited_text": cited[:150],
        "url": result["url"],
        "title": result["title"],
        "encrypted_index": "Eo" + opaque_id("", f"{tr.key}/citation/{number}", 40),
    }


SEARCH_PROMPT_TOKENS = 2068


def web_search() -> Transcript:
    tr = Transcript(
        "web-search",
        "Web search with citations",
        "Thinking, then a server_tool_use block whose input streams as input_json_delta like "
        "tool_use, a web_search_tool_result that arrives complete in its content_block_start, "
        "and text whose citations arrive as citations_delta. The final message_delta raises "
        "input_tokens (the search results are input) and counts web_search_requests: cost "
        "follows the last usage, not message_start.",
    )
    tr.message_start(input_tokens=SEARCH_PROMPT_TOKENS, model=SONNET)
    tr.ping()
    tr.thinking_block(0, SEARCH_THINKING)
    tr.text_block(1, SEARCH_INTRO)
    tool_id = tr.streamed_input_block(2, "server_tool_use", "web_search", SEARCH_FRAGMENTS)
    search_result_block(tr, 3, tool_id)
    tr.text_block(4, SEARCH_LEAD)
    tr.cited_text_block(5, SEARCH_CITED, citation(tr, 0, SEARCH_CITED))
    tr.text_block(6, SEARCH_END)
    text = SEARCH_THINKING + SEARCH_INTRO + SEARCH_LEAD + SEARCH_CITED + SEARCH_END
    tr.finish(
        "end_turn",
        estimate_tokens(text) + 2 * TOOL_USE_OVERHEAD,
        {
            "input_tokens": 7412,
            "cache_creation_input_tokens": 0,
            "cache_read_input_tokens": 0,
            "server_tool_use": {"web_search_requests": 1},
        },
    )
    return tr


def pause_turn_paused() -> Transcript:
    tr = Transcript(
        "pause-turn/1",
        "pause_turn: a long server-tool turn, paused",
        "A server-side search and its result, then a second search whose result has not come "
        "when message_delta says stop_reason pause_turn: the server paused a long turn. A "
        "client sends the same messages plus this response, unchanged, as the assistant turn, "
        "and the turn carries on from there.",
    )
    tr.message_start(input_tokens=SEARCH_PROMPT_TOKENS, model=SONNET)
    tr.ping()
    tr.text_block(0, PAUSE_INTRO)
    first = tr.streamed_input_block(1, "server_tool_use", "web_search", SEARCH_FRAGMENTS)
    search_result_block(tr, 2, first)
    tr.streamed_input_block(3, "server_tool_use", "web_search", PAUSE_SECOND_SEARCH)
    tr.finish(
        "pause_turn",
        estimate_tokens(PAUSE_INTRO) + 2 * TOOL_USE_OVERHEAD,
        {"input_tokens": 11840, "server_tool_use": {"web_search_requests": 2}},
    )
    return tr


def pause_turn_continued() -> Transcript:
    tr = Transcript(
        "pause-turn/2",
        "The paused turn, continued",
        "The request after pause_turn: the paused response went back as the assistant turn. "
        "The server runs the pending search (its result is the first block), and the answer "
        "ends with end_turn.",
    )
    tr.message_start(input_tokens=12133, model=SONNET)
    tr.ping()
    search_id = opaque_id("srvtoolu_01", "pause-turn/1/server_tool_use/3", 22)
    search_result_block(tr, 0, search_id)
    tr.cited_text_block(1, PAUSE_REST, citation(tr, 1, PAUSE_REST))
    tr.finish("end_turn", estimate_tokens(PAUSE_REST))
    return tr


USER_TURN_PROMPT_TOKENS = 22


def user_turn_cut() -> Transcript:
    tr = Transcript(
        "continue-in-user-turn/1",
        "Continuation in a user turn (Claude 4.6 and later)",
        "A claude-sonnet-4-6 stream dropped mid-sentence. From Claude 4.6 on, the continuation "
        "does not prefill the assistant turn: the partial text goes inside a user turn that "
        "asks the model to continue from where it stops. c sends it.",
    )
    tr.message_start(input_tokens=USER_TURN_PROMPT_TOKENS, model=SONNET)
    tr.ping()
    tr.block_start(0, {"type": "text", "text": ""})
    tr.text_deltas(0, USER_TURN_CUT)
    tr.wait(200, 400)
    tr.drop()
    return tr


def user_turn_continued() -> Transcript:
    tr = Transcript(
        "continue-in-user-turn/2",
        "The continuation, answered",
        "The reply to the continuation request picks up mid-sentence and ends with end_turn; "
        "its input count includes the partial text sent back in the user turn.",
    )
    tr.message_start(
        input_tokens=USER_TURN_PROMPT_TOKENS + estimate_tokens(USER_TURN_CUT) + 40, model=SONNET
    )
    tr.ping()
    tr.text_block(0, USER_TURN_REST)
    tr.finish("end_turn", estimate_tokens(USER_TURN_REST))
    return tr


def clean_early_end() -> Transcript:
    tr = Transcript(
        "clean-early-end",
        "Clean early end",
        "The response body ends normally but early: no message_delta, no message_stop, and no "
        "exception from the SDK (its final message has stop_reason None). Only the missing "
        "message_stop shows the answer is truncated; keep the text and say so.",
    )
    tr.message_start(input_tokens=25)
    tr.ping()
    tr.block_start(0, {"type": "text", "text": ""})
    tr.text_deltas(0, EARLY_END_TEXT)
    return tr


TOOL_DROP_PROMPT_TOKENS = TOOL_PROMPT_TOKENS


def tool_drop_cut() -> Transcript:
    tr = Transcript(
        "tool-drop/1",
        "Dropped inside a tool call",
        "The connection drops in the middle of a tool_use block's input: the fragments so far "
        "are not valid JSON and the tool must not run. A tool call cannot be resumed half-way: "
        "continue from the last complete text block (c), and the model makes the call again.",
    )
    tr.message_start(input_tokens=TOOL_DROP_PROMPT_TOKENS)
    tr.ping()
    tr.text_block(0, TOOL_DROP_INTRO)
    tool_id = opaque_id("toolu_01", f"{tr.key}/tool/1", 22)
    tr.block_start(
        1, {"type": "tool_use", "id": tool_id, "name": "lookup_order", "input": {}}, gap=(250, 600)
    )
    tr.wait(0, 2)
    tr.delta(1, {"type": "input_json_delta", "partial_json": ""})
    for fragment in TOOL_DROP_FRAGMENTS:
        tr.wait(90, 260)
        tr.delta(1, {"type": "input_json_delta", "partial_json": fragment})
    tr.wait(300, 500)
    tr.drop()
    return tr


def tool_drop_call() -> Transcript:
    tr = Transcript(
        "tool-drop/2",
        "The call, made again",
        "The continuation request carries the complete text block only; the model makes the "
        "tool call again, whole this time, and stops with tool_use.",
    )
    tr.message_start(input_tokens=TOOL_DROP_PROMPT_TOKENS + estimate_tokens(TOOL_DROP_INTRO))
    tr.ping()
    tr.tool_use_block(0, "lookup_order", TOOL_FRAGMENTS)
    tr.finish("tool_use", tool_call_tokens() - estimate_tokens(TOOL_INTRO))
    return tr


def tool_drop_answer() -> Transcript:
    tr = Transcript(
        "tool-drop/3",
        "The answer after the tool result",
        "The tool ran on complete input and its result went back; the answer ends with end_turn.",
    )
    tr.message_start(
        input_tokens=TOOL_DROP_PROMPT_TOKENS + tool_call_tokens() + estimate_tokens(TOOL_RESULT)
    )
    tr.ping()
    tr.text_block(0, TOOL_SUMMARY)
    tr.finish("end_turn", estimate_tokens(TOOL_SUMMARY))
    return tr


def redacted_thinking() -> Transcript:
    tr = Transcript(
        "redacted-thinking",
        "Redacted thinking",
        "A thinking block, then a redacted_thinking block that arrives complete, with opaque "
        "encrypted data and no deltas, then the answer (Claude 3.7 Sonnet: Claude 4 models do "
        "not produce redacted thinking). Show neither as answer text; keep both and send them "
        "back unchanged with the assistant turn.",
    )
    tr.message_start(input_tokens=41, model="claude-3-7-sonnet-20250219")
    tr.ping()
    tr.thinking_block(0, REDACTED_THINKING)
    tr.redacted_thinking_block(1)
    tr.text_block(2, REDACTED_ANSWER)
    tr.finish("end_turn", estimate_tokens(REDACTED_THINKING + REDACTED_ANSWER) + 60)
    return tr


def mcp_tool() -> Transcript:
    tr = Transcript(
        "mcp-tool",
        "MCP tool call through the connector",
        "An mcp_tool_use block whose input streams as input_json_delta like tool_use, then an "
        "mcp_tool_result that arrives complete. The API called the MCP server itself: the "
        "client runs nothing and sends no tool_result; the answer follows in the same response.",
    )
    tr.message_start(input_tokens=612, model=SONNET)
    tr.ping()
    tr.text_block(0, MCP_INTRO)
    tool_id = tr.streamed_input_block(
        1, "mcp_tool_use", "get_order_status", MCP_FRAGMENTS, server_name="orders"
    )
    tr.result_block(
        2,
        {
            "type": "mcp_tool_result",
            "tool_use_id": tool_id,
            "is_error": False,
            "content": [{"type": "text", "text": MCP_RESULT}],
        },
        ran_ms=(300, 700),
    )
    tr.text_block(3, MCP_ANSWER)
    tr.finish(
        "end_turn",
        estimate_tokens(MCP_INTRO + MCP_ANSWER) + TOOL_USE_OVERHEAD,
        {"input_tokens": 651},
    )
    return tr


#: Relative output path (without `.sse`) -> builder.
SCENARIOS: dict[str, Callable[[], Transcript]] = {
    "plain-text": plain_text,
    "long-markdown": long_markdown,
    "tool-use/1": tool_use_call,
    "tool-use/2": tool_use_answer,
    "thinking": thinking,
    "max-tokens/1": max_tokens_cut,
    "max-tokens/2": max_tokens_continue,
    "error-overloaded/1": error_overloaded_cut,
    "error-overloaded/2": error_overloaded_continue,
    "dropped-connection/1": dropped_cut,
    "dropped-connection/2": dropped_continue,
    "retry-529/1": retry_529_refused,
    "retry-529/2": retry_529_success,
    "auth-401": auth_401,
    "stall": stall,
    "repetition": repetition,
    "refusal": refusal,
    "unknown-event": unknown_event,
    "web-search": web_search,
    "pause-turn/1": pause_turn_paused,
    "pause-turn/2": pause_turn_continued,
    "continue-in-user-turn/1": user_turn_cut,
    "continue-in-user-turn/2": user_turn_continued,
    "clean-early-end": clean_early_end,
    "tool-drop/1": tool_drop_cut,
    "tool-drop/2": tool_drop_call,
    "tool-drop/3": tool_drop_answer,
    "redacted-thinking": redacted_thinking,
    "mcp-tool": mcp_tool,
}


def render_all() -> dict[Path, str]:
    rendered: dict[Path, str] = {}
    for key, build in SCENARIOS.items():
        transcript = build()
        assert transcript.key == key, f"{build.__name__} builds {transcript.key}, not {key}"
        rendered[OUT_DIR / f"{key}.sse"] = transcript.render()
    return rendered


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--check", action="store_true", help="report stale files instead of writing them"
    )
    args = parser.parse_args(argv)
    stale = 0
    for path, text in render_all().items():
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current == text:
            continue
        stale += 1
        if args.check:
            print(f"stale: {path.relative_to(OUT_DIR)}")
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8", newline="\n")
            print(f"wrote {path.relative_to(OUT_DIR)}")
    if args.check:
        return 1 if stale else 0
    if not stale:
        print("all scenario files are up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
