"""A saved schedule that cannot be read (not JSON, not an object, not an FSRS card) is said
once, the item is scheduled as new, and nothing already saved about it is lost."""

from __future__ import annotations

from pathlib import Path

import pytest

from apps import make_app, settle
from ccaf.bank.model import Bank, Card
from ccaf.store.db import Attempt, Scheduled, Store
from ccaf.study.drill import DrillFilter
from ccaf.study.review import ReviewSession
from ccaf.study.spacing import Rating, Spacing
from ccaf.tui.app import Start
from ccaf.tui.screens.drill import DrillScreen
from ccaf.tui.screens.review import ReviewScreen

from samples import FakeClock

GOOD_CARD = {"card_id": 1, "state": 1, "step": 0, "stability": None, "difficulty": None}


def spoil(store: Store, item_id: str, card_text: str, due: float = 0.0) -> None:
    """Save a schedule for `item_id` whose card is `card_text`, as written to the file."""
    store.record(
        Attempt(item_id, "drill", 5.0, True, 3),
        Scheduled(item_id, {"placeholder": True}, due, 4, 5.0),
    )
    with store.transaction() as conn:
        conn.execute("UPDATE schedule SET card = ? WHERE item_id = ?", (card_text, item_id))


@pytest.mark.parametrize(
    ("card_text", "why"),
    [
        ("{not json", "it is not a JSON object"),
        ("[1, 2]", "it is not a JSON object"),
        ('{"state": 1}', "it has no 'card_id'"),
        ('{"card_id": 1, "state": 9, "step": 0, "due": "x"}', "9 is not a valid State"),
    ],
)
def test_an_unreadable_card_is_scheduled_as_new_and_said_once(
    store: Store, card_text: str, why: str
) -> None:
    spoil(store, "c1", card_text)
    stored = store.scheduled("c1")
    assert stored is not None and (stored.due, stored.reviews, stored.first_seen) == (0.0, 4, 5.0)
    told: list[str] = []
    spacing = Spacing(store, fuzz=False, warn=told.append)
    assert spacing.preview("c1", 100.0) == Spacing(Store.memory(), fuzz=False).preview("c1", 100.0)
    after = spacing.review("c1", Rating.GOOD, 100.0)
    assert spacing.unreadable == {"c1": why}
    assert len(told) == 1 and "c1" in told[0] and why in told[0]
    assert "Its past answers are kept." in told[0]
    assert (after.reviews, after.first_seen) == (5, 5.0)  # counted on from what was saved
    assert after.card is not None and after.card["state"] != 0


def test_the_store_reads_a_bad_card_as_none_and_a_good_one_as_written(store: Store) -> None:
    spoil(store, "bad", "{oops")
    store.record(Attempt("ok", "drill", 6.0, True, 3), Scheduled("ok", GOOD_CARD, 9.0, 1, 6.0))
    assert store.scheduled("bad") == Scheduled("bad", None, 0.0, 4, 5.0)
    assert store.scheduled("ok") == Scheduled("ok", GOOD_CARD, 9.0, 1, 6.0)
    assert store.due_times() == {"bad": 0.0, "ok": 9.0}


def test_a_flashcard_review_goes_on_past_an_unreadable_card(
    study_bank: Bank, store: Store, clock: FakeClock
) -> None:
    spoil(store, "c1", "{not json")
    told: list[str] = []
    item = study_bank.items["c1"]
    assert isinstance(item, Card)
    spacing = Spacing(store, fuzz=False, warn=told.append)
    session = ReviewSession([item], store, spacing, "cards", clock=clock)
    session.reveal()
    assert set(session.preview()) == set(Rating)
    session.rate(Rating.GOOD)
    assert len(told) == 1  # the preview and the rating read it: said once
    assert [a.mode for a in store.attempts("c1")] == ["drill", "cards"]  # the earlier is kept
    stored = store.scheduled("c1")
    assert stored is not None and stored.card is not None and "card_id" in stored.card


async def test_the_drill_says_so_and_records_the_answer(
    study_dir: Path, store: Store, clock: FakeClock
) -> None:
    start = Start(screen="drill", drill=DrillFilter(kinds=("pattern",)))
    app = make_app(study_dir, store, clock, start)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, DrillScreen) and screen.session.current is not None
        item_id = screen.session.current.id
        spoil(store, item_id, "{not json")
        await pilot.press("n")
        await pilot.pause()
        assert app.is_running and screen.session.feedback is not None
        [notice] = [n for n in app._notifications if n.title == "Schedule"]
        assert item_id in notice.message and "scheduled as a new item" in notice.message
        assert [a.mode for a in store.attempts(item_id)] == ["drill", "drill"]
        stored = store.scheduled(item_id)
        assert stored is not None and stored.card is not None and stored.reviews == 5


async def test_flashcards_say_so_once_and_go_on(
    study_dir: Path, store: Store, clock: FakeClock
) -> None:
    spoil(store, "c1", "[]")  # due at 0: first in the queue
    app = make_app(study_dir, store, clock, Start(screen="cards"))
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        assert screen.session.current is not None and screen.session.current.id == "c1"
        await pilot.press("space", "3")
        await pilot.pause()
        assert app.is_running and screen.session.done == 1
        notices = [n for n in app._notifications if n.title == "Schedule"]
        assert len(notices) == 1 and "c1" in notices[0].message
        assert [a.mode for a in store.attempts("c1")] == ["drill", "cards"]
