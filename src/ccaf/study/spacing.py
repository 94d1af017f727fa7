"""Spaced repetition with the FSRS library: every answer and every grade schedules its item.

A wrong answer is Again, a right one Good, a right one marked unsure Hard; flashcards and
self-checks are rated Again / Hard / Good / Easy directly.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from enum import IntEnum
from typing import TYPE_CHECKING, Any

from ccaf.store.db import Scheduled, Store

if TYPE_CHECKING:
    import fsrs


class Rating(IntEnum):
    """FSRS's four ratings, with the same numbers."""

    AGAIN = 1
    HARD = 2
    GOOD = 3
    EASY = 4

    @property
    def label(self) -> str:
        return self.name.capitalize()


def rating_for_answer(correct: bool, unsure: bool = False) -> Rating:
    """How a drill or exam answer rates: wrong is Again, right is Good, right but unsure Hard."""
    if not correct:
        return Rating.AGAIN
    return Rating.HARD if unsure else Rating.GOOD


class Spacing:
    """Computes an item's next schedule with FSRS from what the store holds."""

    def __init__(
        self,
        store: Store,
        *,
        fuzz: bool = True,
        warn: Callable[[str], None] | None = None,
    ) -> None:
        import fsrs  # about 50 ms: imported when the first answer is scheduled

        self._fsrs = fsrs
        self.store = store
        self.scheduler = fsrs.Scheduler(enable_fuzzing=fuzz)
        #: Told, once an item, when a stored schedule cannot be read.
        self.warn = warn
        #: The items whose stored schedule could not be read, with what was wrong.
        self.unreadable: dict[str, str] = {}

    def card(self, item_id: str) -> fsrs.Card:
        """The item's FSRS card: a new one if it has none, or if the stored one cannot be
        read (the next answer replaces it; its answers and first sight are kept)."""
        scheduled = self.store.scheduled(item_id)
        if scheduled is None:
            return self._fsrs.Card()
        if scheduled.card is None:
            return self._unreadable(item_id, "it is not a JSON object")
        try:
            return self._fsrs.Card.from_dict(scheduled.card)  # type: ignore[arg-type]  # CardDict
        except KeyError as exc:
            return self._unreadable(item_id, f"it has no {exc.args[0]!r}")
        except (TypeError, ValueError) as exc:
            return self._unreadable(item_id, str(exc))

    def _unreadable(self, item_id: str, why: str) -> fsrs.Card:
        if item_id not in self.unreadable:
            self.unreadable[item_id] = why
            if self.warn is not None:
                self.warn(
                    f"The saved schedule of {item_id} could not be read ({why}), so it is "
                    "scheduled as a new item from this answer on. Its past answers are kept."
                )
        return self._fsrs.Card()

    def review(self, item_id: str, rating: Rating, now: float) -> Scheduled:
        """The item's schedule after `rating` at `now` (not yet saved: `Store.record` does that)."""
        previous = self.store.scheduled(item_id)
        card = self.card(item_id)
        when = datetime.fromtimestamp(now, UTC)
        new_card, _log = self.scheduler.review_card(card, self._fsrs.Rating(int(rating)), when)
        data: dict[str, Any] = dict(new_card.to_dict())
        return Scheduled(
            item_id=item_id,
            card=data,
            due=new_card.due.timestamp(),
            reviews=(previous.reviews if previous else 0) + 1,
            first_seen=previous.first_seen if previous else now,
        )

    def preview(self, item_id: str, now: float) -> dict[Rating, float]:
        """When the item would next be due under each rating (nothing is saved)."""
        card = self.card(item_id)
        when = datetime.fromtimestamp(now, UTC)
        out: dict[Rating, float] = {}
        for rating in Rating:
            new_card, _ = self.scheduler.review_card(card, self._fsrs.Rating(int(rating)), when)
            out[rating] = new_card.due.timestamp()
        return out
