"""Drill sessions without a terminal: selection, seeded shuffles, answers, the summary."""

from __future__ import annotations

import pytest

from ccaf.bank.model import MCQ, Bank
from ccaf.store.db import Store
from ccaf.study.drill import DrillFilter, DrillSession, option_order, select_items
from ccaf.study.spacing import Rating, Spacing

from samples import FakeClock


def drill(
    bank: Bank, store: Store, clock: FakeClock, seed: int = 7, **filters: object
) -> DrillSession:
    chosen = DrillFilter(**filters)  # type: ignore[arg-type]
    items = select_items(bank, store, chosen, seed, clock())
    return DrillSession(items, store, Spacing(store, fuzz=False), seed, chosen, clock=clock)


def shown_right(session: DrillSession) -> int:
    item = session.current
    assert isinstance(item, MCQ)
    return session.options(item).index(item.correct_index)


def test_same_seed_same_session(study_bank: Bank, store: Store, clock: FakeClock) -> None:
    first = select_items(study_bank, store, DrillFilter(), 11, clock())
    again = select_items(study_bank, store, DrillFilter(), 11, clock())
    assert [i.id for i in first] == [i.id for i in again]
    assert sorted(i.id for i in first) == ["p1", "p2", "q1", "q2", "q3", "q4"]
    seeds = {
        tuple(i.id for i in select_items(study_bank, store, DrillFilter(), s, clock()))
        for s in range(20)
    }
    assert len(seeds) > 5  # other seeds give other orders
    item = study_bank.items["q1"]
    assert isinstance(item, MCQ)
    assert option_order(item, 11) == option_order(item, 11)
    orders = {tuple(option_order(item, seed)) for seed in range(30)}
    assert len(orders) > 5  # the seed really shuffles
    assert all(sorted(order) == [0, 1, 2, 3] for order in orders)


def test_filters(study_bank: Bank, store: Store, clock: FakeClock) -> None:
    def ids(**kw: object) -> list[str]:
        chosen = DrillFilter(**kw)  # type: ignore[arg-type]
        return sorted(i.id for i in select_items(study_bank, store, chosen, 1, clock()))

    assert ids(kinds=("pattern",)) == ["p1", "p2"]
    assert ids(tags=("beta",)) == ["q2", "q4"]
    assert ids(packs=("nope",)) == []
    assert len(ids(count=3)) == 3
    assert ids(missed=True) == []


def test_answer_right_and_wrong(study_bank: Bank, store: Store, clock: FakeClock) -> None:
    session = drill(study_bank, store, clock, kinds=("mcq",))
    right = shown_right(session)
    clock.advance(12)
    feedback = session.answer(right)
    assert feedback.correct and feedback.chosen == feedback.right == right
    [recorded] = store.attempts()
    assert recorded.correct is True and recorded.elapsed_ms == 12_000
    assert recorded.rating == Rating.GOOD
    with pytest.raises(RuntimeError, match="already answered"):
        session.answer(right)
    session.next()
    wrong = (shown_right(session) + 1) % 4
    feedback = session.answer(wrong)
    assert not feedback.correct and feedback.chosen == wrong and feedback.right != wrong
    item = feedback.item
    assert isinstance(item, MCQ)
    written = session.options(item)[wrong]
    assert store.attempts(item.id)[0].choice == str(written)
    assert store.attempts(item.id)[0].rating == Rating.AGAIN


def test_unsure_right_answer_is_hard(study_bank: Bank, store: Store, clock: FakeClock) -> None:
    session = drill(study_bank, store, clock, kinds=("mcq",))
    session.answer(shown_right(session), unsure=True)
    assert store.attempts()[0].rating == Rating.HARD


def test_pattern_is_judged_wrong(study_bank: Bank, store: Store, clock: FakeClock) -> None:
    session = drill(study_bank, store, clock, kinds=("pattern",))
    assert session.judge(says_right=False).correct
    session.next()
    assert not session.judge(says_right=True).correct
    assert [a.choice for a in store.attempts()] == ["wrong", "right"]
    with pytest.raises(TypeError):
        drill(study_bank, store, clock, kinds=("pattern",)).answer(0)


def test_summary_and_retry_missed(study_bank: Bank, store: Store, clock: FakeClock) -> None:
    session = drill(study_bank, store, clock, kinds=("mcq",))
    missed = []
    for n in range(4):
        item = session.current
        assert item is not None
        if n % 2:
            session.answer((shown_right(session) + 1) % 4)
            missed.append(item.id)
        else:
            session.answer(shown_right(session))
        clock.advance(5)
        session.next()
    assert session.finished
    summary = session.summary()
    assert (summary.right, summary.total, summary.seconds) == (2, 4, 20)
    assert summary.missed == tuple(missed)
    assert sum(t.total for t in summary.by_tag.values()) == 4
    assert [i.id for i in session.missed_items()] == missed
    # The store now knows which were missed at their last attempt.
    again = select_items(study_bank, store, DrillFilter(missed=True), 3, clock())
    assert sorted(i.id for i in again) == sorted(missed)
    finished = store.conn.execute("SELECT finished_at FROM sessions").fetchone()[0]
    assert finished == clock()


def test_due_filter(study_bank: Bank, store: Store, clock: FakeClock) -> None:
    session = drill(study_bank, store, clock, kinds=("mcq",), count=1)
    session.answer((shown_right(session) + 1) % 4)  # Again: due in a minute
    assert select_items(study_bank, store, DrillFilter(due=True), 1, clock()) == []
    clock.advance(120)
    due = select_items(study_bank, store, DrillFilter(due=True), 1, clock())
    assert [i.id for i in due] == [session.items[0].id]
