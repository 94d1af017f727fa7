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
