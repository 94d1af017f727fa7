"""Flashcards, cram and self-check without a terminal, and FSRS through the store."""

from __future__ import annotations

from datetime import UTC, datetime

import fsrs
import pytest

from ccaf.bank.loader import load_bank
from ccaf.bank.model import Bank
from ccaf.store.db import Attempt, Scheduled, Store
from ccaf.study.review import (
    NEW_PER_DAY_SETTING,
    RELEARN_WINDOW,
    Rated,
    ReviewSession,
    day_start,
    flashcard_queue,
    front_and_back,
    shuffled,
)
from ccaf.study.spacing import Rating, Spacing, rating_for_answer

from conftest import WritePack
from samples import EXAM_PACK_YAML, FakeClock, study_pack


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
        assert stored is not None and stored.card is not None
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
    assert first is not None and session.total == 3
    session.reveal()
    session.rate(Rating.AGAIN)
    assert session.queue[-1] is first
    for _ in range(2):
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
    assert due == 2 and len(queue) == 3  # both due again, and the one card still new


def test_cram_leaves_the_schedule_unchanged(
    study_bank: Bank, store: Store, clock: FakeClock
) -> None:
    session = cards(study_bank, store, clock)
    session.reveal()
    session.rate(Rating.GOOD)
    before = {item_id: store.scheduled(item_id) for item_id in store.due_times()}
    cram = ReviewSession(shuffled(study_bank, ("card",), seed=3), store, None, "cram", clock=clock)
    assert cram.preview() == {}
    while not cram.finished:
        cram.reveal()
        rated = cram.rate(Rating.AGAIN)
        assert rated.due is None
    assert {item_id: store.scheduled(item_id) for item_id in store.due_times()} == before
    assert [a.rating for a in store.attempts(mode="cram")] == [None, None, None]


def test_preview_shows_each_rating(study_bank: Bank, store: Store, clock: FakeClock) -> None:
    session = cards(study_bank, store, clock)
    preview = session.preview()
    assert list(preview) == list(Rating)
    assert preview[Rating.AGAIN] < preview[Rating.EASY]
    assert store.due_times() == {}  # previewing saves nothing


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
    assert len(store.due_times()) == 2


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


def test_day_start_is_local_midnight() -> None:
    midnight = datetime(2026, 11, 18, tzinfo=UTC).timestamp()  # TZ is UTC in the tests
    assert day_start(midnight + 11 * 3600 + 6 * 60 + 40.5) == midnight
    assert day_start(midnight) == midnight and day_start(midnight - 0.5) == midnight - 86_400


def test_a_rating_is_recorded_with_everything_about_it(
    study_bank: Bank, store: Store, clock: FakeClock
) -> None:
    queue, due = flashcard_queue(study_bank, store, clock())
    # New cards, as written (self-checks have a queue of their own).
    assert due == 0 and [i.id for i in queue] == ["c1", "c2", "c3"]
    session = ReviewSession(
        queue, store, Spacing(store, fuzz=False), "cards", clock=clock, seed=4, timer=clock
    )
    with pytest.raises(RuntimeError, match=r"^reveal the answer before rating it$"):
        session.rate(Rating.GOOD)
    preview = session.preview()
    clock.advance(2.5)
    assert session.reveal() == "Back 1" and session.revealed
    rated = session.rate(Rating.GOOD)
    assert not session.revealed and session.done == 1 and session.history == [rated]
    assert rated == Rated(study_bank.items["c1"], Rating.GOOD, preview[Rating.GOOD] + 2.5)
    [attempt] = store.attempts()
    assert attempt == Attempt("c1", "cards", clock(), True, 3, "good", 2500, session.session_id)
    row = store.conn.execute("SELECT mode, seed, filters, finished_at FROM sessions").fetchone()
    assert row == ("cards", 4, "{}", None)
    clock.advance(1)
    session.reveal()
    session.rate(Rating.EASY)
    clock.advance(1)
    session.reveal()
    session.rate(Rating.AGAIN)  # comes back in a minute
    assert store.attempts()[-1].correct is False and store.attempts()[-1].choice == "again"
    for _ in range(2):  # c1 and c3 again
        clock.advance(60)
        session.reveal()
        session.rate(Rating.EASY)
    assert session.finished
    with pytest.raises(RuntimeError, match=r"^the session is over$"):
        session.reveal()
    finished = store.conn.execute("SELECT finished_at FROM sessions").fetchone()[0]
    assert finished == clock()
    # The preview of a card already seen is its next schedule, not a new card's.
    seen = ReviewSession(
        [study_bank.items["c1"]], store, Spacing(store, fuzz=False), "cards", clock=clock
    )
    assert seen.preview()[Rating.GOOD] - clock() > 86_400


def test_queues_keep_to_their_packs_and_limits(
    write_pack: WritePack, store: Store, clock: FakeClock
) -> None:
    demo = write_pack(pack_yaml=EXAM_PACK_YAML, **study_pack())
    cards_yaml = study_pack()["cards.yaml"].replace("id: c", "id: o")
    write_pack(
        "other", pack_yaml=EXAM_PACK_YAML.replace("id: demo", "id: other"), **{"c.yaml": cards_yaml}
    )
    bank = load_bank([demo.parent])
    assert bank.errors == []
    queue, _ = flashcard_queue(bank, store, clock(), packs=("other",))
    assert [i.id for i in queue] == ["o1", "o2", "o3"]
    limited = flashcard_queue(bank, store, clock(), new_limit=4)[0]
    assert [i.id for i in limited] == ["c1", "c2", "c3", "o1"]
    store.set_setting(NEW_PER_DAY_SETTING, "5")
    assert len(flashcard_queue(bank, store, clock())[0]) == 5
    store.set_setting(NEW_PER_DAY_SETTING, "five")  # not a number: the default, 20
    assert len(flashcard_queue(bank, store, clock())[0]) == 6
    assert sorted(i.id for i in shuffled(bank, ("card",), 1, packs=("other",))) == [
        "o1",
        "o2",
        "o3",
    ]
    assert (
        len(shuffled(bank, ("card",), 1)) == 6 and len(shuffled(bank, ("card",), 1, count=2)) == 2
    )
    assert {i.pack for i in shuffled(bank, ("card", "selfcheck"), 1, packs=("demo",))} == {"demo"}
    # A card due exactly now is due.
    spacing = Spacing(store, fuzz=False)
    store.record(
        Attempt("o1", "cards", clock(), True, 3), spacing.review("o1", Rating.GOOD, clock())
    )
    due_at = store.due_times()["o1"]
    queue, due = flashcard_queue(bank, store, due_at, packs=("other",))
    assert due == 1 and queue[0].id == "o1"


def test_sessions_that_cannot_be(study_bank: Bank, store: Store) -> None:
    with pytest.raises(ValueError, match=r"^a cards session needs spacing$"):
        ReviewSession([], store, None, "cards")
    with pytest.raises(TypeError, match=r"^q1 is a mcq: it has no front and back$"):
        front_and_back(study_bank.items["q1"])


def test_spacing_counts_reviews_and_keeps_the_first_sight(store: Store, clock: FakeClock) -> None:
    spacing = Spacing(store, fuzz=False)
    first = spacing.review("x", Rating.GOOD, clock())
    assert (first.reviews, first.first_seen) == (1, clock())
    store.record(Attempt("x", "cards", clock(), True, 3), first)
    clock.advance(600)
    second = spacing.review("x", Rating.GOOD, clock())
    assert (second.reviews, second.first_seen) == (2, clock() - 600)
    assert Spacing(store).scheduler.enable_fuzzing and not spacing.scheduler.enable_fuzzing
    assert rating_for_answer(True) == Rating.GOOD and rating_for_answer(True, True) == Rating.HARD
    assert rating_for_answer(False, True) == Rating.AGAIN and Rating.HARD.label == "Hard"
    reference = fsrs.Scheduler(enable_fuzzing=False)
    card = fsrs.Card.from_dict(first.card)  # type: ignore[arg-type]  # what the store holds
    when = datetime.fromtimestamp(clock(), UTC)
    assert spacing.preview("x", clock()) == {
        rating: reference.review_card(card, fsrs.Rating(int(rating)), when)[0].due.timestamp()
        for rating in Rating
    }
