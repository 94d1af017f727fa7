"""`ccaf stream --plain` and `--json` output, line by line, without the SDK or a socket."""

from __future__ import annotations

import io
import json

import pytest

from ccaf.stream.annotator import Note
from ccaf.stream.console import ConsolePrinter, plain_line, summary_lines
from ccaf.stream.transcript import SCENARIO_DIR
from streams import annotate


def test_plain_lines_align_their_columns() -> None:
    notes: list[Note] = []
    annotate("tool-use", notes)
    start, ping, block = (plain_line(n) for n in notes[:3])
    assert start.startswith(
        "   0.337s  message_start                              "
        "claude-haiku-4-5 · in 447 · out 3 (provi  The message begins: id, model, empty content."
    )
    assert ping == f"   0.339s  ping{' ' * 81}Keep-alive: ignore it."
    assert block == (
        "   0.366s  content_block_start   0                    text"
        f"{' ' * 38}Block 0 opens: text. Start a text buffer for index 0."
    )
    delta = next(plain_line(n) for n in notes if n.delta == "input_json_delta")
    assert delta.startswith(
        '   1.072s  content_block_delta   1  input_json_delta  ""' + " " * 40 + "A fragment"
    )


def test_summary_lines() -> None:
    assert summary_lines(annotate("tool-use")) == [
        "state: complete",
        "stop_reason: end_turn",
        "events: 39  time to first text: 0.415s",
        "tokens: in 984  out 118",
        "cost: $0.00157 (prices of 2026-11-01)",
        "end: Complete: stop_reason end_turn.",
        'tool lookup_order: {"order_id": "A-1042", "include_items": true}',
    ]
    assert summary_lines(annotate("auth-401")) == [
        "state: error (authentication_error)",
        "stop_reason: None",
        "events: 0  time to first text: —",
        "tokens: in 0  out 0",
        "cost: no usage reported: no response arrived",
        "end: Error: authentication_error: invalid x-api-key.",
        "error: invalid x-api-key",
    ]
    dropped = summary_lines(annotate(SCENARIO_DIR / "dropped-connection" / "1.sse"))
    assert dropped[-2:] == [
        "cost: ≈$0.00058 (prices of 2026-11-01), estimated: the final output count never arrived",
        "end: The connection dropped. What arrived stays. A client can send the continuation "
        "request.",
    ]
    # A continuation that completes: the state and the cost line say the same thing.
    both = summary_lines(annotate("dropped-connection"))
    assert both[0] == "state: complete" and both[4] == (
        "cost: ≈$0.00134 (prices of 2026-11-01), estimated: the final output count of "
        "response 1 never arrived"
    )
    assert summary_lines(annotate("repetition"))[-1] == (
        "heuristic: repeated phrase 'stream is still open'"
    )
    model = annotate("plain-text")
    model.model = "some-unpriced-model"
    assert "cost: no price for this model" in summary_lines(model)


def test_the_printer_in_plain_and_json() -> None:
    notes: list[Note] = []
    model = annotate("retry-529", notes)
    plain, as_json = io.StringIO(), io.StringIO()
    for printer in (ConsolePrinter(False, plain), ConsolePrinter(True, as_json)):
        printer.info("Replay: retry-529")
        for note in notes:
            printer.note(note)
        printer.finish(model)
    lines = plain.getvalue().splitlines()
    assert lines[0] == "          ── Replay: retry-529"
    assert lines[1] == plain_line(notes[0]) and notes[0].event == "http"
    assert lines[len(notes) + 1 :] == ["", *summary_lines(model)]
    rows = [json.loads(line) for line in as_json.getvalue().splitlines()]
    # JSON lines are the server-sent events only: no info, no HTTP status line.
    assert rows[:-1] == [n.to_json() for n in notes if n.event != "http"]
    assert rows[-1] == {"summary": model.summary()}
    assert set(rows[0]) == {"t", "event", "index", "delta", "note"}


def test_json_lines_keep_text_as_it_is(tmp_path: object) -> None:
    from pathlib import Path

    notes: list[Note] = []
    model = annotate(Path(__file__).parent / "data" / "odd-events.sse", notes)
    out = io.StringIO()
    printer = ConsolePrinter(True, out)
    for note in notes:
        printer.note(note)
    printer.finish(model)
    text = out.getvalue()
    assert "naïve café" in text and "\\u00ef" not in text  # UTF-8, not escapes


def test_json_lines_escape_bidirectional_controls_and_read_back_the_same() -> None:
    from ccaf.stream.console import json_line

    value = {"text": "order \u202eevil\u202c \u2066x\u2069 \u200f\u061c done", "name": "plain"}
    line = json_line(value)
    assert not {"\u202e", "\u202c", "\u2066", "\u2069", "\u200f", "\u061c"} & set(line)
    assert "\\u202e" in line and "\\u2066" in line and "\\u061c" in line
    assert json.loads(line) == value  # escaped for the terminal, the same value for a script


def test_a_json_line_holds_nothing_that_visible_would_escape() -> None:
    # JSON lines are written as json_line makes them, without `visible`: every character
    # `visible` writes out is one that json_line already escapes.
    from ccaf.stream.console import json_line
    from ccaf.text import visible

    every = "".join(chr(code) for code in range(0x110000) if visible(chr(code)) != chr(code))
    assert len(every) > 2000  # the C0 and C1 controls, the surrogates, the bidi controls
    line = json_line({"text": every, every: [every]})
    assert visible(line) == line


def test_lines_go_out_together_when_the_stream_waits() -> None:
    import asyncio

    notes: list[Note] = []
    annotate("plain-text", notes)

    class Counted(io.StringIO):
        writes = 0

        def write(self, text: str) -> int:
            self.writes += 1
            return super().write(text)

    out = Counted()
    printer = ConsolePrinter(True, out)

    async def stream() -> None:
        for note in notes[:5]:
            printer.note(note)
        assert out.getvalue() == ""  # the stream has not waited yet: nothing written
        await asyncio.sleep(0)  # it waits for the next read: what arrived goes out
        assert out.writes == 1 and len(out.getvalue().splitlines()) == 5

    asyncio.run(stream())


def test_a_reader_gone_away_is_raised_where_the_stream_writes_next() -> None:
    import asyncio

    notes: list[Note] = []
    annotate("plain-text", notes)

    class Closed(io.StringIO):
        def write(self, text: str) -> int:
            raise BrokenPipeError(32, "Broken pipe")

    printer = ConsolePrinter(True, Closed())

    async def stream() -> None:
        printer.note(notes[0])
        await asyncio.sleep(0)  # written, and failed, in the event loop's callback
        with pytest.raises(BrokenPipeError):
            printer.note(notes[1])

    asyncio.run(stream())
