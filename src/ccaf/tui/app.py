"""The ccaf Textual application."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import ClassVar

from textual.app import App
from textual.binding import Binding, BindingType

from ccaf.bank.model import Bank
from ccaf.tui.screens.home import HomeScreen


class CcafApp(App[None]):
    """Opens on Home; the bank loads in a worker so the first frame does not wait for it."""

    TITLE = "ccaf"
    SUB_TITLE = "Claude Certified Architect – Foundations"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit", id="quit"),
    ]

    def __init__(self, bank_paths: Sequence[Path]) -> None:
        super().__init__()
        self.bank_paths = list(bank_paths)
        self.bank: Bank | None = None

    def on_mount(self) -> None:
        self.push_screen(HomeScreen())
