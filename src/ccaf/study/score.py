"""Scores: how many answers were right out of how many, and the tally that counts them by key."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Generic, TypeVar

#: What a tally counts under: a name (tag, pack, scenario, task) or a domain number.
K = TypeVar("K", str, int)


@dataclass(frozen=True, slots=True)
class Score:
    right: int
    total: int

    @property
    def percent(self) -> float:
        """Per cent right; 0 when there is nothing to score."""
        return 100.0 * self.right / self.total if self.total else 0.0

    @property
    def percent_if_any(self) -> float | None:
        """Per cent right, or None when there is nothing to score (shown as "—")."""
        return self.percent if self.total else None


class Tally(Generic[K]):
    """Answers counted under keys (a tag, a pack, a domain number): right, and in all."""

    def __init__(self) -> None:
        self._right: dict[K, int] = {}
        self._total: dict[K, int] = {}

    def add(self, keys: Iterable[K], correct: bool) -> None:
        """Count one answer under each of `keys`."""
        for key in keys:
            self._right[key] = self._right.get(key, 0) + int(correct)
            self._total[key] = self._total.get(key, 0) + 1

    def scores(self) -> dict[K, Score]:
        """Each key's score, in key order."""
        return {key: Score(self._right[key], self._total[key]) for key in sorted(self._total)}
