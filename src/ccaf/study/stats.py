"""Figures about progress: mastery, accuracy, activity, what is due, what is missed most."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta
from typing import Any

from ccaf.bank.model import KINDS, AnyItem, Bank, Scope
from ccaf.store.db import Store
from ccaf.store.exams import ExamStore
from ccaf.study.exam import scaled_estimate
from ccaf.study.plan import Plan, plan
from ccaf.study.readiness import Readiness, readiness
from ccaf.study.review import day_start

REMOVED = "(removed)"


@dataclass(frozen=True, slots=True)
class Accuracy:
    answers: int
    correct: int

    @property
    def percent(self) -> float | None:
        return 100.0 * self.correct / self.answers if self.answers else None


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
        return 100.0 * self.mastered / self.total if self.total else 0.0


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
    overall: Accuracy
    by_pack: dict[str, Accuracy]
    by_tag: dict[str, Accuracy]
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
        def accuracy(a: Accuracy) -> dict[str, Any]:
            percent = None if a.percent is None else round(a.percent, 1)
            return {"answers": a.answers, "correct": a.correct, "accuracy": percent}

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
                due_now=sum(1 for i in items if due.get(i.id, float("inf")) <= now),
                last_exam_percent=exams.get(pack_id),
            )
        )
    return rows


def last_exam_by_pack(store: Store) -> dict[str, float]:
    """Each pack's per cent right in the most recent submitted exam that drew from it."""
    out: dict[str, float] = {}
    for record in reversed(ExamStore(store).history()):
        by_pack = (record.result or {}).get("by_pack")
        for pack, score in by_pack.items() if isinstance(by_pack, dict) else ():
            right, total = _score(score)
            if pack not in out and total:
                out[pack] = 100.0 * right / total
    return out


def _score(score: Any) -> tuple[int, int]:
    """(right, total) of a stored score; (0, 0) if it does not read as one."""
    if isinstance(score, dict):
        right, total = score.get("right"), score.get("total")
        if isinstance(right, int) and isinstance(total, int) and 0 <= right <= total:
            return right, total
    return 0, 0


@dataclass(frozen=True, slots=True)
class ExamTaken:
    submitted_at: float
    correct: int
    total: int
    scaled_estimate: int

    @property
    def percent(self) -> float:
        return 100.0 * self.correct / self.total if self.total else 0.0


def compute(bank: Bank, store: Store, now: float, days: int = 30, ahead: int = 14) -> Stats:
    rows = store.conn.execute(
        "SELECT item_id, correct, answered_at FROM attempts WHERE correct IS NOT NULL"
    ).fetchall()
    pack_of = {item_id: item.pack for item_id, item in bank.items.items()}
    by_pack: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    by_tag: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    wrong: Counter[str] = Counter()
    answers: Counter[str] = Counter()
    today = datetime.fromtimestamp(day_start(now)).date()
    first_day = today - timedelta(days=days - 1)
    per_day: Counter[date] = Counter()
    right_total = 0
    for item_id, correct, answered_at in rows:
        pack = by_pack[pack_of.get(item_id, REMOVED)]
        pack[0] += 1
        pack[1] += correct
        right_total += correct
        item = bank.items.get(item_id)
        for tag in item.tags if item else ():
            by_tag[tag][0] += 1
            by_tag[tag][1] += correct
        answers[item_id] += 1
        wrong[item_id] += 1 - correct
        day = datetime.fromtimestamp(answered_at).date()
        if day >= first_day:
            per_day[day] += 1

    due_now = 0
    due_next: Counter[date] = Counter()
    horizon = today + timedelta(days=ahead)
    for item_id, due in store.due_times().items():
        item = bank.items.get(item_id)
        if item is None:  # removed from the bank: it keeps its history but leaves the queues
            continue
        if due <= now:
            due_now += 1
        day = max(datetime.fromtimestamp(due).date(), today)
        if day < horizon:
            due_next[day] += 1

    most_missed = [
        Missed(item_id, pack_of[item_id], n, answers[item_id], item_text(bank.items[item_id]))
        for item_id, n in sorted(
            wrong.items(), key=lambda kv: (-kv[1], -kv[1] / answers[kv[0]], kv[0])
        )
        if n > 0 and item_id in bank.items
    ][:10]
    exams = [
        ExamTaken(
            r.submitted_at,
            r.correct or 0,
            r.total or 0,
            scaled_estimate(r.correct or 0, r.total or 0),
        )
        for r in ExamStore(store).history()
        if r.submitted_at is not None
    ]
    return Stats(
        total_answers=len(rows),
        overall=Accuracy(len(rows), right_total),
        by_pack={k: Accuracy(*v) for k, v in sorted(by_pack.items())},
        by_tag={k: Accuracy(*v) for k, v in sorted(by_tag.items())},
        per_day=[
            (first_day + timedelta(days=i), per_day[first_day + timedelta(days=i)])
            for i in range(days)
        ],
        due_now=due_now,
        due_next=[
            (today + timedelta(days=i), due_next[today + timedelta(days=i)]) for i in range(ahead)
        ],
        most_missed=most_missed,
        exams=exams,
        readiness=readiness(bank, store),
        plan=plan(bank, store, now),
    )
