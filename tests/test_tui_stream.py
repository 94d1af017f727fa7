"""Pilot and snapshot tests of the stream pane, replaying through the real SDK and a socket."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Markdown, Static

from apps import make_app
from ccaf.store.db import Store
from ccaf.stream.setup import replay_setup
from ccaf.study.drill import DrillFilter
from ccaf.tui.app import CcafApp, Start
from ccaf.tui.screens.drill import DrillScreen
from ccaf.tui.screens.stream import StreamScreen
from ccaf.tui.widgets.tool_card import ToolCard

from samples import FakeClock

Snap = Callable[..., bool]


def stream_app(store: Store, clock: FakeClock, name: str | Path, speed: float = 0) -> CcafApp:
    from ccaf.bank.paths import bundled_bank

    app = make_app(
        bundled_bank(), store, clock, Start(screen="stream", stream=replay_setup(name), speed=speed)
    )
    app.stream_time = lambda: 0.0  # pinned: every arrival shows as 0.000
    return app


async def until_done(pilot: Pilot[None], timeout: float = 20) -> StreamScreen:
    """Wait for the bank, the stream screen, and its run to finish."""
    for _ in range(int(timeout / 0.05)):
        await pilot.pause(0.05)
        screen = pilot.app.screen
        run = screen.run_ if isinstance(screen, StreamScreen) else None
        if run is not None and not run.running and run.annotator.state != "streaming":
            await pilot.pause(0.1)  # the last batch of rows
            assert isinstance(screen, StreamScreen)
            return screen
    raise AssertionError("the stream did not finish")


def wire_events(screen: StreamScreen) -> list[str]:
    table = screen.query_one("#wire", DataTable)
    return [str(table.get_row_at(n)[1]) for n in range(table.row_count)]


async def test_streams_text_and_lists_every_event(store: Store, clock: FakeClock) -> None:
    app = stream_app(store, clock, "plain-text")
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await until_done(pilot)
        events = wire_events(screen)
        assert len(events) == 39 and events[0] == "message_start" and events[-1] == "message_stop"
        assert events.count("ping") == 2
        markdown = screen.query_one(".answer", Markdown)
        assert "Server-sent events" in markdown.source
        metrics = str(screen.query_one("#metrics", Static).render())
        assert "39 events" in metrics and "complete" in metrics and "end_turn" in metrics
        assert not screen.query_one("#watchdog").display  # plain text: no stall, no repetition
        # Selecting a line shows its full JSON.
        table = screen.query_one("#wire", DataTable)
        table.move_cursor(row=1)
        await pilot.pause()
        detail = str(screen.query_one("#detail", Static).render())
        assert detail.startswith("ping: Keep-alive") and '"type": "ping"' in detail


async def test_tool_card_after_its_stop(store: Store, clock: FakeClock) -> None:
    app = stream_app(store, clock, "tool-use")
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await until_done(pilot)
        [card] = screen.query(ToolCard)
        parsed = str(card.query_one(".parsed", Static).render())
        assert (
            'parsed at content_block_stop: {"order_id": "A-1042", "include_items": true}' in parsed
        )
        info = " ".join(str(w.render()) for w in screen.query(".info").results(Static))
        assert "Ran lookup_order" in info
        assert screen.run_ is not None and screen.run_.requests_sent == 2
        assert screen.run_.annotator.stop_reason == "end_turn"


TOOL_CUT = Path(__file__).parent / "data" / "tool-cut.sse"  # cut inside a tool call


async def test_tool_card_before_its_stop(store: Store, clock: FakeClock) -> None:
    app = stream_app(store, clock, TOOL_CUT)
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await until_done(pilot)
        [card] = screen.query(ToolCard)
        assert '{"order_id": "A-10' in str(card.query_one(".fragments", Static).render())
        assert str(card.query_one(".parsed", Static).render()) == ""  # never parsed a fragment
        assert screen.run_ is not None and screen.run_.annotator.state == "dropped"


async def test_error_mid_stream(store: Store, clock: FakeClock) -> None:
    app = stream_app(store, clock, "error-overloaded")
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await until_done(pilot)
        end = str(screen.query_one(".end", Static).render())
        assert end.startswith("Error: overloaded_error") and "partial output above stays" in end
        assert wire_events(screen)[-1] == "error"
        assert screen.query_one(".answer", Markdown).source  # the partial text is still shown


def sent_messages(screen: StreamScreen) -> list[list[dict[str, object]]]:
    """The `messages` of every request the replay server received, in order."""
    assert screen.run_ is not None and screen.run_.server is not None
    bodies = [r.body for r in screen.run_.server.requests]
    assert all(b is not None and b["stream"] is True for b in bodies)
    return [b["messages"] for b in bodies if b is not None]


def first_turn_text(screen: StreamScreen) -> str:
    assert screen.run_ is not None
    blocks = screen.run_.annotator.blocks_of_turn(0)
    return "".join(b.text for b in blocks if b.type == "text")


async def test_interrupt_then_continue(store: Store, clock: FakeClock, tmp_path: Path) -> None:
    from ccaf.stream.transcript import SCENARIO_DIR

    # The stall, then a response to the continuation: a replay answers no more than it has.
    (tmp_path / "1.sse").write_text((SCENARIO_DIR / "stall.sse").read_text())
    (tmp_path / "2.sse").write_text((SCENARIO_DIR / "plain-text.sse").read_text())
    app = stream_app(store, clock, tmp_path, speed=1)
    async with app.run_test(size=(140, 40)) as pilot:
        for _ in range(100):
            await pilot.pause(0.05)
            shown = app.screen
            if isinstance(shown, StreamScreen) and shown.run_ and shown.run_.annotator.text:
                break
        assert isinstance(app.screen, StreamScreen) and app.screen.run_ is not None
        await pilot.pause(1.0)
        await pilot.press("s")
        screen = await until_done(pilot)
        assert screen.run_ is not None
        model = screen.run_.annotator
        assert (model.state, bool(model.text)) == ("interrupted", True)
        metrics = str(screen.query_one("#metrics", Static).render())
        assert "the final output count never arrived" in metrics
        partial = first_turn_text(screen)
        await pilot.press("c")
        await pilot.pause(0.2)
        screen = await until_done(pilot)
        info = " ".join(str(w.render()) for w in screen.query(".info").results(Static))
        assert "Sent the continuation request" in info
        # claude-haiku-4-5: the text that had arrived goes back as the assistant's prefill.
        first, again = sent_messages(screen)
        assert again == [*first, {"role": "assistant", "content": partial.rstrip()}]
        assert model.state == "complete" and model.turn == 1
        assert model.usage[0].final is False  # the stopped turn never reported its counts
        assert not screen.check_action("continue", ())  # the recording has no third response
        end = [str(w.render()) for w in screen.query(".end").results(Static)]
        assert end[0].startswith("Stopped.") and end[-1] == "Complete: stop_reason end_turn."


async def test_dropped_then_continuation(store: Store, clock: FakeClock) -> None:
    app = stream_app(store, clock, "dropped-connection")
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await until_done(pilot)
        assert screen.run_ is not None and screen.run_.annotator.state == "dropped"
        partial = first_turn_text(screen)
        assert partial and len(sent_messages(screen)) == 1
        await pilot.press("c")
        await pilot.pause(0.2)
        screen = await until_done(pilot)
        assert screen.run_ is not None
        model = screen.run_.annotator
        assert model.state == "complete" and model.stop_reason == "end_turn"
        first, again = sent_messages(screen)
        assert first == [{"role": "user", "content": screen.setup.request.prompt}]
        assert again == [*first, {"role": "assistant", "content": partial.rstrip()}]
        # What the user sees: the cut text, then the rest; the first turn ended dropped.
        assert model.text.startswith(partial) and len(model.text) > len(partial)
        end = [str(w.render()) for w in screen.query(".end").results(Static)]
        assert end[0].startswith("The connection dropped.")
        assert end[-1] == "Complete: stop_reason end_turn."
        metrics = str(screen.query_one("#metrics", Static).render())
        assert "stop_reason end_turn" in metrics and "complete" in metrics


async def test_metrics_with_a_moving_clock(store: Store, clock: FakeClock) -> None:
    """Each event arrives 0.1 s after the one before, with one gap of 2.1 s: the metrics line
    shows time to first text, tokens per second and the longest gap from those times."""
    app = stream_app(store, clock, "plain-text")

    def arrival() -> float:
        screen = app.screen
        run = screen.run_ if isinstance(screen, StreamScreen) else None
        k = run.annotator.events if run is not None else 0  # the k-th event arrives at t(k)
        return 0.1 * k + (2.0 if k >= 20 else 0.0)

    app.stream_time = arrival
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await until_done(pilot)
        assert screen.run_ is not None
        model = screen.run_.annotator
        assert model.events == 39 and model.output_tokens == 146
        metrics = str(screen.query_one("#metrics", Static).render())
        # First text is the fourth event (t=0.3); the last arrives at 5.8 s: 146 / 5.8 s.
        assert "first text 0.30s · elapsed 0:05 · 39 events · 25 tok/s" in metrics
        assert "longest gap 2.10s" in metrics
        times = [str(screen.query_one("#wire", DataTable).get_row_at(n)[0]) for n in (0, 19, 20)]
        assert [t.strip() for t in times] == ["0.000", "1.900", "4.000"]


async def test_stall_watchdog_is_labelled_a_heuristic(store: Store, clock: FakeClock) -> None:
    app = stream_app(store, clock, "stall", speed=1)
    app.stream_time = None  # this one needs real time to notice the gap
    async with app.run_test(size=(140, 40)) as pilot:
        watchdog = None
        for _ in range(200):
            await pilot.pause(0.05)
            screen = app.screen
            # The stream screen may be current before its widgets are mounted: query, not
            # query_one.
            shown = screen.query("#watchdog") if isinstance(screen, StreamScreen) else None
            if shown and shown.first().display:
                watchdog = str(shown.first(Static).render())
                break
        assert watchdog is not None and watchdog.startswith("Heuristic (study page): no event for")
        await pilot.press("s")
        stopped = await until_done(pilot)  # leave only once the stopped run has settled
        assert stopped.run_ is not None and stopped.run_.annotator.state == "interrupted"


async def test_drill_item_demo_opens_the_pane(
    study_dir: Path, store: Store, clock: FakeClock
) -> None:
    app = make_app(
        study_dir, store, clock, Start(screen="drill", drill=DrillFilter(kinds=("mcq",)))
    )
    app.stream_time = lambda: 0.0
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, DrillScreen)
        await pilot.press("w")  # not yet: the item is unanswered
        assert isinstance(app.screen, DrillScreen)
        await pilot.press("a", "w")
        screen = await until_done(pilot)
        assert screen.setup.scenario is not None and screen.setup.scenario.name == "plain-text"


# -- pictures ------------------------------------------------------------------------------


def finished(*keys: str) -> Callable[[Pilot[None]], Awaitable[None]]:
    async def run(pilot: Pilot[None]) -> None:
        await until_done(pilot)
        for key in keys:
            await pilot.press(key)
            await pilot.pause(0.2)
            await until_done(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, StreamScreen)
        screen.follow = False  # pinned: both panes shown from the top
        screen.query_one("#user-view").scroll_home(animate=False)
        table = screen.query_one("#wire", DataTable)
        table.move_cursor(row=0)
        await asyncio.sleep(0.1)
        await pilot.pause()

    return run


@pytest.mark.parametrize("name", ["plain-text", "tool-use", "error-overloaded"])
def test_stream_pane_pictures(
    snap_compare: Snap, store: Store, clock: FakeClock, name: str
) -> None:
    assert snap_compare(
        stream_app(store, clock, name), terminal_size=(120, 36), run_before=finished()
    )


def test_stream_pane_after_a_continuation(
    snap_compare: Snap, store: Store, clock: FakeClock
) -> None:
    assert snap_compare(
        stream_app(store, clock, "dropped-connection"),
        terminal_size=(120, 36),
        run_before=finished("c"),
    )


def test_stream_pane_tool_card_before_stop(
    snap_compare: Snap, store: Store, clock: FakeClock
) -> None:
    assert snap_compare(
        stream_app(store, clock, TOOL_CUT), terminal_size=(120, 36), run_before=finished()
    )


async def test_full_collections_come_back_when_the_app_exits_mid_stream(
    store: Store, clock: FakeClock
) -> None:
    import gc

    from ccaf.stream.collector import DEFERRED

    before = gc.get_threshold()
    app = stream_app(store, clock, "long-markdown", speed=0.2)  # still running at exit
    async with app.run_test(size=(120, 36)) as pilot:
        for _ in range(200):
            await pilot.pause(0.05)
            screen = app.screen
            if isinstance(screen, StreamScreen) and screen.run_ is not None and screen.wire.notes:
                break
        assert isinstance(app.screen, StreamScreen) and app.screen.run_ is not None
        assert app.screen.run_.running
        assert gc.get_threshold()[2] == DEFERRED
    assert gc.get_threshold() == before


async def test_retry_rows_and_the_scenario_explanation(store: Store, clock: FakeClock) -> None:
    app = stream_app(store, clock, "retry-529")
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await until_done(pilot)
        assert wire_events(screen)[:3] == ["http", "retry", "message_start"]
        table = screen.query_one("#wire", DataTable)
        assert str(table.get_row_at(0)[3]) == "SDK retries"
        detail = str(screen.query_one("#detail", Static).render())
        assert detail.startswith("The server answers 529 overloaded_error")  # not overwritten
        table.focus()
        await pilot.press("up")
        await pilot.pause(0.1)
        detail = str(screen.query_one("#detail", Static).render())
        assert detail.startswith("message_delta: ")  # the row the learner chose


async def test_auth_401_ends_without_claiming_partial_output(
    store: Store, clock: FakeClock
) -> None:
    app = stream_app(store, clock, "auth-401")
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await until_done(pilot)
        end = str(screen.query_one(".end", Static).render())
        assert end == "Error: authentication_error: invalid x-api-key."
        metrics = str(screen.query_one("#metrics", Static).render())
        assert "no usage reported" in metrics and "(provisional)" not in metrics
        assert not screen.check_action("continue", ())


async def test_the_client_column_is_whole_at_100_columns(store: Store, clock: FakeClock) -> None:
    app = stream_app(store, clock, "web-search")
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await until_done(pilot)
        table = screen.query_one("#wire", DataTable)
        columns = list(table.columns.values())
        assert str(columns[3].label) == "a client"
        shown = sum(column.get_render_width(table) for column in columns[:4])
        assert shown <= table.scrollable_content_region.width
        actions = {str(table.get_row_at(n)[3]) for n in range(table.row_count)}
        assert {"start a JSON buffer", "parse; server runs it", "replace, don't add"} <= actions


async def test_server_tool_cards_and_citations_in_the_user_pane(
    store: Store, clock: FakeClock
) -> None:
    app = stream_app(store, clock, "web-search")
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await until_done(pilot)
        [card] = screen.query(ToolCard)
        assert str(card.border_title).startswith("server_tool_use web_search · block 2")
        parsed = str(card.query_one(".parsed", Static).render())
        assert parsed == (
            'parsed at content_block_stop: {"query": "Claude API streaming server-sent events"}'
        )
        [result] = screen.query(".result").results(Static)
        assert str(result.render()).startswith("web_search_tool_result: arrived complete")
        [sources] = screen.query(".citations").results(Static)
        assert str(sources.render()) == (
            "[1] Streaming Messages - Claude Docs — "
            "https://platform.claude.com/docs/en/build-with-claude/streaming"
        )


async def test_a_row_the_learner_picks_shows_even_where_following_went_row_by_row() -> None:
    import json

    from textual.app import App, ComposeResult

    from ccaf.stream.annotator import ClientAction, Note
    from ccaf.tui.widgets.stream_panes import WireView

    def note(n: int) -> Note:
        raw = json.dumps({"type": "ping", "n": n})
        return Note(n / 10, f"event{n}", None, None, "", "", "ping", raw, ClientAction.NOTE_USAGE)

    class Pane(App[None]):
        def compose(self) -> ComposeResult:
            yield WireView(id="wire-side")

    app = Pane()
    async with app.run_test(size=(100, 32)) as pilot:
        wire = app.query_one(WireView)
        wire.reset("The scenario's explanation.")
        for n in range(6):  # one event a frame: each row its own batch, each followed
            wire.arrived(note(n))
            await pilot.pause()
        table = wire.query_one("#wire", DataTable)
        assert table.row_count == 6 and table.cursor_row == 5
        detail = wire.query_one("#detail", Static)
        assert str(detail.render()).startswith("The scenario's explanation.")
        table.focus()
        await pilot.press("up")  # onto a row the table's own moves went through
        await pilot.pause()
        assert str(detail.render()).startswith("event4: ")
        wire.arrived(note(6))  # following again: the detail follows on the tick
        await pilot.pause()
        assert table.cursor_row == 6
        wire.tick(follow=True)
        assert str(detail.render()).startswith("event6: ")


async def test_what_the_user_sees_stays_at_its_end_only_once_it_overflows(
    store: Store, clock: FakeClock
) -> None:
    from ccaf.tui.widgets.stream_panes import UserView

    more = "\n".join(f"more text {n}" for n in range(30))
    # Short text: not anchored, so it stays at the top of the pane.
    app = stream_app(store, clock, "plain-text")
    async with app.run_test(size=(140, 40)) as pilot:
        view = (await until_done(pilot)).query_one(UserView)
        assert view.max_scroll_y == 0 and not view.is_anchored and view.scroll_y == 0
    # Long text: anchored once it overflowed, at its end, and more text keeps it there.
    app = stream_app(store, clock, "long-markdown")
    async with app.run_test(size=(100, 24)) as pilot:
        screen = await until_done(pilot)
        view = screen.query_one(UserView)
        assert view.max_scroll_y > 0 and view.is_anchored
        assert view.scroll_y == view.max_scroll_y
        await view.mount(Static(more))
        await pilot.pause()
        assert view.scroll_y == view.max_scroll_y
        # Scrolled up by the learner, it stays there as more text comes and is shown.
        view.scroll_home(animate=False)
        await pilot.pause()
        await view.mount(Static(more))
        await screen.show_text()
        await pilot.pause()
        await pilot.pause()
        assert view.scroll_y == 0 < view.max_scroll_y
        await pilot.press("f")  # following stops: no anchor
        assert not view.is_anchored
    # Anchored, then the terminal grows taller than the text: back to its top, unanchored,
    # not drawn at the foot of the pane.
    app = stream_app(store, clock, "plain-text")
    async with app.run_test(size=(100, 14)) as pilot:
        view = (await until_done(pilot)).query_one(UserView)
        assert view.is_anchored and view.scroll_y > 0
        await pilot.resize_terminal(100, 60)
        await pilot.pause()
        await pilot.pause()
        assert not view.is_anchored and view.scroll_y == 0 == view.max_scroll_y


def paused_transcript(path: Path) -> Path:
    """Text that first overflows the user view in its last delta, then two seconds of quiet:
    the delta comes when the text is due to be shown, so it is shown with its row at once."""
    import json

    def event(t: float, payload: dict[str, object]) -> str:
        return f": t={t}\nevent: {payload['type']}\ndata: {json.dumps(payload)}\n\n"

    def text(t: float, words: str) -> str:
        delta = {"type": "text_delta", "text": words}
        return event(t, {"type": "content_block_delta", "index": 0, "delta": delta})

    message: dict[str, object] = {
        "id": "msg_pause",
        "type": "message",
        "role": "assistant",
        "model": "claude-haiku-4-5",
        "content": [],
        "stop_reason": None,
        "usage": {"input_tokens": 10, "output_tokens": 1},
    }
    end: dict[str, object] = {
        "type": "message_delta",
        "delta": {"stop_reason": "end_turn"},
        "usage": {},
    }
    block: dict[str, object] = {"type": "text", "text": ""}
    path.write_text(
        ": title=A pause after long text\n: teaches=Nothing.\n\n"
        + event(0.0, {"type": "message_start", "message": message})
        + event(0.01, {"type": "content_block_start", "index": 0, "content_block": block})
        + text(0.3, "A first short line.")
        + text(0.8, "".join(f"\n\nParagraph {n} of the answer." for n in range(40)))
        + event(3.0, {"type": "content_block_stop", "index": 0})
        + event(3.0, end)
        + event(3.0, {"type": "message_stop"})
    )
    return path


async def test_text_that_overflows_just_before_a_pause_is_followed(
    store: Store, clock: FakeClock, tmp_path: Path
) -> None:
    # Whether the text overflows is known once it is laid out: the view anchors after the
    # refresh that lays out the text, not only when more text comes.
    from ccaf.tui.widgets.stream_panes import UserView

    app = stream_app(store, clock, paused_transcript(tmp_path / "pause.sse"), speed=1)
    async with app.run_test(size=(100, 24)) as pilot:
        for _ in range(60):
            await pilot.pause(0.05)
            screen = app.screen
            answers = screen.query(".answer") if isinstance(screen, StreamScreen) else None
            if answers and len(answers.first(Markdown).source) > 400:
                break
        await pilot.pause(0.3)  # a few ticks into the pause
        assert isinstance(screen, StreamScreen) and screen.run_ is not None
        assert screen.run_.running  # still quiet: no row has come since the long text
        view = screen.query_one(UserView)
        assert view.max_scroll_y > 0 and view.is_anchored
        assert view.scroll_y == view.max_scroll_y
