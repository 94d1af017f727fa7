"""Property tests: whatever text or structure a file holds, loading returns items or errors."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ccaf.bank import yamlread
from ccaf.bank.loader import ID_RE, load_bank
from ccaf.bank.model import MCQ, Bank

PACK_YAML = "id: prop\nconcept: D4.6\ntitle: Property\ndomain: 4\nscope: beyond\n"
KEYS = [
    "id",
    "kind",
    "source",
    "tags",
    "stem",
    "options",
    "text",
    "correct",
    "rationale",
    "explanation",
    "difficulty",
    "scenario",
    "demo",
    "looks_right",
    "actually_wrong",
    "question",
    "answer",
    "front",
    "back",
]
KINDS = ["mcq", "pattern", "selfcheck", "card", "quiz"]

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True),
    st.text(max_size=12),
    st.sampled_from(KINDS),
    st.sampled_from(["support-agent", "a-b"]),
)
structures = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=5),
        st.dictionaries(
            st.one_of(st.sampled_from(KEYS), st.text(max_size=6), st.integers()),
            children,
            max_size=8,
        ),
    ),
    max_leaves=40,
)
item_like = st.fixed_dictionaries(
    {
        "id": st.one_of(st.text(max_size=8), st.sampled_from(["a", "b", "a-1"])),
        "kind": st.sampled_from(KINDS),
    },
    optional={key: structures for key in KEYS if key not in ("id", "kind")},
)
yaml_fragments = st.lists(
    st.sampled_from(
        [
            "- ",
            "id: ",
            "kind: mcq",
            "options:",
            "\n",
            "  ",
            "[",
            "]",
            "{",
            "}",
            ",",
            ":",
            "&a ",
            "*a",
            "!!str ",
            "!!python/name:os.system ",
            "? ",
            "'",
            '"',
            "|",
            ">-",
            "#",
            "---",
            "...",
            "%YAML 1.1",
            "\t",
            "\x00",
            "é",
            "\ufeff",
            "correct: yes",
            "text: x",
            "rationale: y",
            "<<: *a",
        ]
    ),
    max_size=40,
).map("".join)


def load_text(files: dict[str, str | bytes]) -> Bank:
    with tempfile.TemporaryDirectory() as tmp:
        pack = Path(tmp) / "prop"
        pack.mkdir()
        (pack / "pack.yaml").write_text(PACK_YAML)
        for name, content in files.items():
            data = content.encode("utf-8", "surrogatepass") if isinstance(content, str) else content
            (pack / name).write_bytes(data)
        return load_bank([pack])


def check_invariants(bank: Bank) -> None:
    for error in bank.errors:
        assert str(error).startswith(str(error.path))
        assert error.line is None or error.line >= 1
    for item_id, item in bank.items.items():
        assert ID_RE.match(item_id) and item.id == item_id
        assert item.source.strip()
        if isinstance(item, MCQ):
            assert sum(option.correct for option in item.options) == 1
            assert 2 <= len(item.options) <= 6


#: The example count comes from the profile (conftest.py): 150, fewer in a mutation run.
FAST = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(st.text(max_size=300))
def test_arbitrary_text(text: str) -> None:
    check_invariants(load_text({"a.yaml": text}))


@FAST
@given(st.binary(max_size=200))
def test_arbitrary_bytes(data: bytes) -> None:
    check_invariants(load_text({"a.yaml": data}))


@FAST
@given(yaml_fragments)
def test_yaml_shaped_text(text: str) -> None:
    check_invariants(load_text({"a.yaml": text, "pack.yaml": text}))


@FAST
@given(structures)
def test_arbitrary_structures(data: Any) -> None:
    check_invariants(load_text({"a.yaml": yaml.safe_dump(data)}))


@FAST
@given(st.lists(item_like, max_size=6))
def test_item_shaped_structures(items: list[dict[str, Any]]) -> None:
    text = yaml.safe_dump(items)
    bank = load_text({"a.yaml": text})
    check_invariants(bank)
    # Nothing is dropped silently: each entry either loaded or has an error within its lines.
    starts = yamlread.parse(text).lines if items else []
    ends = [*starts[1:], 10**9][: len(starts)]
    loaded_lines = {item.line for item in bank.items.values()}
    for start, end in zip(starts, ends, strict=True):
        reported = any(e.line is not None and start <= e.line < end for e in bank.errors)
        assert start in loaded_lines or reported


def test_self_referencing_yaml_is_reported() -> None:
    bank = load_text(
        {"a.yaml": "- &a\n  id: x\n  kind: card\n  source: s\n  front: f\n  back: *a\n"}
    )
    assert [str(e).split(": ", 1)[1] for e in bank.errors] == [
        "item x: back: must be text, not a mapping"
    ]


def test_deep_nesting_is_reported() -> None:
    bank = load_text({"a.yaml": "[" * 5000 + "]" * 5000})
    assert len(bank.errors) == 1 and bank.items == {}
