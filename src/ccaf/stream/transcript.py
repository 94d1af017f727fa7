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
    blocks: list[WireBlock] = []
    meta: dict[str, str] = {}
    status: int | None = None
    error_body: str | None = None
    drop = False
    drop_at: float | None = None
    pending_t: float | None = None
    last_t = 0.0
    block: list[str] = []
    block_line = 0
    event_name: str | None = None
    warnings: list[str] = []

    def where(number: int) -> str:
        return f"{path}:{number}"

    def close_block() -> None:
        nonlocal block, pending_t, last_t, event_name
        if not block:
            return
        t = pending_t if pending_t is not None else last_t + EVEN_PACE
        if t < last_t:
            raise TranscriptError(f"{where(block_line)}: t={t} is earlier than the event before it")
        last_t = t
        blocks.append(WireBlock(t, "\n".join(block) + "\n\n", event_name, block_line))
        block, pending_t, event_name = [], None, None

    for number, line in enumerate(lines, start=1):
        if drop:
            if line.strip() and not warnings:
                warnings.append(
                    f"{where(number)}: this and what follows come after `: drop` and are never sent"
                )
            continue
        if line.startswith(":"):
            comment = line[1:].strip()
            if comment == "drop":
                close_block()
                drop = True
                drop_at = pending_t
                continue
            match = _META.match(comment)
            if match is None:
                continue  # a plain SSE comment: ignored, as every SSE parser ignores it
            key, value = match.group(1), match.group(2).strip()
            if key == "t":
                try:
                    pending_t = float(value)
                except ValueError:
                    raise TranscriptError(
                        f"{where(number)}: t must be seconds, not {value!r}"
                    ) from None
            elif key == "status":
                if number != 1:
                    raise TranscriptError(f"{where(number)}: `: status=` must be the first line")
                if not value.isdigit() or not 100 <= int(value) <= 599:
                    raise TranscriptError(f"{where(number)}: status must be an HTTP status code")
                status = int(value)
            else:
                meta[key] = value
            continue
        if status is not None:
            if line.startswith("data:") and error_body is None:
                error_body = line[5:].lstrip(" ")
            elif line.strip():
                raise TranscriptError(
                    f"{where(number)}: a `: status=` transcript holds one `data:` line: "
                    "the error body"
                )
            continue
        if not line.strip():
            close_block()
            continue
        if not block:
            block_line = number
        if line.startswith("event:"):
            event_name = line[6:].strip()
        elif not line.startswith(("data:", "id:", "retry:")):
            raise TranscriptError(f"{where(number)}: not an SSE line: {line[:40]!r}")
        block.append(line)
    close_block()
    if status is not None and error_body is None:
        raise TranscriptError(
            f"{where(1)}: status={status} needs a `data:` line with the error body"
        )
    return Transcript(path, tuple(blocks), status, error_body, drop, drop_at, meta, tuple(warnings))


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
