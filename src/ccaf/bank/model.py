"""The content model of the question bank: packs, the four item kinds, and load errors."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar, Literal

from ccaf.bank.blueprint import Blueprint, load_blueprint
from ccaf.text import visible

Kind = Literal["mcq", "pattern", "selfcheck", "card"]
KINDS: tuple[Kind, ...] = ("mcq", "pattern", "selfcheck", "card")

#: `exam`: what the CCA-F exam tests; `beyond`: engineering knowledge the exam does not test.
Scope = Literal["exam", "beyond"]
SCOPES: tuple[Scope, ...] = ("exam", "beyond")


@dataclass(frozen=True, slots=True)
class Pack:
    id: str
    concept: str
    title: str
    domain: int
    path: Path
    note: str | None = None
    scope: Scope = "exam"


@dataclass(frozen=True, slots=True)
class Option:
    text: str
    rationale: str
    correct: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class Item:
    """What every kind shares. `path` and `line` say where the item was written."""

    id: str
    source: str
    pack: str
    path: Path
    line: int
    tags: tuple[str, ...] = ()
    #: The exam task statement ("1.1" ... "5.6"); required in exam-scope packs.
    task: str | None = None

    kind: ClassVar[Kind]


@dataclass(frozen=True, slots=True, kw_only=True)
class MCQ(Item):
    stem: str
    options: tuple[Option, ...]
    explanation: str | None = None
    difficulty: int | None = None
    scenario: str | None = None
    demo: str | None = None
    #: How many options to pick; exactly this many are correct.
    choose: int = 1

    kind: ClassVar[Kind] = "mcq"

    @property
    def correct_indexes(self) -> frozenset[int]:
        """The written indexes of the correct options."""
        return frozenset(i for i, option in enumerate(self.options) if option.correct)

    @property
    def correct_index(self) -> int:
        """The correct option of a single-answer item (the first, for a multiple-response one)."""
        return min(self.correct_indexes)


@dataclass(frozen=True, slots=True, kw_only=True)
class Pattern(Item):
    """A "looks right / actually wrong" distractor pattern."""

    looks_right: str
    actually_wrong: str
    #: A corrected statement that is true. With it, the drill shows either statement and asks
    #: whether it holds; without it, it asks what is wrong and the learner grades themselves.
    holds: str | None = None

    kind: ClassVar[Kind] = "pattern"


@dataclass(frozen=True, slots=True, kw_only=True)
class SelfCheck(Item):
    question: str
    answer: str

    kind: ClassVar[Kind] = "selfcheck"


@dataclass(frozen=True, slots=True, kw_only=True)
class Card(Item):
    front: str
    back: str

    kind: ClassVar[Kind] = "card"


AnyItem = MCQ | Pattern | SelfCheck | Card


@dataclass(frozen=True, slots=True)
class BankError:
    """One problem in the bank, printed as ``PATH:LINE: item ID: field: message``."""

    path: Path
    line: int | None
    message: str
    item_id: str | None = None
    field: str | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line is not None else str(self.path)
        parts = [where]
        if self.item_id is not None:
            parts.append(f"item {self.item_id}")
        if self.field is not None:
            parts.append(self.field)
        parts.append(self.message)
        return visible(": ".join(parts))  # file names and quoted values come from outside


@dataclass
class Bank:
    """Everything that loaded, and every problem found on the way."""

    packs: dict[str, Pack] = field(default_factory=dict)
    items: dict[str, AnyItem] = field(default_factory=dict)
    errors: list[BankError] = field(default_factory=list)
    files: int = 0
    blueprint: Blueprint = field(default_factory=load_blueprint)

    def study_packs(self, named: tuple[str, ...] = ()) -> tuple[str, ...]:
        """The packs a study session draws from: those named, else the exam-scope packs (a
        learner's time goes to the exam unless they ask for more), else every pack."""
        if named:
            return named
        exam = tuple(p.id for p in self.packs.values() if p.scope == "exam")
        return exam or tuple(self.packs)

    def scope_of(self, item: AnyItem) -> Scope:
        pack = self.packs.get(item.pack)
        return pack.scope if pack is not None else "exam"

    def domain_of(self, item: AnyItem) -> int:
        """The item's exam domain: its task statement's, else its pack's (0 if neither)."""
        if item.task is not None and item.task in self.blueprint.tasks:
            return self.blueprint.tasks[item.task].domain
        pack = self.packs.get(item.pack)
        return pack.domain if pack is not None else 0

    def in_pack(self, pack_id: str) -> list[AnyItem]:
        return [item for item in self.items.values() if item.pack == pack_id]

    def counts(self) -> dict[str, Counter[str]]:
        """Item counts per pack id and kind."""
        counts: dict[str, Counter[str]] = {pack_id: Counter() for pack_id in self.packs}
        for item in self.items.values():
            counts.setdefault(item.pack, Counter())[item.kind] += 1
        return counts
