"""Property tests: whatever text or structure a file holds, loading returns items or errors."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import pytest
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
KINDS = ("mcq", "pattern", "selfcheck", "card", "quiz")

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


# -- near-valid items: one field off, so that each validation rule is met -------------------

EXAM_PACK = "id: near\ntitle: Near\ndomain: 1\nscope: exam\n"
words = st.text(alphabet="abcdefghij klmnop", min_size=1, max_size=20).filter(str.strip)


@st.composite
def valid_items(
    draw: st.DrawFn, kinds: tuple[str, ...] = KINDS[:4], most_options: int = 6
) -> dict[str, Any]:
    """A valid item of one of `kinds`, with drawn text, option count, key position and choose."""
    kind = draw(st.sampled_from(kinds))
    item: dict[str, Any] = {
        "id": draw(st.sampled_from(["a", "item-1", "x2-y3"])),
        "kind": kind,
        "source": "https://platform.claude.com/docs/en/page",
        "task": draw(st.sampled_from(["1.1", "2.3", "5.6"])),
    }
    if draw(st.booleans()):
        item["tags"] = draw(st.lists(words, max_size=3))
    if kind == "mcq":
        count = draw(st.integers(2, most_options))
        choose = draw(st.integers(1, count - 1))
        keys = draw(st.sets(st.integers(0, count - 1), min_size=choose, max_size=choose))
        item["stem"] = draw(words)
        if choose > 1 or draw(st.booleans()):
            item["choose"] = choose
        item["options"] = [
            {"text": draw(words), "rationale": draw(words)}
            | ({"correct": True} if n in keys else {})
            for n in range(count)
        ]
        for key, values in (
            ("difficulty", st.integers(1, 3)),
            ("scenario", st.sampled_from(["support-agent", "data-extraction"])),
            ("explanation", words),
            ("demo", st.sampled_from(["plain-text", "tool-use"])),
        ):
            if draw(st.booleans()):
                item[key] = draw(values)
    elif kind == "pattern":
        item |= {"looks_right": draw(words), "actually_wrong": draw(words)}
        if draw(st.booleans()):
            item["holds"] = draw(words)
    elif kind == "selfcheck":
        item |= {"question": draw(words), "answer": draw(words)}
    else:
        item |= {"front": draw(words), "back": draw(words)}
    return item


REQUIRED = {
    "mcq": ["id", "kind", "source", "stem", "options"],
    "pattern": ["id", "kind", "source", "looks_right", "actually_wrong"],
    "selfcheck": ["id", "kind", "source", "question", "answer"],
    "card": ["id", "kind", "source", "front", "back"],
}
TEXT_FIELDS = {
    "mcq": ["source", "stem"],
    "pattern": ["source", "looks_right", "actually_wrong"],
    "selfcheck": ["source", "question", "answer"],
    "card": ["source", "front", "back"],
}


#: Every rule a near-valid item can break; those after "too few options" are mcq rules.
RULES = [
    "missing",
    "unknown key",
    "not text",
    "empty text",
    "bad id",
    "unknown kind",
    "unknown task",
    "no task",
    "tags not a list",
    "empty tag",
    "too few options",
    "too many options",
    "no key",
    "one key too many",
    "no rationale",
    "correct not a boolean",
    "option not a mapping",
    "difficulty out of range",
    "difficulty not a number",
    "unknown scenario",
    "choose out of range",
    "choose needs more options",
    "options not a list",
]
MCQ_RULES = RULES[RULES.index("too few options") :]


@st.composite
def near_valid_items(draw: st.DrawFn, rule: str) -> tuple[dict[str, Any], str, str]:
    """A valid item that breaks `rule` and nothing else, with the field and message that must
    name it."""
    kinds = ("mcq",) if rule in MCQ_RULES else KINDS[:4]
    # Room for one more entry, where the rule adds one.
    item = draw(valid_items(kinds, 5 if rule == "option not a mapping" else 6))
    kind = item["kind"]
    if rule == "missing":
        key = draw(st.sampled_from(REQUIRED[kind]))
        del item[key]
        if key == "kind":
            return item, "kind", "missing (one of: mcq, pattern, selfcheck, card)"
        return item, key, "missing"
    if rule == "unknown key":
        key = draw(st.sampled_from(TEXT_FIELDS[kind]))
        item[key + "s"] = item[key]  # a second, misspelt copy
        return item, key + "s", f"unknown key (did you mean '{key}'?)"
    if rule == "not text":
        key = draw(st.sampled_from(TEXT_FIELDS[kind]))
        item[key] = draw(st.integers(0, 99))
        return item, key, f"must be text, not a number ({item[key]}); quote it"
    if rule == "empty text":
        key = draw(st.sampled_from(TEXT_FIELDS[kind]))
        item[key] = draw(st.sampled_from(["", "  "]))
        return item, key, "is empty"
    if rule == "bad id":
        item["id"] = draw(st.sampled_from(["Upper", "two--dashes", "-lead", "under_score"]))
        return item, "id", "may hold only lower-case letters, digits and single '-'"
    if rule == "unknown kind":
        item["kind"] = "quiz"
        return item, "kind", "unknown kind 'quiz' (one of: mcq, pattern, selfcheck, card)"
    if rule == "unknown task":
        item["task"] = draw(st.sampled_from(["9.9", "1.9", "x"]))
        return item, "task", f"unknown task statement {item['task']!r}"
    if rule == "no task":
        del item["task"]
        return item, "task", "missing: an exam-scope pack's items name their task statement"
    if rule == "tags not a list":
        item["tags"] = draw(words)
        return item, "tags", "must be a list of text, not text"
    if rule == "empty tag":
        tags = item.get("tags", [])
        item["tags"] = [*tags, ""]
        return item, f"tags[{len(tags) + 1}]", "is empty"
    options: list[dict[str, Any]] = item["options"]
    choose = item.get("choose", 1)
    if rule == "too few options":
        item["options"] = [{"text": "only", "rationale": "r", "correct": True}]
        item.pop("choose", None)
        return item, "options", "has 1 entries, expected 2 to 6"
    if rule == "too many options":
        options += [{"text": f"more {n}", "rationale": "r"} for n in range(7 - len(options))]
        return item, "options", "has 7 entries, expected 2 to 6"
    if rule == "no key":
        for option in options:
            option.pop("correct", None)
        return item, "options", "none is marked"
    if rule == "one key too many":
        spare = next(o for o in options if not o.get("correct"))
        spare["correct"] = True
        if choose == 1:
            return item, "options", "exactly one option must be correct (marked: "
        return item, "options", f"choose: {choose}, so exactly {choose} options must be correct"
    if rule == "no rationale":
        n = draw(st.integers(0, len(options) - 1))
        del options[n]["rationale"]
        return item, f"options[{n + 1}].rationale", "missing"
    if rule == "correct not a boolean":  # on a distractor, so that the keys stay as they were
        n = draw(st.sampled_from([n for n, o in enumerate(options) if not o.get("correct")]))
        options[n]["correct"] = "yes please"
        return item, f"options[{n + 1}].correct", "must be true or false, not text"
    if rule == "option not a mapping":
        n = draw(st.integers(0, len(options)))
        item["options"].insert(n, "just text")  # raw YAML data: any value may stand here
        return item, f"options[{n + 1}]", "must be a mapping, not text"
    if rule == "difficulty out of range":
        item["difficulty"] = draw(st.sampled_from([0, 4, 10]))
        return item, "difficulty", f"{item['difficulty']} is out of range 1 to 3"
    if rule == "difficulty not a number":
        item["difficulty"] = "hard"
        return item, "difficulty", "must be a whole number from 1 to 3, not text"
    if rule == "unknown scenario":
        item["scenario"] = "support-agents"
        return item, "scenario", "unknown scenario 'support-agents' (did you mean 'support-agent'?)"
    if rule == "choose out of range":  # read as choose 1, so with one key only
        for option in [o for o in options if o.get("correct")][1:]:
            del option["correct"]
        item["choose"] = draw(st.sampled_from([0, 6, 7]))
        return item, "choose", f"{item['choose']} is out of range 1 to 5"
    if rule == "choose needs more options":
        item["options"] = [{"text": t, "rationale": "r", "correct": True} for t in ("a", "b")]
        item["choose"] = 2
        return item, "options", "choose: 2 needs more than 2 options"
    assert rule == "options not a list"
    item["options"] = draw(words)
    return item, "options", "must be a list of options, not text"


def load_items(items: list[dict[str, Any]]) -> Bank:
    with tempfile.TemporaryDirectory() as tmp:
        pack = Path(tmp) / "near"
        pack.mkdir()
        (pack / "pack.yaml").write_text(EXAM_PACK)
        (pack / "items.yaml").write_text(yaml.safe_dump(items, sort_keys=False))
        return load_bank([pack])


@FAST
@given(valid_items())
def test_valid_items_load(item: dict[str, Any]) -> None:
    bank = load_items([item])
    assert bank.errors == []
    [loaded] = bank.items.values()
    assert (loaded.id, loaded.kind, loaded.task) == (item["id"], item["kind"], item["task"])
    if isinstance(loaded, MCQ):
        keys = {n for n, option in enumerate(item["options"]) if option.get("correct")}
        assert loaded.correct_indexes == keys and loaded.choose == item.get("choose", 1)


@pytest.mark.parametrize("rule", RULES)
@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_near_valid_items_fail_on_the_one_rule_they_break(rule: str, data: st.DataObject) -> None:
    item, field, message = data.draw(near_valid_items(rule))
    bank = load_items([item])
    assert bank.items == {}
    [error] = bank.errors
    assert error.field == field and message in error.message, str(error)
