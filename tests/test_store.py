"""The SQLite store: migrations, atomic answers, damaged files moved aside, data dir choice."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from ccaf.store.db import SCHEMA_VERSION, Attempt, Scheduled, Store, StoreError, default_data_dir
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
