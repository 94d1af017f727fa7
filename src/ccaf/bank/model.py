"""The content model of the question bank: packs, the four item kinds, and load errors."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar, Literal

from ccaf.text import visible

Kind = Literal["mcq", "pattern", "selfcheck", "card"]
KINDS: tuple[Kind, ...] = ("mcq", "pattern", "selfcheck", "card")

#: The six scenarios a CCA-F sitting draws four from.
SCENARIOS: tuple[str, ...] = (
    "support-agent",
    "code-generation",
    "multi-agent-research",
    "developer-productivity",
    "claude-code-ci",
    "data-extraction",
)

#: Exam domains and their weights (share of the 60 questions).
DOMAINS: dict[int, tuple[str, float]] = {
    1: ("Agentic Architecture & Orchestration", 0.27),
    2: ("Tool Design & MCP Integration", 0.18),
    3: ("Claude Code Configuration & Workflows", 0.20),
    4: ("Prompt Engineering & Structured Output", 0.20),
    5: ("Context Management & Reliability", 0.15),
}


@dataclass(frozen=True, slots=True)
class Pack:
    id: str
    concept: str
    title: str
    domain: int
    path: Path
    note: str | None = None


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

    kind: ClassVar[Kind]


@dataclass(frozen=True, slots=True, kw_only=True)
class MCQ(Item):
    stem: str
    options: tuple[Option, ...]
    explanation: str | None = None
    difficulty: int | None = None
    scenario: str | None = None
    demo: str | None = None

    kind: ClassVar[Kind] = "mcq"

    @property
    def correct_index(self) -> int:
        return next(i for i, option in enumerate(self.options) if option.correct)


@dataclass(frozen=True, slots=True, kw_only=True)
class Pattern(Item):
    """A "looks right / actually wrong" distractor pattern."""

    looks_right: str
    actually_wrong: str

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

    def in_pack(self, pack_id: str) -> list[AnyItem]:
        return [item for item in self.items.values() if item.pack == pack_id]

    def counts(self) -> dict[str, Counter[str]]:
        """Item counts per pack id and kind."""
        counts: dict[str, Counter[str]] = {pack_id: Counter() for pack_id in self.packs}
        for item in self.items.values():
            counts.setdefault(item.pack, Counter())[item.kind] += 1
        return counts
