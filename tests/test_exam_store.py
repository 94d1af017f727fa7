"""The exam tables read back exactly as written, and a hand-edited row is read without a crash:
each part that does not read as what ccaf wrote is named, the rest is kept."""

from __future__ import annotations

import pytest

from ccaf.store.db import Store
from ccaf.store.exams import ExamStore

QUESTIONS = ["q1", "q2", "q3"]


@pytest.fixture
def exams(store: Store) -> ExamStore:
    return store.exams


def test_an_exam_reads_back_as_it_was_written(exams: ExamStore) -> None:
    exam_id = exams.create(100.0, 7, 360.0, QUESTIONS, ["demo"])
    exams.answer(exam_id, 0, frozenset({2}), 10.0)
    exams.answer(exam_id, 1, frozenset({0, 3}), 20.0)
    exams.flag(exam_id, 2, True, 25.0)
    exams.move(exam_id, 30.0, (0, 12.5), 2)
    exams.save_time(exam_id, 33.0, (2, 4.0))
    record = exams.get(exam_id)
    assert (record.id, record.created_at, record.seed, record.time_limit) == (
        exam_id,
        100.0,
        7,
        360.0,
    )
    assert (record.time_used, record.questions, record.packs) == (33.0, tuple(QUESTIONS), ("demo",))
    assert record.answers == {0: frozenset({2}), 1: frozenset({0, 3})}
    assert record.flagged == frozenset({2})
    assert (record.position, record.time_spent) == (2, {0: 12.5, 2: 4.0})
    assert record.problem is None and record.result is None
    assert not record.finished and not record.auto_submitted
    exams.answer(exam_id, 0, frozenset(), 34.0)  # cleared
    assert exams.get(exam_id).answers == {1: frozenset({0, 3})}
    with pytest.raises(KeyError, match="no exam 99"):
        exams.get(99)


def edit(store: Store, sql: str, *args: object) -> None:
    with store.transaction() as conn:
        conn.execute(sql, args)


def test_each_unreadable_part_of_a_hand_edited_exam_is_named(
    store: Store, exams: ExamStore
) -> None:
    exam_id = exams.create(100.0, 7, 360.0, QUESTIONS, ["demo"])
    edit(store, "UPDATE exams SET questions = ?, packs = ? WHERE id = ?", "[1, 2]", "{", exam_id)
    edit(store, "UPDATE exams SET time_limit = 'soon', created_at = 'then' WHERE id = ?", exam_id)
    edit(store, "UPDATE exams SET result = '[]', submitted_at = 'late' WHERE id = ?", exam_id)
    edit(store, "UPDATE exam_answers SET choices = '[\"a\"]' WHERE position = 0")
    edit(store, "UPDATE exam_answers SET choices = '{}' WHERE position = 1")
    edit(store, "UPDATE exam_answers SET choice = 'x' WHERE position = 2")
    record = exams.get(exam_id)
    assert record.problem is not None
    assert record.problem.split("; ") == [
        "its question list cannot be read",
        "its pack list cannot be read",
        "its result cannot be read",
        "its start time ('then') is not a finite number",
        "its time limit ('soon') is not a finite number",
        "its submission time ('late') is not a finite number",
        "its answer to question 1 cannot be read",
        "its answer to question 2 cannot be read",
        "its answer to question 3 cannot be read",
    ]
    assert (record.questions, record.packs, record.result, record.answers) == ((), (), {}, {})


@pytest.mark.parametrize(
    ("position", "read"),
    [(0, 0), (2, 2), (3, 0), (-1, 0), ("two", 0), (1.5, 0)],
)
def test_a_position_out_of_range_reopens_at_the_first_question(
    store: Store, exams: ExamStore, position: object, read: int
) -> None:
    exam_id = exams.create(100.0, 7, 360.0, QUESTIONS, ["demo"])
    edit(store, "UPDATE exams SET position = ? WHERE id = ?", position, exam_id)
    record = exams.get(exam_id)
    assert record.position == read and record.problem is None


@pytest.mark.parametrize(
    ("spent", "read"),
    [(4.5, {0: 4.5}), (3, {0: 3.0}), (-2.0, {}), (0, {}), ("five", {}), (float("inf"), {})],
)
def test_a_time_spent_that_is_not_a_duration_counts_as_none(
    store: Store, exams: ExamStore, spent: object, read: dict[int, float]
) -> None:
    exam_id = exams.create(100.0, 7, 360.0, QUESTIONS, ["demo"])
    edit(store, "UPDATE exam_answers SET time_spent = ? WHERE position = 0", spent)
    record = exams.get(exam_id)
    assert record.time_spent == read and record.problem is None
