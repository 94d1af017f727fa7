"""The line under an answer that says where its fact comes from, a link where it is a URL."""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual.widgets import Static

from ccaf.text import is_url


class SourceLine(Static):
    """`Source: <page>`; a URL is a terminal hyperlink (clickable where the terminal allows)."""

    DEFAULT_CSS = """
    SourceLine {
        height: auto;
        color: $text-muted;
        margin-top: 1;
    }
    """

    def __init__(self, source: str, *, id: str | None = "source") -> None:
        text = Text("Source: ", style="bold")
        text.append(source, style=Style(link=source, underline=True) if is_url(source) else "")
        super().__init__(text, id=id)
        self.source = source
