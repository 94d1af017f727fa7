"""Mock exams: drawn like a real CCA-F sitting, timed, flaggable, resumable, then scored.

The real exam is 60 scenario questions in 120 minutes, one right answer of four, no penalty
for guessing, scored 100-1000 with 720 to pass; each sitting draws four of six scenarios. The
conversion from raw to scaled score is not published, so the scaled figure here is a labelled
estimate: 100 + 900 x the share answered right.

Time counts only while the exam is open: the screen pauses the session when it is left, and
the time used is saved with every answer, every flag and every few seconds. It is measured on
a monotonic clock, so a wall clock set back or forward gives no time and takes none.
"""

from __future__ import annotations

import random
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from ccaf.bank.model import DOMAINS, MCQ, Bank
from ccaf.store.db import Attempt, NotSaved, Scheduled, Store
from ccaf.store.exams import ExamRecord, ExamStore
from ccaf.study.drill import option_order
from ccaf.study.spacing import Spacing, rating_for_answer

DEFAULT_COUNT = 60
MINUTES_PER_QUESTION = 2  # 120 minutes for 60 questions
SCENARIOS_PER_SITTING = 4
PASS_SCALED = 720
WARN_SECONDS = 5 * 60
NO_SCENARIO = "general"
MAX_MINUTES = 24 * 60  # the longest exam that can be set: a day


class ExamSetAside(Exception):
    """The exam in progress could not be continued, and was set aside (its answers kept)."""


def scaled_estimate(correct: int, total: int) -> int:
    """An estimate of the 100-1000 scaled score: 100 + 900 x the share right."""
    return round(100 + 900 * correct / total) if total else 100


@dataclass(frozen=True, slots=True)
class ExamPlan:
    items: tuple[MCQ, ...]
    time_limit: float  # seconds
    seed: int
    packs: tuple[str, ...] = ()


def plan_exam(
    bank: Bank,
    seed: int,
    count: int | None = None,
    minutes: float | None = None,
    packs: Sequence[str] = (),
) -> ExamPlan:
    """Draw an exam: questions in proportion to domain weights, grouped by scenario."""
    unknown = [p for p in packs if p not in bank.packs]
    if unknown:
        raise ValueError("no pack " + ", ".join(repr(p) for p in unknown))
    pool = sorted(
        (i for i in bank.items.values() if isinstance(i, MCQ) and (not packs or i.pack in packs)),
        key=lambda i: i.id,
    )
    if not pool:
        raise ValueError("the loaded bank has no scenario questions (mcq items) to draw from")
    if minutes is not None and not (0 < minutes <= MAX_MINUTES):
        raise ValueError(f"the time allowed must be more than 0 and at most {MAX_MINUTES} minutes")
    rng = random.Random(seed)
    target = min(count or DEFAULT_COUNT, len(pool))

    scenarios = sorted({i.scenario for i in pool if i.scenario})
    rng.shuffle(scenarios)
    sitting = set(scenarios[:SCENARIOS_PER_SITTING])

    by_domain: dict[int, list[MCQ]] = defaultdict(list)
    for item in pool:
        by_domain[bank.packs[item.pack].domain].append(item)
    quotas = _quotas(target, {d: len(in_domain) for d, in_domain in by_domain.items()})
    chosen: list[MCQ] = []
    for domain, in_domain in sorted(by_domain.items()):
        preferred = [i for i in in_domain if i.scenario in sitting]
        others = [i for i in in_domain if i.scenario not in sitting]
        rng.shuffle(preferred)
        rng.shuffle(others)
        chosen.extend((preferred + others)[: quotas[domain]])

    # Group by scenario, as the real exam does: scenario blocks in a seeded order.
    order = {s: n for n, s in enumerate(scenarios)}
    groups: dict[str, list[MCQ]] = defaultdict(list)
    for item in chosen:
        groups[item.scenario or NO_SCENARIO].append(item)
    items: list[MCQ] = []
    for scenario in sorted(groups, key=lambda s: order.get(s, len(order))):
        block = sorted(groups[scenario], key=lambda i: i.id)
        rng.shuffle(block)
        items.extend(block)
    default = min(MINUTES_PER_QUESTION * len(items), MAX_MINUTES)
    limit = (minutes if minutes is not None else default) * 60
    return ExamPlan(tuple(items), float(limit), seed, tuple(packs))


def _quotas(target: int, available: dict[int, int]) -> dict[int, int]:
    """Split `target` questions across domains by exam weight, capped by what each domain has."""
    quotas = dict.fromkeys(available, 0)
    open_domains = set(available)
    remaining = target
    while remaining > 0 and open_domains:
        weights = {d: DOMAINS.get(d, ("", 0.2))[1] for d in open_domains}
        total = sum(weights.values())
        shares = {d: remaining * w / total for d, w in weights.items()}
        given = {d: int(shares[d]) for d in open_domains}
        # Largest remainder: the seats left go to the largest fractional shares.
        leftover = remaining - sum(given.values())
        for d in sorted(open_domains, key=lambda d: (-(shares[d] - given[d]), d))[:leftover]:
            given[d] += 1
        remaining = 0
        for d in list(open_domains):
            room = available[d] - quotas[d]
            take = min(room, given[d])
            quotas[d] += take
            remaining += given[d] - take
            if quotas[d] >= available[d]:
                open_domains.discard(d)
    return quotas


@dataclass(frozen=True, slots=True)
class Score:
    right: int
    total: int

    @property
    def percent(self) -> float:
        return 100.0 * self.right / self.total if self.total else 0.0


@dataclass(frozen=True)
class ExamResult:
    correct: int
    total: int
    answered: int
    time_used: float
    auto_submitted: bool
    by_domain: dict[str, Score] = field(default_factory=dict)
    by_scenario: dict[str, Score] = field(default_factory=dict)
    by_tag: dict[str, Score] = field(default_factory=dict)
    by_pack: dict[str, Score] = field(default_factory=dict)

    @property
    def percent(self) -> float:
        return 100.0 * self.correct / self.total if self.total else 0.0

    @property
    def scaled(self) -> int:
        return scaled_estimate(self.correct, self.total)

    @property
    def passed(self) -> bool:
        return self.scaled >= PASS_SCALED

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["percent"] = round(self.percent, 1)
        data["scaled_estimate"] = self.scaled
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ExamResult:
        def scores(key: str) -> dict[str, Score]:
            return {k: Score(v["right"], v["total"]) for k, v in data.get(key, {}).items()}

        return cls(
            correct=data["correct"],
            total=data["total"],
            answered=data["answered"],
            time_used=data["time_used"],
            auto_submitted=data["auto_submitted"],
            by_domain=scores("by_domain"),
            by_scenario=scores("by_scenario"),
            by_tag=scores("by_tag"),
            by_pack=scores("by_pack"),
        )


@dataclass(frozen=True, slots=True)
class QuestionReview:
    """One question after the exam: what was chosen and what was right, in shown order."""

    position: int
    item: MCQ
    order: list[int]  # written indexes in the order shown
    chosen: int | None  # shown index chosen, if answered
    right: int  # shown index of the right option
    flagged: bool

    @property
    def correct(self) -> bool:
        return self.chosen == self.right


def _why_not_resumable(record: ExamRecord) -> str | None:
    """Why a stored exam cannot be continued, if it cannot."""
    if record.problem is not None:
        return record.problem
    limit, used = record.time_limit, record.time_used
    if not 0 < limit <= MAX_MINUTES * 60:
        return f"its time limit of {limit:g} seconds is out of range (at most {MAX_MINUTES * 60})"
    if not 0 <= used <= limit:
        return f"its time used, {used:g} seconds, is out of range (0 to {limit:g})"
    return None


def running_exam(store: Store, now: float) -> ExamRecord | None:
    """The exam in progress, if there is one that can be continued.

    One that cannot (a hand-edited store, or one an older ccaf let `--minutes 1e308` poison)
    is set aside, its answers kept, and `ExamSetAside` says why; the next call goes on.
    """
    exams = ExamStore(store)
    record = exams.running()
    if record is None:
        return None
    problem = _why_not_resumable(record)
    if problem is None:
        return record
    what = f"The mock exam in progress (exam {record.id}) cannot be continued: {problem}."
    try:
        exams.abandon(record.id, now)
    except NotSaved as exc:
        raise ExamSetAside(f"{what} It could not be set aside either: {exc}") from exc
    raise ExamSetAside(f"{what} It was set aside; its answers are kept.")


class ExamSession:
    """A mock exam being taken (or resumed). Every change is saved before it returns.

    `clock` gives the wall-clock times recorded; `timer`, a monotonic clock, the time used.
    """

    def __init__(
        self,
        store: Store,
        bank: Bank,
        record: ExamRecord,
        clock: Callable[[], float],
        timer: Callable[[], float] = time.monotonic,
    ) -> None:
        self.store = store
        self.exams = ExamStore(store)
        self.bank = bank
        self.id = record.id
        self.seed = record.seed
        self.time_limit = record.time_limit
        self.question_ids = record.questions
        found = [bank.items.get(i) for i in record.questions]
        #: None where an item has left the bank since the exam began (it scores as wrong).
        self.items: list[MCQ | None] = [i if isinstance(i, MCQ) else None for i in found]
        self.answers: dict[int, int] = dict(record.answers)  # position -> written index
        self.flags: set[int] = set(record.flagged)
        self.clock = clock
        self.timer = timer
        self._used_before = record.time_used
        self._opened_at: float | None = None
        self.position = 0
        self.result: ExamResult | None = None
        if record.submitted_at is not None and record.result is not None:
            self.result = ExamResult.from_json(record.result)

    # -- starting and resuming -----------------------------------------------------------

    @classmethod
    def start(
        cls,
        store: Store,
        bank: Bank,
        plan: ExamPlan,
        clock: Callable[[], float],
        timer: Callable[[], float] = time.monotonic,
    ) -> ExamSession:
        exam_id = ExamStore(store).create(
            clock(), plan.seed, plan.time_limit, [i.id for i in plan.items], list(plan.packs)
        )
        return cls(store, bank, ExamStore(store).get(exam_id), clock, timer)

    @classmethod
    def resume(
        cls,
        store: Store,
        bank: Bank,
        clock: Callable[[], float],
        timer: Callable[[], float] = time.monotonic,
    ) -> ExamSession | None:
        """The exam in progress; `ExamSetAside` if it could not be continued."""
        record = running_exam(store, clock())
        return cls(store, bank, record, clock, timer) if record else None

    # -- time ----------------------------------------------------------------------------

    @property
    def is_open(self) -> bool:
        return self._opened_at is not None

    def open(self) -> None:
        """The exam is on screen: its clock runs."""
        if self._opened_at is None:
            self._opened_at = self.timer()

    def pause(self) -> None:
        """The exam is off screen: its clock stops, and the time used is saved."""
        if self._opened_at is not None:
            self._used_before = self.time_used
            self._opened_at = None
            if self.result is None:
                self.exams.save_time(self.id, self._used_before)

    @property
    def time_used(self) -> float:
        running = self.timer() - self._opened_at if self._opened_at is not None else 0.0
        return min(self.time_limit, max(0.0, self._used_before + max(0.0, running)))

    @property
    def time_left(self) -> float:
        return max(0.0, self.time_limit - self.time_used)

    @property
    def expired(self) -> bool:
        return self.time_left <= 0

    @property
    def warning(self) -> bool:
        return self.time_left <= WARN_SECONDS

    def save_time(self) -> None:
        if self.result is None:
            self.exams.save_time(self.id, self.time_used)

    # -- answering -----------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self.question_ids)

    @property
    def current(self) -> MCQ | None:
        return self.items[self.position]

    def order(self, position: int) -> list[int]:
        item = self.items[position]
        return option_order(item, self.seed) if item is not None else []

    def chosen(self, position: int) -> int | None:
        """The shown index chosen at `position`, if any."""
        written = self.answers.get(position)
        order = self.order(position)
        return order.index(written) if written is not None and written in order else None

    def choose(self, shown_index: int) -> None:
        self._check_running()
        order = self.order(self.position)
        if not 0 <= shown_index < len(order):
            raise ValueError(f"question {self.position + 1} has no option {shown_index + 1}")
        written = order[shown_index]
        self.exams.answer(self.id, self.position, written, self.time_used)
        self.answers[self.position] = written

    def clear(self) -> None:
        self._check_running()
        self.exams.answer(self.id, self.position, None, self.time_used)
        self.answers.pop(self.position, None)

    def toggle_flag(self) -> bool:
        self._check_running()
        flagged = self.position not in self.flags
        self.exams.flag(self.id, self.position, flagged, self.time_used)
        if flagged:
            self.flags.add(self.position)
        else:
            self.flags.discard(self.position)
        return flagged

    def goto(self, position: int) -> None:
        if not 0 <= position < len(self):
            raise IndexError(f"there is no question {position + 1}")
        self.position = position

    def next(self) -> None:
        self.goto(min(self.position + 1, len(self) - 1))

    def previous(self) -> None:
        self.goto(max(self.position - 1, 0))

    def unanswered(self) -> list[int]:
        return [p for p in range(len(self)) if p not in self.answers]

    def flagged(self) -> list[int]:
        return sorted(self.flags)

    def _check_running(self) -> None:
        if self.result is not None:
            raise RuntimeError("the exam has been submitted")

    # -- submitting and reviewing --------------------------------------------------------

    def submit(self, spacing: Spacing, auto: bool = False) -> ExamResult:
        """Score the exam and record each answer as an attempt, in one transaction."""
        self._check_running()
        now = self.clock()
        used = self.time_used
        tallies: dict[str, dict[str, list[int]]] = {
            k: defaultdict(lambda: [0, 0])
            for k in ("by_domain", "by_scenario", "by_tag", "by_pack")
        }
        correct = 0
        attempts: list[tuple[Attempt, Scheduled]] = []
        for review in self.review():
            item = review.item
            right = review.correct
            correct += right
            domain = self.bank.packs[item.pack].domain if item.pack in self.bank.packs else 0
            keys = {
                "by_domain": [f"D{domain}"],
                "by_scenario": [item.scenario or NO_SCENARIO],
                "by_tag": list(item.tags) or ["untagged"],
                "by_pack": [item.pack],
            }
            for table, names in keys.items():
                for name in names:
                    tallies[table][name][0] += right
                    tallies[table][name][1] += 1
            if review.chosen is not None:
                rating = rating_for_answer(right)
                attempt = Attempt(
                    item_id=item.id,
                    mode="exam",
                    answered_at=now,
                    correct=right,
                    rating=int(rating),
                    choice=str(review.order[review.chosen]),
                )
                attempts.append((attempt, spacing.review(item.id, rating, now)))
        result = ExamResult(
            correct=correct,
            total=len(self),
            answered=len(self.answers),
            time_used=used,
            auto_submitted=auto,
            **{
                table: {k: Score(*v) for k, v in sorted(rows.items())}
                for table, rows in tallies.items()
            },
        )
        self.exams.submit(self.id, now, used, auto, correct, len(self), result.to_json(), attempts)
        self._used_before, self._opened_at = used, None
        self.result = result
        return result

    def review(self) -> list[QuestionReview]:
        """Every question that is still in the bank, with its chosen and right options."""
        out = []
        for position, item in enumerate(self.items):
            if item is None:
                continue
            order = self.order(position)
            out.append(
                QuestionReview(
                    position=position,
                    item=item,
                    order=order,
                    chosen=self.chosen(position),
                    right=order.index(item.correct_index),
                    flagged=position in self.flags,
                )
            )
        return out

    def missed(self) -> list[MCQ]:
        return [r.item for r in self.review() if not r.correct]
