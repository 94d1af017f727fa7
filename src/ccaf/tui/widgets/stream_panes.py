"""The stream demo's three panes, each owning its state: what the user sees, what arrived on the
wire, and the metrics line. The screen composes them and runs the stream."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Collapsible, DataTable, Markdown, Static
from textual.widgets.data_table import RowKey
from textual.widgets.markdown import MarkdownStream

from ccaf.stream.annotator import Note, StreamAnnotator
from ccaf.stream.ending import cost_line
from ccaf.stream.message import TOOL_INPUT_BLOCKS
from ccaf.text import clock_time, visible
from ccaf.tui.shown import filled, literal
from ccaf.tui.widgets.tool_card import ToolCard
from ccaf.tui.widgets.wire_table import WireTable

if TYPE_CHECKING:
    from ccaf.stream.run import StreamRun

KIND_STYLE = {  # Rich styles: the wire table's cells are Rich text
    "message": "bold cyan",
    "block": "blue",
    "text": "",
    "tool": "bold yellow",
    "thinking": "italic grey62",
    "usage": "bold green",
    "ping": "grey50",
    "error": "bold red",
    "unknown": "reverse yellow",
    "http": "bold red",
}


def citation_list(citations: list[Any]) -> Static:
    """The sources of a text block, under it, as a client shows them."""
    lines = []
    for number, citation in enumerate(citations, start=1):
        cited = citation if isinstance(citation, dict) else {}
        title = cited.get("title") or cited.get("document_title") or cited.get("type") or "?"
        url = cited.get("url")
        lines.append(f"[{number}] {title}" + (f" — {url}" if url else ""))
    return Static(visible("\n".join(lines)), classes="citations", markup=False)


class UserView(VerticalScroll):
    """What the user sees: the SDK's helper events, as the user's own code receives them."""

    def __init__(
        self, *, id: str | None = None, following: Callable[[], bool] = lambda: True
    ) -> None:
        super().__init__(id=id)
        self.text_stream: MarkdownStream | None = None
        self.thinking: Static | None = None
        self.thinking_text = ""
        self.cards: dict[int, ToolCard] = {}
        self.following = following  # whether the view keeps to its end (`keep_at_end`)
        self.text_buffer: list[str] = []
        self.thinking_buffer: list[str] = []

    async def reset(self) -> None:
        self.anchor(False)
        await self.stop_text()
        self.text_buffer.clear()
        self.thinking_buffer.clear()
        self.cards.clear()
        self.thinking = None
        self.thinking_text = ""
        await self.remove_children()

    async def stop_text(self) -> None:
        if self.text_stream is not None:
            await self.text_stream.stop()
            self.text_stream = None

    async def helper(self, event: Any, annotator: StreamAnnotator | None) -> None:
        """One SDK helper event; `annotator` has the finished block at a content_block_stop."""
        kind = getattr(event, "type", None)
        if kind == "content_block_start":
            await self.drain()  # what belongs to the block before goes there first
            await self._block_start(event.content_block, event.index)
        elif kind == "text":
            self.text_buffer.append(visible(event.text))
        elif kind == "thinking":
            self.thinking_buffer.append(visible(event.thinking))
        elif kind == "input_json":
            # The helper event names no block: it belongs to the tool call opened last.
            latest = list(self.cards.values())[-1] if self.cards else None
            if latest is not None:
                latest.add(event.partial_json)
        elif kind == "content_block_stop":
            await self.drain()
            block = None
            if annotator is not None:
                block = annotator.blocks.get((annotator.turn, event.index))
            stopped = self.cards.get(event.index)
            if stopped is not None:
                if block is not None and not stopped.fragments and block.fragments:
                    # Input the SDK's helper events do not carry (an MCP call without beta).
                    stopped.add(block.partial_json)
                stopped.finish(block.input if block else None, block.parse_error if block else None)
            elif block is not None and block.type == "text" and block.citations:
                await self.mount(citation_list(block.citations))

    async def _block_start(self, block: Any, index: int) -> None:
        if block.type == "text":
            await self.stop_text()
            markdown = Markdown(classes="answer")
            await self.mount(markdown)
            self.text_stream = Markdown.get_stream(markdown)
        elif block.type == "thinking":
            self.thinking_text = ""
            self.thinking = Static("", classes="thinking-text", markup=False)
            await self.mount(
                Collapsible(self.thinking, title="Thinking", collapsed=False, classes="thinking")
            )
        elif block.type in TOOL_INPUT_BLOCKS:
            card = ToolCard(getattr(block, "name", None), index, block.type)
            self.cards[index] = card
            await self.mount(card)
        elif block.type.endswith("_tool_result"):
            said = f"{block.type}: arrived complete, as the server ran the tool."
            await self.mount(Static(visible(said), classes="result", markup=False))

    def keep_at_end(self) -> None:
        """Following, the view stays scrolled to its end as text comes. It is anchored, so the
        layout that makes room for new text scrolls to it in the same frame (a scroll after
        that layout would take a frame of its own); scrolled up by the learner, it stays put
        until scrolled back down. Anchored only while its content is taller than the view
        (checked again when the view is resized): an anchored view draws shorter content at
        its foot."""
        if self.following() and self.max_scroll_y > 0:
            if not self.is_anchored:
                self.anchor()
        elif self.is_anchored:
            self.anchor(False)

    def on_resize(self) -> None:
        self.keep_at_end()

    def watch_virtual_size(self) -> None:
        # The text laid out taller: whether it now overflows is known here, after the layout
        # that measured it, whenever the text that came first was shown.
        if self.following() and not self.is_anchored:
            self.call_later(self.keep_at_end)

    async def drain(self) -> None:
        """Show what the helper events brought since the last tick: text, thinking, fragments.

        Done on the flush tick (or at a block's edge), not per event: a fast stream then costs
        a bounded number of Markdown appends and redraws a second, however many deltas it has.
        """
        if self.text_buffer and self.text_stream is not None:
            text = "".join(self.text_buffer)
            self.text_buffer.clear()
            await self.text_stream.write(text)
        if self.thinking_buffer and self.thinking is not None:
            self.thinking_text += "".join(self.thinking_buffer)
            self.thinking_buffer.clear()
            self.thinking.update(self.thinking_text)
        for card in self.cards.values():
            card.show_fragments()

    def info(self, text: str) -> None:
        self.mount(Static(visible(f"── {text}"), classes="info", markup=False))

    def end(self, said: str, state: str) -> None:
        self.mount(Static(visible(said), classes=f"end {state}", markup=False))


class WireView(Vertical):
    """What arrived: one row per event (and per HTTP answer), and the selected row's detail.

    An event's row goes in on the next turn of the event loop after it arrived, so it is in the
    next frame drawn; the events that arrive before that turn go in with it. While the table
    follows the stream, the followed row's detail is shown on the pane's tick, not per row.
    """

    def __init__(
        self,
        *,
        id: str | None = None,
        following: Callable[[], bool] = lambda: True,
        with_rows: Callable[[], Awaitable[None]] | None = None,
    ) -> None:
        super().__init__(id=id)
        self.following = following  # whether the table's cursor follows the newest row
        #: Run in the turn that adds rows, so that what it shows goes in the same frame.
        self.with_rows = with_rows
        self.pending: list[Note] = []  # the run appends here (`arrived`)
        self.rows_due = False  # a turn of the event loop will add the pending rows
        self.detail_due: int | None = None  # the row whose detail the next tick shows
        self.notes: list[Note] = []
        #: Rows whose highlight the table's own moves (the first row, following) have posted
        #: and that is still to come: each such move posts one, the learner's moves the others.
        self.own_moves: set[RowKey] = set()
        self.learner_chose = False  # whether the learner has highlighted a row themselves
        self.teaches = ""

    def compose(self) -> ComposeResult:
        yield Static("What arrived", classes="pane-title")
        yield WireTable(id="wire", cursor_type="row")
        with VerticalScroll(id="detail-scroll"):
            yield Static(id="detail", markup=False)

    def on_mount(self) -> None:
        self.query_one("#wire", DataTable).add_columns(
            "t", "event", "idx", "a client", "delta", "payload"
        )

    def reset(self, teaches: str) -> None:
        self.pending.clear()
        self.notes.clear()
        self.detail_due = None
        self.own_moves.clear()
        self.learner_chose = False
        self.query_one("#wire", DataTable).clear()
        lead = f"{teaches}\n\n" if teaches else ""
        self.query_one("#detail", Static).update(
            visible(f"{lead}Select a line in the list above to see its full JSON.")
        )

    def arrived(self, note: Note) -> None:
        self.pending.append(note)
        if not self.rows_due:
            self.rows_due = True
            self.call_later(self._add_due_rows)

    async def _add_due_rows(self) -> None:
        self.rows_due = False
        if self.is_attached:
            self.add_rows(self.following())
            if self.with_rows is not None:
                await self.with_rows()

    def tick(self, follow: bool) -> None:
        """The pane's tick: the followed row's detail, and any rows still pending."""
        self.add_rows(follow)
        row, self.detail_due = self.detail_due, None
        if row is not None:
            self.show_row(row)

    def add_rows(self, follow: bool) -> None:
        if not self.pending:
            return
        batch = self.pending[:]
        self.pending.clear()  # the same list: the run appends to it
        self.notes.extend(batch)
        table = self.query_one("#wire", WireTable)
        rows = []
        for note in batch:
            style = KIND_STYLE.get(note.kind, "")
            rows.append(
                (
                    Text(f"{note.t:7.3f}", style="grey62"),
                    literal(note.event, style),
                    "" if note.index is None else str(note.index),
                    literal(note.action, "grey70"),
                    literal(note.delta or "", style),
                    literal(note.summary[:32]),
                )
            )
        first = table.row_count == 0
        keys = table.add_rows(rows)
        if first and keys:
            self.own_moves.add(keys[0])  # a table's first row is highlighted as it comes
        if follow and table.cursor_row != table.row_count - 1:
            self.own_moves.add(keys[-1])
            table.move_cursor(row=table.row_count - 1, animate=False)

    @on(DataTable.RowHighlighted, "#wire")
    def show_detail(self, event: DataTable.RowHighlighted) -> None:
        if event.row_key not in event.data_table.rows:
            return  # a row of the run before a restart
        own = event.row_key in self.own_moves
        self.own_moves.discard(event.row_key)
        if own or event.cursor_row == 0:  # row 0: where the cursor starts
            if self.learner_chose:
                # The table follows the stream, a row a frame: its detail on the tick, as
                # fast as anyone can read it.
                self.detail_due = event.cursor_row
            return  # the table's own moves: the scenario's explanation stays until a row is chosen
        self.learner_chose = True
        self.detail_due = None
        self.show_row(event.cursor_row)

    def show_row(self, row: int) -> None:
        if 0 <= row < len(self.notes):
            note = self.notes[row]
            try:
                pretty = json.dumps(json.loads(note.raw), indent=2, ensure_ascii=False)
            except (json.JSONDecodeError, TypeError):
                pretty = note.raw
            self.query_one("#detail", Static).update(
                visible(f"{note.event}: {note.note}\n{pretty}")
            )


class MetricsLine(Static):
    """The run's figures: time to first text, stream time, events, rate, gap, tokens, cost."""

    def show(self, run: StreamRun) -> None:
        annotator = run.annotator
        ttft = "—" if annotator.ttft is None else f"{annotator.ttft:.2f}s"
        rate = annotator.tokens_per_second()
        elapsed = annotator.stream_seconds(run.clock() if run.running else None)
        provisional = "" if annotator.usage_final or not annotator.usage else " (provisional)"
        state = annotator.state + (f" ({annotator.error_type})" if annotator.error_type else "")
        self.update(
            filled(
                f"first text {ttft} · elapsed {clock_time(elapsed)} · {annotator.events} events"
                f" · {'—' if rate is None else f'{rate:.0f}'} tok/s · longest gap "
                f"{annotator.longest_gap:.2f}s · in {annotator.input_tokens} / out "
                f"{annotator.output_tokens}{provisional} · {cost_line(annotator)} · "
                "stop_reason $stop_reason · [b]$state[/b]",
                stop_reason=annotator.stop_reason,
                state=state,
            )
        )
