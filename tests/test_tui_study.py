"""Pilot tests of the study screens: Home, drill, self-check, flashcards, cram, stats."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.containers import VerticalScroll
from textual.widgets import Checkbox, DataTable, Static

from apps import make_app, settle
from ccaf.bank.model import MCQ, Bank, Pattern
from ccaf.store.db import Store
from ccaf.store.marks import MarkStore
from ccaf.study.drill import LETTERS, DrillFilter
from ccaf.tui.app import Start
from ccaf.tui.screens.drill import DrillScreen
from ccaf.tui.screens.drill_setup import DrillSetupScreen
from ccaf.tui.screens.home import HomeScreen
from ccaf.tui.screens.review import ReviewScreen
from ccaf.tui.screens.stats import StatsScreen

from conftest import WritePack
from samples import CARD, FakeClock


def text_of(screen: object, selector: str) -> str:
    widget = screen.query_one(selector, Static)  # type: ignore[attr-defined]
    return str(widget.render())


def right_letter(screen: DrillScreen) -> str:
    item = screen.session.current
    assert isinstance(item, MCQ)
    return LETTERS[screen.session.options(item).index(item.correct_index)].lower()


async def test_home_lists_packs_and_problems(
    write_pack: WritePack, store: Store, clock: FakeClock
) -> None:
    pack = write_pack(**{"a.yaml": CARD, "b.yaml": "- id: broken\n  kind: card\n"})
    app = make_app(pack, store, clock)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, HomeScreen)
        table = screen.query_one("#packs", DataTable)
        assert table.row_count == 1
        assert "Demo pack" in str(table.get_row_at(0)[0])
        problems = text_of(screen, "#problems")
        assert "3 problems in the question bank" in problems
        assert f"{pack / 'b.yaml'}:1: item broken: source: missing" in problems


async def test_drill_right_wrong_rationales_summary_retry(
    study_dir: Path, store: Store, clock: FakeClock
) -> None:
    start = Start(screen="drill", drill=DrillFilter(kinds=("mcq",)))
    app = make_app(study_dir, store, clock, start)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, DrillScreen)
        # Right answer.
        clock.advance(9)
        await pilot.press(right_letter(screen))
        assert text_of(screen, "#verdict").startswith("✓ Right")
        assert len(screen.query(".rationale")) == 1
        assert store.attempts()[-1].correct is True
        assert store.attempts()[-1].elapsed_ms == 9000
        await pilot.press("enter")
        # Wrong answer, by number key; then every rationale.
        wrong = (LETTERS.index(right_letter(screen).upper()) + 1) % 4
        first_missed = screen.session.current
        assert first_missed is not None
        await pilot.press(str(wrong + 1))
        assert text_of(screen, "#verdict").startswith(f"✗ Wrong: you chose {LETTERS[wrong]}")
        assert len(screen.query(".rationale")) == 2
        await pilot.press("r")
        assert len(screen.query(".rationale")) == 4
        assert store.attempts()[-1].correct is False
        # Keys that make no sense now do nothing.
        await pilot.press("a")
        assert len(store.attempts()) == 2
        await pilot.press("enter")
        # Two more, right then unsure-right.
        await pilot.press(right_letter(screen), "enter", "u", right_letter(screen))
        assert store.attempts()[-1].rating == 2  # Hard
        await pilot.press("enter")
        assert screen.session.finished
        assert "Score 3 / 4" in text_of(screen, "#summary-score")
        await pilot.press("m")
        retry = app.screen
        assert isinstance(retry, DrillScreen) and retry is not screen
        assert [i.id for i in retry.session.items] == [first_missed.id]


async def test_patterns_judged_with_y_n_or_revealed_and_graded(
    study_dir: Path, store: Store, clock: FakeClock
) -> None:
    start = Start(screen="drill", drill=DrillFilter(kinds=("pattern",)))
    app = make_app(study_dir, store, clock, start)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, DrillScreen)
        for _ in range(2):
            item = screen.session.current
            assert isinstance(item, Pattern)
            await pilot.press("a")  # not a pattern key
            assert store.attempts(item_id=item.id) == []
            if item.holds is not None:  # p1: y/n on the statement shown
                text, true = screen.session.statement(item)
                assert text_of(screen, "#stem") == text
                await pilot.press("n")
                verdict = text_of(screen, "#verdict")
                assert verdict.startswith("✗ Wrong" if true else "✓ Right"), verdict
                assert [a.correct for a in store.attempts(item_id=item.id)] == [not true]
            else:  # p2: what is wrong with it? reveal, then grade 1-4
                assert text_of(screen, "#stem") == item.looks_right
                await pilot.press("y", "3")  # neither judges nor grades before the reveal
                assert store.attempts(item_id=item.id) == []
                await pilot.press("space")
                assert text_of(screen, "#explanation") == item.actually_wrong
                await pilot.press("1")
                [attempt] = store.attempts(item_id=item.id)
                assert (attempt.correct, attempt.rating) == (False, 1)
                assert "Graded Again" in text_of(screen, "#hints")
            assert text_of(screen, "#source") == f"Source: {item.source}"
            await pilot.press("enter")
        assert screen.session.finished


async def test_drill_setup_filters(study_dir: Path, store: Store, clock: FakeClock) -> None:
    app = make_app(study_dir, store, clock)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("d")
        setup = app.screen
        assert isinstance(setup, DrillSetupScreen)
        setup.query_one("#task").value = "1.1"  # type: ignore[attr-defined]
        setup.query_one("#kind").value = "pattern"  # type: ignore[attr-defined]
        setup.query_one("#count").value = "1"  # type: ignore[attr-defined]
        setup.query_one("#seed").value = "99"  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        drill = app.screen
        assert isinstance(drill, DrillScreen)
        assert len(drill.session.items) == 1 and drill.session.items[0].kind == "pattern"
        assert drill.session.seed == 99 and drill.session.filters.tasks == ("1.1",)


@pytest.mark.parametrize("size", [(100, 32), (80, 24)])
async def test_drill_setup_flagged_only(
    study_dir: Path, store: Store, clock: FakeClock, size: tuple[int, int]
) -> None:
    MarkStore(store).set_flagged("q2", True, clock())
    app = make_app(study_dir, store, clock)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("d")
        setup = app.screen
        assert isinstance(setup, DrillSetupScreen)
        flagged = setup.query_one("#flagged", Checkbox)
        assert str(flagged.label) == "flagged" and not flagged.value
        await pilot.click("#flagged")
        assert flagged.value
        await pilot.click("#start")
        await pilot.pause()
        drill = app.screen
        assert isinstance(drill, DrillScreen)
        assert drill.session.filters.flagged
        assert [item.id for item in drill.session.items] == ["q2"]


async def test_missed_filter_with_nothing_missed_says_so(
    study_dir: Path, store: Store, clock: FakeClock
) -> None:
    start = Start(screen="drill", drill=DrillFilter(missed=True))
    app = make_app(study_dir, store, clock, start)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert any("No questions match" in n.message for n in app._notifications)


async def test_flashcards_reveal_rate_and_next_due(
    study_dir: Path, store: Store, clock: FakeClock
) -> None:
    app = make_app(study_dir, store, clock, Start(screen="cards"))
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        assert text_of(screen, "#where").endswith(" · 3 cards to go")  # cards keep "cards"
        await pilot.press("3")  # rating before reveal does nothing
        assert store.attempts() == []
        await pilot.press("space")
        assert screen.query("#back")
        assert len(screen.query(".rating")) == 4
        first = screen.session.current
        assert first is not None
        await pilot.press("4")
        assert "Easy, next due in" in text_of(screen, "#last")
        scheduled = store.scheduled(first.id)
        assert scheduled is not None and scheduled.due > clock()
        assert store.attempts()[-1].rating == 4


async def test_cram_leaves_schedule(study_dir: Path, store: Store, clock: FakeClock) -> None:
    app = make_app(study_dir, store, clock, Start(screen="cards", cram=True))
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ReviewScreen) and screen.session.mode == "cram"
        for _ in range(screen.session.total):
            await pilot.press("space", "1")
        assert screen.session.finished
        assert store.due_times() == {}
        assert len(store.attempts(mode="cram")) == 5
        assert "cram: not scheduled" in text_of(screen, "#last")


async def test_selfcheck_quiz(study_dir: Path, store: Store, clock: FakeClock) -> None:
    app = make_app(study_dir, store, clock, Start(screen="quiz"))
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ReviewScreen) and screen.session.mode == "selfcheck"
        assert text_of(screen, "#where").endswith(" · 2 questions to go")
        assert "Answer it in your head" in text_of(screen, "#prompt")
        assert not screen.query("#source")  # the source comes with the answer
        await pilot.press("space")
        item = screen.session.current
        assert item is not None and text_of(screen, "#source") == f"Source: {item.source}"
        await pilot.press("3")
        assert text_of(screen, "#where").endswith(" · 1 question to go")
        await pilot.press("space", "1")
        assert screen.session.finished
        assert [a.correct for a in store.attempts(mode="selfcheck")] == [True, False]


async def test_stats_and_palette(study_dir: Path, store: Store, clock: FakeClock) -> None:
    app = make_app(study_dir, store, clock, Start(screen="drill", drill=DrillFilter(count=1)))
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("n", "a")  # a pattern or an mcq: one of the two answers it
        await pilot.press("enter", "escape")
        home = app.screen
        assert isinstance(home, HomeScreen)
        titles = [command.title for command in app.get_system_commands(home)]
        assert {"Drill", "Self-check", "Flashcards", "Stats"} <= set(titles)
        await pilot.press("t")
        stats = app.screen
        assert isinstance(stats, StatsScreen)
        assert "1 answer ·" in text_of(stats, "#headline")
        assert "0 mock exams" in text_of(stats, "#headline")
        assert stats.query_one("#by-pack", DataTable).row_count == 1


async def test_bracketed_text_is_shown_as_written(
    write_pack: WritePack, store: Store, clock: FakeClock
) -> None:
    pack = write_pack(
        pack_yaml="id: demo\nconcept: D1.1\ntitle: 'Tools [/beta] [b]x'\ndomain: 1\n",
        **{"a.yaml": CARD.replace("  source: a page", "  source: a page\n  tags: ['[/x]']")},
    )
    app = make_app(pack, store, clock)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#packs", DataTable)
        assert str(table.get_row_at(0)[0]) == "Tools [/beta] [b]x"


async def test_drill_choose_two_then_confirm(
    exam_dir: Path, store: Store, clock: FakeClock
) -> None:
    start = Start(screen="drill", drill=DrillFilter(tasks=("4.3",)))
    app = make_app(exam_dir, store, clock, start)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, DrillScreen)
        item = screen.session.current
        assert isinstance(item, MCQ) and item.choose == 2 and len(screen.session.items) == 1
        order = screen.session.options(item)
        keys = sorted(LETTERS[order.index(w)].lower() for w in item.correct_indexes)
        wrong = next(c for c in "abcde" if c not in keys)
        assert text_of(screen, "#choose-note") == "Choose 2: 0 of 2 chosen"
        await pilot.press(keys[0], wrong)
        assert text_of(screen, "#choose-note") == "Choose 2: 2 of 2 chosen · enter: confirm"
        await pilot.press(keys[1])  # a third is refused until one is unpicked
        assert len(screen.pending) == 2 and store.attempts() == []
        await pilot.press(wrong, keys[1])  # unpick the wrong one, pick the other key
        assert store.attempts() == []  # nothing is recorded before the confirm
        await pilot.press("enter")
        assert text_of(screen, "#verdict") == f"✓ Right: {keys[0].upper()} and {keys[1].upper()}"
        [attempt] = store.attempts()
        assert attempt.correct and attempt.choice == "0,2"
        assert text_of(screen, "#source") == f"Source: {item.source}"


async def test_readiness_on_home_and_stats_and_drill_the_weakest(
    exam_dir: Path, store: Store, clock: FakeClock
) -> None:
    from ccaf.store.db import Attempt

    store.record(Attempt("q-null", "drill", clock(), False))
    store.record(Attempt("q-loop", "drill", clock(), True))
    app = make_app(exam_dir, store, clock)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        home = app.screen
        assert isinstance(home, HomeScreen)
        table = home.query_one("#readiness-slot DataTable", DataTable)
        rows = [[str(cell) for cell in table.get_row_at(n)] for n in range(table.row_count)]
        assert rows[0] == [
            "D1 Agentic Architecture & Orch…",
            "27%",
            "1/1 (100%)",
            "1/1 (100%)",
        ]
        assert rows[4] == ["D5 Context Management & Reliab…", "15%", "1/1 (100%)", "0/1 (0%)"]
        assert rows[1][2:] == ["0/1 (0%)", "—"]
        estimate = text_of(home, "#readiness-slot .estimate")
        assert estimate.startswith("Estimate: 52% ± ") and "from 2 items answered" in estimate
        weakest = text_of(home, "#readiness-slot .weakest")
        assert weakest == "Weakest task statements: 5.2 (0/1), 1.1 (1/1).  r: drill them"
        await pilot.press("r")
        drill = app.screen
        assert isinstance(drill, DrillScreen)
        assert drill.session.filters.tasks == ("5.2", "1.1")
        assert sorted(i.id for i in drill.session.items) == ["q-loop", "q-null"]
        await pilot.press("escape", "t")
        stats = app.screen
        assert isinstance(stats, StatsScreen)
        assert text_of(stats, "#readiness .estimate") == estimate


async def test_feedback_scrolls_into_view_and_keys_scroll_it(
    study_dir: Path, store: Store, clock: FakeClock
) -> None:
    start = Start(screen="drill", drill=DrillFilter(kinds=("mcq",)))
    app = make_app(study_dir, store, clock, start)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, DrillScreen)
        wrong = (LETTERS.index(right_letter(screen).upper()) + 1) % 4
        await pilot.press(LETTERS[wrong].lower())
        await pilot.press("r")
        await pilot.pause()
        await pilot.pause()
        body = screen.query_one("#body", VerticalScroll)
        verdict = screen.query_one("#verdict", Static)
        assert body.scroll_y > 0
        assert verdict.region.y >= body.content_region.y
        assert verdict.region.bottom <= body.content_region.bottom
        # The keys scroll it without Tab.
        assert app.focused is not body
        await pilot.press("home")
        assert body.scroll_y == 0
        await pilot.press("j")
        assert body.scroll_y == 1
        await pilot.press("down")
        assert body.scroll_y == 2
        await pilot.press("k")
        assert body.scroll_y == 1
        await pilot.press("end")
        assert body.scroll_y == body.max_scroll_y > 2
        await pilot.press("pageup")
        assert body.scroll_y < body.max_scroll_y


def footer_keys(screen: object) -> dict[str, str]:
    from textual.widgets._footer import FooterKey

    return {key.key: key.description for key in screen.query(FooterKey)}  # type: ignore[attr-defined]


async def test_footer_says_what_escape_does_and_shows_quit(
    study_dir: Path, store: Store, clock: FakeClock
) -> None:
    app = make_app(study_dir, store, clock)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        assert footer_keys(app.screen)["ctrl+q"] == "Quit"
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, DrillSetupScreen)
        assert footer_keys(app.screen)["ctrl+q"] == "Quit"
        await pilot.press("ctrl+s")
        await settle(pilot)
        drill = app.screen
        assert isinstance(drill, DrillScreen)
        keys = footer_keys(drill)
        assert keys["escape"] == "Back" and keys["ctrl+q"] == "Quit"
        await pilot.press("escape")
        assert isinstance(app.screen, DrillSetupScreen)
        await pilot.press("escape", "t")
        await pilot.pause()
        assert isinstance(app.screen, StatsScreen)
        assert footer_keys(app.screen)["ctrl+q"] == "Quit"


async def test_the_bank_is_read_after_homes_first_frame(
    write_pack: WritePack, store: Store, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Reading the bank holds the interpreter: it waits for the first frame, not beside it.
    import ccaf.bank.loader

    read = ccaf.bank.loader.load_bank
    frames_before: list[bool] = []
    app = make_app(write_pack(**{"a.yaml": CARD}), store, clock)

    first_frame: list[list[str]] = []

    def load_bank(paths: list[Path]) -> Bank:
        frames_before.append(app._first_frame.is_set())
        # What the first frame showed: Home, its menu, and nothing that needs the bank.
        home = app.screen
        first_frame.append([type(home).__name__, *(w.id or "" for w in home.query("*"))])
        return read(paths)

    monkeypatch.setattr(ccaf.bank.loader, "load_bank", load_bank)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        assert frames_before == [True]
        [shown] = first_frame
        assert shown[0] == "HomeScreen" and "menu" in shown
        assert "packs" not in shown and "readiness-slot" not in shown  # they come with the bank
        assert len(app.screen_stack) == 1  # Home is the app's first screen, under every other
        assert app.bank is not None and isinstance(app.screen, HomeScreen)
        assert app.screen.query_one("#packs", DataTable).row_count == 1
        assert app.screen.query_one("#readiness-slot")


def test_the_app_runs_with_its_start_up_frozen_and_frames_not_kept_waiting(
    write_pack: WritePack, store: Store, clock: FakeClock
) -> None:
    # `CcafApp.run`, as `ccaf` runs it: what exists at start-up is out of the collector's
    # sweeps, and the thread that writes frames waits at most a millisecond for the
    # interpreter.
    import gc
    import sys

    from textual.pilot import Pilot

    seen: dict[str, float] = {}
    interval = sys.getswitchinterval()
    app = make_app(write_pack(**{"a.yaml": CARD}), store, clock)

    async def look(pilot: Pilot[object]) -> None:
        seen["switch"] = sys.getswitchinterval()
        seen["frozen"] = gc.get_freeze_count()
        await pilot.pause()  # the first screen's mounting done, then out
        pilot.app.exit()

    try:
        app.run(headless=True, size=(80, 24), auto_pilot=look)
    finally:
        sys.setswitchinterval(interval)
        gc.unfreeze()
    assert seen["switch"] == 0.001
    assert seen["frozen"] > 10_000
