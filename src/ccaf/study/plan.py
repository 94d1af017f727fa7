"""Planning to an exam date: the days left, and today's target to be ready by then.

The target has three parts. What is due today (every item falling due before midnight). New
items per day: every exam-scope item never seen, spread over the days until a few days before
the exam (`BUFFER_DAYS`), so the last days go to review and mock exams; the figure is taken
from what was unseen at the start of the day, so it holds still while today's new items are
studied. And a mock-exam cadence that tightens as the date comes near.

Flashcards and self-checks take their new-per-day limit from the plan unless one was set by
hand (`ccaf cards --new-per-day N`, `ccaf quiz --new-per-day N`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from ccaf.bank.model import KINDS, Bank
from ccaf.store.db import Store
from ccaf.store.exams import ExamStore
from ccaf.study.review import NEW_LIMITS, day_start, hand_new_per_day
from ccaf.text import plural

EXAM_DATE_SETTING = "exam_date"
#: Every exam-scope item is to have been seen this many days before the exam.
BUFFER_DAYS = 3
#: (at most this many days left, a mock exam every this many days), nearest first.
MOCK_CADENCE = ((7, 2), (21, 3))
MOCK_CADENCE_FAR = 7


class PlanError(ValueError):
    """An exam date that cannot be planned to, with what is wrong with it."""


def parse_exam_date(text: str, today: date) -> date:
    """A date written YYYY-MM-DD, today or later."""
    if not text.strip():
        raise PlanError("no date given: write it YYYY-MM-DD")
    try:
        when = date.fromisoformat(text.strip())
    except ValueError as exc:
        reason = str(exc).removeprefix("Invalid isoformat string: ")
        detail = "" if reason.startswith("'") else f" ({reason})"
        raise PlanError(f"{text!r} is not a date written YYYY-MM-DD{detail}") from exc
    if len(text.strip()) != 10:  # fromisoformat also takes 20261207 and 2026-W49-1
        raise PlanError(f"{text!r} is not a date written YYYY-MM-DD")
    if when < today:
        raise PlanError(f"{when.isoformat()} is in the past (today is {today.isoformat()})")
    return when


def exam_date(store: Store) -> date | None:
    """The exam date set, if one is, and reads as a date (a hand edit may leave one that does
    not: that is no plan)."""
    value = store.setting(EXAM_DATE_SETTING)
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def set_exam_date(store: Store, when: date) -> None:
    store.set_setting(EXAM_DATE_SETTING, when.isoformat())


def clear_exam_date(store: Store) -> None:
    with store.transaction() as conn:
        conn.execute("DELETE FROM settings WHERE key = ?", (EXAM_DATE_SETTING,))


def follow_plan(store: Store) -> None:
    """Forget the new-per-day limits set by hand: the queues follow the plan again."""
    with store.transaction() as conn:
        for setting, _default in NEW_LIMITS.values():
            conn.execute("DELETE FROM settings WHERE key = ?", (setting,))


@dataclass(frozen=True, slots=True)
class Plan:
    exam_date: date
    today: date
    #: Exam-scope items never seen at the start of today, by kind.
    unseen: dict[str, int]
    #: Items falling due before the end of today (including those due already).
    due_today: int
    #: The day of the last mock exam submitted, if any.
    last_mock: date | None = None

    @property
    def days_left(self) -> int:
        """Days until the exam: 0 on the day, negative once it has passed."""
        return (self.exam_date - self.today).days

    @property
    def passed(self) -> bool:
        return self.days_left < 0

    @property
    def study_days(self) -> int:
        """Days left to see every item in, today included: until `BUFFER_DAYS` before the
        exam, but at least today."""
        return max(1, self.days_left - BUFFER_DAYS)

    @property
    def new_by_kind(self) -> dict[str, int]:
        """New items a day of each kind, to have seen them all in `study_days`."""
        if self.passed:
            return dict.fromkeys(self.unseen, 0)
        return {kind: math.ceil(n / self.study_days) for kind, n in self.unseen.items()}

    @property
    def new_per_day(self) -> int:
        return sum(self.new_by_kind.values())

    @property
    def mock_every(self) -> int | None:
        """Days between mock exams: weekly while the exam is far, every two days in its last
        week; none on the day or after."""
        if self.days_left <= 0:
            return None
        for within, every in MOCK_CADENCE:
            if self.days_left <= within:
                return every
        return MOCK_CADENCE_FAR

    @property
    def next_mock(self) -> date | None:
        """When the next mock exam is due by the cadence (never later than the day before the
        exam); None when there is no time for one."""
        every = self.mock_every
        if every is None:
            return None
        due = self.today if self.last_mock is None else self.last_mock + timedelta(days=every)
        return min(max(due, self.today), self.exam_date - timedelta(days=1))

    def to_json(self) -> dict[str, Any]:
        return {
            "exam_date": self.exam_date.isoformat(),
            "days_left": self.days_left,
            "new_per_day": self.new_per_day,
            "due_today": self.due_today,
            "new_by_kind": self.new_by_kind,
            "mock_every_days": self.mock_every,
            "next_mock": self.next_mock.isoformat() if self.next_mock else None,
        }


def describe(today: Plan) -> list[str]:
    """The plan in words, a line each: the date, today's target, the mock-exam cadence."""
    when = today.exam_date.isoformat()
    days = today.days_left
    if today.passed:
        return [f"The exam date, {when}, has passed: set a new one, or clear it."]
    lines = [f"Exam on {when}: " + ("today." if days == 0 else f"{plural(days, 'day')} left.")]
    unseen = sum(today.unseen.values())
    target = f"Today: {today.due_today} due · {today.new_per_day} new"
    if unseen:
        by = today.today + timedelta(days=today.study_days - 1)
        by_when = "today" if by <= today.today else f"by {by.isoformat()}"
        target += f" ({plural(unseen, 'exam item')} not yet seen, all to be seen {by_when})"
    else:
        target += " (every exam item has been seen)"
    lines.append(target + ".")
    every, next_mock = today.mock_every, today.next_mock
    if every is not None and next_mock is not None:
        on = "today" if next_mock == today.today else next_mock.isoformat()
        lines.append(f"Mock exam every {plural(every, 'day')}; the next {on}.")
    return lines


def plan(bank: Bank, store: Store, now: float) -> Plan | None:
    """Today's plan, if an exam date is set."""
    when = exam_date(store)
    if when is None:
        return None
    start = day_start(now)
    scheduled = store.schedule_states()
    unseen: dict[str, int] = dict.fromkeys(KINDS, 0)
    for item in bank.items.values():
        if bank.scope_of(item) != "exam":
            continue
        entry = scheduled.get(item.id)
        if entry is None or entry[1] >= start:  # unseen when today began
            unseen[item.kind] += 1
    studied = set(bank.study_packs())
    end_of_today = start + 86_400
    due_today = sum(
        1
        for item_id, (due, _first_seen, _state) in scheduled.items()
        if due < end_of_today and item_id in bank.items and bank.items[item_id].pack in studied
    )
    history = ExamStore(store).history()
    last = max((r.submitted_at for r in history if r.submitted_at is not None), default=None)
    return Plan(
        exam_date=when,
        today=datetime.fromtimestamp(now).date(),
        unseen=unseen,
        due_today=due_today,
        last_mock=datetime.fromtimestamp(last).date() if last is not None else None,
    )


def new_limit(store: Store, kind: str, today: Plan | None) -> int:
    """The new-per-day limit of `kind`'s queue: set by hand, else the plan's (until the exam
    date has passed), else the default."""
    hand = hand_new_per_day(store, kind)
    if hand is not None:
        return hand
    if today is not None and not today.passed:
        return today.new_by_kind.get(kind, 0)
    return NEW_LIMITS[kind][1]
