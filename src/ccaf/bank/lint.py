"""Measure what makes a pack's answers guessable without the knowledge they test.

A test-wise learner picks the longest option, the hedged one, the one without "always", or
the one that repeats a word of the question. These measures find such cues in a loaded bank;
`ccaf lint` prints them. Nothing here prints.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

from ccaf.bank.model import MCQ, AnyItem, Bank, Pack, Pattern
from ccaf.text import is_url, percent

#: Shares of the key being longest (or shortest) are judged only in packs this big: below it
#: a few items swing the share too far to mean anything.
MIN_SINGLE_ANSWER = 20
#: The key is longest (or shortest) in between 15% and 35% of single-answer items, both
#: included: about what chance gives with four options, allowing for ties.
SHARE_LOW, SHARE_HIGH = Fraction(15, 100), Fraction(35, 100)
#: Two stems are near-duplicates when their word sets have a Jaccard similarity this high.
#: A fraction, so that the prefix-filter bound and the test are exact.
NEAR_DUPLICATE = Fraction(4, 5)
#: Options are at most six (the loader's limit), so positions are counted 1st to 6th.
POSITIONS = 6

# A word: letters, digits and underscores (so content_block_stop stays one word), with
# apostrophes inside it (so "can't" is not "can", a hedge).
_WORD_RE = re.compile(r"\w+(?:['’]\w+)*")


def words(text: str) -> list[str]:
    """The words of `text`, lower-cased, in order; curly apostrophes made straight."""
    return [w.replace("’", "'") for w in _WORD_RE.findall(text.lower())]


HEDGES = frozenset(
    words(
        "may might can could usually often typically generally sometimes likely tends"
        " heuristic suggests perhaps"
    )
)
# "can't" is "cannot" spelled short; words() keeps it whole, so it is listed too.
ABSOLUTES = frozenset(words("always never only all none every guaranteed impossible cannot can't"))
#: Words of five letters or more that say nothing about the answer: function words and the
#: phrasing of questions. A stem and key sharing one of these is no cue.
STOP_WORDS = frozenset(
    words(
        """
        about above across after again against almost along already although among another
        anything around because before behind being below between beyond doing during either
        everything first further having however instead itself neither nothing other others
        otherwise rather really should since something still their theirs themselves there
        therefore these thing things those though three through throughout together toward
        towards under unless until using various whatever where whereas whether which while
        whole whose within without would yours yourself yourselves
        answer correct false following option options right statement
        """
    )
)
MIN_ECHO_LETTERS = 5


@dataclass(frozen=True, slots=True)
class Finding:
    """One item to look at, printed as ``PATH:LINE: item ID: message`` like a load error."""

    path: Path
    line: int
    item_id: str
    message: str
    #: The word the finding is about, where there is one.
    word: str | None = None

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: item {self.item_id}: {self.message}"


def _finding(item: AnyItem, message: str, word: str | None = None) -> Finding:
    return Finding(item.path, item.line, item.id, message, word)


@dataclass(frozen=True, slots=True)
class Share:
    """How many of a pack's single-answer MCQs have some property."""

    count: int
    total: int

    @property
    def fraction(self) -> Fraction | None:
        return Fraction(self.count, self.total) if self.total else None

    def outside(self, low: Fraction, high: Fraction) -> bool:
        fraction = self.fraction
        return fraction is not None and not low <= fraction <= high

    @property
    def as_percent(self) -> str:
        fraction = self.fraction
        return percent(None if fraction is None else float(fraction) * 100)

    def __str__(self) -> str:
        return f"{self.count} ({self.as_percent})"

    def to_json(self) -> dict[str, Any]:
        fraction = self.fraction
        return {
            "count": self.count,
            "share": None if fraction is None else round(float(fraction), 3),
        }


@dataclass(frozen=True, slots=True)
class PackLint:
    pack: Pack
    single_answer: int
    key_longest: Share
    key_shortest: Share
    #: How many single-answer keys are written 1st, 2nd, ... 6th among their options.
    key_positions: tuple[int, ...]
    #: The most options any single-answer MCQ here has: the positions a key could take.
    most_options: int
    hedged_keys: tuple[Finding, ...]
    absolute_distractors: tuple[Finding, ...]
    stem_echoes: tuple[Finding, ...]
    missing_task: tuple[Finding, ...]
    non_url_source: tuple[Finding, ...]
    patterns: int
    patterns_with_holds: int
    #: Why the pack fails; empty when it passes.
    fails: tuple[str, ...]

    @property
    def warnings(self) -> list[Finding]:
        """Every finding, in the order the items are written."""
        every = [
            *self.hedged_keys,
            *self.absolute_distractors,
            *self.stem_echoes,
            *self.missing_task,
            *self.non_url_source,
        ]
        return sorted(every, key=lambda f: (str(f.path), f.line))

    def to_json(self) -> dict[str, Any]:
        def ids(findings: Iterable[Finding]) -> list[str]:
            return [f.item_id for f in findings]

        return {
            "pack": self.pack.id,
            "scope": self.pack.scope,
            "mcq": self.single_answer,
            "key_longest": self.key_longest.to_json(),
            "key_shortest": self.key_shortest.to_json(),
            "key_positions": list(self.key_positions),
            "hedged_keys": ids(self.hedged_keys),
            "absolute_distractors": ids(self.absolute_distractors),
            "stem_echoes": [{"id": f.item_id, "word": f.word} for f in self.stem_echoes],
            "missing_task": ids(self.missing_task),
            "non_url_source": ids(self.non_url_source),
            "patterns": self.patterns,
            "patterns_with_holds": self.patterns_with_holds,
            "fails": list(self.fails),
        }


@dataclass(frozen=True, slots=True)
class NearDuplicate:
    """Two MCQs whose stems are (nearly) the same; `first` is written first in the bank."""

    first: MCQ
    second: MCQ
    similarity: float

    @property
    def finding(self) -> Finding:
        first = self.first
        return _finding(
            self.second,
            f"stem is a near-duplicate of item {first.id} ({first.path}:{first.line}),"
            f" similarity {self.similarity:.2f}",
        )


@dataclass(frozen=True, slots=True)
class BankLint:
    packs: tuple[PackLint, ...]
    near_duplicates: tuple[NearDuplicate, ...]
    #: Problems found while loading: lint saw only what loaded, so the bank does not pass.
    load_errors: int

    @property
    def failing(self) -> list[PackLint]:
        return [pack for pack in self.packs if pack.fails]

    @property
    def ok(self) -> bool:
        return not self.load_errors and not self.failing

    @property
    def warnings(self) -> int:
        return sum(len(p.warnings) for p in self.packs) + len(self.near_duplicates)

    def to_json(self) -> dict[str, Any]:
        return {
            "packs": [pack.to_json() for pack in self.packs],
            "near_duplicate_stems": [
                [d.first.id, d.second.id, round(d.similarity, 3)] for d in self.near_duplicates
            ],
            "load_errors": self.load_errors,
            "ok": self.ok,
        }


def lint_bank(bank: Bank) -> BankLint:
    """Every measure over every pack of `bank`, and the near-duplicate stems across it."""
    items_by_pack: dict[str, list[AnyItem]] = defaultdict(list)
    for item in bank.items.values():
        items_by_pack[item.pack].append(item)
    packs = tuple(
        lint_pack(bank.packs[pack_id], items_by_pack[pack_id]) for pack_id in sorted(bank.packs)
    )
    mcqs = [item for item in bank.items.values() if isinstance(item, MCQ)]
    return BankLint(packs, tuple(near_duplicate_stems(mcqs)), len(bank.errors))


def lint_pack(pack: Pack, items: Sequence[AnyItem]) -> PackLint:
    """The measures of one pack over its `items`."""
    mcqs = [item for item in items if isinstance(item, MCQ)]
    # Length and position cues are about picking one option; a multiple-response item's keys
    # are several options, so those two measures count single-answer items only.
    single = [item for item in mcqs if item.choose == 1]
    longest = Share(sum(_key_longest(item) for item in single), len(single))
    shortest = Share(sum(_key_shortest(item) for item in single), len(single))
    positions = Counter(item.correct_index for item in single)
    patterns = [item for item in items if isinstance(item, Pattern)]
    return PackLint(
        pack=pack,
        single_answer=len(single),
        key_longest=longest,
        key_shortest=shortest,
        key_positions=tuple(positions[i] for i in range(POSITIONS)),
        most_options=max((len(item.options) for item in single), default=0),
        hedged_keys=tuple(f for item in mcqs if (f := hedged_key(item))),
        absolute_distractors=tuple(f for item in mcqs if (f := absolute_distractor(item))),
        stem_echoes=tuple(f for item in mcqs if (f := stem_echo(item))),
        missing_task=tuple(
            _finding(item, "no task statement, in an exam-scope pack")
            for item in items
            if pack.scope == "exam" and item.task is None
        ),
        non_url_source=tuple(
            _finding(item, f"source is not a URL: {item.source!r}")
            for item in items
            if not is_url(item.source)
        ),
        patterns=len(patterns),
        patterns_with_holds=sum(item.holds is not None for item in patterns),
        fails=tuple(_share_fails(longest, "longest") + _share_fails(shortest, "shortest")),
    )


def _share_fails(share: Share, which: str) -> list[str]:
    if share.total < MIN_SINGLE_ANSWER or not share.outside(SHARE_LOW, SHARE_HIGH):
        return []
    return [
        f"the key is the {which} option in {share.count} of {share.total} single-answer MCQs"
        f" ({share.as_percent}),"
        f" outside {SHARE_LOW * 100}–{SHARE_HIGH * 100}%"
    ]


def _key_longest(item: MCQ) -> bool:
    key, distractors = _key_and_distractor_lengths(item)
    return all(key > d for d in distractors)


def _key_shortest(item: MCQ) -> bool:
    key, distractors = _key_and_distractor_lengths(item)
    return all(key < d for d in distractors)


def _key_and_distractor_lengths(item: MCQ) -> tuple[int, list[int]]:
    key = item.correct_index
    lengths = [len(option.text) for option in item.options]
    return lengths[key], lengths[:key] + lengths[key + 1 :]


def _split(item: MCQ) -> tuple[list[list[str]], list[list[str]]]:
    """The words of the keys and of the distractors, option by option."""
    keys = [words(o.text) for o in item.options if o.correct]
    distractors = [words(o.text) for o in item.options if not o.correct]
    return keys, distractors


def _first_of(option_words: Iterable[list[str]], wanted: frozenset[str]) -> str | None:
    return next((w for ws in option_words for w in ws if w in wanted), None)


def _only_in(these: list[list[str]], others: list[list[str]], wanted: frozenset[str]) -> str | None:
    """The first `wanted` word in `these` options, if none of the `others` has one."""
    word = _first_of(these, wanted)
    return word if word is not None and _first_of(others, wanted) is None else None


def hedged_key(item: MCQ) -> Finding | None:
    """The key hedges ("usually", "may") and no distractor does: hedging is a tell."""
    keys, distractors = _split(item)
    word = _only_in(keys, distractors, HEDGES)
    if word is None:
        return None
    key = "the key has" if item.choose == 1 else "keys have"
    return _finding(item, f'only {key} a hedge word ("{word}")', word)


def absolute_distractor(item: MCQ) -> Finding | None:
    """A distractor says "always" or "never" and the key makes no such claim."""
    keys, distractors = _split(item)
    word = _only_in(distractors, keys, ABSOLUTES)
    if word is None:
        return None
    key = "the key has none" if item.choose == 1 else "no key has one"
    return _finding(item, f'a distractor has the absolute word "{word}" and {key}', word)


def stem_echo(item: MCQ) -> Finding | None:
    """A distinctive stem word repeated in the key and in no distractor points at the key."""
    keys, distractors = _split(item)
    in_keys = {w for ws in keys for w in ws}
    in_distractors = {w for ws in distractors for w in ws}
    for word in words(item.stem):
        if (
            word in in_keys
            and word not in in_distractors
            and word not in STOP_WORDS
            and sum(c.isalpha() for c in word) >= MIN_ECHO_LETTERS
        ):
            key = "the key" if item.choose == 1 else "a key"
            return _finding(
                item, f'the stem and {key} share "{word}", which no distractor has', word
            )
    return None


def near_duplicate_stems(
    mcqs: Sequence[MCQ], threshold: Fraction = NEAR_DUPLICATE
) -> list[NearDuplicate]:
    """Pairs of MCQs whose stems' word sets have a Jaccard similarity of `threshold` or more.

    Exact, and fast for thousands of stems: a prefix filter (PPJoin's) compares only pairs
    that share one of their rarest words, where a plain all-pairs pass compares every pair.
    """
    sets = [frozenset(words(item.stem)) for item in mcqs]
    frequency = Counter(w for s in sets for w in s)
    # Every word set in one global order, rarest first: two sets similar enough must share
    # a word among the first |A| - ceil(threshold * |A|) + 1 of each.
    ordered = [sorted(s, key=lambda w: (frequency[w], w)) for s in sets]
    index: dict[str, list[int]] = defaultdict(list)
    pairs: list[tuple[int, int, float]] = []
    # Integer sides of the threshold: Fraction arithmetic per candidate pair is slow.
    num, den = threshold.numerator, threshold.denominator
    for i in sorted(range(len(sets)), key=lambda i: len(sets[i])):
        size = len(sets[i])
        if size == 0:
            continue
        candidates: set[int] = set()
        for word in ordered[i][: size - math.ceil(threshold * size) + 1]:
            candidates.update(index[word])
            index[word].append(i)
        for j in candidates:
            # Smaller sets come first; one too small cannot reach the threshold.
            if len(sets[j]) * den < num * size:
                continue
            common = len(sets[i] & sets[j])
            union = size + len(sets[j]) - common
            if common * den >= num * union:
                pairs.append((min(i, j), max(i, j), common / union))
    return [NearDuplicate(mcqs[i], mcqs[j], similarity) for i, j, similarity in sorted(pairs)]
