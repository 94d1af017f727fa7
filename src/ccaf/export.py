"""Export: the bank as an Anki deck, and the answer history as CSV.

Every note's GUID and id are derived from its item's id, so importing a newer export into Anki
updates the notes already there rather than adding copies. Suspended items are left out of the
deck. Files are written whole to a temporary name beside the target, then moved into place, so
a failed export never leaves half a file.
"""

from __future__ import annotations

import csv
import hashlib
import html
import itertools
import os
import secrets
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from ccaf.bank.model import MCQ, AnyItem, Bank, Card, Pattern, SelfCheck
from ccaf.store.db import Store
from ccaf.store.marks import MarkStore
from ccaf.study.drill import LETTERS

#: The history's columns, in order (the README describes each).
CSV_COLUMNS = (
    "answered_at",
    "item_id",
    "kind",
    "pack",
    "task",
    "mode",
    "correct",
    "rating",
    "choice",
    "elapsed_ms",
    "session_id",
)

# Fixed ids: the same note type and decks in every export, so Anki recognises them.
MODEL_ID = 1_607_392_319
DECK_NAME = "CCA-F (ccaf)"
ANKI_FIELDS = ("Front", "Back", "Source", "Item")


class ExportError(Exception):
    """An export that cannot be made: says which file or pack, and why."""


@dataclass(frozen=True, slots=True)
class Exported:
    notes: int
    by_kind: dict[str, int]
    path: Path


def select_for_export(
    bank: Bank, store: Store, packs: Sequence[str] = (), missed: bool = False
) -> list[AnyItem]:
    """The items to export: every kind, from `packs` (all, if none), missed only if asked, less
    the suspended. An unknown pack is an error that lists the known ones."""
    unknown = [p for p in packs if p not in bank.packs]
    if unknown:
        known = ", ".join(sorted(bank.packs)) or "none loaded"
        raise ExportError(f"no pack {', '.join(map(repr, unknown))} (packs: {known})")
    last = store.last_results() if missed else {}
    suspended = MarkStore(store).suspended()
    return [
        item
        for item in bank.items.values()
        if (not packs or item.pack in packs)
        and (not missed or last.get(item.id) is False)
        and item.id not in suspended
    ]


def note_id(item_id: str) -> int:
    """A stable Anki note id for an item: 13 digits, like Anki's own millisecond ids."""
    digest = hashlib.sha256(f"ccaf:{item_id}".encode()).digest()
    return 1_000_000_000_000 + int.from_bytes(digest[:8], "big") % 9_000_000_000_000


def note_guid(item_id: str) -> str:
    from genanki import guid_for

    return str(guid_for("ccaf", item_id))


def deck_id(pack_id: str) -> int:
    digest = hashlib.sha256(f"ccaf-deck:{pack_id}".encode()).digest()
    return 1_000_000_000 + int.from_bytes(digest[:4], "big") % 1_000_000_000


def _html(text: str) -> str:
    return html.escape(text).replace("\n", "<br>")


def faces(item: AnyItem) -> tuple[str, str]:
    """The HTML of an item's front and back in Anki: the question and its options; the answer,
    why each option is right or wrong, and the explanation."""
    if isinstance(item, MCQ):
        choose = f"<p><i>Choose {item.choose}.</i></p>" if item.choose > 1 else ""
        options = "".join(
            f"<li><b>{LETTERS[n]}</b> {_html(o.text)}</li>" for n, o in enumerate(item.options)
        )
        front = f"<p>{_html(item.stem)}</p>{choose}<ol class=options>{options}</ol>"
        keys = " and ".join(LETTERS[n] for n in sorted(item.correct_indexes))
        rationales = "".join(
            f"<li><b>{LETTERS[n]} {'✓' if o.correct else '✗'}</b> {_html(o.rationale)}</li>"
            for n, o in enumerate(item.options)
        )
        back = f"<p><b>Answer: {keys}</b></p><ul class=rationales>{rationales}</ul>"
        if item.explanation:
            back += f"<p>{_html(item.explanation)}</p>"
        return front, back
    if isinstance(item, Pattern):
        front = f"<p><i>Looks right. What is wrong with it?</i></p><p>{_html(item.looks_right)}</p>"
        back = f"<p><b>Actually wrong:</b> {_html(item.actually_wrong)}</p>"
        if item.holds is not None:
            back += f"<p><b>What holds:</b> {_html(item.holds)}</p>"
        return front, back
    if isinstance(item, SelfCheck):
        return f"<p>{_html(item.question)}</p>", f"<p>{_html(item.answer)}</p>"
    if isinstance(item, Card):
        return f"<p>{_html(item.front)}</p>", f"<p>{_html(item.back)}</p>"
    raise TypeError(f"{item.id}: cannot export a {item.kind}")


def _source_html(source: str) -> str:
    from ccaf.text import is_url

    shown = _html(source)
    return f'<a href="{html.escape(source, quote=True)}">{shown}</a>' if is_url(source) else shown


def _tags(item: AnyItem) -> list[str]:
    """Anki tags: no spaces; the pack, kind and task statement as `ccaf::...` tags."""
    tags = ["ccaf", f"ccaf::pack::{item.pack}", f"ccaf::kind::{item.kind}"]
    if item.task:
        tags.append(f"ccaf::task::{item.task}")
    tags += ["_".join(tag.split()) for tag in item.tags if tag.strip()]
    return tags


def write_anki(bank: Bank, items: Sequence[AnyItem], path: Path, now: float) -> Exported:
    """Write `items` as an Anki package: a deck per pack under one parent deck."""
    import genanki

    class StableNote(genanki.Note):  # type: ignore[misc]
        """A note (and its one card) whose ids come from the item id, not the clock."""

        def __init__(self, stable_id: int, **kwargs: Any) -> None:
            super().__init__(**kwargs)
            self.stable_id = stable_id

        def write_to_db(self, cursor: Any, timestamp: float, deck: int, id_gen: Any) -> None:
            ids = itertools.chain((self.stable_id, self.stable_id), id_gen)
            super().write_to_db(cursor, timestamp, deck, ids)

    model = genanki.Model(
        MODEL_ID,
        "ccaf",
        fields=[{"name": name} for name in ANKI_FIELDS],
        templates=[
            {
                "name": "Card",
                "qfmt": "{{Front}}",
                "afmt": '{{FrontSide}}<hr id="answer">{{Back}}'
                '<p class="source">Source: {{Source}}</p><p class="item">{{Item}}</p>',
            }
        ],
        css=".card { font-family: sans-serif; text-align: left; }"
        " .source, .item { font-size: small; color: grey; }",
    )
    decks: dict[str, Any] = {}
    by_kind: dict[str, int] = {}
    for item in items:
        pack = bank.packs.get(item.pack)
        title = pack.title if pack is not None else item.pack
        if item.pack not in decks:
            name = f"{DECK_NAME}::{title.replace('::', ':')}"
            decks[item.pack] = genanki.Deck(deck_id(item.pack), name)
        front, back = faces(item)
        decks[item.pack].add_note(
            StableNote(
                note_id(item.id),
                model=model,
                fields=[front, back, _source_html(item.source), _html(item.id)],
                guid=note_guid(item.id),
                tags=_tags(item),
            )
        )
        by_kind[item.kind] = by_kind.get(item.kind, 0) + 1
    package = genanki.Package(list(decks.values()))
    with _replacing(path) as temporary:
        package.write_to_file(str(temporary), timestamp=now)
    return Exported(len(items), by_kind, path)


def write_history(bank: Bank, store: Store, path: Path) -> int:
    """Write every recorded answer as CSV, oldest first; returns how many rows."""
    rows = store.conn.execute(
        "SELECT answered_at, item_id, mode, correct, rating, choice, elapsed_ms, session_id"
        " FROM attempts ORDER BY id"
    ).fetchall()
    with _replacing(path) as temporary, temporary.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(CSV_COLUMNS)
        for answered_at, item_id, mode, correct, rating, choice, elapsed, session in rows:
            item = bank.items.get(item_id)
            writer.writerow(
                (
                    datetime.fromtimestamp(answered_at).astimezone().isoformat(timespec="seconds"),
                    item_id,
                    item.kind if item else "",
                    item.pack if item else "",
                    (item.task or "") if item else "",
                    mode,
                    "" if correct is None else int(correct),
                    "" if rating is None else rating,
                    choice or "",
                    "" if elapsed is None else elapsed,
                    "" if session is None else session,
                )
            )
    return len(rows)


@contextmanager
def _replacing(path: Path) -> Iterator[Path]:
    """A temporary file beside `path`, moved onto it once written; errors say which file."""
    folder = path.parent
    try:
        if not folder.is_dir():
            raise ExportError(f"{path}: cannot write: there is no folder {folder}")
        if path.is_dir():
            raise ExportError(f"{path}: cannot write: it is a folder")
        temporary = folder / f".{path.name[:200]}.{secrets.token_hex(4)}.part"
        # Made by hand, not by mkstemp, so that it gets the usual permissions (the umask's).
        os.close(os.open(temporary, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o666))
    except OSError as exc:
        raise ExportError(f"{path}: cannot write: {exc.strerror or exc}") from exc
    try:
        yield temporary
        os.replace(temporary, path)
    except OSError as exc:
        raise ExportError(f"{path}: cannot write: {exc.strerror or exc}") from exc
    finally:
        temporary.unlink(missing_ok=True)
