"""Flashcards and self-check: show the front, reveal the back, rate how well it was recalled.

Flashcards and self-checks are two queues, as two decks are in Anki: each goes through what
FSRS says is due, then new items up to its own daily limit; a card rated Again comes back
later in the same session. Cram goes through every card and self-check in a shuffled order
and leaves the schedule as it was.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from ccaf.bank.model import AnyItem, Bank, Card, SelfCheck
from ccaf.store.db import Attempt, Store
from ccaf.store.marks import MarkStore
from ccaf.study.spacing import Rating, Spacing
from ccaf.study.undo import Recorded, record, unrecord

#: What cram goes through.
CARD_KINDS = ("card", "selfcheck")
NEW_PER_DAY_SETTING = "new_cards_per_day"
SELFCHECK_NEW_PER_DAY_SETTING = "new_selfchecks_per_day"
DEFAULT_NEW_PER_DAY = 20
DEFAULT_SELFCHECK_NEW_PER_DAY = 10
#: Each queue's kind -> the setting holding its new-per-day limit set by hand, and its default.
NEW_LIMITS: dict[str, tuple[str, int]] = {
    "card": (NEW_PER_DAY_SETTING, DEFAULT_NEW_PER_DAY),
    "selfcheck": (SELFCHECK_NEW_PER_DAY_SETTING, DEFAULT_SELFCHECK_NEW_PER_DAY),
}
#: FSRS card states (fsrs.State) of an item still in its learning or relearning steps.
LEARNING_STATES = (1, 3)
#: A card due again within this many seconds comes back in the same session.
RELEARN_WINDOW = 20 * 60

#: A review is of flashcards, of self-check questions, or cram (cards without scheduling).
ReviewMode = Literal["cards", "selfcheck", "cram"]


def day_start(now: float) -> float:
    """Local midnight at the start of the day that holds `now`."""
    moment = datetime.fromtimestamp(now)
    return moment.replace(hour=0, minute=0, second=0, microsecond=0).timestamp()


def hand_new_per_day(store: Store, kind: str = "card") -> int | None:
    """The new-per-day limit of `kind`'s queue set by hand, if one was (and reads as a number)."""
    value = store.setting(NEW_LIMITS[kind][0])
    return int(value) if value is not None and value.isdigit() else None


def new_per_day(store: Store, kind: str = "card") -> int:
    """The limit set by hand, else the default (an exam plan's figure is `plan.new_limit`)."""
    hand = hand_new_per_day(store, kind)
    return NEW_LIMITS[kind][1] if hand is None else hand


def _in_packs(
    bank: Bank,
    kinds: tuple[str, ...],
    packs: tuple[str, ...],
    exclude: Collection[str] = frozenset(),
) -> list[AnyItem]:
    wanted = bank.study_packs(packs)
    return [
        i
        for i in bank.items.values()
        if i.kind in kinds and i.pack in wanted and i.id not in exclude
    ]


def study_queue(
    bank: Bank,
    store: Store,
    now: float,
    kind: str,
    packs: tuple[str, ...] = (),
    new_limit: int | None = None,
    seed: int | None = None,
) -> tuple[list[AnyItem], int]:
    """Items of `kind` due now (earliest first), then new ones up to what today's limit has
    left: as written, or in the order `seed` gives. Suspended items are left out. Returns
    (queue, due count)."""
    candidates = _in_packs(bank, (kind,), packs, MarkStore(store).suspended())
    due_times = store.due_times()
    due = sorted(
        (i for i in candidates if due_times.get(i.id, float("inf")) <= now),
        key=lambda i: (due_times[i.id], i.id),
    )
    fresh = [i for i in candidates if i.id not in due_times]
    if seed is not None:
        fresh.sort(key=lambda i: i.id)
        random.Random(seed).shuffle(fresh)
    return due + fresh[: new_left(bank, store, now, kind, packs, new_limit)], len(due)


def new_left(
    bank: Bank,
    store: Store,
    now: float,
    kind: str,
    packs: tuple[str, ...] = (),
    new_limit: int | None = None,
) -> int:
    """How many new items of `kind` today's limit has left."""
    limit = new_per_day(store, kind) if new_limit is None else new_limit
    ids = (i.id for i in _in_packs(bank, (kind,), packs))
    return max(0, limit - store.new_seen_since(day_start(now), ids))


def flashcard_queue(
    bank: Bank, store: Store, now: float, packs: tuple[str, ...] = (), new_limit: int | None = None
) -> tuple[list[AnyItem], int]:
    """Due cards (earliest first), then new ones up to today's limit. Returns (queue, due count)."""
    return study_queue(bank, store, now, "card", packs, new_limit)


def selfcheck_queue(
    bank: Bank,
    store: Store,
    now: float,
    seed: int,
    packs: tuple[str, ...] = (),
    count: int | None = None,
    new_limit: int | None = None,
) -> list[AnyItem]:
    """Self-checks due now, then new ones in the order `seed` gives, up to today's limit; at
    most `count`."""
    queue, _due = study_queue(bank, store, now, "selfcheck", packs, new_limit, seed)
    return queue[:count] if count else queue


@dataclass(frozen=True, slots=True)
class QueueCounts:
    """A queue's counts as Anki shows a deck's: new today, in learning, and due for review."""

    new: int
    learning: int
    due: int


def queue_counts(
    bank: Bank,
    store: Store,
    now: float,
    kind: str,
    packs: tuple[str, ...] = (),
    new_limit: int | None = None,
) -> QueueCounts:
    """What the queue of `kind` holds now: new items today's limit lets in, and the items due
    now that are still in their learning steps, or are reviews. Suspended items are left out."""
    candidates = _in_packs(bank, (kind,), packs, MarkStore(store).suspended())
    scheduled = store.schedule_states()
    learning = due = 0
    for item in candidates:
        entry = scheduled.get(item.id)
        if entry is None or entry[0] > now:
            continue
        if entry[2] in LEARNING_STATES:
            learning += 1
        else:
            due += 1
    unseen = sum(1 for i in candidates if i.id not in scheduled)
    left = new_left(bank, store, now, kind, packs, new_limit)
    return QueueCounts(new=min(unseen, left), learning=learning, due=due)


def shuffled(
    bank: Bank,
    kinds: tuple[str, ...],
    seed: int,
    packs: tuple[str, ...] = (),
    count: int | None = None,
    exclude: Collection[str] = frozenset(),
) -> list[AnyItem]:
    """Items of `kinds` in the order `seed` gives (for cram and the self-check quiz), less
    those in `exclude` (the suspended ones)."""
    items = sorted(_in_packs(bank, kinds, packs, exclude), key=lambda i: i.id)
    random.Random(seed).shuffle(items)
    return items[:count] if count else items


def front_and_back(item: AnyItem) -> tuple[str, str]:
    if isinstance(item, Card):
        return item.front, item.back
    if isinstance(item, SelfCheck):
        return item.question, item.answer
    raise TypeError(f"{item.id} is a {item.kind}: it has no front and back")


@dataclass(frozen=True, slots=True)
class Rated:
    item: AnyItem
    rating: Rating
    #: When the item is next due; None in cram, which leaves the schedule alone.
    due: float | None


@dataclass(frozen=True, slots=True)
class _Rating:
    """A rating given in this session, and the queue as it stood before it."""

    recorded: Recorded
    queue_before: tuple[AnyItem, ...]


@dataclass
class ReviewSession:
    """A queue of cards or self-check questions: reveal, then rate 1 to 4."""

    queue: list[AnyItem]
    store: Store
    spacing: Spacing | None  # None for cram: the schedule is not touched
    mode: ReviewMode
    clock: Callable[[], float] = time.time
    seed: int | None = None
    revealed: bool = False
    history: list[Rated] = field(default_factory=list)
    #: A monotonic clock for how long a rating took: a wall clock set back must not count.
    timer: Callable[[], float] = time.monotonic

    def __post_init__(self) -> None:
        if self.mode != "cram" and self.spacing is None:
            raise ValueError(f"a {self.mode} session needs spacing")
        self.started_at = self.clock()
        self.shown_at = self.timer()
        self._rated: list[_Rating] = []
        self.session_id = self.store.start_session(self.mode, self.started_at, self.seed, {})
        self.total = len(self.queue)

    @property
    def current(self) -> AnyItem | None:
        return self.queue[0] if self.queue else None

    @property
    def finished(self) -> bool:
        return not self.queue

    @property
    def done(self) -> int:
        return len(self.history)

    def reveal(self) -> str:
        item = self._current()
        self.revealed = True
        return front_and_back(item)[1]

    def preview(self) -> dict[Rating, float]:
        """When the current item would next be due under each rating (empty in cram)."""
        item = self._current()
        if self.spacing is None:
            return {}
        return self.spacing.preview(item.id, self.clock())

    def rate(self, rating: Rating) -> Rated:
        """Rate the revealed item; it is recorded before this returns."""
        item = self._current()
        if not self.revealed:
            raise RuntimeError("reveal the answer before rating it")
        now = self.clock()
        schedule = self.spacing.review(item.id, rating, now) if self.spacing else None
        attempt = Attempt(
            item_id=item.id,
            mode=self.mode,
            answered_at=now,
            # Cram is practice off the record: it changes no schedule, mastery or accuracy.
            correct=None if schedule is None else rating != Rating.AGAIN,
            rating=int(rating) if schedule else None,
            choice=rating.label.lower(),
            elapsed_ms=round((self.timer() - self.shown_at) * 1000),
            session_id=self.session_id,
        )
        recorded = record(self.store, attempt, schedule)
        self._rated.append(_Rating(recorded, tuple(self.queue)))
        rated = Rated(item, rating, schedule.due if schedule else None)
        self.history.append(rated)
        self.queue.pop(0)
        if self.mode == "cards" and schedule is not None and schedule.due - now <= RELEARN_WINDOW:
            self.queue.append(item)
        self.revealed = False
        self.shown_at = self.timer()
        if self.finished:
            self.store.finish_session(self.session_id, now)
        return rated

    @property
    def can_undo(self) -> bool:
        return bool(self._rated)

    def undo(self) -> AnyItem | None:
        """Take back the last rating of this session: its attempt is removed, its item's
        schedule restored, and the item is back at the front of the queue, unrevealed. Again
        and again walks further back. Returns the item, or None if there is nothing to undo."""
        if not self._rated:
            return None
        last = self._rated[-1]
        unrecord(self.store, last.recorded)  # committed before the session moves back
        self._rated.pop()
        self.history.pop()
        self.queue[:] = last.queue_before
        self.revealed = False
        self.shown_at = self.timer()
        return self.queue[0]

    def _current(self) -> AnyItem:
        item = self.current
        if item is None:
            raise RuntimeError("the session is over")
        return item
