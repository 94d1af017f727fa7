"""`ccaf lint` through the real console command: each measure on a pack built to trip it."""

from __future__ import annotations

import dataclasses
import json
import os
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ccaf.bank.lint import BankLint, lint_bank, lint_pack, near_duplicate_stems, words
from ccaf.bank.loader import bank_paths, bundled_bank, load_bank
from ccaf.bank.model import MCQ, Option
from test_cli_validate import ccaf

from conftest import WritePack
from samples import PACK_YAML

URL = "https://docs.example.com/page"


run = ccaf


def lint_json(*args: str | Path) -> tuple[int, dict[str, Any]]:
    """`ccaf lint --json PATH ...`; the same measures taken in this process must agree."""
    result = run("lint", "--json", *args)
    data = json.loads(result.stdout)
    if all(isinstance(arg, Path) for arg in args):
        assert lint_bank(load_bank(args)).to_json() == data
    return result.returncode, data


def warnings_of(*paths: Path) -> list[str]:
    """The warnings `ccaf lint` prints, taken in this process: each pack's, then the bank's."""
    linted = lint_bank(load_bank(paths))
    found = [str(f) for pack in linted.packs for f in pack.warnings]
    return found + [str(d.finding) for d in linted.near_duplicates]


def mcq(
    item_id: str,
    stem: str,
    key: str | list[str],
    distractors: list[str],
    key_at: int = 0,
    source: str = URL,
    extra: str = "",
) -> str:
    """An mcq item; `key` goes in at `key_at` (a list of keys makes a multiple-response item)."""
    keys = [key] if isinstance(key, str) else key
    options = [(text, False) for text in distractors]
    for n, text in enumerate(keys):
        options.insert(key_at + n, (text, True))
    written = "".join(
        f"    - text: {json.dumps(text)}\n      rationale: Why.\n"
        + ("      correct: true\n" if correct else "")
        for text, correct in options
    )
    choose = f"  choose: {len(keys)}\n" if len(keys) > 1 else ""
    return (
        f"- id: {item_id}\n  kind: mcq\n  source: {json.dumps(source)}\n{extra}{choose}"
        f"  stem: {json.dumps(stem)}\n  options:\n{written}"
    )


def lines_of(text: str) -> dict[str, int]:
    """The line each item starts on."""
    return {
        m.group(1): n
        for n, line in enumerate(text.splitlines(), start=1)
        if (m := re.match(r"- id: (\S+)", line))
    }


def length_pack(longest: int, shortest: int, total: int = 20) -> str:
    """`total` single-answer MCQs: the key longest in the first `longest`, shortest in the next
    `shortest`, and as long as every distractor (a tie: neither) in the rest; keys go 1st, 2nd,
    3rd, 4th in turn."""
    items = []
    for n in range(total):
        key = "Plan A1 plus" if n < longest else "A1" if n < longest + shortest else "Plan A1"
        stem = f"Which plan fits case {n}?"  # one word apart: no near-duplicates
        items.append(mcq(f"q{n}", stem, key, ["Plan B2", "Plan C3", "Plan D4"], key_at=n % 4))
    return "".join(items)


# -- the shares of key longest and key shortest --------------------------------------------


def test_twenty_mcqs_at_the_bounds_pass(write_pack: WritePack) -> None:
    # 7 of 20 is 35% and 3 of 20 is 15%: both bounds are inside the range.
    pack = write_pack(**{"mcq.yaml": length_pack(longest=7, shortest=3)})
    result = run("lint", pack)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines() == [
        "demo (beyond): 20 single-answer MCQs, 0 patterns (0 with holds)",
        "  key longest 7 (35%), shortest 3 (15%); key written 1st 5, 2nd 5, 3rd 5, 4th 5",
        "",
        "OK: 1 pack linted; 0 warnings.",
    ]
    code, data = lint_json(pack)
    assert code == 0
    assert data == {
        "packs": [
            {
                "pack": "demo",
                "scope": "beyond",
                "mcq": 20,
                "key_longest": {"count": 7, "share": 0.35},
                "key_shortest": {"count": 3, "share": 0.15},
                "key_positions": [5, 5, 5, 5, 0, 0],
                "hedged_keys": [],
                "absolute_distractors": [],
                "stem_echoes": [],
                "missing_task": [],
                "non_url_source": [],
                "patterns": 0,
                "patterns_with_holds": 0,
                "fails": [],
            }
        ],
        "near_duplicate_stems": [],
        "load_errors": 0,
        "ok": True,
    }


@pytest.mark.parametrize(
    ("longest", "shortest", "fails"),
    [
        (8, 3, ["the key is the longest option in 8 of 20 single-answer MCQs (40%)"]),
        (2, 3, ["the key is the longest option in 2 of 20 single-answer MCQs (10%)"]),
        (3, 8, ["the key is the shortest option in 8 of 20 single-answer MCQs (40%)"]),
        (
            12,
            0,
            [
                "the key is the longest option in 12 of 20 single-answer MCQs (60%)",
                "the key is the shortest option in 0 of 20 single-answer MCQs (0%)",
            ],
        ),
    ],
    ids=["longest-too-often", "longest-too-rarely", "shortest-too-often", "both"],
)
def test_key_longest_or_shortest_outside_15_to_35_percent_fails(
    write_pack: WritePack, longest: int, shortest: int, fails: list[str]
) -> None:
    pack = write_pack(**{"mcq.yaml": length_pack(longest, shortest)})
    reasons = [f"{reason}, outside 15–35%" for reason in fails]
    code, data = lint_json(pack)
    assert code == 1
    assert data["ok"] is False
    assert data["packs"][0]["fails"] == reasons
    assert data["packs"][0]["key_longest"]["count"] == longest
    assert data["packs"][0]["key_shortest"]["count"] == shortest
    result = run("lint", pack)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[2 : 2 + len(reasons)] == [f"  FAILS: {reason}" for reason in reasons]
    assert lines[-1] == "FAIL: 1 pack linted; failing: demo; 0 warnings."


def test_a_pack_under_20_single_answer_mcqs_never_fails_on_shares(write_pack: WritePack) -> None:
    # 19 single-answer items, every key the longest, and a multiple-response item (not counted).
    multiple = mcq("multi", "Which two plans?", ["Plan A1 plus", "Plan A2 plus"], ["B", "C"])
    pack = write_pack(**{"mcq.yaml": length_pack(longest=19, shortest=0, total=19) + multiple})
    code, data = lint_json(pack)
    assert code == 0
    measured = data["packs"][0]
    assert measured["mcq"] == 19
    assert measured["key_longest"] == {"count": 19, "share": 1.0}
    assert measured["key_shortest"] == {"count": 0, "share": 0.0}
    assert measured["fails"] == []
    assert data["ok"] is True


# -- findings on single items ----------------------------------------------------------------

CUES = "".join(
    [
        # Only the key hedges.
        mcq("hedged", "How does the client behave?", "It may retry", ["It drops it", "It stops"]),
        # Key and a distractor both hedge: no cue.
        mcq("hedged-both", "How does the server act?", "It may retry", ["It might drop", "Halt"]),
        # "can't" and "cannot" are not "can": nothing hedges here, and the key is absolute.
        mcq("cannot", "How about retries?", "It can't retry", ["It cannot wait", "It waits"]),
        # A distractor is absolute, the key is not.
        mcq("absolute", "When to retry?", "Back off, then retry", ["Never retry", "Retry now"]),
        # Key and distractor both absolute: no cue.
        mcq("absolute-both", "When to stop?", "Only when done", ["Always at once", "At noon"]),
        # "idempotency" is in the stem and the key only; "token" is not in the key.
        mcq(
            "echo",
            "Where does the idempotency token go?",
            "In the idempotency field",
            ["In the body", "In the query"],
        ),
        # Each long stem word of the key is also in a distractor, a stop word, or short.
        mcq(
            "echo-none",
            "Which budget should the retry loop use, about what disk?",
            "The retry budget, about this disk",
            ["The budget file", "The retry queue"],
        ),
        # A multiple-response item: its two keys are the only options that hedge.
        mcq(
            "hedged-keys",
            "What does the proxy do?",
            ["It may retry", "It might log"],
            ["It drops it", "It halts"],
        ),
        mcq("no-url", "What is a pack?", "A folder", ["A file", "A row"], source="the docs"),
        mcq("spaced-url", "What is an item?", "An entry", ["A pack"], source=URL + " there"),
        f"- id: pattern-plain\n  kind: pattern\n  source: {URL}\n"
        "  looks_right: Plausible.\n  actually_wrong: Why not.\n",
        f"- id: pattern-holds\n  kind: pattern\n  source: {URL}\n"
        "  looks_right: Plausible.\n  actually_wrong: Why not.\n  holds: What is true.\n",
    ]
)


def test_hedges_absolutes_echoes_and_sources_are_found_exactly(write_pack: WritePack) -> None:
    pack = write_pack(**{"cues.yaml": CUES})
    code, data = lint_json(pack)
    assert code == 0  # warnings only
    measured = data["packs"][0]
    assert measured["mcq"] == 9
    assert measured["hedged_keys"] == ["hedged", "hedged-keys"]
    assert measured["absolute_distractors"] == ["absolute"]
    assert measured["stem_echoes"] == [{"id": "echo", "word": "idempotency"}]
    assert measured["non_url_source"] == ["no-url", "spaced-url"]
    assert measured["missing_task"] == []
    assert (measured["patterns"], measured["patterns_with_holds"]) == (2, 1)
    assert measured["fails"] == []

    result = run("lint", pack)
    assert result.returncode == 0, result.stdout + result.stderr
    assert warnings_of(pack) == result.stdout.splitlines()[2:-2]
    at = {
        item_id: f"{pack / 'cues.yaml'}:{line}: item {item_id}"
        for item_id, line in lines_of(CUES).items()
    }
    assert result.stdout.splitlines()[2:] == [
        f'{at["hedged"]}: only the key has a hedge word ("may")',
        f'{at["absolute"]}: a distractor has the absolute word "never" and the key has none',
        f'{at["echo"]}: the stem and the key share "idempotency", which no distractor has',
        f'{at["hedged-keys"]}: only keys have a hedge word ("may")',
        f"{at['no-url']}: source is not a URL: 'the docs'",
        f"{at['spaced-url']}: source is not a URL: '{URL} there'",
        "",
        "OK: 1 pack linted; 6 warnings.",
    ]


def test_near_duplicate_stems_across_the_bank(write_pack: WritePack) -> None:
    options = ("Yes", ["No"])
    a_items = (
        mcq("a1", "Which event carries the stop reason?", *options)
        + mcq("a2", "alpha bravo charlie delta", *options)
        + mcq("a3", "lima mike november", *options)
    )
    b_items = (
        # The same words as a1, in other case and punctuation: similarity 1.
        mcq("b1", "which EVENT carries the stop reason", *options)
        # Four words of a2's and one more: 4/5, just near enough.
        + mcq("b2", "alpha bravo charlie delta echo", *options)
        # Three of a3's and one more: 3/4, not near enough.
        + mcq("b3", "lima mike november oscar", *options)
    )
    a = write_pack("a", PACK_YAML.replace("id: demo", "id: a"), **{"q.yaml": a_items})
    b = write_pack("b", PACK_YAML.replace("id: demo", "id: b"), **{"q.yaml": b_items})
    code, data = lint_json(a.parent)
    assert code == 0
    assert data["near_duplicate_stems"] == [["a1", "b1", 1.0], ["a2", "b2", 0.8]]

    result = run("lint", a, b)
    assert result.returncode == 0
    assert warnings_of(a, b) == [result.stdout.splitlines()[i] for i in (-4, -3)]
    a_lines, b_lines = lines_of(a_items), lines_of(b_items)
    assert result.stdout.splitlines()[-5:] == [
        "2 pairs of near-duplicate stems:",
        f"{b / 'q.yaml'}:{b_lines['b1']}: item b1: stem is a near-duplicate of item a1"
        f" ({a / 'q.yaml'}:{a_lines['a1']}), similarity 1.00",
        f"{b / 'q.yaml'}:{b_lines['b2']}: item b2: stem is a near-duplicate of item a2"
        f" ({a / 'q.yaml'}:{a_lines['a2']}), similarity 0.80",
        "",
        "OK: 2 packs linted; 2 warnings.",
    ]


def _stems(stems: list[str]) -> list[MCQ]:
    key, distractor = Option("Yes", "Why.", correct=True), Option("No", "Why.")
    return [
        MCQ(
            id=f"q{n}",
            source=URL,
            pack="p",
            path=Path("q.yaml"),
            line=n,
            stem=stem,
            options=(key, distractor),
        )
        for n, stem in enumerate(stems)
    ]


@given(st.lists(st.lists(st.sampled_from("abcdefg"), min_size=0, max_size=7), max_size=25))
def test_near_duplicates_are_exactly_the_pairs_with_jaccard_at_least_0_8(
    stems: list[list[str]],
) -> None:
    # The prefix filter must find what comparing every pair finds.
    items = _stems([" ".join(stem) for stem in stems])
    sets = [set(words(item.stem)) for item in items]
    every_pair = [
        (i, j)
        for i in range(len(sets))
        for j in range(i + 1, len(sets))
        if sets[i] and 5 * len(sets[i] & sets[j]) >= 4 * len(sets[i] | sets[j])
    ]
    found = [(int(d.first.id[1:]), int(d.second.id[1:])) for d in near_duplicate_stems(items)]
    assert found == every_pair


def test_near_duplicates_among_500_stems_finds_the_one_pair() -> None:
    import random

    rng = random.Random(7)
    vocabulary = [f"w{n}" for n in range(2000)] + ["which", "the", "agent", "tool"] * 200
    stems = [" ".join(rng.choices(vocabulary, k=rng.randint(8, 60))) for _ in range(500)]
    stems[499] = stems[0].upper()
    items = _stems(stems)
    found = near_duplicate_stems(items)
    assert [(d.first.id, d.second.id) for d in found] == [("q0", "q499")]


def test_load_errors_fail_and_what_loaded_is_still_linted(write_pack: WritePack) -> None:
    # Without pack.yaml the loader cannot know the scope, so items without a task still load
    # (in a pack taken to be exam scope): lint names them, and fails for the load error.
    items = mcq("no-task", "What is a pack?", "A folder", ["A file"])
    pack = write_pack("nameless", pack_yaml=None, **{"q.yaml": items})
    result = run("lint", pack)
    assert result.returncode == 1
    assert "1 problem loading the bank (`ccaf validate` lists them)" in result.stderr
    line = lines_of(items)["no-task"]
    assert result.stdout.splitlines() == [
        "nameless (exam): 1 single-answer MCQ, 0 patterns (0 with holds)",
        "  key longest 1 (100%), shortest 0 (0%); key written 1st 1, 2nd 0",
        f"{pack / 'q.yaml'}:{line}: item no-task: no task statement, in an exam-scope pack",
        "",
        "FAIL: 1 pack linted; 1 problem loading the bank (`ccaf validate` lists them); 1 warning.",
    ]
    code, data = lint_json(pack)
    assert code == 1
    assert data["packs"][0]["missing_task"] == ["no-task"]
    assert (data["load_errors"], data["ok"]) == (1, False)


def test_bank_option_and_environment_choose_the_bank(write_pack: WritePack) -> None:
    pack = write_pack(**{"cues.yaml": CUES})
    for result in (run("lint", "--bank", pack), run("lint", env={"CCAF_BANK": str(pack)})):
        assert result.returncode == 0
        assert result.stdout.startswith("demo (beyond): 9 single-answer MCQs")
        assert "streaming" not in result.stdout


def test_measures_taken_in_process(write_pack: WritePack) -> None:
    """What the command-line tests cannot see from outside: findings' words, the widest
    single-answer item, empty shares, items without a task, exact similarities."""
    items = (
        mcq("hedged", "How does it behave?", "It may retry", ["It drops", "It stops", "Halts"])
        + mcq("absolute", "When?", "Back off", ["Never retry"])
        + mcq("echo5", "Where does the token go?", "Into the token field", ["The body"])
        + mcq("two", "Pick two?", ["Key one", "Key two"], ["Other"])
        + "".join(
            f"- id: pat{n}\n  kind: pattern\n  source: {URL}\n  looks_right: L.\n"
            f"  actually_wrong: W.\n" + ("  holds: H.\n" if n == 0 else "")
            for n in range(3)
        )
    )
    bank = load_bank([write_pack(**{"a.yaml": items})])
    assert bank.errors == []
    [pack] = lint_bank(bank).packs
    assert pack.most_options == 4  # the widest single-answer item; "two" is not counted
    assert [(f.item_id, f.word) for f in pack.hedged_keys] == [("hedged", "may")]
    assert [(f.item_id, f.word) for f in pack.absolute_distractors] == [("absolute", "never")]
    assert [(f.item_id, f.word) for f in pack.stem_echoes] == [("echo5", "token")]  # 5 letters
    assert (pack.patterns, pack.patterns_with_holds) == (3, 1)
    cards = "- id: c\n  kind: card\n  source: s\n  front: f\n  back: b\n"
    [only_cards] = lint_bank(load_bank([write_pack("cards", **{"a.yaml": cards})])).packs
    assert only_cards.to_json()["key_longest"] == {"count": 0, "share": None}
    assert only_cards.most_options == 0 and only_cards.key_longest.as_percent == "—"
    exam = dataclasses.replace(bank.packs["demo"], scope="exam")
    untasked = lint_pack(exam, list(bank.items.values()))
    assert [str(f) for f in untasked.missing_task][:1] == [
        f"{bank.items['hedged'].path}:1: item hedged: no task statement, in an exam-scope pack"
    ]
    sixth = [
        MCQ(
            id=f"m{n}",
            source=URL,
            pack="demo",
            path=Path("x"),
            line=n,
            stem=stem,
            options=(Option("a", "r", True), Option("b", "r")),
        )
        for n, stem in enumerate(["one two three four five", "one two three four five six"])
    ]
    [pair] = near_duplicate_stems(sixth)
    assert pair.similarity == 5 / 6
    assert BankLint((), (pair,), 0).to_json()["near_duplicate_stems"] == [["m0", "m1", 0.833]]


def test_the_bank_from_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("CCAF_BANK", f"{tmp_path / 'a'}{os.pathsep} {os.pathsep}{tmp_path / 'b'}")
    assert bank_paths() == [tmp_path / "a", tmp_path / "b"]
    monkeypatch.delenv("CCAF_BANK")
    assert bank_paths() == [bundled_bank()] and bundled_bank().name == "questions"
