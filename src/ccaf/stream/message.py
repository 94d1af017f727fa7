"""The Message a stream adds up to: its events accumulated as the anthropic SDK accumulates them.

This is what a request without `"stream": true` receives for the same response, so the replay
server can answer `messages.create()` from a recorded stream. The rules are the SDK's own
(`accumulate_event` in its message stream helpers): text, thinking and tool input append;
a signature and a compaction summary replace; `message_delta` sets the stop reason and
replaces every usage count it carries, keeping the `message_start` value of one it omits.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterable
from typing import Any

from ccaf.stream.sse import SSEDecoder
from ccaf.stream.transcript import Transcript

#: Blocks whose input streams as `input_json_delta` fragments, parsed at the block's stop.
TOOL_INPUT_BLOCKS = frozenset({"tool_use", "server_tool_use", "mcp_tool_use"})


class MessageAccumulator:
    """Feed it each event's parsed JSON in order; `message` is the Message so far."""

    def __init__(self) -> None:
        self.message: dict[str, Any] | None = None
        self._json: dict[int, str] = {}

    def feed(self, event: dict[str, Any]) -> None:
        kind = event.get("type")
        if kind == "message_start":
            self.message = json.loads(json.dumps(event.get("message") or {}))
            self.message.setdefault("content", [])
            return
        message = self.message
        if message is None:
            return  # the SDK refuses events before message_start; nothing to add them to
        content: list[dict[str, Any]] = message["content"]
        if kind == "content_block_start":
            content.append(dict(event.get("content_block") or {}))
        elif kind == "content_block_delta":
            index = int(event.get("index", 0))
            if not 0 <= index < len(content):
                return
            self._delta(index, content[index], event.get("delta") or {})
        elif kind == "content_block_stop":
            index = int(event.get("index", 0))
            if index in self._json and 0 <= index < len(content):
                raw = self._json.pop(index)
                # Unparsable input: the SDK keeps its partial parse; here the block stays as it was.
                with contextlib.suppress(json.JSONDecodeError):
                    content[index]["input"] = json.loads(raw) if raw.strip() else {}
        elif kind == "message_delta":
            delta = event.get("delta") or {}
            message["stop_reason"] = delta.get("stop_reason")
            message["stop_sequence"] = delta.get("stop_sequence")
            if delta.get("container") is not None:
                message["container"] = delta["container"]
            usage = message.setdefault("usage", {})
            for key, value in (event.get("usage") or {}).items():
                if value is not None:
                    usage[key] = value

    def _delta(self, index: int, block: dict[str, Any], delta: dict[str, Any]) -> None:
        kind = delta.get("type")
        if kind == "text_delta" and block.get("type") == "text":
            block["text"] = block.get("text", "") + str(delta.get("text", ""))
        elif kind == "input_json_delta" and block.get("type") in TOOL_INPUT_BLOCKS:
            self._json[index] = self._json.get(index, "") + str(delta.get("partial_json", ""))
        elif kind == "citations_delta" and block.get("type") == "text":
            block.setdefault("citations", None)
            block["citations"] = [*(block["citations"] or []), delta.get("citation")]
        elif kind == "thinking_delta" and block.get("type") == "thinking":
            block["thinking"] = block.get("thinking", "") + str(delta.get("thinking", ""))
        elif kind == "signature_delta" and block.get("type") == "thinking":
            block["signature"] = delta.get("signature")
        elif kind == "compaction_delta" and block.get("type") == "compaction":
            block["content"] = delta.get("content")
            block["encrypted_content"] = delta.get("encrypted_content")


def accumulate(events: Iterable[dict[str, Any]]) -> dict[str, Any] | None:
    """The Message that `events` add up to, or None without a `message_start`."""
    accumulator = MessageAccumulator()
    for event in events:
        accumulator.feed(event)
    return accumulator.message


def transcript_message(transcript: Transcript) -> dict[str, Any] | None:
    """The Message a recorded stream adds up to (its events as the decoder reads them)."""
    decoder = SSEDecoder()
    events: list[dict[str, Any]] = []
    for block in transcript.blocks:
        for event in decoder.feed(block.text.encode("utf-8")):
            try:
                payload = json.loads(event.data) if event.data else None
            except json.JSONDecodeError:
                continue  # the SDK would raise here; a whole Message cannot include it
            if isinstance(payload, dict):
                events.append(payload)
    return accumulate(events)
