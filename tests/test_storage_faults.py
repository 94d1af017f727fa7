"""A full disk, a read-only progress file, a data directory that cannot be made: clear
messages, nothing shown as saved that is not, and nothing already saved touched."""

from __future__ import annotations

import itertools
import os
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from apps import make_app, settle, settle_exam
from ccaf.cli import main
from ccaf.store.db import DB_NAME, Attempt, NotSaved, Store
from ccaf.store.exams import ExamStore
from ccaf.study.drill import DrillFilter
from ccaf.tui.app import Start
from ccaf.tui.screens.drill import DrillScreen
from ccaf.tui.screens.exam import ExamScreen
from ccaf.tui.screens.review import ReviewScreen
from terminal import CCAF

from samples import FakeClock


def fill_up(store: Store) -> None:
    """A full disk: the file may not grow by a page, and the pages it has are full (the
    smallest possible rows fill them, so no real write fits)."""
    conn = store.conn
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.execute(f"PRAGMA max_page_count = {pages}")
    for insert in (
        "INSERT INTO attempts (item_id, mode, answered_at) VALUES ('', '', 0)",
        "INSERT INTO sessions (mode, started_at) VALUES ('', 0)",
        "INSERT INTO schedule (item_id, card, due, reviews, first_seen) VALUES (?, '', 0, 0, 0)",
    ):
        for n in itertools.count():
            try:
                conn.execute(insert, (f"~{n:x}",) if "?" in insert else ())
            except sqlite3.OperationalError as exc:
                assert "full" in str(exc)
                break


def make_read_only(store: Store) -> None:
    """A read-only progress file. Root writes to it regardless, so for root SQLite is told to
    refuse writes, as it does for everyone else."""
    store.path.chmod(0o444)
    if os.geteuid() == 0:
        store.conn.execute("PRAGMA query_only = ON")


@pytest.fixture
def file_store(tmp_path: Path) -> Iterator[Store]:
    store = Store.open(tmp_path / DB_NAME)
    store.record(Attempt("earlier", "drill", 1.0, True, 3))  # saved before: must stay
    yield store
    store.path.chmod(0o644)
    store.close()


@pytest.mark.parametrize(
    ("fault", "reason"),
    [(fill_up, "the disk is full"), (make_read_only, "the progress file is read-only")],
)
def test_a_refused_write_is_not_saved_and_touches_nothing(
    file_store: Store, fault: object, reason: str
) -> None:
    fault(file_store)  # type: ignore[operator]
    saved = file_store.attempts()
    with pytest.raises(NotSaved) as not_saved:
        file_store.record(Attempt("new", "drill", 2.0, True, 3, choice="b"))
    assert not_saved.value.reason == reason
    assert file_store.attempts() == saved and saved[0].item_id == "earlier"
    assert not file_store.conn.in_transaction  # the next write can begin


@pytest.mark.parametrize("fault", [fill_up, make_read_only])
async def test_drill_answer_that_cannot_be_saved_is_said_not_saved(
    study_dir: Path, file_store: Store, clock: FakeClock, fault: object
) -> None:
    start = Start(screen="drill", drill=DrillFilter(kinds=("pattern",)))
    app = make_app(study_dir, file_store, clock, start)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, DrillScreen)
        fault(file_store)  # type: ignore[operator]
        saved = file_store.attempts()
        await pilot.press("n")
        await pilot.pause()
        assert screen.session.feedback is None  # not shown as answered
        assert app.is_running and screen is app.screen
        [notice] = app._notifications
        assert notice.title == "Not saved"
        assert notice.message.startswith("Your answer was not saved: ")
        assert "What was saved before is kept." in notice.message
        assert file_store.attempts() == saved and saved[0].item_id == "earlier"
        assert not screen.query("#verdict")


async def test_flashcard_rating_on_a_full_disk(
    study_dir: Path, file_store: Store, clock: FakeClock
) -> None:
    app = make_app(study_dir, file_store, clock, Start(screen="cards"))
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        await pilot.press("space")
        fill_up(file_store)
        saved = file_store.attempts()
        await pilot.press("3")
        await pilot.pause()
        assert screen.session.done == 0 and screen.session.revealed and screen is app.screen
        assert any(n.message.startswith("Your rating was not saved") for n in app._notifications)
        assert file_store.attempts() == saved


async def test_exam_answer_on_a_read_only_store(
    study_dir: Path, file_store: Store, clock: FakeClock
) -> None:
    app = make_app(study_dir, file_store, clock, Start(screen="exam"))
    async with app.run_test(size=(100, 32)) as pilot:
        await settle_exam(pilot)
        screen = app.screen
        assert isinstance(screen, ExamScreen)
        make_read_only(file_store)
        await pilot.press("a", "f")
        await pilot.pause()
        assert screen.session.answers == {} and screen.session.flags == set()
        messages = [n.message for n in app._notifications]
        assert any(m.startswith("Your answer was not saved") for m in messages)
        assert any(m.startswith("The flag was not saved") for m in messages)
        assert ExamStore(file_store).get(screen.session.id).answers == {}
        await pilot.press("escape")  # pausing cannot save the time either: said, no crash
        await pilot.pause()
        assert app.is_running


async def test_time_up_on_a_full_disk_is_said_once_and_submitted_when_there_is_room(
    study_dir: Path, file_store: Store, clock: FakeClock
) -> None:
    from ccaf.tui.screens.exam_result import ExamResultScreen

    app = make_app(study_dir, file_store, clock, Start(screen="exam"))
    async with app.run_test(size=(100, 32)) as pilot:
        await settle_exam(pilot)
        screen = app.screen
        assert isinstance(screen, ExamScreen)
        await pilot.press("a")
        await pilot.pause()
        session = screen.session
        answers = ExamStore(file_store).get(session.id).answers
        assert answers != {}
        fill_up(file_store)
        clock.advance(session.time_limit + 1)
        for _ in range(4):  # the clock's ticks, one a second: each tries to submit
            await screen.tick()
        await pilot.pause()
        refused = [n.message for n in app._notifications if n.title == "Not saved"]
        assert len(refused) == 1
        assert refused[0].startswith("The submitted exam was not saved: the disk is full.")
        assert session.result is None and app.is_running
        assert ExamStore(file_store).get(session.id).answers == answers  # nothing lost
        file_store.conn.execute("PRAGMA max_page_count = 1073741823")  # room again
        await screen.tick()
        await pilot.pause()
        assert session.result is not None and session.result.auto_submitted
        assert isinstance(app.screen, ExamResultScreen)
        assert len([n for n in app._notifications if n.title == "Not saved"]) == 1


async def test_a_drill_cannot_open_on_a_full_disk(
    study_dir: Path, file_store: Store, clock: FakeClock
) -> None:
    fill_up(file_store)
    app = make_app(study_dir, file_store, clock, Start(screen="drill"))
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        assert app.is_running and not isinstance(app.screen, DrillScreen)
        assert any("not saved: the disk is full" in n.message for n in app._notifications)


# -- data directories ------------------------------------------------------------------------


def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("CCAF_BANK", "CCAF_DATA_DIR")}
    return subprocess.run(
        [str(CCAF), *map(str, args)], capture_output=True, text=True, env=env, timeout=60
    )


def test_a_data_dir_under_a_file(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    data_dir = tmp_path / "file" / "data"
    for command in (["stats", "--json"], ["exam"], ["drill"]):
        result = run("--data-dir", data_dir, *command)
        assert result.returncode == 2
        assert result.stderr == (
            f"ccaf: {data_dir}: cannot use this as the data directory: Not a directory\n"
        )


def test_a_data_dir_that_is_a_file(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    data_dir.write_text("x")
    result = run("--data-dir", data_dir, "stats", "--json")
    assert result.returncode == 2
    assert (
        result.stderr == f"ccaf: {data_dir}: cannot use this as the data directory: it is a file\n"
    )


def test_a_data_dir_whose_parent_is_not_writable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    parent = tmp_path / "locked"
    parent.mkdir()
    parent.chmod(0o555)
    data_dir = parent / "data"
    if os.geteuid() == 0:  # root may write anywhere: refuse where the OS would
        real_mkdir = Path.mkdir

        def mkdir(self: Path, *args: object, **kwargs: object) -> None:
            if self == data_dir:
                raise PermissionError(13, "Permission denied", str(self))
            real_mkdir(self, *args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(Path, "mkdir", mkdir)
    try:
        assert main(["--data-dir", str(data_dir), "stats", "--json"]) == 2
    finally:
        parent.chmod(0o755)
    assert capsys.readouterr().err == (
        f"ccaf: {data_dir}: cannot use this as the data directory: Permission denied\n"
    )
