"""Drill sessions without a terminal: selection, seeded shuffles, answers, the summary."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from ccaf.bank.loader import load_bank
from ccaf.bank.model import MCQ, Bank, Pattern
from ccaf.store.db import DB_NAME, Store
from ccaf.study.drill import (
    LETTERS,
    DrillFilter,
    DrillSession,
    DrillSummary,
    letters,
    option_order,
    pattern_statement,
    select_items,
)
from ccaf.study.score import Score
from ccaf.study.spacing import Rating, Spacing

from conftest import WritePack
from samples import EXAM_PACK_YAML, PACK_YAML, FakeClock, exam_pack, mcq_yaml, study_pack


def drill(
    bank: Bank, store: Store, clock: FakeClock, seed: int = 7, **filters: object
) -> DrillSession:
    chosen = DrillFilter(**filters)  # type: ignore[arg-type]
    items = select_items(bank, store, chosen, seed, clock())
    return DrillSession(
        items, store, Spacing(store, fuzz=False), seed, chosen, clock=clock, timer=clock
    )


def shown_right(session: DrillSession) -> int:
    item = session.current
    assert isinstance(item, MCQ)
    return session.options(item).index(item.correct_index)


def test_same_seed_same_session(study_bank: Bank, store: Store, clock: FakeClock) -> None:
    first = select_items(study_bank, store, DrillFilter(), 11, clock())
    again = select_items(study_bank, store, DrillFilter(), 11, clock())
    assert [i.id for i in first] == [i.id for i in again]
    assert sorted(i.id for i in first) == ["p1", "p2", "q1", "q2", "q3", "q4"]
    seeds = {
        tuple(i.id for i in select_items(study_bank, store, DrillFilter(), s, clock()))
        for s in range(20)
    }
    assert len(seeds) > 5  # other seeds give other orders
    item = study_bank.items["q1"]
    assert isinstance(item, MCQ)
    assert option_order(item, 11) == option_order(item, 11)
    orders = {tuple(option_order(item, seed)) for seed in range(30)}
    assert len(orders) > 5  # the seed really shuffles
    assert all(sorted(order) == [0, 1, 2, 3] for order in orders)


def test_filters(study_bank: Bank, store: Store, clock: FakeClock) -> None:
    def ids(**kw: object) -> list[str]:
        chosen = DrillFilter(**kw)  # type: ignore[arg-type]
        return sorted(i.id for i in select_items(study_bank, store, chosen, 1, clock()))

    assert ids(kinds=("pattern",)) == ["p1", "p2"]
    assert ids(tags=("beta",)) == ["q2", "q4"]
    assert ids(packs=("nope",)) == []
    assert len(ids(count=3)) == 3
    assert ids(missed=True) == []


def test_answer_right_and_wrong(study_bank: Bank, store: Store, clock: FakeClock) -> None:
    session = drill(study_bank, store, clock, kinds=("mcq",))
    right = shown_right(session)
    clock.advance(12)
    feedback = session.answer(right)
    assert feedback.correct and feedback.chosen == feedback.right == {right}
    [recorded] = store.attempts()
    assert recorded.correct is True and recorded.elapsed_ms == 12_000
    assert recorded.rating == Rating.GOOD
    with pytest.raises(RuntimeError, match="already answered"):
        session.answer(right)
    session.next()
    wrong = (shown_right(session) + 1) % 4
    feedback = session.answer(wrong)
    assert not feedback.correct and feedback.chosen == {wrong} and feedback.right != {wrong}
    item = feedback.item
    assert isinstance(item, MCQ)
    written = session.options(item)[wrong]
    assert store.attempts(item.id)[0].choice == str(written)
    assert store.attempts(item.id)[0].rating == Rating.AGAIN


def test_unsure_right_answer_is_hard(study_bank: Bank, store: Store, clock: FakeClock) -> None:
    session = drill(study_bank, store, clock, kinds=("mcq",))
    session.answer(shown_right(session), unsure=True)
    assert store.attempts()[0].rating == Rating.HARD


def test_pattern_with_holds_shows_either_statement_and_judges_it(
    study_bank: Bank, store: Store, clock: FakeClock
) -> None:
    item = study_bank.items["p1"]
    assert isinstance(item, Pattern) and item.holds == "True 1."
    shown = {pattern_statement(item, seed) for seed in range(40)}
    assert shown == {("True 1.", True), ("Plausible 1.", False)}
    for seed, says_right in ((0, True), (0, False), (1, True), (1, False)):
        session = drill(study_bank, store, clock, seed=seed, kinds=("pattern",))
        while session.current is not None and session.current.id != "p1":
            session.grade(Rating.GOOD)
            session.next()
        text, true = session.statement(item)
        assert text == ("True 1." if true else "Plausible 1.")
        feedback = session.judge(says_right=says_right)
        assert feedback.correct == (says_right == true)
        assert feedback.statement_true == true
    assert [a.choice for a in store.attempts(item_id="p1")] == ["right", "wrong"] * 2


def test_pattern_without_holds_is_graded_not_judged(
    study_bank: Bank, store: Store, clock: FakeClock
) -> None:
    session = drill(study_bank, store, clock, kinds=("pattern",), tags=("alpha",))
    while session.current is not None and session.current.id != "p2":
        session.judge(says_right=False)
        session.next()
    with pytest.raises(TypeError):
        session.judge(says_right=False)
    feedback = session.grade(Rating.AGAIN)
    assert not feedback.correct and feedback.rating == Rating.AGAIN
    [attempt] = store.attempts(item_id="p2")
    assert (attempt.correct, attempt.rating, attempt.choice) == (False, 1, "graded 1")
    again = drill(study_bank, store, clock, seed=3, kinds=("pattern",))
    while again.current is not None and again.current.id != "p2":
        again.judge(says_right=False)
        again.next()
    assert again.grade(Rating.HARD).correct
    with pytest.raises(TypeError):
        drill(study_bank, store, clock, kinds=("pattern",)).answer(0)


def test_multiple_response_is_right_only_with_every_key(
    write_pack: WritePack, store: Store, clock: FakeClock
) -> None:
    pack = write_pack(
        **{
            "a.yaml": """\
            - id: two
              kind: mcq
              source: https://example.com/page
              choose: 2
              stem: Pick two?
              options:
                - {text: K1, correct: true, rationale: r}
                - {text: D1, rationale: r}
                - {text: K2, correct: true, rationale: r}
                - {text: D2, rationale: r}
                - {text: D3, rationale: r}
            """
        }
    )
    bank = load_bank([pack])
    assert bank.errors == []
    item = bank.items["two"]
    assert isinstance(item, MCQ) and item.choose == 2 and item.correct_indexes == {0, 2}
    session = drill(bank, store, clock, kinds=("mcq",))
    order = session.options(item)
    keys = {order.index(0), order.index(2)}
    with pytest.raises(ValueError, match="asks for 2 options, not 1"):
        session.answer(min(keys))
    wrong = {min(keys), order.index(1)}
    feedback = session.answer(wrong)
    assert not feedback.correct and feedback.chosen == wrong and feedback.right == keys
    assert store.attempts()[0].choice == "0,1"
    session = drill(bank, store, clock, kinds=("mcq",))
    assert session.answer(keys).correct
    assert store.attempts()[1].choice == "0,2"
    assert letters(keys) == " and ".join(LETTERS[i] for i in sorted(keys))


def test_summary_and_retry_missed(study_bank: Bank, store: Store, clock: FakeClock) -> None:
    session = drill(study_bank, store, clock, kinds=("mcq",))
    missed = []
    for n in range(4):
        item = session.current
        assert item is not None
        if n % 2:
            session.answer((shown_right(session) + 1) % 4)
            missed.append(item.id)
        else:
            session.answer(shown_right(session))
        clock.advance(5)
        session.next()
    assert session.finished
    summary = session.summary()
    assert (summary.right, summary.total, summary.seconds) == (2, 4, 20)
    assert summary.missed == tuple(missed)
    assert sum(t.total for t in summary.by_tag.values()) == 4
    assert [i.id for i in session.missed_items()] == missed
    # The store now knows which were missed at their last attempt.
    again = select_items(study_bank, store, DrillFilter(missed=True), 3, clock())
    assert sorted(i.id for i in again) == sorted(missed)
    finished = store.conn.execute("SELECT finished_at FROM sessions").fetchone()[0]
    assert finished == clock()


def test_due_filter(study_bank: Bank, store: Store, clock: FakeClock) -> None:
    session = drill(study_bank, store, clock, kinds=("mcq",), count=1)
    session.answer((shown_right(session) + 1) % 4)  # Again: due in a minute
    assert select_items(study_bank, store, DrillFilter(due=True), 1, clock()) == []
    clock.advance(120)
    due = select_items(study_bank, store, DrillFilter(due=True), 1, clock())
    assert [i.id for i in due] == [session.items[0].id]


def test_study_draws_on_exam_packs_unless_others_are_named(
    write_pack: WritePack, tmp_path: Path, store: Store, clock: FakeClock
) -> None:
    from ccaf.study.review import flashcard_queue, shuffled

    write_pack("beyond", pack_yaml=PACK_YAML.replace("id: demo", "id: beyond"), **study_pack())
    write_pack("exam", pack_yaml=EXAM_PACK_YAML.replace("id: demo", "id: exam"), **exam_pack())
    bank = load_bank([tmp_path / "bank"])
    assert bank.errors == [] and bank.study_packs() == ("exam",)
    default = select_items(bank, store, DrillFilter(), 1, clock())
    assert {i.pack for i in default} == {"exam"}
    named = select_items(bank, store, DrillFilter(packs=("beyond",)), 1, clock())
    assert {i.pack for i in named} == {"beyond"}
    assert shuffled(bank, ("selfcheck",), 1) == []  # the exam pack has none
    assert {i.pack for i in shuffled(bank, ("selfcheck",), 1, ("beyond",))} == {"beyond"}
    assert flashcard_queue(bank, store, clock())[0] == []
    # A bank of beyond-the-exam packs alone is studied whole.
    only = load_bank([tmp_path / "bank" / "beyond"])
    assert only.study_packs() == ("beyond",)
    assert len(select_items(only, store, DrillFilter(), 1, clock())) == 6


def test_a_drill_answer_is_committed_before_its_feedback(
    study_bank: Bank, tmp_path: Path, clock: FakeClock
) -> None:
    """A second connection, as a process that survives a crash would open, sees the answer and
    its schedule as soon as the feedback is returned: nothing waits for the next write."""
    path = tmp_path / DB_NAME
    store = Store.open(path)
    session = drill(study_bank, store, clock, kinds=("mcq",))
    item = session.current
    assert item is not None
    wrong = (shown_right(session) + 1) % 4
    feedback = session.answer(wrong)
    assert not feedback.correct
    other = sqlite3.connect(path)
    try:
        attempts = other.execute("SELECT item_id, mode, correct, rating FROM attempts").fetchall()
        assert attempts == [(item.id, "drill", 0, int(Rating.AGAIN))]
        [(scheduled, reviews)] = other.execute("SELECT item_id, reviews FROM schedule").fetchall()
        assert (scheduled, reviews) == (item.id, 1)
    finally:
        other.close()
        store.close()


def test_a_filter_describes_itself_and_is_saved_with_its_session(
    study_bank: Bank, store: Store, clock: FakeClock
) -> None:
    assert DrillFilter().describe() == "everything"
    chosen = DrillFilter(
        packs=("demo", "other"),
        tags=("alpha",),
        tasks=("1.1",),
        domains=(1, 2),
        kinds=("pattern",),
        count=3,
        missed=True,
        due=True,
    )
    assert chosen.describe() == (
        "pack demo, other; tag alpha; task 1.1; domain 1, 2; kind pattern; missed last time; "
        "due now; 3 at most"
    )
    assert DrillFilter(kinds=("mcq", "pattern")).describe() == "everything"
    drill(study_bank, store, clock, seed=9, packs=("demo",), count=2)
    row = store.conn.execute("SELECT mode, seed, filters FROM sessions").fetchone()
    assert row[:2] == ("drill", 9)
    assert json.loads(row[2]) == {
        "packs": ["demo"],
        "tags": [],
        "tasks": [],
        "domains": [],
        "kinds": ["mcq", "pattern"],
        "count": 2,
        "missed": False,
        "due": False,
        "flagged": False,
    }


def test_task_and_domain_filters_take_exam_scope_items_only(
    write_pack: WritePack, store: Store, clock: FakeClock
) -> None:
    exam = write_pack(pack_yaml=EXAM_PACK_YAML, **study_pack())
    beyond = PACK_YAML.replace("id: demo", "id: extra")
    extra = mcq_yaml("x1", "support-agent", task="1.1") + mcq_yaml(
        "x2", "support-agent", task="2.3"
    )
    write_pack("extra", pack_yaml=beyond, **{"a.yaml": extra})
    bank = load_bank([exam.parent])
    assert bank.errors == []

    def ids(**kw: object) -> list[str]:
        chosen = DrillFilter(**kw)  # type: ignore[arg-type]
        return sorted(i.id for i in select_items(bank, store, chosen, 1, clock()))

    everything = ["p1", "p2", "q1", "q2", "q3", "q4", "x1", "x2"]
    assert ids() == everything[:6]  # x1 and x2 are beyond the exam: drawn only when named
    assert ids(tasks=("1.1",)) == everything[:6]  # x1 is 1.1 too, but beyond the exam
    assert ids(tasks=("2.3",)) == []
    assert ids(domains=(1,)) == everything[:6]
    assert ids(domains=(2,)) == []
    assert ids(packs=("extra",), kinds=("mcq",)) == ["x1", "x2"]


def test_letters_for_one_two_and_three_options() -> None:
    assert letters([1]) == "B"
    assert letters({2, 0}) == "A and C"
    assert letters([3, 0, 1]) == "A, B and D"
    assert letters([4, 0, 5, 2]) == "A, C, E and F"


def test_a_pattern_statement_is_drawn_from_the_seed() -> None:
    item = Pattern(
        id="p",
        source="s",
        pack="d",
        path=Path("p.yaml"),
        line=1,
        looks_right="L",
        actually_wrong="W",
        holds="H",
    )
    drawn = {seed: pattern_statement(item, seed) for seed in range(40)}
    assert set(drawn.values()) == {("H", True), ("L", False)}
    import random

    for seed, shown in drawn.items():
        holds = random.Random(f"{seed}:p:holds").random() < 0.5
        assert shown == (("H", True) if holds else ("L", False))


def test_drill_errors_say_what_is_wrong(study_bank: Bank, store: Store, clock: FakeClock) -> None:
    session = drill(study_bank, store, clock, kinds=("pattern",))
    item = session.current
    assert item is not None
    with pytest.raises(
        TypeError, match=rf"^{item.id} is a pattern, not a multiple-choice question$"
    ):
        session.answer(0)
    with pytest.raises(RuntimeError, match=r"^answer the current item first$"):
        session.next()
    mcqs = drill(study_bank, store, clock, kinds=("mcq",))
    mcq = mcqs.current
    assert mcq is not None
    with pytest.raises(TypeError, match=rf"^{mcq.id} is a mcq, not a pattern$"):
        mcqs.judge(True)
    with pytest.raises(TypeError, match=rf"^{mcq.id} is not a pattern to grade yourself on$"):
        mcqs.grade(Rating.GOOD)
    with pytest.raises(ValueError, match=rf"^{mcq.id} has no option E$"):
        mcqs.answer(4)
    with pytest.raises(ValueError, match=rf"^{mcq.id} has no option E$"):
        mcqs.answer([0, 4])
    one = drill(study_bank, store, clock, kinds=("mcq",), count=1)
    one.answer(0)
    one.next()
    with pytest.raises(RuntimeError, match=r"^the drill is over$"):
        one.answer(0)


def test_judged_and_graded_patterns_are_recorded_as_given(
    study_bank: Bank, store: Store, clock: FakeClock
) -> None:
    session = drill(study_bank, store, clock, kinds=("pattern",), tags=("alpha",))
    while session.current is not None:
        item = session.current
        assert isinstance(item, Pattern)
        if item.holds is not None:
            _, true = session.statement(item)
            feedback = session.judge(not true)
            assert (feedback.verdict, feedback.correct, feedback.unsure) == (
                "wrong" if true else "right",
                False,
                False,
            )
            assert feedback.statement_true is true
        else:
            feedback = session.grade(Rating.EASY)
            assert feedback.correct and feedback.rating == Rating.EASY
        session.next()
    p1, p2 = store.attempts("p1")[0], store.attempts("p2")[0]
    assert (p1.rating, p1.correct, p1.session_id) == (int(Rating.AGAIN), False, session.session_id)
    assert p1.choice in ("right", "wrong")
    assert (p2.rating, p2.correct, p2.choice) == (int(Rating.EASY), True, "graded 4")
    again = drill(study_bank, store, clock, kinds=("pattern",), tags=("alpha",))
    while again.current is not None and again.current.id != "p2":
        again.judge(True)
        again.next()
    assert not again.grade(Rating.AGAIN).correct
    summary = again.summary()
    assert summary.by_tag == {"alpha": Score(summary.right, 2)}


def test_summary_of_an_unfinished_drill_and_untagged_items(
    write_pack: WritePack, store: Store, clock: FakeClock
) -> None:
    pack = write_pack(
        pack_yaml=EXAM_PACK_YAML,
        **{
            "a.yaml": mcq_yaml("bare", "support-agent") + mcq_yaml("tagged", "support-agent", ["t"])
        },
    )
    bank = load_bank([pack])
    session = drill(bank, store, clock, seed=2)
    while session.current is not None:
        item = session.current
        assert isinstance(item, MCQ)
        session.answer(session.options(item).index(item.correct_index))
        clock.advance(10)
        if session.position == 0:
            session.next()
        else:
            break  # the last answer given, not moved past: the drill is not over
    summary = session.summary()
    assert not session.finished and session.finished_at is None
    assert summary.by_tag == {"t": Score(1, 1), "untagged": Score(1, 1)}
    assert (summary.right, summary.total, summary.seconds, summary.seed) == (2, 2, 20, 2)
    assert summary.missed == () and summary.percent == 100.0
    assert DrillSummary(0, 0, 0.0, {}, (), 1).percent == 0.0


def test_time_to_answer_is_measured_on_the_timer_not_the_wall_clock(
    study_bank: Bank, store: Store, clock: FakeClock
) -> None:
    timer = FakeClock(0.0)
    chosen = DrillFilter(kinds=("mcq",))
    items = select_items(study_bank, store, chosen, 7, clock())
    session = DrillSession(
        items, store, Spacing(store, fuzz=False), 7, chosen, clock=clock, timer=timer
    )
    clock.advance(-3600)  # the computer's clock is set back an hour while the question shows
    timer.advance(4)
    session.answer(shown_right(session))
    session.next()
    clock.advance(7200)  # and forward two
    timer.advance(9)
    session.answer(shown_right(session))
    assert [a.elapsed_ms for a in store.attempts()] == [4000, 9000]
