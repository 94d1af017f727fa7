"""Mock exams in the store: created, answered, flagged and timed as they happen, then submitted."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from ccaf.store.db import Attempt, Scheduled, Store


@dataclass(frozen=True, slots=True)
class ExamRecord:
    id: int
    created_at: float
    seed: int
    time_limit: float
    time_used: float
    questions: tuple[str, ...]
    packs: tuple[str, ...]
    #: position -> the written indexes of the options chosen
    answers: dict[int, frozenset[int]]
    flagged: frozenset[int]
    submitted_at: float | None
    auto_submitted: bool
    correct: int | None
    total: int | None
    result: dict[str, Any] | None


class ExamStore:
    """The exam tables of a `Store`; every method commits before it returns."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def create(
        self,
        created_at: float,
        seed: int,
        time_limit: float,
        questions: list[str],
        packs: list[str],
    ) -> int:
        with self.store.transaction() as conn:
            cursor = conn.execute(
                "INSERT INTO exams (created_at, seed, time_limit, questions, packs)"
                " VALUES (?, ?, ?, ?, ?)",
                (created_at, seed, time_limit, json.dumps(questions), json.dumps(packs)),
            )
            exam_id = cursor.lastrowid
            assert exam_id is not None
            conn.executemany(
                "INSERT INTO exam_answers (exam_id, position, item_id) VALUES (?, ?, ?)",
                [(exam_id, n, item_id) for n, item_id in enumerate(questions)],
            )
        return exam_id

    def answer(
        self, exam_id: int, position: int, choices: frozenset[int], time_used: float
    ) -> None:
        """Save the options chosen at `position` (none: the answer is cleared)."""
        single = next(iter(choices)) if len(choices) == 1 else None
        listed = json.dumps(sorted(choices)) if choices else None
        with self.store.transaction() as conn:
            conn.execute(
                "UPDATE exam_answers SET choice = ?, choices = ?"
                " WHERE exam_id = ? AND position = ?",
                (single, listed, exam_id, position),
            )
            conn.execute("UPDATE exams SET time_used = ? WHERE id = ?", (time_used, exam_id))

    def flag(self, exam_id: int, position: int, flagged: bool, time_used: float) -> None:
        with self.store.transaction() as conn:
            conn.execute(
                "UPDATE exam_answers SET flagged = ? WHERE exam_id = ? AND position = ?",
                (int(flagged), exam_id, position),
            )
            conn.execute("UPDATE exams SET time_used = ? WHERE id = ?", (time_used, exam_id))

    def save_time(self, exam_id: int, time_used: float) -> None:
        with self.store.transaction() as conn:
            conn.execute("UPDATE exams SET time_used = ? WHERE id = ?", (time_used, exam_id))

    def submit(
        self,
        exam_id: int,
        submitted_at: float,
        time_used: float,
        auto: bool,
        correct: int,
        total: int,
        result: dict[str, Any],
        attempts: list[tuple[Attempt, Scheduled]],
    ) -> None:
        """Close the exam and record its answers as attempts, all in one transaction."""
        with self.store.transaction() as conn:
            conn.execute(
                "UPDATE exams SET submitted_at = ?, time_used = ?, auto_submitted = ?,"
                " correct = ?, total = ?, result = ? WHERE id = ?",
                (submitted_at, time_used, int(auto), correct, total, json.dumps(result), exam_id),
            )
            for attempt, schedule in attempts:
                self.store.insert_attempt(conn, attempt, schedule)

    def abandon(self, exam_id: int, at: float) -> None:
        """Set an unfinished exam aside; its answers stay in the store."""
        with self.store.transaction() as conn:
            conn.execute("UPDATE exams SET abandoned_at = ? WHERE id = ?", (at, exam_id))

    def running(self) -> ExamRecord | None:
        """The latest exam neither submitted nor abandoned, if any."""
        row = self.store.conn.execute(
            "SELECT id FROM exams WHERE submitted_at IS NULL AND abandoned_at IS NULL"
            " ORDER BY id DESC LIMIT 1"
        ).fetchone()
        return self.get(row[0]) if row else None

    def get(self, exam_id: int) -> ExamRecord:
        conn = self.store.conn
        row = conn.execute(
            "SELECT id, created_at, seed, time_limit, time_used, questions, packs, submitted_at,"
            " auto_submitted, correct, total, result FROM exams WHERE id = ?",
            (exam_id,),
        ).fetchone()
        if row is None:
            raise KeyError(f"no exam {exam_id}")
        answers = conn.execute(
            "SELECT position, choice, choices, flagged FROM exam_answers WHERE exam_id = ?",
            (exam_id,),
        ).fetchall()
        return ExamRecord(
            id=row[0],
            created_at=row[1],
            seed=row[2],
            time_limit=row[3],
            time_used=row[4],
            questions=tuple(json.loads(row[5])),
            packs=tuple(json.loads(row[6])),
            answers={
                pos: _choices(choice, choices)
                for pos, choice, choices, _ in answers
                if choice is not None or choices
            },
            flagged=frozenset(pos for pos, _, _, flagged in answers if flagged),
            submitted_at=row[7],
            auto_submitted=bool(row[8]),
            correct=row[9],
            total=row[10],
            result=json.loads(row[11]) if row[11] else None,
        )

    def history(self) -> list[ExamRecord]:
        """Submitted exams, oldest first."""
        rows = self.store.conn.execute(
            "SELECT id FROM exams WHERE submitted_at IS NOT NULL ORDER BY submitted_at, id"
        ).fetchall()
        return [self.get(row[0]) for row in rows]


def _choices(choice: int | None, choices: str | None) -> frozenset[int]:
    """The options chosen: the list when there is one (schema 3), else the single choice."""
    if choices:
        return frozenset(int(n) for n in json.loads(choices))
    return frozenset() if choice is None else frozenset([choice])
