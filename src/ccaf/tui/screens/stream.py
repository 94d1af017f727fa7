"""The stream demo: what the user sees, what arrived on the wire, and what each event means.

The screen composes three panes that own their state (`UserView`, `WireView`, `MetricsLine`),
runs the stream, and forwards keys; what the stream means is worked out in `ccaf.stream`.
"""

from __future__ import annotations

import time
from contextlib import ExitStack
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.css.query import NoMatches
from textual.screen import ModalScreen
from textual.widgets import Header, OptionList, Static
from textual.widgets.option_list import Option

from ccaf.stream.collector import full_collections_deferred
from ccaf.stream.ending import can_continue, ending
from ccaf.stream.heuristics import stalled
from ccaf.stream.setup import StreamSetup
from ccaf.tui.shown import filled
from ccaf.tui.widgets.footer import AppFooter
from ccaf.tui.widgets.scrolling import ScrollsBody, scroll_bindings
from ccaf.tui.widgets.stream_panes import MetricsLine, UserView, WireView

if TYPE_CHECKING:
    from textual.timer import Timer

    from ccaf.stream.run import StreamRun
    from ccaf.tui.app import CcafApp

#: Seconds between appends to the streamed text (and shows of the followed row's detail): a
#: fast stream costs a bounded number of Markdown parses a second, however many deltas it has.
FLUSH_EVERY = 0.05


class ScenarioPicker(ModalScreen[str | None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="pick.cancel")
    ]
    DEFAULT_CSS = """
    ScenarioPicker { align: center middle; }
    ScenarioPicker OptionList { width: 70; height: auto; max-height: 80%; border: thick $accent; }
    """

    def compose(self) -> ComposeResult:
        from ccaf.stream.transcript import bundled_names, load_scenario

        yield OptionList(
            *(
                Option(
                    filled("[b]$name[/b]  $title", name=name, title=load_scenario(name).title),
                    id=name,
                )
                for name in bundled_names()
            )
        )

    @on(OptionList.OptionSelected)
    def chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)


class StreamScreen(ScrollsBody):
    CSS_PATH = "stream.tcss"
    SCROLL_BODY = "#detail-scroll"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("s", "stop", "Stop the stream", id="stream.stop"),
        Binding("c", "continue", "Continue", id="stream.continue"),
        Binding("r", "restart", "Run again", id="stream.restart"),
        Binding("l", "pick", "Scenarios", id="stream.scenarios"),
        Binding("f", "toggle_follow", "Follow", id="stream.follow", show=False),
        Binding("escape", "leave", "Home", id="stream.home"),
        # j/k reach the detail while the event list has the focus (its arrows pick an event);
        # with the detail focused (tab, or a click), the arrows and page keys scroll it too.
        *scroll_bindings("stream"),
    ]

    app: CcafApp

    def __init__(self, setup: StreamSetup, speed: float = 1.0) -> None:
        super().__init__()
        self.setup = setup
        self.speed = speed
        self.run_: StreamRun | None = None
        self.follow = True
        self.stall_warned = False
        self.repeat_warned = False
        self.gc_held = ExitStack()
        self.text_shown_at = 0.0  # when what the user sees was last brought up to date
        self.text_due: Timer | None = None  # shows text that a pause in the rows left waiting

    # -- layout --------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        yield MetricsLine(id="metrics")
        yield Static(id="about")
        yield Static(id="watchdog")
        with Horizontal(id="panes"):
            with Vertical(id="user-side"):
                yield Static("What the user sees", classes="pane-title")
                yield UserView(id="user-view", following=lambda: self.follow)
            yield WireView(
                id="wire-side", following=lambda: self.follow, with_rows=self.text_if_due
            )
        yield AppFooter()

    @property
    def user(self) -> UserView:
        return self.query_one(UserView)

    @property
    def wire(self) -> WireView:
        return self.query_one(WireView)

    def on_mount(self) -> None:
        self.set_interval(FLUSH_EVERY, self.flush_tick)
        self.set_interval(0.25, self.tick)
        self.start_run()

    # -- running -------------------------------------------------------------------------

    def describe_source(self) -> Content:
        scenario = self.setup.scenario
        if scenario is None:
            request = self.setup.request
            return filled("Live: $model · “$prompt”", model=request.model, prompt=request.prompt)
        speed = "as fast as possible" if self.speed == 0 else f"{self.speed:g}× speed"
        return filled(
            "Replay: [b]$name[/b], $title ($speed, through the real SDK and a loopback server).",
            name=scenario.name,
            title=scenario.title,
            speed=speed,
        )

    @work(exclusive=True, group="stream")
    async def start_run(self, continuation: bool = False) -> None:
        from ccaf.stream.run import StreamRun  # the SDK is imported when a stream starts

        self.query_one("#about", Static).update(self.describe_source())
        if not continuation:
            if self.run_ is not None:
                await self.run_.close()
            await self.reset_view()
            self.run_ = StreamRun(
                self.setup.request,
                on_note=self.wire.arrived,
                on_helper=self.helper,
                on_info=self.user.info,
                scenario=self.setup.scenario,
                speed=self.speed,
                record=self.setup.record,
                time_source=self.app.stream_time,
            )
        run = self.run_
        assert run is not None
        # The run defers full garbage collections while it streams; held until the frame
        # with its last rows and its ending is drawn, so the sweep that waited comes after.
        self.gc_held.close()
        self.gc_held.enter_context(full_collections_deferred())
        try:
            await self.stream(run, continuation)
        finally:
            self.app.call_after_refresh(self.gc_held.close)

    def on_unmount(self) -> None:
        self.gc_held.close()  # however the pane goes (the app may be closing), not held on

    async def stream(self, run: StreamRun, continuation: bool) -> None:
        self.refresh_bindings()
        try:
            if continuation:
                await run.continue_()
            else:
                await run.run()
        except Exception as exc:  # a failure in the stream path is said in the pane, not a crash
            from ccaf.stream.run import told

            run.annotator.fail("client_error", told(exc))
        finally:
            try:
                await self.flush()
                await self.user.stop_text()
                self.query_one(MetricsLine).show(run)
                self.refresh_bindings()
                self.announce_end(run)
            except NoMatches:
                pass  # the app closed mid-stream: the pane's widgets are gone, nothing to show

    async def reset_view(self) -> None:
        self.stall_warned = self.repeat_warned = False
        scenario = self.setup.scenario
        self.wire.reset(scenario.teaches if scenario is not None else "")
        self.query_one("#watchdog", Static).display = False
        await self.user.reset()

    async def helper(self, event: Any) -> None:
        """The SDK's events, as the user's own code receives them: they build the left pane."""
        if self.is_attached:
            await self.user.helper(event, self.run_.annotator if self.run_ is not None else None)

    def announce_end(self, run: StreamRun) -> None:
        self.user.end(ending(run.annotator, run.can_request_more).said, run.annotator.state)

    async def flush(self) -> None:
        """Everything that arrived, shown."""
        await self.show_text()
        self.wire.tick(self.follow)

    def flush_tick(self) -> None:
        self.wire.tick(self.follow)

    async def show_text(self) -> None:
        self.text_shown_at = time.monotonic()
        await self.user.drain()
        self.user.keep_at_end()

    async def text_if_due(self) -> None:
        """With a batch of rows: the text that arrived, if it was last shown a tick ago.

        Text shown with rows is drawn in their frame rather than in one of its own. What is
        not yet due goes in with a later batch; if the rows pause, a timer shows it half a
        tick after it came due (set late, so that while rows flow they show it first)."""
        waited = time.monotonic() - self.text_shown_at
        if waited >= FLUSH_EVERY:
            await self.show_text()
        elif self.text_due is None:
            self.text_due = self.set_timer(FLUSH_EVERY * 1.5 - waited, self._text_left_waiting)

    async def _text_left_waiting(self) -> None:
        self.text_due = None
        if time.monotonic() - self.text_shown_at >= FLUSH_EVERY:
            await self.show_text()

    # -- metrics and watchdogs -----------------------------------------------------------

    def tick(self) -> None:
        run = self.run_
        if run is None:
            return
        self.query_one(MetricsLine).show(run)
        annotator = run.annotator
        watchdog = self.query_one("#watchdog", Static)
        if run.running and annotator.last_event_t is not None:
            quiet = stalled(annotator.last_event_t, run.clock())
            if quiet is not None:
                watchdog.update(
                    f"Heuristic (study page): no event for {quiet:.1f} s. A stall? "
                    "s stops the stream."
                )
                watchdog.display = True
                self.stall_warned = True
            elif self.stall_warned and not annotator.repeated_phrase:
                watchdog.display = False
        if annotator.repeated_phrase and not self.repeat_warned:
            self.repeat_warned = True
            watchdog.update(
                filled(
                    "Heuristic (study page): “$phrase” has come three times. A repetition "
                    "loop? s stops the stream.",
                    phrase=annotator.repeated_phrase,
                )
            )
            watchdog.display = True
            if run.running:
                self.notify(
                    "The same phrase three times: s stops the stream.",
                    title="Repetition (a heuristic)",
                    severity="warning",
                )

    # -- keys ----------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        run = self.run_
        running = run is not None and run.running
        if action == "stop":
            return running
        if action == "continue":
            if run is None or running:
                return False
            return can_continue(run.annotator, run.can_request_more)
        return True

    def action_stop(self) -> None:
        if self.run_ is not None:
            self.run_.interrupt()

    def action_continue(self) -> None:
        if self.check_action("continue", ()):
            self.start_run(continuation=True)

    def action_restart(self) -> None:
        if self.run_ is not None:
            self.run_.interrupt()
        self.start_run()

    def action_toggle_follow(self) -> None:
        self.follow = not self.follow
        self.user.keep_at_end()

    def action_pick(self) -> None:
        def chosen(name: str | None) -> None:
            if name:
                from ccaf.stream.setup import replay_setup

                if self.run_ is not None:
                    self.run_.interrupt()
                self.setup = replay_setup(name)
                self.start_run()

        self.app.push_screen(ScenarioPicker(), chosen)

    async def action_leave(self) -> None:
        if self.run_ is not None:
            self.run_.interrupt()
            await self.run_.close()
        self.app.pop_screen()
