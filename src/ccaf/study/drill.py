"""Drill: scenario questions and distractor patterns one at a time, with instant feedback.

Option order is shuffled from the session's seed, so the same seed replays the same session.
Every answer is recorded (and the item scheduled) before the feedback is returned.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from ccaf.bank.model import MCQ, AnyItem, Bank, Pattern
from ccaf.store.db import Attempt, Mode, Store
from ccaf.store.marks import MarkStore
from ccaf.study.score import Score, Tally
from ccaf.study.spacing import Rating, Spacing, rating_for_answer
from ccaf.study.undo import Recorded, record, unrecord

DRILL_KINDS = ("mcq", "pattern")
LETTERS = "ABCDEF"
#: What the learner says of a pattern's statement: it holds ("right") or it does not.
Verdict = Literal["right", "wrong"]


@dataclass(frozen=True, slots=True)
class DrillFilter:
    """Which items a drill draws from. Empty tuples mean "all"."""

    packs: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    #: Exam task statements ("1.4") and domains (2): exam-scope items only.
    tasks: tuple[str, ...] = ()
    domains: tuple[int, ...] = ()
    kinds: tuple[str, ...] = DRILL_KINDS
    count: int | None = None
    missed: bool = False  # only items missed at their last attempt
    due: bool = False  # only items due for review
    flagged: bool = False  # only items the learner flagged

    def describe(self) -> str:
        parts = []
        if self.packs:
            parts.append("pack " + ", ".join(self.packs))
        if self.tags:
            parts.append("tag " + ", ".join(self.tags))
        if self.tasks:
            parts.append("task " + ", ".join(self.tasks))
        if self.domains:
            parts.append("domain " + ", ".join(map(str, self.domains)))
        if tuple(self.kinds) != DRILL_KINDS:
            parts.append("kind " + ", ".join(self.kinds))
        if self.missed:
            parts.append("missed last time")
        if self.due:
            parts.append("due now")
        if self.flagged:
            parts.append("flagged")
        if self.count:
            parts.append(f"{self.count} at most")
        return "; ".join(parts) or "everything"

    def to_dict(self) -> dict[str, object]:
        return {
            "packs": list(self.packs),
            "tags": list(self.tags),
            "tasks": list(self.tasks),
            "domains": list(self.domains),
            "kinds": list(self.kinds),
            "count": self.count,
            "missed": self.missed,
            "due": self.due,
            "flagged": self.flagged,
        }


def select_items(
    bank: Bank, store: Store, filters: DrillFilter, seed: int, now: float
) -> list[AnyItem]:
    """The items a drill asks, in the order the seed gives; never a suspended one."""
    last = store.last_results() if filters.missed else {}
    due = store.due_times() if filters.due else {}
    marks = MarkStore(store).all()
    packs = bank.study_packs(filters.packs)
    chosen = [
        item
        for item in bank.items.values()
        if item.kind in filters.kinds
        and item.kind in DRILL_KINDS
        and item.pack in packs
        and (not filters.tags or set(filters.tags) & set(item.tags))
        and (not filters.tasks or (item.task in filters.tasks and bank.scope_of(item) == "exam"))
        and (
            not filters.domains
            or (bank.domain_of(item) in filters.domains and bank.scope_of(item) == "exam")
        )
        and (not filters.missed or last.get(item.id) is False)
        and (not filters.due or due.get(item.id, float("inf")) <= now)
        and (not filters.flagged or item.id in marks.flagged)
        and item.id not in marks.suspended
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


def pattern_statement(item: Pattern, seed: int) -> tuple[str, bool]:
    """What a pattern shows in a drill, and whether that statement is true.

    With `holds`, the plausible wrong statement or the corrected true one, drawn from the seed
    (so a learner cannot answer "no" every time); without it, the wrong statement, to be
    diagnosed rather than judged.
    """
    if item.holds is not None and random.Random(f"{seed}:{item.id}:holds").random() < 0.5:
        return item.holds, True
    return item.looks_right, False


@dataclass(frozen=True, slots=True)
class Feedback:
    """What the learner is shown once they answer."""

    item: AnyItem
    correct: bool
    #: For mcq: the options chosen and the right ones, as indexes into the *shown* order.
    chosen: frozenset[int] = frozenset()
    right: frozenset[int] = frozenset()
    #: For a pattern judged y/n: what the learner said, and whether the statement shown was
    #: the true one.
    verdict: Verdict | None = None
    statement_true: bool = False
    #: For a pattern graded by the learner (one without `holds`): the rating they gave.
    rating: Rating | None = None
    unsure: bool = False


@dataclass(frozen=True, slots=True)
class DrillSummary:
    right: int
    total: int
    seconds: float
    by_tag: dict[str, Score]
    missed: tuple[str, ...]
    seed: int

    @property
    def percent(self) -> float:
        return Score(self.right, self.total).percent


@dataclass(frozen=True, slots=True)
class _Answered:
    """An answer given in this drill, and where the drill stood before it."""

    recorded: Recorded
    position: int
    #: The item's earlier result in this drill, if it had one.
    result_before: Feedback | None


@dataclass
class DrillSession:
    """One drill: a fixed list of items, asked in turn."""

    items: Sequence[AnyItem]
    store: Store
    spacing: Spacing
    seed: int
    filters: DrillFilter = field(default_factory=DrillFilter)
    clock: Callable[[], float] = time.time
    mode: Mode = "drill"
    position: int = 0
    feedback: Feedback | None = None
    results: dict[str, Feedback] = field(default_factory=dict)
    #: A monotonic clock for how long an answer took: a wall clock set back must not count.
    timer: Callable[[], float] = time.monotonic

    def __post_init__(self) -> None:
        self.started_at = self.clock()
        self.shown_at = self.timer()
        self.finished_at: float | None = None
        self._answered: list[_Answered] = []
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

    def answer(self, shown: int | Iterable[int], unsure: bool = False) -> Feedback:
        """Answer the current mcq with the options shown at `shown` (0 is A): one index, or
        as many as the item asks for. Right only if exactly the right options are chosen."""
        item = self._current_unanswered()
        if not isinstance(item, MCQ):
            raise TypeError(f"{item.id} is a {item.kind}, not a multiple-choice question")
        chosen = frozenset([shown] if isinstance(shown, int) else shown)
        order = self.options(item)
        for index in sorted(chosen):
            if not 0 <= index < len(order):
                raise ValueError(f"{item.id} has no option {LETTERS[index]}")
        if len(chosen) != item.choose:
            raise ValueError(f"{item.id} asks for {item.choose} options, not {len(chosen)}")
        written = frozenset(order[i] for i in chosen)
        right = frozenset(order.index(w) for w in item.correct_indexes)
        correct = written == item.correct_indexes
        feedback = Feedback(item, correct, chosen=chosen, right=right, unsure=unsure)
        return self._record(feedback, choice=",".join(str(w) for w in sorted(written)))

    def statement(self, item: Pattern) -> tuple[str, bool]:
        """The statement a pattern shows in this drill, and whether it is true."""
        return pattern_statement(item, self.seed)

    def judge(self, says_right: bool, unsure: bool = False) -> Feedback:
        """Answer the current pattern: does the statement shown hold?"""
        item = self._current_unanswered()
        if not isinstance(item, Pattern):
            raise TypeError(f"{item.id} is a {item.kind}, not a pattern")
        if item.holds is None:
            raise TypeError(f"{item.id} has no true statement to judge against: grade it")
        _, true = self.statement(item)
        verdict: Verdict = "right" if says_right else "wrong"
        feedback = Feedback(
            item, says_right == true, verdict=verdict, statement_true=true, unsure=unsure
        )
        return self._record(feedback, choice=verdict)

    def grade(self, rating: Rating) -> Feedback:
        """Grade your own diagnosis of a pattern without `holds`, after seeing the answer."""
        item = self._current_unanswered()
        if not isinstance(item, Pattern) or item.holds is not None:
            raise TypeError(f"{item.id} is not a pattern to grade yourself on")
        feedback = Feedback(item, rating != Rating.AGAIN, rating=rating)
        return self._record(feedback, choice=f"graded {int(rating)}", rating=rating)

    def next(self) -> AnyItem | None:
        """Move past the answered item; returns the next one, or None at the end."""
        if self.feedback is None:
            raise RuntimeError("answer the current item first")
        self.feedback = None
        self.position += 1
        self.shown_at = self.timer()
        if self.finished and self.finished_at is None:
            self.finished_at = self.clock()
            self.store.finish_session(self.session_id, self.finished_at)
        return self.current

    @property
    def can_undo(self) -> bool:
        return bool(self._answered)

    def undo(self) -> AnyItem | None:
        """Take back the last answer given in this drill, as if it had not been given: its
        attempt is removed, its item's schedule restored, and the drill is back on that item,
        unanswered. Again and again walks further back. Returns the item, or None if this
        drill has no answer left to take back."""
        if not self._answered:
            return None
        answered = self._answered[-1]
        unrecord(self.store, answered.recorded)  # committed before the drill moves back
        self._answered.pop()
        item = self.items[answered.position]
        if answered.result_before is None:
            self.results.pop(item.id, None)
        else:
            self.results[item.id] = answered.result_before
        self.position = answered.position
        self.feedback = None
        self.finished_at = None
        self.shown_at = self.timer()
        return item

    def _current_unanswered(self) -> AnyItem:
        item = self.current
        if item is None:
            raise RuntimeError("the drill is over")
        if self.feedback is not None:
            raise RuntimeError(f"{item.id} is already answered")
        return item

    def _record(self, feedback: Feedback, choice: str, rating: Rating | None = None) -> Feedback:
        now = self.clock()
        if rating is None:
            rating = rating_for_answer(feedback.correct, feedback.unsure)
        schedule = self.spacing.review(feedback.item.id, rating, now)
        attempt = Attempt(
            item_id=feedback.item.id,
            mode=self.mode,
            answered_at=now,
            correct=feedback.correct,
            rating=int(rating),
            choice=choice,
            elapsed_ms=round((self.timer() - self.shown_at) * 1000),
            session_id=self.session_id,
        )
        recorded = record(self.store, attempt, schedule)  # committed before feedback shows
        self._answered.append(
            _Answered(recorded, self.position, self.results.get(feedback.item.id))
        )
        self.feedback = feedback
        self.results[feedback.item.id] = feedback
        return feedback

    # -- the end -------------------------------------------------------------------------

    def summary(self) -> DrillSummary:
        end = self.finished_at if self.finished_at is not None else self.clock()
        by_tag: Tally[str] = Tally()
        for result in self.results.values():
            by_tag.add(result.item.tags or ("untagged",), result.correct)
        missed = tuple(r.item.id for r in self.results.values() if not r.correct)
        return DrillSummary(
            right=sum(r.correct for r in self.results.values()),
            total=len(self.results),
            seconds=end - self.started_at,
            by_tag=by_tag.scores(),
            missed=missed,
            seed=self.seed,
        )

    def missed_items(self) -> list[AnyItem]:
        """The items answered wrong in this session, in the order they were asked."""
        missed = set(self.summary().missed)
        return [item for item in self.items if item.id in missed]
