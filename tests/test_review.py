"""Flashcards, cram and self-check without a terminal, and FSRS through the store."""

from __future__ import annotations

from datetime import UTC, datetime

import fsrs
import pytest

from ccaf.bank.model import Bank
from ccaf.store.db import Scheduled, Store
from ccaf.study.review import (
    NEW_PER_DAY_SETTING,
    RELEARN_WINDOW,
    ReviewSession,
    flashcard_queue,
    front_and_back,
    shuffled,
)
from ccaf.study.spacing import Rating, Spacing

from samples import FakeClock


def cards(bank: Bank, store: Store, clock: FakeClock, limit: int | None = None) -> ReviewSession:
    queue, _due = flashcard_queue(bank, store, clock(), new_limit=limit)
    return ReviewSession(queue, store, Spacing(store, fuzz=False), "cards", clock=clock)


def test_fsrs_schedule_matches_the_library(
    study_bank: Bank, store: Store, clock: FakeClock
) -> None:
    session = cards(study_bank, store, clock)
    reference = fsrs.Scheduler(enable_fuzzing=False)
    card = fsrs.Card()
    item = session.current
    assert item is not None
    for rating, wait in [(Rating.GOOD, 0), (Rating.GOOD, 700), (Rating.EASY, 86_400 * 3)]:
        clock.advance(wait)
        while session.current is not None and session.current.id != item.id:
            session.reveal()
            session.rate(Rating.EASY)  # move other cards out of the way
        if session.current is None:
            session = ReviewSession([item], store, Spacing(store, fuzz=False), "cards", clock=clock)
        session.reveal()
        rated = session.rate(rating)
        when = datetime.fromtimestamp(clock(), UTC)
        card, _ = reference.review_card(card, fsrs.Rating(int(rating)), when)
        assert rated.due == card.due.timestamp()
        stored = store.scheduled(item.id)
        assert stored is not None
        assert stored.due == card.due.timestamp()
        assert stored.card["stability"] == card.stability
        assert stored.card["difficulty"] == card.difficulty


def test_reveal_before_rating(study_bank: Bank, store: Store, clock: FakeClock) -> None:
    session = cards(study_bank, store, clock)
    with pytest.raises(RuntimeError, match="reveal"):
        session.rate(Rating.GOOD)
    item = session.current
    assert item is not None
    assert session.reveal() == front_and_back(item)[1]


def test_again_comes_back_in_the_same_session(
    study_bank: Bank, store: Store, clock: FakeClock
) -> None:
    session = cards(study_bank, store, clock)
    first = session.current
    assert first is not None and session.total == 5
    session.reveal()
    session.rate(Rating.AGAIN)
    assert session.queue[-1] is first
    for _ in range(4):
        session.reveal()
        session.rate(Rating.EASY)
    assert session.current is first


def test_daily_new_card_limit(study_bank: Bank, store: Store, clock: FakeClock) -> None:
    store.set_setting(NEW_PER_DAY_SETTING, "2")
    session = cards(study_bank, store, clock)
    assert session.total == 2
    for _ in range(2):
        session.reveal()
        session.rate(Rating.EASY)
    assert session.finished
    clock.advance(60)
    queue, due = flashcard_queue(study_bank, store, clock())
    assert queue == [] and due == 0  # today's two new cards are used up
    clock.advance(86_400 * 30)
    queue, due = flashcard_queue(study_bank, store, clock())
    assert due == 2 and len(queue) == 4  # both due again, and two new ones for the new day


def test_cram_leaves_the_schedule_unchanged(
    study_bank: Bank, store: Store, clock: FakeClock
) -> None:
    session = cards(study_bank, store, clock)
    session.reveal()
    session.rate(Rating.GOOD)
    before = store.all_scheduled()
    cram = ReviewSession(shuffled(study_bank, ("card",), seed=3), store, None, "cram", clock=clock)
    assert cram.preview() == {}
    while not cram.finished:
        cram.reveal()
        rated = cram.rate(Rating.AGAIN)
        assert rated.due is None
    assert store.all_scheduled() == before
    assert [a.rating for a in store.attempts(mode="cram")] == [None, None, None]


def test_preview_shows_each_rating(study_bank: Bank, store: Store, clock: FakeClock) -> None:
    session = cards(study_bank, store, clock)
    preview = session.preview()
    assert list(preview) == list(Rating)
    assert preview[Rating.AGAIN] < preview[Rating.EASY]
    assert store.all_scheduled() == {}  # previewing saves nothing


def test_selfcheck_quiz(study_bank: Bank, store: Store, clock: FakeClock) -> None:
    queue = shuffled(study_bank, ("selfcheck",), seed=5)
    assert sorted(i.id for i in queue) == ["s1", "s2"]
    assert [i.id for i in queue] == [i.id for i in shuffled(study_bank, ("selfcheck",), seed=5)]
    session = ReviewSession(queue, store, Spacing(store, fuzz=False), "selfcheck", clock=clock)
    session.reveal()
    session.rate(Rating.AGAIN)
    session.reveal()
    session.rate(Rating.GOOD)
    assert session.finished
    assert [a.correct for a in store.attempts(mode="selfcheck")] == [False, True]
    assert len(store.all_scheduled()) == 2


def test_removed_items_leave_the_queue(study_bank: Bank, store: Store, clock: FakeClock) -> None:
    session = cards(study_bank, store, clock)
    item = session.current
    assert item is not None
    session.reveal()
    session.rate(Rating.AGAIN)
    del study_bank.items[item.id]
    clock.advance(3600)
    queue, due = flashcard_queue(study_bank, store, clock())
    assert item.id not in [i.id for i in queue] and due == 0
    assert store.attempts(item.id)  # its history stays


def test_only_cards_due_within_twenty_minutes_come_back(
    study_bank: Bank, store: Store, clock: FakeClock
) -> None:
    session = cards(study_bank, store, clock)
    first, second = session.queue[0], session.queue[1]
    session.reveal()
    good = session.rate(Rating.GOOD)  # a new card's next learning step: ten minutes
    assert good.due == clock() + 600 and session.queue[-1] is first
    session.reveal()
    easy = session.rate(Rating.EASY)  # days away: done for this session
    assert easy.due is not None and easy.due - clock() > RELEARN_WINDOW
    assert second not in session.queue
    while session.current is not first:
        session.reveal()
        session.rate(Rating.EASY)
    clock.advance(600)
    session.reveal()
    again_good = session.rate(Rating.GOOD)  # out of learning: two days
    assert again_good.due is not None and again_good.due - clock() > RELEARN_WINDOW
    assert session.finished


class FixedSpacing(Spacing):
    """Schedules every card a fixed number of seconds after its rating."""

    def __init__(self, store: Store, after: float) -> None:
        super().__init__(store, fuzz=False)
        self.after = after

    def review(self, item_id: str, rating: Rating, now: float) -> Scheduled:
        return Scheduled(item_id, {}, now + self.after, 1, now)


@pytest.mark.parametrize(("after", "back"), [(RELEARN_WINDOW, True), (RELEARN_WINDOW + 1, False)])
def test_the_relearn_window_is_twenty_minutes(
    study_bank: Bank, store: Store, clock: FakeClock, after: float, back: bool
) -> None:
    queue, _ = flashcard_queue(study_bank, store, clock())
    session = ReviewSession(queue[:1], store, FixedSpacing(store, after), "cards", clock=clock)
    session.reveal()
    session.rate(Rating.HARD)
    assert session.finished is not back
