"""Transcripts and scenarios on disk, and the SSE decoder, without a socket."""

from __future__ import annotations

from pathlib import Path

import pytest

from ccaf.stream.sse import SSEDecoder, SSEMessage
from ccaf.stream.transcript import (
    EVEN_PACE,
    SCENARIO_DIR,
    TranscriptError,
    bundled_names,
    load_scenario,
    load_transcript,
    parse_transcript,
)

CASES = [
    (": t=soon\nevent: ping\ndata: {}\n\n", "1: t must be seconds, not 'soon'"),
    ("event: ping\ndata: {}\n\n: status=500\n", "4: `: status=` must be the first line"),
    (": status=999\ndata: {}\n", "1: status must be an HTTP status code"),
    (": status=99\ndata: {}\n", "1: status must be an HTTP status code"),
    (": status=5x\ndata: {}\n", "1: status must be an HTTP status code"),
    (": status=500\n", "1: status=500 needs a `data:` line with the error body"),
    (
        ": status=500\ndata: {}\nevent: x\n",
        "3: a `: status=` transcript holds one `data:` line: the error body",
    ),
    ("event: ping\nnonsense here\n\n", "2: not an SSE line: 'nonsense here'"),
    (
        ": t=2\nevent: a\ndata: {}\n\n: t=1\nevent: b\ndata: {}\n\n",
        "6: t=1.0 is earlier than the event before it",
    ),
]


@pytest.mark.parametrize(("text", "message"), CASES)
def test_transcript_errors_name_file_and_line(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "bad.sse"
    with pytest.raises(TranscriptError) as caught:
        parse_transcript(text, path)
    assert str(caught.value) == f"{path}:{message}"


def test_a_transcript_keeps_times_drops_status_and_metadata(tmp_path: Path) -> None:
    path = tmp_path / "x.sse"
    text = (
        ": title=A title\n: teaches= what it teaches \n: just a comment\n"
        ": t=0.5\nevent: ping\ndata: {}\n\n"
        "event: message_stop\nid: 7\nretry: 10\ndata: {}\n\n"
        ": t=1.25\n\n"
        'data: {"a": 1}\n\n'
        ": drop\n\n"
    )
    transcript = parse_transcript(text.replace("\n", "\r\n"), path)
    assert [(b.t, b.event, b.line) for b in transcript.blocks] == [
        (0.5, "ping", 5),
        (0.5 + EVEN_PACE, "message_stop", 8),
        (1.25, None, 15),
    ]
    assert transcript.blocks[1].text == "event: message_stop\nid: 7\nretry: 10\ndata: {}\n\n"
    assert transcript.meta == {"title": "A title", "teaches": "what it teaches"}
    assert (transcript.title, transcript.teaches) == ("A title", "what it teaches")
    assert transcript.drop and transcript.drop_at is None and transcript.status is None
    timed_drop = parse_transcript("event: ping\ndata: {}\n\n: t=3\n: drop\n", path)
    assert timed_drop.drop_at == 3.0 and len(timed_drop.blocks) == 1
    status = parse_transcript(': status=529\n\ndata:  {"error": 1}\n', path)
    assert (status.status, status.error_body, status.blocks) == (529, '{"error": 1}', ())
    assert parse_transcript("", path).title == "x" and parse_transcript("", path).teaches == ""


def test_scenarios_by_name_file_or_directory(tmp_path: Path) -> None:
    assert bundled_names() == sorted(bundled_names()) and "retry-529" in bundled_names()
    assert "tool-use" in bundled_names() and "plain-text" in bundled_names()
    retry = load_scenario("retry-529")
    assert retry.name == "retry-529" and len(retry.transcripts) == 2
    assert retry.title == retry.transcripts[0].title
    assert retry.teaches == " ".join(t.teaches for t in retry.transcripts if t.teaches)
    plain = load_scenario(SCENARIO_DIR / "plain-text.sse")
    assert plain.name == "plain-text" and len(plain.transcripts) == 1
    turns = tmp_path / "turns"
    turns.mkdir()
    for name in ("10.sse", "2.sse", "1.sse", "extra.sse"):
        (turns / name).write_text(f": title={name}\nevent: ping\ndata: {{}}\n\n")
    loaded = load_scenario(turns)
    assert [t.title for t in loaded.transcripts] == ["1.sse", "2.sse", "10.sse", "extra.sse"]
    assert loaded.name == "turns" and load_scenario(str(turns)).name == "turns"
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(TranscriptError, match=r"empty: no \.sse transcripts in this directory$"):
        load_scenario(empty)
    with pytest.raises(TranscriptError) as unknown:
        load_scenario("nope")
    assert (
        str(unknown.value) == f"no scenario or file 'nope' (bundled: {', '.join(bundled_names())})"
    )
    (tmp_path / "latin.sse").write_bytes(b"event: caf\xe9\n")
    with pytest.raises(TranscriptError, match=r"latin\.sse: cannot read: "):
        load_transcript(tmp_path / "latin.sse")


def test_the_decoder_keeps_what_a_read_cut_in_half() -> None:
    decoder = SSEDecoder()
    assert decoder.feed(b"") == [] and not decoder.pending
    assert decoder.feed(b"event: a\r") == [] and decoder.pending
    assert decoder.feed(b"\ndata:x\r") == []  # the \n of a split \r\n is not a blank line
    [message] = decoder.feed(b"\n\r\n")
    assert message == SSEMessage("a", "x")
    assert decoder.feed(b": c1\n:c2\n\n") == []  # comments alone dispatch nothing
    assert decoder.feed(b"data: y\nid: 3\nfoo\n\n") == [SSEMessage(None, "y")]
    assert decoder.feed(b"event: b\ndata: z") == [] and decoder.pending
    assert decoder.flush() == [] and decoder.pending  # no blank line: never dispatched
    many = SSEDecoder()
    many.feed(b"".join(b": %d\n" % n for n in range(70)) + b"data: 1\n\n")
    many.feed(b": late\n")
    assert many.feed(b"data: 2\n\n") == [SSEMessage(None, "2")]  # comments passed over
    assert SSEDecoder().feed(b"data:no space\n\n")[0].data == "no space"
    assert SSEDecoder().feed(b"data:  two spaces\n\n")[0].data == " two spaces"
    assert SSEDecoder().feed(b"\xf0\x9f\x98") == []


def test_lines_without_the_optional_space(tmp_path: Path) -> None:
    path = tmp_path / "tight.sse"
    tight = parse_transcript(":t=0.5\nevent:ping\ndata:{}\n\n:drop\n", path)
    assert [(b.t, b.event) for b in tight.blocks] == [(0.5, "ping")] and tight.drop
    assert parse_transcript("data: {}\n\n", path).blocks[0].event is None
    status = parse_transcript(':status=100\ndata:{"e": 1}\n', path)
    assert (status.status, status.error_body, status.drop_at) == (100, '{"e": 1}', None)
    assert parse_transcript(": status=599\ndata: {}\n", path).status == 599
    with pytest.raises(TranscriptError, match="status must be an HTTP status code"):
        parse_transcript(": status=600\ndata: {}\n", path)
    long_line = "x" * 60
    with pytest.raises(TranscriptError) as caught:
        parse_transcript(long_line + "\n", path)
    assert str(caught.value) == f"{path}:1: not an SSE line: {'x' * 40!r}"
