"""Pilot tests of the keys every study screen shares: undo, help, quit, scrolling, the theme."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Static

from apps import make_app, settle
from ccaf.bank.model import MCQ
from ccaf.store.db import Store
from ccaf.study.drill import LETTERS, DrillFilter
from ccaf.tui.app import Start
from ccaf.tui.screens.drill import DrillScreen
from ccaf.tui.screens.review import ReviewScreen

from samples import FakeClock


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
        assert store.attempts() == [] and store.all_scheduled() == {}
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
        assert store.all_scheduled() == {} and store.attempts() == []
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
    from textual.containers import VerticalScroll
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
        assert detail.scroll_y == detail.max_scroll_y
        await pilot.press("pageup", "up")
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
