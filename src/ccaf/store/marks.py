"""Marks a learner puts on items: flagged (to find again) and suspended (left out of study).

A suspended item leaves every queue, drill and exam draw until it is unsuspended; its history
stays. Marks are kept by item id, like every other piece of progress.
"""

from __future__ import annotations

from dataclasses import dataclass

from ccaf.store.db import Store


@dataclass(frozen=True, slots=True)
class Marks:
    flagged: frozenset[str]
    suspended: frozenset[str]


class MarkStore:
    """The item marks of a `Store`; every change commits before it returns."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def all(self) -> Marks:
        rows = self.store.conn.execute(
            "SELECT item_id, flagged, suspended FROM item_marks"
            " WHERE flagged != 0 OR suspended != 0"
        ).fetchall()
        return Marks(
            flagged=frozenset(item_id for item_id, flagged, _ in rows if flagged),
            suspended=frozenset(item_id for item_id, _, suspended in rows if suspended),
        )

    def suspended(self) -> frozenset[str]:
        rows = self.store.conn.execute("SELECT item_id FROM item_marks WHERE suspended != 0")
        return frozenset(row[0] for row in rows)

    def flagged(self) -> frozenset[str]:
        rows = self.store.conn.execute("SELECT item_id FROM item_marks WHERE flagged != 0")
        return frozenset(row[0] for row in rows)

    def set_flagged(self, item_id: str, flagged: bool, at: float) -> None:
        self._set(item_id, "flagged", flagged, at)

    def set_suspended(self, item_id: str, suspended: bool, at: float) -> None:
        self._set(item_id, "suspended", suspended, at)

    def _set(self, item_id: str, column: str, value: bool, at: float) -> None:
        assert column in ("flagged", "suspended")  # a column name, never outside text
        with self.store.transaction() as conn:
            conn.execute(
                f"INSERT INTO item_marks (item_id, {column}, changed_at) VALUES (?, ?, ?)"
                f" ON CONFLICT(item_id) DO UPDATE SET {column} = excluded.{column},"
                " changed_at = excluded.changed_at",
                (item_id, int(value), at),
            )
