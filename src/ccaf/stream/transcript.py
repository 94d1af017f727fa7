"""Recorded streams: `.sse` transcripts and the scenarios made of them.

A transcript is itself a valid SSE stream, the `event:` / `data:` lines and blank lines as on
the wire, with SSE comments for what the wire does not carry:

- `: t=SECONDS` before an event: its arrival time after the request was sent;
- `: drop` where the server must cut the connection: whatever follows it is never sent, so a
  recorded transcript can be cut by inserting that one line;
- `: status=CODE` as the first line: answer that HTTP status, with the following `data:` line
  as the JSON error body, instead of a stream;
- any other comment (`: title=...`, `: teaches=...`) is metadata.

A scenario is one transcript, or a directory of them (`1.sse`, `2.sse`, ...) answered in turn
to successive requests: the 529 that the SDK retries, a continuation, the turn after a tool.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ccaf.text import visible

#: Arrival gap used for events that carry no `: t=` of their own.
EVEN_PACE = 0.05
SCENARIO_DIR = Path(__file__).parent / "scenarios"


class TranscriptError(ValueError):
    """A transcript that cannot be served, with the file and line at fault."""

    def __str__(self) -> str:
        return visible(super().__str__())  # it quotes file names and lines from the file


@dataclass(frozen=True, slots=True)
class WireBlock:
    """One event as it goes on the wire: its exact text and when it arrives."""

    t: float
    text: str  # "event: ...\ndata: ...\n\n", exactly as the server writes it
    event: str | None
    line: int


@dataclass(frozen=True)
class Transcript:
    path: Path
    blocks: tuple[WireBlock, ...] = ()
    status: int | None = None
    error_body: str | None = None
    drop: bool = False  # the connection is cut after the last block
    drop_at: float | None = None
    meta: dict[str, str] = field(default_factory=dict)
    #: What is served but worth saying (file:line: what), as `ccaf validate` says warnings.
    warnings: tuple[str, ...] = ()

    @property
    def title(self) -> str:
        return self.meta.get("title", self.path.stem)

    @property
    def teaches(self) -> str:
        return self.meta.get("teaches", "")


@dataclass(frozen=True)
class Scenario:
    name: str
    transcripts: tuple[Transcript, ...]

    @property
    def title(self) -> str:
        return self.transcripts[0].title

    @property
    def teaches(self) -> str:
        return " ".join(t.teaches for t in self.transcripts if t.teaches)

    @property
    def warnings(self) -> list[str]:
        return [warning for t in self.transcripts for warning in t.warnings]


_META = re.compile(r"^([A-Za-z][\w-]*)=(.*)$")


def parse_transcript(text: str, path: Path) -> Transcript:
    """Parse one transcript; raises `TranscriptError` naming the line for anything unservable."""
    lines = re.split(r"\r\n|\r|\n", text)  # SSE line ends only: not U+2028 and friends
    return _Reader(path).read(lines)


class _Reader:
    """One transcript read line by line: each line is a comment (timing, a drop, the status,
    metadata), a line of the error body, a blank line ending an event, or an SSE field."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.blocks: list[WireBlock] = []
        self.meta: dict[str, str] = {}
        self.status: int | None = None
        self.error_body: str | None = None
        self.drop = False
        self.drop_at: float | None = None
        self.warnings: list[str] = []
        #: The `: t=` given for the event being read, if one was.
        self.pending_t: float | None = None
        self.last_t = 0.0
        #: The event being read: its lines, the line it starts on, and its `event:` name.
        self.block: list[str] = []
        self.block_line = 0
        self.event_name: str | None = None

    def where(self, number: int) -> str:
        return f"{self.path}:{number}"

    def read(self, lines: list[str]) -> Transcript:
        for number, line in enumerate(lines, start=1):
            if self.drop:
                self.after_drop(number, line)
            elif line.startswith(":"):
                self.comment(number, line[1:].strip())
            elif self.status is not None:
                self.error_line(number, line)
            elif not line.strip():
                self.close_block()
            else:
                self.field(number, line)
        self.close_block()
        if self.status is not None and self.error_body is None:
            raise TranscriptError(
                f"{self.where(1)}: status={self.status} needs a `data:` line with the error body"
            )
        return Transcript(
            self.path,
            tuple(self.blocks),
            self.status,
            self.error_body,
            self.drop,
            self.drop_at,
            self.meta,
            tuple(self.warnings),
        )

    def after_drop(self, number: int, line: str) -> None:
        if line.strip() and not self.warnings:
            self.warnings.append(
                f"{self.where(number)}: this and what follows come after `: drop` "
                "and are never sent"
            )

    def comment(self, number: int, comment: str) -> None:
        if comment == "drop":
            self.close_block()
            self.drop = True
            self.drop_at = self.pending_t
            return
        match = _META.match(comment)
        if match is None:
            return  # a plain SSE comment: ignored, as every SSE parser ignores it
        key, value = match.group(1), match.group(2).strip()
        if key == "t":
            try:
                self.pending_t = float(value)
            except ValueError:
                raise TranscriptError(
                    f"{self.where(number)}: t must be seconds, not {value!r}"
                ) from None
        elif key == "status":
            if number != 1:
                raise TranscriptError(f"{self.where(number)}: `: status=` must be the first line")
            if not value.isdigit() or not 100 <= int(value) <= 599:
                raise TranscriptError(f"{self.where(number)}: status must be an HTTP status code")
            self.status = int(value)
        else:
            self.meta[key] = value

    def error_line(self, number: int, line: str) -> None:
        """A line of a `: status=` transcript: its one `data:` line is the error body."""
        if line.startswith("data:") and self.error_body is None:
            self.error_body = line[5:].lstrip(" ")
        elif line.strip():
            raise TranscriptError(
                f"{self.where(number)}: a `: status=` transcript holds one `data:` line: "
                "the error body"
            )

    def field(self, number: int, line: str) -> None:
        """An SSE field line of the event being read."""
        if not self.block:
            self.block_line = number
        if line.startswith("event:"):
            self.event_name = line[6:].strip()
        elif not line.startswith(("data:", "id:", "retry:")):
            raise TranscriptError(f"{self.where(number)}: not an SSE line: {line[:40]!r}")
        self.block.append(line)

    def close_block(self) -> None:
        """The event being read is complete: it goes on the wire at its time."""
        if not self.block:
            return
        t = self.pending_t if self.pending_t is not None else self.last_t + EVEN_PACE
        if t < self.last_t:
            raise TranscriptError(
                f"{self.where(self.block_line)}: t={t} is earlier than the event before it"
            )
        self.last_t = t
        text = "\n".join(self.block) + "\n\n"
        self.blocks.append(WireBlock(t, text, self.event_name, self.block_line))
        self.block, self.pending_t, self.event_name = [], None, None


def load_transcript(path: Path) -> Transcript:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise TranscriptError(f"{path}: cannot read: {exc}") from exc
    return parse_transcript(text, path)


def bundled_names() -> list[str]:
    """The names of the scenarios that ship with ccaf."""
    if not SCENARIO_DIR.is_dir():
        return []
    names = {p.stem for p in SCENARIO_DIR.glob("*.sse")}
    names |= {p.name for p in SCENARIO_DIR.iterdir() if p.is_dir() and any(p.glob("*.sse"))}
    return sorted(names)


def load_scenario(name_or_path: str | Path) -> Scenario:
    """A bundled scenario by name, or a `.sse` file, or a directory of them."""
    path = Path(name_or_path)
    if not path.exists():
        for candidate in (SCENARIO_DIR / f"{name_or_path}.sse", SCENARIO_DIR / str(name_or_path)):
            if candidate.exists():
                path = candidate
                break
        else:
            known = ", ".join(bundled_names())
            raise TranscriptError(f"no scenario or file {str(name_or_path)!r} (bundled: {known})")
    if path.is_dir():
        files = sorted(path.glob("*.sse"), key=_natural)
        if not files:
            raise TranscriptError(f"{path}: no .sse transcripts in this directory")
        name = path.name
    else:
        files = [path]
        name = path.stem
    return Scenario(name, tuple(load_transcript(f) for f in files))


def _natural(path: Path) -> tuple[int, str]:
    digits = re.match(r"\d+", path.stem)
    return (int(digits.group()) if digits else 1 << 30, path.stem)


class Recording:
    """What `--record` keeps: the latest response's events, written as a replayable transcript.

    Only the response to the latest request is kept (a tool demo's last turn, the retry that
    succeeded); `save` writes it, and says what went wrong instead of raising.
    """

    def __init__(self, path: Path, model: str, when: str) -> None:
        self.path = path
        self.header = [f": title=Recorded {when}", f": teaches=A live response from {model}."]
        self._events: list[str] = []
        self._status: str | None = None
        self._sent = 0.0

    def response(self, t: float) -> None:
        """A request went out at `t`: what follows is its response."""
        self._events, self._status, self._sent = [], None, t

    def event(self, t: float, event: str | None, data: str) -> None:
        lines = [f": t={max(0.0, t - self._sent):.3f}"]  # timed from its own request
        if event is not None:
            lines.append(f"event: {event}")
        # SSE joins a multi-line data field with newlines: one data: line per line.
        lines += [f"data: {line}" for line in data.split("\n")]
        self._events.append("\n".join(lines) + "\n\n")

    def status(self, status: int, body: str) -> None:
        self._events = []
        self._status = f": status={status}\n" + "\n".join(self.header) + "\n"
        self._status += "data: " + " ".join(body.splitlines()) + "\n"

    def text(self) -> str | None:
        """The transcript, or None when nothing arrived."""
        if self._status is not None:
            return self._status
        if not self._events:
            return None
        return "\n".join(self.header) + "\n\n" + "".join(self._events)

    def save(self) -> str | None:
        """Write the transcript; a sentence saying why not when it cannot be written."""
        text = self.text()
        if text is None:
            return None
        try:
            self.path.write_text(text, encoding="utf-8")
        except (OSError, UnicodeError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            return visible(f"The recording was not saved to {self.path}: {reason}.")
        return None
