"""Small helpers for wording shown to people."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

#: What a terminal could take as an instruction: C0 controls but tab and newline, DEL, the
#: C1 controls, and lone surrogates (which no terminal encoding can write); and the
#: bidirectional controls (embeddings, overrides, isolates and marks), which reorder the text
#: around them so that what is shown is not what is there.
_UNSHOWABLE = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)
QUOTE_LIMIT = 60


def plural(count: int, noun: str, plural_form: str | None = None) -> str:
    """`plural(1, "item")` is "1 item"; `plural(2, "item")` is "2 items"."""
    word = noun if count == 1 else (plural_form or noun + "s")
    return f"{count} {word}"


def clock_time(seconds: float) -> str:
    """A duration as m:ss, or h:mm:ss from an hour up."""
    total = max(0, int(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02}:{secs:02}" if hours else f"{minutes}:{secs:02}"


def interval(seconds: float) -> str:
    """A short interval such as "<1m", "10m", "5h", "3d", "2mo", "1.5y"."""
    if seconds < 60:
        return "<1m"
    minutes = seconds / 60
    if minutes < 60:
        return f"{round(minutes)}m"
    hours = minutes / 60
    if hours < 24:
        return f"{round(hours)}h"
    days = hours / 24
    if days < 30:
        return f"{round(days)}d"
    if days < 365:
        return f"{round(days / 30)}mo"
    return f"{days / 365:.1f}y"


def when(timestamp: float) -> str:
    """A moment in local time, e.g. "Thu 27 Nov 09:12"."""
    return datetime.fromtimestamp(timestamp).strftime("%a %d %b %H:%M")


def percent(value: float | None) -> str:
    return "—" if value is None else f"{value:.0f}%"


def is_url(text: str) -> bool:
    """Whether `text` is a single http(s) URL with a host (a source that can be a link)."""
    from urllib.parse import urlsplit

    if any(c.isspace() for c in text):
        return False
    parts = urlsplit(text)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def shorten(text: str, width: int) -> str:
    """`text` cut to `width` characters, with an ellipsis where it was cut."""
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def visible(text: str) -> str:
    """`text` with every control character written out (ESC as `\\x1b`), so that text from a
    bank, a file name or a stream is shown, never acted on by the terminal. Tabs and newlines
    stay."""
    return _UNSHOWABLE.sub(_escape_one, text)


def _escape_one(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def quote(value: Any, limit: int = QUOTE_LIMIT) -> str:
    """A value quoted in a message: cut at `limit` characters, control characters visible.

    A structure is named, never printed: its repr has no bound (an alias bomb expands to
    gigabytes).
    """
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list | tuple | set):
        return "a list"
    if isinstance(value, str):
        shown = value if len(value) <= limit else value[: limit - 1] + "…"
        return f"'{visible(shown)}'"
    text = repr(value)
    return visible(text if len(text) <= limit else text[: limit - 1] + "…")
