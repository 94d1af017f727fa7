"""Drill setup: choose pack, tag, kind, count, missed-only and seed, then start."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Button, Header, Input, Label, Select, Static

from ccaf.bank.model import Bank
from ccaf.study.drill import DRILL_KINDS, DrillFilter
from ccaf.text import shorten
from ccaf.tui.shown import literal
from ccaf.tui.widgets.fields import MarkedCheckbox, WholeNumberInput
from ccaf.tui.widgets.footer import AppFooter

if TYPE_CHECKING:
    from ccaf.tui.app import CcafApp

ALL = "*"


class DrillSetupScreen(Screen[None]):
    CSS_PATH = "drill_setup.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "start", "Start", id="setup.start", priority=True),
        Binding("escape", "app.pop_screen", "Back", id="setup.back"),
    ]

    app: CcafApp

    def __init__(self, bank: Bank) -> None:
        super().__init__()
        self.bank = bank

    def compose(self) -> ComposeResult:
        packs = [
            (literal(p.title if p.scope == "exam" else f"{p.title} (beyond the exam)"), p.id)
            for p in self.bank.packs.values()
        ]
        beyond = any(p.scope == "beyond" for p in self.bank.packs.values())
        everything = "All exam packs" if beyond else "All packs"
        tasks = [
            (f"{t.id} {shorten(t.title, 56)}", t.id) for t in self.bank.blueprint.tasks.values()
        ]
        tags = sorted(
            {
                tag
                for item in self.bank.items.values()
                if item.kind in DRILL_KINDS
                for tag in item.tags
            }
        )
        yield Header()
        with Vertical(id="setup"):
            yield Static("[b]Drill[/b]: questions one at a time, feedback at once.", id="intro")
            with Horizontal(classes="field"):
                yield Label("Pack")
                yield Select(
                    [(everything, ALL), *packs],
                    value=ALL,
                    allow_blank=False,
                    compact=True,
                    id="pack",
                )
            with Horizontal(classes="field"):
                yield Label("Task")
                yield Select(
                    [("All task statements", ALL), *tasks],
                    value=ALL,
                    allow_blank=False,
                    compact=True,
                    id="task",
                )
            with Horizontal(classes="field"):
                yield Label("Tag")
                yield Select(
                    [("All tags", ALL), *((literal(t), t) for t in tags)],
                    value=ALL,
                    allow_blank=False,
                    compact=True,
                    id="tag",
                )
            with Horizontal(classes="field"):
                yield Label("Kind")
                yield Select(
                    [
                        ("Questions and patterns", ALL),
                        ("Scenario questions", "mcq"),
                        ("Distractor patterns", "pattern"),
                    ],
                    value=ALL,
                    allow_blank=False,
                    compact=True,
                    id="kind",
                )
            with Horizontal(classes="field"):
                yield Label("How many")
                yield WholeNumberInput(placeholder="all", id="count", compact=True)
            with Horizontal(classes="field"):
                yield Label("Seed")
                yield WholeNumberInput(placeholder="random", id="seed", compact=True)
            with Horizontal(classes="field"):
                yield Label("")
                yield MarkedCheckbox("Only the ones I missed last time", id="missed", compact=True)
            with Horizontal(classes="field"):
                yield Label("")
                yield MarkedCheckbox("Only the ones due for review", id="due", compact=True)
            yield Button("Start", variant="primary", id="start")
        yield AppFooter()

    def filters(self) -> tuple[DrillFilter, int | None]:
        def chosen(select_id: str) -> tuple[str, ...]:
            value = self.query_one(f"#{select_id}", Select).value
            return () if value == ALL else (str(value),)

        count = self.query_one("#count", Input).value.strip()
        seed = self.query_one("#seed", Input).value.strip()
        kinds = chosen("kind") or DRILL_KINDS
        return (
            DrillFilter(
                packs=chosen("pack"),
                tags=chosen("tag"),
                tasks=chosen("task"),
                kinds=kinds,
                count=int(count) if count and int(count) > 0 else None,
                missed=self.query_one("#missed", MarkedCheckbox).value,
                due=self.query_one("#due", MarkedCheckbox).value,
            ),
            int(seed) if seed else None,
        )

    @on(Button.Pressed, "#start")
    @on(Input.Submitted)
    def action_start(self) -> None:
        filters, seed = self.filters()
        self.app.start_drill(filters, seed)
