"""The progress store: every answer, every schedule, every session, in one SQLite file.

Each answer is committed in its own transaction (WAL, synchronous=FULL) before the caller shows
its feedback, so a crash or a `kill -9` never loses an answer already shown as answered. A file
that SQLite cannot read is moved aside, never emptied, and a fresh store is started.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from ccaf.store.migrations import MIGRATIONS
from ccaf.text import visible

DB_NAME = "progress.db"
SCHEMA_VERSION = len(MIGRATIONS)

#: How an answer was given: a drill, a mock exam, a self-check, a flashcard review, or cram
#: (flashcards that leave the schedule alone).
Mode = Literal["drill", "exam", "selfcheck", "cards", "cram"]


class StoreError(Exception):
    """The store cannot be used (for example, it was written by a newer ccaf)."""

    def __str__(self) -> str:
        return visible(super().__str__())  # it names files, whose names come from outside


class NotSaved(StoreError):
    """A write failed (a full disk, a read-only file): nothing of it was saved, and nothing
    saved before it was touched."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path}: not saved: {reason}")
        self.path = path
        self.reason = reason


@dataclass(frozen=True, slots=True)
class Attempt:
    """One answer, as recorded."""

    item_id: str
    mode: Mode
    answered_at: float  # seconds since the epoch
    correct: bool | None
    rating: int | None = None  # the FSRS rating applied, if the schedule was updated
    choice: str | None = None
    elapsed_ms: int | None = None
    session_id: int | None = None


@dataclass(frozen=True, slots=True)
class Scheduled:
    """An item's spaced-repetition state, as the FSRS library serialises it."""

    item_id: str
    #: None where the stored card is not a JSON object (the item is then scheduled as new).
    card: dict[str, Any] | None
    due: float
    reviews: int
    first_seen: float


def default_data_dir(env: dict[str, str] | None = None) -> Path:
    """`CCAF_DATA_DIR` if set, else the platform's user data directory."""
    value = (os.environ if env is None else env).get("CCAF_DATA_DIR", "").strip()
    if value:
        return Path(value).expanduser()
    from platformdirs import user_data_path

    return user_data_path("ccaf", appauthor=False)


class Store:
    """The SQLite progress store. Use `Store.open(path)`; all methods run on the caller's thread."""

    def __init__(self, conn: sqlite3.Connection, path: Path, recovered: Path | None) -> None:
        self.conn = conn
        self.path = path
        #: Where a damaged file was moved to when this store was opened, if it was.
        self.recovered = recovered

    # -- opening ---------------------------------------------------------------------------

    @classmethod
    def open(cls, path: Path, clock: Callable[[], float] = time.time) -> Store:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            reason = "it is a file" if path.parent.is_file() else exc.strerror or str(exc)
            raise StoreError(
                f"{path.parent}: cannot use this as the data directory: {reason}"
            ) from exc
        recovered: Path | None = None
        try:
            conn = _connect(path)
        except sqlite3.DatabaseError as exc:
            if not _is_damage(exc):
                # Locked, unreadable, a full or failing disk: the file may be fine. Leave it.
                raise StoreError(f"{path}: cannot open the progress file: {exc}") from exc
            try:
                recovered = _move_aside(path, clock())
            except OSError as move_error:
                raise StoreError(
                    f"{path}: the progress file is damaged ({exc}) and could not be moved "
                    f"aside: {move_error.strerror or move_error}"
                ) from exc
            conn = _connect(path)
        return cls(conn, path, recovered)

    @classmethod
    def memory(cls) -> Store:
        """A store that lives only as long as the process (for tests and previews)."""
        conn = sqlite3.connect(":memory:", isolation_level=None)
        _migrate(conn, Path(":memory:"))
        return cls(conn, Path(":memory:"), None)

    def close(self) -> None:
        self.conn.close()

    @property
    def notice(self) -> str | None:
        """What to tell the user about how the store was opened, if anything."""
        if self.recovered is None:
            return None
        return (
            f"The progress file {self.path} could not be read. It was moved to "
            f"{self.recovered} (nothing was deleted) and a fresh one was started."
        )

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: committed on leaving, rolled back on an exception.

        A write that SQLite refuses (a full disk, a read-only file, a lock held too long)
        raises `NotSaved`; the transaction is rolled back, so what was saved before stays.
        """
        try:
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield self.conn
                self.conn.execute("COMMIT")
            except BaseException:
                if self.conn.in_transaction:  # SQLite may have rolled back already
                    with contextlib.suppress(sqlite3.Error):
                        self.conn.execute("ROLLBACK")
                raise
        except sqlite3.OperationalError as exc:
            raise NotSaved(self.path, _write_failure(exc)) from exc

    # -- answers and schedules -----------------------------------------------------------

    def record(self, attempt: Attempt, schedule: Scheduled | None = None) -> int:
        """Commit one answer, and the item's new schedule with it. Returns the attempt's id."""
        with self.transaction() as conn:
            return self.insert_attempt(conn, attempt, schedule)

    @staticmethod
    def insert_attempt(
        conn: sqlite3.Connection, attempt: Attempt, schedule: Scheduled | None
    ) -> int:
        """Insert an attempt (and the schedule it produced) inside the caller's transaction."""
        cursor = conn.execute(
            "INSERT INTO attempts (item_id, mode, answered_at, correct, rating, choice,"
            " elapsed_ms, session_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                attempt.item_id,
                attempt.mode,
                attempt.answered_at,
                None if attempt.correct is None else int(attempt.correct),
                attempt.rating,
                attempt.choice,
                attempt.elapsed_ms,
                attempt.session_id,
            ),
        )
        if schedule is not None:
            conn.execute(
                "INSERT INTO schedule (item_id, card, due, reviews, first_seen)"
                " VALUES (?, ?, ?, ?, ?) ON CONFLICT(item_id) DO UPDATE SET"
                " card = excluded.card, due = excluded.due, reviews = excluded.reviews",
                (
                    schedule.item_id,
                    json.dumps(schedule.card),
                    schedule.due,
                    schedule.reviews,
                    schedule.first_seen,
                ),
            )
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    def unrecord(
        self, attempt_id: int, item_id: str, schedule_before: Scheduled | None, *, restore: bool
    ) -> None:
        """Undo one answer in one transaction: its attempt row is deleted and, with `restore`,
        the item's schedule is put back exactly as `schedule_before` (no row if it had none).
        The attempt's session is open again, since it is being continued."""
        with self.transaction() as conn:
            row = conn.execute(
                "SELECT item_id, session_id FROM attempts WHERE id = ?", (attempt_id,)
            ).fetchone()
            if row is None or row[0] != item_id:
                raise StoreError(f"{self.path}: answer {attempt_id} ({item_id}) is not recorded")
            conn.execute("DELETE FROM attempts WHERE id = ?", (attempt_id,))
            if restore:
                if schedule_before is None:
                    conn.execute("DELETE FROM schedule WHERE item_id = ?", (item_id,))
                else:
                    conn.execute(
                        "INSERT OR REPLACE INTO schedule (item_id, card, due, reviews, first_seen)"
                        " VALUES (?, ?, ?, ?, ?)",
                        (
                            item_id,
                            json.dumps(schedule_before.card),
                            schedule_before.due,
                            schedule_before.reviews,
                            schedule_before.first_seen,
                        ),
                    )
            if row[1] is not None:
                conn.execute("UPDATE sessions SET finished_at = NULL WHERE id = ?", (row[1],))

    def scheduled(self, item_id: str) -> Scheduled | None:
        row = self.conn.execute(
            "SELECT item_id, card, due, reviews, first_seen FROM schedule WHERE item_id = ?",
            (item_id,),
        ).fetchone()
        return _scheduled(row) if row else None

    def due_times(self) -> dict[str, float]:
        """Each scheduled item's due time."""
        return dict(self.conn.execute("SELECT item_id, due FROM schedule").fetchall())

    def attempts(self, item_id: str | None = None, mode: Mode | None = None) -> list[Attempt]:
        sql = (
            "SELECT item_id, mode, answered_at, correct, rating, choice, elapsed_ms, session_id"
            " FROM attempts"
        )
        where, args = [], []
        if item_id is not None:
            where.append("item_id = ?")
            args.append(item_id)
        if mode is not None:
            where.append("mode = ?")
            args.append(mode)
        if where:
            sql += " WHERE " + " AND ".join(where)
        rows = self.conn.execute(sql + " ORDER BY id", args).fetchall()
        return [
            Attempt(r[0], r[1], r[2], None if r[3] is None else bool(r[3]), *r[4:]) for r in rows
        ]

    def last_results(self) -> dict[str, bool]:
        """Whether each item's last graded attempt was right."""
        rows = self.conn.execute(
            "SELECT item_id, correct FROM attempts WHERE id IN"
            " (SELECT MAX(id) FROM attempts WHERE correct IS NOT NULL GROUP BY item_id)"
        )
        return {item_id: bool(correct) for item_id, correct in rows}

    def new_seen_since(self, since: float, item_ids: Iterable[str]) -> int:
        """How many of `item_ids` were scheduled for the first time at or after `since`.

        Reads only: Home counts with it, and must on a read-only or full store too."""
        wanted = set(item_ids)
        if not wanted:
            return 0
        rows = self.conn.execute("SELECT item_id FROM schedule WHERE first_seen >= ?", (since,))
        return sum(1 for (item_id,) in rows if item_id in wanted)

    def schedule_states(self) -> dict[str, tuple[float, float, int | None]]:
        """Each scheduled item's (due, first seen, FSRS state); the state is None where the
        stored card does not read as JSON with one."""
        rows = self.conn.execute(
            "SELECT item_id, due, first_seen, CASE WHEN json_valid(card)"
            " THEN json_extract(card, '$.state') END FROM schedule"
        )
        return {
            item_id: (due, first_seen, state if type(state) is int else None)
            for item_id, due, first_seen, state in rows
        }

    # -- sessions ------------------------------------------------------------------------

    def start_session(
        self, mode: Mode, started_at: float, seed: int | None, filters: dict[str, Any]
    ) -> int:
        with self.transaction() as conn:
            cursor = conn.execute(
                "INSERT INTO sessions (mode, started_at, seed, filters) VALUES (?, ?, ?, ?)",
                (mode, started_at, seed, json.dumps(filters, sort_keys=True)),
            )
            assert cursor.lastrowid is not None
            return cursor.lastrowid

    def finish_session(self, session_id: int, finished_at: float) -> None:
        with self.transaction() as conn:
            conn.execute(
                "UPDATE sessions SET finished_at = ? WHERE id = ?", (finished_at, session_id)
            )

    # -- settings ------------------------------------------------------------------------

    def setting(self, key: str, default: str | None = None) -> str | None:
        row = self.conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return row[0] if row else default

    def set_setting(self, key: str, value: str) -> None:
        with self.transaction() as conn:
            conn.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?)"
                " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, value),
            )


def _write_failure(exc: sqlite3.OperationalError) -> str:
    """Why SQLite refused a write, in words."""
    code = (getattr(exc, "sqlite_errorcode", None) or 0) & 0xFF
    reasons = {
        5: "another program holds the progress file",  # SQLITE_BUSY
        6: "another program holds the progress file",  # SQLITE_LOCKED
        8: "the progress file is read-only",  # SQLITE_READONLY
        10: "the disk could not be written (an I/O error)",  # SQLITE_IOERR
        13: "the disk is full",  # SQLITE_FULL
    }
    return reasons.get(code, str(exc))


def _scheduled(row: tuple[Any, ...]) -> Scheduled:
    try:
        card = json.loads(row[1])
    except (TypeError, ValueError):  # not JSON at all (a hand edit, a foreign tool)
        card = None
    return Scheduled(row[0], card if isinstance(card, dict) else None, row[2], row[3], row[4])


class _Damaged(sqlite3.DatabaseError):
    """SQLite opened the file but its own integrity check failed."""


_DAMAGE_CODES = {11, 26}  # SQLITE_CORRUPT, SQLITE_NOTADB


def _is_damage(exc: sqlite3.DatabaseError) -> bool:
    if isinstance(exc, _Damaged):
        return True
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in _DAMAGE_CODES
    text = str(exc).lower()
    return "not a database" in text or "malformed" in text


def _connect(path: Path) -> sqlite3.Connection:
    """Open, check and migrate the store. Raises `sqlite3.DatabaseError` if it is damaged."""
    conn = sqlite3.connect(path, isolation_level=None, timeout=10)
    try:
        conn.execute("PRAGMA busy_timeout = 10000")
        _refuse_newer(conn, path)  # before anything writes to the file
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if mode.lower() != "wal":
            raise sqlite3.DatabaseError(f"could not switch to WAL mode (got {mode})")
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
        check = conn.execute("PRAGMA quick_check").fetchone()[0]
        if check != "ok":
            raise _Damaged(f"quick_check: {check}")
        _migrate(conn, path)
    except BaseException:
        conn.close()
        raise
    return conn


def _refuse_newer(conn: sqlite3.Connection, path: Path) -> int:
    version: int = conn.execute("PRAGMA user_version").fetchone()[0]
    if version < 0:  # no ccaf writes one: the file was edited, or is another program's
        raise _Damaged(f"schema version {version} is not one ccaf writes")
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"{path} was written by a newer ccaf (schema {version}, this one knows "
            f"{SCHEMA_VERSION}); upgrade ccaf or use --data-dir to choose another directory"
        )
    return version


def _migrate(conn: sqlite3.Connection, path: Path) -> None:
    version = _refuse_newer(conn, path)
    for number in range(version, SCHEMA_VERSION):
        conn.execute("BEGIN IMMEDIATE")
        try:
            for statement in MIGRATIONS[number]:
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {number + 1}")
        except sqlite3.Error as exc:
            conn.execute("ROLLBACK")
            # Not damage: the file is left exactly as it was, and the user is told.
            raise StoreError(
                f"{path}: could not upgrade the progress file to schema {number + 1}: {exc}"
            ) from exc
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")


def _move_aside(path: Path, now: float) -> Path:
    """Move a damaged store (and its WAL files) aside; returns the new name of the main file."""
    stamp = datetime.fromtimestamp(now).strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.damaged-{stamp}")
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{path.name}.damaged-{stamp}-{n}")
    for suffix in ("", "-wal", "-shm"):
        source = Path(str(path) + suffix)
        if source.exists():
            source.rename(Path(str(target) + suffix))
    return target
