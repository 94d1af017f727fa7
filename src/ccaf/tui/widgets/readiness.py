"""Readiness by exam domain, the exam-weighted estimate with its margin, the weakest tasks."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import DataTable, Static

from ccaf.study.readiness import Readiness
from ccaf.study.score import Score
from ccaf.text import percent, plural, shorten


def share(part: int, whole: int) -> str:
    return f"{part}/{whole} ({percent(Score(part, whole).percent)})" if whole else "—"


class ReadinessPanel(Vertical):
    """What a learner needs before the exam: coverage and accuracy per domain, one estimate."""

    DEFAULT_CSS = """
    ReadinessPanel {
        height: auto;
    }
    ReadinessPanel DataTable {
        height: auto;
    }
    ReadinessPanel .estimate {
        margin-top: 1;
    }
    ReadinessPanel .weakest {
        color: $text-muted;
    }
    """

    def __init__(
        self,
        readiness: Readiness | None = None,
        *,
        drill_key: str | None = None,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.readiness = readiness
        self.drill_key = drill_key

    def compose(self) -> ComposeResult:
        table: DataTable[object] = DataTable(cursor_type="none", zebra_stripes=True)
        table.add_columns("Domain", "Weight", "Seen", "Right (last try)")
        yield table
        yield Static(classes="estimate")
        yield Static(classes="weakest")

    def on_mount(self) -> None:
        if self.readiness is not None:
            self.show(self.readiness)

    def show(self, readiness: Readiness) -> None:
        """Fill the panel in place (no remounting, so a screen draws the same frame each time)."""
        self.readiness = readiness
        table = self.query_one(DataTable)
        table.clear()
        for d in readiness.domains:
            table.add_row(
                Text(f"D{d.domain} {shorten(d.title, 28)}"),
                f"{d.weight}%",
                share(d.seen, d.items),
                share(d.right, d.seen),
            )
        if readiness.answers:
            estimate = Text.assemble(
                ("Estimate: ", "bold"),
                (f"{100 * readiness.estimate:.0f}% ± {100 * readiness.margin:.0f}", "bold"),
                f" right on an exam-weighted mix, from {plural(readiness.answers, 'item')}"
                " answered. An estimate: domains you have not practised count as a coin toss.",
            )
        else:
            estimate = Text("Estimate: none yet. Answer exam questions to see where you stand.")
        self.query_one(".estimate", Static).update(estimate)
        weakest = self.query_one(".weakest", Static)
        weakest.display = bool(readiness.weakest)
        if readiness.weakest:
            listed = ", ".join(f"{t.task} ({t.right}/{t.seen})" for t in readiness.weakest)
            hint = f"  {self.drill_key}: drill them" if self.drill_key else ""
            weakest.update(Text(f"Weakest task statements: {listed}.{hint}"))
