"""The event-stream YAML reader agrees with PyYAML's safe loader, and keeps lines."""

from __future__ import annotations

import math
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from ccaf.bank import yamlread
from ccaf.bank.yamlread import LineDict, LineList

values = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.floats(allow_nan=False),
        st.text(max_size=10),
        st.sampled_from(["yes", "No", "~", "0x1f", "1e3", "2026-11-24", "<<", "!", "&a", "'"]),
    ),
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(
            st.one_of(st.text(max_size=5), st.integers(), st.booleans()), children, max_size=5
        ),
    ),
    max_leaves=30,
)
styles = st.sampled_from([None, True, False])


def same(a: Any, b: Any) -> bool:
    if isinstance(a, float) and isinstance(b, float):
        return a == b or (math.isnan(a) and math.isnan(b))
    return bool(a == b)


@settings(max_examples=200, deadline=None)
@given(values, styles)
def test_round_trip_matches_pyyaml(value: Any, flow: bool | None) -> None:
    text = yaml.safe_dump(value, default_flow_style=flow, allow_unicode=True)
    assert same(yamlread.parse(text), yaml.safe_load(text))


snippets = st.lists(
    st.sampled_from(
        [
            "a: 1\n",
            "- x\n",
            "b: &x {c: d}\n",
            "e: *x\n",
            "<<: *x\n",
            "f: [1, 2]\n",
            "  g: h\n",
            "'q': \"r\"\n",
            "? k\n: v\n",
            "--- \n",
            "t: !!str 3\n",
            "u: !!binary aGk=\n",
            "v: 2026-11-24\n",
            "w: |\n  text\n",
            "n:\n",
            "- - y\n",
            "z: .inf\n",
            "m: {<<: *x, c: e}\n",
        ]
    ),
    max_size=8,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(snippets)
def test_agrees_with_pyyaml_on_yaml_shaped_text(text: str) -> None:
    try:
        expected = yaml.safe_load(text)
    except Exception:  # PyYAML itself lets a few ValueErrors out; ccaf must not
        with pytest.raises(yaml.YAMLError):
            yamlread.parse(text)
        return
    assert same(yamlread.parse(text), expected)


def test_lines_of_mappings_keys_and_entries() -> None:
    data = yamlread.parse("# comment\n- id: a\n  text: >-\n    folded\n  n: 3\n\n- plain\n")
    assert isinstance(data, LineList)
    assert data.line == 2 and data.lines == [2, 7]
    first = data[0]
    assert isinstance(first, LineDict)
    assert first.line == 2
    assert first.key_lines == {"id": 2, "text": 3, "n": 5}
    assert first == {"id": "a", "text": "folded", "n": 3}


def test_duplicate_keys_are_recorded() -> None:
    data = yamlread.parse("a: 1\nb: 2\na: 3\n")
    assert data == {"a": 3, "b": 2}
    assert data.duplicates == [("a", 3, 1)]


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ("a: [1\nb: 2\n", 2, "flow sequence"),
        ("a: *nowhere\n", 1, "undefined alias"),
        ("? [1]\n: v\n", 1, "key that is a list or a mapping"),
        ("a: 1\n---\nb: 2\n", 2, "single document"),
        ("a: !!python/name:os.system x\n", 1, "constructor for the tag"),
        ("a: !!python/object {}\n", 1, "constructor for the tag"),
        ("a: !!int nope\n", 1, "nope"),
    ],
)
def test_errors_point_at_a_line(text: str, line: int, fragment: str) -> None:
    with pytest.raises(yaml.YAMLError) as caught:
        yamlread.parse(text)
    assert yamlread.error_line(caught.value) == line
    assert fragment in str(caught.value) or fragment in yamlread.error_text(caught.value)


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        (
            "a: [1\nb: 2\n",
            2,
            "YAML: while parsing a flow sequence (from line 1), did not find expected ',' or ']'",
        ),
        ("a: *nowhere\n", 1, "YAML: found undefined alias 'nowhere'"),
        (
            "? [1]\n: v\n",
            1,
            "YAML: while constructing a mapping, found a key that is a list or a mapping",
        ),
        (
            "a: 1\n---\nb: 2\n",
            2,
            "YAML: expected a single document in the stream, but found another document",
        ),
        ("a: &x 1\nb: &x 2\n", 2, "YAML: found duplicate anchor 'x', second occurrence"),
        (
            "<<: 3\n",
            2,
            "YAML: while constructing a mapping, expected a mapping or a list of mappings"
            " for merging",
        ),
        (
            'x: "unterminated\n',
            2,
            "YAML: while scanning a quoted scalar (from line 1), found unexpected end of stream",
        ),
        ("a: !x y\n", 1, "YAML: could not determine a constructor for the tag '!x'"),
        (
            "a: !!int nope\n",
            1,
            "YAML: cannot read 'nope' as tag:yaml.org,2002:int: invalid literal for int() with "
            "base 10: 'nope'",
        ),
    ],
)
def test_error_text_and_line_word_for_word(text: str, line: int, message: str) -> None:
    with pytest.raises(yaml.YAMLError) as caught:
        yamlread.parse(text)
    assert (yamlread.error_line(caught.value), yamlread.error_text(caught.value)) == (line, message)


def test_errors_without_marks() -> None:
    assert yamlread.error_text(yaml.YAMLError("plain")) == "YAML: plain"
    assert yamlread.error_line(yaml.YAMLError("plain")) is None
    assert yamlread.error_text(yaml.MarkedYAMLError()) == "YAML: syntax error"
    context_only = yaml.MarkedYAMLError(
        context="while here", context_mark=yaml.Mark("", 0, 4, 0, None, 0)
    )
    assert yamlread.error_line(context_only) == 5
    assert yamlread.error_text(context_only) == "YAML: while here"


def test_merges_keep_the_mapping_s_own_keys() -> None:
    data = yamlread.parse("base: &b {x: 1, y: 2}\nother: &o {z: 3}\nm:\n  <<: [*b, *o]\n  y: 9\n")
    assert data["m"] == {"y": 9, "x": 1, "z": 3}
    assert data["m"].key_lines == {"y": 5, "x": 4, "z": 4}
    assert data["m"].line == 4 and data["m"].line_of("x") == 4 and data.line_of("nope") == 1
    one = yamlread.parse("b: &b {x: 1}\nm:\n  <<: *b\n")
    assert one["m"] == {"x": 1}
    scalars = yamlread.parse('a: !!str 12\nb: 12\nc:\nd: ~\ne: ""\nf: yes\ng: "<<"\n')
    assert scalars == {"a": "12", "b": 12, "c": None, "d": None, "e": "", "f": True, "g": "<<"}
    assert yamlread.parse("") is None and yamlread.parse("- a\n- b\n").lines == [1, 2]
