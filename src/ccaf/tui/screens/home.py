"""Home: each pack with its counts, mastery, what is due and the last exam; the ways in."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Header, OptionList, Static
from textual.widgets.option_list import Option

from ccaf.bank.model import Bank
from ccaf.study.drill import DrillFilter
from ccaf.study.readiness import Readiness, readiness
from ccaf.study.stats import pack_overview
from ccaf.text import percent, plural
from ccaf.tui.shown import filled
from ccaf.tui.widgets.footer import AppFooter
from ccaf.tui.widgets.readiness import ReadinessPanel

if TYPE_CHECKING:
    from ccaf.tui.app import CcafApp

#: (action, label, what it is)
WAYS_IN = [
    ("drill", "Drill", "scenario questions and distractor patterns, with every rationale"),
    ("quiz", "Self-check", "answer in your head, reveal, grade yourself"),
    ("cards", "Flashcards", "what is due now, spaced with FSRS"),
    ("exam", "Mock exam", "60 questions, 120 minutes, scored like the real exam"),
    ("stream", "Stream demo", "watch a streamed reply arrive, every event explained"),
    ("browse", "Browse", "every item: search, read it whole, flag or suspend it"),
    ("stats", "Stats", "accuracy, activity, what is due, what you miss most"),
]


class HomeScreen(Screen[None]):
    CSS_PATH = "home.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("d", "drill", "Drill", id="home.drill"),
        Binding("s", "quiz", "Self-check", id="home.quiz"),
        Binding("f", "cards", "Flashcards", id="home.cards"),
        Binding("c", "cram", "Cram cards", id="home.cram", show=False),
        Binding("e", "exam", "Mock exam", id="home.exam"),
        Binding("w", "stream", "Stream demo", id="home.stream"),
        Binding("b", "browse", "Browse", id="home.browse"),
        Binding("t", "stats", "Stats", id="home.stats"),
        Binding("r", "drill_weakest", "Drill weakest", id="home.drill-weakest"),
        Binding("q", "app.quit", "Quit", id="home.quit", show=False),
    ]

    app: CcafApp

    def __init__(self) -> None:
        super().__init__()
        self.readiness: Readiness | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="home"):
            yield Static("Loading the question bank…", id="status")
            yield Static(id="exam-banner")
            yield DataTable(id="packs", cursor_type="none", zebra_stripes=True)
            yield Static("Readiness by exam domain", classes="heading", id="readiness-heading")
            yield ReadinessPanel(drill_key="r", id="readiness-slot")
            yield Static("Study", classes="heading")
            yield OptionList(
                *(
                    Option(f"[b]{label}[/b]  [dim]{help}[/dim]", id=action)
                    for action, label, help in WAYS_IN
                ),
                id="menu",
            )
            yield Static(id="problems")
        yield AppFooter()

    def on_mount(self) -> None:
        table = self.query_one("#packs", DataTable)
        table.add_columns("Pack", "Scope", "Items", "Mastery", "Due now", "Last exam")
        self.watch(self.app, "bank", self.show_bank)
        # Focus the menu without scrolling to it: Home opens at its top, whatever the size.
        self.query_one("#menu", OptionList).focus(scroll_visible=False)

    def on_screen_resume(self) -> None:
        self.show_bank(self.app.bank)

    def show_bank(self, bank: Bank | None) -> None:
        if bank is None:
            return
        table = self.query_one("#packs", DataTable)
        table.clear()
        for row in pack_overview(bank, self.app.store, self.app.clock()):
            counts = row.counts
            items = (
                f"{row.total}  [dim]{counts['mcq']} q · {counts['pattern']} p · "
                f"{counts['selfcheck']} s · {counts['card']} c[/dim]"
            )
            table.add_row(
                Text(row.title, style="bold"),
                Text("exam" if row.scope == "exam" else "beyond the exam"),
                items,
                percent(row.mastery),
                str(row.due_now),
                percent(row.last_exam_percent),
                key=row.pack,
            )
        status = self.query_one("#status", Static)
        status.update(
            f"{plural(len(bank.items), 'item')} in {plural(len(bank.packs), 'pack')}. "
            "Mastery: items right at their last attempt."
        )
        self.show_readiness(bank)
        banner = self.query_one("#exam-banner", Static)
        running = self.app.running_exam_summary()
        banner.display = running is not None
        if running is not None:
            banner.update(f"[b]A mock exam is in progress[/b]: {running} e: continue it")
        problems = self.query_one("#problems", Static)
        if bank.errors:
            shown = "\n".join(str(error) for error in bank.errors[:20])
            more = len(bank.errors) - 20
            if more > 0:
                shown += f"\n… and {more} more: run `ccaf validate` to see them all"
            problems.update(
                filled(
                    f"[b]{plural(len(bank.errors), 'problem')} in the question bank[/b] "
                    "(the valid items loaded):\n$shown",
                    shown=shown,
                )
            )
            problems.display = True
        else:
            problems.display = False

    def show_readiness(self, bank: Bank) -> None:
        self.readiness = readiness(bank, self.app.store)
        self.query_one("#readiness-slot", ReadinessPanel).show(self.readiness)
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "drill_weakest":
            return self.readiness is not None and bool(self.readiness.weakest)
        return True

    def action_drill_weakest(self) -> None:
        if self.readiness is not None and self.readiness.weakest:
            tasks = tuple(t.task for t in self.readiness.weakest)
            self.app.start_drill(DrillFilter(tasks=tasks))

    @on(OptionList.OptionSelected, "#menu")
    async def way_in(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            await self.run_action(event.option.id)

    def action_drill(self) -> None:
        from ccaf.tui.screens.drill_setup import DrillSetupScreen

        if self.app.bank is not None:
            self.app.push_screen(DrillSetupScreen(self.app.bank))

    def action_quiz(self) -> None:
        self.app.start_quiz()

    def action_cards(self) -> None:
        self.app.start_cards()

    def action_cram(self) -> None:
        self.app.start_cards(cram=True)

    def action_exam(self) -> None:
        self.app.open_exam()

    def action_stream(self) -> None:
        self.app.open_stream()

    def action_browse(self) -> None:
        self.app.open_browse()

    def action_stats(self) -> None:
        self.app.action_open_stats()
