"""One answer option: its letter and its text; click to choose it."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.events import Click
from textual.widgets import Label, Static

from ccaf.study.drill import LETTERS

#: Each state has a mark as well as a colour, for monochrome terminals and colour-blind eyes.
MARKS = {"chosen": "●", "right": "✓", "wrong": "✗"}


class OptionRow(Horizontal):
    """Shown as `● A  text`. Classes: `right`, `wrong`, `other` (after answering), `chosen`;
    the first three give the row its mark."""

    DEFAULT_CSS = """
    OptionRow {
        height: auto;
        padding: 0 1;
    }
    OptionRow:hover {
        background: $boost;
    }
    OptionRow .mark {
        width: 2;
        text-style: bold;
    }
    OptionRow .letter {
        width: 3;
        text-style: bold;
        color: $accent;
    }
    OptionRow .text {
        width: 1fr;
    }
    OptionRow.right {
        background: $success 20%;
    }
    OptionRow.right .letter, OptionRow.right .mark {
        color: $success;
    }
    OptionRow.wrong {
        background: $error 20%;
    }
    OptionRow.wrong .letter, OptionRow.wrong .mark {
        color: $error;
    }
    OptionRow.other {
        color: $text-muted;
    }
    OptionRow.chosen {
        background: $accent 25%;
    }
    OptionRow.chosen .letter {
        color: $text;
    }
    """

    def __init__(self, index: int, text: str, classes: str = "") -> None:
        super().__init__(classes=classes)
        self.index = index
        self.text = text

    @property
    def mark(self) -> str:
        return next((m for state, m in MARKS.items() if self.has_class(state)), " ")

    def compose(self) -> ComposeResult:
        yield Label(self.mark, classes="mark")
        yield Label(LETTERS[self.index], classes="letter")
        yield Static(self.text, markup=False, classes="text")

    async def on_click(self, event: Click) -> None:
        event.stop()
        await self.screen.run_action(f"choose({self.index})")


def answer_bindings(prefix: str, options: int, letters: int | None = None) -> list[Binding]:
    """Keys that choose an option: digits 1, 2, 3, ... and the first `letters` letters a, b, ...

    One binding shows in the footer ("a-d Answer"); the rest are hidden but still in the palette.
    """
    letters = options if letters is None else letters
    group = Binding.Group("Choose an option (A, B, C, ...)")  # one line in the help
    bindings = [
        Binding("a", "choose(0)", "Answer", key_display="a-d", id=f"{prefix}.answer", group=group)
    ]
    for n in range(options):
        letter = LETTERS[n].lower()
        keys = [str(n + 1)] + ([letter] if 0 < n < letters else [])
        bindings += [
            Binding(
                key,
                f"choose({n})",
                f"Answer {LETTERS[n]}",
                show=False,
                id=f"{prefix}.answer-{letter}-{key}",
                group=group,
            )
            for key in keys
        ]
    return bindings
