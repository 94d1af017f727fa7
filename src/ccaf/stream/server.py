"""A loopback server that answers `POST /v1/messages` as the API does, from a scenario.

Each request gets the scenario's next transcript: a status transcript answers with that HTTP
status and its JSON error body; any other is streamed as `text/event-stream` with chunked
encoding, each event written when its `t` comes, and a `: drop` cuts the socket without ending
the body, as a dropped connection does. A request without `"stream": true` gets the JSON
Message the transcript adds up to. When every transcript has been answered, a further request
gets a JSON error that says so (or, with `loop`, the first transcript again): a replay never
makes up a response its recording does not have.

Whatever a client sends, the server stays up and small: a malformed `content-length` is a 400,
a body over the API's own limit a 413, only the latest requests are kept, and a connection that
sends nothing (or its head too slowly) is closed.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import re
import uuid
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ccaf.stream.message import transcript_message
from ccaf.stream.transcript import Scenario, Transcript

STATUS_TEXT = {
    400: "Bad Request",
    401: "Unauthorized",
    402: "Payment Required",
    403: "Forbidden",
    404: "Not Found",
    408: "Request Timeout",
    409: "Conflict",
    413: "Payload Too Large",
    429: "Too Many Requests",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
    529: "Overloaded",
}
MAX_BODY = 32 * 1024 * 1024  # the Messages API's own request limit
#: Bytes a replay at speed 0 writes at once: one write (and one read) per event would cost
#: both sides more than the events themselves.
WRITE_AT_ONCE = 16 * 1024
KEEP_REQUESTS = 8  # the latest requests, for tests and learners to look at
_LENGTH = re.compile(r"[0-9]{1,12}")  # ASCII digits only: int() would take "١٢" and "²"


class _Refused(Exception):
    """A request answered with an error status, after which the connection is closed."""

    def __init__(self, status: int, kind: str, message: str) -> None:
        super().__init__(message)
        self.status, self.kind, self.message = status, kind, message


@dataclass
class ReceivedRequest:
    method: str
    path: str
    headers: dict[str, str]
    body: dict[str, Any] | None


@dataclass
class ReplayServer:
    """Serve `scenario` on 127.0.0.1; `speed` 2 is twice as fast, 0 is as fast as possible."""

    scenario: Scenario
    speed: float = 1.0
    host: str = "127.0.0.1"
    port: int = 0
    #: Wait this long before answering with a status (the SDK honours `retry-after-ms`).
    retry_after_ms: int = 200
    #: Seconds a connection may take to send a request's head (or sit idle before one), and
    #: its body: after that it is closed.
    read_timeout: float = 30.0
    #: Start the scenario over when its transcripts are used up, instead of refusing.
    loop: bool = False
    #: Told one line per request: its method, path and which transcript answered it.
    log: Callable[[str], None] | None = None
    requests: deque[ReceivedRequest] = field(default_factory=lambda: deque(maxlen=KEEP_REQUESTS))

    def __post_init__(self) -> None:
        self._server: asyncio.Server | None = None
        self._served = 0
        self._writers: set[asyncio.StreamWriter] = set()
        self._tasks: set[asyncio.Task[None]] = set()

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    async def start(self) -> ReplayServer:
        self._server = await asyncio.start_server(self._handle, self.host, self.port)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    async def close(self) -> None:
        if self._server is not None:
            self._server.close()
            for writer in list(self._writers):
                writer.close()
            # Stop each connection's handler, even one asleep in a long gap of a transcript.
            for task in list(self._tasks):
                task.cancel()
            if self._tasks:
                await asyncio.wait(set(self._tasks), timeout=1)
            with contextlib.suppress(Exception):
                await self._server.wait_closed()
            self._server = None

    async def __aenter__(self) -> ReplayServer:
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    async def serve_forever(self) -> None:
        assert self._server is not None
        await self._server.serve_forever()

    @property
    def remaining(self) -> int | None:
        """How many transcripts are still to be answered; None when the scenario loops."""
        if self.loop:
            return None
        return max(0, len(self.scenario.transcripts) - self._served)

    def next_transcript(self) -> Transcript | None:
        """The transcript that answers the next request; None once they are used up."""
        transcripts = self.scenario.transcripts
        if self._served >= len(transcripts) and not self.loop:
            return None
        transcript = transcripts[self._served % len(transcripts)]
        self._served += 1
        return transcript

    def _said(self, request: ReceivedRequest, answer: str) -> None:
        if self.log is not None:
            self.log(f"{request.method} {request.path} → {answer}")

    # -- HTTP ----------------------------------------------------------------------------

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        if task is not None:
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
        self._writers.add(writer)
        try:
            while True:
                try:
                    request = await self._read_request(reader)
                except _Refused as refused:
                    await self._plain(writer, refused.status, refused.kind, refused.message)
                    return
                except TimeoutError:
                    return  # idle, or too slow to send its request: let the socket go
                if request is None:
                    return
                if request.method != "POST" or request.path.split("?")[0] != "/v1/messages":
                    self._said(request, "404: not an endpoint this server answers")
                    await self._plain(
                        writer,
                        404,
                        "not_found_error",
                        f"{request.method} {request.path}: this server answers "
                        "POST /v1/messages only",
                    )
                    continue
                self.requests.append(request)
                transcript = self.next_transcript()
                if transcript is None:
                    count = len(self.scenario.transcripts)
                    message = (
                        f"the replay of {self.scenario.name!r} has {count} recorded "
                        f"response{'s' if count != 1 else ''} and all have been sent: the "
                        "recording ends here (restart the server, or start it with --loop)"
                    )
                    self._said(request, "400: the recording's responses are used up")
                    await self._plain(writer, 400, "invalid_request_error", message)
                    continue
                streamed = request.body is not None and request.body.get("stream") is True
                self._said(request, self._which(transcript, streamed))
                if streamed:
                    keep_open = await self._answer(writer, transcript)
                else:
                    keep_open = await self._answer_whole(writer, transcript)
                if not keep_open:
                    return
        except (ConnectionError, asyncio.IncompleteReadError):
            return
        except asyncio.CancelledError:
            return  # the server is closing: end this connection quietly
        finally:
            self._writers.discard(writer)
            with contextlib.suppress(Exception):
                writer.close()

    def _which(self, transcript: Transcript, streamed: bool) -> str:
        total = len(self.scenario.transcripts)
        number = (self._served - 1) % total + 1
        how = (
            f"status {transcript.status}"
            if transcript.status is not None
            else ("streamed" if streamed else "as one JSON Message")
        )
        return f"{transcript.path.name} ({number} of {total}), {how}"

    async def _read_request(self, reader: asyncio.StreamReader) -> ReceivedRequest | None:
        try:
            head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), self.read_timeout)
        except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError):
            return None
        lines = head.decode("latin-1").split("\r\n")
        method, _, rest = lines[0].partition(" ")
        path = rest.rsplit(" ", 1)[0]
        headers = {}
        for line in lines[1:]:
            if ":" in line:
                key, _, value = line.partition(":")
                headers[key.strip().lower()] = value.strip()
        declared = headers.get("content-length", "0").strip() or "0"
        if not _LENGTH.fullmatch(declared):
            raise _Refused(400, "invalid_request_error", "content-length is not a byte count")
        length = int(declared)
        if length > MAX_BODY:
            raise _Refused(413, "request_too_large", f"the request body is over {MAX_BODY} bytes")
        raw = (
            await asyncio.wait_for(reader.readexactly(length), self.read_timeout) if length else b""
        )
        try:
            body = json.loads(raw) if raw else None
        except json.JSONDecodeError:
            body = None
        # The key is never kept: only what a test or a learner needs to see of the request.
        headers.pop("x-api-key", None)
        headers.pop("authorization", None)
        return ReceivedRequest(method, path, headers, body if isinstance(body, dict) else None)

    async def _plain(
        self, writer: asyncio.StreamWriter, status: int, kind: str, message: str
    ) -> None:
        body = json.dumps({"type": "error", "error": {"type": kind, "message": message}})
        await self._write_status(writer, status, body)

    async def _write_status(self, writer: asyncio.StreamWriter, status: int, body: str) -> None:
        data = body.encode("utf-8")
        head = (
            f"HTTP/1.1 {status} {STATUS_TEXT.get(status, 'Error')}\r\n"
            "content-type: application/json\r\n"
            f"content-length: {len(data)}\r\n"
            f"request-id: req_replay_{uuid.uuid4().hex[:16]}\r\n"
            f"retry-after-ms: {self.retry_after_ms}\r\n"
            + ("" if status >= 500 or status in (408, 409, 429) else "x-should-retry: false\r\n")
            + "x-replay: ccaf\r\n"
            "\r\n"
        )
        writer.write(head.encode("latin-1") + data)
        await writer.drain()

    async def _answer_whole(self, writer: asyncio.StreamWriter, transcript: Transcript) -> bool:
        """A request without streaming: the Message the transcript adds up to, when it is done."""
        if transcript.status is not None:
            await self._write_status(writer, transcript.status, transcript.error_body or "{}")
            return True
        end = transcript.drop_at if transcript.drop else None
        if end is None:
            end = transcript.blocks[-1].t if transcript.blocks else 0.0
        if self.speed > 0:
            await asyncio.sleep(end / self.speed)
        message = transcript_message(transcript)
        if transcript.drop or message is None:
            writer.transport.abort()  # the response never completes: nothing to answer with
            return False
        data = json.dumps(message, ensure_ascii=False).encode("utf-8")
        head = (
            "HTTP/1.1 200 OK\r\n"
            "content-type: application/json\r\n"
            f"content-length: {len(data)}\r\n"
            f"request-id: req_replay_{uuid.uuid4().hex[:16]}\r\n"
            "x-replay: ccaf\r\n"
            "\r\n"
        )
        writer.write(head.encode("latin-1") + data)
        await writer.drain()
        return True

    async def _answer(self, writer: asyncio.StreamWriter, transcript: Transcript) -> bool:
        loop = asyncio.get_running_loop()
        started = loop.time()
        if transcript.status is not None:
            await self._write_status(writer, transcript.status, transcript.error_body or "{}")
            return True
        writer.write(
            (
                "HTTP/1.1 200 OK\r\n"
                "content-type: text/event-stream; charset=utf-8\r\n"
                "cache-control: no-cache\r\n"
                "transfer-encoding: chunked\r\n"
                f"request-id: req_replay_{uuid.uuid4().hex[:16]}\r\n"
                "x-replay: ccaf\r\n"
                "\r\n"
            ).encode("latin-1")
        )
        await writer.drain()
        unsent = bytearray()  # as fast as possible: events go out in writes of WRITE_AT_ONCE
        for block in transcript.blocks:
            data = block.text.encode("utf-8")
            chunk = b"%x\r\n%s\r\n" % (len(data), data)
            if self.speed > 0:
                wait = started + block.t / self.speed - loop.time()
                if wait > 0:
                    await asyncio.sleep(wait)
                writer.write(chunk)
                await writer.drain()
            else:
                unsent += chunk
                if len(unsent) >= WRITE_AT_ONCE:
                    writer.write(bytes(unsent))
                    unsent.clear()
                    await writer.drain()
        if unsent:
            writer.write(bytes(unsent))
            await writer.drain()
        if transcript.drop:
            if self.speed > 0 and transcript.drop_at is not None:
                wait = started + transcript.drop_at / self.speed - loop.time()
                if wait > 0:
                    await asyncio.sleep(wait)
            # Cut the connection mid-body: no final chunk, and no clean shutdown.
            transport = writer.transport
            transport.abort()
            return False
        writer.write(b"0\r\n\r\n")
        await writer.drain()
        return True
