"""After the exam: the score, a labelled scaled estimate, breakdowns, and a review."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static

from ccaf.study.drill import LETTERS, DrillFilter, letters
from ccaf.study.exam import PASS_SCALED, ExamSession, QuestionReview, domain_label
from ccaf.study.score import Score
from ccaf.text import clock_time, shorten
from ccaf.tui.widgets.footer import AppFooter
from ccaf.tui.widgets.scrolling import ScrollsBody, scroll_bindings
from ccaf.tui.widgets.source_line import SourceLine

if TYPE_CHECKING:
    from ccaf.tui.app import CcafApp


def bar(share: float, width: int = 12) -> str:
    filled = round(share * width)
    return "█" * filled + "░" * (width - filled)


def score_table(title: str, rows: dict[str, Score], table_id: str) -> DataTable[object]:
    table: DataTable[object] = DataTable(id=table_id, cursor_type="none", zebra_stripes=True)
    table.add_columns(title, "Right", "Share")
    for name, score in rows.items():
        share = score.right / score.total if score.total else 0.0
        table.add_row(Text(name), f"{score.right}/{score.total}", f"{bar(share)} {share:.0%}")
    return table


class ExamResultScreen(Screen[None]):
    CSS_PATH = "exam_result.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "review(False)", "Review all", id="result.review-all"),
        Binding("m", "review(True)", "Review missed", id="result.review-missed"),
        Binding("d", "drill_missed", "Drill the missed", id="result.drill-missed"),
        Binding("escape", "app.pop_screen", "Home", id="result.home"),
    ]

    app: CcafApp

    def __init__(self, session: ExamSession) -> None:
        super().__init__()
        self.session = session

    def compose(self) -> ComposeResult:
        result = self.session.result
        assert result is not None
        verdict = "at or above" if result.passed else "below"
        yield Header()
        with VerticalScroll(id="result"):
            yield Static("Mock exam result", id="title")
            yield Static(
                f"[b]{result.correct} / {result.total}[/b] right ({result.percent:.0f}%) · "
                f"{result.answered} answered · time {clock_time(result.time_used)}"
                + (" · submitted when time ran out" if result.auto_submitted else ""),
                id="score",
            )
            yield Static(
                f"Estimated scaled score [b]{result.scaled}[/b] of 1000: {verdict} the pass "
                f"line of {PASS_SCALED}.\n[dim]An estimate (100 + 900 × the share right): the "
                "real exam's conversion from raw to scaled score is not published.[/dim]",
                id="scaled",
                classes="pass" if result.passed else "fail",
            )
            blueprint = self.session.bank.blueprint
            known = blueprint.domains
            domains = {
                f"{domain_label(n)} {known[n].title}" if n in known else domain_label(n): score
                for n, score in result.by_domain.items()
            }
            yield Static("By domain (per cent right, as in the score report)", classes="heading")
            yield score_table("Domain", domains, "by-domain")
            if result.by_task:
                tasks = {
                    f"{key} {shorten(blueprint.tasks[key].title, 44)}"
                    if key in blueprint.tasks
                    else key: score
                    for key, score in sorted(
                        result.by_task.items(),
                        key=lambda kv: (
                            blueprint.tasks[kv[0]].sort_key if kv[0] in blueprint.tasks else (99, 0)
                        ),
                    )
                }
                yield Static("By task statement", classes="heading")
                yield score_table("Task statement", tasks, "by-task")
            yield Static("By scenario", classes="heading")
            yield score_table("Scenario", result.by_scenario, "by-scenario")
            yield Static("By tag", classes="heading")
            yield score_table("Tag", result.by_tag, "by-tag")
            missed = len(self.session.missed())
            yield Static(
                f"r: review every question · m: review the {missed} missed · "
                "d: drill the missed · escape: home",
                id="hints",
            )
        yield AppFooter()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("drill_missed",) or (action == "review" and parameters == (True,)):
            return bool(self.session.missed())
        return True

    def action_review(self, missed_only: bool) -> None:
        reviews = [r for r in self.session.review() if not (missed_only and r.correct)]
        if reviews:
            self.app.push_screen(ExamReviewScreen(reviews, missed_only))

    def action_drill_missed(self) -> None:
        missed = [item.id for item in self.session.missed()]
        if missed:
            self.app.start_drill(DrillFilter(), self.session.seed, items=missed)


class ExamReviewScreen(ScrollsBody):
    """Each question after the exam: the chosen and right options, every rationale."""

    CSS_PATH = "exam_result.tcss"
    SCROLL_BODY = "#review"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n,right", "move(1)", "Next", id="review.next"),
        Binding("p,left", "move(-1)", "Previous", id="review.previous"),
        Binding("escape", "app.pop_screen", "Back", id="review.back"),
        *scroll_bindings("exam-review"),
    ]

    def __init__(self, reviews: list[QuestionReview], missed_only: bool) -> None:
        super().__init__()
        self.reviews = reviews
        self.missed_only = missed_only
        self.index = 0

    def compose(self) -> ComposeResult:
        review = self.reviews[self.index]
        item = review.item
        yield Header()
        kind = "Missed question" if self.missed_only else "Question"
        yield Static(
            f"{kind} {self.index + 1} of {len(self.reviews)} · exam question "
            f"{review.position + 1}"
            + (f" · {item.scenario}" if item.scenario else "")
            + (" · ⚑ flagged" if review.flagged else "")
            + f" · time on it {clock_time(review.time_spent)}",
            id="where",
        )
        with VerticalScroll(id="review"):
            yield Static(item.stem, markup=False, id="stem")
            right = letters(review.right)
            if not review.chosen:
                yield Static(f"Not answered. The answer is {right}.", classes="verdict wrong")
            elif review.correct:
                yield Static(f"✓ Right: {right}", classes="verdict right")
            else:
                yield Static(
                    f"✗ You chose {letters(review.chosen)}; the answer is {right}",
                    classes="verdict wrong",
                )
            for shown, written in enumerate(review.order):
                option = item.options[written]
                classes = "option-review"
                state = "  "
                if shown in review.right:
                    classes += " right"
                    state = "✓ "
                elif shown in review.chosen:
                    classes += " wrong"
                    state = "✗ "
                if shown in review.chosen:
                    state += "●"  # the learner's own choice, right or wrong
                mark = "✓" if option.correct else "✗"
                # The marks follow the letter: a Static drops a line's leading spaces.
                yield Static(
                    f"{LETTERS[shown]} {state:<3} {option.text}", markup=False, classes=classes
                )
                yield Static(f"   {mark} {option.rationale}", markup=False, classes="rationale")
            if item.explanation:
                yield Static(item.explanation, markup=False, id="explanation")
            yield SourceLine(item.source)
        yield AppFooter()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "move":
            step = parameters[0]
            return isinstance(step, int) and 0 <= self.index + step < len(self.reviews)
        return True

    async def action_move(self, step: int) -> None:
        if self.check_action("move", (step,)):
            self.index += step
            await self.recompose()
            self.refresh_bindings()
