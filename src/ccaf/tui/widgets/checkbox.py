"""A checkbox whose tick is a mark, not a colour alone: X when on, blank when off."""

from __future__ import annotations

from typing import Any

from textual.widgets import Checkbox


class MarkedCheckbox(Checkbox):
    """Textual draws the same X on and off, told apart by colour; this one draws it only on."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.BUTTON_INNER = "X" if self.value else " "

    def watch_value(self) -> None:
        self.BUTTON_INNER = "X" if self.value else " "
        super().watch_value()
