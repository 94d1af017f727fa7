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
from rich.text import Text
from textual.cache import LRUCache
from textual.coordinate import Coordinate
from textual.geometry import Region, Size
from textual.reactive import Reactive
from textual.strip import Strip
from textual.widgets import DataTable
from textual.widgets.data_table import RowKey

#: Where the cursor is, as far as a row it is not on is concerned.
_ELSEWHERE = Coordinate(-2, -2)


class WireTable(DataTable[Any]):
    """An append-only DataTable (rows added with `add_rows`, removed only by `clear`)."""

    # The table's place on screen is set by its pane, never by its rows: rows that make its
    # content larger need no layout of the screen, only the table's own scroll bars (set in
    # `add_rows`). A DataTable's growth would otherwise lay the whole screen out again.
    virtual_size = Reactive(Size(0, 0), layout=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        #: The drawn lines of rows away from the cursor and the mouse, by row rather than by
        #: their place on screen, which changes with every scroll.
        self._still_lines: LRUCache[tuple[Any, ...], Strip] = LRUCache(1000)
        #: The size, rows' size and container size the scroll bars were last set for.
        self._bars_set_for: tuple[Size, Size, Size] | None = None
        self._frame_style: Style | None = None  # the table's style, while a frame is drawn

    def add_rows(self, rows: Iterable[Iterable[Any]]) -> list[RowKey]:
        drawn = self._update_count
        keys = super().add_rows(rows)
        # Appended rows change no row already drawn, only which row a line shows. A column
        # that has to widen for them is caught when the new rows are measured.
        self._update_count = drawn
        self._offset_cache.clear()
        # Measured now rather than when the table is next idle: a cursor moved onto the last
        # row then scrolls to it at once, and the row shows in the next frame, not the one
        # after (a DataTable waits for a refresh to scroll to rows it has not measured).
        new_rows = set(self._new_rows)
        self._new_rows.clear()
        self._require_update_dimensions = False
        self._update_dimensions(new_rows)
        return keys

    def _vertical_bar_update(self) -> None:
        """What `_scroll_update` does when only the rows' height changed: the horizontal bar,
        which it would draw again as well, is as it was."""
        self._refresh_scrollbars()
        if self.show_vertical_scrollbar and self.styles.scrollbar_size_vertical:
            bar = self.vertical_scrollbar
            bar.window_virtual_size = self.virtual_size.height
            bar.window_size = self.container_size.height - self.scrollbar_size_horizontal
            bar.refresh()
        self.scroll_y = self.validate_scroll_y(self.scroll_y)

    def _size_updated(
        self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True
    ) -> bool:
        # At each layout of the screen a scrolling widget is given its region's size as its
        # virtual size, which is never the rows' size once they overflow: a DataTable then
        # sets its scroll bars again at every layout, and they are drawn once more in a frame
        # of their own. They are set here when a size really changed.
        bars_for = (size, self.virtual_size, container_size)
        if bars_for == self._bars_set_for:
            return False
        self._bars_set_for = bars_for
        return super()._size_updated(size, virtual_size, container_size, layout)

    def _update_dimensions(self, new_rows: Iterable[RowKey]) -> None:
        widths = [column.content_width for column in self.ordered_columns]
        super()._update_dimensions(new_rows)
        if widths != [column.content_width for column in self.ordered_columns]:
            self._update_count += 1  # a column widened: every row is drawn again
        if self._bars_set_for is not None and self.virtual_size != self._bars_set_for[1]:
            # The rows' size changed (rows added, or cleared), which lays nothing out: the
            # scroll bars follow it here, to be drawn in the next frame.
            size, before, container = self._bars_set_for
            if self.virtual_size.width != before.width:
                self._scroll_update(self.virtual_size)  # a column widened: both bars
            else:
                self._vertical_bar_update()
            self._bars_set_for = (size, self.virtual_size, container)

    def render_lines(self, crop: Region) -> list[Strip]:
        # A DataTable works its style out (up through the DOM) again for each line it draws:
        # once a frame is enough.
        self._frame_style = self.rich_style
        try:
            return super().render_lines(crop)
        finally:
            self._frame_style = None

    def render_line(self, y: int) -> Strip:
        if self._frame_style is None or self.fixed_rows:
            return super().render_line(y)
        scroll_x, scroll_y = self.scroll_offset
        if y >= (self.header_height if self.show_header else 0):
            y += scroll_y  # below the header, the rows scroll
        return self._render_line(y, scroll_x, scroll_x + self.size.width, self._frame_style)

    def _render_cell(
        self,
        row_index: int,
        column_index: int,
        base_style: Style,
        width: int,
        cursor: bool = False,
        hover: bool = False,
    ) -> list[list[Segment]]:
        # A DataTable draws each cell through Rich's layout (padding, styling, wrapping,
        # cropping), the larger part of a frame while the table follows a stream. A wire
        # cell is one line of Text narrower than its column (columns fit their widest cell):
        # its segments are put together here, as that layout would put them; the header and
        # anything else go the DataTable's way.
        if row_index < 0 or column_index < 0 or self.fixed_rows or self.fixed_columns:
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        row_key = self._row_locations.get_key(row_index)
        column_key = self._column_locations.get_key(column_index)
        if row_key is None or column_key is None:
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        key = (
            row_key,
            column_key,
            base_style,
            cursor,
            hover,
            self._show_hover_cursor,
            self._update_count,
            self._pseudo_class_state,
        )
        cached = self._cell_render_cache.get(key)
        if cached is not None:
            return cached
        cell = self._get_row_renderables(row_index).cells[column_index]
        padding = self.cell_padding
        inner = width - 2 * padding
        if (
            self.rows[row_key].height != 1
            or not isinstance(cell, Text)
            or "\n" in cell.plain
            or "\t" in cell.plain
            or cell.cell_len > inner
        ):
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        component_style, post_style = self._get_styles_to_render_cell(
            False,
            False,
            False,
            hover,
            cursor,
            self.show_cursor,
            self._show_hover_cursor,
            self.cursor_foreground_priority == "css",
            self.cursor_background_priority == "css",
        )
        pre_style = base_style + Style.from_meta({"row": row_index, "column": column_index})
        pre_style += component_style
        blank = Style.null()
        console = self.app.console
        if cell.spans:
            text = list(cell.render(console, end=""))
        else:  # Text.render leaves the Text's own style to whoever lays it out
            text = [Segment(cell.plain, console.get_style(cell.style, default=blank))]
        segments = [
            Segment(" " * padding, blank),
            *text,
            Segment(" " * (inner - cell.cell_len + padding), blank),
        ]
        lines = [list(Segment.apply_style(segments, pre_style, post_style))]
        self._cell_render_cache[key] = lines
        return lines

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
