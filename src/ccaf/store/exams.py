"""Mock exams in the store: created, answered, flagged and timed as they happen, then submitted."""

from __future__ import annotations

import json
import math
import sqlite3
from dataclasses import dataclass, field
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
    #: Why the row cannot be trusted, if it cannot (a hand-edited or foreign store): a part
    #: that does not read as what ccaf wrote. Such a record is never continued or counted.
    problem: str | None = None
    #: The question on screen when the exam was last saved (0 for a store older than schema 4).
    position: int = 0
    #: position -> the seconds spent on that question while the exam was open
    time_spent: dict[int, float] = field(default_factory=dict)
    abandoned_at: float | None = None

    @property
    def finished(self) -> bool:
        """Submitted or set aside: no longer in progress."""
        return self.submitted_at is not None or self.abandoned_at is not None


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

    def save_time(
        self, exam_id: int, time_used: float, question: tuple[int, float] | None = None
    ) -> None:
        """Save the time used; with `question`, (the position on screen, the seconds spent on
        it so far), also where the exam is and that question's time."""
        with self.store.transaction() as conn:
            conn.execute("UPDATE exams SET time_used = ? WHERE id = ?", (time_used, exam_id))
            if question is not None:
                self._save_question(conn, exam_id, question)

    @staticmethod
    def _save_question(conn: sqlite3.Connection, exam_id: int, question: tuple[int, float]) -> None:
        position, spent = question
        conn.execute("UPDATE exams SET position = ? WHERE id = ?", (position, exam_id))
        conn.execute(
            "UPDATE exam_answers SET time_spent = ? WHERE exam_id = ? AND position = ?",
            (spent, exam_id, position),
        )

    def move(self, exam_id: int, time_used: float, left: tuple[int, float], position: int) -> None:
        """The learner moved from `left` (its position, the seconds spent on it so far) to
        `position`: both are saved, with the time used, in one transaction."""
        with self.store.transaction() as conn:
            conn.execute("UPDATE exams SET time_used = ? WHERE id = ?", (time_used, exam_id))
            self._save_question(conn, exam_id, left)
            conn.execute("UPDATE exams SET position = ? WHERE id = ?", (position, exam_id))

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
        question: tuple[int, float] | None = None,
    ) -> None:
        """Close the exam and record its answers as attempts, all in one transaction."""
        with self.store.transaction() as conn:
            if question is not None:
                self._save_question(conn, exam_id, question)
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

    def delete(self, exam_id: int) -> None:
        """Remove a submitted or set-aside exam from the history. Its answers stay recorded as
        attempts: they still count for mastery and scheduling."""
        record = self.get(exam_id)
        if not record.finished:
            raise ValueError(f"exam {exam_id} is in progress: submit it or set it aside first")
        with self.store.transaction() as conn:
            conn.execute("DELETE FROM exam_answers WHERE exam_id = ?", (exam_id,))
            conn.execute("DELETE FROM exams WHERE id = ?", (exam_id,))

    def past(self) -> list[ExamRecord]:
        """Every submitted or set-aside exam, newest first, even one that does not read."""
        rows = self.store.conn.execute(
            "SELECT id FROM exams WHERE submitted_at IS NOT NULL OR abandoned_at IS NOT NULL"
            " ORDER BY id DESC"
        ).fetchall()
        return [self.get(row[0]) for row in rows]

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
            " auto_submitted, correct, total, result, position, abandoned_at FROM exams"
            " WHERE id = ?",
            (exam_id,),
        ).fetchone()
        if row is None:
            raise KeyError(f"no exam {exam_id}")
        answers = conn.execute(
            "SELECT position, choice, choices, flagged, time_spent FROM exam_answers"
            " WHERE exam_id = ?",
            (exam_id,),
        ).fetchall()
        problems: list[str] = []
        questions = _json(row[5], "question list", problems)
        packs = _json(row[6], "pack list", problems)
        result = _json(row[11], "result", problems, dict) if row[11] is not None else None
        for value, what in ((row[1], "start time"), (row[3], "time limit"), (row[4], "time used")):
            _number(value, what, problems)
        if row[7] is not None:
            _number(row[7], "submission time", problems)
        return ExamRecord(
            id=row[0],
            created_at=row[1],
            seed=row[2],
            time_limit=row[3],
            time_used=row[4],
            questions=tuple(questions),
            packs=tuple(packs),
            answers=_answers(answers, problems),
            flagged=frozenset(row[0] for row in answers if row[3]),
            submitted_at=row[7],
            auto_submitted=bool(row[8]),
            correct=row[9],
            total=row[10],
            result=result,
            problem="; ".join(problems) or None,
            # A position or time a hand edit left out of range is not worth setting the exam
            # aside for: it reopens at the first question, and the time counts as none.
            position=row[12] if type(row[12]) is int and 0 <= row[12] < len(questions) else 0,
            time_spent={row[0]: _seconds(row[4]) for row in answers if _seconds(row[4])},
            abandoned_at=row[13],
        )

    def history(self) -> list[ExamRecord]:
        """Submitted exams that read as ccaf wrote them, oldest first."""
        rows = self.store.conn.execute(
            "SELECT id FROM exams WHERE submitted_at IS NOT NULL ORDER BY submitted_at, id"
        ).fetchall()
        records = (self.get(row[0]) for row in rows)
        return [record for record in records if record.problem is None]


def _answers(rows: list[Any], problems: list[str]) -> dict[int, frozenset[int]]:
    """position -> the written indexes chosen: the JSON list (schema 3), else the single choice."""
    answers: dict[int, frozenset[int]] = {}
    for position, choice, choices, *_ in rows:
        try:
            if choices:
                listed = json.loads(choices)
                if not isinstance(listed, list) or not all(type(n) is int for n in listed):
                    raise ValueError(choices)
                answers[position] = frozenset(listed)
            elif choice is not None:
                answers[position] = frozenset([int(choice)])
        except (TypeError, ValueError, RecursionError):
            problems.append(f"its answer to question {position + 1} cannot be read")
    return answers


def _seconds(value: Any) -> float:
    """A stored time spent, or 0 if it does not read as a finite number of seconds."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        return 0.0
    return max(0.0, float(value))


def _json(text: Any, what: str, problems: list[str], kind: type = list) -> Any:
    """A JSON column, or an empty `kind` (and a problem noted) if it does not read as one."""
    try:
        value = json.loads(text)
    except (TypeError, ValueError, RecursionError):  # not text, not JSON, nested too deep
        value = None
    readable = isinstance(value, kind) and (
        not isinstance(value, list) or all(isinstance(v, str) for v in value)
    )
    if not readable:
        problems.append(f"its {what} cannot be read")
        return kind()
    return value


def _number(value: Any, what: str, problems: list[str]) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        problems.append(f"its {what} ({value!r:.40}) is not a finite number")
