"""Planning to an exam date without a terminal: the dates, the target, the limits it sets."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from ccaf.bank.model import Bank
from ccaf.store.db import Attempt, Store
from ccaf.study.exam import ExamSession, plan_exam
from ccaf.study.plan import (
    BUFFER_DAYS,
    Plan,
    PlanError,
    clear_exam_date,
    describe,
    exam_date,
    follow_plan,
    new_limit,
    parse_exam_date,
    plan,
    set_exam_date,
)
from ccaf.study.review import (
    NEW_PER_DAY_SETTING,
    SELFCHECK_NEW_PER_DAY_SETTING,
    QueueCounts,
    flashcard_queue,
    queue_counts,
    selfcheck_queue,
)
from ccaf.study.spacing import Rating, Spacing

from samples import FakeClock

TODAY = date(2026, 11, 18)  # FakeClock's day (TZ is UTC in the tests)
UNSEEN = {"mcq": 40, "pattern": 10, "selfcheck": 9, "card": 30}


def planned(exam: date, unseen: dict[str, int] | None = None, **kw: object) -> Plan:
    return Plan(exam, TODAY, dict(UNSEEN if unseen is None else unseen), 5, **kw)  # type: ignore[arg-type]


def test_the_fake_clock_is_on_the_day_these_tests_assume(clock: FakeClock) -> None:
    assert datetime.fromtimestamp(clock()).date() == TODAY


def test_a_far_date_spreads_the_new_items_until_a_few_days_before() -> None:
    far = planned(date(2026, 12, 31))  # 43 days left: 40 to see everything in
    assert far.days_left == 43 and far.study_days == 43 - BUFFER_DAYS == 40
    assert far.new_by_kind == {"mcq": 1, "pattern": 1, "selfcheck": 1, "card": 1}
    assert far.new_per_day == 4
    assert far.mock_every == 7 and far.next_mock == TODAY
    assert planned(date(2026, 12, 8)).new_by_kind == {  # 20 left: 17 days
        "mcq": 3,
        "pattern": 1,
        "selfcheck": 1,
        "card": 2,
    }


def test_within_the_buffer_everything_is_to_be_seen_today() -> None:
    for days in (BUFFER_DAYS + 1, BUFFER_DAYS, 1):
        near = planned(date.fromordinal(TODAY.toordinal() + days))
        assert near.study_days == 1 and near.new_per_day == sum(UNSEEN.values())
    assert planned(date(2026, 11, 25)).mock_every == 2  # the last week
    assert planned(date(2026, 11, 30)).mock_every == 3  # the last three weeks


def test_on_the_day_everything_left_is_today_and_no_mock_is_suggested() -> None:
    today = planned(TODAY)
    assert today.days_left == 0 and not today.passed
    assert today.new_per_day == 89 and today.mock_every is None and today.next_mock is None
    assert describe(today) == [
        "Exam on 2026-11-18: today.",
        "Today: 5 due · 89 new (89 exam items not yet seen, all to be seen today).",
    ]


def test_a_past_date_asks_for_nothing_new() -> None:
    past = planned(date(2026, 11, 10))
    assert past.days_left == -8 and past.passed
    assert past.new_per_day == 0 and past.new_by_kind["card"] == 0
    assert past.mock_every is None and past.next_mock is None
    assert past.to_json()["days_left"] == -8
    assert describe(past) == ["The exam date, 2026-11-10, has passed: set a new one, or clear it."]


def test_everything_seen_means_no_new_items() -> None:
    done = planned(date(2026, 12, 31), dict.fromkeys(UNSEEN, 0))
    assert done.new_per_day == 0 and done.to_json()["new_per_day"] == 0
    assert describe(done) == [
        "Exam on 2026-12-31: 43 days left.",
        "Today: 5 due · 0 new (every exam item has been seen).",
        "Mock exam every 7 days; the next today.",
    ]


def test_the_next_mock_follows_the_last_one_by_the_cadence() -> None:
    assert planned(date(2026, 12, 31), last_mock=date(2026, 11, 15)).next_mock == date(2026, 11, 22)
    assert planned(date(2026, 12, 31), last_mock=date(2026, 11, 1)).next_mock == TODAY
    # Never later than the day before the exam.
    assert planned(date(2026, 11, 20), last_mock=TODAY).next_mock == date(2026, 11, 19)


def test_dates_are_read_strictly_and_say_what_is_wrong() -> None:
    assert parse_exam_date(" 2026-12-07 ", TODAY) == date(2026, 12, 7)
    with pytest.raises(PlanError, match=r"^no date given: write it YYYY-MM-DD$"):
        parse_exam_date(" ", TODAY)
    assert parse_exam_date("2026-11-18", TODAY) == TODAY
    with pytest.raises(PlanError, match=r"^'2026-13-01' is not a date written YYYY-MM-DD"):
        parse_exam_date("2026-13-01", TODAY)
    with pytest.raises(PlanError, match=r"^'next friday' is not a date written YYYY-MM-DD$"):
        parse_exam_date("next friday", TODAY)
    with pytest.raises(PlanError, match=r"^'20261207' is not a date written YYYY-MM-DD$"):
        parse_exam_date("20261207", TODAY)
    with pytest.raises(PlanError, match=r"^2026-11-17 is in the past \(today is 2026-11-18\)$"):
        parse_exam_date("2026-11-17", TODAY)


def test_the_date_is_a_setting_that_can_be_cleared(store: Store) -> None:
    assert exam_date(store) is None
    set_exam_date(store, date(2026, 12, 7))
    assert exam_date(store) == date(2026, 12, 7)
    store.set_setting("exam_date", "soon")  # a hand edit: no plan rather than a crash
    assert exam_date(store) is None
    clear_exam_date(store)
    assert store.setting("exam_date") is None


def review(store: Store, item_id: str, now: float, rating: Rating = Rating.GOOD) -> None:
    spacing = Spacing(store, fuzz=False)
    store.record(
        Attempt(item_id, "cards", now, True, int(rating)), spacing.review(item_id, rating, now)
    )


def test_the_plan_from_the_store(study_bank: Bank, store: Store, clock: FakeClock) -> None:
    assert plan(study_bank, store, clock()) is None
    set_exam_date(store, date(2026, 11, 23))  # 5 days: 2 to see everything in
    review(store, "c1", clock() - 86_400 * 3)  # seen days ago, due since
    review(store, "c2", clock())  # seen today: it was unseen when the day began
    today = plan(study_bank, store, clock())
    assert today is not None
    assert today.unseen == {"mcq": 4, "pattern": 2, "selfcheck": 2, "card": 2}
    assert today.new_by_kind == {"mcq": 2, "pattern": 1, "selfcheck": 1, "card": 1}
    assert today.due_today == 2  # c1 is overdue; c2, rated Good, is back within minutes
    assert today.last_mock is None
    session = ExamSession.start(store, study_bank, plan_exam(study_bank, 1), clock, clock)
    session.submit(Spacing(store, fuzz=False))
    after = plan(study_bank, store, clock())
    assert after is not None and after.last_mock == TODAY and after.next_mock == date(2026, 11, 20)


def test_the_queues_follow_the_plan_unless_set_by_hand(
    study_bank: Bank, store: Store, clock: FakeClock
) -> None:
    set_exam_date(store, date(2026, 11, 22))  # 4 days: everything today
    today = plan(study_bank, store, clock())
    assert new_limit(store, "card", today) == 3 and new_limit(store, "selfcheck", today) == 2
    set_exam_date(store, date(2026, 12, 31))
    today = plan(study_bank, store, clock())
    assert new_limit(store, "card", today) == 1
    queue, _ = flashcard_queue(
        study_bank, store, clock(), new_limit=new_limit(store, "card", today)
    )
    assert [i.id for i in queue] == ["c1"]
    store.set_setting(NEW_PER_DAY_SETTING, "2")
    store.set_setting(SELFCHECK_NEW_PER_DAY_SETTING, "0")
    assert new_limit(store, "card", today) == 2 and new_limit(store, "selfcheck", today) == 0
    follow_plan(store)
    assert new_limit(store, "card", today) == 1 and new_limit(store, "selfcheck", today) == 1
    # No plan: the defaults; a date passed: the defaults again.
    assert new_limit(store, "card", None) == 20 and new_limit(store, "selfcheck", None) == 10
    assert new_limit(store, "card", planned(date(2026, 11, 1))) == 20


def test_cards_and_self_checks_have_limits_of_their_own(
    study_bank: Bank, store: Store, clock: FakeClock
) -> None:
    store.set_setting(NEW_PER_DAY_SETTING, "1")
    store.set_setting(SELFCHECK_NEW_PER_DAY_SETTING, "1")
    assert [i.id for i in selfcheck_queue(study_bank, store, clock(), seed=3)] == ["s2"]
    review(store, "s2", clock())  # today's new self-check
    assert [i.id for i in flashcard_queue(study_bank, store, clock())[0]] == ["c1"]
    review(store, "c1", clock())
    assert flashcard_queue(study_bank, store, clock())[0] == []
    assert selfcheck_queue(study_bank, store, clock(), seed=3) == []
    clock.advance(60 * 15)  # both back from their first learning step
    assert [i.id for i in selfcheck_queue(study_bank, store, clock(), seed=3)] == ["s2"]
    assert [i.id for i in selfcheck_queue(study_bank, store, clock(), seed=3, count=1)] == ["s2"]


def test_counts_like_ankis_new_learning_and_due(
    study_bank: Bank, store: Store, clock: FakeClock
) -> None:
    assert queue_counts(study_bank, store, clock(), "card") == QueueCounts(3, 0, 0)
    assert queue_counts(study_bank, store, clock(), "selfcheck") == QueueCounts(2, 0, 0)
    review(store, "c1", clock() - 86_400 * 30, Rating.EASY)  # a review card, due long since
    review(store, "c2", clock() - 600, Rating.AGAIN)  # in its learning steps, due now
    review(store, "c3", clock(), Rating.EASY)  # seen today, not due yet
    counts = queue_counts(study_bank, store, clock(), "card")
    assert (counts.new, counts.learning, counts.due) == (0, 1, 1)
    assert queue_counts(study_bank, store, clock(), "card", new_limit=1).new == 0  # c3 used it
    assert queue_counts(study_bank, store, clock(), "selfcheck", new_limit=1) == QueueCounts(
        1, 0, 0
    )
