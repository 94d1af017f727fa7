"""Watchdogs from the study page: heuristics, not Anthropic guidance.

- a stall: no event for five seconds;
- a repetition: the same phrase three times in a sliding window of recent text.
"""

from __future__ import annotations

import re

STALL_SECONDS = 5.0
REPEATS = 3
WINDOW_WORDS = 240
MIN_PHRASE_WORDS = 4

_WORD = re.compile(r"[\w'’-]+")


def stalled(last_event_t: float | None, now: float) -> float | None:
    """How long the stream has been quiet, once that is more than `STALL_SECONDS`; else None."""
    if last_event_t is None:
        return None
    quiet = now - last_event_t
    return quiet if quiet > STALL_SECONDS else None


class RepetitionDetector:
    """Fed text as it streams; says when a phrase has come three times in the recent window.

    A check looks for the window's last four words elsewhere in the window: a longer phrase
    that ends with them cannot come more often than they do, so if they come fewer than three
    times, no phrase ending here does. The check is one substring count over the window (C
    speed), run once every few new words, so the cost per delta stays flat however long the
    stream runs.
    """

    CHECK_EVERY = 4  # words

    def __init__(self) -> None:
        #: The window's words, each between < and >, so that a match falls on word edges.
        self._tokens: list[str] = []
        self._partial = ""
        self._unchecked = 0
        self.phrase: str | None = None

    def feed(self, text: str) -> str | None:
        """Add streamed text; returns the repeated phrase the first time one is found."""
        if self.phrase is not None:
            return None
        joined = self._partial + text
        words = _WORD.findall(joined.lower())
        # The last word may go on in the next delta: hold it back unless the text ended on a break.
        if words and joined[-1:].isalnum():
            self._partial = words.pop()
        else:
            self._partial = ""
        if not words:
            return None
        self._tokens.extend(f"<{w}>" for w in words)
        if len(self._tokens) > WINDOW_WORDS:
            del self._tokens[: len(self._tokens) - WINDOW_WORDS]
        self._unchecked += len(words)
        if self._unchecked >= self.CHECK_EVERY:
            self._unchecked = 0
            self.phrase = self._check()
        return self.phrase

    def _check(self) -> str | None:
        tokens = self._tokens
        if len(tokens) < MIN_PHRASE_WORDS * REPEATS:
            return None
        last = tokens[-MIN_PHRASE_WORDS:]
        if "".join(tokens).count("".join(last)) < REPEATS:
            return None
        return " ".join(token[1:-1] for token in last)
