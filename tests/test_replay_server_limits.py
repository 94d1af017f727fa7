"""The replay server under abuse: malformed and oversized requests get an answer, it keeps only
the latest requests, and connections that send nothing are closed."""

from __future__ import annotations

import asyncio
import json

import pytest

from ccaf.stream.server import KEEP_REQUESTS, MAX_BODY, ReplayServer
from ccaf.stream.transcript import load_scenario


async def exchange(server: ReplayServer, raw: bytes) -> bytes:
    """Send `raw`; read until a streamed answer ends, or the server closes the connection."""
    reader, writer = await asyncio.open_connection(server.host, server.port)
    answer = b""
    try:
        writer.write(raw)
        await writer.drain()
        while not answer.endswith(b"\r\n0\r\n\r\n"):
            chunk = await asyncio.wait_for(reader.read(65536), 20)
            if not chunk:
                break
            answer += chunk
        return answer
    finally:
        writer.close()


def post(length: str, body: bytes = b"") -> bytes:
    head = f"POST /v1/messages HTTP/1.1\r\nhost: x\r\ncontent-length: {length}\r\n\r\n"
    return head.encode("utf-8") + body


@pytest.mark.parametrize(
    "length",
    ["١٢", "²", "9" * 5000, "-1", "1e3", "0x10"],
    ids=["arabic-digits", "superscript", "5000-digits", "negative", "exponent", "hex"],
)
async def test_a_bad_content_length_is_a_400(length: str) -> None:
    async with ReplayServer(load_scenario("plain-text"), speed=0) as server:
        answer = await exchange(server, post(length))
        assert answer.startswith(b"HTTP/1.1 400 Bad Request\r\n")
        body = json.loads(answer.split(b"\r\n\r\n", 1)[1])
        assert body["error"]["type"] == "invalid_request_error"
        assert server.requests == type(server.requests)()  # nothing kept
        # ... and the server still answers the next client.
        streamed = b'{"stream": true}'
        ok = await exchange(server, post(str(len(streamed)), streamed))
        assert ok.startswith(b"HTTP/1.1 200 OK")


async def test_a_body_over_the_limit_is_a_413_without_reading_it() -> None:
    async with ReplayServer(load_scenario("plain-text"), speed=0) as server:
        answer = await exchange(server, post(str(MAX_BODY + 1), b"{"))
        assert answer.startswith(b"HTTP/1.1 413 Payload Too Large\r\n")
        assert b"request_too_large" in answer


async def test_only_the_latest_requests_are_kept() -> None:
    async with ReplayServer(load_scenario("plain-text"), speed=0, loop=True) as server:
        for n in range(KEEP_REQUESTS + 5):
            body = json.dumps({"n": n, "stream": True, "padding": "x" * 100_000}).encode()
            answer = await exchange(server, post(str(len(body)), body))
            assert answer.startswith(b"HTTP/1.1 200 OK")
        kept = [r.body["n"] for r in server.requests if r.body is not None]
        assert kept == list(range(5, KEEP_REQUESTS + 5))


@pytest.mark.parametrize("sent", [b"", b"POST /v1/messages HTTP/1.1\r\nhost: x\r\n"])
async def test_idle_and_slow_header_connections_are_closed(sent: bytes) -> None:
    async with ReplayServer(load_scenario("plain-text"), speed=0, read_timeout=0.2) as server:
        assert await exchange(server, sent) == b""  # closed by the server, unanswered


async def test_a_slow_body_is_closed() -> None:
    async with ReplayServer(load_scenario("plain-text"), speed=0, read_timeout=0.2) as server:
        assert await exchange(server, post("100", b"{")) == b""
