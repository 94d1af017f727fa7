"""A tool call in the stream demo: its raw input fragments as they arrive, then the parsed input."""

from __future__ import annotations

import json
from typing import Any

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from ccaf.text import visible
from ccaf.tui.shown import literal


class ToolCard(Vertical):
    """A tool_use, server_tool_use or mcp_tool_use block: fragments, then the parse at its stop."""

    DEFAULT_CSS = """
    ToolCard {
        height: auto;
        border: round $warning;
        padding: 0 1;
        margin: 1 0;
    }
    ToolCard .fragments { color: $text-muted; }
    ToolCard .parsed { color: $success; }
    ToolCard .failed { color: $error; }
    """

    def __init__(self, name: str | None, index: int, kind: str = "tool_use") -> None:
        super().__init__()
        runs = "" if kind == "tool_use" else " · the server runs it"
        self.border_title = literal(f"{kind} {name or '?'} · block {index}{runs}")
        self.fragments: list[str] = []
        self.shown = True

    def compose(self) -> ComposeResult:
        yield Static("input arriving: ", classes="fragments", markup=False)
        yield Static("", classes="parsed", markup=False)

    def add(self, fragment: str) -> None:
        self.fragments.append(fragment)
        self.shown = False

    def show_fragments(self) -> None:
        if not self.shown:
            self.shown = True
            self.query_one(".fragments", Static).update(
                "input arriving: " + visible("".join(self.fragments))
            )

    def finish(self, parsed: Any, error: str | None) -> None:
        self.show_fragments()
        result = self.query_one(".parsed", Static)
        if error is None:
            shown = visible(json.dumps(parsed, ensure_ascii=False))
            result.update("parsed at content_block_stop: " + shown)
        else:
            result.set_classes("failed")
            result.update(visible(f"parse failure at content_block_stop: {error}"))
