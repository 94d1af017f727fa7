"""Drill: one question at a time; right or wrong at once, with the rationales and explanation."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.reactive import var
from textual.widgets import DataTable, Header, ProgressBar, Static

from ccaf.bank.model import MCQ, Pattern
from ccaf.study.drill import LETTERS, DrillSession, Feedback, letters
from ccaf.study.spacing import Rating
from ccaf.study.stats import item_text
from ccaf.text import clock_time
from ccaf.tui.shown import saving
from ccaf.tui.widgets.footer import AppFooter
from ccaf.tui.widgets.option_row import OptionRow, answer_bindings
from ccaf.tui.widgets.scrolling import ScrollsBody, scroll_bindings
from ccaf.tui.widgets.source_line import SourceLine

if TYPE_CHECKING:
    from ccaf.tui.app import CcafApp


class DrillScreen(ScrollsBody):
    CSS_PATH = "drill.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        *answer_bindings("drill", 6),
        Binding("y", "judge(True)", "It holds", id="drill.judge-right"),
        Binding("n", "judge(False)", "It doesn't", id="drill.judge-wrong"),
        Binding("u", "toggle_unsure", "Unsure", id="drill.unsure"),
        Binding("enter", "confirm", "Confirm", id="drill.confirm"),
        Binding("enter,space", "reveal", "Reveal", id="drill.reveal"),
        *(
            Binding(
                str(int(r)),
                f"grade({int(r)})",
                f"Grade: {r.name.title()}",
                show=False,
                id=f"drill.grade-{int(r)}",
            )
            for r in Rating
        ),
        Binding("enter,space", "next", "Next", id="drill.next"),
        Binding("r", "toggle_rationales", "All rationales", id="drill.rationales"),
        Binding("w", "demo", "Watch it live", id="drill.demo"),
        Binding("m", "retry_missed", "Retry missed", id="drill.retry-missed"),
        Binding("ctrl+z", "undo", "Undo answer", show=False, id="drill.undo"),
        Binding("escape", "leave", "Back", id="drill.back"),
        *scroll_bindings("drill"),
    ]

    app: CcafApp
    unsure: var[bool] = var(False, bindings=True)
    all_rationales: var[bool] = var(False)

    def __init__(self, session: DrillSession) -> None:
        super().__init__()
        self.session = session
        #: Options picked so far on a multiple-response question, before the confirm.
        self.pending: frozenset[int] = frozenset()
        #: Whether a pattern to grade yourself on has had its answer revealed.
        self.revealed = False

    # -- what is shown -------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        if self.session.finished:
            yield from self.compose_summary()
        else:
            yield from self.compose_question()
        yield AppFooter()

    def compose_question(self) -> ComposeResult:
        session = self.session
        item = session.current
        assert item is not None
        right = sum(f.correct for f in session.results.values())
        details = [f"Question {session.position + 1} of {len(session.items)}", item.pack]
        if isinstance(item, MCQ) and item.scenario:
            details.append(item.scenario)
        if isinstance(item, MCQ) and item.difficulty:
            details.append("difficulty " + "●" * item.difficulty + "○" * (3 - item.difficulty))
        with Horizontal(id="status"):
            yield Static(" · ".join(details), markup=False, id="where")
            yield Static(f"{right}/{len(session.results)} right", id="score")
            yield Static(self.elapsed(), id="elapsed")
        yield ProgressBar(
            total=len(session.items), show_eta=False, show_percentage=False, id="progress"
        )
        with VerticalScroll(id="body"):
            if isinstance(item, MCQ):
                yield from self.compose_mcq(item)
            elif isinstance(item, Pattern):
                yield from self.compose_pattern(item)
            if session.feedback is None and self.unsure:
                yield Static("Marked unsure: a right answer counts as Hard.", id="unsure-note")

    def compose_mcq(self, item: MCQ) -> ComposeResult:
        feedback = self.session.feedback
        yield Static(item.stem, markup=False, id="stem")
        if item.choose > 1 and feedback is None:
            note = f"Choose {item.choose}: {len(self.pending)} of {item.choose} chosen"
            if len(self.pending) == item.choose:
                note += " · enter: confirm"
            yield Static(note, id="choose-note")
        order = self.session.options(item)
        for shown, written in enumerate(order):
            classes = "chosen" if shown in self.pending else ""
            if feedback is not None:
                if shown in feedback.right:
                    classes = "right"
                elif shown in feedback.chosen:
                    classes = "wrong"
                else:
                    classes = "other"
            yield OptionRow(shown, item.options[written].text, classes)
        if feedback is not None:
            yield from self.compose_mcq_feedback(item, feedback, order)

    def compose_mcq_feedback(
        self, item: MCQ, feedback: Feedback, order: list[int]
    ) -> ComposeResult:
        with Vertical(id="feedback", classes="right" if feedback.correct else "wrong"):
            if feedback.correct:
                verdict = f"✓ Right: {letters(feedback.right)}"
                if feedback.unsure:
                    verdict += " (marked unsure)"
            else:
                verdict = (
                    f"✗ Wrong: you chose {letters(feedback.chosen)}, "
                    f"the answer is {letters(feedback.right)}"
                )
            yield Static(verdict, id="verdict", markup=False)
            shown_first = sorted(
                feedback.chosen | (feedback.right if not feedback.correct else set())
            )
            rest = [i for i in range(len(order)) if i not in shown_first]
            for shown in shown_first + (rest if self.all_rationales else []):
                option = item.options[order[shown]]
                mark = "✓" if option.correct else "✗"
                yield Static(
                    f"{LETTERS[shown]} {mark}  {option.rationale}",
                    markup=False,
                    classes="rationale",
                )
            if item.explanation:
                yield Static(item.explanation, markup=False, id="explanation")
            yield SourceLine(item.source)
            hints = ["enter: next"]
            if not self.all_rationales and rest:
                hints.append("r: every option's rationale")
            if item.demo:
                hints.append(f"w: watch it live ({item.demo})")
            yield Static(" · ".join(hints), id="hints")

    def compose_pattern(self, item: Pattern) -> ComposeResult:
        if item.holds is None:
            yield from self.compose_pattern_to_grade(item)
            return
        feedback = self.session.feedback
        text, true = self.session.statement(item)
        yield Static("Does it hold?", classes="label")
        yield Static(text, markup=False, id="stem")
        if feedback is None:
            yield Static("Does this statement hold?  y: it holds  ·  n: it doesn't", id="prompt")
            return
        with Vertical(id="feedback", classes="right" if feedback.correct else "wrong"):
            mark = "✓ Right" if feedback.correct else "✗ Wrong"
            truth = "this holds" if true else "this only looks right; it does not hold"
            yield Static(f"{mark}: {truth}", id="verdict", markup=False)
            if true:
                yield Static("The plausible version that does not hold", classes="label")
                yield Static(item.looks_right, markup=False, classes="statement")
            else:
                yield Static("What holds instead", classes="label")
                yield Static(item.holds, markup=False, classes="statement")
            yield Static("Why the plausible version is wrong", classes="label")
            yield Static(item.actually_wrong, markup=False, id="explanation")
            yield SourceLine(item.source)
            yield Static("enter: next", id="hints")

    def compose_pattern_to_grade(self, item: Pattern) -> ComposeResult:
        feedback = self.session.feedback
        yield Static("What is wrong with this?", classes="label")
        yield Static(item.looks_right, markup=False, id="stem")
        if not self.revealed and feedback is None:
            yield Static("Say what is wrong in your head, then reveal (space).", id="prompt")
            return
        with Vertical(
            id="feedback",
            classes="" if feedback is None else ("right" if feedback.correct else "wrong"),
        ):
            yield Static("Actually wrong", classes="label")
            yield Static(item.actually_wrong, markup=False, id="explanation")
            yield SourceLine(item.source)
            if feedback is None:
                yield Static(
                    "How well did you know it?  1: Again · 2: Hard · 3: Good · 4: Easy", id="hints"
                )
            else:
                assert feedback.rating is not None
                yield Static(f"Graded {feedback.rating.name.title()} · enter: next", id="hints")

    def compose_summary(self) -> ComposeResult:
        summary = self.session.summary()
        with VerticalScroll(id="summary"):
            yield Static("Drill complete", id="summary-title")
            yield Static(
                f"Score [b]{summary.right} / {summary.total}[/b] ({summary.percent:.0f}%)   "
                f"Time {clock_time(summary.seconds)}   Seed {summary.seed}",
                id="summary-score",
            )
            if summary.by_tag:
                yield Static("By tag", classes="heading")
                table: DataTable[object] = DataTable(id="by-tag", cursor_type="none")
                table.add_columns("Tag", "Right", "Share")
                for tag, result in summary.by_tag.items():
                    share = result.right / result.total
                    bar = "█" * round(share * 20) + "░" * (20 - round(share * 20))
                    table.add_row(Text(tag), f"{result.right}/{result.total}", f"{bar} {share:.0%}")
                yield table
            if summary.missed:
                yield Static(f"Missed ({len(summary.missed)})", classes="heading")
                for item in self.session.missed_items():
                    yield Static(f"• {item_text(item)}", markup=False, classes="missed")
                which = "the one" if len(summary.missed) == 1 else f"the {len(summary.missed)}"
                yield Static(f"m: retry {which} I missed · escape: back", id="hints")
            else:
                yield Static("Nothing missed. escape: back", id="hints")

    def elapsed(self) -> str:
        return clock_time(self.session.clock() - self.session.started_at)

    def on_mount(self) -> None:
        self.set_interval(1, self.tick)
        self.update_progress()

    def tick(self) -> None:
        if not self.session.finished:
            for widget in self.query("#elapsed").results(Static):
                widget.update(self.elapsed())

    def update_progress(self) -> None:
        answered = self.session.position + (1 if self.session.answered else 0)
        for bar in self.query("#progress").results(ProgressBar):
            bar.update(progress=answered)

    async def show(self) -> None:
        await self.recompose()
        self.update_progress()
        self.refresh_bindings()
        self.bring_into_view("#feedback")

    # -- keys ----------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        session = self.session
        item = session.current
        waiting = item is not None and not session.answered
        if action == "choose":
            index = parameters[0]
            return (
                waiting
                and isinstance(item, MCQ)
                and isinstance(index, int)
                and index < len(item.options)
            )
        if action == "judge":
            return waiting and isinstance(item, Pattern) and item.holds is not None
        if action == "confirm":
            return (
                waiting
                and isinstance(item, MCQ)
                and item.choose > 1
                and len(self.pending) == item.choose
            )
        if action == "reveal":
            return (
                waiting and isinstance(item, Pattern) and item.holds is None and not self.revealed
            )
        if action == "grade":
            return waiting and isinstance(item, Pattern) and item.holds is None and self.revealed
        if action == "toggle_unsure":
            return waiting
        if action == "next":
            return session.answered
        if action == "toggle_rationales":
            return session.answered and isinstance(item, MCQ)
        if action == "demo":
            return session.answered and isinstance(item, MCQ) and item.demo is not None
        if action == "retry_missed":
            return session.finished and bool(session.summary().missed)
        return True

    async def action_choose(self, index: int) -> None:
        if not self.check_action("choose", (index,)):
            return
        item = self.session.current
        assert isinstance(item, MCQ)
        if item.choose == 1:
            with saving(self.app, "Your answer"):
                self.session.answer(index, unsure=self.unsure)
        else:
            pending = self.pending ^ {index}
            if len(pending) > item.choose:
                self.notify(
                    f"Choose {item.choose}: unpick one first (press its letter again).",
                    severity="warning",
                )
                return
            self.pending = pending
        await self.show()

    async def action_confirm(self) -> None:
        if self.check_action("confirm", ()):
            with saving(self.app, "Your answer"):
                self.session.answer(self.pending, unsure=self.unsure)
            await self.show()

    async def action_reveal(self) -> None:
        if self.check_action("reveal", ()):
            self.revealed = True
            await self.show()

    async def action_grade(self, rating: int) -> None:
        if self.check_action("grade", (rating,)):
            with saving(self.app, "Your grade"):
                self.session.grade(Rating(rating))
            await self.show()

    async def action_judge(self, says_right: bool) -> None:
        if self.check_action("judge", (says_right,)):
            with saving(self.app, "Your answer"):
                self.session.judge(says_right, unsure=self.unsure)
            await self.show()

    async def action_toggle_unsure(self) -> None:
        self.unsure = not self.unsure
        await self.show()

    async def action_next(self) -> None:
        if self.session.answered:
            with saving(self.app, "The end of the drill"):
                self.session.next()
            self.unsure = False
            self.all_rationales = False
            self.pending = frozenset()
            self.revealed = False
            await self.show()

    async def action_toggle_rationales(self) -> None:
        self.all_rationales = not self.all_rationales
        await self.show()

    async def action_undo(self) -> None:
        """Take back the last answer: the drill goes back to that question, unanswered."""
        with saving(self.app, "The undo"):
            item = self.session.undo()
            if item is None:
                self.notify("Nothing to undo: no answer given in this drill yet.", title="Undo")
                return
            self.notify(f"Answer to question {self.session.position + 1} taken back.", title="Undo")
            self.unsure = False
            self.all_rationales = False
            self.pending = frozenset()
            self.revealed = False
            await self.show()

    def action_retry_missed(self) -> None:
        missed = [item.id for item in self.session.missed_items()]
        if missed:
            self.app.pop_screen()
            # A new seed, derived from this one, so the options come in a new order.
            self.app.start_drill(self.session.filters, self.session.seed + 1, items=missed)

    def action_demo(self) -> None:
        item = self.session.current
        if isinstance(item, MCQ) and item.demo and self.session.answered:
            self.app.open_demo(item.demo)

    def action_leave(self) -> None:
        self.app.pop_screen()
