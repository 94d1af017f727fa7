"""Browse: every item in the bank, found by words and fields, with what the learner did with it.

A search is one line, as in Anki's browser: words that must all appear somewhere in the item
(any case), and fields: `pack:ID` (an id or its start), `domain:N`, `task:1.4`, `kind:mcq`,
`tag:T`, `is:missed`, `is:flagged`, `is:suspended`. The same field given twice matches either
value; different fields must all match.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from ccaf.bank.model import KINDS, MCQ, AnyItem, Bank, Card, Pattern, SelfCheck
from ccaf.store.db import Attempt, Store
from ccaf.store.marks import MarkStore
from ccaf.study.drill import DRILL_KINDS, letters
from ccaf.study.stats import item_text

FIELDS = ("pack", "domain", "task", "kind", "tag", "is")
STATES = ("missed", "flagged", "suspended")
SEARCH_HELP = (
    "words, pack:ID domain:N task:1.4 kind:mcq|pattern|selfcheck|card tag:T "
    "is:missed|flagged|suspended"
)


class QueryError(ValueError):
    """A search that cannot be read: says which word and why."""


@dataclass(frozen=True, slots=True)
class BrowseFilter:
    """Which items a browse shows. Empty means "any"; every part given must match."""

    words: tuple[str, ...] = ()
    packs: tuple[str, ...] = ()
    domains: tuple[int, ...] = ()
    tasks: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    missed: bool = False
    flagged: bool = False
    suspended: bool = False


def parse_query(text: str) -> BrowseFilter:
    """Read a search line; raises `QueryError` naming the word it cannot read."""
    parts: dict[str, list[str]] = {name: [] for name in ("words", *FIELDS)}
    for word in text.split():
        name, colon, value = word.partition(":")
        if not colon:
            parts["words"].append(word.casefold())
            continue
        name = name.casefold()
        if name not in FIELDS:
            raise QueryError(f"{word!r}: no field {name!r} (fields: {', '.join(FIELDS)})")
        if not value:
            raise QueryError(f"{word!r}: say what {name} to look for")
        parts[name].append(value)
    for kind in parts["kind"]:
        if kind not in KINDS:
            raise QueryError(f"kind:{kind}: one of {', '.join(KINDS)}")
    for state in parts["is"]:
        if state not in STATES:
            raise QueryError(f"is:{state}: one of {', '.join(STATES)}")
    domains = []
    for domain in parts["domain"]:
        if not domain.isdigit():
            raise QueryError(f"domain:{domain}: a domain is a number, 1 to 5")
        domains.append(int(domain))
    return BrowseFilter(
        words=tuple(parts["words"]),
        packs=tuple(parts["pack"]),
        domains=tuple(domains),
        tasks=tuple(parts["task"]),
        kinds=tuple(parts["kind"]),
        tags=tuple(parts["tag"]),
        missed="missed" in parts["is"],
        flagged="flagged" in parts["is"],
        suspended="suspended" in parts["is"],
    )


def searchable_text(item: AnyItem) -> str:
    """Everything written in an item, for word search: id, tags, every text and rationale."""
    texts = [item.id, item.pack, item.task or "", item.source, *item.tags]
    if isinstance(item, MCQ):
        texts += [item.stem, item.explanation or "", item.scenario or ""]
        for option in item.options:
            texts += [option.text, option.rationale]
    elif isinstance(item, Pattern):
        texts += [item.looks_right, item.actually_wrong, item.holds or ""]
    elif isinstance(item, SelfCheck):
        texts += [item.question, item.answer]
    elif isinstance(item, Card):
        texts += [item.front, item.back]
    return "\n".join(texts).casefold()


@dataclass(slots=True)
class Entry:
    """One item as the browser lists it."""

    item: AnyItem
    domain: int
    text: str  # what it asks, on one line
    attempts: int = 0
    wrong: int = 0
    #: Whether its last graded attempt was right; None if never graded.
    last: bool | None = None
    flagged: bool = False
    suspended: bool = False
    haystack: str = field(default="", repr=False)

    @property
    def missed(self) -> bool:
        return self.last is False

    def matches(self, f: BrowseFilter) -> bool:
        item = self.item
        return (
            all(word in self.haystack for word in f.words)
            and (not f.packs or any(item.pack.startswith(p) for p in f.packs))
            and (not f.domains or self.domain in f.domains)
            and (not f.tasks or item.task in f.tasks)
            and (not f.kinds or item.kind in f.kinds)
            and (not f.tags or bool(set(f.tags) & set(item.tags)))
            and (not f.missed or self.missed)
            and (not f.flagged or self.flagged)
            and (not f.suspended or self.suspended)
        )


class Browser:
    """Every item of a bank with its history and marks; selects, flags and suspends them."""

    def __init__(self, bank: Bank, store: Store) -> None:
        self.bank = bank
        self.store = store
        self.marks = MarkStore(store)
        marks = self.marks.all()
        counts = dict.fromkeys(bank.items, (0, 0))
        rows = store.conn.execute(
            "SELECT item_id, COUNT(*), SUM(1 - correct) FROM attempts"
            " WHERE correct IS NOT NULL GROUP BY item_id"
        )
        for item_id, answers, wrong in rows:
            if item_id in counts:
                counts[item_id] = (answers, wrong)
        last = store.last_results()
        self.entries: dict[str, Entry] = {}
        for item_id, item in bank.items.items():  # as the bank is written
            answers, wrong = counts[item_id]
            self.entries[item_id] = Entry(
                item=item,
                domain=bank.domain_of(item),
                text=item_text(item),
                attempts=answers,
                wrong=wrong,
                last=last.get(item_id),
                flagged=item_id in marks.flagged,
                suspended=item_id in marks.suspended,
                haystack=searchable_text(item),
            )

    def select(self, f: BrowseFilter) -> list[Entry]:
        """The items `f` matches, in the bank's order."""
        return [entry for entry in self.entries.values() if entry.matches(f)]

    def search(self, query: str) -> list[Entry]:
        return self.select(parse_query(query))

    def history(self, item_id: str) -> list[Attempt]:
        """Every answer given to the item, oldest first."""
        return self.store.attempts(item_id)

    def toggle_flag(self, item_id: str, at: float) -> bool:
        """Flag the item, or unflag it; returns whether it is now flagged."""
        entry = self.entries[item_id]
        self.marks.set_flagged(item_id, not entry.flagged, at)  # committed first
        self.entries[item_id] = replace(entry, flagged=not entry.flagged)
        return not entry.flagged

    def toggle_suspend(self, item_id: str, at: float) -> bool:
        """Suspend the item (it leaves every queue and exam), or bring it back."""
        entry = self.entries[item_id]
        self.marks.set_suspended(item_id, not entry.suspended, at)
        self.entries[item_id] = replace(entry, suspended=not entry.suspended)
        return not entry.suspended


def answer_shown(item: AnyItem, choice: str | None) -> str:
    """An answer as recorded, in words a learner reads: an mcq's options as the letters of
    their written order ("B", "A and C"); anything else as it was recorded."""
    if choice is None:
        return ""
    if isinstance(item, MCQ):
        indexes = choice.split(",")
        if all(i.isdigit() and int(i) < len(item.options) for i in indexes):
            return letters(int(i) for i in indexes)
    return choice


@dataclass(frozen=True, slots=True)
class Study:
    """What studying a selection means: a drill of its questions and patterns, else a review
    of its cards and self-checks. Suspended items are left out."""

    mode: str  # drill | cards | none
    item_ids: tuple[str, ...]


def study_selection(entries: Sequence[Entry]) -> Study:
    active = [e.item for e in entries if not e.suspended]
    drill = _ids(i for i in active if i.kind in DRILL_KINDS)
    if drill:
        return Study("drill", drill)
    review = _ids(i for i in active if i.kind in ("card", "selfcheck"))
    return Study("cards", review) if review else Study("none", ())


def _ids(items: Iterable[AnyItem]) -> tuple[str, ...]:
    return tuple(item.id for item in items)
