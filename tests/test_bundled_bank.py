"""The bank that ships with ccaf: it validates, and it holds what the Streaming pack promises."""

from __future__ import annotations

from collections import Counter

import pytest

from ccaf.bank.loader import bundled_bank, load_bank
from ccaf.bank.model import MCQ, Bank


@pytest.fixture(scope="module")
def bank() -> Bank:
    return load_bank([bundled_bank()])


def test_bundled_bank_is_valid(bank: Bank) -> None:
    assert [str(error) for error in bank.errors] == []


def test_streaming_pack_metadata(bank: Bank) -> None:
    pack = bank.packs["streaming"]
    assert (pack.concept, pack.domain) == ("D4.6", 4)
    assert pack.note and "study guide" in pack.note


def test_streaming_pack_has_enough_of_each_kind(bank: Bank) -> None:
    counts = bank.counts()["streaming"]
    assert counts["mcq"] >= 30
    assert counts["pattern"] >= 8
    assert counts["selfcheck"] >= 8
    assert counts["card"] >= 20


def test_mcqs_are_exam_shaped(bank: Bank) -> None:
    mcqs = [item for item in bank.items.values() if isinstance(item, MCQ)]
    for item in mcqs:
        assert len(item.options) == 4, item.id
        assert item.scenario is not None, item.id
        lengths = [len(option.text) for option in item.options]
        # The right answer must not give itself away by being by far the longest.
        longest_wrong = max(n for i, n in enumerate(lengths) if i != item.correct_index)
        assert lengths[item.correct_index] <= 2 * longest_wrong, item.id
    # The correct answer is not always in the same place as written.
    positions = Counter(item.correct_index for item in mcqs)
    assert len(positions) >= 3 and max(positions.values()) <= len(mcqs) * 0.6


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
    mcq_text = " ".join(
        " ".join([item.stem, *(o.text + " " + o.rationale for o in item.options)])
        for item in bank.items.values()
        if isinstance(item, MCQ)
    )
    assert name in mcq_text
    cards = [item for item in bank.items.values() if item.kind == "card"]
    assert any(name in item.front for item in cards)  # type: ignore[union-attr]
