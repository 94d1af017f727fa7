"""Pilot tests: the exam start screen, resuming on the right question, deleting an exam, each
question's time in the review, the plan on Home and its form, and Home's counts and footer."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from textual.content import Content
from textual.widgets import Button, DataTable, Footer, Input, OptionList, Static
from textual.widgets._footer import FooterKey

from apps import make_app, past_intro, settle, settle_exam
from ccaf.store.db import Attempt, Store
from ccaf.store.exams import ExamStore
from ccaf.study.plan import exam_date, set_exam_date
from ccaf.study.spacing import Rating, Spacing
from ccaf.tui.app import Start
from ccaf.tui.screens.exam import ExamScreen, ResumeOrNew
from ccaf.tui.screens.exam_result import ExamResultScreen, ExamReviewScreen
from ccaf.tui.screens.exam_start import ConfirmDelete, ExamStartScreen
from ccaf.tui.screens.home import HomeScreen
from ccaf.tui.screens.plan import PlanForm
from ccaf.tui.screens.stats import StatsScreen

from samples import FakeClock

SIZES = [(100, 32), (80, 24)]


def text_of(screen: object, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())  # type: ignore[attr-defined]


def plain(prompt: object) -> str:
    return Content.from_markup(str(prompt)).plain


def menu_line(home: HomeScreen, action: str) -> str:
    return plain(home.query_one("#menu", OptionList).get_option(action).prompt)


@pytest.mark.parametrize("size", SIZES)
async def test_homes_footer_shows_stats_and_quit_and_the_menu_every_key(
    study_dir: Path, store: Store, clock: FakeClock, size: tuple[int, int]
) -> None:
    app = make_app(study_dir, store, clock)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        home = app.screen
        assert isinstance(home, HomeScreen)
        footer = home.query_one(Footer)
        keys = {key.key: key for key in footer.query(FooterKey)}
        palette = keys["ctrl+p"]
        for key in ("d", "s", "f", "e", "t", "ctrl+q"):
            shown = keys[key].region
            assert shown.width > 0 and shown.right <= palette.region.x, key
        prompts = [plain(option.prompt) for option in home.query_one("#menu", OptionList).options]
        assert [p.split()[0] for p in prompts] == ["d", "s", "f", "c", "e", "p", "w", "b", "t"]
        assert menu_line(home, "cram").startswith("c  Cram")  # cram has a key in sight
        # The exam line tells the exam `e` will start: this bank holds four questions.
        assert "4 questions in 8 minutes" in menu_line(home, "exam")
        assert "60 questions" not in " ".join(prompts)


@pytest.mark.parametrize("size", SIZES)
async def test_home_counts_new_learning_and_due_for_cards_and_self_checks(
    study_dir: Path, store: Store, clock: FakeClock, size: tuple[int, int]
) -> None:
    app = make_app(study_dir, store, clock)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        home = app.screen
        assert isinstance(home, HomeScreen)
        assert "New 3 · Learning 0 · Due 0" in menu_line(home, "cards")
        assert "New 2 · Learning 0 · Due 0" in menu_line(home, "quiz")
        await pilot.press("f", "space", "1", "escape")  # a new card, rated Again
        await pilot.pause()
        clock.advance(15 * 60)  # its learning step is over: it is due
        await home.show_bank(app.bank)
        assert "New 2 · Learning 1 · Due 0" in menu_line(home, "cards")
        assert "New 2 · Learning 0 · Due 0" in menu_line(home, "quiz")  # a limit of its own
        await pilot.press("s", "space", "4", "escape")  # a self-check, rated Easy
        await pilot.pause()
        assert "New 1 · Learning 0 · Due 0" in menu_line(home, "quiz")
        clock.advance(30 * 86_400)
        await home.show_bank(app.bank)
        assert "New 1 · Learning 0 · Due 1" in menu_line(home, "quiz")


@pytest.mark.parametrize("size", SIZES)
async def test_the_exam_start_screen_shows_the_exam_before_its_clock_starts(
    study_dir: Path, store: Store, clock: FakeClock, size: tuple[int, int]
) -> None:
    app = make_app(study_dir, store, clock)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await pilot.pause()
        start = app.screen
        assert isinstance(start, ExamStartScreen)
        summary = text_of(start, "#summary")
        assert "4 questions in 8 minutes" in summary and "seed 7" in summary
        assert "a CCA-F mock exam" in summary
        assert "Customer Support Resolution Agent" in text_of(start, "#scenarios")
        assert "D1 Agentic Architecture & Orchestration: 4, weight 27%" in text_of(
            start, "#domains"
        )
        assert ExamStore(store).running() is None  # nothing is timed or recorded yet
        count = start.query_one("#count", Input)
        count.value = "2"
        await pilot.pause()
        assert "2 questions in 4 minutes" in text_of(start, "#summary")
        minutes = start.query_one("#minutes", Input)
        minutes.value = "0"
        await pilot.pause()
        assert text_of(start, "#summary") == (
            "No exam with these options: minutes must be more than 0 and at most 1440, not 0."
        )
        assert start.query_one("#start", Button).disabled
        await pilot.press("ctrl+s")  # nothing to start
        assert app.screen is start
        minutes.value = "3"
        start.query_one("#seed", Input).value = "11"
        await pilot.pause()
        assert "2 questions in 3 minutes" in text_of(start, "#summary")
        assert "seed 11" in text_of(start, "#summary")
        await pilot.press("ctrl+s")
        await pilot.pause()
        await past_intro(pilot)
        exam = app.screen
        assert isinstance(exam, ExamScreen)
        session = exam.session
        assert (len(session), session.time_limit, session.seed) == (2, 180.0, 11)


async def test_the_start_screen_says_what_is_wrong_with_a_pack_choice(
    study_dir: Path, store: Store, clock: FakeClock
) -> None:
    from textual.widgets import SelectionList

    app = make_app(study_dir, store, clock)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await pilot.pause()
        start = app.screen
        assert isinstance(start, ExamStartScreen)
        packs = start.query_one("#packs", SelectionList)
        assert [str(o.prompt) for o in packs.options] == ["✓ Demo pack"]  # not colour alone
        packs.deselect_all()
        await pilot.pause()
        assert [str(o.prompt) for o in packs.options] == ["  Demo pack"]
        assert text_of(start, "#summary") == "No exam with these options: choose at least one pack."
        start.query_one("#count", Input).value = "-3"
        await pilot.pause()
        assert "questions must be a whole number, 1 or more, not -3" in text_of(start, "#summary")
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)


async def test_resume_reopens_the_question_the_learner_was_on(
    study_dir: Path, store: Store, clock: FakeClock
) -> None:
    app = make_app(study_dir, store, clock, Start(screen="exam"))
    async with app.run_test(size=(100, 32)) as pilot:
        await settle_exam(pilot)
        exam = app.screen
        assert isinstance(exam, ExamScreen)
        await pilot.press("n", "n", "escape")  # paused on question 3
        home = app.screen
        assert isinstance(home, HomeScreen)
        assert text_of(home, "#exam-banner").endswith("left, on question 3. e: continue it")
        await pilot.press("e")
        assert isinstance(app.screen, ResumeOrNew)
        await pilot.click("#resume")
        await past_intro(pilot)
        resumed = app.screen
        assert isinstance(resumed, ExamScreen)
        assert "Question 3 of 4" in text_of(resumed, "#where")
    # Another run of the app, as `ccaf exam --resume`.
    again = make_app(study_dir, store, clock, Start(screen="exam", resume=True))
    async with again.run_test(size=(80, 24)) as pilot:
        await settle_exam(pilot)
        screen = again.screen
        assert isinstance(screen, ExamScreen) and screen.session.position == 2
        assert "Question 3 of 4" in text_of(screen, "#where")


@pytest.mark.parametrize("size", SIZES)
async def test_a_finished_exam_can_be_deleted_after_asking(
    study_dir: Path, store: Store, clock: FakeClock, size: tuple[int, int]
) -> None:
    app = make_app(study_dir, store, clock, Start(screen="exam"))
    async with app.run_test(size=size) as pilot:
        await settle_exam(pilot)
        await pilot.press("a", "s", "y")
        await pilot.pause()
        assert isinstance(app.screen, ExamResultScreen)
        [done] = ExamStore(store).past()
        await pilot.press("escape", "e")
        await pilot.pause()
        start = app.screen
        assert isinstance(start, ExamStartScreen)
        table = start.query_one("#past", DataTable)
        assert table.row_count == 1 and table.display
        await pilot.press("x")
        confirm = app.screen
        assert isinstance(confirm, ConfirmDelete)
        assert f"exam {done.id} · begun 2026-11-18 11:06 · submitted: " in " ".join(
            str(w.render()) for w in confirm.query(".dialog-line").results(Static)
        )
        await pilot.press("n")  # keep it
        assert app.screen is start and len(ExamStore(store).past()) == 1
        await pilot.press("delete", "y")
        await pilot.pause()
        assert app.screen is start and ExamStore(store).past() == []
        assert not table.display and table.row_count == 0
        assert any(n.message == f"Deleted exam {done.id}." for n in app._notifications)
        await pilot.press("x")  # nothing left to delete
        assert app.screen is start
        assert [a.mode for a in store.attempts()] == ["exam"]  # its answer is kept


@pytest.mark.parametrize("size", SIZES)
async def test_the_review_shows_the_time_spent_on_each_question(
    study_dir: Path, store: Store, clock: FakeClock, size: tuple[int, int]
) -> None:
    app = make_app(study_dir, store, clock, Start(screen="exam"))
    async with app.run_test(size=size) as pilot:
        await settle_exam(pilot)
        clock.advance(75)
        await pilot.press("a", "n")
        clock.advance(12)
        await pilot.press("b", "p")  # back to the first question for five more seconds
        clock.advance(5)
        await pilot.press("s", "y")
        await pilot.pause()
        await pilot.press("r")
        review = app.screen
        assert isinstance(review, ExamReviewScreen)
        assert text_of(review, "#where").endswith("time on it 1:20")
        await pilot.press("n")
        assert text_of(app.screen, "#where").endswith("time on it 0:12")
        await pilot.press("n")
        assert text_of(app.screen, "#where").endswith("time on it 0:00")


@pytest.mark.parametrize("size", SIZES)
async def test_the_plan_form_and_the_plan_on_home(
    study_dir: Path, store: Store, clock: FakeClock, size: tuple[int, int]
) -> None:
    app = make_app(study_dir, store, clock)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        home = app.screen
        assert isinstance(home, HomeScreen)
        assert text_of(home, "#plan") == "No exam date set: p plans to one."
        await pilot.press("p")
        form = app.screen
        assert isinstance(form, PlanForm)
        await pilot.press(*"2026-11-10", "enter")
        assert app.screen is form
        assert text_of(form, "#plan-error") == "2026-11-10 is in the past (today is 2026-11-18)."
        form.query_one("#exam-date", Input).value = "2026-11-28"
        await pilot.press("enter")
        await pilot.pause()
        back: object = app.screen
        assert back is home and exam_date(store) == date(2026, 11, 28)
        assert text_of(home, "#plan").splitlines() == [
            "Exam on 2026-11-28: 10 days left.",
            "Today: 0 due · 4 new (11 exam items not yet seen, all to be seen by 2026-11-24).",
            "Mock exam every 3 days; the next today.",
        ]
        # The plan sets the new-per-day limits: 3 cards over 7 days is one a day.
        assert "New 1 · Learning 0 · Due 0" in menu_line(home, "cards")
        await pilot.press("p")
        await pilot.click("#clear")
        await pilot.pause()
        assert exam_date(store) is None
        assert text_of(home, "#plan") == "No exam date set: p plans to one."
        assert "New 3 · Learning 0 · Due 0" in menu_line(home, "cards")


async def test_the_plan_counts_what_is_due_today(
    study_dir: Path, store: Store, clock: FakeClock
) -> None:
    spacing = Spacing(store, fuzz=False)
    for item_id in ("c1", "q1"):
        then = clock() - 40 * 86_400
        store.record(
            Attempt(item_id, "cards", then, True, 3), spacing.review(item_id, Rating.GOOD, then)
        )
    set_exam_date(store, date(2026, 11, 18))
    app = make_app(study_dir, store, clock)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        home = app.screen
        assert isinstance(home, HomeScreen)
        assert text_of(home, "#plan").splitlines() == [
            "Exam on 2026-11-18: today.",
            "Today: 2 due · 9 new (9 exam items not yet seen, all to be seen today).",
        ]


@pytest.mark.parametrize("size", SIZES)
async def test_stats_shows_the_plan_as_home_does(
    study_dir: Path, store: Store, clock: FakeClock, size: tuple[int, int]
) -> None:
    app = make_app(study_dir, store, clock)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("t")
        await pilot.pause()
        stats = app.screen
        assert isinstance(stats, StatsScreen)
        assert not stats.query_one("#plan", Static).display  # no date: no plan
        await pilot.press("escape")
        await pilot.pause()
        set_exam_date(store, date(2026, 11, 28))
        await pilot.press("t")
        await pilot.pause()
        stats = app.screen
        assert isinstance(stats, StatsScreen)
        assert stats.query_one("#plan", Static).display
        assert text_of(stats, "#plan").splitlines() == [
            "Exam on 2026-11-28: 10 days left.",
            "Today: 0 due · 4 new (11 exam items not yet seen, all to be seen by 2026-11-24).",
            "Mock exam every 3 days; the next today.",
        ]
        # What falls due follows a rating made while another screen was over Stats (its
        # drill, say): the plan is read again when Stats comes back.
        spacing = Spacing(store, fuzz=False)
        then = clock() - 40 * 86_400
        await pilot.press("question_mark")
        await pilot.pause()
        store.record(Attempt("c1", "cards", then, True, 3), spacing.review("c1", Rating.GOOD, then))
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is stats
        assert "Today: 1 due · " in text_of(stats, "#plan")
