"""Figures about progress: mastery, accuracy, activity, what is due, what is missed most."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable
from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta
from typing import Any

from ccaf.bank.model import KINDS, AnyItem, Bank, Scope
from ccaf.store.db import Store
from ccaf.store.exams import ExamStore
from ccaf.store.marks import MarkStore
from ccaf.study.drill import DRILL_KINDS
from ccaf.study.exam import scaled_estimate
from ccaf.study.plan import Plan, plan
from ccaf.study.readiness import Readiness, readiness
from ccaf.study.review import day_start
from ccaf.study.score import Score, Tally

REMOVED = "(removed)"
MISSED_SHOWN = 10


@dataclass(frozen=True, slots=True)
class PackOverview:
    """One row of Home."""

    pack: str
    title: str
    concept: str
    scope: Scope
    counts: dict[str, int]
    mastered: int  # items answered right at their last attempt
    total: int
    due_now: int
    last_exam_percent: float | None

    @property
    def mastery(self) -> float:
        return Score(self.mastered, self.total).percent


@dataclass(frozen=True, slots=True)
class Missed:
    item_id: str
    pack: str
    wrong: int
    answers: int
    text: str


@dataclass(frozen=True, slots=True)
class Stats:
    total_answers: int
    overall: Score
    by_pack: dict[str, Score]
    by_tag: dict[str, Score]
    per_day: list[tuple[date, int]]  # answers on each of the last days, oldest first
    due_now: int
    due_next: list[tuple[date, int]]  # items falling due on each of the next days
    most_missed: list[Missed]
    exams: list[ExamTaken]
    readiness: Readiness
    #: Today's plan to the exam date; None when no date is set.
    plan: Plan | None = None

    @property
    def exams_taken(self) -> int:
        return len(self.exams)

    def to_json(self) -> dict[str, Any]:
        def accuracy(score: Score) -> dict[str, Any]:
            percent = score.percent_if_any
            return {
                "answers": score.total,
                "correct": score.right,
                "accuracy": None if percent is None else round(percent, 1),
            }

        return {
            "total_answers": self.total_answers,
            "accuracy": accuracy(self.overall),
            "accuracy_by_pack": {k: accuracy(v) for k, v in self.by_pack.items()},
            "accuracy_by_tag": {k: accuracy(v) for k, v in self.by_tag.items()},
            "answers_per_day": [{"date": d.isoformat(), "answers": n} for d, n in self.per_day],
            "due_cards": {
                "now": self.due_now,
                "next_days": [{"date": d.isoformat(), "due": n} for d, n in self.due_next],
            },
            "most_missed": [asdict(m) for m in self.most_missed],
            "readiness": self.readiness.to_json(),
            "exams_taken": self.exams_taken,
            "exams": [
                {
                    "submitted_at": datetime.fromtimestamp(e.submitted_at).isoformat(
                        timespec="seconds"
                    ),
                    "correct": e.correct,
                    "total": e.total,
                    "percent": round(e.percent, 1),
                    "scaled_estimate": e.scaled_estimate,
                }
                for e in self.exams
            ],
            "plan": self.plan.to_json() if self.plan is not None else None,
        }


def item_text(item: AnyItem) -> str:
    """A one-line reminder of what an item asks."""
    for field in ("stem", "looks_right", "question", "front"):
        value = getattr(item, field, None)
        if isinstance(value, str):
            return " ".join(value.split())
    return item.id


def pack_overview(bank: Bank, store: Store, now: float) -> list[PackOverview]:
    last = store.last_results()
    due = store.due_times()
    suspended = MarkStore(store).suspended()
    exams = last_exam_by_pack(store)
    rows = []
    for pack_id, counts in sorted(bank.counts().items()):
        pack = bank.packs[pack_id]
        items = bank.in_pack(pack_id)
        rows.append(
            PackOverview(
                pack=pack_id,
                title=pack.title,
                concept=pack.concept,
                scope=pack.scope,
                counts={kind: counts[kind] for kind in KINDS},
                mastered=sum(1 for i in items if last.get(i.id) is True),
                total=len(items),
                due_now=sum(
                    1 for i in items if due.get(i.id, float("inf")) <= now and i.id not in suspended
                ),
                last_exam_percent=exams.get(pack_id),
            )
        )
    return rows


def last_exam_by_pack(store: Store) -> dict[str, float]:
    """Each pack's per cent right in the most recent submitted exam that drew from it."""
    out: dict[str, float] = {}
    for record in reversed(ExamStore(store).history()):
        by_pack = (record.result or {}).get("by_pack")
        for pack, stored in by_pack.items() if isinstance(by_pack, dict) else ():
            score = _stored_score(stored)
            if pack not in out and score.total:
                out[pack] = score.percent
    return out


def _stored_score(stored: Any) -> Score:
    """A score as stored in an exam's result; nothing scored if it does not read as one."""
    if isinstance(stored, dict):
        right, total = stored.get("right"), stored.get("total")
        if isinstance(right, int) and isinstance(total, int) and 0 <= right <= total:
            return Score(right, total)
    return Score(0, 0)


@dataclass(frozen=True, slots=True)
class ExamTaken:
    submitted_at: float
    correct: int
    total: int
    scaled_estimate: int

    @property
    def percent(self) -> float:
        return Score(self.correct, self.total).percent


@dataclass(frozen=True, slots=True)
class _Answers:
    """Every graded answer, counted: overall, by pack and tag, by item, and by day."""

    overall: Score
    by_pack: dict[str, Score]
    by_tag: dict[str, Score]
    by_item: dict[str, Score]
    per_day: Counter[date]


def _count_answers(bank: Bank, graded: Iterable[tuple[str, bool, float]]) -> _Answers:
    """Count graded answers, each given as (item id, right, answered at)."""
    by_pack: Tally[str] = Tally()
    by_tag: Tally[str] = Tally()
    by_item: Tally[str] = Tally()
    per_day: Counter[date] = Counter()
    for item_id, correct, answered_at in graded:
        item = bank.items.get(item_id)
        by_pack.add([item.pack if item else REMOVED], correct)
        by_tag.add(item.tags if item else (), correct)
        by_item.add([item_id], correct)
        per_day[datetime.fromtimestamp(answered_at).date()] += 1
    packs = by_pack.scores()  # each answer counts in exactly one pack
    return _Answers(
        overall=Score(sum(s.right for s in packs.values()), sum(s.total for s in packs.values())),
        by_pack=packs,
        by_tag=by_tag.scores(),
        by_item=by_item.scores(),
        per_day=per_day,
    )


def _days(first: date, count: int, per_day: Counter[date]) -> list[tuple[date, int]]:
    """`count` days from `first`, each with its number (0 where it has none)."""
    days = [first + timedelta(days=i) for i in range(count)]
    return [(day, per_day[day]) for day in days]


def _falling_due(bank: Bank, store: Store, now: float, today: date) -> tuple[int, Counter[date]]:
    """How many items are due now, and how many fall due on each day from today (an overdue
    item counts today). Items removed from the bank keep their history but leave the queues."""
    due_now = 0
    per_day: Counter[date] = Counter()
    suspended = MarkStore(store).suspended()
    for item_id, due in store.due_times().items():
        if item_id not in bank.items or item_id in suspended:
            continue
        if due <= now:
            due_now += 1
        per_day[max(datetime.fromtimestamp(due).date(), today)] += 1
    return due_now, per_day


def missed_most(
    bank: Bank,
    by_item: dict[str, Score],
    kinds: Collection[str] = KINDS,
    skip: Collection[str] = frozenset(),
    most: int = MISSED_SHOWN,
) -> list[Missed]:
    """The items still in the bank answered wrong most often (by wrong answers, then by the
    share wrong, then by id), of `kinds`, less those in `skip`."""

    def order(entry: tuple[str, Score]) -> tuple[int, float, str]:
        item_id, score = entry
        wrong = score.total - score.right
        return -wrong, -wrong / score.total, item_id

    return [
        Missed(
            item_id,
            bank.items[item_id].pack,
            score.total - score.right,
            score.total,
            item_text(bank.items[item_id]),
        )
        for item_id, score in sorted(by_item.items(), key=order)
        if score.right < score.total
        and item_id in bank.items
        and bank.items[item_id].kind in kinds
        and item_id not in skip
    ][:most]


def _graded(store: Store) -> list[tuple[str, bool, float]]:
    """Every graded answer as (item id, right, answered at)."""
    rows = store.conn.execute(
        "SELECT item_id, correct, answered_at FROM attempts WHERE correct IS NOT NULL"
    )
    return [(item_id, bool(correct), at) for item_id, correct, at in rows]


def missed_most_to_drill(bank: Bank, store: Store) -> list[str]:
    """The questions and patterns (not suspended) answered wrong most often: what Stats drills."""
    by_item = _count_answers(bank, _graded(store)).by_item
    suspended = MarkStore(store).suspended()
    return [m.item_id for m in missed_most(bank, by_item, DRILL_KINDS, suspended)]


def _exams_taken(store: Store) -> list[ExamTaken]:
    return [
        ExamTaken(
            r.submitted_at,
            r.correct or 0,
            r.total or 0,
            scaled_estimate(r.correct or 0, r.total or 0),
        )
        for r in ExamStore(store).history()
        if r.submitted_at is not None
    ]


def compute(bank: Bank, store: Store, now: float, days: int = 30, ahead: int = 14) -> Stats:
    answers = _count_answers(bank, _graded(store))
    today = datetime.fromtimestamp(day_start(now)).date()
    due_now, due_per_day = _falling_due(bank, store, now, today)
    return Stats(
        total_answers=answers.overall.total,
        overall=answers.overall,
        by_pack=answers.by_pack,
        by_tag=answers.by_tag,
        per_day=_days(today - timedelta(days=days - 1), days, answers.per_day),
        due_now=due_now,
        due_next=_days(today, ahead, due_per_day),
        most_missed=missed_most(bank, answers.by_item),
        exams=_exams_taken(store),
        readiness=readiness(bank, store),
        plan=plan(bank, store, now),
    )
