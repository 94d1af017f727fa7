"""Stats: accuracy by pack and tag, answers per day, what falls due, the items missed most."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static

from ccaf.study.drill import DrillFilter
from ccaf.study.score import Score
from ccaf.study.stats import Stats, compute, missed_most_to_drill
from ccaf.text import percent, plural
from ccaf.tui.widgets.bar_chart import BarChart
from ccaf.tui.widgets.footer import AppFooter
from ccaf.tui.widgets.readiness import ReadinessPanel

if TYPE_CHECKING:
    from ccaf.tui.app import CcafApp


def accuracy_table(rows: dict[str, Score], first: str, table_id: str) -> DataTable[object]:
    table: DataTable[object] = DataTable(id=table_id, cursor_type="none", zebra_stripes=True)
    table.add_columns(first, "Answers", "Right", "Accuracy")
    for name, score in rows.items():
        table.add_row(Text(name), str(score.total), str(score.right), percent(score.percent_if_any))
    return table


class StatsScreen(Screen[None]):
    CSS_PATH = "stats.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("m", "drill_missed", "Drill missed most", id="stats.drill-missed"),
        Binding("escape", "app.pop_screen", "Home", id="stats.home"),
    ]

    app: CcafApp

    def compose(self) -> ComposeResult:
        bank = self.app.bank
        assert bank is not None
        stats = compute(bank, self.app.store, self.app.clock())
        #: What `m` drills: the questions and patterns missed most.
        self.to_drill = missed_most_to_drill(bank, self.app.store)
        yield Header()
        with VerticalScroll(id="stats"):
            yield headline(stats)
            yield Static("Readiness by exam domain (exam-scope items)", classes="heading")
            yield ReadinessPanel(stats.readiness, id="readiness")
            yield from activity(stats)
            yield from mock_exams(stats)
            with Horizontal(classes="tables"):
                with Vertical():
                    yield Static("By pack", classes="heading")
                    yield accuracy_table(stats.by_pack, "Pack", "by-pack")
                with Vertical():
                    yield Static("By tag", classes="heading")
                    yield accuracy_table(stats.by_tag, "Tag", "by-tag")
            yield from most_missed(stats)
        yield AppFooter()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "drill_missed":
            return bool(self.to_drill) or None
        return True

    def on_screen_resume(self) -> None:
        bank = self.app.bank  # a drill may have changed what is missed most
        self.to_drill = [] if bank is None else missed_most_to_drill(bank, self.app.store)
        self.refresh_bindings()

    def action_drill_missed(self) -> None:
        if self.to_drill:
            self.app.start_drill(DrillFilter(), items=self.to_drill)


def headline(stats: Stats) -> Static:
    return Static(
        f"[b]{plural(stats.total_answers, 'answer')}[/b] · accuracy "
        f"[b]{percent(stats.overall.percent_if_any)}[/b] · "
        f"[b]{stats.due_now}[/b] due now · "
        f"[b]{plural(stats.exams_taken, 'mock exam')}[/b]",
        id="headline",
    )


def activity(stats: Stats) -> ComposeResult:
    """Answers on each of the last days, and what falls due on each of the next."""
    yield Static("Answers per day, last 30 days", classes="heading")
    yield BarChart(
        [n for _, n in stats.per_day],
        [d.strftime("%d %b") for d, _ in stats.per_day],
        height=5,
        bar_width=2,
        label_every=7,
        id="per-day",
    )
    yield Static("Due over the next 14 days (today includes overdue)", classes="heading")
    yield BarChart(
        [n for _, n in stats.due_next],
        [d.strftime("%a") for d, _ in stats.due_next],
        height=5,
        bar_width=4,
        label_every=1,
        id="due-next",
    )


def mock_exams(stats: Stats) -> ComposeResult:
    yield Static("Mock exams: estimated scaled score (pass line 720)", classes="heading")
    if not stats.exams:
        yield Static("No mock exam taken yet.", classes="empty")
        return
    recent = stats.exams[-30:]
    yield BarChart(
        [e.scaled_estimate for e in recent],
        [datetime.fromtimestamp(e.submitted_at).strftime("%d %b") for e in recent],
        height=5,
        bar_width=3,
        label_every=4,
        maximum=1000,
        id="exams",
    )
    last = stats.exams[-1]
    yield Static(
        f"Last: {last.correct}/{last.total} ({last.percent:.0f}%), estimated "
        f"{last.scaled_estimate}. Estimates: the real conversion is not published.",
        classes="note",
    )


def most_missed(stats: Stats) -> ComposeResult:
    yield Static("Missed most often (m: drill the questions among them)", classes="heading")
    if not stats.most_missed:
        yield Static("Nothing missed yet.", classes="empty")
        return
    table: DataTable[object] = DataTable(id="missed", cursor_type="none")
    table.add_columns("Wrong", "Item", "Asks")
    for missed in stats.most_missed:
        text = missed.text if len(missed.text) <= 60 else missed.text[:59] + "…"
        table.add_row(f"{missed.wrong}/{missed.answers}", missed.item_id, Text(text))
    yield table
