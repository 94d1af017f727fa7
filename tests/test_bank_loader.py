"""The loader: what loads, and every kind of error with its message and line."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from ccaf.bank.loader import bank_paths, bundled_bank, load_bank
from ccaf.bank.model import MCQ as MCQItem
from ccaf.bank.model import Bank, Card, Pack, Pattern

from conftest import WritePack
from samples import CARD, EXAM_PACK_YAML, MCQ, PACK_YAML


def messages(bank: Bank) -> list[str]:
    return [str(error) for error in bank.errors]


def only_error(bank: Bank) -> str:
    assert len(bank.errors) == 1, messages(bank)
    return str(bank.errors[0])


def test_valid_pack_loads_every_kind(write_pack: WritePack) -> None:
    pack = write_pack(
        **{
            "cards.yaml": CARD,
            "mcq.yaml": MCQ,
            "more.yaml": """\
            - id: pat-one
              kind: pattern
              source: s
              tags: [cost, ux]
              looks_right: Streaming is cheaper.
              actually_wrong: Same price per token.
            - id: sc-one
              kind: selfcheck
              source: s
              question: Q?
              answer: A.
            """,
        }
    )
    bank = load_bank([pack])
    assert bank.errors == []
    assert set(bank.items) == {"card-one", "mcq-one", "pat-one", "sc-one"}
    assert bank.packs["demo"].domain == 1
    mcq = bank.items["mcq-one"]
    assert isinstance(mcq, MCQItem)
    assert mcq.correct_index == 0
    assert [o.text for o in mcq.options] == ["This one", "That one"]
    assert mcq.line == 1 and mcq.path == pack / "mcq.yaml"
    assert bank.items["pat-one"].tags == ("cost", "ux")
    assert bank.counts()["demo"] == {"card": 1, "mcq": 1, "pattern": 1, "selfcheck": 1}


def test_directory_of_packs_and_single_file(write_pack: WritePack) -> None:
    first = write_pack("first", **{"a.yaml": CARD})
    write_pack(
        "second",
        pack_yaml="id: second\nconcept: D2.1\ntitle: T\ndomain: 2\nscope: beyond\n",
        **{"b.yaml": MCQ},
    )
    bank = load_bank([first.parent])
    assert sorted(bank.packs) == ["demo", "second"]
    assert len(bank.items) == 2
    just_one = load_bank([first / "a.yaml"])
    assert list(just_one.items) == ["card-one"] and just_one.errors == []


def test_yaml_syntax_error_has_its_line(write_pack: WritePack) -> None:
    pack = write_pack(**{"a.yaml": CARD + "- id: broken\n  front: [unclosed\n  back: b\n"})
    error = only_error(load_bank([pack]))
    assert error.startswith(f"{pack / 'a.yaml'}:8: YAML: ")
    assert "flow sequence (from line 7)" in error


def test_valid_files_load_beside_a_broken_one(write_pack: WritePack) -> None:
    pack = write_pack(**{"a.yaml": CARD, "b.yaml": "- [\n"})
    bank = load_bank([pack])
    assert "card-one" in bank.items
    assert only_error(bank).startswith(f"{pack / 'b.yaml'}:")


def test_file_that_is_not_a_list(write_pack: WritePack) -> None:
    pack = write_pack(**{"a.yaml": "\n\nid: x\nkind: card\n", "b.yaml": ""})
    errors = messages(load_bank([pack]))
    assert errors == [
        f"{pack / 'a.yaml'}:3: expected a YAML list of items, found a mapping",
        f"{pack / 'b.yaml'}:1: file is empty: expected a YAML list of items",
    ]


def test_item_that_is_not_a_mapping(write_pack: WritePack) -> None:
    pack = write_pack(**{"a.yaml": CARD + "- just some text\n"})
    assert only_error(load_bank([pack])) == (
        f"{pack / 'a.yaml'}:6: item must be a mapping, not text"
    )


def test_unknown_key_names_the_line_and_suggests(write_pack: WritePack) -> None:
    pack = write_pack(**{"a.yaml": CARD.replace("  back: Back", "  bakc: Back")})
    errors = messages(load_bank([pack]))
    path = pack / "a.yaml"
    assert errors == [
        f"{path}:1: item card-one: back: missing",
        f"{path}:5: item card-one: bakc: unknown key (did you mean 'back'?)",
    ]


def test_missing_keys(write_pack: WritePack) -> None:
    pack = write_pack(**{"a.yaml": "- id: bare\n  kind: selfcheck\n"})
    errors = messages(load_bank([pack]))
    path = pack / "a.yaml"
    assert errors == [
        f"{path}:1: item bare: source: missing",
        f"{path}:1: item bare: question: missing",
        f"{path}:1: item bare: answer: missing",
    ]


def test_missing_and_unknown_kind(write_pack: WritePack) -> None:
    pack = write_pack(**{"a.yaml": "- id: a\n  source: s\n- id: b\n  kind: quiz\n"})
    errors = messages(load_bank([pack]))
    path = pack / "a.yaml"
    assert errors == [
        f"{path}:1: item a: kind: missing (one of: mcq, pattern, selfcheck, card)",
        f"{path}:4: item b: kind: unknown kind 'quiz' (one of: mcq, pattern, selfcheck, card)",
    ]


def test_wrong_types(write_pack: WritePack) -> None:
    text = """\
    - id: typed
      kind: mcq
      source: s
      stem: 42
      difficulty: "2"
      tags: cost
      options:
        - text: A
          correct: "yes please"
          rationale: r
        - text: B
          rationale: [r]
    """
    pack = write_pack(**{"a.yaml": text})
    errors = messages(load_bank([pack]))
    path = pack / "a.yaml"
    assert errors == [
        f"{path}:4: item typed: stem: must be text, not a number (42); quote it",
        f"{path}:5: item typed: difficulty: must be a whole number from 1 to 3, not text",
        f"{path}:6: item typed: tags: must be a list of text, not text",
        f"{path}:7: item typed: options: exactly one option must be correct (none is marked)",
        f"{path}:9: item typed: options[1].correct: must be true or false, not text",
        f"{path}:12: item typed: options[2].rationale: must be text, not a list",
    ]


def test_zero_or_two_correct_options(write_pack: WritePack) -> None:
    none = MCQ.replace("      correct: true\n", "")
    two = MCQ.replace("    - text: That one\n", "    - text: That one\n      correct: true\n")
    two = two.replace("mcq-one", "mcq-two")
    pack = write_pack(**{"a.yaml": none, "b.yaml": two})
    errors = messages(load_bank([pack]))
    assert errors == [
        f"{pack / 'a.yaml'}:6: item mcq-one: options: exactly one option must be correct "
        "(none is marked)",
        f"{pack / 'b.yaml'}:6: item mcq-two: options: exactly one option must be correct "
        "(marked: options[1], options[2])",
    ]


def test_option_without_rationale(write_pack: WritePack) -> None:
    pack = write_pack(**{"a.yaml": MCQ.replace("      rationale: Because not.\n", "")})
    assert only_error(load_bank([pack])) == (
        f"{pack / 'a.yaml'}:10: item mcq-one: options[2].rationale: missing"
    )


def test_option_count(write_pack: WritePack) -> None:
    one = MCQ.split("    - text: That one")[0]
    pack = write_pack(**{"a.yaml": one})
    assert only_error(load_bank([pack])) == (
        f"{pack / 'a.yaml'}:6: item mcq-one: options: has 1 entries, expected 2 to 6"
    )


def test_duplicate_ids_name_both_places(write_pack: WritePack) -> None:
    first = write_pack("first", **{"a.yaml": CARD})
    second = write_pack(
        "second",
        pack_yaml="id: second\nconcept: D1.2\ntitle: T\ndomain: 1\nscope: beyond\n",
        **{"b.yaml": "- id: filler\n  kind: card\n  source: s\n  front: f\n  back: b\n" + CARD},
    )
    bank = load_bank([first.parent])
    assert only_error(bank) == (
        f"{second / 'b.yaml'}:6: item card-one: id: duplicate id "
        f"(first defined at {first / 'a.yaml'}:1)"
    )
    assert bank.items["card-one"].pack == "demo"


def test_duplicate_key_in_one_item(write_pack: WritePack) -> None:
    pack = write_pack(**{"a.yaml": CARD + "  back: Again\n"})
    assert only_error(load_bank([pack])) == (
        f"{pack / 'a.yaml'}:6: item card-one: back: given twice (first on line 5)"
    )


def test_unknown_scenario_suggests_the_close_one(write_pack: WritePack) -> None:
    pack = write_pack(**{"a.yaml": MCQ.replace("support-agent", "support-agnet")})
    error = only_error(load_bank([pack]))
    assert error.startswith(
        f"{pack / 'a.yaml'}:4: item mcq-one: scenario: unknown scenario 'support-agnet' "
        "(did you mean 'support-agent'?)"
    )


def test_pack_without_pack_yaml_still_loads_its_items(write_pack: WritePack) -> None:
    pack = write_pack("loose", pack_yaml=None, **{"a.yaml": CARD})
    bank = load_bank([pack])
    assert only_error(bank) == f"{pack}: pack has no pack.yaml"
    assert bank.items["card-one"].pack == "loose"


def test_invalid_pack_yaml(write_pack: WritePack) -> None:
    pack = write_pack(
        pack_yaml="id: Demo Pack\nconcept: D1\ntitle: ''\ndomain: 9\nnotes: x\n", **{"a.yaml": CARD}
    )
    errors = messages(load_bank([pack]))
    path = pack / "pack.yaml"
    assert errors == [
        f"{path}:1: id: 'Demo Pack' may hold only lower-case letters, digits and single '-'",
        f"{path}:3: title: is empty",
        f"{path}:4: domain: 9 is out of range 1 to 5",
        f"{path}:5: notes: unknown key (did you mean 'note'?)",
    ]


def test_empty_strings_are_errors(write_pack: WritePack) -> None:
    pack = write_pack(
        **{
            "a.yaml": CARD.replace("front: Front", "front: '   '").replace(
                "source: a page", "source:"
            )
        }
    )
    errors = messages(load_bank([pack]))
    path = pack / "a.yaml"
    assert errors == [
        f"{path}:3: item card-one: source: is empty",
        f"{path}:4: item card-one: front: is empty",
    ]


def test_bad_id(write_pack: WritePack) -> None:
    pack = write_pack(**{"a.yaml": CARD.replace("card-one", "Card_One")})
    assert only_error(load_bank([pack])) == (
        f"{pack / 'a.yaml'}:1: item Card_One: id: 'Card_One' may hold only lower-case "
        "letters, digits and single '-'"
    )


def test_every_problem_is_reported_not_only_the_first(write_pack: WritePack) -> None:
    bad = CARD.replace("front: Front", "front: ''") + MCQ.replace("support-agent", "nope")
    pack = write_pack(**{"a.yaml": bad, "b.yaml": "- [", "c.yaml": "{}"})
    bank = load_bank([pack])
    assert len({error.path for error in bank.errors}) == 3
    assert len(bank.errors) == 4


def test_unsafe_yaml_tag_is_an_error_not_code(write_pack: WritePack) -> None:
    pack = write_pack(**{"a.yaml": "- !!python/object/apply:os.system ['true']\n"})
    error = only_error(load_bank([pack]))
    assert error.startswith(f"{pack / 'a.yaml'}:1: YAML: ")
    assert "python/object" in error


def test_not_utf8(write_pack: WritePack) -> None:
    pack = write_pack()
    (pack / "a.yaml").write_bytes(b"- id: caf\xe9\n")
    assert only_error(load_bank([pack])) == f"{pack / 'a.yaml'}: not UTF-8 text (byte 9)"


def test_missing_path_and_empty_directory(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    errors = messages(load_bank([tmp_path / "nowhere", tmp_path / "empty"]))
    assert errors == [
        f"{tmp_path / 'empty'}: no question packs here",
        f"{tmp_path / 'nowhere'}: no such file or directory",
    ]


def test_yml_files_are_reported_not_silently_skipped(write_pack: WritePack) -> None:
    pack = write_pack(**{"a.yaml": CARD, "b.yml": CARD})
    assert only_error(load_bank([pack])) == (
        f"{pack / 'b.yml'}: not loaded: pack files end in .yaml"
    )


def test_bank_path_precedence(tmp_path: Path) -> None:
    env = {"CCAF_BANK": f"{tmp_path / 'x'}:{tmp_path / 'y'}"}
    assert bank_paths(["a", "b"], env) == [Path("a"), Path("b")]
    assert bank_paths(None, env) == [tmp_path / "x", tmp_path / "y"]
    assert bank_paths(None, {}) == [bundled_bank()]


def test_items_are_typed(write_pack: WritePack) -> None:
    bank = load_bank([write_pack(**{"a.yaml": CARD})])
    card = bank.items["card-one"]
    assert isinstance(card, Card) and card.kind == "card"
    assert (card.front, card.back, card.source) == ("Front", "Back", "a page")


def test_a_pack_named_twice_loads_once(write_pack: WritePack) -> None:
    pack = write_pack(**{"a.yaml": CARD, "b.yaml": MCQ})
    bank = load_bank([pack / "a.yaml", pack / "b.yaml", pack, pack.parent])
    assert bank.errors == [] and set(bank.items) == {"card-one", "mcq-one"}
    only_files = load_bank([pack / "a.yaml", pack / "b.yaml"])
    assert only_files.errors == [] and len(only_files.packs) == 1


ITEM = """\
- id: x
  kind: mcq
  source: s
  task: {task}
  stem: S?
{extra}  options:
    - {{text: A, correct: true, rationale: r}}
    - {{text: B, rationale: r{option}}}
"""
WORD_FOR_WORD = [
    (
        "2",
        "",
        "",
        ["4: item x: task: unknown task statement '2' (did you mean '5.2'?) (1.1 to 5.6)"],
    ),
    ("1.1", "", "", []),  # unquoted, a number: read as the task statement it spells
    ("[]", "", "", ["4: item x: task: must be a task statement such as '1.1', not a list"]),
    ("''", "", "", ["4: item x: task: must be a task statement such as '1.1', not text"]),
    ("'9.99'", "", "", ["4: item x: task: unknown task statement '9.99' (1.1 to 5.6)"]),
    (
        "true",
        "",
        "",
        ["4: item x: task: must be a task statement such as '1.1', not a true/false value (true)"],
    ),
    (
        "'1.1'",
        "  choose: 2\n",
        "",
        [
            "7: item x: options: choose: 2, so exactly 2 options must be correct"
            " (marked: options[1])"
        ],
    ),
    (
        "'1.1'",
        "",
        ", rationle: q",
        ["8: item x: options[2].rationle: unknown key (did you mean 'rationale'?)"],
    ),
    ("'1.1'", "  zzzzzz: 1\n", "", ["6: item x: zzzzzz: unknown key"]),
    (
        "'1.1'",
        "  tags: [a, 3, '']\n",
        "",
        ["6: item x: tags[2]: must be text, not a number (3)", "6: item x: tags[3]: is empty"],
    ),
    (
        "'1.1'",
        "  difficulty: true\n",
        "",
        [
            "6: item x: difficulty: must be a whole number from 1 to 3,"
            " not a true/false value (true)"
        ],
    ),
    ("'1.1'", "  source: t\n", "", ["6: item x: source: given twice (first on line 3)"]),
]


@pytest.mark.parametrize(("task", "extra", "option", "errors"), WORD_FOR_WORD)
def test_each_problem_is_reported_word_for_word(
    write_pack: WritePack, task: str, extra: str, option: str, errors: list[str]
) -> None:
    text = ITEM.format(task=task, extra=extra, option=option)
    pack = write_pack(pack_yaml=EXAM_PACK_YAML, **{"a.yaml": text})
    bank = load_bank([pack])
    assert [str(e) for e in bank.errors] == [f"{pack / 'a.yaml'}:{e}" for e in errors]
    assert list(bank.items) == ([] if errors else ["x"])


@pytest.mark.parametrize(
    ("text", "errors"),
    [
        (
            "- id: y\n  kind: card\n  source: s\n  task: '1.1'\n  front: f\n  back: b\n"
            "  explanation: e\n",
            ["7: item y: explanation: unknown key"],
        ),
        (
            "- [1]\n- 3\n- id: z\n  kind: 5\n- id: w\n",
            [
                "1: item must be a mapping, not a list",
                "2: item must be a mapping, not a number (3)",
                "4: item z: kind: unknown kind 5 (one of: mcq, pattern, selfcheck, card)",
                "5: item w: kind: missing (one of: mcq, pattern, selfcheck, card)",
            ],
        ),
        (
            "- id: v\n  kind: card\n  source: 1.5\n  task: '1.1'\n  front: null\n  back: {a: 1}\n",
            [
                "3: item v: source: must be text, not a number (1.5); quote it",
                "5: item v: front: is empty",
                "6: item v: back: must be text, not a mapping",
            ],
        ),
        (
            "key: [unclosed\n",
            [
                "2: YAML: while parsing a flow sequence (from line 1),"
                " did not find expected ',' or ']'"
            ],
        ),
        (
            "a: b\n- c\n",
            ["2: YAML: while parsing a block mapping (from line 1), did not find expected key"],
        ),
        ("", ["1: file is empty: expected a YAML list of items"]),
        ("just text\n", ["1: expected a YAML list of items, found text"]),
    ],
    ids=["unknown-key", "not-items", "wrong-types", "flow", "block", "empty", "text"],
)
def test_file_problems_word_for_word(write_pack: WritePack, text: str, errors: list[str]) -> None:
    pack = write_pack(pack_yaml=EXAM_PACK_YAML, **{"a.yaml": text})
    bank = load_bank([pack])
    assert [str(e) for e in bank.errors] == [f"{pack / 'a.yaml'}:{e}" for e in errors]


def test_every_field_of_packs_and_items_is_kept(write_pack: WritePack) -> None:
    pack_yaml = (
        "id: full\nconcept: D2.3\ntitle: Full pack\ndomain: 2\nnote: A note.\nscope: beyond\n"
    )
    items = """\
    - id: m
      kind: mcq
      source: s
      explanation: Because.
      difficulty: 3
      scenario: support-agent
      demo: plain-text
      choose: 2
      stem: Which two?
      options:
        - {text: A, correct: true, rationale: r}
        - {text: B, correct: true, rationale: r}
        - {text: C, rationale: r}
    - id: p
      kind: pattern
      source: s
      looks_right: L.
      actually_wrong: W.
      holds: H.
    """
    pack = write_pack("full", pack_yaml=pack_yaml, **{"a.yaml": items})
    bank = load_bank([pack])
    assert bank.errors == [] and bank.files == 2
    assert bank.packs["full"] == Pack("full", "D2.3", "Full pack", 2, pack, "A note.", "beyond")
    mcq = bank.items["m"]
    assert isinstance(mcq, MCQItem)
    assert (mcq.explanation, mcq.difficulty, mcq.scenario, mcq.demo, mcq.choose) == (
        "Because.",
        3,
        "support-agent",
        "plain-text",
        2,
    )
    pattern = bank.items["p"]
    assert isinstance(pattern, Pattern) and pattern.holds == "H."
    bare = write_pack("bare", pack_yaml=None, **{"a.yaml": CARD.replace("card-one", "c2")})
    fallback = load_bank([bare]).packs["bare"]
    assert fallback == Pack("bare", "", "bare", 0, bare)


def test_pack_file_problems_and_pack_ids_given_twice(write_pack: WritePack) -> None:
    listed = write_pack("listed", pack_yaml="- id: x\n", **{"a.yaml": CARD})
    bank = load_bank([listed])
    assert messages(bank) == [f"{listed / 'pack.yaml'}:1: pack.yaml must be a mapping, not a list"]
    # Its scope is unknown: its items are not also reported for a missing task.
    assert list(bank.items) == ["card-one"]
    one = write_pack("one", pack_yaml=PACK_YAML, **{"a.yaml": CARD})
    two = write_pack("two", pack_yaml=PACK_YAML, **{"b.yaml": MCQ})
    twice = load_bank([one, two])
    assert messages(twice) == [f"{two / 'pack.yaml'}: id: duplicate pack id 'demo' (also in {one})"]
    assert sorted(twice.packs) == ["demo", "demo@two"]
    assert twice.items["mcq-one"].pack == "demo@two"
    unreadable = write_pack("unreadable", **{"a.yaml": CARD})
    (unreadable / "b.yaml").mkdir()  # a directory named like a pack file
    assert messages(load_bank([unreadable])) == [
        f"{unreadable / 'b.yaml'}: cannot read: Is a directory"
    ]


def test_optional_keys_left_empty_count_as_not_given(write_pack: WritePack) -> None:
    pack_yaml = "id: blank\ntitle: Blank\ndomain: 1\nconcept:\nnote:\nscope:\n"
    items = """\
    - id: m
      kind: mcq
      source: s
      task:
      tags:
      explanation:
      difficulty:
      scenario:
      demo:
      choose:
      stem: S?
      options:
        - {text: A, correct: true, rationale: r}
        - {text: B, correct: null, rationale: r}
    - id: p
      kind: pattern
      source: s
      looks_right: L.
      actually_wrong: W.
      holds:
    """
    pack = write_pack("blank", pack_yaml=pack_yaml, **{"a.yaml": items})
    bank = load_bank([pack])
    # Scope left empty is an exam pack: the pattern, without a task key, is reported for it.
    assert [(e.item_id, e.field) for e in bank.errors] == [("p", "task")]
    bank.packs["blank"] = dataclasses.replace(bank.packs["blank"], scope="beyond")
    assert bank.packs["blank"] == Pack("blank", "", "Blank", 1, pack, None, "beyond")
    beyond = pack_yaml.replace("scope:\n", "scope: beyond\n")
    loaded = load_bank([write_pack("blank", pack_yaml=beyond, **{"a.yaml": items})])
    assert loaded.errors == []
    mcq, pattern = loaded.items["m"], loaded.items["p"]
    assert isinstance(mcq, MCQItem) and isinstance(pattern, Pattern)
    assert (mcq.task, mcq.tags, mcq.explanation, mcq.difficulty, mcq.scenario) == (
        None,
        (),
        None,
        None,
        None,
    )
    assert (mcq.demo, mcq.choose, mcq.correct_indexes, pattern.holds) == (
        None,
        1,
        frozenset({0}),
        None,
    )


def test_a_pack_file_that_does_not_parse_leaves_its_scope_unknown(write_pack: WritePack) -> None:
    pack = write_pack("broken", pack_yaml="id: [broken\n", **{"a.yaml": CARD})
    bank = load_bank([pack])
    # No "missing task" for its items: whether the pack is exam scope cannot be known.
    assert [e.field for e in bank.errors] == [None] and "YAML" in bank.errors[0].message
    assert list(bank.items) == ["card-one"] and bank.packs["broken"].title == "broken"


def test_required_keys_left_empty_are_errors(write_pack: WritePack) -> None:
    items = "- id:\n  kind: card\n  source: s\n  front: f\n  back: b\n"
    items += "- id: m\n  kind: mcq\n  source: s\n  stem: S\n  options:\n"
    pack_yaml = "id: p\ntitle: P\ndomain:\nscope: beyond\n"
    pack = write_pack("p", pack_yaml=pack_yaml, **{"a.yaml": items})
    assert messages(load_bank([pack])) == [
        f"{pack / 'a.yaml'}:1: id: is empty",
        f"{pack / 'a.yaml'}:10: item m: options: must be a list of options, not nothing",
        f"{pack / 'pack.yaml'}:3: domain: must be a whole number from 1 to 5, not nothing",
    ]
