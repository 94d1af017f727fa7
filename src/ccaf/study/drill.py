"""Drill: scenario questions and distractor patterns one at a time, with instant feedback.

Option order is shuffled from the session's seed, so the same seed replays the same session.
Every answer is recorded (and the item scheduled) before the feedback is returned.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from ccaf.bank.model import MCQ, AnyItem, Bank, Pattern
from ccaf.store.db import Attempt, Store
from ccaf.study.spacing import Spacing, rating_for_answer

DRILL_KINDS = ("mcq", "pattern")
LETTERS = "ABCDEF"


@dataclass(frozen=True, slots=True)
class DrillFilter:
    """Which items a drill draws from. Empty tuples mean "all"."""

    packs: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    kinds: tuple[str, ...] = DRILL_KINDS
    count: int | None = None
    missed: bool = False  # only items missed at their last attempt
    due: bool = False  # only items due for review

    def describe(self) -> str:
        parts = []
        if self.packs:
            parts.append("pack " + ", ".join(self.packs))
        if self.tags:
            parts.append("tag " + ", ".join(self.tags))
        if tuple(self.kinds) != DRILL_KINDS:
            parts.append("kind " + ", ".join(self.kinds))
        if self.missed:
            parts.append("missed last time")
        if self.due:
            parts.append("due now")
        if self.count:
            parts.append(f"{self.count} at most")
        return "; ".join(parts) or "everything"

    def to_dict(self) -> dict[str, object]:
        return {
            "packs": list(self.packs),
            "tags": list(self.tags),
            "kinds": list(self.kinds),
            "count": self.count,
            "missed": self.missed,
            "due": self.due,
        }


def select_items(
    bank: Bank, store: Store, filters: DrillFilter, seed: int, now: float
) -> list[AnyItem]:
    """The items a drill asks, in the order the seed gives."""
    last = store.last_results() if filters.missed else {}
    due = store.due_times() if filters.due else {}
    chosen = [
        item
        for item in bank.items.values()
        if item.kind in filters.kinds
        and item.kind in DRILL_KINDS
        and (not filters.packs or item.pack in filters.packs)
        and (not filters.tags or set(filters.tags) & set(item.tags))
        and (not filters.missed or last.get(item.id) is False)
        and (not filters.due or due.get(item.id, float("inf")) <= now)
    ]
    chosen.sort(key=lambda item: item.id)  # bank order must not change what a seed gives
    random.Random(seed).shuffle(chosen)
    return chosen[: filters.count] if filters.count else chosen


def letters(shown: Iterable[int]) -> str:
    """Option letters for shown indexes: "B", or "A and C" for a multiple-response answer."""
    names = [LETTERS[i] for i in sorted(shown)]
    return " and ".join([", ".join(names[:-1]), names[-1]] if len(names) > 2 else names)


def option_order(item: MCQ, seed: int) -> list[int]:
    """The order the item's options are shown in: a permutation of their written order."""
    order = list(range(len(item.options)))
    random.Random(f"{seed}:{item.id}").shuffle(order)
    return order


@dataclass(frozen=True, slots=True)
class Feedback:
    """What the learner is shown once they answer."""

    item: AnyItem
    correct: bool
    #: For mcq: the option chosen and the right one, as indexes into the *shown* order.
    chosen: int | None = None
    right: int | None = None
    #: For pattern: what the learner said ("right" or "wrong").
    verdict: str | None = None
    unsure: bool = False


@dataclass(frozen=True, slots=True)
class TagResult:
    right: int
    total: int


@dataclass(frozen=True, slots=True)
class DrillSummary:
    right: int
    total: int
    seconds: float
    by_tag: dict[str, TagResult]
    missed: tuple[str, ...]
    seed: int

    @property
    def percent(self) -> float:
        return 100.0 * self.right / self.total if self.total else 0.0


@dataclass
class DrillSession:
    """One drill: a fixed list of items, asked in turn."""

    items: Sequence[AnyItem]
    store: Store
    spacing: Spacing
    seed: int
    filters: DrillFilter = field(default_factory=DrillFilter)
    clock: Callable[[], float] = time.time
    mode: str = "drill"
    position: int = 0
    feedback: Feedback | None = None
    results: dict[str, Feedback] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.started_at = self.clock()
        self.shown_at = self.started_at
        self.finished_at: float | None = None
        self.session_id = self.store.start_session(
            self.mode, self.started_at, self.seed, self.filters.to_dict()
        )

    # -- where we are --------------------------------------------------------------------

    @property
    def current(self) -> AnyItem | None:
        return self.items[self.position] if self.position < len(self.items) else None

    @property
    def finished(self) -> bool:
        return self.position >= len(self.items)

    @property
    def answered(self) -> bool:
        """Whether the current item has been answered (its feedback is showing)."""
        return self.feedback is not None

    def options(self, item: MCQ) -> list[int]:
        """The written indexes of `item`'s options, in the order they are shown."""
        return option_order(item, self.seed)

    # -- answering -----------------------------------------------------------------------

    def answer(self, shown_index: int, unsure: bool = False) -> Feedback:
        """Answer the current mcq with the option shown at `shown_index` (0 is A)."""
        item = self._current_unanswered()
        if not isinstance(item, MCQ):
            raise TypeError(f"{item.id} is a {item.kind}, not a multiple-choice question")
        order = self.options(item)
        if not 0 <= shown_index < len(order):
            raise ValueError(f"{item.id} has no option {LETTERS[shown_index]}")
        written = order[shown_index]
        correct = item.options[written].correct
        right = order.index(item.correct_index)
        feedback = Feedback(item, correct, chosen=shown_index, right=right, unsure=unsure)
        return self._record(feedback, choice=str(written))

    def judge(self, says_right: bool, unsure: bool = False) -> Feedback:
        """Answer the current pattern: does its plausible statement hold? (It never does.)"""
        item = self._current_unanswered()
        if not isinstance(item, Pattern):
            raise TypeError(f"{item.id} is a {item.kind}, not a pattern")
        verdict = "right" if says_right else "wrong"
        feedback = Feedback(item, not says_right, verdict=verdict, unsure=unsure)
        return self._record(feedback, choice=verdict)

    def next(self) -> AnyItem | None:
        """Move past the answered item; returns the next one, or None at the end."""
        if self.feedback is None:
            raise RuntimeError("answer the current item first")
        self.feedback = None
        self.position += 1
        self.shown_at = self.clock()
        if self.finished and self.finished_at is None:
            self.finished_at = self.shown_at
            self.store.finish_session(self.session_id, self.finished_at)
        return self.current

    def _current_unanswered(self) -> AnyItem:
        item = self.current
        if item is None:
            raise RuntimeError("the drill is over")
        if self.feedback is not None:
            raise RuntimeError(f"{item.id} is already answered")
        return item

    def _record(self, feedback: Feedback, choice: str) -> Feedback:
        now = self.clock()
        rating = rating_for_answer(feedback.correct, feedback.unsure)
        schedule = self.spacing.review(feedback.item.id, rating, now)
        attempt = Attempt(
            item_id=feedback.item.id,
            mode=self.mode,
            answered_at=now,
            correct=feedback.correct,
            rating=int(rating),
            choice=choice,
            elapsed_ms=round((now - self.shown_at) * 1000),
            session_id=self.session_id,
        )
        self.store.record(attempt, schedule)  # committed before the feedback is shown
        self.feedback = feedback
        self.results[feedback.item.id] = feedback
        return feedback

    # -- the end -------------------------------------------------------------------------

    def summary(self) -> DrillSummary:
        end = self.finished_at if self.finished_at is not None else self.clock()
        by_tag: dict[str, list[int]] = {}
        for result in self.results.values():
            for tag in result.item.tags or ("untagged",):
                counts = by_tag.setdefault(tag, [0, 0])
                counts[0] += result.correct
                counts[1] += 1
        missed = tuple(r.item.id for r in self.results.values() if not r.correct)
        return DrillSummary(
            right=sum(r.correct for r in self.results.values()),
            total=len(self.results),
            seconds=end - self.started_at,
            by_tag={t: TagResult(*c) for t, c in sorted(by_tag.items())},
            missed=missed,
            seed=self.seed,
        )

    def missed_items(self) -> list[AnyItem]:
        """The items answered wrong in this session, in the order they were asked."""
        missed = set(self.summary().missed)
        return [item for item in self.items if item.id in missed]
