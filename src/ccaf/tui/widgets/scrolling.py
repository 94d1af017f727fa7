"""Keys that scroll a screen's long text without first moving the focus to it."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.containers import ScrollableContainer
from textual.css.query import NoMatches
from textual.screen import Screen
from textual.widget import Widget


def scroll_bindings(prefix: str) -> list[BindingType]:
    """↓/↑ and j/k by a line, PgDn/PgUp by a page, Home/End to either end; hidden."""
    keys = [
        ("down,j", "body_scroll('down')", "Scroll down", "down"),
        ("up,k", "body_scroll('up')", "Scroll up", "up"),
        ("pagedown", "body_scroll('page_down')", "Page down", "page-down"),
        ("pageup", "body_scroll('page_up')", "Page up", "page-up"),
        ("home", "body_scroll('home')", "To the top", "top"),
        ("end", "body_scroll('end')", "To the end", "end"),
    ]
    group = Binding.Group("Scroll the text: by a line, a page, to either end")  # for the help
    return [
        Binding(key, action, description, show=False, id=f"{prefix}.scroll-{name}", group=group)
        for key, action, description, name in keys
    ]


class ScrollsBody(Screen[None]):
    """A screen whose long text, in the container `SCROLL_BODY` names, the scroll keys move."""

    SCROLL_BODY: ClassVar[str] = "#body"

    def scroll_body(self) -> ScrollableContainer | None:
        try:
            return self.query_one(self.SCROLL_BODY, ScrollableContainer)
        except NoMatches:
            return None

    def action_body_scroll(self, how: str) -> None:
        body = self.scroll_body()
        if body is None:
            return
        if how == "down":
            body.scroll_down(animate=False)
        elif how == "up":
            body.scroll_up(animate=False)
        elif how == "page_down":
            body.scroll_page_down(animate=False)
        elif how == "page_up":
            body.scroll_page_up(animate=False)
        elif how == "home":
            body.scroll_home(animate=False)
        elif how == "end":
            body.scroll_end(animate=False)

    def bring_into_view(self, selector: str, top: bool = True) -> None:
        """Scroll the body to the widget `selector` names (to its top, or just into view)."""
        body = self.scroll_body()
        if body is None:
            return
        try:
            target = body.query_one(selector, Widget)
        except NoMatches:
            return
        self.call_after_refresh(body.scroll_to_widget, target, animate=False, top=top)
