"""`ccaf export`: the Anki package opened as what it is (a zip holding an Anki SQLite
collection), its notes and their stable ids; the answer history as CSV; and clear errors."""

from __future__ import annotations

import csv
import sqlite3
import zipfile
from pathlib import Path

import pytest

from ccaf.bank.model import Bank
from ccaf.cli import main
from ccaf.export import (
    CSV_COLUMNS,
    ExportError,
    note_guid,
    note_id,
    select_for_export,
    write_anki,
    write_history,
)
from ccaf.store.db import DB_NAME, Attempt, Store
from ccaf.store.marks import MarkStore

from samples import FakeClock


def anki_notes(path: Path, tmp_path: Path) -> dict[str, tuple[int, str, list[str], str]]:
    """item id -> (note id, guid, fields, tags), read from the package's collection."""
    with zipfile.ZipFile(path) as package:
        assert "collection.anki2" in package.namelist()
        collection = tmp_path / f"{path.stem}-collection.anki2"
        collection.write_bytes(package.read("collection.anki2"))
    conn = sqlite3.connect(collection)
    try:
        rows = conn.execute("SELECT id, guid, flds, tags FROM notes").fetchall()
        cards = conn.execute("SELECT nid, queue FROM cards").fetchall()
    finally:
        conn.close()
    assert sorted(nid for nid, _ in cards) == sorted(r[0] for r in rows)  # a card per note
    notes = {}
    for nid, guid, fields, tags in rows:
        front, back, source, item_id = fields.split("\x1f")
        notes[item_id] = (nid, guid, [front, back, source], tags)
    return notes


def test_a_note_per_item_with_its_faces_and_stable_ids(
    study_bank: Bank, store: Store, clock: FakeClock, tmp_path: Path
) -> None:
    MarkStore(store).set_suspended("c3", True, clock())  # left out of the deck
    items = select_for_export(study_bank, store)
    first = write_anki(study_bank, items, tmp_path / "one.apkg", clock())
    assert first.notes == 10
    assert first.by_kind == {"mcq": 4, "pattern": 2, "selfcheck": 2, "card": 2}
    notes = anki_notes(tmp_path / "one.apkg", tmp_path)
    assert set(notes) == set(study_bank.items) - {"c3"}

    _nid, guid, (front, back, source), tags = notes["q2"]
    assert "Question 2?" in front and "<b>A</b> Right 2" in front  # stem and options in front
    assert "Answer: A" in back  # the answer, every rationale and the explanation on the back
    for text in ("Right because 2.", "Wrong because 2a.", "Wrong because 2c.", "Explanation 2."):
        assert text in back
    assert source == "s"
    assert guid == note_guid("q2")
    assert set(tags.split()) == {
        "ccaf",
        "ccaf::pack::demo",
        "ccaf::kind::mcq",
        "ccaf::task::1.1",
        "beta",  # the item's own tag
    }
    assert "Front 1" in notes["c1"][2][0] and "Back 1" in notes["c1"][2][1]
    assert "Ask 1?" in notes["s1"][2][0] and "Answer 1." in notes["s1"][2][1]
    assert "Plausible 1." in notes["p1"][2][0] and "True 1." in notes["p1"][2][1]

    # A second export, later: the same note ids and GUIDs, so a re-import updates in place.
    write_anki(study_bank, items, tmp_path / "two.apkg", clock() + 86400)
    again = anki_notes(tmp_path / "two.apkg", tmp_path)
    assert {k: v[:2] for k, v in again.items()} == {k: v[:2] for k, v in notes.items()}
    assert notes["q1"][0] == note_id("q1") and note_id("q1") != note_id("q2")


def test_only_the_packs_named_and_the_missed(
    study_bank: Bank, store: Store, clock: FakeClock
) -> None:
    store.record(Attempt("q1", "drill", clock(), False))
    store.record(Attempt("c1", "cards", clock(), False))
    store.record(Attempt("q2", "drill", clock(), True))
    assert [i.id for i in select_for_export(study_bank, store, missed=True)] == ["c1", "q1"]
    assert len(select_for_export(study_bank, store, packs=("demo",))) == 11
    with pytest.raises(ExportError, match=r"no pack 'nope' \(packs: demo\)"):
        select_for_export(study_bank, store, packs=("nope",))


def test_the_history_as_csv(
    study_bank: Bank, store: Store, clock: FakeClock, tmp_path: Path
) -> None:
    store.record(Attempt("q1", "drill", clock(), False, rating=1, choice="2", elapsed_ms=3000))
    store.record(Attempt("c1", "cram", clock() + 5, None, choice="good"))
    store.record(Attempt("gone", "drill", clock() + 9, True, rating=3))  # no longer in the bank
    path = tmp_path / "history.csv"
    assert write_history(study_bank, store, path) == 3
    with path.open(newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    assert tuple(rows[0]) == CSV_COLUMNS
    first = dict(zip(CSV_COLUMNS, rows[1], strict=True))
    assert first["answered_at"] == "2026-11-18T11:06:40+00:00"  # local time (UTC in tests)
    assert (first["item_id"], first["kind"], first["pack"], first["task"]) == (
        "q1",
        "mcq",
        "demo",
        "1.1",
    )
    assert (first["mode"], first["correct"], first["rating"], first["choice"]) == (
        "drill",
        "0",
        "1",
        "2",
    )
    assert first["elapsed_ms"] == "3000"
    cram = dict(zip(CSV_COLUMNS, rows[2], strict=True))
    assert (cram["correct"], cram["rating"], cram["elapsed_ms"]) == ("", "", "")
    gone = dict(zip(CSV_COLUMNS, rows[3], strict=True))
    assert (gone["item_id"], gone["kind"], gone["correct"]) == ("gone", "", "1")


def test_unwritable_paths_say_where_and_leave_nothing(
    study_bank: Bank, store: Store, clock: FakeClock, tmp_path: Path
) -> None:
    items = select_for_export(study_bank, store)
    with pytest.raises(ExportError, match="there is no folder"):
        write_anki(study_bank, items, tmp_path / "missing" / "deck.apkg", clock())
    with pytest.raises(ExportError, match="it is a folder"):
        write_history(study_bank, store, tmp_path)
    folder = tmp_path / "out"
    folder.mkdir()
    too_long = folder / ("h" * 300 + ".csv")  # a name no file system takes
    with pytest.raises(ExportError, match=r"h\.csv: cannot write: File name too long"):
        write_history(study_bank, store, too_long)
    assert list(folder.iterdir()) == []  # no half-written file left behind


def test_the_export_command(
    study_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    store = Store.open(data / DB_NAME)
    store.record(Attempt("q1", "drill", 1_795_000_000.0, False))
    store.close()
    common = ["--bank", str(study_dir), "--data-dir", str(data)]
    deck, history = tmp_path / "deck.apkg", tmp_path / "history.csv"
    code = main(["export", "--anki", str(deck), "--missed", "--csv", str(history), *common])
    out = capsys.readouterr().out
    assert code == 0
    assert f"{deck}: 1 note (1 mcq)" in out and f"{history}: 1 answer" in out
    assert list(anki_notes(deck, tmp_path)) == ["q1"]

    assert main(["export", *common]) == 2
    assert "give --anki FILE.apkg and/or --csv FILE" in capsys.readouterr().err
    assert main(["export", "--anki", str(deck), "--pack", "nope", *common]) == 2
    assert "no pack 'nope'" in capsys.readouterr().err
    assert main(["export", "--csv", str(tmp_path / "no" / "h.csv"), *common]) == 2
    assert "there is no folder" in capsys.readouterr().err


def test_an_export_gets_the_usual_permissions(
    study_bank: Bank, store: Store, tmp_path: Path
) -> None:
    import os

    folder = tmp_path / "out"
    folder.mkdir()
    path = folder / "history.csv"
    old = os.umask(0o022)
    try:
        write_history(study_bank, store, path)
    finally:
        os.umask(old)
    assert path.stat().st_mode & 0o777 == 0o644
    assert [p.name for p in folder.iterdir()] == ["history.csv"]  # no temporary file left
