"""A table of scores: each row a name, how many right of how many, and a bar of the share."""

from __future__ import annotations

from collections.abc import Mapping

from rich.text import Text
from textual.widgets import DataTable

from ccaf.study.score import Score


def bar(share: float, width: int) -> str:
    """`share` (0 to 1) as a bar of `width` cells, filled then empty."""
    filled = round(share * width)
    return "█" * filled + "░" * (width - filled)


class ScoreTable(DataTable[object]):
    """Scores by domain, task, scenario or tag; `title` heads the column of names."""

    def __init__(
        self,
        title: str,
        scores: Mapping[str, Score],
        *,
        bar_width: int = 12,
        zebra_stripes: bool = False,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id, cursor_type="none", zebra_stripes=zebra_stripes)
        self.add_columns(title, "Right", "Share")
        for name, score in scores.items():
            share = score.right / score.total if score.total else 0.0
            self.add_row(
                Text(name), f"{score.right}/{score.total}", f"{bar(share, bar_width)} {share:.0%}"
            )
