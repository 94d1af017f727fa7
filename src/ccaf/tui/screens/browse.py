"""Browse: every item in a searchable list; open one, flag it, suspend it, drill a selection."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.coordinate import Coordinate
from textual.screen import Screen
from textual.widgets import DataTable, Header, Input, Static

from ccaf.bank.model import Bank
from ccaf.study.browse import SEARCH_HELP, Browser, Entry, QueryError, study_selection
from ccaf.text import plural
from ccaf.tui.shown import literal, saving
from ccaf.tui.widgets.footer import AppFooter

if TYPE_CHECKING:
    from ccaf.tui.app import CcafApp

FLAG, SUSPENDED = "⚑", "⊘"
#: The widths of every column but "Asks", with the cell padding, margins and scroll bar.
OTHER_COLUMNS = 2 + 9 + 4 + 8 + 5 * 2 + 4


def marks_of(entry: Entry) -> str:
    return (FLAG if entry.flagged else " ") + (SUSPENDED if entry.suspended else " ")


def asks(entry: Entry, width: int) -> Text:
    """What the item asks, cut to `width`; dim and struck through when it is suspended."""
    text = entry.text if len(entry.text) <= width else entry.text[: width - 1] + "…"
    return literal(text, style="dim strike" if entry.suspended else "")


def last_of(entry: Entry) -> str:
    """The last result and how often it was missed: "✗ 2/3" (2 wrong of 3), or "-" if never."""
    if entry.last is None:
        return "-"
    return f"{'✓' if entry.last else '✗'} {entry.wrong}/{entry.attempts}"


class ItemList(DataTable[object]):
    """The list of items; `enter` (or a click on the highlighted row) reads the item whole."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select_cursor", "Read", id="browse.open"),
    ]


class BrowseScreen(Screen[None]):
    CSS_PATH = "browse.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "search", "Search", id="browse.search"),
        Binding("f", "flag", "Flag", id="browse.flag"),
        Binding("f", "unflag", "Unflag", id="browse.unflag"),
        Binding("s", "suspend", "Suspend", id="browse.suspend"),
        Binding("s", "unsuspend", "Unsuspend", id="browse.unsuspend"),
        Binding("d", "study", "Drill", id="browse.study"),
        Binding("down", "to_list", "To the list", show=False, id="browse.to-list"),
        Binding("escape", "back", "Home", id="browse.back"),
    ]

    app: CcafApp

    def __init__(self, bank: Bank, query: str = "") -> None:
        super().__init__()
        self.bank = bank
        self.query_text = query
        self.browser: Browser | None = None
        self.shown: list[Entry] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(self.query_text, placeholder=SEARCH_HELP, id="search")
        yield Static(id="summary")
        yield ItemList(id="items", cursor_type="row", zebra_stripes=True)
        yield Static(id="current")
        yield AppFooter()

    def on_mount(self) -> None:
        self.browser = Browser(self.bank, self.app.store)
        table = self.query_one("#items", DataTable)
        table.add_column("", key="marks", width=2)
        # Fixed widths: the table then measures no cell when the list is rebuilt on a keystroke.
        table.add_column("Kind", key="kind", width=9)
        table.add_column("Task", key="task", width=4)
        table.add_column("Last", key="last", width=8)
        table.add_column("Asks", key="asks", width=self.asks_width())
        self.show_selection()
        table.focus()

    def on_screen_resume(self) -> None:
        # Marks may have changed on the item's own screen, answers in a drill.
        if self.browser is not None:
            keep = self.highlighted()
            self.browser = Browser(self.bank, self.app.store)
            self.show_selection(keep=keep)

    def asks_width(self) -> int:
        return max(20, self.app.size.width - OTHER_COLUMNS)

    def on_resize(self) -> None:
        if self.browser is None:
            return
        table = self.query_one("#items", DataTable)
        table.columns["asks"].width = self.asks_width()  # type: ignore[index]
        self.show_selection(keep=self.highlighted())

    # -- the list ------------------------------------------------------------------------

    @on(Input.Changed, "#search")
    def search_changed(self, event: Input.Changed) -> None:
        self.query_text = event.value
        self.show_selection()

    @on(Input.Submitted, "#search")
    def search_done(self) -> None:
        self.query_one("#items", DataTable).focus()

    def show_selection(self, keep: str | None = None) -> None:
        assert self.browser is not None
        summary = self.query_one("#summary", Static)
        try:
            shown = self.browser.search(self.query_text)
        except QueryError as exc:
            summary.update(literal(f"Cannot read the search: {exc}", style="bold"))
            summary.add_class("error")
            return
        summary.remove_class("error")
        table = self.query_one("#items", DataTable)
        if keep is None and shown == self.shown and table.row_count == len(shown):
            return  # a keystroke that changes nothing shown rebuilds nothing
        self.shown = shown
        table.clear()
        width = self.asks_width()
        table.add_rows(
            (
                Text(marks_of(e)),  # Text, not str: no markup to parse in 500 cells
                Text(e.item.kind),
                Text(e.item.task or ""),
                Text(last_of(e)),
                asks(e, width),
            )
            for e in self.shown
        )
        # Rows are in the order of self.shown: row n is self.shown[n].
        if keep is not None:
            for row, entry in enumerate(self.shown):
                if entry.item.id == keep:
                    table.move_cursor(row=row, animate=False)
                    break
        self.show_summary()
        self.show_current()

    def show_summary(self) -> None:
        assert self.browser is not None
        total = len(self.browser.entries)
        flagged = sum(e.flagged for e in self.shown)
        suspended = sum(e.suspended for e in self.shown)
        self.query_one("#summary", Static).update(
            f"{len(self.shown)} of {plural(total, 'item')} · {FLAG} {flagged} flagged · "
            f"{SUSPENDED} {suspended} suspended · last: ✓/✗, wrong/answers"
        )

    def highlighted(self) -> str | None:
        table = self.query_one("#items", DataTable)
        if not self.shown or not 0 <= table.cursor_row < len(self.shown):
            return None
        return self.shown[table.cursor_row].item.id

    def refresh_row(self, item_id: str) -> None:
        """Show an item's new marks in place: it stays in the list until the search changes."""
        assert self.browser is not None
        entry = self.browser.entries[item_id]
        for row, shown in enumerate(self.shown):
            if shown.item.id == item_id:
                self.shown[row] = entry
                table = self.query_one("#items", DataTable)
                table.update_cell_at(Coordinate(row, 0), Text(marks_of(entry)))
                width = self.asks_width()
                table.update_cell_at(Coordinate(row, 4), asks(entry, width))
        self.show_summary()
        self.refresh_bindings()

    # -- actions -------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        marking = ("flag", "unflag", "suspend", "unsuspend")
        if action in ("to_list", *marking):
            if self.query_one("#search", Input).has_focus:
                return False  # its keys are letters typed into the search
            item_id = self.highlighted()
            if action == "to_list" or item_id is None or self.browser is None:
                return action == "to_list" or None
            entry = self.browser.entries[item_id]
            if action in ("flag", "unflag"):
                return entry.flagged == (action == "unflag")
            if action in ("suspend", "unsuspend"):
                return entry.suspended == (action == "unsuspend")
            return True
        if action == "study":
            return bool(self.shown) or None
        return True

    @on(DataTable.RowHighlighted, "#items")
    def row_highlighted(self) -> None:
        self.show_current()
        self.refresh_bindings()

    def show_current(self) -> None:
        """The highlighted item's id, pack and tags, under the list."""
        item_id = self.highlighted()
        current = self.query_one("#current", Static)
        if item_id is None or self.browser is None:
            current.update("")
            return
        item = self.browser.entries[item_id].item
        parts = [item.id, item.pack, *(f"#{tag}" for tag in item.tags)]
        current.update(literal(" · ".join(parts)))

    def on_descendant_focus(self) -> None:
        self.refresh_bindings()

    def on_descendant_blur(self) -> None:
        self.refresh_bindings()

    def action_search(self) -> None:
        self.query_one("#search", Input).focus()

    def action_to_list(self) -> None:
        self.query_one("#items", DataTable).focus()

    def action_back(self) -> None:
        if self.query_one("#search", Input).has_focus:
            self.query_one("#items", DataTable).focus()
        else:
            self.app.pop_screen()

    @on(DataTable.RowSelected, "#items")
    def row_selected(self) -> None:
        self.action_open()

    def action_open(self) -> None:
        from ccaf.tui.screens.item import ItemScreen

        item_id = self.highlighted()
        if item_id is not None and self.browser is not None:
            self.app.push_screen(ItemScreen(self.browser, item_id))

    def action_flag(self) -> None:
        item_id = self.highlighted()
        if item_id is None or self.browser is None:
            return
        with saving(self.app, "The flag"):
            flagged = self.browser.toggle_flag(item_id, self.app.clock())
            self.notify(f"{'Flagged' if flagged else 'Unflagged'}: {item_id}", markup=False)
            self.refresh_row(item_id)

    def action_suspend(self) -> None:
        item_id = self.highlighted()
        if item_id is None or self.browser is None:
            return
        with saving(self.app, "The suspension"):
            suspended = self.browser.toggle_suspend(item_id, self.app.clock())
            what = "Suspended (out of every queue and exam)" if suspended else "Back in the queues"
            self.notify(f"{what}: {item_id}", markup=False)
            self.refresh_row(item_id)

    action_unflag = action_flag
    action_unsuspend = action_suspend

    def action_study(self) -> None:
        study = study_selection(self.shown)
        if study.mode == "none":
            self.notify("Nothing to study here: every item shown is suspended.", title="Browse")
            return
        self.app.study_items(study.item_ids, study.mode)


def row_texts(table: DataTable[object]) -> list[list[str]]:
    """Every cell of the list as plain text."""
    return [
        [cell.plain if isinstance(cell, Text) else str(cell) for cell in table.get_row_at(row)]
        for row in range(table.row_count)
    ]
