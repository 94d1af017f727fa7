"""Coverage and readiness: what the bank holds for each task statement, and where you stand.

Only exam-scope items count: a pack of knowledge the exam does not test never counts as
exam coverage or readiness. "Right" means right at the item's last graded attempt.

The readiness estimate weights each domain's accuracy by the exam's domain weights. Each
domain's accuracy is smoothed towards one half (a Beta(1, 1) prior, so a domain with no answers
counts as a coin toss, not as zero), and the uncertainty shown is two standard deviations of
that estimate: it narrows as answers accumulate. It is an estimate of the share you would get
right, not a prediction of the exam's scaled score.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

from ccaf.bank.model import KINDS, MCQ, Bank
from ccaf.store.db import Store
from ccaf.store.marks import MarkStore

#: What the bank should hold for each task statement, and MCQs for each scenario.
MINIMUM_ITEMS: dict[str, int] = {"mcq": 5, "pattern": 2, "selfcheck": 1, "card": 3}
MINIMUM_SCENARIO_MCQS = 20
WEAKEST_SHOWN = 3


@dataclass(frozen=True, slots=True)
class TaskStanding:
    task: str
    domain: int
    title: str
    items: dict[str, int]  # by kind
    seen: int  # items with a graded attempt
    right: int  # items right at their last graded attempt

    @property
    def total(self) -> int:
        return sum(self.items.values())

    @property
    def gaps(self) -> list[str]:
        """What the bank lacks for this task statement, against the minimums."""
        return [
            f"{self.items.get(kind, 0)} {kind} (at least {least})"
            for kind, least in MINIMUM_ITEMS.items()
            if self.items.get(kind, 0) < least
        ]

    @property
    def smoothed(self) -> float:
        return (self.right + 1) / (self.seen + 2)

    def to_json(self) -> dict[str, Any]:
        return {
            "task": self.task,
            "domain": self.domain,
            "title": self.title,
            "items": dict(self.items),
            "seen": self.seen,
            "right": self.right,
            "gaps": self.gaps,
        }


@dataclass(frozen=True, slots=True)
class Coverage:
    tasks: list[TaskStanding]
    #: Exam-scope MCQs per scenario.
    scenarios: dict[str, int]

    @property
    def gaps(self) -> list[str]:
        found = [f"task {t.task}: {', '.join(t.gaps)}" for t in self.tasks if t.gaps]
        found += [
            f"scenario {name}: {n} mcq (at least {MINIMUM_SCENARIO_MCQS})"
            for name, n in self.scenarios.items()
            if n < MINIMUM_SCENARIO_MCQS
        ]
        return found

    def to_json(self) -> dict[str, Any]:
        return {
            "tasks": [t.to_json() for t in self.tasks],
            "scenarios": dict(self.scenarios),
            "gaps": self.gaps,
        }


def coverage(bank: Bank, store: Store, skip: Collection[str] = frozenset()) -> Coverage:
    """Per task statement: the exam-scope items by kind, how many seen and how many right;
    items in `skip` are left out."""
    last = store.last_results()
    kinds: dict[str, Counter[str]] = {task: Counter() for task in bank.blueprint.tasks}
    seen: Counter[str] = Counter()
    right: Counter[str] = Counter()
    scenarios: Counter[str] = Counter(dict.fromkeys(bank.blueprint.scenarios, 0))
    for item in bank.items.values():
        if bank.scope_of(item) != "exam" or item.task not in kinds or item.id in skip:
            continue
        kinds[item.task][item.kind] += 1
        if item.id in last:
            seen[item.task] += 1
            right[item.task] += last[item.id]
        if isinstance(item, MCQ) and item.scenario:
            scenarios[item.scenario] += 1
    tasks = [
        TaskStanding(
            task=task.id,
            domain=task.domain,
            title=task.title,
            items={kind: kinds[task.id][kind] for kind in KINDS},
            seen=seen[task.id],
            right=right[task.id],
        )
        for task in bank.blueprint.tasks.values()
    ]
    return Coverage(tasks, dict(scenarios))


@dataclass(frozen=True, slots=True)
class DomainReadiness:
    domain: int
    title: str
    weight: int  # per cent of the exam
    items: int
    seen: int
    right: int

    @property
    def seen_share(self) -> float | None:
        return self.seen / self.items if self.items else None

    @property
    def accuracy(self) -> float | None:
        """Right at the last attempt, over the items seen."""
        return self.right / self.seen if self.seen else None

    def to_json(self) -> dict[str, Any]:
        return {
            "domain": self.domain,
            "title": self.title,
            "weight": self.weight,
            "items": self.items,
            "seen": self.seen,
            "right": self.right,
            "seen_share": _rounded(self.seen_share),
            "accuracy": _rounded(self.accuracy),
        }


@dataclass(frozen=True)
class Readiness:
    domains: list[DomainReadiness]
    #: The exam-weighted share right (smoothed), and two standard deviations of it.
    estimate: float
    margin: float
    #: How many items' answers the estimate rests on.
    answers: int
    weakest: list[TaskStanding] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "domains": [d.to_json() for d in self.domains],
            "estimate": {
                "share_right": round(self.estimate, 3),
                "plus_minus": round(self.margin, 3),
                "answers": self.answers,
                "note": "an estimate: domain accuracies weighted by the exam's domain weights, "
                "each smoothed towards 50%; plus_minus is two standard deviations",
            },
            "weakest_tasks": [t.task for t in self.weakest],
        }


def readiness(bank: Bank, store: Store, standing: Coverage | None = None) -> Readiness:
    """Where the learner stands in each domain, and an exam-weighted estimate with its margin.

    Suspended items, left out of study, are left out here too."""
    standing = standing or coverage(bank, store, MarkStore(store).suspended())
    domains = []
    for domain in bank.blueprint.domains.values():
        tasks = [t for t in standing.tasks if t.domain == domain.id]
        domains.append(
            DomainReadiness(
                domain=domain.id,
                title=domain.title,
                weight=domain.weight,
                items=sum(t.total for t in tasks),
                seen=sum(t.seen for t in tasks),
                right=sum(t.right for t in tasks),
            )
        )
    estimate, variance = 0.0, 0.0
    for d in domains:
        share = d.weight / 100
        alpha, beta = d.right + 1, d.seen - d.right + 1
        mean = alpha / (alpha + beta)
        estimate += share * mean
        variance += share**2 * alpha * beta / ((alpha + beta) ** 2 * (alpha + beta + 1))
    tried = [t for t in standing.tasks if t.seen]
    weakest = sorted(tried, key=lambda t: (t.smoothed, -t.seen, t.task))[:WEAKEST_SHOWN]
    return Readiness(
        domains=domains,
        estimate=estimate,
        margin=2 * math.sqrt(variance),
        answers=sum(d.seen for d in domains),
        weakest=weakest,
    )


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 3)
