"""Undo for study sessions: what an answer changed in the store, so that it can be put back."""

from __future__ import annotations

from dataclasses import dataclass

from ccaf.store.db import Attempt, Scheduled, Store


@dataclass(frozen=True, slots=True)
class Recorded:
    """One answer as saved, with the schedule its item had before it."""

    attempt_id: int
    item_id: str
    #: The item's schedule before the answer; None if it had none.
    schedule_before: Scheduled | None
    #: Whether the answer changed the schedule (cram does not).
    scheduled: bool


def record(store: Store, attempt: Attempt, schedule: Scheduled | None) -> Recorded:
    """Commit an answer (and the schedule it produced), keeping what undoing it needs."""
    before = store.scheduled(attempt.item_id) if schedule is not None else None
    attempt_id = store.record(attempt, schedule)
    return Recorded(attempt_id, attempt.item_id, before, schedule is not None)


def unrecord(store: Store, recorded: Recorded) -> None:
    """Remove the answer and restore the item's schedule exactly, in one transaction."""
    store.unrecord(
        recorded.attempt_id,
        recorded.item_id,
        recorded.schedule_before,
        restore=recorded.scheduled,
    )
