"""One item read whole: its text, every option with its rationale, its source, your history."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Header, Static

from ccaf.bank.model import MCQ, AnyItem, Card, Pattern, SelfCheck
from ccaf.study.browse import Browser, answer_shown
from ccaf.study.drill import LETTERS
from ccaf.text import plural, when
from ccaf.tui.shown import literal, saving
from ccaf.tui.widgets.footer import AppFooter
from ccaf.tui.widgets.scrolling import ScrollsBody, scroll_bindings
from ccaf.tui.widgets.source_line import SourceLine

if TYPE_CHECKING:
    from ccaf.tui.app import CcafApp


def labelled(label: str, text: str, classes: str = "") -> Static:
    shown = literal(label + "  ", style="bold")
    shown.append_text(literal(text))
    return Static(shown, classes=classes)


class ItemScreen(ScrollsBody):
    CSS_PATH = "item.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f", "flag", "Flag", id="item.flag"),
        Binding("f", "unflag", "Unflag", id="item.unflag"),
        Binding("s", "suspend", "Suspend", id="item.suspend"),
        Binding("s", "unsuspend", "Unsuspend", id="item.unsuspend"),
        Binding("escape", "app.pop_screen", "Back to the list", id="item.back"),
        *scroll_bindings("item"),
    ]

    app: CcafApp

    def __init__(self, browser: Browser, item_id: str) -> None:
        super().__init__()
        self.browser = browser
        self.item_id = item_id

    def compose(self) -> ComposeResult:
        entry = self.browser.entries[self.item_id]
        item = entry.item
        yield Header()
        where = [item.kind, item.id, f"pack {item.pack}"]
        if item.task:
            where.append(f"task {item.task} (domain {entry.domain})")
        if isinstance(item, MCQ) and item.scenario:
            where.append(item.scenario)
        if item.tags:
            where.append("tags " + ", ".join(item.tags))
        yield Static(literal(" · ".join(where)), id="where")
        yield Static(id="marks")
        with VerticalScroll(id="body"):
            yield from self.compose_item(item)
            yield SourceLine(item.source)
            yield Static("Your history", classes="heading")
            yield from self.compose_history()
        yield AppFooter()

    def compose_item(self, item: AnyItem) -> ComposeResult:
        if isinstance(item, MCQ):
            yield Static(literal(item.stem), id="stem")
            if item.choose > 1:
                yield Static(f"Choose {item.choose}.", classes="label")
            for n, option in enumerate(item.options):
                mark = "✓" if option.correct else "✗"
                yield labelled(f"{LETTERS[n]} {mark}", option.text, "option")
                yield Static(literal(option.rationale), classes="rationale")
            if item.explanation:
                yield labelled("Explanation:", item.explanation, "explanation")
        elif isinstance(item, Pattern):
            yield labelled("Looks right:", item.looks_right, "part")
            yield labelled("Actually wrong:", item.actually_wrong, "part")
            if item.holds is not None:
                yield labelled("What holds:", item.holds, "part")
        elif isinstance(item, SelfCheck):
            yield labelled("Question:", item.question, "part")
            yield labelled("Answer:", item.answer, "part")
        elif isinstance(item, Card):
            yield labelled("Front:", item.front, "part")
            yield labelled("Back:", item.back, "part")

    def compose_history(self) -> ComposeResult:
        history = self.browser.history(self.item_id)
        entry = self.browser.entries[self.item_id]
        scheduled = self.app.store.scheduled(self.item_id)
        summary = [plural(len(history), "answer")]
        if entry.attempts:
            summary.append(f"{entry.wrong} wrong of {entry.attempts} graded")
        if scheduled is not None:
            summary.append(f"next due {when(scheduled.due)}")
        yield Static(" · ".join(summary), id="history-summary")
        if history:
            table: DataTable[object] = DataTable(id="history", cursor_type="none")
            table.add_columns("When", "Mode", "Result", "Answer", "Time")
            for attempt in reversed(history):  # newest first
                result = {True: "✓ right", False: "✗ wrong", None: "-"}[attempt.correct]
                seconds = "" if attempt.elapsed_ms is None else f"{attempt.elapsed_ms / 1000:.0f}s"
                table.add_row(
                    when(attempt.answered_at),
                    attempt.mode,
                    result,
                    literal(answer_shown(self.browser.bank.items[self.item_id], attempt.choice)),
                    seconds,
                )
            yield table

    def on_mount(self) -> None:
        self.show_marks()

    def show_marks(self) -> None:
        entry = self.browser.entries[self.item_id]
        marks = []
        if entry.flagged:
            marks.append("⚑ Flagged")
        if entry.suspended:
            marks.append("⊘ Suspended: left out of every queue and exam until you unsuspend it")
        shown = self.query_one("#marks", Static)
        shown.update(" · ".join(marks))
        shown.display = bool(marks)
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        entry = self.browser.entries[self.item_id]
        if action in ("flag", "unflag"):
            return entry.flagged == (action == "unflag")
        if action in ("suspend", "unsuspend"):
            return entry.suspended == (action == "unsuspend")
        return True

    def action_flag(self) -> None:
        with saving(self.app, "The flag"):
            self.browser.toggle_flag(self.item_id, self.app.clock())
            self.show_marks()

    def action_suspend(self) -> None:
        with saving(self.app, "The suspension"):
            self.browser.toggle_suspend(self.item_id, self.app.clock())
            self.show_marks()

    action_unflag = action_flag
    action_unsuspend = action_suspend
