"""Home: the plan to the exam date, each pack with its counts, mastery, what is due and the
last exam; readiness; the ways in, with their keys and, for flashcards and self-checks, their
new, learning and due counts."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Header, OptionList, Static
from textual.widgets.option_list import Option

from ccaf.text import percent, plural, shorten
from ccaf.tui.shown import filled
from ccaf.tui.widgets.footer import AppFooter

if TYPE_CHECKING:
    from ccaf.bank.model import Bank
    from ccaf.study.readiness import Readiness
    from ccaf.tui.app import CcafApp

#: (action, key, label, what it is); what is known only once the bank is loaded is filled in
#: then (`HomeScreen.way_in_prompts`).
#: A pack's title is cut to this many characters in the table, which then fits 100 columns.
PACK_TITLE_WIDTH = 34

WAYS_IN = [
    ("drill", "d", "Drill", "questions and distractor patterns, with every rationale"),
    ("quiz", "s", "Self-check", "answer in your head, reveal, grade yourself"),
    ("cards", "f", "Flashcards", "what is due now, spaced with FSRS"),
    ("cram", "c", "Cram", "every card and self-check, leaving the schedule alone"),
    ("exam", "e", "Mock exam", "timed, drawn and scored as at a real sitting"),
    ("plan", "p", "Plan", "set the exam date: days left and today's target"),
    ("stream", "w", "Stream demo", "watch a streamed reply arrive, every event explained"),
    ("browse", "b", "Browse", "every item: search, read it whole, flag or suspend it"),
    ("stats", "t", "Stats", "accuracy, activity, what is due, what you miss most"),
]


class HomeScreen(Screen[None]):
    # Its stylesheet, home.tcss, is read with the app's (`CcafApp.CSS_PATH`).
    BINDINGS: ClassVar[list[BindingType]] = [
        # The menu on Home lists every way in with its key; the footer shows what fits in 80
        # columns, Stats and Quit among them.
        Binding("d", "drill", "Drill", id="home.drill"),
        Binding("s", "quiz", "Self-check", id="home.quiz"),
        Binding("f", "cards", "Flashcards", id="home.cards"),
        Binding("c", "cram", "Cram cards", id="home.cram", show=False),
        Binding("e", "exam", "Exam", id="home.exam"),
        Binding("p", "plan", "Plan", id="home.plan", show=False),
        Binding("w", "stream", "Stream demo", id="home.stream", show=False),
        Binding("b", "browse", "Browse", id="home.browse", show=False),
        Binding("t", "stats", "Stats", id="home.stats"),
        Binding("r", "drill_weakest", "Drill weakest", id="home.drill-weakest", show=False),
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
            yield Static(id="plan")
            # The ways in come first, so that they show at 80x24 without scrolling.
            yield Static("Study", classes="heading", id="study-heading")
            yield OptionList(
                *(
                    Option(self.way_in_prompt(action, help), id=action)
                    for action, _key, _label, help in WAYS_IN
                ),
                id="menu",
            )
            # The packs and readiness come with the bank (`bank_widgets`): the first frame,
            # drawn before the bank is read, shows what is known without it.
            yield Static(id="problems")
        yield AppFooter()

    @staticmethod
    def bank_widgets() -> list[Widget]:
        """The packs table and the readiness panel, below the menu."""
        from textual.widgets import DataTable

        from ccaf.tui.widgets.readiness import ReadinessPanel

        table: DataTable[Text | str] = DataTable(id="packs", cursor_type="none", zebra_stripes=True)
        table.add_columns("Pack", "Scope", "Items", "Mastery", "Due now", "Last exam")
        return [
            Static("Packs", classes="heading"),
            table,
            Static("Readiness by exam domain", classes="heading", id="readiness-heading"),
            ReadinessPanel(drill_key="r", id="readiness-slot"),
        ]

    def on_mount(self) -> None:
        self.watch(self.app, "bank", self.bank_loaded)
        # Focus the menu without scrolling to it: Home opens at its top, whatever the size.
        self.query_one("#menu", OptionList).focus(scroll_visible=False)

    def bank_loaded(self, bank: Bank | None) -> None:
        if bank is not None:
            self.call_later(self.show_bank, bank)

    async def on_screen_resume(self) -> None:
        await self.show_bank(self.app.bank)

    @staticmethod
    def way_in_prompt(action: str, help: str, counts: str = "") -> str:
        """A line of the menu: the key, the way in, its counts if it has any, what it is."""
        key, label = next((k, name) for a, k, name, _ in WAYS_IN if a == action)
        lead = f"{counts}  " if counts else ""
        return f"[b]{key}[/b]  [b]{label:<13}[/b]{lead}[dim]{help}[/dim]"

    def way_in_prompts(self, bank: Bank) -> dict[str, str]:
        """The menu lines that depend on the bank and on progress."""
        from ccaf.study.exam import default_size
        from ccaf.study.review import queue_counts

        store, now = self.app.store, self.app.clock()
        prompts: dict[str, str] = {}
        for action, kind, help in (
            ("cards", "card", "spaced with FSRS"),
            ("quiz", "selfcheck", "think, reveal, grade"),
        ):
            counts = queue_counts(bank, store, now, kind, new_limit=self.app.new_limit(kind))
            shown = f"New {counts.new} · Learning {counts.learning} · Due {counts.due}"
            prompts[action] = self.way_in_prompt(action, help, shown)
        count, minutes = default_size(bank, exclude=store.marks.suspended())
        prompts["exam"] = self.way_in_prompt(
            "exam",
            f"{plural(count, 'question')} in {minutes:g} minutes, drawn as at a real sitting"
            if count
            else "no exam-scope scenario questions in the bank",
        )
        return prompts

    def show_plan(self, bank: Bank) -> None:
        from ccaf.study.plan import describe, plan

        today = plan(bank, self.app.store, self.app.clock())
        shown = self.query_one("#plan", Static)
        if today is None:
            shown.update("[dim]No exam date set: p plans to one.[/dim]")
            shown.remove_class("planned")
        else:
            shown.update("\n".join(describe(today)))
            shown.add_class("planned")

    async def show_bank(self, bank: Bank | None) -> None:
        if bank is None:
            return
        from textual.widgets import DataTable

        from ccaf.study.stats import pack_overview

        if not self.query("#packs"):
            await self.query_one("#home").mount_all(self.bank_widgets(), before="#problems")
        table = self.query_one("#packs", DataTable)
        table.clear()
        for row in pack_overview(bank, self.app.store, self.app.clock()):
            table.add_row(
                Text(shorten(row.title, PACK_TITLE_WIDTH), style="bold"),
                Text("exam" if row.scope == "exam" else "beyond the exam"),
                str(row.total),
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
        self.show_plan(bank)
        menu = self.query_one("#menu", OptionList)
        for action, prompt in self.way_in_prompts(bank).items():
            menu.replace_option_prompt(action, prompt)
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
        from ccaf.study.readiness import readiness
        from ccaf.tui.widgets.readiness import ReadinessPanel

        self.readiness = readiness(bank, self.app.store)
        self.query_one("#readiness-slot", ReadinessPanel).show(self.readiness)
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "drill_weakest":
            return self.readiness is not None and bool(self.readiness.weakest)
        return True

    def action_drill_weakest(self) -> None:
        from ccaf.study.drill import DrillFilter

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
        self.app.open_exam(ask=True)

    def action_plan(self) -> None:
        from ccaf.tui.screens.plan import PlanForm

        async def planned(changed: bool | None) -> None:
            if changed:
                await self.show_bank(self.app.bank)

        self.app.push_screen(PlanForm(), planned)

    def action_stream(self) -> None:
        self.app.open_stream()

    def action_browse(self) -> None:
        self.app.open_browse()

    def action_stats(self) -> None:
        self.app.action_open_stats()
