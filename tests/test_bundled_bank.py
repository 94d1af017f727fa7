"""The bundled bank: valid, unguessable, sourced, covering the exam, with demos that show."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from ccaf.bank.lint import lint_bank
from ccaf.bank.loader import bundled_bank, load_bank
from ccaf.bank.model import MCQ, Bank, Pattern
from ccaf.store.db import Store
from ccaf.study.drill import pattern_statement
from ccaf.study.readiness import coverage

SCENARIOS = Path(__file__).parent.parent / "src" / "ccaf" / "stream" / "scenarios"
EXAM_PACKS = ["d1-agentic", "d2-tools-mcp", "d3-claude-code", "d4-prompts-output"]
EXAM_PACKS += ["d5-context-reliability"]
#: Primary pages only: Anthropic's documentation, the MCP specification, Anthropic's repos.
PRIMARY_HOSTS = {
    "platform.claude.com",
    "docs.claude.com",
    "docs.anthropic.com",
    "code.claude.com",
    "modelcontextprotocol.io",
}
PRIMARY_REPOS = ("/anthropics/", "/modelcontextprotocol/")


@pytest.fixture(scope="module")
def bank() -> Bank:
    return load_bank([bundled_bank()])


def test_bundled_bank_is_valid(bank: Bank) -> None:
    assert [str(error) for error in bank.errors] == []
    assert set(bank.packs) == {"streaming", *EXAM_PACKS}


def test_lint_passes(bank: Bank) -> None:
    report = lint_bank(bank)
    assert report.ok, [p.fails for p in report.failing]
    for pack in report.packs:
        assert not pack.non_url_source, pack.pack


def test_every_source_is_a_primary_page(bank: Bank) -> None:
    for item in bank.items.values():
        parts = urlsplit(item.source)
        assert parts.scheme == "https", item.id
        primary = parts.netloc in PRIMARY_HOSTS or (
            parts.netloc == "github.com" and parts.path.startswith(PRIMARY_REPOS)
        )
        assert primary, f"{item.id}: {item.source}"


def test_streaming_pack_is_beyond_the_exam(bank: Bank) -> None:
    pack = bank.packs["streaming"]
    assert (pack.scope, pack.concept, pack.domain) == ("beyond", "D4.6", 4)
    assert pack.note and "out of scope" in pack.note and "study guide" in pack.note
    counts = bank.counts()["streaming"]
    assert counts["mcq"] >= 30 and counts["pattern"] >= 8
    assert counts["selfcheck"] >= 8 and counts["card"] >= 20


def test_exam_packs_cover_every_task_statement(bank: Bank) -> None:
    for pack_id in EXAM_PACKS:
        assert bank.packs[pack_id].scope == "exam"
    standing = coverage(bank, Store.memory())
    assert standing.gaps == []
    assert {t.task for t in standing.tasks if t.total} == set(bank.blueprint.tasks)


def test_exam_mcqs_are_exam_shaped(bank: Bank) -> None:
    mcqs = [i for i in bank.items.values() if isinstance(i, MCQ) and i.pack in EXAM_PACKS]
    assert len(mcqs) >= 150
    for item in mcqs:
        assert len(item.options) == (4 if item.choose == 1 else 5), item.id
        assert item.scenario is not None and item.task is not None, item.id
        assert bank.domain_of(item) == bank.packs[item.pack].domain, item.id
        assert item.explanation, item.id
    multiple = [item for item in mcqs if item.choose == 2]
    assert len(multiple) >= 5  # the v1.0 guide's multiple-response items
    # Where the key was written is spread, not habitual.
    positions = Counter(item.correct_index for item in mcqs if item.choose == 1)
    assert max(positions.values()) <= 0.35 * sum(positions.values())


def test_every_exam_pattern_has_a_true_statement(bank: Bank) -> None:
    patterns = [i for i in bank.items.values() if isinstance(i, Pattern)]
    exam = [p for p in patterns if p.pack in EXAM_PACKS]
    assert exam and all(p.holds for p in exam)
    streaming = [p for p in patterns if p.pack == "streaming"]
    assert sum(1 for p in streaming if p.holds) >= len(streaming) / 2


@pytest.mark.parametrize("pack_id", ["streaming", *EXAM_PACKS])
def test_pattern_answers_are_y_about_as_often_as_n(bank: Bank, pack_id: str) -> None:
    judged = [
        i for i in bank.items.values() if isinstance(i, Pattern) and i.pack == pack_id and i.holds
    ]
    shown = [pattern_statement(item, seed)[1] for seed in range(20) for item in judged]
    assert 0.4 <= sum(shown) / len(shown) <= 0.6


EVENT_AND_DELTA_TYPES = [
    "message_start",
    "content_block_start",
    "content_block_delta",
    "content_block_stop",
    "message_delta",
    "message_stop",
    "ping",
    "error",
    "text_delta",
    "input_json_delta",
    "thinking_delta",
    "signature_delta",
    "citations_delta",
]


@pytest.mark.parametrize("name", EVENT_AND_DELTA_TYPES)
def test_every_event_and_delta_type_is_taught(bank: Bank, name: str) -> None:
    streaming = [item for item in bank.items.values() if item.pack == "streaming"]
    mcq_text = " ".join(
        " ".join([item.stem, *(o.text + " " + o.rationale for o in item.options)])
        for item in streaming
        if isinstance(item, MCQ)
    )
    assert name in mcq_text
    assert any(name in getattr(item, "front", "") for item in streaming)


def wire(name: str) -> tuple[list[dict[str, object]], str]:
    """A bundled scenario's events (every response, in order) and its raw text."""
    path = SCENARIOS / name
    files = sorted(path.glob("*.sse")) if path.is_dir() else [path.with_suffix(".sse")]
    text = "\n".join(f.read_text(encoding="utf-8") for f in files)
    events = [
        json.loads(line[len("data: ") :])
        for line in text.splitlines()
        if line.startswith("data: {")
    ]
    return events, text


def _has(events: list[dict[str, object]], kind: str, **fields: object) -> bool:
    return any(
        e.get("type") == kind and all(str(v) in json.dumps(e) for v in fields.values())
        for e in events
    )


#: What a demo must show for an item with each tag: a check over the scenario's wire.
DEMO_SHOWS: dict[str, Callable[[list[dict[str, object]], str], bool]] = {
    "tool-use": lambda ev, _: _has(ev, "content_block_start", block='"type": "tool_use"'),
    "agentic-loop": lambda ev, _: (
        _has(ev, "message_delta", stop='"stop_reason": "tool_use"')
        and _has(ev, "message_delta", stop='"stop_reason": "end_turn"')
    ),
    "end-turn": lambda ev, _: _has(ev, "message_delta", stop='"stop_reason": "end_turn"'),
    "thinking": lambda ev, _: _has(ev, "content_block_delta", delta="thinking_delta"),
    "overloaded": lambda ev, _: _has(ev, "error", error="overloaded_error"),
    "continuation": lambda ev, text: (
        (": drop" in text or "max_tokens" in text) and text.count("event: message_start") >= 2
    ),
    "heuristics": lambda ev, text: "stall" in text or "repetition" in text.lower(),
    "usage": lambda ev, _: _has(ev, "message_delta", usage='"usage"'),
    "server-tools": lambda ev, _: (
        _has(ev, "content_block_start", block='"type": "server_tool_use"')
        or _has(ev, "content_block_start", block='"type": "mcp_tool_use"')
    ),
}


def test_every_demo_shows_what_its_item_is_about(bank: Bank) -> None:
    demos = [i for i in bank.items.values() if isinstance(i, MCQ) and i.demo]
    assert len(demos) >= 20
    for item in demos:
        assert item.demo is not None
        events, text = wire(item.demo)
        assert events, f"{item.id}: no scenario {item.demo!r}"
        for tag in item.tags:
            check = DEMO_SHOWS.get(tag)
            if check is not None:
                assert check(events, text), f"{item.id}: demo {item.demo} does not show {tag}"
        words = item.stem.lower()
        if "ping" in words:
            assert "event: ping" in text, item.id
        if "prefill" in words and "continuation" in item.tags:
            models = {m for m in ("claude-haiku-4-5", "claude-sonnet-4-5") if m in text}
            assert models, f"{item.id}: a prefill continuation needs a 4.5-or-earlier model"
