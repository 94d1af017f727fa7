"""The wire table: a DataTable for a log that only grows, where a row once drawn stays drawn.

A DataTable forgets every rendered cell whenever a row is added, and every rendered row
whenever the cursor moves, so a table that follows a stream would draw all its visible rows
again for each new event. Rows here are only ever appended, never edited: appending keeps the
rendered rows (unless a column had to widen), and a cursor move draws again only the rows
it leaves and lands on; the lines of the other rows are kept, ready to be shown wherever a
scroll puts them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rich.segment import Segment
from rich.style import Style
from textual.cache import LRUCache
from textual.coordinate import Coordinate
from textual.strip import Strip
from textual.widgets import DataTable
from textual.widgets.data_table import RowKey

#: Where the cursor is, as far as a row it is not on is concerned.
_ELSEWHERE = Coordinate(-2, -2)


class WireTable(DataTable[Any]):
    """An append-only DataTable (rows added with `add_rows`, removed only by `clear`)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        #: The drawn lines of rows away from the cursor and the mouse, by row rather than by
        #: their place on screen, which changes with every scroll.
        self._still_lines: LRUCache[tuple[Any, ...], Strip] = LRUCache(1000)

    def add_rows(self, rows: Iterable[Iterable[Any]]) -> list[RowKey]:
        drawn = self._update_count
        keys = super().add_rows(rows)
        # Appended rows change no row already drawn, only which row a line shows. A column
        # that has to widen for them is caught when the new rows are measured.
        self._update_count = drawn
        self._offset_cache.clear()
        return keys

    def _update_dimensions(self, new_rows: Iterable[RowKey]) -> None:
        widths = [column.content_width for column in self.ordered_columns]
        super()._update_dimensions(new_rows)
        if widths != [column.content_width for column in self.ordered_columns]:
            self._update_count += 1  # a column widened: every row is drawn again

    def _render_line_in_row(
        self,
        row_key: RowKey,
        line_no: int,
        base_style: Style,
        cursor_location: Coordinate,
        hover_location: Coordinate,
    ) -> tuple[list[list[Segment]], list[list[Segment]]]:
        # A row the cursor (or the mouse) is not on is drawn the same wherever it is, so it
        # is cached under one place for both.
        row = -1 if row_key is self._header_row_key else self._row_locations.get(row_key)
        if cursor_location.row != row:
            cursor_location = _ELSEWHERE
        if hover_location.row != row:
            hover_location = _ELSEWHERE
        return super()._render_line_in_row(
            row_key, line_no, base_style, cursor_location, hover_location
        )

    def _render_line(self, y: int, x1: int, x2: int, base_style: Style) -> Strip:
        try:
            row_key, line_no = self._get_offsets(y)
        except LookupError:
            return super()._render_line(y, x1, x2, base_style)
        row = -1 if row_key is self._header_row_key else self._row_locations.get(row_key)
        if row in (self.cursor_coordinate.row, self.hover_coordinate.row):
            return super()._render_line(y, x1, x2, base_style)
        key = (
            row_key,
            line_no,
            x1,
            x2,
            self.size.width,
            base_style,
            self.cursor_type,
            self._show_hover_cursor,
            self._update_count,
            self._pseudo_class_state,
        )
        strip = self._still_lines.get(key)
        if strip is None:
            strip = self._still_lines[key] = super()._render_line(y, x1, x2, base_style)
        return strip
