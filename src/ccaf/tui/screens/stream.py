"""The stream demo: what the user sees, what arrived on the wire, and what each event means."""

from __future__ import annotations

import json
import time
from contextlib import ExitStack
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.css.query import NoMatches
from textual.screen import ModalScreen, Screen
from textual.widgets import Collapsible, DataTable, Footer, Header, Markdown, OptionList, Static
from textual.widgets.markdown import MarkdownStream
from textual.widgets.option_list import Option

from ccaf.stream.collector import full_collections_deferred
from ccaf.stream.heuristics import stalled
from ccaf.stream.model import Note, StreamModel
from ccaf.stream.setup import StreamSetup
from ccaf.text import clock_time, visible
from ccaf.tui.shown import filled, literal
from ccaf.tui.widgets.wire_table import WireTable

if TYPE_CHECKING:
    from ccaf.stream.run import StreamRun
    from ccaf.tui.app import CcafApp

#: Seconds between appends to the streamed text: a fast stream costs a bounded number of
#: Markdown parses a second, however many deltas it has.
SHOW_TEXT_EVERY = 0.05
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
CAN_CONTINUE = ("dropped", "interrupted", "truncated")


class ToolCard(Vertical):
    """A tool call: its raw JSON fragments as they accumulate, then the parsed input."""

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

    def __init__(self, name: str | None, index: int) -> None:
        super().__init__()
        self.border_title = literal(f"tool_use {name or '?'} · block {index}")
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


class StreamScreen(Screen[None]):
    CSS_PATH = "stream.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("s", "stop", "Stop the stream", id="stream.stop"),
        Binding("c", "continue", "Continue", id="stream.continue"),
        Binding("r", "restart", "Run again", id="stream.restart"),
        Binding("l", "pick", "Scenarios", id="stream.scenarios"),
        Binding("f", "toggle_follow", "Follow", id="stream.follow", show=False),
        Binding("escape", "leave", "Home", id="stream.home"),
    ]

    app: CcafApp

    def __init__(self, setup: StreamSetup, speed: float = 1.0) -> None:
        super().__init__()
        self.setup = setup
        self.speed = speed
        self.run_: StreamRun | None = None
        self.pending: list[Note] = []
        self.rows_due = False
        self.detail_due: int | None = None
        self.gc_held = ExitStack()
        self.notes: list[Note] = []
        self.follow = True
        self.stall_warned = False
        self.repeat_warned = False
        self.text_stream: MarkdownStream | None = None
        self.thinking: Static | None = None
        self.thinking_text = ""
        self.cards: dict[int, ToolCard] = {}
        self.started_at = time.monotonic()
        self.user_view_moved = False
        self.text_buffer: list[str] = []
        self.thinking_buffer: list[str] = []

    # -- layout --------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="metrics")
        yield Static(id="about")
        yield Static(id="watchdog")
        with Horizontal(id="panes"):
            with Vertical(id="user-side"):
                yield Static("What the user sees", classes="pane-title")
                yield VerticalScroll(id="user-view")
            with Vertical(id="wire-side"):
                yield Static("What arrived", classes="pane-title")
                yield WireTable(id="wire", cursor_type="row")
                yield Static(id="detail", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#wire", DataTable)
        table.add_columns("t", "event", "idx", "a client", "delta", "payload")
        self.set_interval(SHOW_TEXT_EVERY, self.show_user_side)
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
                on_note=self.arrived,
                on_helper=self.helper,
                on_info=self.info,
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

            run.model.fail("client_error", told(exc))
        finally:
            try:
                await self.flush()
                if self.text_stream is not None:
                    await self.text_stream.stop()
                    self.text_stream = None
                self.show_metrics()
                self.refresh_bindings()
                self.announce_end(run.model)
            except NoMatches:
                pass  # the app closed mid-stream: the pane's widgets are gone, nothing to show

    async def reset_view(self) -> None:
        self.pending.clear()
        self.text_buffer.clear()
        self.thinking_buffer.clear()
        self.notes.clear()
        self.cards.clear()
        self.thinking = None
        self.thinking_text = ""
        self.stall_warned = self.repeat_warned = False
        self.query_one("#wire", DataTable).clear()
        scenario = self.setup.scenario
        teaches = f"{scenario.teaches}\n\n" if scenario is not None and scenario.teaches else ""
        self.query_one("#detail", Static).update(
            visible(f"{teaches}Select a line in the list above to see its full JSON.")
        )
        self.query_one("#watchdog", Static).display = False
        await self.query_one("#user-view", VerticalScroll).remove_children()

    async def helper(self, event: Any) -> None:
        """The SDK's events, as the user's own code receives them: they build the left pane."""
        if not self.is_attached:
            return
        view = self.query_one("#user-view", VerticalScroll)
        kind = getattr(event, "type", None)
        if kind == "content_block_start":
            await self.drain_user_side()  # what belongs to the block before goes there first
            block = event.content_block
            if block.type == "text":
                if self.text_stream is not None:
                    await self.text_stream.stop()
                markdown = Markdown(classes="answer")
                await view.mount(markdown)
                self.text_stream = Markdown.get_stream(markdown)
            elif block.type == "thinking":
                self.thinking_text = ""
                self.thinking = Static("", classes="thinking-text", markup=False)
                await view.mount(
                    Collapsible(
                        self.thinking, title="Thinking", collapsed=False, classes="thinking"
                    )
                )
            elif block.type == "tool_use":
                card = ToolCard(block.name, event.index)
                self.cards[event.index] = card
                await view.mount(card)
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
            await self.drain_user_side()
            stopped = self.cards.get(event.index)
            if stopped is not None and self.run_ is not None:
                block = self.run_.model.blocks.get((self.run_.model.turn, event.index))
                stopped.finish(block.input if block else None, block.parse_error if block else None)
        self.user_view_moved = True

    async def drain_user_side(self) -> None:
        """Show what the helper events brought since the last tick: text, thinking, fragments.

        Done on the tick (or at a block's edge), not per event: a fast stream then costs
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
        view = self.query_one("#user-view", VerticalScroll)
        view.mount(Static(visible(f"── {text}"), classes="info", markup=False))

    def announce_end(self, model: StreamModel) -> None:
        view = self.query_one("#user-view", VerticalScroll)
        state = model.state
        if state == "complete":
            text = f"Complete: stop_reason {model.stop_reason}."
            if model.stop_reason == "max_tokens":
                text += " Cut by max_tokens: c sends the continuation request."
        elif state == "error":
            detail = (model.error_message or "").rstrip(".")
            text = f"Error: {model.error_type}" + (f": {detail}" if detail else "")
            text += ". The partial output above stays."
        elif state == "dropped":
            text = "The connection dropped. What arrived stays; c sends the continuation request."
        elif state == "interrupted":
            text = (
                "Stopped. The partial output stays; the final output count never arrived. "
                "c sends the continuation request."
            )
        else:
            text = "The stream ended without message_stop: truncated. c continues it."
        view.mount(Static(visible(text), classes=f"end {state}", markup=False))
        if self.follow:
            view.scroll_end(animate=False)

    # -- the wire pane -------------------------------------------------------------------

    async def flush(self) -> None:
        await self.show_user_side()
        self.add_rows()

    async def show_user_side(self) -> None:
        self.show_due_detail()
        await self.drain_user_side()
        if self.user_view_moved and self.follow:
            # Scrolled on the tick, not per event: one layout for a burst of text.
            self.query_one("#user-view", VerticalScroll).scroll_end(animate=False)
        self.user_view_moved = False

    def arrived(self, note: Note) -> None:
        """An event arrived: its row goes in on the next turn of the event loop, so it is in
        the next frame drawn; the events that arrive before that turn go in with it."""
        self.pending.append(note)
        if not self.rows_due:
            self.rows_due = True
            self.call_later(self.add_rows)

    def add_rows(self) -> None:
        self.rows_due = False
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
        table.add_rows(rows)
        if self.follow:
            table.move_cursor(row=table.row_count - 1, animate=False)

    @on(DataTable.RowHighlighted, "#wire")
    def show_detail(self, event: DataTable.RowHighlighted) -> None:
        self.detail_due = event.cursor_row
        if not (self.follow and self.run_ is not None and self.run_.running):
            self.show_due_detail()
        # Following a running stream, the cursor moves with every frame of rows: the detail
        # follows it on the user side's tick, as fast as anyone can read it.

    def show_due_detail(self) -> None:
        row, self.detail_due = self.detail_due, None
        if row is not None and 0 <= row < len(self.notes):
            note = self.notes[row]
            try:
                pretty = json.dumps(json.loads(note.raw), indent=2, ensure_ascii=False)
            except (json.JSONDecodeError, TypeError):
                pretty = note.raw
            self.query_one("#detail", Static).update(
                visible(f"{note.event}: {note.note}\n{pretty}")
            )

    # -- metrics and watchdogs -----------------------------------------------------------

    def tick(self) -> None:
        self.show_metrics()
        run = self.run_
        if run is None:
            return
        model = run.model
        watchdog = self.query_one("#watchdog", Static)
        if run.running and model.last_event_t is not None:
            quiet = stalled(model.last_event_t, run.clock())
            if quiet is not None:
                watchdog.update(
                    f"Heuristic (study page): no event for {quiet:.1f} s. A stall? "
                    "s stops the stream."
                )
                watchdog.display = True
                self.stall_warned = True
            elif self.stall_warned and not model.repeated_phrase:
                watchdog.display = False
        if model.repeated_phrase and not self.repeat_warned:
            self.repeat_warned = True
            watchdog.update(
                filled(
                    "Heuristic (study page): “$phrase” has come three times. A repetition "
                    "loop? s stops the stream.",
                    phrase=model.repeated_phrase,
                )
            )
            watchdog.display = True
            if run.running:
                self.notify(
                    "The same phrase three times: s stops the stream.",
                    title="Repetition (a heuristic)",
                    severity="warning",
                )

    def show_metrics(self) -> None:
        run = self.run_
        if run is None:
            return
        model = run.model
        ttft = "—" if model.ttft is None else f"{model.ttft:.2f}s"
        rate = model.tokens_per_second()
        elapsed = run.clock() if run.running else (model.last_event_t or run.clock())
        provisional = "" if model.usage_final else " (provisional)"
        cost = model.cost()
        if cost is None:
            cost_text = "no price for this model"
        elif model.usage_final or not model.usage:
            cost_text = f"${cost:.5f}"
        else:
            cost_text = f"≈${cost:.5f}, estimated: the final output count never arrived"
        state = model.state + (f" ({model.error_type})" if model.error_type else "")
        self.query_one("#metrics", Static).update(
            filled(
                f"first text {ttft} · elapsed {clock_time(elapsed)} · {model.events} events · "
                f"{'—' if rate is None else f'{rate:.0f}'} tok/s · longest gap "
                f"{model.longest_gap:.2f}s · in {model.input_tokens} / out {model.output_tokens}"
                f"{provisional} · {cost_text} · stop_reason $stop_reason · [b]$state[/b]",
                stop_reason=model.stop_reason,
                state=state,
            )
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
            model = run.model
            return (
                model.state in CAN_CONTINUE
                or model.stop_reason == "max_tokens"
                or (model.state == "error" and model.events > 0)
            )
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
