"""The mock exam: one question at a time, a navigator, a countdown, flags, and submission."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Horizontal, Vertical, VerticalScroll
from textual.events import Click
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Header, Input, Label, Static

from ccaf.study.exam import ExamSession
from ccaf.text import clock_time, plural
from ccaf.tui.shown import saving, saving_retried
from ccaf.tui.widgets.footer import AppFooter
from ccaf.tui.widgets.option_row import OptionRow, answer_bindings

if TYPE_CHECKING:
    from ccaf.tui.app import CcafApp

SAVE_EVERY = 5  # seconds between saves of the time used


def numbers(positions: list[int]) -> str:
    return ", ".join(str(p + 1) for p in positions)


class NavCell(Static):
    """One question in the navigator: answered, unanswered, flagged; click to go there."""

    def __init__(self, position: int) -> None:
        super().__init__(f"{position + 1:>2}  ", classes="cell")
        self.position = position

    async def on_click(self, event: Click) -> None:
        event.stop()
        await self.screen.run_action(f"jump({self.position})")


class ExamScreen(Screen[None]):
    CSS_PATH = "exam.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        *answer_bindings("exam", 6, letters=5),  # f flags: the sixth option is 6
        Binding("x", "clear", "Clear answer", show=False, id="exam.clear"),
        Binding("f", "flag", "Flag", id="exam.flag"),
        Binding("n,right", "next", "Next", id="exam.next"),
        Binding("p,left", "previous", "Previous", id="exam.previous"),
        Binding("g", "ask_jump", "Go to", id="exam.goto"),
        Binding("i", "scenario", "Scenario", id="exam.scenario"),
        Binding("enter", "confirm", "Confirm", show=False, id="exam.confirm"),
        Binding("s", "submit", "Submit", id="exam.submit"),
        Binding("escape", "leave", "Pause", id="exam.pause"),
    ]

    app: CcafApp

    def __init__(self, session: ExamSession) -> None:
        super().__init__()
        self.session = session
        self.warned = session.warning
        self.last_save = 0.0
        #: Writes the clock retries (the time used, the submission at zero) that the store
        #: refused: said once, then retried quietly each tick until saved.
        self.refused: set[str] = set()
        #: Scenarios whose description has been shown on entering their group.
        self.introduced: set[str] = set()

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="status"):
            yield Static(id="where")
            yield Static(id="counts")
            yield Static(id="countdown")
        with Horizontal(id="main"):
            yield VerticalScroll(id="question")
            with Vertical(id="navigator"):
                yield Static("Questions", classes="heading")
                with Grid(id="cells"):
                    for position in range(len(self.session)):
                        yield NavCell(position)
                yield Static("• answered · ⚑ flagged", id="legend")
        yield AppFooter()

    async def on_mount(self) -> None:
        self.session.open()
        self.set_interval(1, self.tick)
        await self.show_question()

    # The clock keeps running under the exam's own dialogs and the command palette: the
    # question stays readable behind them. It stops when the exam is left (escape) or closed.

    def on_unmount(self) -> None:
        with saving(self.app, "The exam's time used"):
            self.session.pause()

    # -- drawing -------------------------------------------------------------------------

    async def show_question(self) -> None:
        session = self.session
        position = session.position
        item = session.current
        body = self.query_one("#question", VerticalScroll)
        await body.remove_children()
        widgets: list[Static | OptionRow] = []
        if item is None:
            widgets.append(
                Static("This question has left the question bank; it scores as wrong.", id="stem")
            )
        else:
            scenario = session.scenario(position)
            if scenario is not None:
                widgets.append(
                    Static(
                        Text.assemble(("Scenario: ", "bold"), scenario.title, " (i: read it)"),
                        id="scenario-line",
                    )
                )
            widgets.append(Static(item.stem, markup=False, id="stem"))
            chosen = session.chosen(position)
            if item.choose > 1:
                widgets.append(
                    Static(
                        f"Choose {item.choose}. {len(chosen)} of {item.choose} chosen"
                        + (" (enter: next question)" if len(chosen) == item.choose else ""),
                        id="choose-note",
                    )
                )
            for shown, written in enumerate(session.order(position)):
                classes = "chosen" if shown in chosen else ""
                widgets.append(OptionRow(shown, item.options[written].text, classes))
            if position in session.flags:
                widgets.append(Static("⚑ Flagged for review", id="flag-note"))
        await body.mount_all(widgets)
        body.scroll_home(animate=False)
        # Each scenario's group of questions opens with its description, as at the sitting.
        scenario = session.scenario(position) if item is not None else None
        if scenario is not None and scenario.id not in self.introduced:
            self.introduced.add(scenario.id)
            self.app.push_screen(ScenarioModal(scenario.title, scenario.description))
        where = f"Question {position + 1} of {len(session)}"
        if not session.mock:
            where += " · practice exam (not a CCA-F mock)"
        self.query_one("#where", Static).update(where)
        self.update_counts()
        self.update_countdown()
        self.refresh_bindings()

    def update_counts(self) -> None:
        session = self.session
        answered = len(session) - len(session.unanswered())
        self.query_one("#counts", Static).update(
            f"{answered}/{len(session)} answered · {len(session.flags)} flagged"
        )
        for cell in self.query(NavCell):
            position = cell.position
            answered = session.is_answered(position)
            cell.set_class(answered, "answered")
            flagged = position in session.flags
            cell.set_class(flagged, "flagged")
            # A mark beside the shading, so monochrome and colour-blind eyes see it too.
            cell.update(f"{position + 1:>2}{'•' if answered else ' '}{'⚑' if flagged else ' '}")
            cell.set_class(position == session.position, "current")

    def update_countdown(self) -> None:
        session = self.session
        countdown = self.query_one("#countdown", Static)
        countdown.update(f"{clock_time(session.time_left)} left")
        countdown.set_class(session.warning, "warning")

    async def tick(self) -> None:
        session = self.session
        if session.result is not None or not session.is_open:
            return
        self.update_countdown()
        if session.expired:
            await self.finish(auto=True)
            return
        if session.warning and not self.warned:
            self.warned = True
            self.notify(
                "Five minutes left. The exam submits itself at zero.",
                title="Mock exam",
                severity="warning",
                timeout=10,
            )
        now = session.timer()
        if now - self.last_save >= SAVE_EVERY:
            self.last_save = now
            with saving_retried(self.app, "The exam's time used", self.refused):
                session.save_time()

    # -- keys ----------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        session = self.session
        if action == "choose":
            item = session.current
            index = parameters[0]
            return item is not None and isinstance(index, int) and index < len(item.options)
        if action == "clear":
            return session.position in session.answers
        if action == "scenario":
            return session.scenario(session.position) is not None
        if action == "confirm":
            item = session.current
            return item is not None and item.choose > 1 and session.is_answered(session.position)
        if action == "next":
            return session.position < len(session) - 1
        if action == "previous":
            return session.position > 0
        return True

    async def action_choose(self, index: int) -> None:
        if self.check_action("choose", (index,)) and not self.session.expired:
            with saving(self.app, "Your answer"):
                try:
                    self.session.choose(index)
                except ValueError as exc:
                    self.notify(str(exc), title="Mock exam", severity="warning")
                    return
            await self.show_question()

    async def action_confirm(self) -> None:
        if self.check_action("confirm", ()) and self.check_action("next", ()):
            await self.action_next()

    def action_scenario(self) -> None:
        scenario = self.session.scenario(self.session.position)
        if scenario is not None:
            self.app.push_screen(ScenarioModal(scenario.title, scenario.description))

    async def action_clear(self) -> None:
        if self.check_action("clear", ()):
            with saving(self.app, "Clearing the answer"):
                self.session.clear()
            await self.show_question()

    async def action_flag(self) -> None:
        with saving(self.app, "The flag"):
            self.session.toggle_flag()
        await self.show_question()

    async def action_next(self) -> None:
        with saving(self.app, "The question you moved to"):
            self.session.next()
        await self.show_question()

    async def action_previous(self) -> None:
        with saving(self.app, "The question you moved to"):
            self.session.previous()
        await self.show_question()

    async def action_jump(self, position: int) -> None:
        with saving(self.app, "The question you moved to"):
            self.session.goto(position)
        await self.show_question()

    def action_ask_jump(self) -> None:
        async def jump(position: int | None) -> None:
            if position is not None:
                await self.action_jump(position)

        self.app.push_screen(JumpModal(len(self.session)), jump)

    def action_submit(self) -> None:
        async def confirmed(submit: bool | None) -> None:
            if submit:
                await self.finish(auto=False)

        self.app.push_screen(
            ConfirmSubmit(self.session.unanswered(), self.session.flagged()), confirmed
        )

    def action_leave(self) -> None:
        with saving(self.app, "The exam's time used"):
            self.session.pause()
            self.notify(
                "The exam is paused and saved; continue it from Home or `ccaf exam --resume`.",
                title="Mock exam",
            )
        self.app.pop_screen()

    async def finish(self, auto: bool) -> None:
        from ccaf.tui.screens.exam_result import ExamResultScreen

        if self.session.result is not None:
            return
        what = "The submitted exam"
        # At zero the clock submits again each second until the store takes it.
        with saving_retried(self.app, what, self.refused) if auto else saving(self.app, what):
            self.session.submit(self.app.spacing, auto=auto)
        if self.session.result is None:
            return
        if auto:
            self.notify("Time is up: the exam was submitted.", title="Mock exam")
        self.app.switch_screen(ExamResultScreen(self.session))


class ScenarioModal(ModalScreen[None]):
    """The current scenario's description, reachable from any of its questions."""

    CSS_PATH = "exam.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,i,enter", "close", "To the questions", id="scenario.close"),
    ]

    def __init__(self, title: str, description: str) -> None:
        super().__init__()
        self.title_text = title
        self.description = description

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(Text("Scenario: " + self.title_text), id="dialog-title")
            yield Static(Text(self.description), id="scenario-description", classes="dialog-line")
            yield Static("enter: to the questions (i shows this again)", classes="dialog-line")

    def action_close(self) -> None:
        self.dismiss(None)


class ConfirmSubmit(ModalScreen[bool]):
    """Submitting asks first, naming the unanswered and flagged questions."""

    CSS_PATH = "exam.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "confirm", "Submit", id="confirm.submit"),
        Binding("escape,n", "keep_going", "Keep going", id="confirm.cancel"),
    ]

    def __init__(self, unanswered: list[int], flagged: list[int]) -> None:
        super().__init__()
        self.unanswered = unanswered
        self.flagged = flagged

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static("Submit the exam?", id="dialog-title")
            if self.unanswered:
                yield Static(
                    f"{plural(len(self.unanswered), 'question')} unanswered: "
                    f"{numbers(self.unanswered)}. Unanswered questions score as wrong; "
                    "there is no penalty for guessing.",
                    classes="dialog-line",
                )
            if self.flagged:
                yield Static(
                    f"{plural(len(self.flagged), 'question')} flagged for review: "
                    f"{numbers(self.flagged)}.",
                    classes="dialog-line",
                )
            if not self.unanswered and not self.flagged:
                yield Static(
                    "Every question is answered and none is flagged.", classes="dialog-line"
                )
            with Horizontal(id="dialog-buttons"):
                yield Button("Submit (y)", variant="primary", id="submit")
                yield Button("Keep going (n)", id="keep-going")

    def on_mount(self) -> None:
        self.query_one("#keep-going", Button).focus()

    @on(Button.Pressed, "#submit")
    def action_confirm(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#keep-going")
    def action_keep_going(self) -> None:
        self.dismiss(False)


class JumpModal(ModalScreen[int | None]):
    CSS_PATH = "exam.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="jump.cancel"),
    ]

    def __init__(self, count: int) -> None:
        super().__init__()
        self.count = count

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(f"Go to question (1–{self.count})")
            yield Input(type="integer", id="jump-to")

    @on(Input.Submitted)
    def submitted(self, event: Input.Submitted) -> None:
        value = event.value.strip()
        if value.isdigit() and 1 <= int(value) <= self.count:
            self.dismiss(int(value) - 1)
        else:
            self.notify(f"Type a number from 1 to {self.count}.", severity="warning")

    def action_cancel(self) -> None:
        self.dismiss(None)


class ResumeOrNew(ModalScreen[str | None]):
    """An exam is in progress: continue it, or set it aside and start a new one."""

    CSS_PATH = "exam.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="resume.cancel"),
    ]

    def __init__(self, summary: str) -> None:
        super().__init__()
        self.summary = summary

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static("A mock exam is in progress", id="dialog-title")
            yield Static(self.summary, classes="dialog-line")
            with Horizontal(id="dialog-buttons"):
                yield Button("Continue it", variant="primary", id="resume")
                yield Button("Start a new one", id="new")

    @on(Button.Pressed)
    def pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
