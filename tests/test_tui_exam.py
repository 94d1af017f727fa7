"""Pilot tests of the mock exam: taking it, the navigator, submitting, the result and review."""

from __future__ import annotations

from pathlib import Path

from textual.widget import Widget
from textual.widgets import Footer, Static

from apps import answer_exam, make_app, past_intro, settle, settle_exam
from ccaf.store.db import DB_NAME, Store
from ccaf.store.exams import ExamStore
from ccaf.tui.app import Start
from ccaf.tui.screens.drill import DrillScreen
from ccaf.tui.screens.exam import ConfirmSubmit, ExamScreen, NavCell, ResumeOrNew, ScenarioModal
from ccaf.tui.screens.exam_result import ExamResultScreen, ExamReviewScreen
from ccaf.tui.screens.exam_start import ExamStartScreen
from ccaf.tui.screens.home import HomeScreen

from samples import FakeClock


def text_of(screen: object, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())  # type: ignore[attr-defined]


def right_key(screen: ExamScreen) -> str:
    session = screen.session
    item = session.current
    assert item is not None
    return "abcd"[session.order(session.position).index(item.correct_index)]


def wrong_key(screen: ExamScreen) -> str:
    return "abcd"[("abcd".index(right_key(screen)) + 1) % 4]


async def test_take_flag_submit_with_unanswered_then_review(
    study_dir: Path, store: Store, clock: FakeClock
) -> None:
    app = make_app(study_dir, store, clock, Start(screen="exam"))
    async with app.run_test(size=(100, 32)) as pilot:
        await settle_exam(pilot)
        screen = app.screen
        assert isinstance(screen, ExamScreen)
        session = screen.session
        assert len(session) == 4
        assert "Question 1 of 4" in text_of(screen, "#where")
        assert "8:00 left" in text_of(screen, "#countdown")
        # No right or wrong while the exam runs.
        await pilot.press(wrong_key(screen))
        assert not screen.query(".right") and not screen.query(".wrong")
        assert screen.query(".chosen")
        await pilot.press(right_key(screen))  # changed my mind
        await pilot.press("f", "n", wrong_key(screen), "n")
        cells = {cell.position: cell for cell in screen.query(NavCell)}
        assert cells[0].has_class("answered") and cells[0].has_class("flagged")
        assert cells[1].has_class("answered") and not cells[1].has_class("flagged")
        assert not cells[2].has_class("answered") and cells[2].has_class("current")
        assert "2/4 answered · 1 flagged" in text_of(screen, "#counts")
        # Jump by clicking the navigator.
        await pilot.click(cells[0])
        assert session.position == 0
        await pilot.press("s")
        confirm = app.screen
        assert isinstance(confirm, ConfirmSubmit)
        lines = " ".join(str(w.render()) for w in confirm.query(".dialog-line").results(Static))
        assert "2 questions unanswered: 3, 4." in lines
        assert "1 question flagged for review: 1." in lines
        await pilot.press("n")  # keep going
        assert app.screen is screen and session.result is None
        clock.advance(75)
        await pilot.press("s", "y")
        await pilot.pause()
        result = app.screen
        assert isinstance(result, ExamResultScreen)
        assert "1 / 4 right (25%)" in text_of(result, "#score")
        assert "Estimated scaled score 325" in text_of(result, "#scaled")
        assert "not published" in text_of(result, "#scaled")
        assert result.query_one(Footer).region.bottom == 32
        assert ExamStore(store).running() is None
        assert len(store.attempts(mode="exam")) == 2
        # Review the missed ones.
        await pilot.press("m")
        review = app.screen
        assert isinstance(review, ExamReviewScreen) and len(review.reviews) == 3
        assert "You chose" in str(review.query(".verdict").first(Static).render())
        await pilot.press("n")
        assert "Not answered" in str(review.query(".verdict").first(Static).render())
        await pilot.press("escape", "d")
        drill = app.screen
        assert isinstance(drill, DrillScreen)
        assert len(drill.session.items) == 3


async def test_auto_submit_at_zero_and_warning(
    study_dir: Path, store: Store, clock: FakeClock
) -> None:
    app = make_app(study_dir, store, clock, Start(screen="exam", minutes=6))
    async with app.run_test(size=(100, 32)) as pilot:
        await settle_exam(pilot)
        screen = app.screen
        assert isinstance(screen, ExamScreen)
        clock.advance(61)
        await screen.tick()
        await pilot.pause()
        assert any("Five minutes left" in n.message for n in app._notifications)
        assert screen.query_one("#countdown").has_class("warning")
        clock.advance(300)
        await screen.tick()
        await pilot.pause()
        assert isinstance(app.screen, ExamResultScreen)
        [record] = ExamStore(store).history()
        assert record.auto_submitted and record.time_used == 360


async def test_pause_resume_from_home(study_dir: Path, store: Store, clock: FakeClock) -> None:
    app = make_app(study_dir, store, clock, Start(screen="exam"))
    async with app.run_test(size=(100, 32)) as pilot:
        await settle_exam(pilot)
        screen = app.screen
        assert isinstance(screen, ExamScreen)
        clock.advance(30)
        await pilot.press("b", "f", "escape")
        home = app.screen
        assert isinstance(home, HomeScreen)
        assert "A mock exam is in progress" in text_of(home, "#exam-banner")
        assert "1 of 4 answered, 1 flagged, 7:30 left, on question 1." in text_of(
            home, "#exam-banner"
        )
        clock.advance(999)  # off screen: does not count
        await pilot.press("e")
        assert isinstance(app.screen, ResumeOrNew)
        await pilot.click("#resume")
        await past_intro(pilot)
        resumed = app.screen
        assert isinstance(resumed, ExamScreen)
        assert resumed.session.id == screen.session.id
        assert resumed.session.time_left == 450
        assert resumed.session.flags == {0} and 0 in resumed.session.answers


async def test_start_new_sets_the_old_one_aside(
    study_dir: Path, store: Store, clock: FakeClock
) -> None:
    app = make_app(study_dir, store, clock, Start(screen="exam"))
    async with app.run_test(size=(100, 32)) as pilot:
        await settle_exam(pilot)
        first = app.screen
        assert isinstance(first, ExamScreen)
        await pilot.press("a", "escape", "e")
        await pilot.click("#new")
        await pilot.pause()
        assert isinstance(app.screen, ExamStartScreen)  # the new exam, before its clock
        assert ExamStore(store).running() is not None  # the old one is still running
        await pilot.press("ctrl+s")
        await pilot.pause()
        await past_intro(pilot)
        second = app.screen
        assert isinstance(second, ExamScreen) and second.session.id != first.session.id
        assert ExamStore(store).get(first.session.id).answers  # kept, not deleted
        running = ExamStore(store).running()
        assert running is not None and running.id == second.session.id


async def test_resume_flag_with_nothing_running(
    study_dir: Path, store: Store, clock: FakeClock
) -> None:
    app = make_app(study_dir, store, clock, Start(screen="exam", resume=True))
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert any("no mock exam in progress" in n.message for n in app._notifications)


async def test_jump_with_g(study_dir: Path, store: Store, clock: FakeClock) -> None:
    app = make_app(study_dir, store, clock, Start(screen="exam"))
    async with app.run_test(size=(100, 32)) as pilot:
        await settle_exam(pilot)
        screen = app.screen
        assert isinstance(screen, ExamScreen)
        await pilot.press("g", "9", "enter")  # out of range: stays open
        assert not isinstance(app.screen, ExamScreen)
        await pilot.press("backspace", "3", "enter")
        assert screen.session.position == 2 and screen is app.screen


async def test_the_clock_runs_under_the_exam_dialogs(
    study_dir: Path, store: Store, clock: FakeClock
) -> None:
    app = make_app(study_dir, store, clock, Start(screen="exam"))
    async with app.run_test(size=(100, 32)) as pilot:
        await settle_exam(pilot)
        screen = app.screen
        assert isinstance(screen, ExamScreen)
        clock.advance(100)
        await pilot.press("g")  # the question stays readable behind the dialog
        clock.advance(60)
        await pilot.press("escape", "s")
        clock.advance(40)
        await pilot.press("n")
        assert screen.session.time_used == 200


async def test_a_failed_new_exam_keeps_the_running_one(
    study_dir: Path, store: Store, clock: FakeClock
) -> None:
    app = make_app(study_dir, store, clock, Start(screen="exam"))
    async with app.run_test(size=(100, 32)) as pilot:
        await settle_exam(pilot)
        first = app.screen
        assert isinstance(first, ExamScreen)
        await pilot.press("a", "escape")
        app.open_exam(packs=("no-such-pack",))
        await pilot.pause()
        await pilot.click("#new")
        await pilot.pause()
        assert any("No pack 'no-such-pack'" in n.message for n in app._notifications)
        running = ExamStore(store).running()
        assert running is not None and running.id == first.session.id


async def test_scenario_introduction_choose_two_and_results_by_task(
    exam_dir: Path, store: Store, clock: FakeClock
) -> None:
    app = make_app(exam_dir, store, clock, Start(screen="exam"))
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        # The exam opens on the first scenario's description, as the sitting does.
        intro = app.screen
        assert isinstance(intro, ScenarioModal)
        described = text_of(intro, "#scenario-description")
        await pilot.press("enter")
        screen = app.screen
        assert isinstance(screen, ExamScreen)
        session = screen.session
        scenario = session.scenario(0)
        assert scenario is not None and intro.title_text == scenario.title
        assert described == scenario.description
        assert text_of(screen, "#scenario-line") == f"Scenario: {scenario.title} (i: read it)"
        # The next group opens with its own description, once; then it stays one key away.
        second = next(p for p in range(len(session)) if session.scenario(p) != scenario)
        for _ in range(second):
            await pilot.press("n")
        modal = app.screen
        assert isinstance(modal, ScenarioModal) and modal.title_text != scenario.title
        await pilot.press("enter", "p", "n")
        assert app.screen is screen  # not shown again on coming back
        await pilot.press("i")
        assert isinstance(app.screen, ScenarioModal)
        await pilot.press("escape")
        assert app.screen is screen
        # A choose-2 question: two letters, then enter moves on.
        position = next(p for p, i in enumerate(session.items) if i is not None and i.choose == 2)
        await pilot.press("g")
        await pilot.press(*str(position + 1), "enter")
        assert session.position == position
        item = session.current
        assert item is not None
        order = session.order(position)
        keys = ["abcde"[order.index(w)] for w in sorted(item.correct_indexes)]
        assert "Choose 2. 0 of 2 chosen" in text_of(screen, "#choose-note")
        await pilot.press(keys[0])
        assert "1 of 2 chosen" in text_of(screen, "#choose-note")
        cells = {cell.position: cell for cell in screen.query(NavCell)}
        assert not cells[position].has_class("answered")
        await pilot.press("enter")  # not yet: one more to choose
        assert session.position == position
        await pilot.press(keys[1])
        assert len(screen.query(".chosen")) == 2 and cells[position].has_class("answered")
        await pilot.press("enter")
        assert session.position == min(position + 1, len(session) - 1)
        await pilot.press("s", "y")
        await pilot.pause()
        result = app.screen
        assert isinstance(result, ExamResultScreen)
        assert "per cent right" in " ".join(
            str(s.render()) for s in result.query(".heading").results(Static)
        )
        by_task = result.query_one("#by-task")
        rows = [str(by_task.get_row_at(n)[0]) for n in range(by_task.row_count)]  # type: ignore[attr-defined]
        assert rows == [
            "1.1 Design and implement agentic loops for auto…",
            "2.3 Distribute tools appropriately across agent…",
            "4.3 Enforce structured output using tool use an…",
            "5.2 Design effective escalation and ambiguity r…",
        ]
        assert str(by_task.get_row_at(2)[1]) == "1/1"  # type: ignore[attr-defined]
        await pilot.press("r")
        review = app.screen
        assert isinstance(review, ExamReviewScreen)
        assert text_of(review, "#source").startswith("Source: https://platform.claude.com/")


def looks(widget: Widget) -> tuple[object, ...]:
    """Where a widget sits across and the box its styles give it (its height follows content)."""
    styles = widget.styles
    return (widget.region.x, widget.region.width, styles.padding, styles.margin, styles.color)


async def test_screen_styles_stay_on_their_screen(
    study_dir: Path, store: Store, clock: FakeClock
) -> None:
    app = make_app(study_dir, store, clock)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        home = app.screen
        assert isinstance(home, HomeScreen)
        before = {w.id: looks(w) for w in home.query("*") if w.id}
        await pilot.press("e", "ctrl+s")
        await settle_exam(pilot)
        exam = app.screen
        assert isinstance(exam, ExamScreen)
        await pilot.press(wrong_key(exam), "s", "y")
        await pilot.pause()
        assert isinstance(app.screen, ExamResultScreen)
        await pilot.press("d")
        await pilot.pause()
        drill = app.screen
        assert isinstance(drill, DrillScreen)
        where = drill.query_one("#where", Static)
        status = drill.query_one("#status")
        assert "Question 1 of" in str(where.render())
        assert where.region.width > 40 and where.region.height == 1
        assert status.region.height == 1
        assert str(drill.query_one("#score", Static).render()) == "0/0 right"
        while not isinstance(app.screen, HomeScreen):
            await pilot.press("escape")
            await pilot.pause()
        assert app.screen is home
        await pilot.pause()
        after = {w.id: looks(w) for w in home.query("*") if w.id}
        assert after == before
        await pilot.press("t")
        await pilot.pause()
        assert "1 mock exam" in text_of(app.screen, "#headline")
        assert "mock exams" not in text_of(app.screen, "#headline")


async def test_a_crash_loses_at_most_five_seconds_of_exam_time(
    study_dir: Path, tmp_path: Path, clock: FakeClock
) -> None:
    """The time used is saved every five seconds while the exam is open, with no answer given:
    what a second connection reads is what a crash at that moment would leave."""
    path = tmp_path / DB_NAME
    store = Store.open(path)

    def saved_time() -> float:
        other = Store.open(path)  # a second connection: only what was committed
        try:
            record = ExamStore(other).running()
            assert record is not None
            return record.time_used
        finally:
            other.close()

    app = make_app(study_dir, store, clock, Start(screen="exam"))
    async with app.run_test(size=(100, 32)) as pilot:
        await settle_exam(pilot)
        screen = app.screen
        assert isinstance(screen, ExamScreen)
        await screen.tick()
        clock.advance(12)
        await screen.tick()  # the countdown's once-a-second tick
        assert saved_time() == 12
        clock.advance(4)
        await screen.tick()
        assert saved_time() == 12  # within five seconds of the last save: not yet
        clock.advance(1)
        await screen.tick()
        assert saved_time() == 17
        assert screen.session.answers == {} and screen.session.is_open
    store.close()


async def test_exam_result_and_review_with_a_mixed_score(
    exam_dir: Path, store: Store, clock: FakeClock
) -> None:
    """The run of the picture test_exam_result_by_domain_and_task, checked by number: two
    right (one of them choose-2), one wrong, one unanswered."""
    app = make_app(exam_dir, store, clock, Start(screen="exam"))
    async with app.run_test(size=(100, 32)) as pilot:
        await answer_exam({"q-two": True, "q-null": False, "q-loop": True})(pilot)
        result = app.screen
        assert isinstance(result, ExamResultScreen)
        assert "2 / 4 right (50%) · 3 answered" in text_of(result, "#score")
        scaled = text_of(result, "#scaled")
        assert "Estimated scaled score 550 of 1000: below the pass line of 720" in scaled
        await pilot.press("r")
        review = app.screen
        assert isinstance(review, ExamReviewScreen) and len(review.reviews) == 4
        verdicts = {}
        for step in range(4):
            item_id = review.reviews[review.index].item.id
            verdicts[item_id] = str(review.query_one(".verdict", Static).render())
            shown = review.reviews[review.index]
            keys = {shown.order.index(w) for w in shown.item.correct_indexes}
            rows = list(review.query(".option-review").results(Static))
            assert {n for n, w in enumerate(rows) if w.has_class("right")} == keys
            assert {n for n, w in enumerate(rows) if w.has_class("wrong")} == shown.chosen - keys
            if step < 3:
                await pilot.press("n")
        assert verdicts["q-loop"].startswith("✓ Right: ")
        assert verdicts["q-two"].startswith("✓ Right: ") and " and " in verdicts["q-two"]
        assert verdicts["q-null"].startswith("✗ You chose ")
        assert verdicts["q-tools"].startswith("Not answered. The answer is ")
        right = {r.item.id: r.correct for r in review.reviews}
        assert right == {"q-loop": True, "q-two": True, "q-null": False, "q-tools": False}
