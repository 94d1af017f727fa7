"""Form fields that say what they hold without colour, and leave other keys to the screen."""

from __future__ import annotations

from typing import Any

from textual import events
from textual.widgets import Checkbox, Input


class MarkedCheckbox(Checkbox):
    """Textual draws the same X on and off, told apart by colour; this one draws it only on."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.BUTTON_INNER = "X" if self.value else " "

    def watch_value(self) -> None:
        self.BUTTON_INNER = "X" if self.value else " "
        super().watch_value()


class WholeNumberInput(Input):
    """An input for a whole number that takes only the keys one is typed with, so the screen's
    other keys (`?` for the help) still work while it has the focus."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, type="integer", **kwargs)

    def check_consume_key(self, key: str, character: str | None) -> bool:
        return character is not None and (character.isdigit() or character in "+-")

    async def _on_key(self, event: events.Key) -> None:
        # Textual then calls Input's own handler, unless the default is prevented.
        if event.is_printable and not self.check_consume_key(event.key, event.character):
            event.prevent_default()  # not typed in: it goes on to the screen's and the app's keys
