"""The SQLite store: migrations, atomic answers, damaged files moved aside, data dir choice."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from ccaf.store.db import (
    SCHEMA_VERSION,
    Attempt,
    Scheduled,
    Store,
    StoreError,
    _Damaged,
    _is_damage,
    _move_aside,
    default_data_dir,
)
from ccaf.store.exams import ExamStore
from ccaf.store.migrations import MIGRATIONS


def attempt(item_id: str = "q1", correct: bool = True, at: float = 100.0) -> Attempt:
    return Attempt(item_id=item_id, mode="drill", answered_at=at, correct=correct, rating=3)


def test_new_store_is_wal_and_migrated(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "progress.db")
    assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert store.recovered is None and store.notice is None
    store.close()


def test_answers_survive_reopening(tmp_path: Path) -> None:
    path = tmp_path / "progress.db"
    store = Store.open(path)
    card = {"state": 1, "due": "x"}
    store.record(attempt("q1", True), Scheduled("q1", card, 500.0, 1, 100.0))
    store.record(attempt("q1", False, at=200.0))
    store.close()
    again = Store.open(path)
    assert [a.correct for a in again.attempts("q1")] == [True, False]
    assert again.last_results() == {"q1": False}
    scheduled = again.scheduled("q1")
    assert scheduled is not None and scheduled.card == card and scheduled.due == 500.0


def test_record_is_one_transaction(store: Store) -> None:
    bad = Scheduled("q1", {"x": object()}, 1.0, 1, 1.0)  # not JSON: fails inside the transaction
    with pytest.raises(TypeError):
        store.record(attempt(), bad)
    assert store.attempts() == []  # the attempt was rolled back with it
    store.record(attempt())
    assert len(store.attempts()) == 1


def test_last_results_ignore_ungraded_attempts(store: Store) -> None:
    store.record(attempt("q1", True))
    store.record(Attempt("q1", "cram", 300.0, None))
    assert store.last_results() == {"q1": True}


def test_damaged_file_is_moved_aside_not_emptied(tmp_path: Path) -> None:
    path = tmp_path / "progress.db"
    garbage = b"this is not a database" * 100
    path.write_bytes(garbage)
    store = Store.open(path, clock=lambda: 1_795_000_000.0)
    assert store.recovered is not None
    assert store.recovered.read_bytes() == garbage
    assert store.recovered.name.startswith("progress.db.damaged-")
    assert str(path) in (store.notice or "") and str(store.recovered) in (store.notice or "")
    store.record(attempt())  # the fresh store works
    assert len(store.attempts()) == 1


def test_truncated_database_is_moved_aside(tmp_path: Path) -> None:
    path = tmp_path / "progress.db"
    store = Store.open(path)
    for n in range(200):
        store.record(attempt(f"q{n}"))
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    data = path.read_bytes()
    path.write_bytes(data[:4096] + b"\x00" * 100 + data[4196:8192])
    reopened = Store.open(path)
    assert reopened.recovered is not None
    assert reopened.recovered.stat().st_size == 8192


def test_newer_schema_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "progress.db"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    conn.close()
    before = path.read_bytes()
    with pytest.raises(StoreError, match="newer ccaf"):
        Store.open(path)
    assert path.read_bytes() == before


def test_migration_from_an_older_version_keeps_data(tmp_path: Path) -> None:
    path = tmp_path / "progress.db"
    conn = sqlite3.connect(path)
    for statement in MIGRATIONS[0]:  # a store as the first schema left it
        conn.execute(statement)
    conn.execute(
        "INSERT INTO attempts (item_id, mode, answered_at, correct) VALUES ('q', 'drill', 1, 1)"
    )
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()
    store = Store.open(path)
    assert store.recovered is None
    assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert [a.item_id for a in store.attempts()] == ["q"]
    assert store.conn.execute("SELECT COUNT(*) FROM exams").fetchone()[0] == 0


def test_failed_migration_leaves_the_file_alone(tmp_path: Path) -> None:
    path = tmp_path / "progress.db"
    store = Store.open(path)
    store.record(attempt())
    store.conn.execute("PRAGMA user_version = 1")  # claims schema 1 but already has exams
    store.close()
    with pytest.raises(StoreError, match="could not upgrade"):
        Store.open(path)
    assert not list(tmp_path.glob("*.damaged-*"))
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT COUNT(*) FROM attempts").fetchone()[0] == 1


def test_settings_and_sessions(store: Store) -> None:
    assert store.setting("k", "default") == "default"
    store.set_setting("k", "1")
    store.set_setting("k", "2")
    assert store.setting("k") == "2"
    session = store.start_session("drill", 1.0, 42, {"packs": ["a"]})
    store.finish_session(session, 2.0)
    row = store.conn.execute("SELECT mode, seed, finished_at FROM sessions").fetchone()
    assert row == ("drill", 42, 2.0)


def test_data_dir_choice(tmp_path: Path) -> None:
    assert default_data_dir({"CCAF_DATA_DIR": str(tmp_path)}) == tmp_path
    assert default_data_dir({}).name == "ccaf"


def test_an_unopenable_path_is_not_taken_for_damage(tmp_path: Path) -> None:
    path = tmp_path / "progress.db"
    path.mkdir()  # a directory where the file should be: SQLite cannot open it
    with pytest.raises(StoreError, match="cannot open the progress file"):
        Store.open(path)
    assert path.is_dir() and not list(tmp_path.glob("*.damaged-*"))


def test_what_counts_as_damage() -> None:
    def error(text: str, code: int | None = None) -> sqlite3.DatabaseError:
        exc = sqlite3.DatabaseError(text)
        if code is not None:
            exc.sqlite_errorcode = code
        return exc

    assert _is_damage(error("x", 11)) and _is_damage(error("x", 26))  # CORRUPT, NOTADB
    assert _is_damage(error("x", 11 | 1 << 8))  # an extended code of CORRUPT
    assert not _is_damage(error("database disk image is malformed", 5))  # BUSY: the code wins
    assert _is_damage(error("File is not a database"))  # no code: the text decides
    assert _is_damage(error("database disk image is MALFORMED"))
    assert not _is_damage(error("database is locked"))
    assert _is_damage(_Damaged("quick_check: row 3 missing"))


def test_damaged_files_are_moved_aside_with_their_wal_each_under_a_new_name(
    tmp_path: Path,
) -> None:
    path = tmp_path / "progress.db"
    moved = []
    for n in range(3):
        path.write_bytes(b"garbage %d" % n)
        for suffix in ("-wal", "-shm"):
            Path(f"{path}{suffix}").write_bytes(b"%s %d" % (suffix.encode(), n))
        moved.append(_move_aside(path, 1_795_000_000.0))
        assert not path.exists() and not Path(f"{path}-wal").exists()
        assert not Path(f"{path}-shm").exists()
    stamp = "progress.db.damaged-20261118-110640"
    assert [m.name for m in moved] == [stamp, stamp + "-2", stamp + "-3"]
    assert [m.read_bytes() for m in moved] == [b"garbage 0", b"garbage 1", b"garbage 2"]
    assert Path(f"{moved[2]}-wal").read_bytes() == b"-wal 2"
    assert Path(f"{moved[1]}-shm").read_bytes() == b"-shm 1"
    path.write_bytes(b"garbage")  # opening moves it aside the same way
    store = Store.open(path, clock=lambda: 1_795_000_000.0)
    assert store.recovered == tmp_path / f"{stamp}-4" and store.path == path
    store.close()


def test_the_notice_and_errors_name_the_files(tmp_path: Path) -> None:
    path = tmp_path / "progress.db"
    path.write_bytes(b"not sqlite" * 200)
    store = Store.open(path, clock=lambda: 1_795_000_000.0)
    assert store.notice == (
        f"The progress file {path} could not be read. It was moved to "
        f"{tmp_path / 'progress.db.damaged-20261118-110640'} (nothing was deleted) and a fresh "
        "one was started."
    )
    store.conn.execute("PRAGMA user_version = 1")  # claims schema 1 but has every table
    store.close()
    with pytest.raises(StoreError) as failed:
        Store.open(path)
    assert str(failed.value).startswith(
        f"{path}: could not upgrade the progress file to schema 2: "
    )
    newer = tmp_path / "newer.db"
    conn = sqlite3.connect(newer)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(StoreError) as refused:
        Store.open(newer)
    assert str(refused.value) == (
        f"{newer} was written by a newer ccaf (schema {SCHEMA_VERSION + 1}, this one knows "
        f"{SCHEMA_VERSION}); upgrade ccaf or use --data-dir to choose another directory"
    )


def test_reading_back_schedules_attempts_and_new_cards(store: Store) -> None:
    store.record(attempt("q1", True, at=10.0), Scheduled("q1", {"s": 1}, 500.0, 1, 10.0))
    store.record(attempt("q1", False, at=20.0), Scheduled("q1", {"s": 2}, 80.0, 2, 10.0))
    store.record(attempt("q2", True, at=30.0), Scheduled("q2", {"s": 3}, 90.0, 1, 30.0))
    store.record(Attempt("q2", "exam", 40.0, False, 1, "0,2", 1500, None))
    assert store.scheduled("q1") == Scheduled("q1", {"s": 2}, 80.0, 2, 10.0)  # first sight kept
    assert store.scheduled("q2") == Scheduled("q2", {"s": 3}, 90.0, 1, 30.0)
    assert store.scheduled("q3") is None
    assert store.due_times() == {"q1": 80.0, "q2": 90.0}
    assert [a.answered_at for a in store.attempts()] == [10.0, 20.0, 30.0, 40.0]
    assert [a.answered_at for a in store.attempts("q2")] == [30.0, 40.0]
    assert store.attempts("q2", "exam") == [Attempt("q2", "exam", 40.0, False, 1, "0,2", 1500)]
    assert [a.item_id for a in store.attempts(mode="drill")] == ["q1", "q1", "q2"]
    assert store.last_results() == {"q1": False, "q2": False}
    assert store.new_seen_since(10.0, ["q1", "q2", "q9"]) == 2
    assert store.new_seen_since(10.5, ["q1", "q2"]) == 1
    assert store.new_seen_since(10.0, ["q2"]) == 1  # only the items asked about
    assert store.new_seen_since(0.0, []) == 0


def test_a_data_dir_from_the_environment_is_trimmed_and_expanded(tmp_path: Path) -> None:
    assert default_data_dir({"CCAF_DATA_DIR": f"  {tmp_path}  "}) == tmp_path
    assert default_data_dir({"CCAF_DATA_DIR": "~/ccaf-data"}) == Path.home() / "ccaf-data"
    assert default_data_dir({"CCAF_DATA_DIR": "   "}).parts[-1] == "ccaf"


def test_exam_records_read_back_as_written(store: Store) -> None:
    exams = ExamStore(store)
    first = exams.create(100.0, 7, 600.0, ["q1", "q2", "q3"], ["demo"])
    exams.answer(first, 0, frozenset({2}), 5.0)
    exams.answer(first, 1, frozenset({3, 1}), 6.0)
    exams.answer(first, 2, frozenset({0}), 7.0)
    exams.answer(first, 2, frozenset(), 8.0)  # cleared
    exams.flag(first, 1, True, 9.0)
    raw = store.conn.execute(
        "SELECT position, choice, choices, flagged FROM exam_answers ORDER BY position"
    ).fetchall()
    # One option is also kept in the schema-2 column; several only as the list.
    assert raw == [(0, 2, "[2]", 0), (1, None, "[1, 3]", 1), (2, None, None, 0)]
    record = exams.get(first)
    assert (record.id, record.created_at, record.seed, record.time_limit) == (
        first,
        100.0,
        7,
        600.0,
    )
    assert (record.time_used, record.questions, record.packs) == (
        9.0,
        ("q1", "q2", "q3"),
        ("demo",),
    )
    assert record.answers == {0: {2}, 1: {1, 3}} and record.flagged == {1}
    assert (record.submitted_at, record.auto_submitted, record.correct, record.total) == (
        None,
        False,
        None,
        None,
    )
    assert record.result is None
    # A store written before schema 3 has the single choice only.
    store.conn.execute("UPDATE exam_answers SET choices = NULL WHERE position = 0")
    assert exams.get(first).answers == {0: {2}, 1: {1, 3}}
    with pytest.raises(KeyError, match="no exam 99"):
        exams.get(99)

    second = exams.create(200.0, 8, 60.0, ["q1"], [])
    exams.submit(second, 250.0, 50.0, True, 1, 1, {"correct": 1}, [])
    exams.submit(first, 300.0, 20.0, False, 0, 3, {"correct": 0}, [])
    assert [r.id for r in exams.history()] == [second, first]  # by when they were submitted
    done = exams.get(second)
    assert (done.submitted_at, done.time_used, done.auto_submitted) == (250.0, 50.0, True)
    assert (done.correct, done.total, done.result) == (1, 1, {"correct": 1})
    assert exams.running() is None
    third = exams.create(400.0, 9, 60.0, ["q1"], [])
    exams.create(500.0, 9, 60.0, ["q2"], [])
    assert exams.running() is not None and exams.running().created_at == 500.0  # type: ignore[union-attr]
    exams.abandon(third + 1, 600.0)
    assert exams.running().id == third  # type: ignore[union-attr]


def test_an_exam_from_schema_3_reopens_at_its_first_question_with_no_time_spent(
    tmp_path: Path,
) -> None:
    path = tmp_path / "progress.db"
    conn = sqlite3.connect(path)
    for migration in MIGRATIONS[:3]:
        for statement in migration:
            conn.execute(statement)
    conn.execute(
        "INSERT INTO exams (id, created_at, seed, time_limit, time_used, questions)"
        ' VALUES (1, 1, 7, 240, 30, \'["a", "b"]\')'
    )
    conn.execute("INSERT INTO exam_answers (exam_id, position, item_id) VALUES (1, 0, 'a')")
    conn.execute("INSERT INTO exam_answers (exam_id, position, item_id) VALUES (1, 1, 'b')")
    conn.execute("PRAGMA user_version = 3")
    conn.commit()
    conn.close()
    store = Store.open(path)
    record = ExamStore(store).get(1)
    assert (record.position, record.time_spent, record.time_used) == (0, {}, 30)
    assert record.problem is None


def test_a_hand_edited_position_or_time_spent_reads_as_the_first_question_and_no_time(
    store: Store,
) -> None:
    exams = ExamStore(store)
    exam_id = exams.create(1.0, 7, 240.0, ["a", "b"], [])
    store.conn.execute("UPDATE exams SET position = 9 WHERE id = ?", (exam_id,))
    store.conn.execute("UPDATE exam_answers SET time_spent = 'x' WHERE position = 0")
    store.conn.execute("UPDATE exam_answers SET time_spent = 12.5 WHERE position = 1")
    record = exams.get(exam_id)
    assert (record.position, record.time_spent, record.problem) == (0, {1: 12.5}, None)
