"""An incremental server-sent events decoder: bytes in, in any split; events out, in order.

It keeps what a network read cut in half (a line, or a UTF-8 character) until the rest
arrives. SSE comments (lines starting with `:`, which the wire may carry as keep-alives) are
passed over, as every SSE parser passes over them.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass


@dataclass(slots=True)
class SSEMessage:
    """One dispatched SSE event: its `event:` name (None if absent) and its joined `data:`."""

    event: str | None
    data: str


class SSEDecoder:
    """Feed it bytes with `feed`; it returns the events completed by them."""

    def __init__(self) -> None:
        self._text = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self._buffer = ""
        self._event: str | None = None
        self._data: list[str] = []
        self._pending_cr = False

    def feed(self, chunk: bytes) -> list[SSEMessage]:
        return self._feed_text(self._text.decode(chunk))

    def flush(self) -> list[SSEMessage]:
        """End of stream: an event not followed by its blank line is not dispatched (per SSE)."""
        tail = self._text.decode(b"", final=True)
        out = self._feed_text(tail)
        return out

    @property
    def pending(self) -> bool:
        """Whether bytes of an unfinished event are held (the stream ended mid-event)."""
        return bool(self._buffer or self._data or self._event is not None)

    def _feed_text(self, text: str) -> list[SSEMessage]:
        if not text:
            return []
        if self._pending_cr and text.startswith("\n"):
            text = text[1:]  # the \n of a \r\n split across two reads
        self._pending_cr = False
        buffer = self._buffer + text
        out: list[SSEMessage] = []
        if "\r" not in buffer:  # lines end with \n alone, as the API ends them
            *lines, self._buffer = buffer.split("\n")
            for line in lines:
                message = self._line(line)
                if message is not None:
                    out.append(message)
            return out
        start = 0
        while True:
            cut = _line_end(buffer, start)
            if cut is None:
                break
            end, width = cut
            line = buffer[start:end]
            if width == 1 and buffer[end] == "\r" and end + 1 == len(buffer):
                self._pending_cr = True
            start = end + width
            message = self._line(line)
            if message is not None:
                out.append(message)
        self._buffer = buffer[start:]
        return out

    def _line(self, line: str) -> SSEMessage | None:
        if line == "":
            if self._event is None and not self._data:
                return None  # a blank line with nothing before it dispatches nothing
            message = SSEMessage(self._event, "\n".join(self._data))
            self._event, self._data = None, []
            return message
        if line.startswith(":"):
            return None
        name, _, value = line.partition(":")
        if value.startswith(" "):
            value = value[1:]
        if name == "event":
            self._event = value
        elif name == "data":
            self._data.append(value)
        # `id:` and `retry:` are valid SSE fields that the Messages API does not use.
        return None


def _line_end(buffer: str, start: int = 0) -> tuple[int, int] | None:
    """Where the first line from `start` ends in `buffer`, and how wide its line break is
    (\n, \r or \r\n)."""
    newline = buffer.find("\n", start)
    cr = buffer.find("\r", start, newline if newline >= 0 else len(buffer))
    if cr >= 0:
        return (cr, 2) if cr + 1 == newline else (cr, 1)
    return (newline, 1) if newline >= 0 else None
