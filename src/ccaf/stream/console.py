"""`ccaf stream --plain` and `--json`: one annotated line per event as it arrives, no TUI.

What arrived is the server's to choose: every line is written with its control characters
made visible, so an escape sequence on the wire is shown, never obeyed by the terminal.
"""

from __future__ import annotations

import asyncio
import json
import re
import sys
from typing import Any, TextIO

from ccaf.stream.annotator import Note, StreamAnnotator
from ccaf.stream.ending import ending
from ccaf.text import visible

#: What JSON may leave unescaped but a terminal could act on: DEL and the C1 controls, lone
#: surrogates, and the bidirectional controls that reorder the text shown around them.
_UNSAFE_IN_JSON = re.compile(
    r"[\x7f-\x9f\ud800-\udfff\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)


def json_line(value: Any) -> str:
    """One JSON line, readable (not ASCII-only) but with nothing a terminal would obey."""
    text = json.dumps(value, ensure_ascii=False)
    return _UNSAFE_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def plain_line(note: Note) -> str:
    index = "" if note.index is None else str(note.index)
    delta = note.delta or ""
    return (
        f"{note.t:8.3f}s  {note.event:<20} {index:>2}  {delta:<17} "
        f"{note.summary[:40]:<40}  {note.note}"
    )


def summary_lines(annotator: StreamAnnotator, more: bool = True) -> list[str]:
    """The summary after the stream; `more`: whether a further request would get an answer."""
    summary = annotator.summary()
    usage = summary["usage"]
    end = ending(annotator, more)
    provisional = "" if annotator.usage_final or not annotator.usage else " (provisional)"
    lines = [
        f"state: {summary['state']}"
        + (f" ({summary['error_type']})" if summary["error_type"] else ""),
        f"stop_reason: {summary['stop_reason']}",
        f"events: {summary['events']}  time to first text: "
        + ("—" if summary["ttft_s"] is None else f"{summary['ttft_s']:.3f}s"),
        f"tokens: in {usage['input_tokens']}  out {usage['output_tokens']}{provisional}",
        f"cost: {end.cost}",
        f"end: {end.said}".replace(" c sends", " A client can send"),
    ]
    for call in summary["tool_inputs"]:
        lines.append(f"tool {call['name']}: {json.dumps(call['input'])}")
    if annotator.repeated_phrase:
        lines.append(f"heuristic: repeated phrase {annotator.repeated_phrase!r}")
    if annotator.error_message:
        lines.append(f"error: {annotator.error_message}")
    return lines


class ConsolePrinter:
    """Prints notes as they come, then the summary; `json` prints JSON lines instead.

    Lines are written out whenever the stream waits for more (a reader of the pipe sees each
    line before ccaf waits for the next event), in one write for all the events that arrived
    together rather than one write per event.
    """

    def __init__(self, as_json: bool, out: TextIO = sys.stdout) -> None:
        self.as_json = as_json
        self.out = out
        self.pending: list[str] = []  # lines not yet written
        self.flush_due = False  # a flush is to run once the event loop is next free
        #: Why the output can take no more (its reader went away): raised by the next write,
        #: where the stream's own code sees it, rather than in the event loop's callback.
        self.failed: OSError | None = None

    def note(self, note: Note) -> None:
        if note.kind == "http" and self.as_json:
            return  # not a server-sent event; the summary carries its error
        self.write(json_line(note.to_json()) if self.as_json else visible(plain_line(note)))

    def info(self, text: str) -> None:
        if not self.as_json:
            self.write(visible(f"          ── {text}"))

    def finish(self, annotator: StreamAnnotator, more: bool = True) -> None:
        if self.as_json:
            self.write(json_line({"summary": annotator.summary()}))
        else:
            self.write(visible("\n" + "\n".join(summary_lines(annotator, more))))

    def write(self, line: str) -> None:
        """Write a line that is safe to show (`visible`, or a `json_line`)."""
        if self.failed is not None:
            raise self.failed
        self.pending.append(line + "\n")
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # not streaming (the summary, or no event loop): at once
            self.flush()
            return
        if not self.flush_due:
            self.flush_due = True
            loop.call_soon(self._flush_soon)  # runs when the stream next waits

    def _flush_soon(self) -> None:
        try:
            self.flush()
        except OSError as exc:
            self.failed = exc

    def flush(self) -> None:
        self.flush_due = False
        if self.pending:
            text = "".join(self.pending)
            self.pending.clear()
            self.out.write(text)
        self.out.flush()
