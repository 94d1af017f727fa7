"""The exam-date form: set the day of the exam (or clear it) to plan to it."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from ccaf.study.plan import PlanError, clear_exam_date, exam_date, parse_exam_date, set_exam_date
from ccaf.tui.shown import saving

if TYPE_CHECKING:
    from ccaf.tui.app import CcafApp


class PlanForm(ModalScreen[bool]):
    """Dismissed with True when the exam date was set or cleared."""

    CSS_PATH = "plan.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="plan.cancel"),
    ]

    app: CcafApp

    def compose(self) -> ComposeResult:
        current = exam_date(self.app.store)
        with Vertical(id="dialog"):
            yield Static("Plan to an exam date", id="dialog-title")
            yield Static(
                "Home then shows the days left and today's target: what is due, new items a "
                "day to have seen every exam item a few days before, and when to sit a mock "
                "exam. New cards and self-checks a day follow the plan unless set by hand.",
                classes="dialog-line",
            )
            with Horizontal(classes="field"):
                yield Label("Exam date")
                yield Input(
                    current.isoformat() if current else "",
                    placeholder="YYYY-MM-DD",
                    id="exam-date",
                    compact=True,
                )
            yield Static(id="plan-error")
            with Horizontal(id="dialog-buttons"):
                yield Button("Save (enter)", variant="primary", id="save")
                yield Button("Clear the date", id="clear", disabled=current is None)
                yield Button("Cancel (esc)", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#exam-date", Input).focus()

    def today(self) -> date:
        return datetime.fromtimestamp(self.app.clock()).date()

    @on(Button.Pressed, "#save")
    @on(Input.Submitted)
    def save(self) -> None:
        text = self.query_one("#exam-date", Input).value
        try:
            when = parse_exam_date(text, self.today())
        except PlanError as exc:
            self.query_one("#plan-error", Static).update(Text(f"{exc}.", style="bold"))
            return
        with saving(self.app, "The exam date"):
            set_exam_date(self.app.store, when)
            self.dismiss(True)

    @on(Button.Pressed, "#clear")
    def clear(self) -> None:
        with saving(self.app, "Clearing the exam date"):
            clear_exam_date(self.app.store)
            self.dismiss(True)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(False)
