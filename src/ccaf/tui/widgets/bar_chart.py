"""A vertical bar chart drawn with block characters, with labels under the bars."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.widget import Widget

BLOCKS = " ▁▂▃▄▅▆▇█"


class BarChart(Widget):
    """Bars for `values`, `height` rows tall; every `label_every`-th label is printed under them."""

    DEFAULT_CSS = """
    BarChart {
        height: auto;
        width: auto;
    }
    """

    def __init__(
        self,
        values: Sequence[int],
        labels: Sequence[str],
        *,
        height: int = 6,
        bar_width: int = 2,
        label_every: int = 7,
        maximum: int | None = None,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.maximum = maximum
        self.values = list(values)
        self.labels = list(labels)
        self.chart_height = height
        self.bar_width = bar_width
        self.label_every = label_every

    def render(self) -> Text:
        peak = self.maximum or max(self.values, default=0)
        axis = str(peak)
        pad = len(axis)
        lines = Text()
        colour = self.app.current_theme.accent or "cyan"
        eighths = [round(v / peak * self.chart_height * 8) if peak else 0 for v in self.values]
        for row in range(self.chart_height, 0, -1):
            prefix = axis if row == self.chart_height else ("0" if row == 1 and peak else "")
            lines.append(prefix.rjust(pad) + " ┤" if prefix else " " * pad + " │", "dim")
            drawn = max(1, self.bar_width - 1)  # leave a gap between wider bars
            for value in eighths:
                fill = max(0, min(8, value - (row - 1) * 8))
                lines.append((BLOCKS[fill] * drawn).ljust(self.bar_width), colour)
            lines.append("\n")
        lines.append(" " * pad + " └" + "─" * (len(self.values) * self.bar_width) + "\n", "dim")
        label_line = [" "] * (len(self.values) * self.bar_width + 8)
        for i, label in enumerate(self.labels):
            if i % self.label_every == 0:
                for j, char in enumerate(label):
                    if i * self.bar_width + j < len(label_line):
                        label_line[i * self.bar_width + j] = char
        lines.append(" " * (pad + 2) + "".join(label_line).rstrip(), "dim")
        return lines

    def get_content_height(self, container: object, viewport: object, width: int) -> int:
        return self.chart_height + 2

    def get_content_width(self, container: object, viewport: object) -> int:
        peak = self.maximum or max(self.values, default=0)
        return len(str(peak)) + 2 + len(self.values) * self.bar_width + 6
