"""Pilot tests of the browser: search, read an item whole, flag, suspend, drill a selection;
`m` on Stats; and `ccaf browse` / `ccaf drill --flagged` on the command line."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import DataTable, Input, Static

from apps import make_app, row_texts, settle
from ccaf.store.db import DB_NAME, Attempt, Store
from ccaf.store.marks import MarkStore
from ccaf.study.drill import DrillFilter
from ccaf.tui.app import Start
from ccaf.tui.screens.browse import BrowseScreen
from ccaf.tui.screens.drill import DrillScreen
from ccaf.tui.screens.home import HomeScreen
from ccaf.tui.screens.item import ItemScreen
from ccaf.tui.screens.review import ReviewScreen
from ccaf.tui.screens.stats import StatsScreen

from samples import FakeClock

SIZES = [(100, 32), (80, 24)]


def shown_ids(screen: BrowseScreen) -> list[str]:
    return [entry.item.id for entry in screen.shown]


def text_of(screen: object, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())  # type: ignore[attr-defined]


@pytest.mark.parametrize("size", SIZES)
async def test_search_open_flag_and_back(
    study_dir: Path, store: Store, clock: FakeClock, size: tuple[int, int]
) -> None:
    store.record(Attempt("q2", "drill", clock() - 60, False, choice="1", elapsed_ms=4000))
    app = make_app(study_dir, store, clock)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("b")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, BrowseScreen)
        assert len(screen.shown) == 11
        assert "11 of 11 items" in text_of(screen, "#summary")

        await pilot.press("slash", *"tag:beta", "enter")
        await pilot.pause()
        assert shown_ids(screen) == ["q2", "q4"]
        assert screen.query_one("#items", DataTable).has_focus  # enter: back to the list
        rows = row_texts(screen.query_one("#items", DataTable))
        assert rows[0][1:4] == ["mcq", "1.1", "✗ 1/1"] and rows[1][3] == "-"
        assert "q2 · demo · #beta" in text_of(screen, "#current")

        await pilot.press("enter")  # read it whole
        await pilot.pause()
        item = app.screen
        assert isinstance(item, ItemScreen)
        body = " ".join(str(s.render()) for s in item.query(Static))
        for text in ("Question 2?", "Right 2", "Right because 2.", "Wrong because 2c.", "Source"):
            assert text in body
        history = item.query_one("#history", DataTable)
        assert history.row_count == 1 and "✗ wrong" in str(history.get_row_at(0))
        await pilot.press("f")
        await pilot.pause()
        assert "⚑ Flagged" in text_of(item, "#marks")
        assert MarkStore(store).flagged() == {"q2"}
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen
        assert row_texts(screen.query_one("#items", DataTable))[0][0].startswith("⚑")

        await pilot.press("slash", "end")  # a search that cannot be read says why
        for key in ("backspace",) * 20:
            await pilot.press(key)
        await pilot.press(*"is:done")
        await pilot.pause()
        assert "is:done: one of missed, flagged, suspended" in text_of(screen, "#summary")
        await pilot.press("escape", "escape")  # out of the search, then Home
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_letters_typed_in_the_search_are_not_keys(
    study_dir: Path, store: Store, clock: FakeClock
) -> None:
    app = make_app(study_dir, store, clock, Start(screen="browse"))
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, BrowseScreen)
        await pilot.press("slash", *"fsd question 1")
        await pilot.pause()
        assert screen.query_one("#search", Input).value == "fsd question 1"
        assert app.screen is screen and MarkStore(store).all().flagged == frozenset()


@pytest.mark.parametrize("size", SIZES)
async def test_a_suspended_item_leaves_the_drill_and_drill_these_studies_the_rest(
    study_dir: Path, store: Store, clock: FakeClock, size: tuple[int, int]
) -> None:
    app = make_app(study_dir, store, clock, Start(screen="browse", query="kind:mcq"))
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, BrowseScreen)
        assert shown_ids(screen) == ["q1", "q2", "q3", "q4"]
        await pilot.press("s")  # suspend q1
        await pilot.pause()
        assert MarkStore(store).suspended() == {"q1"}
        assert row_texts(screen.query_one("#items", DataTable))[0][0] == " ⊘"
        assert "1 suspended" in text_of(screen, "#summary")

        await pilot.press("d")  # drill these: the suspended one is left out
        await pilot.pause()
        drill = app.screen
        assert isinstance(drill, DrillScreen)
        assert [i.id for i in drill.session.items] == ["q2", "q3", "q4"]
        await pilot.press("escape")
        await pilot.pause()

        app.start_drill(DrillFilter(kinds=("mcq",)))  # any drill: q1 is out of it
        await pilot.pause()
        drill = app.screen
        assert isinstance(drill, DrillScreen)
        assert "q1" not in {i.id for i in drill.session.items}
        assert len(drill.session.items) == 3


async def test_suspend_and_unflag_on_the_item_screen(
    study_dir: Path, store: Store, clock: FakeClock
) -> None:
    MarkStore(store).set_flagged("c2", True, clock())
    app = make_app(study_dir, store, clock, Start(screen="browse", query="kind:card"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("down", "enter")
        await pilot.pause()
        item = app.screen
        assert isinstance(item, ItemScreen) and item.item_id == "c2"
        assert "Front 2" in text_of(item, ".part") and "⚑ Flagged" in text_of(item, "#marks")
        assert item.check_action("unflag", ()) and not item.check_action("flag", ())
        await pilot.press("f", "s")
        await pilot.pause()
        marks = text_of(item, "#marks")
        assert "Flagged" not in marks and "⊘ Suspended" in marks
        assert item.check_action("unsuspend", ()) and not item.check_action("suspend", ())
        assert MarkStore(store).all().flagged == frozenset()
        assert MarkStore(store).suspended() == {"c2"}
        await pilot.press("escape")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, BrowseScreen)
        assert row_texts(screen.query_one("#items", DataTable))[1][0] == " ⊘"
        await pilot.press("escape")
        await pilot.pause()
        app.start_cards()  # the flashcards leave it out
        await pilot.pause()
        review = app.screen
        assert isinstance(review, ReviewScreen)
        assert "c2" not in {i.id for i in review.session.queue}


async def test_ccaf_drill_flagged_drills_only_the_flagged(
    study_dir: Path, store: Store, clock: FakeClock
) -> None:
    MarkStore(store).set_flagged("q4", True, clock())
    MarkStore(store).set_flagged("p1", True, clock())
    app = make_app(study_dir, store, clock, Start("drill", DrillFilter(flagged=True)))
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        drill = app.screen
        assert isinstance(drill, DrillScreen)
        assert sorted(i.id for i in drill.session.items) == ["p1", "q4"]


async def test_drill_these_reviews_cards_when_there_are_no_questions(
    study_dir: Path, store: Store, clock: FakeClock
) -> None:
    app = make_app(study_dir, store, clock, Start(screen="browse", query="kind:card"))
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        await pilot.press("d")
        await pilot.pause()
        review = app.screen
        assert isinstance(review, ReviewScreen)
        assert [i.id for i in review.session.queue] == ["c1", "c2", "c3"]


@pytest.mark.parametrize("size", SIZES)
async def test_m_on_stats_drills_the_questions_missed_most(
    study_dir: Path, store: Store, clock: FakeClock, size: tuple[int, int]
) -> None:
    for item_id, wrong in (("q3", 3), ("c1", 5), ("q1", 1), ("p2", 2)):
        for n in range(wrong):
            store.record(Attempt(item_id, "drill", clock() - 100 + n, False))
    store.record(Attempt("q4", "drill", clock() - 10, True))
    MarkStore(store).set_suspended("p2", True, clock())
    app = make_app(study_dir, store, clock)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, StatsScreen)
        await pilot.press("m")
        await pilot.pause()
        drill = app.screen
        assert isinstance(drill, DrillScreen)
        # Questions and patterns only (not the card), most missed first, not the suspended one.
        assert [i.id for i in drill.session.items] == ["q3", "q1"]


async def test_m_on_stats_is_off_with_nothing_missed(
    study_dir: Path, store: Store, clock: FakeClock
) -> None:
    app = make_app(study_dir, store, clock, Start(screen="stats"))
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, StatsScreen)
        assert screen.check_action("drill_missed", ()) is None
        await pilot.press("m")
        await pilot.pause()
        assert app.screen is screen


def test_the_command_line_opens_browse_and_drills_the_flagged(
    study_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ccaf.cli import main
    from ccaf.tui.app import CcafApp

    started: list[Start] = []
    monkeypatch.setattr(CcafApp, "run", lambda self: started.append(self.start))
    common = ["--bank", str(study_dir), "--data-dir", str(tmp_path)]
    assert main(["browse", "tag:beta", "kind:mcq", *common]) == 0
    assert main(["drill", "--flagged", *common]) == 0
    assert main(["drill", *common]) == 0
    assert (started[0].screen, started[0].query) == ("browse", "tag:beta kind:mcq")
    first, second = started[1].drill, started[2].drill
    assert first is not None and second is not None
    assert (started[1].screen, first.flagged) == ("drill", True)
    assert second.flagged is False


def test_an_exam_dry_run_leaves_suspended_questions_out_and_creates_no_store(
    exam_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    from ccaf.cli import main

    data = tmp_path / "data"
    args = ["exam", "--dry-run", "--json", "--seed", "3", "--bank", str(exam_dir)]
    assert main([*args, "--data-dir", str(data)]) == 0
    drawn = {q["id"] for q in json.loads(capsys.readouterr().out)["questions"]}
    assert "q-loop" in drawn and not data.exists()  # no progress file made by a dry run

    store = Store.open(data / DB_NAME)
    MarkStore(store).set_suspended("q-loop", True, 1_795_000_000.0)
    store.close()
    assert main([*args, "--data-dir", str(data)]) == 0
    drawn = {q["id"] for q in json.loads(capsys.readouterr().out)["questions"]}
    assert drawn == {"q-tools", "q-two", "q-null"}
