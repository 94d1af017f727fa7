"""The wire table keeps drawn rows across appends and cursor moves, and draws what a DataTable
draws: after every step of a stream-like sequence, line for line."""

from __future__ import annotations

from typing import Any

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
