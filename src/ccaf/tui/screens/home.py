"""Home: the loaded packs with their item counts, and any problems found in the bank."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from ccaf.bank.loader import load_bank
from ccaf.bank.model import KINDS, Bank
from ccaf.text import plural

if TYPE_CHECKING:
    from ccaf.tui.app import CcafApp


class HomeScreen(Screen[None]):
    CSS_PATH = "home.tcss"

    app: CcafApp

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="home"):
            yield Static("Loading the question bank…", id="status")
            yield DataTable(id="packs", cursor_type="row", zebra_stripes=True)
            with VerticalScroll(id="problems-box"):
                yield Static(id="problems")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#packs", DataTable)
        table.add_columns("Pack", "Concept", "Title", *KINDS, "Total")
        self.load()

    @work(thread=True, exclusive=True, group="bank")
    def load(self) -> None:
        bank = load_bank(self.app.bank_paths)
        self.app.call_from_thread(self.show_bank, bank)

    def show_bank(self, bank: Bank) -> None:
        self.app.bank = bank
        table = self.query_one("#packs", DataTable)
        table.clear()
        for pack_id, counts in sorted(bank.counts().items()):
            pack = bank.packs[pack_id]
            table.add_row(
                pack_id,
                pack.concept,
                pack.title,
                *(str(counts[kind]) for kind in KINDS),
                str(counts.total()),
                key=pack_id,
            )
        status = self.query_one("#status", Static)
        status.update(f"{plural(len(bank.items), 'item')} in {plural(len(bank.packs), 'pack')}")
        problems = self.query_one("#problems", Static)
        if bank.errors:
            lines = "\n".join(str(error) for error in bank.errors[:50])
            more = len(bank.errors) - 50
            if more > 0:
                lines += f"\n… and {more} more (run `ccaf validate`)"
            problems.update(
                f"[b]{len(bank.errors)} problems in the bank[/b] (the valid items loaded):\n{lines}"
            )
            self.query_one("#problems-box").add_class("visible")
            self.notify(
                f"{plural(len(bank.errors), 'problem')} in the question bank: see Home",
                severity="warning",
            )
        else:
            self.query_one("#problems-box").remove_class("visible")
