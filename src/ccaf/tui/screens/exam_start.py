"""Before a mock exam: the exam it will be (count, time, scenarios, domains), its options,
and the past exams, which can be deleted. Nothing is timed until the exam starts."""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import (
    Button,
    DataTable,
    Footer,
    Header,
    Input,
    Label,
    SelectionList,
    Static,
)
from textual.widgets.selection_list import Selection

from ccaf.bank.model import Bank
from ccaf.store.exams import ExamRecord, ExamStore
from ccaf.store.marks import MarkStore
from ccaf.study.exam import MAX_MINUTES, ExamPlan, describe_exam, exam_summary, plan_exam
from ccaf.text import plural, shorten
from ccaf.tui.shown import filled, literal, saving

if TYPE_CHECKING:
    from ccaf.tui.app import CcafApp


@dataclass(frozen=True, slots=True)
class ExamChoice:
    """The options an exam is started with: the same ones draw the exam shown."""

    packs: tuple[str, ...]
    count: int | None
    minutes: float | None
    seed: int


class ExamStartScreen(Screen[ExamChoice | None]):
    CSS_PATH = "exam_start.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "start", "Start the exam", id="exam-start.start", priority=True),
        Binding("escape", "cancel", "Home", id="exam-start.home"),
        Binding("delete,x", "delete_exam", "Delete exam", id="exam-start.delete"),
    ]

    app: CcafApp

    def __init__(
        self,
        bank: Bank,
        seed: int,
        packs: tuple[str, ...] = (),
        count: int | None = None,
        minutes: float | None = None,
    ) -> None:
        super().__init__()
        self.bank = bank
        self.initial = ExamChoice(packs, count, minutes, seed)
        #: The exam the options draw, or None while they cannot draw one.
        self.plan: ExamPlan | None = None
        self.choice: ExamChoice | None = None

    def compose(self) -> ComposeResult:
        initial = self.initial
        exam_packs = {p.id for p in self.bank.packs.values() if p.scope == "exam"}
        chosen = set(initial.packs) or exam_packs
        yield Header()
        with VerticalScroll(id="exam-start"):
            yield Static(id="summary")
            yield Static(id="scenarios")
            yield Static(id="domains")
            yield Static("Options", classes="heading")
            with Horizontal(classes="field"):
                yield Label("Questions")
                yield Input(
                    "" if initial.count is None else str(initial.count),
                    placeholder="as at a sitting",
                    type="integer",
                    id="count",
                    compact=True,
                )
            with Horizontal(classes="field"):
                yield Label("Minutes")
                yield Input(
                    "" if initial.minutes is None else f"{initial.minutes:g}",
                    placeholder="two a question",
                    type="number",
                    id="minutes",
                    compact=True,
                )
            with Horizontal(classes="field"):
                yield Label("Seed")
                yield Input(str(initial.seed), type="integer", id="seed", compact=True)
            with Horizontal(classes="field"):
                yield Label("Packs")
                yield SelectionList[str](
                    *(
                        Selection(self.pack_prompt(p.id, p.id in chosen), p.id, p.id in chosen)
                        for p in self.bank.packs.values()
                    ),
                    id="packs",
                    compact=True,
                )
            yield Button("Start the exam (ctrl+s)", variant="primary", id="start")
            yield Static("Past exams", classes="heading", id="past-heading")
            yield DataTable(id="past", cursor_type="row", zebra_stripes=True)
            yield Static("delete or x: delete the selected exam", id="past-hint")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#past", DataTable)
        table.add_columns("Exam", "Begun", "Where it stands")
        self.show_past()
        self.redraw()
        self.query_one("#start", Button).focus(scroll_visible=False)

    def pack_prompt(self, pack_id: str, selected: bool) -> Text:
        """A pack's line: a tick beside a chosen one, not colour alone."""
        pack = self.bank.packs[pack_id]
        title = pack.title if pack.scope == "exam" else f"{pack.title} (beyond the exam)"
        return literal(("✓ " if selected else "  ") + title)

    # -- the exam the options draw -------------------------------------------------------

    def read_options(self) -> ExamChoice:
        """The options as typed; ValueError says which one is wrong, and how."""
        count_text = self.query_one("#count", Input).value.strip()
        minutes_text = self.query_one("#minutes", Input).value.strip()
        seed_text = self.query_one("#seed", Input).value.strip()
        count: int | None = None
        if count_text:
            if not count_text.lstrip("-").isdigit() or int(count_text) < 1:
                raise ValueError(f"questions must be a whole number, 1 or more, not {count_text}")
            count = int(count_text)
        minutes: float | None = None
        if minutes_text:
            try:
                minutes = float(minutes_text)
            except ValueError:
                minutes = math.nan
            if not (0 < minutes <= MAX_MINUTES):
                raise ValueError(
                    f"minutes must be more than 0 and at most {MAX_MINUTES}, not {minutes_text}"
                )
        if not seed_text.lstrip("-").isdigit():
            raise ValueError("the seed must be a whole number")
        selected = tuple(self.query_one("#packs", SelectionList).selected)
        if not selected:
            raise ValueError("choose at least one pack")
        exam_packs = tuple(p.id for p in self.bank.packs.values() if p.scope == "exam")
        # The exam-scope packs, all of them: a CCA-F mock, drawn as a sitting is.
        packs = () if set(selected) == set(exam_packs) else selected
        return ExamChoice(packs, count, minutes, int(seed_text))

    @on(SelectionList.SelectedChanged)
    def packs_changed(self) -> None:
        packs = self.query_one("#packs", SelectionList)
        for index, pack_id in enumerate(self.bank.packs):
            packs.replace_option_prompt_at_index(
                index, self.pack_prompt(pack_id, pack_id in packs.selected)
            )
        self.redraw()

    @on(Input.Changed)
    def redraw(self) -> None:
        summary = self.query_one("#summary", Static)
        try:
            choice = self.read_options()
            plan = plan_exam(
                self.bank,
                choice.seed,
                choice.count,
                choice.minutes,
                choice.packs,
                MarkStore(self.app.store).suspended(),
            )
        except ValueError as exc:
            self.plan = self.choice = None
            summary.update(Text(f"No exam with these options: {exc}.", style="bold"))
            summary.add_class("error")
            self.query_one("#scenarios", Static).update("")
            self.query_one("#domains", Static).update("")
            self.query_one("#start", Button).disabled = True
            self.refresh_bindings()
            return
        self.plan, self.choice = plan, choice
        summary.remove_class("error")
        kind = (
            "a CCA-F mock exam: exam-scope packs only"
            if plan.mock
            else "a practice exam, not a CCA-F mock: it draws on packs beyond the exam"
        )
        summary.update(
            f"[b]{plural(len(plan.items), 'question')} in "
            f"{plural(round(plan.time_limit / 60), 'minute')}[/b] · {kind} · seed {plan.seed}. "
            "The clock starts with the first question."
        )
        blueprint = self.bank.blueprint
        titles = [
            blueprint.scenarios[s].title if s in blueprint.scenarios else s for s in plan.scenarios
        ]
        self.query_one("#scenarios", Static).update(
            filled("[b]Scenarios[/b]: $names", names="; ".join(titles) or "none")
        )
        counts = Counter(self.bank.domain_of(item) for item in plan.items)
        lines = []
        for domain, n in sorted(counts.items()):
            known = blueprint.domains.get(domain)
            title = shorten(known.title, 46) if known else "no domain"
            weight = f", weight {known.weight:g}%" if known else ""
            lines.append(f"  D{domain} {title}: {n}{weight}")
        self.query_one("#domains", Static).update(
            filled("[b]Questions by domain[/b]\n$lines", lines="\n".join(lines))
        )
        self.query_one("#start", Button).disabled = False
        self.refresh_bindings()

    # -- past exams ----------------------------------------------------------------------

    def past(self) -> list[ExamRecord]:
        return ExamStore(self.app.store).past()

    def show_past(self) -> None:
        table = self.query_one("#past", DataTable)
        table.clear()
        records = self.past()
        for record in records:
            number, began, state = exam_summary(record)
            table.add_row(number, began.removeprefix("begun "), Text(state), key=str(record.id))
        for widget in ("#past", "#past-heading", "#past-hint"):
            self.query_one(widget).display = bool(records)
        self.refresh_bindings()

    def selected_exam(self) -> ExamRecord | None:
        table = self.query_one("#past", DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return ExamStore(self.app.store).get(int(key)) if key is not None else None

    # -- keys ----------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "start":
            return self.choice is not None
        if action == "delete_exam":
            return self.is_mounted and self.query_one("#past", DataTable).row_count > 0
        return True

    @on(Button.Pressed, "#start")
    @on(Input.Submitted)
    def action_start(self) -> None:
        if self.choice is not None:
            self.dismiss(self.choice)

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_delete_exam(self) -> None:
        record = self.selected_exam()
        if record is None:
            return

        def confirmed(delete: bool | None) -> None:
            if not delete:
                return
            with saving(self.app, "Deleting the exam"):
                ExamStore(self.app.store).delete(record.id)
                self.notify(f"Deleted exam {record.id}.", title="Mock exam")
            self.show_past()

        self.app.push_screen(ConfirmDelete(describe_exam(record)), confirmed)


class ConfirmDelete(ModalScreen[bool]):
    """Deleting an exam from the history asks first."""

    CSS_PATH = "exam_start.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "confirm", "Delete", id="delete.confirm"),
        Binding("escape,n", "keep", "Keep it", id="delete.cancel"),
    ]

    def __init__(self, described: str) -> None:
        super().__init__()
        self.described = described

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static("Delete this exam from the history?", id="dialog-title")
            yield Static(Text(self.described), classes="dialog-line")
            yield Static(
                "Its answers stay in each question's history (mastery and review dates).",
                classes="dialog-line",
            )
            with Horizontal(id="dialog-buttons"):
                yield Button("Delete (y)", variant="error", id="delete")
                yield Button("Keep it (n)", id="keep")

    def on_mount(self) -> None:
        self.query_one("#keep", Button).focus()

    @on(Button.Pressed, "#delete")
    def action_confirm(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#keep")
    def action_keep(self) -> None:
        self.dismiss(False)
