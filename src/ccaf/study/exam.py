"""Mock exams: drawn like a real CCA-F sitting, timed, flaggable, resumable, then scored.

The real exam is 60 scenario questions in 120 minutes, one right answer of four, no penalty
for guessing, scored 100-1000 with 720 to pass; each sitting draws four of six scenarios. The
conversion from raw to scaled score is not published, so the scaled figure here is a labelled
estimate: 100 + 900 x the share answered right.

Time counts only while the exam is open: the screen pauses the session when it is left, and
the time used is saved with every answer, every flag and every few seconds. It is measured on
a monotonic clock, so a wall clock set back or forward gives no time and takes none. The
question on screen and the time spent on each question are saved as the learner moves, so
a resumed exam reopens where it was left, and the review shows each question's time.
"""

from __future__ import annotations

import itertools
import random
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

from ccaf.bank.blueprint import Scenario
from ccaf.bank.model import MCQ, Bank
from ccaf.store.db import Attempt, NotSaved, Scheduled, Store
from ccaf.store.exams import ExamRecord, ExamStore
from ccaf.study.drill import option_order
from ccaf.study.score import Score, Tally
from ccaf.study.spacing import Spacing, rating_for_answer

DEFAULT_COUNT = 60
MINUTES_PER_QUESTION = 2  # 120 minutes for 60 questions
SCENARIOS_PER_SITTING = 4
#: How far a domain's share of a drawn exam may fall short of its weight, in questions.
DOMAIN_TOLERANCE = 2
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
    #: The scenarios the sitting draws from, in the order their groups come.
    scenarios: tuple[str, ...] = ()
    #: True when every question comes from an exam-scope pack: a CCA-F mock.
    mock: bool = True


def exam_pool(
    bank: Bank, packs: Sequence[str] = (), exclude: Collection[str] = frozenset()
) -> list[MCQ]:
    """The questions an exam draws from: the named packs, else every exam-scope pack, less
    those in `exclude` (the suspended ones)."""
    unknown = [p for p in packs if p not in bank.packs]
    if unknown:
        raise ValueError("no pack " + ", ".join(repr(p) for p in unknown))
    return sorted(
        (
            item
            for item in bank.items.values()
            if isinstance(item, MCQ)
            and item.id not in exclude
            and (item.pack in packs if packs else bank.scope_of(item) == "exam")
        ),
        key=lambda item: item.id,
    )


def default_size(
    bank: Bank, packs: Sequence[str] = (), exclude: Collection[str] = frozenset()
) -> tuple[int, float]:
    """How many questions, and how many minutes, an exam drawn with no count or time given
    has: 60 and 120, or every question at two minutes each when the pool (less `exclude`,
    the suspended items) has fewer."""
    count = min(DEFAULT_COUNT, len(exam_pool(bank, packs, exclude)))
    return count, float(min(MINUTES_PER_QUESTION * count, MAX_MINUTES))


def plan_exam(
    bank: Bank,
    seed: int,
    count: int | None = None,
    minutes: float | None = None,
    packs: Sequence[str] = (),
    exclude: Collection[str] = frozenset(),
) -> ExamPlan:
    """Draw an exam as a sitting is drawn: four scenarios, questions by domain weight.

    The four scenarios are picked at random among the sets of four whose questions can give
    every domain its share to within `DOMAIN_TOLERANCE` (or, failing that, come closest), so
    the domain mix stays close to the exam's weights whichever scenarios come up; questions
    are then grouped by scenario.
    """
    pool = exam_pool(bank, packs, exclude)
    if not pool:
        what = "the named packs have" if packs else "the loaded bank has no exam-scope packs with"
        raise ValueError(f"{what} no scenario questions (mcq items) to draw from")
    if minutes is not None and not (0 < minutes <= MAX_MINUTES):
        raise ValueError(f"the time allowed must be more than 0 and at most {MAX_MINUTES} minutes")
    rng = random.Random(seed)
    target = min(count or DEFAULT_COUNT, len(pool))
    weights = {d.id: d.weight / 100 for d in bank.blueprint.domains.values()}

    scenarios = sorted({i.scenario for i in pool if i.scenario})
    sitting = _pick_scenarios(pool, scenarios, target, weights, bank, rng)
    in_sitting = [i for i in pool if i.scenario in sitting]
    if len(in_sitting) < target:  # a small bank: every scenario (and none) may be needed
        in_sitting = pool
    by_domain: dict[int, list[MCQ]] = defaultdict(list)
    for item in in_sitting:
        by_domain[bank.domain_of(item)].append(item)
    quotas = _quotas(target, {d: len(items) for d, items in by_domain.items()}, weights)
    chosen: list[MCQ] = []
    for domain, in_domain in sorted(by_domain.items()):
        rng.shuffle(in_domain)
        chosen.extend(in_domain[: quotas[domain]])

    # Group by scenario, as the real exam does: scenario blocks in a seeded order.
    groups: dict[str, list[MCQ]] = defaultdict(list)
    for item in chosen:
        groups[item.scenario or NO_SCENARIO].append(item)
    order = sorted(groups)
    rng.shuffle(order)
    items: list[MCQ] = []
    for scenario in order:
        block = sorted(groups[scenario], key=lambda i: i.id)
        rng.shuffle(block)
        items.extend(block)
    default = min(MINUTES_PER_QUESTION * len(items), MAX_MINUTES)
    limit = (minutes if minutes is not None else default) * 60
    mock = all(bank.scope_of(item) == "exam" for item in items)
    drawn = tuple(s for s in order if s != NO_SCENARIO)
    return ExamPlan(tuple(items), float(limit), seed, tuple(packs), drawn, mock)


def _pick_scenarios(
    pool: Sequence[MCQ],
    scenarios: Sequence[str],
    target: int,
    weights: dict[int, float],
    bank: Bank,
    rng: random.Random,
) -> frozenset[str]:
    """Four scenarios (all of them, if there are four or fewer) that fit the quotas best."""
    if len(scenarios) <= SCENARIOS_PER_SITTING:
        return frozenset(scenarios)
    counts: dict[str, Counter[int]] = defaultdict(Counter)
    for item in pool:
        if item.scenario:
            counts[item.scenario][bank.domain_of(item)] += 1
    ideal = _quotas(target, dict.fromkeys(weights, target), weights)
    scored: list[tuple[int, tuple[str, ...]]] = []
    for combo in itertools.combinations(scenarios, SCENARIOS_PER_SITTING):
        have: Counter[int] = sum((counts[s] for s in combo), Counter())
        if sum(have.values()) < target:
            continue
        scored.append((max(max(0, ideal[d] - have[d]) for d in ideal), combo))
    if not scored:  # no four scenarios hold enough questions: draw from them all
        return frozenset(scenarios)
    # Any four that come within the tolerance are equally likely, as at a real sitting.
    best = max(min(score for score, _ in scored), DOMAIN_TOLERANCE)
    return frozenset(rng.choice([combo for score, combo in scored if score <= best]))


def _quotas(target: int, available: dict[int, int], weights: dict[int, float]) -> dict[int, int]:
    """Split `target` questions across domains by exam weight, capped by what each domain has."""
    quotas = dict.fromkeys(available, 0)
    open_domains = {d for d, n in available.items() if n > 0}
    remaining = target
    while remaining > 0 and open_domains:
        shares_of = {d: weights.get(d, 0.2) for d in open_domains}
        total = sum(shares_of.values())
        shares = {d: remaining * w / total for d, w in shares_of.items()}
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


def domain_label(domain: int) -> str:
    """How a domain is named in a score report and in stored results: "D1"."""
    return f"D{domain}"


def domain_number(label: str) -> int:
    """The domain a stored result's key names ("D1" -> 1)."""
    if not (label.startswith("D") and label[1:].isdigit()):
        raise ValueError(f"{label!r} is not a domain (D1, D2, ...)")
    return int(label[1:])


@dataclass(frozen=True)
class ExamResult:
    correct: int
    total: int
    answered: int
    time_used: float
    auto_submitted: bool
    #: By exam domain number; stored and shown as "D1", "D2", ...
    by_domain: dict[int, Score] = field(default_factory=dict)
    by_scenario: dict[str, Score] = field(default_factory=dict)
    by_tag: dict[str, Score] = field(default_factory=dict)
    by_pack: dict[str, Score] = field(default_factory=dict)
    by_task: dict[str, Score] = field(default_factory=dict)

    @property
    def score(self) -> Score:
        return Score(self.correct, self.total)

    @property
    def percent(self) -> float:
        return self.score.percent

    @property
    def scaled(self) -> int:
        return scaled_estimate(self.correct, self.total)

    @property
    def passed(self) -> bool:
        return self.scaled >= PASS_SCALED

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["by_domain"] = {domain_label(d): asdict(s) for d, s in self.by_domain.items()}
        data["percent"] = round(self.percent, 1)
        data["scaled_estimate"] = self.scaled
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ExamResult:
        def scores(key: str) -> dict[str, Score]:
            return {k: Score(v["right"], v["total"]) for k, v in data.get(key, {}).items()}

        by_domain = {domain_number(k): score for k, score in scores("by_domain").items()}

        return cls(
            correct=data["correct"],
            total=data["total"],
            answered=data["answered"],
            time_used=data["time_used"],
            auto_submitted=data["auto_submitted"],
            by_domain=by_domain,
            by_scenario=scores("by_scenario"),
            by_tag=scores("by_tag"),
            by_pack=scores("by_pack"),
            by_task=scores("by_task"),
        )


@dataclass(frozen=True, slots=True)
class QuestionReview:
    """One question after the exam: what was chosen and what was right, in shown order."""

    position: int
    item: MCQ
    order: list[int]  # written indexes in the order shown
    chosen: frozenset[int]  # shown indexes chosen (empty: unanswered)
    right: frozenset[int]  # shown indexes of the right options
    flagged: bool
    #: Seconds spent on the question while the exam was open.
    time_spent: float = 0.0

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


def describe_exam(record: ExamRecord) -> str:
    """One line about a stored exam: its number, when it began, where it stands, its score."""
    return " · ".join(exam_summary(record))


def exam_summary(record: ExamRecord) -> tuple[str, str, str]:
    """A stored exam's number, when it began, and where it stands (with its score)."""
    began = datetime.fromtimestamp(record.created_at).strftime("%Y-%m-%d %H:%M")
    answered = f"{len(record.answers)} of {len(record.questions)} answered"
    if record.problem is not None:
        state = "cannot be read"
    elif record.submitted_at is not None and record.total:
        right = record.correct or 0
        state = (
            f"submitted: {right}/{record.total} right ({100 * right / record.total:.0f}%), "
            f"estimated {scaled_estimate(right, record.total)}"
        )
    elif record.abandoned_at is not None:
        state = f"set aside: {answered}"
    else:
        state = f"in progress: {answered}"
    return f"exam {record.id}", f"begun {began}", state


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
        #: position -> the written indexes chosen (a multiple-response item may hold fewer
        #: than it asks for while the learner is still choosing)
        self.answers: dict[int, frozenset[int]] = dict(record.answers)
        self.flags: set[int] = set(record.flagged)
        self.clock = clock
        self.timer = timer
        self._used_before = record.time_used
        self._opened_at: float | None = None
        #: The question on screen: where the learner was when the exam was last saved.
        self.position = record.position if 0 <= record.position < len(record.questions) else 0
        #: position -> seconds spent on it while the exam was open, up to the last move
        self.time_spent: dict[int, float] = dict(record.time_spent)
        #: The time used when the current question came on screen (while the exam is open).
        self._question_since: float | None = None
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
            self._question_since = self.time_used

    def pause(self) -> None:
        """The exam is off screen: its clock stops, and the time used is saved."""
        if self._opened_at is not None:
            question = self._settle_question()
            self._used_before = self.time_used
            self._opened_at = None
            self._question_since = None
            if self.result is None:
                self.exams.save_time(self.id, self._used_before, question)

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
            self.exams.save_time(self.id, self.time_used, self._settle_question())

    def spent(self, position: int) -> float:
        """The seconds spent on the question at `position` while the exam was open."""
        running, since = 0.0, self._question_since
        if position == self.position and since is not None and self.result is None:
            running = max(0.0, self.time_used - since)
        return self.time_spent.get(position, 0.0) + running

    def _settle_question(self) -> tuple[int, float]:
        """Add the current question's running time to its total: (its position, the total)."""
        position = self.position
        self.time_spent[position] = self.spent(position)
        if self._question_since is not None:
            self._question_since = self.time_used
        return position, self.time_spent[position]

    # -- answering -----------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self.question_ids)

    @property
    def mock(self) -> bool:
        """Whether every question comes from an exam-scope pack (a CCA-F mock)."""
        return all(item is None or self.bank.scope_of(item) == "exam" for item in self.items)

    def scenario(self, position: int) -> Scenario | None:
        """The blueprint scenario the question at `position` belongs to, if any."""
        item = self.items[position]
        if item is None or item.scenario is None:
            return None
        return self.bank.blueprint.scenarios.get(item.scenario)

    @property
    def current(self) -> MCQ | None:
        return self.items[self.position]

    def order(self, position: int) -> list[int]:
        item = self.items[position]
        return option_order(item, self.seed) if item is not None else []

    def chosen(self, position: int) -> frozenset[int]:
        """The shown indexes chosen at `position`."""
        order = self.order(position)
        return frozenset(order.index(w) for w in self.answers.get(position, ()) if w in order)

    def is_answered(self, position: int) -> bool:
        """Whether as many options are chosen as the question asks for."""
        item = self.items[position]
        wanted = item.choose if item is not None else 1
        return len(self.answers.get(position, ())) == wanted

    def choose(self, shown_index: int) -> None:
        """Choose the option shown at `shown_index`. On a single-answer question it replaces
        the answer; on a multiple-response one it toggles, up to the number asked for."""
        self._check_running()
        item = self.current
        order = self.order(self.position)
        if item is None or not 0 <= shown_index < len(order):
            raise ValueError(f"question {self.position + 1} has no option {shown_index + 1}")
        written = order[shown_index]
        if item.choose == 1:
            chosen = frozenset([written])
        else:
            before = self.answers.get(self.position, frozenset())
            chosen = before ^ {written}
            if len(chosen) > item.choose:
                raise ValueError(f"choose {item.choose}: clear one before choosing another")
        self._save_answer(chosen)

    def clear(self) -> None:
        self._check_running()
        self._save_answer(frozenset())

    def _save_answer(self, chosen: frozenset[int]) -> None:
        self.exams.answer(self.id, self.position, chosen, self.time_used)
        if chosen:
            self.answers[self.position] = chosen
        else:
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
        if self.result is not None or position == self.position:
            self.position = position
            return
        left = self._settle_question()
        self.exams.move(self.id, self.time_used, left, position)
        self.position = position

    def next(self) -> None:
        self.goto(min(self.position + 1, len(self) - 1))

    def previous(self) -> None:
        self.goto(max(self.position - 1, 0))

    def unanswered(self) -> list[int]:
        return [p for p in range(len(self)) if not self.is_answered(p)]

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
        question = self._settle_question()
        used = self.time_used
        by_domain: Tally[int] = Tally()
        by_scenario: Tally[str] = Tally()
        by_tag: Tally[str] = Tally()
        by_pack: Tally[str] = Tally()
        by_task: Tally[str] = Tally()
        correct = 0
        attempts: list[tuple[Attempt, Scheduled]] = []
        for review in self.review():
            item = review.item
            right = review.correct
            correct += right
            by_domain.add([self.bank.domain_of(item)], right)
            by_scenario.add([item.scenario or NO_SCENARIO], right)
            by_tag.add(item.tags or ("untagged",), right)
            by_pack.add([item.pack], right)
            by_task.add([item.task] if item.task else [], right)
            if review.chosen:
                rating = rating_for_answer(right)
                attempt = Attempt(
                    item_id=item.id,
                    mode="exam",
                    answered_at=now,
                    correct=right,
                    rating=int(rating),
                    choice=",".join(str(w) for w in sorted(self.answers[review.position])),
                )
                attempts.append((attempt, spacing.review(item.id, rating, now)))
        result = ExamResult(
            correct=correct,
            total=len(self),
            answered=len(self) - len(self.unanswered()),
            time_used=used,
            auto_submitted=auto,
            by_domain=by_domain.scores(),
            by_scenario=by_scenario.scores(),
            by_tag=by_tag.scores(),
            by_pack=by_pack.scores(),
            by_task=by_task.scores(),
        )
        self.exams.submit(
            self.id, now, used, auto, correct, len(self), result.to_json(), attempts, question
        )
        self._used_before, self._opened_at, self._question_since = used, None, None
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
                    right=frozenset(order.index(w) for w in item.correct_indexes),
                    flagged=position in self.flags,
                    time_spent=self.spent(position),
                )
            )
        return out

    def missed(self) -> list[MCQ]:
        return [r.item for r in self.review() if not r.correct]
