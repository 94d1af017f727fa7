"""Progress figures: Home's overview and the Stats screen's numbers."""

from __future__ import annotations

from datetime import datetime, timedelta

from ccaf.bank.loader import load_bank
from ccaf.bank.model import Bank
from ccaf.store.db import Attempt, Store
from ccaf.store.exams import ExamStore
from ccaf.study.score import Score
from ccaf.study.spacing import Rating, Spacing
from ccaf.study.stats import compute, item_text, last_exam_by_pack, pack_overview

from conftest import WritePack
from samples import EXAM_PACK_YAML, FakeClock, mcq_yaml


def answer(store: Store, spacing: Spacing, item_id: str, correct: bool, at: float) -> None:
    rating = Rating.GOOD if correct else Rating.AGAIN
    store.record(
        Attempt(item_id, "drill", at, correct, int(rating)), spacing.review(item_id, rating, at)
    )


def test_overview_and_stats(study_bank: Bank, store: Store, clock: FakeClock) -> None:
    spacing = Spacing(store, fuzz=False)
    yesterday = clock() - 86_400
    answer(store, spacing, "q1", False, yesterday)
    answer(store, spacing, "q1", True, clock())
    answer(store, spacing, "q2", False, clock())
    answer(store, spacing, "q2", False, clock())
    answer(store, spacing, "p1", True, clock())
    store.record(Attempt("gone", "drill", clock(), False))  # an item no longer in the bank

    [row] = pack_overview(study_bank, store, clock())
    assert (row.pack, row.total, row.mastered) == ("demo", 11, 2)
    assert row.counts == {"mcq": 4, "pattern": 2, "selfcheck": 2, "card": 3}
    assert row.due_now == 0
    clock.advance(61)  # Again is due a minute later; Good on a new item ten minutes later
    assert pack_overview(study_bank, store, clock())[0].due_now == 1

    stats = compute(study_bank, store, clock())
    assert stats.total_answers == 6
    assert stats.overall == Score(2, 6)
    assert stats.by_pack["demo"].total == 5 and stats.by_pack["(removed)"].total == 1
    assert stats.by_tag["beta"] == Score(0, 2)
    assert stats.by_tag["alpha"].right == 2
    assert [m.item_id for m in stats.most_missed] == ["q2", "q1"]  # removed items left out
    assert stats.most_missed[0].text == "Question 2?"
    today = datetime.fromtimestamp(clock()).date()
    assert stats.per_day[-1] == (today, 5)
    assert stats.per_day[-2] == (today - timedelta(days=1), 1)
    assert len(stats.per_day) == 30
    assert stats.due_now == 1 and len(stats.due_next) == 14
    assert sum(n for _, n in stats.due_next) == 3  # q1, q2 and p1 are scheduled

    data = stats.to_json()
    assert data["total_answers"] == 6
    assert data["accuracy_by_pack"]["demo"] == {"answers": 5, "correct": 2, "accuracy": 40.0}
    assert data["due_cards"]["now"] == 1
    assert data["exams_taken"] == 0


def test_empty_store(study_bank: Bank, store: Store, clock: FakeClock) -> None:
    stats = compute(study_bank, store, clock())
    assert stats.total_answers == 0 and stats.overall.percent_if_any is None
    assert stats.most_missed == [] and sum(n for _, n in stats.per_day) == 0


def test_exams_in_stats_and_home(study_bank: Bank, store: Store, clock: FakeClock) -> None:
    from ccaf.study.exam import ExamSession, plan_exam

    session = ExamSession.start(store, study_bank, plan_exam(study_bank, seed=1), clock, clock)
    session.open()
    item = session.current
    assert item is not None
    session.choose(session.order(0).index(item.correct_index))
    session.submit(Spacing(store, fuzz=False))
    [row] = pack_overview(study_bank, store, clock())
    assert row.last_exam_percent == 25.0
    stats = compute(study_bank, store, clock())
    assert stats.exams_taken == 1
    data = stats.to_json()
    assert data["exams"][0]["correct"] == 1 and data["exams"][0]["scaled_estimate"] == 325


def test_the_full_stats_json(study_bank: Bank, store: Store, clock: FakeClock) -> None:
    """Every field of `ccaf stats --json`, by value: accuracy by pack and tag, answers per day,
    what falls due, the items missed most, readiness and past exams."""
    spacing = Spacing(store, fuzz=False)
    answer(store, spacing, "q1", False, clock() - 86_400)  # tag alpha, yesterday
    answer(store, spacing, "q1", True, clock())
    answer(store, spacing, "q2", False, clock())  # tag beta
    answer(store, spacing, "q2", False, clock())
    answer(store, spacing, "p1", True, clock())  # tag alpha
    store.record(Attempt("gone", "drill", clock(), False))  # no longer in the bank
    from ccaf.study.exam import ExamSession, plan_exam

    exam = ExamSession.start(store, study_bank, plan_exam(study_bank, seed=1), clock)
    exam.open()
    item = exam.current
    assert item is not None and item.id == "q4"  # tag beta: answered right
    exam.choose(exam.order(0).index(item.correct_index))
    clock.advance(90)  # q2, rated Again, is due a minute after its answer
    exam.submit(spacing)

    today = datetime.fromtimestamp(clock()).date()
    assert today.isoformat() == "2026-11-18"
    per_day = {today - timedelta(days=1): 1, today: 6}
    days = [today - timedelta(days=29 - n) for n in range(30)]
    unknown = {"items": 0, "seen": 0, "right": 0, "seen_share": None, "accuracy": None}
    domains = [
        {"domain": 1, "title": "Agentic Architecture & Orchestration", "weight": 27}
        | {"items": 11, "seen": 4, "right": 3, "seen_share": 0.364, "accuracy": 0.75},
        {"domain": 2, "title": "Tool Design & MCP Integration", "weight": 18} | unknown,
        {"domain": 3, "title": "Claude Code Configuration & Workflows", "weight": 20} | unknown,
        {"domain": 4, "title": "Prompt Engineering & Structured Output", "weight": 20} | unknown,
        {"domain": 5, "title": "Context Management & Reliability", "weight": 15} | unknown,
    ]
    assert compute(study_bank, store, clock()).to_json() == {
        "total_answers": 7,
        "accuracy": {"answers": 7, "correct": 3, "accuracy": 42.9},
        "accuracy_by_pack": {
            "(removed)": {"answers": 1, "correct": 0, "accuracy": 0.0},
            "demo": {"answers": 6, "correct": 3, "accuracy": 50.0},
        },
        "accuracy_by_tag": {
            "alpha": {"answers": 3, "correct": 2, "accuracy": 66.7},
            "beta": {"answers": 3, "correct": 1, "accuracy": 33.3},
        },
        "answers_per_day": [{"date": d.isoformat(), "answers": per_day.get(d, 0)} for d in days],
        "due_cards": {
            "now": 1,
            "next_days": [
                {"date": (today + timedelta(days=n)).isoformat(), "due": 4 if n == 0 else 0}
                for n in range(14)
            ],
        },
        "most_missed": [
            {"item_id": "q2", "pack": "demo", "wrong": 2, "answers": 2, "text": "Question 2?"},
            {"item_id": "q1", "pack": "demo", "wrong": 1, "answers": 2, "text": "Question 1?"},
        ],
        "readiness": {
            "domains": domains,
            "estimate": {
                # 27% at (3 + 1) / (4 + 2), the other 73% at one half.
                "share_right": 0.545,
                "plus_minus": 0.233,
                "answers": 4,
                "note": "an estimate: domain accuracies weighted by the exam's domain weights, "
                "each smoothed towards 50%; plus_minus is two standard deviations",
            },
            "weakest_tasks": ["1.1"],
        },
        "exams_taken": 1,
        "exams": [
            {
                "submitted_at": "2026-11-18T11:08:10",
                "correct": 1,
                "total": 4,
                "percent": 25.0,
                "scaled_estimate": 325,
            }
        ],
        "plan": None,
    }


def test_item_text_pack_rows_and_the_latest_exam_per_pack(
    study_bank: Bank, store: Store, clock: FakeClock
) -> None:
    items = study_bank.items
    assert [item_text(items[i]) for i in ("q1", "p1", "s1", "c1")] == [
        "Question 1?",
        "Plausible 1.",
        "Ask 1?",
        "Front 1",
    ]
    spacing = Spacing(store, fuzz=False)
    answer(store, spacing, "c1", True, clock())
    due = store.due_times()["c1"]
    [row] = pack_overview(study_bank, store, due)  # due exactly then: due now
    assert (row.title, row.concept, row.scope, row.due_now) == ("Demo pack", "D1.1", "exam", 1)
    assert (row.mastered, row.total, row.last_exam_percent) == (1, 11, None)
    assert row.mastery == 100 / 11
    exams = ExamStore(store)
    for n, (right, total) in enumerate([(3, 4), (1, 4), (0, 0)]):
        exam = exams.create(clock(), 1, 60.0, ["q1"], [])
        result = {"by_pack": {"demo": {"right": right, "total": total}}}
        exams.submit(exam, clock() + n, 1.0, False, right, total, result, [])
    # The latest exam had no question from the pack: the one before it counts.
    assert last_exam_by_pack(store) == {"demo": 25.0}


def test_the_ten_items_missed_most(write_pack: WritePack, store: Store, clock: FakeClock) -> None:
    items = "".join(mcq_yaml(f"m{n:02}", "support-agent") for n in range(12))
    bank = load_bank([write_pack(pack_yaml=EXAM_PACK_YAML, **{"a.yaml": items})])
    for n in range(12):
        for _ in range(n % 3 + 1):
            store.record(Attempt(f"m{n:02}", "drill", clock(), False, 1))
        store.record(Attempt(f"m{n:02}", "drill", clock(), n % 2 == 0, 1))
    missed = compute(bank, store, clock()).most_missed
    # Most wrong first; at equal counts the larger share wrong, then the id.
    assert [(m.item_id, m.wrong, m.answers) for m in missed] == [
        ("m05", 4, 4),
        ("m11", 4, 4),
        ("m01", 3, 3),
        ("m07", 3, 3),
        ("m02", 3, 4),
        ("m08", 3, 4),
        ("m03", 2, 2),
        ("m09", 2, 2),
        ("m04", 2, 3),
        ("m10", 2, 3),
    ]  # ten: m00 and m06 (one wrong each) are left out
