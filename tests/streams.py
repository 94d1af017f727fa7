"""Bundled stream scenarios fed straight to the annotator: no SDK, no socket."""

from __future__ import annotations

from pathlib import Path

from ccaf.stream.annotator import Note, StreamAnnotator, WireEvent
from ccaf.stream.sse import SSEDecoder
from ccaf.stream.transcript import load_scenario


def annotate(name: str | Path, notes: list[Note] | None = None) -> StreamAnnotator:
    """Every transcript of a scenario through the SSE decoder and the annotator, as the wire
    would bring them; each transcript after the first is a further request (a new turn).
    The notes are appended to `notes` when it is given."""
    model = StreamAnnotator()
    kept = [] if notes is None else notes
    for n, transcript in enumerate(load_scenario(name).transcripts):
        if n:
            model.new_turn(0.0)
        if transcript.status is not None:
            kept.append(model.http_status(0.0, transcript.status, transcript.error_body or ""))
            continue
        decoder = SSEDecoder()
        for block in transcript.blocks:
            for message in decoder.feed(block.text.encode()):
                kept.append(model.feed(WireEvent(block.t, message.event, message.data, model.turn)))
        model.end("dropped" if transcript.drop else "eof")
    return model
