"""Browse, flags and suspension without a terminal: the search, the marks, and every queue that
a suspended item leaves."""

from __future__ import annotations

import pytest

from ccaf.bank.model import Bank
from ccaf.store.db import Attempt, Store
from ccaf.store.marks import MarkStore
from ccaf.study.browse import (
    Browser,
    QueryError,
    answer_shown,
    parse_query,
    study_selection,
)
from ccaf.study.drill import DrillFilter, select_items
from ccaf.study.exam import exam_pool, plan_exam
from ccaf.study.readiness import readiness
from ccaf.study.review import flashcard_queue, selfcheck_queue, shuffled
from ccaf.study.spacing import Rating, Spacing
from ccaf.study.stats import compute, missed_most_to_drill, pack_overview

from samples import FakeClock


def ids(entries: list) -> list[str]:  # type: ignore[type-arg]
    return [e.item.id for e in entries]


def answer(store: Store, item_id: str, correct: bool, at: float) -> None:
    store.record(Attempt(item_id, "drill", at, correct))


def test_words_search_every_text_of_an_item_in_any_case(study_bank: Bank, store: Store) -> None:
    browser = Browser(study_bank, store)
    assert len(browser.search("")) == len(study_bank.items) == 11
    assert ids(browser.search("question 3")) == ["q3"]  # both words, anywhere in the item
    assert ids(browser.search("WRONG BECAUSE 2b")) == ["q2"]  # a rationale
    assert ids(browser.search("why not 2")) == ["p2"]  # a pattern's actually_wrong
    assert ids(browser.search("back 3")) == ["c3"]
    assert ids(browser.search("answer 2.")) == ["s2"]
    assert browser.search("nothing-like-this") == []


def test_fields_narrow_and_repeat_as_either(study_bank: Bank, store: Store) -> None:
    browser = Browser(study_bank, store)
    assert ids(browser.search("kind:card")) == ["c1", "c2", "c3"]
    assert ids(browser.search("kind:card kind:selfcheck")) == ["c1", "c2", "c3", "s1", "s2"]
    assert ids(browser.search("tag:beta")) == ["q2", "q4"]
    assert ids(browser.search("tag:alpha kind:pattern")) == ["p1", "p2"]
    assert len(browser.search("pack:de task:1.1 domain:1")) == 11  # a pack by its id's start
    assert browser.search("pack:other") == []
    assert browser.search("task:2.1") == []
    assert browser.search("domain:3") == []


@pytest.mark.parametrize(
    ("query", "says"),
    [
        ("colour:red", "no field 'colour'"),
        ("kind:essay", "kind:essay: one of mcq, pattern, selfcheck, card"),
        ("is:done", "is:done: one of missed, flagged, suspended"),
        ("domain:two", "a domain is a number"),
        ("tag:", "say what tag to look for"),
    ],
)
def test_a_search_that_cannot_be_read_says_which_word(query: str, says: str) -> None:
    with pytest.raises(QueryError, match=says):
        parse_query(query)


def test_missed_flagged_and_suspended(study_bank: Bank, store: Store, clock: FakeClock) -> None:
    answer(store, "q1", False, clock())
    answer(store, "q2", False, clock())
    answer(store, "q2", True, clock() + 1)  # right at its last attempt: not missed
    browser = Browser(study_bank, store)
    assert ids(browser.search("is:missed")) == ["q1"]
    entry = browser.entries["q2"]
    assert (entry.attempts, entry.wrong, entry.last) == (2, 1, True)

    assert browser.toggle_flag("q3", clock()) is True
    assert browser.toggle_suspend("c1", clock()) is True
    assert ids(browser.search("is:flagged")) == ["q3"]
    assert ids(browser.search("is:suspended")) == ["c1"]
    # Marks are saved, and read back by a new browser.
    again = Browser(study_bank, store)
    assert ids(again.search("is:flagged")) == ["q3"]
    assert MarkStore(store).all().suspended == {"c1"}
    assert again.toggle_flag("q3", clock()) is False
    assert again.toggle_suspend("c1", clock()) is False
    assert MarkStore(store).all().flagged == frozenset()
    assert MarkStore(store).suspended() == frozenset()


def test_history_lists_every_answer(study_bank: Bank, store: Store, clock: FakeClock) -> None:
    answer(store, "q1", False, clock())
    answer(store, "q1", True, clock() + 60)
    history = Browser(study_bank, store).history("q1")
    assert [(a.correct, a.answered_at) for a in history] == [(False, clock()), (True, clock() + 60)]


def test_answers_are_shown_as_letters_of_the_written_order(study_bank: Bank) -> None:
    mcq, card = study_bank.items["q1"], study_bank.items["c1"]
    assert answer_shown(mcq, "1") == "B"
    assert answer_shown(mcq, "0,2") == "A and C"
    assert answer_shown(mcq, "9") == "9"  # not an option of this item: shown as recorded
    assert answer_shown(card, "good") == "good"
    assert answer_shown(card, None) == ""


def test_studying_a_selection_drills_its_questions_else_reviews_its_cards(
    study_bank: Bank, store: Store, clock: FakeClock
) -> None:
    browser = Browser(study_bank, store)
    browser.toggle_suspend("q2", clock())
    study = study_selection(browser.search("tag:beta kind:mcq kind:card"))
    assert (study.mode, study.item_ids) == ("drill", ("q4",))
    study = study_selection(browser.search("kind:card kind:selfcheck"))
    assert (study.mode, study.item_ids) == ("cards", ("c1", "c2", "c3", "s1", "s2"))
    assert study_selection(browser.search("is:suspended")).mode == "none"


def test_a_suspended_item_leaves_every_queue_and_exam(
    study_bank: Bank, exam_bank: Bank, store: Store, clock: FakeClock
) -> None:
    now = clock()
    spacing = Spacing(store, fuzz=False)
    for item_id in ("c1", "q1", "s1"):
        store.record(
            Attempt(item_id, "drill", now - 86400 * 30, False),
            spacing.review(item_id, Rating.AGAIN, now - 86400 * 30),
        )
    before = compute(study_bank, store, now)
    marks = MarkStore(store)
    for item_id in ("q1", "c1", "s2", "p1", "q-loop"):
        marks.set_suspended(item_id, True, now)
    suspended = marks.suspended()

    drilled = select_items(study_bank, store, DrillFilter(), seed=3, now=now)
    assert {i.id for i in drilled} == {"q2", "q3", "q4", "p2"}
    due = select_items(study_bank, store, DrillFilter(due=True), seed=3, now=now)
    assert due == []  # q1 was due, but is suspended
    queue, due_count = flashcard_queue(study_bank, store, now, new_limit=20)
    assert [i.id for i in queue] == ["c2", "c3"] and due_count == 0  # c1 was due
    quiz = selfcheck_queue(study_bank, store, now, seed=5, new_limit=20)
    assert [i.id for i in quiz] == ["s1"]  # due; s2, new, is suspended
    crammed = shuffled(study_bank, ("card", "selfcheck"), 5, exclude=suspended)
    assert {i.id for i in crammed} == {"c2", "c3", "s1"}
    assert "q-loop" not in {i.id for i in exam_pool(exam_bank, exclude=suspended)}
    assert "q-loop" not in {i.id for i in plan_exam(exam_bank, 1, exclude=suspended).items}

    after = compute(study_bank, store, now)
    assert before.due_now == 3 and after.due_now == 1  # only s1 is still due
    assert sum(n for _, n in after.due_next) == 1
    assert pack_overview(study_bank, store, now)[0].due_now == 1
    shown = readiness(study_bank, store).domains[0]
    assert (shown.items, shown.seen) == (len(study_bank.items) - 4, 1)  # s1: seen, not suspended

    marks.set_suspended("q1", False, now)  # unsuspended: back in the queues
    assert "q1" in {i.id for i in select_items(study_bank, store, DrillFilter(), 3, now)}


def test_drill_only_the_flagged(study_bank: Bank, store: Store, clock: FakeClock) -> None:
    MarkStore(store).set_flagged("q3", True, clock())
    MarkStore(store).set_flagged("c1", True, clock())  # a card: not drilled
    filters = DrillFilter(flagged=True)
    assert [i.id for i in select_items(study_bank, store, filters, 1, clock())] == ["q3"]
    assert filters.describe() == "flagged"
    assert filters.to_dict()["flagged"] is True


def test_what_stats_drills_is_the_questions_missed_most(
    study_bank: Bank, store: Store, clock: FakeClock
) -> None:
    # q2: 2 wrong of 2; q1: 2 wrong of 4; p1: 1 of 1; c1 (a card): 3; q3: right only; p2: out.
    for item_id, results in {
        "q1": [False, True, False, True],
        "q2": [False, False],
        "p1": [False],
        "c1": [False, False, False],
        "q3": [True],
        "p2": [False, False, False],
        "gone": [False, False, False, False],  # no longer in the bank
    }.items():
        for n, correct in enumerate(results):
            answer(store, item_id, correct, clock() + n)
    MarkStore(store).set_suspended("p2", True, clock())
    assert missed_most_to_drill(study_bank, store) == ["q2", "q1", "p1"]
    # Stats' own table keeps every kind, most wrong first, then the highest share wrong.
    shown = [
        (m.item_id, m.wrong, m.answers) for m in compute(study_bank, store, clock()).most_missed
    ]
    assert shown == [("c1", 3, 3), ("p2", 3, 3), ("q2", 2, 2), ("q1", 2, 4), ("p1", 1, 1)]
