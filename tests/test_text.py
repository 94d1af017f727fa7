"""Wording helpers: what `visible` writes out and what it leaves as it is."""

from __future__ import annotations

import pytest

from ccaf.text import quote, visible

#: Every character with the Unicode Bidi_Control property.
BIDI_CONTROLS = [
    "\u061c",
    "\u200e",
    "\u200f",
    *map(chr, range(0x202A, 0x202F)),
    *map(chr, range(0x2066, 0x206A)),
]


@pytest.mark.parametrize("control", BIDI_CONTROLS, ids=lambda c: f"U+{ord(c):04X}")
def test_bidirectional_controls_are_written_out(control: str) -> None:
    shown = visible(f"refund {control}tnuocca{control} now")
    assert control not in shown
    assert shown == f"refund \\u{ord(control):04x}tnuocca\\u{ord(control):04x} now"


def test_a_trojan_source_line_reads_as_stored() -> None:
    # Right-to-left override and isolates, as in a line that hides what it does.
    line = "ok \u202e} \u2066if admin\u2069 \u2066 {\u2069"
    assert visible(line) == "ok \\u202e} \\u2066if admin\\u2069 \\u2066 {\\u2069"
    assert quote("a\u202eb") == "'a\\u202eb'"


def test_ordinary_text_in_any_script_is_left_alone() -> None:
    for text in (
        "Tab\tand\nnewline",
        "café – naïve “quotes”",
        "مرحبا بالعالم",  # right-to-left letters are not controls
        "שלום",
        "emoji 👩‍💻 with a zero-width joiner",
        "\u00a0no-break space",
    ):
        assert visible(text) == text


def test_terminal_controls_are_written_out() -> None:
    assert visible("\x1b[2J\x07\x9b\x7f") == "\\x1b[2J\\x07\\x9b\\x7f"
    assert visible("\ud800") == "\\ud800"
