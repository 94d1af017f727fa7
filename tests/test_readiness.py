"""Coverage and readiness without a terminal: counts per task statement, standing, the estimate."""

from __future__ import annotations

import math

import pytest

from ccaf.bank.loader import load_bank
from ccaf.bank.model import Bank
from ccaf.store.db import Attempt, Store
from ccaf.study.readiness import MINIMUM_SCENARIO_MCQS, coverage, readiness

from conftest import WritePack
from samples import EXAM_PACK_YAML, PACK_YAML, FakeClock, mcq_yaml, study_pack


def answer(store: Store, item_id: str, correct: bool, at: float) -> None:
    store.record(Attempt(item_id, "drill", at, correct))


def test_coverage_counts_exam_items_by_task_and_kind(
    exam_bank: Bank, store: Store, clock: FakeClock
) -> None:
    standing = coverage(exam_bank, store)
    assert [t.task for t in standing.tasks][:3] == ["1.1", "1.2", "1.3"]
    assert len(standing.tasks) == 30
    by_task = {t.task: t for t in standing.tasks}
    assert by_task["4.3"].items == {"mcq": 1, "pattern": 0, "selfcheck": 0, "card": 0}
    assert by_task["4.3"].domain == 4
    assert by_task["1.2"].total == 0
    assert by_task["1.1"].gaps == [
        "1 mcq (at least 5)",
        "0 pattern (at least 2)",
        "0 selfcheck (at least 1)",
        "0 card (at least 3)",
    ]
    assert standing.scenarios["support-agent"] == 2
    assert standing.scenarios["data-extraction"] == 2
    assert standing.scenarios["claude-code-ci"] == 0
    assert f"scenario claude-code-ci: 0 mcq (at least {MINIMUM_SCENARIO_MCQS})" in standing.gaps
    # Seen and right come from each item's last graded attempt.
    answer(store, "q-two", False, clock())
    answer(store, "q-two", True, clock() + 1)
    answer(store, "q-null", False, clock())
    by_task = {t.task: t for t in coverage(exam_bank, store).tasks}
    assert (by_task["4.3"].seen, by_task["4.3"].right) == (1, 1)
    assert (by_task["5.2"].seen, by_task["5.2"].right) == (1, 0)
    assert (by_task["1.1"].seen, by_task["1.1"].right) == (0, 0)
    json = coverage(exam_bank, store).to_json()
    assert json["tasks"][0] == {
        "task": "1.1",
        "domain": 1,
        "title": "Design and implement agentic loops for autonomous task execution",
        "items": {"mcq": 1, "pattern": 0, "selfcheck": 0, "card": 0},
        "seen": 0,
        "right": 0,
        "gaps": by_task["1.1"].gaps,
    }
    assert set(json) == {"tasks", "scenarios", "gaps"}


def test_beyond_exam_packs_never_count(
    write_pack: WritePack, store: Store, clock: FakeClock
) -> None:
    pack = write_pack(pack_yaml=PACK_YAML, **study_pack())  # scope: beyond, tasks given
    bank = load_bank([pack])
    assert bank.errors == [] and bank.packs["demo"].scope == "beyond"
    answer(store, "q1", True, clock())
    standing = coverage(bank, store)
    assert all(t.total == 0 and t.seen == 0 for t in standing.tasks)
    assert readiness(bank, store).answers == 0


def test_readiness_weights_domains_and_narrows_with_answers(
    exam_bank: Bank, store: Store, clock: FakeClock
) -> None:
    empty = readiness(exam_bank, store)
    assert empty.answers == 0 and empty.weakest == []
    assert empty.estimate == pytest.approx(0.5)
    d1 = empty.domains[0]
    assert (d1.domain, d1.weight, d1.items, d1.seen, d1.accuracy) == (1, 27, 1, 0, None)
    # Each domain alone is Beta(1, 1): variance 1/12, weighted by its squared share.
    weights = [0.27, 0.18, 0.20, 0.20, 0.15]
    assert empty.margin == pytest.approx(2 * math.sqrt(sum(w * w / 12 for w in weights)))

    answer(store, "q-loop", True, clock())  # D1 right
    answer(store, "q-null", False, clock())  # D5 wrong
    after = readiness(exam_bank, store)
    assert after.answers == 2
    # D1 becomes Beta(2, 1) (mean 2/3), D5 Beta(1, 2) (mean 1/3), the rest stay at 1/2.
    expected = 0.27 * 2 / 3 + (0.18 + 0.20 + 0.20) * 0.5 + 0.15 / 3
    assert after.estimate == pytest.approx(expected)
    assert after.margin < empty.margin
    assert [t.task for t in after.weakest] == ["5.2", "1.1"]
    domains = {d.domain: d for d in after.domains}
    assert (domains[1].seen_share, domains[1].accuracy) == (1.0, 1.0)
    assert (domains[5].seen, domains[5].right, domains[5].accuracy) == (1, 0, 0.0)
    json = after.to_json()
    assert json["weakest_tasks"] == ["5.2", "1.1"]
    assert json["estimate"]["answers"] == 2
    assert json["domains"][0]["accuracy"] == 1.0


def test_weakest_tasks_break_ties_by_how_much_was_seen(write_pack: WritePack, store: Store) -> None:
    items = "".join(mcq_yaml(f"a{n}", "support-agent", task="1.1") for n in range(4))
    items += "".join(mcq_yaml(f"b{n}", "support-agent", task="1.2") for n in range(2))
    items += "".join(mcq_yaml(f"c{n}", "support-agent", task="1.3") for n in range(2))
    bank = load_bank([write_pack(pack_yaml=EXAM_PACK_YAML, **{"a.yaml": items})])
    for item_id, right in [("a0", True), ("a1", True), ("a2", False), ("a3", False)]:
        store.record(Attempt(item_id, "drill", 1.0, right))
    for item_id, right in [("b0", True), ("b1", False), ("c0", True)]:
        store.record(Attempt(item_id, "drill", 1.0, right))
    standing = {t.task: t for t in coverage(bank, store).tasks}
    assert (standing["1.1"].seen, standing["1.1"].right) == (4, 2)
    assert (standing["1.2"].seen, standing["1.2"].right) == (2, 1)
    assert standing["1.1"].smoothed == standing["1.2"].smoothed == 0.5
    # Equal smoothed accuracy: the task with more answers behind it is the surer weakness.
    assert [t.task for t in readiness(bank, store).weakest] == ["1.1", "1.2", "1.3"]
