"""Pilot tests of the keys every study screen shares: undo, help, quit, scrolling, the theme."""

from __future__ import annotations

from pathlib import Path

from textual.containers import VerticalScroll
from textual.pilot import Pilot
from textual.widgets import Footer, Static

from apps import make_app, settle
from ccaf.bank.model import MCQ
from ccaf.store.db import Store
from ccaf.study.drill import LETTERS, DrillFilter
from ccaf.tui.app import Start
from ccaf.tui.screens.drill import DrillScreen
from ccaf.tui.screens.review import ReviewScreen
from ccaf.tui.widgets.help import HelpScreen, KeyHelp

from conftest import WritePack
from samples import EXAM_PACK_YAML, FakeClock


def right_letter(screen: DrillScreen) -> str:
    item = screen.session.current
    assert isinstance(item, MCQ)
    return LETTERS[screen.session.options(item).index(item.correct_index)].lower()


def notices(app: object) -> list[str]:
    return [str(n.message) for n in app._notifications]  # type: ignore[attr-defined]


async def test_undo_in_a_drill_walks_back_and_restores_the_schedule(
    study_dir: Path, store: Store, clock: FakeClock
) -> None:
    app = make_app(study_dir, store, clock, Start("drill", DrillFilter(kinds=("mcq",))))
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, DrillScreen)
        await pilot.press("ctrl+z")
        assert any("Nothing to undo" in n for n in notices(app))
        first = screen.session.current
        assert first is not None
        await pilot.press(right_letter(screen), "enter")
        wrong = (LETTERS.index(right_letter(screen).upper()) + 1) % 4
        await pilot.press(LETTERS[wrong].lower())
        second = screen.session.current
        assert second is not None
        assert str(screen.query_one("#score", Static).render()) == "1/2 right"
        assert store.scheduled(second.id) is not None

        await pilot.press("ctrl+z")
        assert screen.session.current is second and not screen.session.answered
        assert not screen.query("#feedback")
        assert str(screen.query_one("#score", Static).render()) == "1/1 right"
        assert store.scheduled(second.id) is None and len(store.attempts()) == 1

        await pilot.press("ctrl+z")
        assert screen.session.current is first and screen.session.position == 0
        assert str(screen.query_one("#score", Static).render()) == "0/0 right"
        assert store.attempts() == [] and store.due_times() == {}
        assert any("Answer to question 1 taken back" in n for n in notices(app))

        await pilot.press(right_letter(screen))  # answering again records afresh
        assert [a.item_id for a in store.attempts()] == [first.id]


async def test_undo_a_flashcard_rating(study_dir: Path, store: Store, clock: FakeClock) -> None:
    app = make_app(study_dir, store, clock, Start("cards"))
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        first = screen.session.current
        assert first is not None
        await pilot.press("space", "1")  # Again: it comes back later in the session
        again = store.scheduled(first.id)
        assert again is not None and screen.session.done == 1
        second = screen.session.current
        assert second is not None
        clock.advance(60)
        await pilot.press("space", "4")
        assert store.scheduled(second.id) is not None

        await pilot.press("ctrl+z")
        assert screen.session.current is second and not screen.session.revealed
        assert store.scheduled(second.id) is None and store.scheduled(first.id) == again
        assert "Again" in str(screen.query_one("#last", Static).render())
        await pilot.press("ctrl+z")
        assert screen.session.current is first and screen.session.done == 0
        assert store.due_times() == {} and store.attempts() == []
        assert not screen.query("#last")


async def test_undo_the_last_selfcheck_grade_reopens_the_quiz(
    study_dir: Path, store: Store, clock: FakeClock
) -> None:
    app = make_app(study_dir, store, clock, Start("quiz"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        await pilot.press("space", "3", "space", "2")
        assert screen.session.finished and screen.query("#done-title")
        await pilot.press("ctrl+z")
        assert not screen.session.finished and screen.query("#front")
        assert len(store.attempts(mode="selfcheck")) == 1
        await pilot.press("space", "4")
        assert screen.session.finished
        assert [a.rating for a in store.attempts(mode="selfcheck")] == [3, 4]


async def test_stream_detail_scrolls_with_j_k_and_with_the_keys_once_focused(
    store: Store, clock: FakeClock
) -> None:
    from textual.widgets import DataTable

    from test_tui_stream import stream_app, until_done

    app = stream_app(store, clock, "plain-text")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await until_done(pilot)
        table = screen.query_one("#wire", DataTable)
        table.focus()
        table.move_cursor(row=0)  # message_start: its JSON is longer than the pane
        await pilot.pause()
        detail = screen.query_one("#detail-scroll", VerticalScroll)
        assert detail.max_scroll_y > 3
        await pilot.press("j", "j")
        assert detail.scroll_y == 2 and table.cursor_row == 0  # j/k: the detail, not the list
        await pilot.press("k")
        assert detail.scroll_y == 1
        await pilot.press("down")  # the list has the focus: the arrow picks the next event
        assert table.cursor_row == 1
        table.move_cursor(row=0)
        await pilot.pause()
        detail.focus()
        await pilot.press("end")
        await pilot.pause()  # a scroll to the end waits for the refresh after the key
        assert detail.scroll_y == detail.max_scroll_y
        await pilot.press("pageup", "up")
        await pilot.pause()
        assert detail.scroll_y < detail.max_scroll_y and table.cursor_row == 0


async def test_the_theme_chosen_is_remembered(
    study_dir: Path, store: Store, clock: FakeClock
) -> None:
    from ccaf.tui.app import THEME_SETTING

    app = make_app(study_dir, store, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.theme == "textual-dark" and store.setting(THEME_SETTING) is None
        app.theme = "nord"  # what choosing it in the command palette does
        await pilot.pause()
        await pilot.pause()
    assert store.setting(THEME_SETTING) == "nord"
    again = make_app(study_dir, store, clock)
    async with again.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert again.theme == "nord"


async def test_a_stored_theme_no_longer_known_falls_back_quietly(
    study_dir: Path, store: Store, clock: FakeClock
) -> None:
    from ccaf.tui.app import THEME_SETTING

    store.set_setting(THEME_SETTING, "no-such-theme")
    app = make_app(study_dir, store, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.theme == "textual-dark" and notices(app) == []
        assert store.setting(THEME_SETTING) == "no-such-theme"  # untouched until one is chosen


async def shows_help(pilot: Pilot[None], title: str, *wanted: str) -> list[KeyHelp]:
    """Press ? on the current screen: the help lists its keys; ? closes it again. Also checks
    that help and quit are in its footer, inside the terminal's width."""
    from textual.widgets._footer import FooterKey

    app = pilot.app
    screen = app.screen
    width = app.size.width
    keys = {key.key: key for key in screen.query(FooterKey)}
    for key in ("question_mark", "ctrl+q"):
        assert key in keys, f"{title}: {key} is not in the footer"
        assert keys[key].region.right <= width and keys[key].region.width > 0
    focused = screen.focused
    focus_chain = [] if focused is None else [focused, *focused.ancestors]
    focus_chain = [node for node in focus_chain if node not in (screen, app)]
    await pilot.press("question_mark")
    await pilot.pause()
    helper = app.screen
    assert isinstance(helper, HelpScreen), title
    assert str(helper.query_one("#help-title", Static).render()) == f"Keys: {title}"
    about = [line.description for line in helper.lines]
    for description in (*wanted, "Quit", "Help"):
        assert description in about, f"{title}: {description!r} not in {about}"
    # Every key the screen binds, with a description, is in its help: it cannot drift. So is
    # every key bound (with an id) by the focused widget and the widgets holding it.
    for node in (screen, *focus_chain):
        for binding in [b for bs in node._bindings.key_to_bindings.values() for b in bs]:
            if node is not screen and binding.id is None:
                continue  # a widget's own keys (cursor moves, editing) are left to it
            if binding.description and not binding.system:
                listed = binding.group.description if binding.group else binding.description
                assert listed in about, f"{title}: {binding.key} ({listed}) is not in the help"
    await pilot.press("question_mark")
    await pilot.pause()
    assert app.screen is screen
    return helper.lines


async def test_help_and_quit_on_every_screen(
    study_dir: Path, store: Store, clock: FakeClock
) -> None:
    from textual.widgets import Input

    from apps import past_intro
    from ccaf.tui.screens.browse import BrowseScreen
    from ccaf.tui.screens.drill_setup import DrillSetupScreen
    from ccaf.tui.screens.exam import ExamScreen
    from ccaf.tui.screens.exam_result import ExamResultScreen, ExamReviewScreen
    from ccaf.tui.screens.exam_start import ExamStartScreen
    from ccaf.tui.screens.home import HomeScreen
    from ccaf.tui.screens.item import ItemScreen
    from ccaf.tui.screens.stats import StatsScreen
    from ccaf.tui.screens.stream import StreamScreen

    app = make_app(study_dir, store, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        lines = await shows_help(pilot, "Home", "Drill", "Self-check", "Cram cards", "Stats")
        assert {line.keys for line in lines if line.description == "Quit"} == {"q ^q"}
        assert not any(line.description == "How to quit" for line in lines)  # Home's q wins

        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, DrillSetupScreen)
        app.screen.query_one("#count", Input).focus()
        await pilot.press("1", "x", "2")
        await shows_help(pilot, "Drill setup", "Start", "Back")
        assert app.screen.query_one("#count", Input).value == "12"  # ? and x were not typed in
        app.screen.query_one("#count", Input).value = ""

        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, DrillScreen)
        lines = await shows_help(pilot, "Drill", "Undo answer", "Choose an option (A, B, C, ...)")
        now = {line.description: line.available for line in lines}
        assert now["Choose an option (A, B, C, ...)"] and not now["Next"]
        await pilot.press("q")  # not Home: q says how to quit, and nothing is left
        assert isinstance(app.screen, DrillScreen)
        assert any("ctrl+q quits from any screen" in n for n in notices(app))

        await pilot.press("escape", "escape", "f")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        await shows_help(pilot, "Review", "Reveal", "Undo rating", "Home")
        await pilot.press("escape", "t")
        await pilot.pause()
        assert isinstance(app.screen, StatsScreen)
        await shows_help(pilot, "Stats", "Home")

        await pilot.press("escape", "e")
        await settle(pilot)
        assert isinstance(app.screen, ExamStartScreen)
        await shows_help(pilot, "Exam start", "Start the exam", "Home")
        await pilot.press("ctrl+s")
        await settle(pilot)
        await past_intro(pilot)
        assert isinstance(app.screen, ExamScreen)
        await shows_help(pilot, "Exam", "Flag", "Submit", "Pause", "Go to")
        await pilot.press("s", "y")
        await pilot.pause()
        assert isinstance(app.screen, ExamResultScreen)
        await shows_help(pilot, "Exam result", "Review all", "Drill the missed")
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, ExamReviewScreen)
        await shows_help(pilot, "Exam review", "Next", "Back")

        await pilot.press("escape", "escape", "w")
        await pilot.pause()
        assert isinstance(app.screen, StreamScreen)
        await shows_help(pilot, "Stream", "Run again", "Scenarios", "Home")
        await pilot.press("escape", "b")
        await settle(pilot)
        assert isinstance(app.screen, BrowseScreen)
        await shows_help(pilot, "Browse", "Read", "Search", "Flag", "Suspend", "Drill", "Home")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ItemScreen)
        await shows_help(pilot, "Item", "Back to the list")
        await pilot.press("escape", "escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_selfcheck_ratings_stay_in_sight_at_80x24(
    write_pack: WritePack, store: Store, clock: FakeClock
) -> None:
    long = " ".join(f"Sentence {n} of a long answer that wraps." for n in range(40))
    pack = write_pack(
        pack_yaml=EXAM_PACK_YAML,
        **{
            "s.yaml": f"- id: s-long\n  kind: selfcheck\n  source: s\n  task: '1.1'\n"
            f"  question: {long}\n  answer: {long}\n"
        },
    )
    app = make_app(pack, store, clock, Start("quiz"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        await pilot.press("space")
        await pilot.pause()
        footer = screen.query_one(Footer)
        body = screen.query_one("#body", VerticalScroll)
        assert body.max_scroll_y > 10  # the text is far longer than the screen
        for key in ("home", "end", "pageup"):
            await pilot.press(key)
            ratings = list(screen.query(".rating"))
            assert len(ratings) == 4
            for rating in ratings:
                assert rating.region.y > 0 and rating.region.bottom <= footer.region.y
        await pilot.press("3")
        assert [a.rating for a in store.attempts()] == [3]
