"""The wire table keeps drawn rows across appends and cursor moves, and draws what a DataTable
draws: after every step of a stream-like sequence, line for line."""

from __future__ import annotations

from functools import partial
from typing import Any

from rich.text import Text
from textual.app import App, ComposeResult
from textual.geometry import Region
from textual.widgets import DataTable

from ccaf.tui.widgets.wire_table import WireTable


class Both(App[None]):
    CSS = "DataTable { height: 10; }"  # as in the pane: a fixed height, not one per row

    def compose(self) -> ComposeResult:
        yield DataTable(id="plain", cursor_type="row")
        yield WireTable(id="wire", cursor_type="row")


def lines(table: DataTable[Any]) -> list[str]:
    strips = table.render_lines(Region(0, 0, table.size.width, table.size.height))
    return [str([(s.text, s.style) for s in strip]) for strip in strips]


def row(n: int, payload: str = "x") -> tuple[str, ...]:
    return (f"{n / 100:7.3f}", "content_block_delta", "0", "show it", payload)


async def test_draws_what_a_data_table_draws_through_appends_moves_and_widening() -> None:
    app = Both()
    async with app.run_test(size=(70, 24)) as pilot:
        plain = app.query_one("#plain", DataTable)
        wire = app.query_one("#wire", WireTable)
        app.set_focus(None)  # the same look for both: neither focused
        steps: list[tuple[str, Any]] = [
            ("add", [row(n) for n in range(5)]),
            ("cursor", 4),
            ("add", [row(5), row(6)]),
            ("cursor", 6),
            ("add", [row(7, "a much wider payload than before")]),  # a column widens
            ("cursor", 7),
            ("cursor", 2),  # the user moves up: the row left and the row reached change
            ("add", [row(n) for n in range(8, 30)]),  # more rows than the table shows
            ("cursor", 29),
            ("clear", None),
            ("add", [row(n, "after clear") for n in range(3)]),
            ("cursor", 1),
        ]
        for kind, argument in steps:
            for table in (plain, wire):
                if kind == "add":
                    if not table.columns:
                        table.add_columns("t", "event", "idx", "a client", "payload")
                    table.add_rows(argument)
                elif kind == "cursor":
                    table.move_cursor(row=argument, animate=False)
                else:
                    table.clear()
            await pilot.pause()
            assert wire.row_count == plain.row_count
            assert lines(wire) == lines(plain), (kind, argument)


async def test_an_append_draws_only_the_new_row_and_the_row_the_cursor_left() -> None:
    app = Both()
    async with app.run_test(size=(70, 24)) as pilot:
        for table in (app.query_one("#plain", DataTable), app.query_one("#wire", WireTable)):
            table.add_columns("t", "event", "idx", "a client", "payload")
            table.add_rows([row(n) for n in range(6)])
            table.move_cursor(row=5, animate=False)
            await pilot.pause()
            lines(table)
            before = set(table._cell_render_cache.keys())
            table.add_rows([row(6)])
            table.move_cursor(row=6, animate=False)
            await pilot.pause()
            lines(table)
            drawn = set(table._cell_render_cache.keys()) - before
            if isinstance(table, WireTable):
                # Row 6 under the cursor, row 5 without it: five cells each.
                assert len(drawn) == 10
            else:  # the plain DataTable draws every visible cell again, header included
                assert len(drawn) >= 7 * 5


def styled_row(n: int) -> tuple[Any, ...]:
    """Cells as the pane makes them: Rich Text with a style, spans, wide characters, blanks."""
    spanned = Text("tool ")
    spanned.append("lookup_order", style="bold yellow")
    spanned.append(" 注文", style="italic")
    return (
        Text(f"{n / 100:7.3f}", style="grey62"),
        Text("content_block_delta", style="bold cyan" if n % 2 else ""),
        "" if n % 3 else str(n),
        spanned if n % 4 == 0 else Text("show it", style="grey70"),
        Text('"naïve café 😀"' if n % 5 == 0 else "", style="reverse yellow"),
    )


def drawn_the_data_table_way(table: WireTable) -> list[str]:
    """The table's lines with every cell drawn by DataTable's own `_render_cell`."""

    def forget() -> None:
        for cache in (table._cell_render_cache, table._row_render_cache, table._line_cache):
            cache.clear()
        table._still_lines.clear()

    forget()
    table._render_cell = partial(DataTable._render_cell, table)  # type: ignore[method-assign]
    try:
        return lines(table)
    finally:
        del table._render_cell
        forget()


async def test_styled_cells_draw_as_a_data_table_draws_them_focused_or_not() -> None:
    # The wire table puts a one-line cell's segments together itself: with the cells' own
    # styles and spans, wide characters, the cursor's style, focused or not, and the mouse
    # over a row, every line is what a DataTable draws.
    app = Both()
    async with app.run_test(size=(90, 24)) as pilot:
        plain = app.query_one("#plain", DataTable)
        wire = app.query_one("#wire", WireTable)
        for table in (plain, wire):
            table.add_columns("t", "event", "idx", "a client", "payload")
            table.add_rows([styled_row(n) for n in range(12)])
            table._set_hover_cursor(True)  # as when the mouse moves over the table
        for focused in (False, True):
            app.set_focus(wire if focused else None)
            for cursor in (0, 5, 11):
                for table in (plain, wire):
                    table.move_cursor(row=cursor, animate=False)
                    table.hover_coordinate = table.cursor_coordinate.up()
                await pilot.pause()
                assert wire._show_hover_cursor  # the hover row is drawn with its own style
                ours = lines(wire)
                assert ours == drawn_the_data_table_way(wire), (focused, cursor)
                if not focused:
                    assert ours == lines(plain), cursor


async def test_a_row_added_under_the_cursor_is_in_view_at_once_without_a_layout() -> None:
    # A DataTable scrolls to a row it has not measured only after a refresh, so the row shows
    # a frame late, and its growth lays the screen out; the wire table measures appended rows
    # at once and grows without a layout (its place is set by its pane).
    app = Both()
    async with app.run_test(size=(70, 24)) as pilot:
        plain = app.query_one("#plain", DataTable)
        wire = app.query_one("#wire", WireTable)
        app.set_focus(None)  # the same look for both: neither focused
        for table in (plain, wire):
            table.add_columns("t", "event", "idx", "a client", "payload")
            table.add_rows([row(n) for n in range(20)])
        await pilot.pause()
        for table in (plain, wire):
            table.add_rows([row(20)])
            table.move_cursor(row=20, animate=False)
        # The same turn, before any frame:
        assert wire.scroll_y == wire.max_scroll_y > 0
        assert wire.vertical_scrollbar.window_virtual_size == wire.virtual_size.height
        assert not wire._layout_required
        assert plain.scroll_y < plain.max_scroll_y or plain._layout_required
        await pilot.pause()
        assert lines(wire) == lines(plain)  # and the same picture once both have settled


class Alone(App[None]):
    CSS = "DataTable { height: 10; }"

    def compose(self) -> ComposeResult:
        yield WireTable(id="wire", cursor_type="row")


async def test_the_scroll_bars_follow_a_clear() -> None:
    # Clearing lays nothing out (the table's place is set by its container): its bars follow
    # the rows' new size themselves. Alone, so that no other widget's layout does it for them.
    app = Alone()
    async with app.run_test(size=(70, 24)) as pilot:
        wire = app.query_one("#wire", WireTable)
        wire.add_columns("t", "event", "idx", "a client", "payload")
        wire.add_rows([row(n) for n in range(30)])
        await pilot.pause()
        assert wire.show_vertical_scrollbar and wire.vertical_scrollbar.display
        wire.clear()
        await pilot.pause()
        await pilot.pause()
        assert not wire.show_vertical_scrollbar and wire.max_scroll_y == 0
        wire.add_rows([row(n) for n in range(3)])
        await pilot.pause()
        assert not wire.show_vertical_scrollbar  # three rows fit: still no bar
