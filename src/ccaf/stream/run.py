"""Run a streamed request through the real `anthropic.AsyncAnthropic` client, and watch the wire.

Live, the client talks to Anthropic's API. In replay, it talks to a `ReplayServer` on
127.0.0.1 through `base_url`: the same client, the same parsing, retries and errors, over a
real socket. Either way the response bytes are teed below the SDK, so every server-sent event
is seen in arrival order with its arrival time, pings and unknown types included, beside the
SDK's own helper events.

This module imports the SDK (over a second): import it when a stream starts, never at start-up.
"""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import json
import os
import re
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import anthropic
import httpx2

from ccaf.stream.annotator import ClientAction, Note, StreamAnnotator, WireEvent
from ccaf.stream.collector import full_collections_deferred
from ccaf.stream.message import TOOL_INPUT_BLOCKS
from ccaf.stream.server import ReplayServer
from ccaf.stream.setup import DemoRequest
from ccaf.stream.sse import SSEDecoder
from ccaf.stream.transcript import Recording, Scenario

MAX_TURNS = 4
CONTINUE_USER_TURN = (
    "Your previous reply was cut off. This is what had arrived:\n\n<partial>\n{partial}\n"
    "</partial>\n\nContinue from exactly where it stops, without repeating any of it."
)


def run_demo_tool(name: str | None, tool_input: Any) -> dict[str, Any]:
    """The demo's tool, run locally: a canned order lookup."""
    if name != "lookup_order" or not isinstance(tool_input, dict):
        return {"error": f"unknown tool {name!r}"}
    return {
        "order_id": tool_input.get("order_id"),
        "status": "shipped",
        "eta": "Thursday",
        "items": 2,
    }


def model_version(model: str) -> tuple[int, int] | None:
    """(major, minor) of a model id such as claude-sonnet-4-5 or claude-opus-5; None if unknown."""
    match = re.match(r"claude-(?:[a-z]+-)?(\d+)(?:-(\d{1,2}))?(?:-|$)", model)
    if match is None:
        match = re.match(r"claude-(\d+)(?:-(\d{1,2}))?-[a-z]+", model)  # claude-3-5-sonnet-...
    if match is None:
        return None
    return int(match.group(1)), int(match.group(2) or 0)


def continuation_messages(
    messages: list[dict[str, Any]], partial: str, model: str
) -> list[dict[str, Any]]:
    """The documented recovery: the original messages plus the partial text.

    As the start of an assistant turn (prefill) for Claude 4.5 and earlier; inside a user turn
    asking the model to continue for Claude 4.6 and later.
    """
    version = model_version(model)
    if version is not None and version <= (4, 5):
        # A prefill may not end in white space.
        return [*messages, {"role": "assistant", "content": partial.rstrip()}]
    request = CONTINUE_USER_TURN.format(partial=partial)
    last = messages[-1] if messages else None
    if last is not None and last.get("role") == "user":
        content = last["content"]
        blocks = [{"type": "text", "text": content}] if isinstance(content, str) else list(content)
        blocks.append({"type": "text", "text": request})
        return [*messages[:-1], {"role": "user", "content": blocks}]
    return [*messages, {"role": "user", "content": request}]


def told(error: BaseException | str) -> str:
    """An error as the learner is told it: its type and message, the key never in it.

    The message of an error raised below the SDK can quote a request header.
    """
    text = error if isinstance(error, str) else f"{type(error).__name__}: {error}"
    # The key is read where it is used, never bound to a name that a frame's locals would show.
    if not os.environ.get("ANTHROPIC_API_KEY", "").strip():
        return text
    return text.replace(os.environ["ANTHROPIC_API_KEY"].strip(), "[the API key]")


class _Observer:
    """Sees every response's bytes before the SDK does, and turns them into wire events."""

    def __init__(self, run: StreamRun) -> None:
        self.run = run

    def request(self) -> None:
        self.run.request_sent()

    async def tee(self, response: httpx2.Response) -> httpx2.Response:
        inner = response.stream
        assert isinstance(inner, httpx2.AsyncByteStream)
        stream: httpx2.AsyncByteStream = inner
        run = self.run
        if response.status_code != 200:
            # An error status: its small JSON body is read here, whether or not the SDK reads
            # it (it only closes a response whose status it retries).
            body = bytearray()
            try:
                async for chunk in stream:
                    body.extend(chunk)
            finally:
                await stream.aclose()
            run.http_status(response.status_code, body.decode("utf-8", "replace"))
            response.stream = httpx2.ByteStream(bytes(body))
            return response

        class Tee(httpx2.AsyncByteStream):
            async def __aiter__(self) -> AsyncIterator[bytes]:
                decoder = SSEDecoder()
                async for chunk in stream:
                    for message in decoder.feed(chunk):
                        run.wire(message.event, message.data)
                    yield chunk

            async def aclose(self) -> None:
                await stream.aclose()

        response.stream = Tee()
        return response


class _TeeTransport(httpx2.AsyncBaseTransport):
    def __init__(self, observer: _Observer) -> None:
        self.inner = httpx2.AsyncHTTPTransport()
        self.observer = observer

    async def handle_async_request(self, request: httpx2.Request) -> httpx2.Response:
        self.observer.request()
        response = await self.inner.handle_async_request(request)
        return await self.observer.tee(response)

    async def aclose(self) -> None:
        await self.inner.aclose()


@dataclass(frozen=True)
class FollowUp:
    """The request that follows a response: messages to add, what to say, and in short."""

    messages: list[dict[str, Any]]
    said: list[str]
    what: str


@dataclass
class StreamRun:
    """One demo: a request (and its retries, tool turns and continuations), watched."""

    request: DemoRequest
    on_note: Callable[[Note], None] = lambda note: None
    #: The SDK's helper events (`text`, `thinking`, `input_json`, ...), beside the wire; the
    #: callback may be a coroutine function (a TUI writing to a MarkdownStream). None: no
    #: one reads them, and the SDK's raw event stream is read without building them.
    on_helper: Callable[[Any], Any] | None = None
    #: Said to the learner as the demo goes (the tool run locally, a continuation sent).
    on_info: Callable[[str], None] = lambda text: None
    scenario: Scenario | None = None  # None: live
    speed: float = 1.0
    record: Path | None = None
    annotator: StreamAnnotator = field(default_factory=StreamAnnotator)
    #: Seconds since the demo began; replaceable so that pictures of the pane can be pinned.
    time_source: Callable[[], float] | None = None

    def __post_init__(self) -> None:
        self._start = time.monotonic()
        self._interrupt = asyncio.Event()
        self.messages: list[dict[str, Any]] = [{"role": "user", "content": self.request.prompt}]
        self.annotator.model = self.request.model
        self.server: ReplayServer | None = None
        self.recording = (
            None
            if self.record is None
            else Recording(self.record, self.request.model, time.strftime("%Y-%m-%d %H:%M"))
        )
        self._retried_status_at: float | None = None
        self.running = False
        self.requests_sent = 0  # retries included: each one uses a transcript of a replay

    def clock(self) -> float:
        if self.time_source is not None:
            return self.time_source()
        return time.monotonic() - self._start

    # -- what the observer reports -------------------------------------------------------

    def wire(self, event: str | None, data: str) -> None:
        if event is None and not data:
            return
        t = self.clock()
        if self.recording is not None:
            self.recording.event(t, event, data)
        self.on_note(self.annotator.feed(WireEvent(t, event, data, self.annotator.turn)))

    def request_sent(self) -> None:
        """A request went out: the first, the SDK's retry, a tool result or a continuation.

        Each is a response of its own (a turn); a retry is said as a row of its own.
        """
        t = self.clock()
        if self.requests_sent:
            self.annotator.new_turn(t)
        if self._retried_status_at is not None:
            self.on_note(self.annotator.retry(t, t - self._retried_status_at))
            self._retried_status_at = None
        self.requests_sent += 1
        if self.recording is not None:
            self.recording.response(t)

    def http_status(self, status: int, body: str) -> None:
        t = self.clock()
        if self.recording is not None:
            self.recording.status(status, body)
        note = self.annotator.http_status(t, status, body)
        if note.action is ClientAction.SDK_RETRIES:
            self._retried_status_at = t
        self.on_note(note)

    # -- running ---------------------------------------------------------------------------

    def interrupt(self) -> None:
        """Stop reading now; what arrived stays."""
        self._interrupt.set()

    async def run(self) -> StreamAnnotator:
        """Stream the first request, running the demo tool and sending its result as needed."""
        return await self._session(self.messages)

    @property
    def can_request_more(self) -> bool:
        """Whether a further request has an answer: live always; a replay while it has one."""
        if self.scenario is None:
            return True
        return self.requests_sent < len(self.scenario.transcripts)

    async def continue_(self) -> StreamAnnotator:
        """Send the documented continuation request for a cut stream."""
        if not self.can_request_more:
            self.on_info("The recording ends here: it holds no response to a continuation request.")
            return self.annotator
        partial = "".join(
            b.text for b in self.annotator.blocks_of_turn(self.annotator.turn) if b.type == "text"
        )
        self.messages = continuation_messages(self.messages, partial, self.request.model)
        self.on_info(
            "Sent the continuation request: the original messages plus the text that had arrived."
        )
        return await self._session(self.messages)

    async def _session(self, messages: list[dict[str, Any]]) -> StreamAnnotator:
        with full_collections_deferred():
            return await self._streamed(messages)

    async def _streamed(self, messages: list[dict[str, Any]]) -> StreamAnnotator:
        self._interrupt.clear()
        self.running = True
        try:
            client = await self._open_client()
            if client is None:
                return self.annotator
            async with client:
                await self._turns(client, messages)
        finally:
            self.running = False
            self._write_recording()
        return self.annotator

    async def _open_client(self) -> anthropic.AsyncAnthropic | None:
        """The one place live and replay part: the same client, pointed at the loopback
        server with a replay's scenario, else at the API with the key. None: no key."""
        if self.scenario is not None:
            if self.server is None:
                self.server = await ReplayServer(self.scenario, speed=self.speed).start()
                # The server keeps the retry as quick as the replay.
                self.server.retry_after_ms = (
                    200 if self.speed == 0 else round(200 / max(self.speed, 0.01))
                )
            return self._client(self.server.url, "replay-key-not-secret")
        if not os.environ.get("ANTHROPIC_API_KEY", "").strip():
            self.annotator.fail(
                "no_api_key",
                "ANTHROPIC_API_KEY is not set: live mode needs a key (replay works without one).",
            )
            return None
        # The SDK reads the key from the environment: no frame of ours holds it, so no
        # traceback or crash report that prints local variables can show it.
        return self._client(None, None)

    async def close(self) -> None:
        if self.server is not None:
            await self.server.close()
            self.server = None

    def _client(self, base_url: str | None, api_key: str | None) -> anthropic.AsyncAnthropic:
        http_client = httpx2.AsyncClient(transport=_TeeTransport(_Observer(self)))
        return anthropic.AsyncAnthropic(
            api_key=api_key,
            base_url=base_url,
            http_client=http_client,
            default_headers={"accept-encoding": "identity"},  # the wire as it is
        )

    async def _turns(
        self, client: anthropic.AsyncAnthropic, messages: list[dict[str, Any]]
    ) -> None:
        """The one place that decides whether a response is followed by another request."""
        for _ in range(MAX_TURNS):
            final = await self._one_turn(client, messages)
            self.annotator.stopped(self.clock())
            if final is None or self.annotator.state != "complete":
                return
            follow = self._follow_up(final)
            if follow is None:
                return
            if not self.can_request_more:
                self.on_info(
                    "The recording ends here: it holds no response to the next request. "
                    f"A live client would now {follow.what}."
                )
                return
            for line in follow.said:
                self.on_info(line)
            messages.extend(follow.messages)
            # The next request starts the next turn (the observer sees it go out).

    def _follow_up(self, final: list[dict[str, Any]]) -> FollowUp | None:
        """What a client sends after a complete response, if anything."""
        stop_reason = self.annotator.stop_reason
        if stop_reason == "pause_turn":
            return FollowUp(
                [{"role": "assistant", "content": final}],
                ["pause_turn: sending the response back as the assistant turn to let it continue."],
                "send the response back as the assistant turn to let it continue",
            )
        if stop_reason != "tool_use" or not self.request.tools:
            return None
        calls = [
            b
            for b in self.annotator.blocks_of_turn(self.annotator.turn)
            if b.type == "tool_use" and b.complete
        ]
        said, results = [], []
        for call in calls:
            output = run_demo_tool(call.name, call.input)
            said.append(
                f"Ran {call.name}({json.dumps(call.input)}) locally: "
                f"{json.dumps(output)}. Sending the result back."
            )
            results.append(
                {"type": "tool_result", "tool_use_id": call.tool_id, "content": json.dumps(output)}
            )
        return FollowUp(
            [{"role": "assistant", "content": final}, {"role": "user", "content": results}],
            said,
            "run the tool and send its result back",
        )

    async def _one_turn(
        self, client: anthropic.AsyncAnthropic, messages: list[dict[str, Any]]
    ) -> list[dict[str, Any]] | None:
        """Stream one request. Returns the final content blocks, or None if it did not finish."""
        consume = asyncio.ensure_future(self._consume(client, messages))
        stop = asyncio.ensure_future(self._interrupt.wait())
        try:
            done, _ = await asyncio.wait({consume, stop}, return_when=asyncio.FIRST_COMPLETED)
        except asyncio.CancelledError:  # whoever ran the demo went away: stop reading too
            consume.cancel()
            stop.cancel()
            raise
        if consume not in done:
            consume.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await consume
            self.annotator.end("interrupted")
            return None
        stop.cancel()
        return consume.result()

    async def _consume(
        self, client: anthropic.AsyncAnthropic, messages: list[dict[str, Any]]
    ) -> list[dict[str, Any]] | None:
        params = self.request.params(messages)
        try:
            if self.on_helper is None:
                # The events a bare `create(..., stream=True)` loop reads: the SDK's helper
                # (MessageStream) would build a snapshot and helper events no one reads.
                async with await client.messages.create(**params, stream=True) as raw:
                    async for _ in raw:
                        pass
            else:
                async with client.messages.stream(**params) as stream:
                    async for event in stream:
                        handled = self.on_helper(event)
                        if inspect.isawaitable(handled):
                            await handled
            self.annotator.end("eof")
            return self._content_of_turn()
        except anthropic.APIStatusError as exc:
            # After HTTP 200 this is an `error` event; before the stream, an HTTP error status.
            if self.annotator.state != "error":
                body = exc.body if isinstance(exc.body, dict) else {}
                error = body.get("error")
                error = error if isinstance(error, dict) else {}
                self.annotator.fail(str(error.get("type") or exc.status_code), told(exc.message))
        except (httpx2.TransportError, anthropic.APIConnectionError) as exc:
            self.annotator.end("dropped", told(exc))
        except Exception as exc:  # the SDK could not read an event: report it, keep what arrived
            if self.annotator.state != "error":
                self.annotator.fail("invalid_event", told(exc))
        return None

    def _content_of_turn(self) -> list[dict[str, Any]]:
        """The turn's content blocks, to send back as the assistant message, as they arrived."""
        content: list[dict[str, Any]] = []
        for block in self.annotator.blocks_of_turn(self.annotator.turn):
            if block.type == "text":
                content.append({"type": "text", "text": block.text})
            elif block.type == "thinking":
                content.append(
                    {"type": "thinking", "thinking": block.text, "signature": block.signature}
                )
            elif block.type in TOOL_INPUT_BLOCKS:
                input_ = block.input if block.input is not None else {}
                content.append({**block.start, "input": input_})
            elif block.type == "compaction":
                content.append({**block.start, "content": block.text})
            elif block.start:
                content.append(dict(block.start))  # results and redacted thinking, unchanged
        return content

    def _write_recording(self) -> None:
        """Save the recording; if it cannot be saved, say so: the stream's own ending stands."""
        if self.recording is None:
            return
        problem = self.recording.save()
        if problem is not None:
            self.on_info(problem)
