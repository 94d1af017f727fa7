"""What the annotator says about every event of every bundled scenario, pinned word for word.

Each scenario (and two test transcripts in tests/data: every event type, and faults) is fed
through the SSE decoder and the annotator; the notes a learner reads (summary, note, action,
kind), the state the model ends in and its metrics are compared with
tests/data/annotations/NAME.json. After a deliberate change to the wording, rewrite them with
`CCAF_UPDATE_ANNOTATIONS=1 pytest tests/test_stream_annotations.py` and review the diff.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from ccaf.stream.annotator import Note, StreamAnnotator
from ccaf.stream.sse import SSEDecoder
from ccaf.stream.transcript import bundled_names, load_scenario
from streams import annotate

DATA = Path(__file__).parent / "data"
GOLDEN = DATA / "annotations"
#: long-markdown is plain-text's events many times over: it adds nothing to pin.
SCENARIOS = [n for n in bundled_names() if n != "long-markdown"]
TEST_TRANSCRIPTS = ["every-event", "faults", "odd-events"]


def note_line(note: Note) -> str:
    index = "" if note.index is None else note.index
    head = f"{note.t:.3f} {note.event} {index} {note.delta or ''} [{note.kind}]"
    return f"{head} {note.action} | {note.summary} | {note.note}"


def described(model: StreamAnnotator, notes: list[Note]) -> dict[str, Any]:
    rate = model.tokens_per_second()
    cost = model.cost()
    return {
        "notes": [note_line(n) for n in notes],
        "json_lines": [n.to_json() for n in notes[:3]],
        "summary": model.summary(),
        "state": [model.state, model.error_type, model.error_message],
        "blocks": [
            {
                "turn": b.turn,
                "index": b.index,
                "type": b.type,
                "text": b.text,
                "name": b.name,
                "tool_id": b.tool_id,
                "input": b.input,
                "parse_error": b.parse_error,
                "signature": b.signature,
                "citations": len(b.citations),
                "complete": b.complete,
            }
            for b in model.blocks.values()
        ],
        "usage": {
            str(turn): [
                u.input_tokens,
                u.output_tokens,
                u.cache_creation_input_tokens,
                u.cache_read_input_tokens,
                u.final,
            ]
            for turn, u in model.usage.items()
        },
        "metrics": {
            "events": model.events,
            "ttft": None if model.ttft is None else round(model.ttft, 3),
            "longest_gap": round(model.longest_gap, 3),
            "tokens_per_second": None if rate is None else round(rate, 3),
            "estimated_output_tokens": model.estimated_output_tokens(),
            "cost": None if cost is None else round(cost, 9),
            "usage_final": model.usage_final,
            "repeated_phrase": model.repeated_phrase,
        },
    }


@pytest.mark.parametrize("name", SCENARIOS + TEST_TRANSCRIPTS)
def test_annotations_of_each_scenario(name: str) -> None:
    notes: list[Note] = []
    source = DATA / f"{name}.sse" if name in TEST_TRANSCRIPTS else name
    model = annotate(source, notes)
    got = described(model, notes)
    golden = GOLDEN / f"{name}.json"
    if os.environ.get("CCAF_UPDATE_ANNOTATIONS"):
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(json.dumps(got, indent=1, ensure_ascii=False) + "\n")
    assert got == json.loads(golden.read_text())
    # Each note keeps the event's data exactly as it arrived, for the detail pane.
    assert [n.raw for n in notes] == wire_data(source)


def wire_data(source: str | Path) -> list[str]:
    """The data of every event (and the body of every status answer) in a scenario."""
    out = []
    for transcript in load_scenario(source).transcripts:
        if transcript.error_body is not None:
            out.append(transcript.error_body)
        decoder = SSEDecoder()
        for block in transcript.blocks:
            out += [m.data for m in decoder.feed(block.text.encode())]
    return out
