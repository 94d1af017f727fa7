"""Flashcards, cram and self-check: the front, a moment to think, reveal, then rate 1 to 4."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Header, ProgressBar, Static

from ccaf.study.review import Rated, ReviewSession, front_and_back
from ccaf.study.spacing import Rating
from ccaf.text import clock_time, interval, plural, when
from ccaf.tui.shown import saving
from ccaf.tui.widgets.footer import AppFooter
from ccaf.tui.widgets.scrolling import ScrollsBody, scroll_bindings
from ccaf.tui.widgets.source_line import SourceLine

if TYPE_CHECKING:
    from ccaf.tui.app import CcafApp

TITLES = {
    "cards": "Flashcards",
    "cram": "Cram: the schedule is left as it is",
    "selfcheck": "Self-check",
}
RATING_HELP = {
    Rating.AGAIN: "not recalled",
    Rating.HARD: "with effort",
    Rating.GOOD: "recalled",
    Rating.EASY: "instantly",
}


class ReviewScreen(ScrollsBody):
    CSS_PATH = "review.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "reveal", "Reveal", id="review.reveal"),
        Binding("1", "rate(1)", "Again", id="review.again"),
        Binding("2", "rate(2)", "Hard", id="review.hard"),
        Binding("3", "rate(3)", "Good", id="review.good"),
        Binding("4", "rate(4)", "Easy", id="review.easy"),
        Binding("ctrl+z", "undo", "Undo rating", show=False, id="review.undo"),
        Binding("escape", "leave", "Home", id="review.home"),
        *scroll_bindings("review"),
    ]

    app: CcafApp

    def __init__(self, session: ReviewSession) -> None:
        super().__init__()
        self.session = session
        self.last: Rated | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        session = self.session
        if session.finished:
            yield from self.compose_done()
        else:
            yield from self.compose_card()
        yield AppFooter()

    def compose_card(self) -> ComposeResult:
        session = self.session
        item = session.current
        assert item is not None
        front, back = front_and_back(item)
        remaining = len(session.queue)
        with Horizontal(id="status"):
            yield Static(
                f"{TITLES[session.mode]} · {item.pack} · {plural(remaining, 'card')} to go",
                markup=False,
                id="where",
            )
            yield Static(self.elapsed(), id="elapsed")
        yield ProgressBar(total=session.total, show_eta=False, show_percentage=False, id="progress")
        with VerticalScroll(id="body"):
            if self.last is not None:
                yield Static(self.describe(self.last), id="last", markup=False)
            yield Static("Question" if item.kind == "selfcheck" else "Front", classes="label")
            yield Static(front, markup=False, id="front")
            if not session.revealed:
                yield Static("Answer it in your head first.  space: reveal", id="prompt")
                return
            yield Static(
                "Answer" if item.kind == "selfcheck" else "Back", classes="label", id="back-label"
            )
            yield Static(back, markup=False, id="back")
            yield SourceLine(item.source)
        # Below the scrolling text, not in it: a long answer never pushes them out of sight.
        preview = session.preview()
        with Horizontal(id="ratings"):
            for rating in Rating:
                due = preview.get(rating)
                after = f" · {interval(due - session.clock())}" if due is not None else ""
                label = f"[b]{int(rating)}[/b] {rating.label}{after}"
                yield Static(
                    f"{label}\n[dim]{RATING_HELP[rating]}[/dim]",
                    classes=f"rating {rating.name.lower()}",
                )

    def compose_done(self) -> ComposeResult:
        session = self.session
        again = sum(1 for r in session.history if r.rating == Rating.AGAIN)
        with VerticalScroll(id="body"):
            yield Static(f"{TITLES[session.mode]}: done", id="done-title")
            yield Static(
                f"{plural(len(session.history), 'review')} in "
                f"{clock_time(session.clock() - session.started_at)}, "
                f"{again} rated Again.",
                id="done-summary",
            )
            if self.last is not None:
                yield Static(self.describe(self.last), id="last", markup=False)
            yield Static("escape: home", id="hints")

    def describe(self, rated: Rated) -> str:
        if rated.due is None:
            return f"Last card: {rated.rating.label} (cram: not scheduled)"
        wait = interval(rated.due - self.session.clock())
        return f"Last card: {rated.rating.label}, next due in {wait} ({when(rated.due)})"

    def elapsed(self) -> str:
        return clock_time(self.session.timer() - self.session.shown_at)

    def on_mount(self) -> None:
        self.set_interval(1, self.tick)
        self.update_progress()

    def tick(self) -> None:
        for widget in self.query("#elapsed").results(Static):
            widget.update(self.elapsed())

    def update_progress(self) -> None:
        for bar in self.query("#progress").results(ProgressBar):
            bar.update(
                total=max(self.session.total, self.session.done + len(self.session.queue)),
                progress=self.session.done,
            )

    async def show(self) -> None:
        await self.recompose()
        self.update_progress()
        self.refresh_bindings()
        self.bring_into_view("#back-label")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "reveal":
            return not self.session.finished and not self.session.revealed
        if action == "rate":
            return not self.session.finished and self.session.revealed
        return True

    async def action_reveal(self) -> None:
        if self.check_action("reveal", ()):
            self.session.reveal()
            await self.show()

    async def action_rate(self, value: int) -> None:
        if self.check_action("rate", (value,)):
            with saving(self.app, "Your rating"):
                self.last = self.session.rate(Rating(value))
            await self.show()

    async def action_undo(self) -> None:
        """Take back the last rating: its card is back at the front, unrevealed."""
        with saving(self.app, "The undo"):
            item = self.session.undo()
            if item is None:
                self.notify("Nothing to undo: nothing rated in this session yet.", title="Undo")
                return
            history = self.session.history
            self.last = history[-1] if history else None
            self.notify("Last rating taken back.", title="Undo")
            await self.show()

    def action_leave(self) -> None:
        self.app.pop_screen()
