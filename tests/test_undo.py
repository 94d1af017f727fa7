"""Undo without a terminal: the attempt goes, the schedule comes back exactly, in one commit."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

from ccaf.bank.model import MCQ, Bank
from ccaf.store.db import DB_NAME, Attempt, NotSaved, Scheduled, Store, StoreError
from ccaf.study.drill import DrillFilter, DrillSession, select_items
from ccaf.study.review import ReviewSession, flashcard_queue, shuffled
from ccaf.study.spacing import Rating, Spacing

from samples import FakeClock


def rows(path: Path) -> tuple[list[Any], list[Any], list[Any]]:
    """Attempts, schedule rows and sessions as another connection sees them (committed)."""
    conn = sqlite3.connect(path)
    try:
        return (
            conn.execute("SELECT id, item_id, mode, rating FROM attempts ORDER BY id").fetchall(),
            conn.execute("SELECT * FROM schedule ORDER BY item_id").fetchall(),
            conn.execute("SELECT id, finished_at FROM sessions ORDER BY id").fetchall(),
        )
    finally:
        conn.close()


@pytest.fixture
def disk_store(tmp_path: Path, clock: FakeClock) -> Any:
    store = Store.open(tmp_path / DB_NAME, clock=clock)
    yield store
    store.close()


def drill(bank: Bank, store: Store, clock: FakeClock) -> DrillSession:
    chosen = DrillFilter(kinds=("mcq",))
    items = select_items(bank, store, chosen, 7, clock())
    return DrillSession(
        items, store, Spacing(store, fuzz=False), 7, chosen, clock=clock, timer=clock
    )


def right_option(session: DrillSession) -> int:
    item = session.current
    assert isinstance(item, MCQ)
    return session.options(item).index(item.correct_index)


def test_drill_undo_walks_back_and_restores_each_schedule_exactly(
    study_bank: Bank, disk_store: Store, clock: FakeClock
) -> None:
    store = disk_store
    first = drill(study_bank, store, clock)
    clock.advance(5)
    first.answer(right_option(first))
    first.next()
    # A second drill on the same items: now each has a schedule row to be restored.
    clock.advance(86_400 * 3)
    session = drill(study_bank, store, clock)
    attempts_before, schedule_before, _ = rows(store.path)
    assert len(schedule_before) == 1  # q-first has a schedule, the others none

    session.answer(right_option(session))
    session.next()
    session.answer((right_option(session) + 1) % 4)  # wrong
    assert len(session.results) == 2 and session.position == 1
    assert session.can_undo

    # Undo while the feedback shows: back to the same item, unanswered.
    item = session.undo()
    assert item is session.items[1] and session.position == 1 and not session.answered
    assert list(session.results) == [session.items[0].id]
    # Undo again from the next question: back to the first, and its schedule as it was.
    item = session.undo()
    assert item is session.items[0] and session.position == 0 and session.results == {}
    assert rows(store.path)[:2] == (attempts_before, schedule_before)
    assert session.undo() is None and not session.can_undo

    # Answering again after an undo records afresh.
    session.answer(right_option(session))
    assert [a.item_id for a in store.attempts(mode="drill")][-1] == session.items[0].id


def test_drill_undo_after_the_end_reopens_the_session(
    study_bank: Bank, disk_store: Store, clock: FakeClock
) -> None:
    store = disk_store
    items = [study_bank.items["q1"]]
    session = DrillSession(
        items, store, Spacing(store, fuzz=False), 7, DrillFilter(), clock=clock, timer=clock
    )
    assert store.scheduled("q1") is None
    session.answer(right_option(session))
    session.next()
    assert session.finished and rows(store.path)[2][-1][1] is not None
    session.undo()
    assert not session.finished and session.current is items[0] and session.finished_at is None
    attempts, schedule, sessions = rows(store.path)
    assert attempts == [] and schedule == []  # no schedule row: as before the answer
    assert sessions[-1][1] is None
    assert session.summary().total == 0


def test_review_undo_restores_queue_history_and_schedule(
    study_bank: Bank, disk_store: Store, clock: FakeClock
) -> None:
    store = disk_store
    queue, _ = flashcard_queue(study_bank, store, clock())
    session = ReviewSession(
        queue, store, Spacing(store, fuzz=False), "cards", clock=clock, timer=clock
    )
    order = [item.id for item in session.queue]
    session.reveal()
    session.rate(Rating.AGAIN)  # comes back at the end of the queue
    assert [i.id for i in session.queue] == order[1:] + order[:1]
    _, schedule_after_one, _ = rows(store.path)
    clock.advance(30)
    session.reveal()
    session.rate(Rating.EASY)

    assert session.undo() is session.queue[0]
    assert [i.id for i in session.queue] == order[1:] + order[:1]
    assert session.done == 1 and not session.revealed
    assert rows(store.path)[1] == schedule_after_one
    assert session.undo() is not None
    assert [i.id for i in session.queue] == order and session.done == 0
    assert rows(store.path)[:2] == ([], [])
    assert session.undo() is None


def test_selfcheck_undo_at_the_end_and_cram_undo(
    study_bank: Bank, disk_store: Store, clock: FakeClock
) -> None:
    store = disk_store
    quiz = ReviewSession(
        shuffled(study_bank, ("selfcheck",), 3)[:1],
        store,
        Spacing(store, fuzz=False),
        "selfcheck",
        clock=clock,
        timer=clock,
    )
    quiz.reveal()
    quiz.rate(Rating.GOOD)
    assert quiz.finished
    quiz.undo()
    assert not quiz.finished and rows(store.path)[0] == []
    assert rows(store.path)[2][-1][1] is None  # the session is open again

    cram = ReviewSession(
        shuffled(study_bank, ("card",), 3), store, None, "cram", clock=clock, timer=clock
    )
    cram.reveal()
    cram.rate(Rating.HARD)
    assert len(rows(store.path)[0]) == 1
    cram.undo()
    assert rows(store.path)[:2] == ([], [])


def test_unrecord_is_one_transaction(tmp_path: Path, clock: FakeClock) -> None:
    store = Store.open(tmp_path / DB_NAME, clock=clock)
    before = Scheduled("x", {"state": 1}, 100.0, 1, 50.0)
    store.record(Attempt("x", "cards", 50.0, True, 3), before)
    attempt_id = store.record(
        Attempt("x", "cards", 60.0, True, 3), Scheduled("x", {"state": 2}, 200.0, 2, 50.0)
    )
    with pytest.raises(StoreError, match="is not recorded"):
        store.unrecord(attempt_id, "y", before, restore=True)
    # A failed write leaves everything as it was: the attempt and the new schedule stay.
    other = sqlite3.connect(tmp_path / DB_NAME, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another writer holds the file
    store.conn.execute("PRAGMA busy_timeout = 0")
    with pytest.raises(NotSaved):
        store.unrecord(attempt_id, "x", before, restore=True)
    other.execute("ROLLBACK")
    other.close()
    assert len(store.attempts()) == 2
    assert store.scheduled("x") == Scheduled("x", {"state": 2}, 200.0, 2, 50.0)
    store.unrecord(attempt_id, "x", before, restore=True)
    assert store.scheduled("x") == before and len(store.attempts()) == 1
    store.close()
