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

from ccaf.stream.collector import full_collections_deferred
from ccaf.stream.model import Note, StreamModel, WireEvent
from ccaf.stream.server import ReplayServer
from ccaf.stream.setup import DemoRequest
from ccaf.stream.sse import SSEDecoder
from ccaf.stream.transcript import Scenario

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
        self.requests = 0

    def request(self) -> None:
        if self.requests:
            self.run.model.new_turn(self.run.clock())
        self.requests += 1
        self.run.new_response()

    async def tee(self, response: httpx2.Response) -> httpx2.Response:
        inner = response.stream
        assert isinstance(inner, httpx2.AsyncByteStream)
        stream: httpx2.AsyncByteStream = inner
        status = response.status_code
        run = self.run

        class Tee(httpx2.AsyncByteStream):
            async def __aiter__(self) -> AsyncIterator[bytes]:
                decoder = SSEDecoder()
                body = bytearray()
                try:
                    async for chunk in stream:
                        if status == 200:
                            for message in decoder.feed(chunk):
                                run.wire(message.event, message.data, message.comments)
                        else:
                            body.extend(chunk)
                        yield chunk
                finally:
                    if status != 200:
                        run.http_status(status, body.decode("utf-8", "replace"))

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
    model: StreamModel = field(default_factory=StreamModel)
    #: Seconds since the demo began; replaceable so that pictures of the pane can be pinned.
    time_source: Callable[[], float] | None = None

    def __post_init__(self) -> None:
        self._start = time.monotonic()
        self._interrupt = asyncio.Event()
        self.messages: list[dict[str, Any]] = [{"role": "user", "content": self.request.prompt}]
        self.model.model = self.request.model
        self.server: ReplayServer | None = None
        self._recording: list[str] = []
        self._request_sent = 0.0
        self.running = False

    def clock(self) -> float:
        if self.time_source is not None:
            return self.time_source()
        return time.monotonic() - self._start

    # -- what the observer reports -------------------------------------------------------

    def wire(self, event: str | None, data: str, comments: list[str]) -> None:
        if event is None and not data:
            return
        t = self.clock()
        if self.record is not None:
            since = t - self._request_sent  # transcripts time events from their request
            self._recording.append(f": t={since:.3f}\nevent: {event}\ndata: {data}\n\n")
        self.on_note(self.model.feed(WireEvent(t, event, data, self.model.turn)))

    def new_response(self) -> None:
        """A request went out: a recording keeps only the response to the latest one."""
        self._recording = []
        self._request_sent = self.clock()

    def http_status(self, status: int, body: str) -> None:
        if self.record is not None:
            self._recording = [f": status={status}\ndata: {body}\n\n"]
        self.on_note(self.model.http_status(self.clock(), status, body))

    # -- running ---------------------------------------------------------------------------

    def interrupt(self) -> None:
        """Stop reading now; what arrived stays."""
        self._interrupt.set()

    async def run(self) -> StreamModel:
        """Stream the first request, running the demo tool and sending its result as needed."""
        return await self._session(self.messages)

    async def continue_(self) -> StreamModel:
        """Send the documented continuation request for a cut stream."""
        partial = "".join(
            b.text for b in self.model.blocks_of_turn(self.model.turn) if b.type == "text"
        )
        self.messages = continuation_messages(self.messages, partial, self.request.model)
        self.on_info(
            "Sent the continuation request: the original messages plus the text that had arrived."
        )
        self.model.new_turn(self.clock())
        return await self._session(self.messages)

    async def _session(self, messages: list[dict[str, Any]]) -> StreamModel:
        with full_collections_deferred():
            return await self._streamed(messages)

    async def _streamed(self, messages: list[dict[str, Any]]) -> StreamModel:
        self._interrupt.clear()
        self.running = True
        try:
            if self.scenario is not None:
                if self.server is None:
                    self.server = await ReplayServer(self.scenario, speed=self.speed).start()
                    # The server keeps the retry as quick as the replay.
                    self.server.retry_after_ms = (
                        200 if self.speed == 0 else round(200 / max(self.speed, 0.01))
                    )
                client = self._client(self.server.url, "replay-key-not-secret")
            else:
                if not os.environ.get("ANTHROPIC_API_KEY", "").strip():
                    self.model.fail(
                        "no_api_key",
                        "ANTHROPIC_API_KEY is not set: live mode "
                        "needs a key (replay works without one).",
                    )
                    return self.model
                # The SDK reads the key from the environment: no frame of ours holds it, so
                # no traceback or crash report that prints local variables can show it.
                client = self._client(None, None)
            async with client:
                await self._turns(client, messages)
        finally:
            self.running = False
            self._write_recording()
        return self.model

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
        for _ in range(MAX_TURNS):
            final = await self._one_turn(client, messages)
            if final is None or self.model.state != "complete":
                return
            if self.model.stop_reason != "tool_use" or not self.request.tools:
                return
            calls = [
                b
                for b in self.model.blocks_of_turn(self.model.turn)
                if b.type == "tool_use" and b.complete
            ]
            results = []
            for call in calls:
                output = run_demo_tool(call.name, call.input)
                self.on_info(
                    f"Ran {call.name}({json.dumps(call.input)}) locally: "
                    f"{json.dumps(output)}. Sending the result back."
                )
                results.append(
                    {
                        "type": "tool_result",
                        "tool_use_id": call.tool_id,
                        "content": json.dumps(output),
                    }
                )
            messages.append({"role": "assistant", "content": final})
            messages.append({"role": "user", "content": results})
            # The next request starts the next turn (the observer sees it go out).

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
            self.model.end("interrupted")
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
            self.model.end("eof")
            return self._content_of_turn()
        except anthropic.APIStatusError as exc:
            # After HTTP 200 this is an `error` event; before the stream, an HTTP error status.
            if self.model.state != "error":
                body = exc.body if isinstance(exc.body, dict) else {}
                error = body.get("error")
                error = error if isinstance(error, dict) else {}
                self.model.fail(str(error.get("type") or exc.status_code), told(exc.message))
        except (httpx2.TransportError, anthropic.APIConnectionError) as exc:
            self.model.end("dropped", told(exc))
        except Exception as exc:  # the SDK could not read an event: report it, keep what arrived
            if self.model.state != "error":
                self.model.fail("invalid_event", told(exc))
        return None

    def _content_of_turn(self) -> list[dict[str, Any]]:
        """The turn's content blocks, to send back as the assistant message."""
        content: list[dict[str, Any]] = []
        for block in self.model.blocks_of_turn(self.model.turn):
            if block.type == "text":
                content.append({"type": "text", "text": block.text})
            elif block.type == "tool_use":
                content.append(
                    {
                        "type": "tool_use",
                        "id": block.tool_id,
                        "name": block.name,
                        "input": block.input if block.input is not None else {},
                    }
                )
            elif block.type == "thinking":
                content.append(
                    {"type": "thinking", "thinking": block.text, "signature": block.signature}
                )
        return content

    def _write_recording(self) -> None:
        """Save the recording; if it cannot be saved, say so: the stream's own ending stands."""
        try:
            self._save_recording()
        except OSError as exc:
            self.on_info(f"The recording was not saved to {self.record}: {exc.strerror or exc}.")

    def _save_recording(self) -> None:
        if self.record is None or not self._recording:
            return
        header = [
            f": title=Recorded {time.strftime('%Y-%m-%d %H:%M')}",
            f": teaches=A live response from {self.request.model}.",
        ]
        lines = self._recording
        if lines[0].startswith(": status="):
            text = (
                lines[0].split("\n", 1)[0]
                + "\n"
                + "\n".join(header)
                + "\n"
                + lines[0].split("\n", 1)[1]
            )
        else:
            text = "\n".join(header) + "\n\n" + "".join(lines)
        self.record.write_text(text, encoding="utf-8")
