"""The exam engine without a terminal: drawing, timing, flags, resume, scoring."""

from __future__ import annotations

import itertools
from collections import Counter
from pathlib import Path

import pytest

from ccaf.bank.blueprint import load_blueprint
from ccaf.bank.loader import load_bank
from ccaf.bank.model import Bank
from ccaf.store.db import DB_NAME, Store
from ccaf.store.exams import ExamStore
from ccaf.study.exam import (
    PASS_SCALED,
    ExamResult,
    ExamSession,
    domain_label,
    domain_number,
    plan_exam,
    scaled_estimate,
)
from ccaf.study.score import Score
from ccaf.study.spacing import Spacing

from conftest import WritePack
from samples import EXAM_PACK_YAML, PACK_YAML, FakeClock, exam_pack, mcq_yaml, study_pack

SCENARIOS = list(load_blueprint().scenarios)


def write_domain_pack(root: Path, pack_id: str, domain: int, count: int) -> None:
    pack = root / pack_id
    pack.mkdir(parents=True)
    (pack / "pack.yaml").write_text(
        f"id: {pack_id}\nconcept: D{domain}.1\ntitle: {pack_id}\ndomain: {domain}\n"
    )
    items = "".join(
        mcq_yaml(f"{pack_id}-q{n}", SCENARIOS[n % len(SCENARIOS)], [f"t{n % 3}"], f"{domain}.1")
        for n in range(count)
    )
    (pack / "mcq.yaml").write_text(items)


@pytest.fixture
def big_bank(tmp_path: Path) -> Bank:
    """Five packs, one per domain, 40 questions each over all six scenarios."""
    for domain in range(1, 6):
        write_domain_pack(tmp_path / "bank", f"d{domain}", domain, 40)
    bank = load_bank([tmp_path / "bank"])
    assert bank.errors == []
    return bank


def right_shown(session: ExamSession) -> int:
    item = session.current
    assert item is not None
    return session.order(session.position).index(item.correct_index)


def test_same_seed_same_exam(big_bank: Bank) -> None:
    first = plan_exam(big_bank, seed=4)
    again = plan_exam(big_bank, seed=4)
    other = plan_exam(big_bank, seed=5)
    assert [i.id for i in first.items] == [i.id for i in again.items]
    assert [i.id for i in first.items] != [i.id for i in other.items]
    assert len(first.items) == 60 and first.time_limit == 120 * 60
    assert len({i.id for i in first.items}) == 60


def test_domain_weights_are_respected(big_bank: Bank) -> None:
    plan = plan_exam(big_bank, seed=1)
    per_domain = Counter(big_bank.packs[i.pack].domain for i in plan.items)
    # 27 / 18 / 20 / 20 / 15 per cent of 60.
    assert per_domain == {1: 16, 2: 11, 3: 12, 4: 12, 5: 9}


def test_a_domain_short_of_questions_gives_its_share_to_the_others(tmp_path: Path) -> None:
    write_domain_pack(tmp_path / "bank", "d1", 1, 40)
    write_domain_pack(tmp_path / "bank", "d5", 5, 3)
    bank = load_bank([tmp_path / "bank"])
    plan = plan_exam(bank, seed=2, count=20)
    per_domain = Counter(bank.packs[i.pack].domain for i in plan.items)
    assert per_domain == {1: 17, 5: 3}


def test_grouped_by_scenario_four_scenarios_a_sitting(big_bank: Bank) -> None:
    plan = plan_exam(big_bank, seed=3)
    scenarios = [i.scenario for i in plan.items]
    blocks = [s for n, s in enumerate(scenarios) if n == 0 or scenarios[n - 1] != s]
    assert len(blocks) == len(set(blocks))  # each scenario in one block
    assert len(set(scenarios)) == 4  # enough questions: the sitting's four scenarios only


def test_small_bank_gives_all_questions_two_minutes_each(study_bank: Bank) -> None:
    plan = plan_exam(study_bank, seed=1)
    assert len(plan.items) == 4 and plan.time_limit == 4 * 2 * 60
    assert plan_exam(study_bank, seed=1, count=2, minutes=10).time_limit == 600
    with pytest.raises(ValueError, match="no pack 'nope'"):
        plan_exam(study_bank, seed=1, packs=["nope"])


def test_answers_flags_and_time_are_saved_as_they_happen(
    study_bank: Bank, store: Store, clock: FakeClock
) -> None:
    session = ExamSession.start(store, study_bank, plan_exam(study_bank, seed=9), clock, clock)
    session.open()
    clock.advance(30)
    session.choose(2)
    session.toggle_flag()
    session.next()
    clock.advance(15)
    session.choose(0)
    session.choose(1)  # changed before submitting
    record = ExamStore(store).get(session.id)
    assert record.answers == {0: {session.order(0)[2]}, 1: {session.order(1)[1]}}
    assert record.flagged == {0}
    assert record.time_used == 45
    assert session.unanswered() == [2, 3] and session.flagged() == [0]


def test_resume_restores_answers_flags_and_time_left(
    study_bank: Bank, tmp_path: Path, clock: FakeClock
) -> None:
    path = tmp_path / DB_NAME
    store = Store.open(path)
    session = ExamSession.start(store, study_bank, plan_exam(study_bank, seed=9), clock, clock)
    session.open()
    clock.advance(100)
    session.choose(1)
    session.goto(2)
    session.toggle_flag()
    clock.advance(20)
    session.pause()  # the screen was left
    clock.advance(3600)  # time off screen does not count
    store.close()

    store = Store.open(path)
    resumed = ExamSession.resume(store, study_bank, clock, clock)
    assert resumed is not None and resumed.id == session.id
    assert resumed.answers == session.answers and resumed.flags == {2}
    assert resumed.time_left == 480 - 120
    resumed.open()
    clock.advance(10)
    assert resumed.time_left == 480 - 130


def test_warning_and_expiry(study_bank: Bank, store: Store, clock: FakeClock) -> None:
    session = ExamSession.start(store, study_bank, plan_exam(study_bank, seed=1), clock, clock)
    session.open()
    assert not session.warning
    clock.advance(480 - 300)
    assert session.warning and not session.expired
    clock.advance(300)
    assert session.expired and session.time_left == 0
    result = session.submit(Spacing(store, fuzz=False), auto=True)
    assert result.auto_submitted and result.time_used == 480
    assert ExamStore(store).running() is None
    with pytest.raises(RuntimeError, match="submitted"):
        session.choose(0)


def test_scoring_and_attempts(study_bank: Bank, store: Store, clock: FakeClock) -> None:
    session = ExamSession.start(store, study_bank, plan_exam(study_bank, seed=1), clock, clock)
    session.open()
    session.choose(right_shown(session))
    session.next()
    session.choose((right_shown(session) + 1) % 4)
    session.next()
    session.choose(right_shown(session))
    clock.advance(200)
    result = session.submit(Spacing(store, fuzz=False))
    assert (result.correct, result.total, result.answered) == (2, 4, 3)
    assert result.percent == 50.0 and result.scaled == 550 and not result.passed
    assert sum(s.total for s in result.by_scenario.values()) == 4
    assert result.by_domain == {1: result.by_domain[1]} and result.by_domain[1].right == 2
    assert result.by_pack["demo"].total == 4
    attempts = store.attempts(mode="exam")
    assert len(attempts) == 3  # unanswered questions are not attempts
    assert sorted(a.correct for a in attempts if a.correct is not None) == [False, True, True]
    assert len(store.due_times()) == 3
    reviews = session.review()
    assert [r.correct for r in reviews] == [True, False, True, False]
    assert reviews[3].chosen == frozenset()
    assert result.by_task == {"1.1": result.by_domain[1]}
    assert [i.id for i in session.missed()] == [reviews[1].item.id, reviews[3].item.id]
    [record] = ExamStore(store).history()
    assert record.correct == 2 and record.result is not None
    assert record.result["scaled_estimate"] == 550


def test_scaled_estimate() -> None:
    assert scaled_estimate(0, 60) == 100
    assert scaled_estimate(60, 60) == 1000
    assert scaled_estimate(42, 60) == 730 and scaled_estimate(42, 60) >= PASS_SCALED
    assert scaled_estimate(41, 60) == 715


def test_item_removed_from_the_bank_scores_as_wrong(
    study_bank: Bank, store: Store, clock: FakeClock
) -> None:
    session = ExamSession.start(store, study_bank, plan_exam(study_bank, seed=1), clock, clock)
    gone = session.question_ids[0]
    del study_bank.items[gone]
    resumed = ExamSession.resume(store, study_bank, clock, clock)
    assert resumed is not None and resumed.items[0] is None
    result = resumed.submit(Spacing(store, fuzz=False))
    assert result.total == 4 and result.correct == 0


def test_multiple_response_in_an_exam(exam_bank: Bank, store: Store, clock: FakeClock) -> None:
    session = ExamSession.start(store, exam_bank, plan_exam(exam_bank, seed=4), clock)
    position = next(p for p, i in enumerate(session.items) if i is not None and i.choose == 2)
    session.goto(position)
    item = session.current
    assert item is not None
    order = session.order(position)
    keys = [order.index(w) for w in sorted(item.correct_indexes)]
    wrong = next(i for i in range(5) if i not in keys)
    session.choose(keys[0])
    assert not session.is_answered(position) and position in session.unanswered()
    session.choose(wrong)
    assert session.is_answered(position)
    with pytest.raises(ValueError, match="choose 2"):
        session.choose(keys[1])
    session.choose(wrong)  # toggles it off
    session.choose(keys[1])
    record = ExamStore(store).get(session.id)
    assert record.answers[position] == item.correct_indexes
    assert session.chosen(position) == frozenset(keys)
    result = session.submit(Spacing(store, fuzz=False))
    [review] = [r for r in session.review() if r.position == position]
    assert review.correct and review.right == frozenset(keys)
    assert result.by_task["4.3"].right == 1
    [attempt] = store.attempts(item_id=item.id)
    assert attempt.choice == ",".join(str(w) for w in sorted(item.correct_indexes))


def test_scenario_groups_and_the_mock_label(
    exam_bank: Bank, study_bank: Bank, store: Store, clock: FakeClock
) -> None:
    plan = plan_exam(exam_bank, seed=2)
    assert plan.mock and sorted(plan.scenarios) == ["data-extraction", "support-agent"]
    session = ExamSession.start(store, exam_bank, plan, clock)
    scenarios = [item.scenario if item else None for item in session.items]
    groups = [scenario for scenario, _ in itertools.groupby(scenarios)]
    # Each scenario's questions stand together: one group a scenario.
    assert len(groups) == 2 and set(groups) == set(plan.scenarios)
    scenario = session.scenario(0)
    assert scenario is not None and scenario.id == plan.items[0].scenario
    assert "refund" in scenario.description or "invoices" in scenario.description


def test_beyond_packs_enter_only_when_named(write_pack: WritePack, tmp_path: Path) -> None:
    write_pack("beyond", pack_yaml=PACK_YAML.replace("id: demo", "id: beyond"), **study_pack())
    write_pack("exam", pack_yaml=EXAM_PACK_YAML.replace("id: demo", "id: exam"), **exam_pack())
    bank = load_bank([tmp_path / "bank"])
    assert bank.errors == []
    drawn = plan_exam(bank, seed=1)
    assert {i.pack for i in drawn.items} == {"exam"} and drawn.mock
    named = plan_exam(bank, seed=1, packs=["beyond"])
    assert {i.pack for i in named.items} == {"beyond"} and not named.mock
    with pytest.raises(ValueError, match="no exam-scope packs"):
        plan_exam(load_bank([tmp_path / "bank" / "beyond"]), seed=1)


def test_the_draw_meets_the_weights_from_four_scenarios(tmp_path: Path) -> None:
    # Forty questions a domain, over all six scenarios.
    for domain in range(1, 6):
        write_domain_pack(tmp_path / "bank", f"d{domain}", domain, 40)
    bank = load_bank([tmp_path / "bank"])
    quotas = {1: 16, 2: 11, 3: 12, 4: 12, 5: 9}
    seen: Counter[str] = Counter()
    for seed in range(60):
        plan = plan_exam(bank, seed)
        assert len(plan.items) == 60 and len(plan.scenarios) == 4
        assert {i.scenario for i in plan.items} == set(plan.scenarios)
        counts = Counter(bank.domain_of(i) for i in plan.items)
        assert all(abs(counts[d] - q) <= 2 for d, q in quotas.items()), counts
        seen.update(plan.scenarios)
    assert len(seen) == 6  # every scenario comes up


def test_moving_and_choosing_out_of_range_say_where(
    study_bank: Bank, store: Store, clock: FakeClock
) -> None:
    session = ExamSession.start(store, study_bank, plan_exam(study_bank, seed=1), clock)
    session.goto(2)
    with pytest.raises(ValueError, match=r"^question 3 has no option 5$"):
        session.choose(4)
    with pytest.raises(ValueError, match=r"^question 3 has no option 0$"):
        session.choose(-1)
    with pytest.raises(IndexError, match=r"^there is no question 5$"):
        session.goto(4)
    with pytest.raises(IndexError, match=r"^there is no question 0$"):
        session.goto(-1)
    session.goto(0)
    session.previous()
    assert session.position == 0  # the first question stays first
    session.goto(3)
    session.next()
    assert session.position == 3  # and the last stays last
    session.previous()
    assert session.position == 2
    session.choose(1)
    session.clear()
    assert session.answers == {} and ExamStore(store).get(session.id).answers == {}
    session.submit(Spacing(store, fuzz=False))
    for act in (lambda: session.choose(0), session.clear, session.toggle_flag):
        with pytest.raises(RuntimeError, match=r"^the exam has been submitted$"):
            act()


def test_a_submitted_exam_reopens_with_its_result(
    study_bank: Bank, store: Store, clock: FakeClock
) -> None:
    session = ExamSession.start(store, study_bank, plan_exam(study_bank, seed=1), clock, clock)
    session.open()
    session.choose(right_shown(session))
    session.toggle_flag()
    clock.advance(30)
    result = session.submit(Spacing(store, fuzz=False))
    assert not result.auto_submitted
    reopened = ExamSession(store, study_bank, ExamStore(store).get(session.id), clock, clock)
    assert reopened.result == result and reopened.seed == 1
    assert reopened.time_used == 30 and reopened.answers == session.answers
    reopened.open()
    clock.advance(100)
    reopened.pause()  # a submitted exam's time is not saved again
    assert ExamStore(store).get(session.id).time_used == 30
    assert [r.flagged for r in reopened.review()] == [True, False, False, False]
    assert [r.order for r in reopened.review()] == [reopened.order(p) for p in range(4)]
    assert ExamSession.resume(store, study_bank, clock) is None  # nothing running


def test_result_json_round_trip() -> None:
    result = ExamResult(
        correct=3,
        total=8,
        answered=7,
        time_used=61.5,
        auto_submitted=True,
        by_domain={1: Score(2, 5), 2: Score(1, 3)},
        by_scenario={"support-agent": Score(3, 8)},
        by_tag={"untagged": Score(3, 8)},
        by_pack={"demo": Score(3, 8)},
        by_task={"1.1": Score(2, 5), "2.3": Score(1, 3)},
    )
    data = result.to_json()
    assert data == {
        "correct": 3,
        "total": 8,
        "answered": 7,
        "time_used": 61.5,
        "auto_submitted": True,
        "by_domain": {"D1": {"right": 2, "total": 5}, "D2": {"right": 1, "total": 3}},
        "by_scenario": {"support-agent": {"right": 3, "total": 8}},
        "by_tag": {"untagged": {"right": 3, "total": 8}},
        "by_pack": {"demo": {"right": 3, "total": 8}},
        "by_task": {"1.1": {"right": 2, "total": 5}, "2.3": {"right": 1, "total": 3}},
        "percent": 37.5,
        "scaled_estimate": 438,
    }
    assert ExamResult.from_json(data) == result
    assert ExamResult(1, 3, 3, 0.0, False).to_json()["percent"] == 33.3
    assert ExamResult(0, 0, 0, 0.0, False).percent == 0.0 and Score(0, 0).percent == 0.0
    assert Score(1, 4).percent == 25.0 and scaled_estimate(0, 0) == 100


def test_domains_are_numbers_inside_and_labels_outside() -> None:
    assert [domain_label(n) for n in (1, 5, 12)] == ["D1", "D5", "D12"]
    assert [domain_number(label) for label in ("D1", "D5", "D12")] == [1, 5, 12]
    for bad in ("1", "D", "Dx", "d1", "D-1", ""):
        with pytest.raises(ValueError, match="is not a domain"):
            domain_number(bad)


def test_untagged_and_scenario_less_questions_are_scored_under_their_own_names(
    write_pack: WritePack, store: Store, clock: FakeClock
) -> None:
    bare = mcq_yaml("bare", "support-agent", task="2.3").replace("  scenario: support-agent\n", "")
    pack = write_pack(
        pack_yaml=EXAM_PACK_YAML, **{"a.yaml": bare + mcq_yaml("tagged", "data-extraction", ["t"])}
    )
    bank = load_bank([pack])
    assert bank.errors == []
    session = ExamSession.start(store, bank, plan_exam(bank, seed=3), clock)
    assert session.scenario(session.question_ids.index("bare")) is None
    result = session.submit(Spacing(store, fuzz=False))
    assert result.by_scenario == {"data-extraction": Score(0, 1), "general": Score(0, 1)}
    assert result.by_tag == {"t": Score(0, 1), "untagged": Score(0, 1)}
    assert result.by_task == {"1.1": Score(0, 1), "2.3": Score(0, 1)}
    assert result.by_domain == {1: Score(0, 1), 2: Score(0, 1)}
    assert (result.answered, store.attempts()) == (0, [])


def test_pool_errors_name_what_is_missing(study_bank: Bank) -> None:
    with pytest.raises(ValueError, match=r"^no pack 'x', 'y'$"):
        plan_exam(study_bank, seed=1, packs=["x", "y"])
    empty = Bank(packs=study_bank.packs)
    with pytest.raises(
        ValueError,
        match=r"^the loaded bank has no exam-scope packs with no scenario questions "
        r"\(mcq items\) to draw from$",
    ):
        plan_exam(empty, seed=1)
    with pytest.raises(
        ValueError, match=r"^the named packs have no scenario questions \(mcq items\)"
    ):
        plan_exam(empty, seed=1, packs=["demo"])


def test_the_time_used_is_saved_on_demand_until_submission(
    study_bank: Bank, store: Store, clock: FakeClock
) -> None:
    """The exam screen calls save_time every five seconds; a crash keeps what it saved."""
    session = ExamSession.start(store, study_bank, plan_exam(study_bank, seed=1), clock, clock)
    session.open()
    clock.advance(12)
    assert ExamStore(store).get(session.id).time_used == 0
    session.save_time()
    assert ExamStore(store).get(session.id).time_used == 12
    session.submit(Spacing(store, fuzz=False))
    session.open()  # the result on screen
    clock.advance(30)
    session.save_time()  # a submitted exam keeps the time it was submitted with
    assert ExamStore(store).get(session.id).time_used == 12


def test_resume_reopens_the_question_the_learner_was_on(
    study_bank: Bank, tmp_path: Path, clock: FakeClock
) -> None:
    path = tmp_path / DB_NAME
    store = Store.open(path)
    session = ExamSession.start(store, study_bank, plan_exam(study_bank, seed=9), clock, clock)
    session.open()
    session.goto(2)
    session.next()
    store.close()  # a crash: no pause, no save after the move

    store = Store.open(path)
    resumed = ExamSession.resume(store, study_bank, clock, clock)
    assert resumed is not None and resumed.position == 3
    resumed.previous()
    store.close()
    store = Store.open(path)
    again = ExamSession.resume(store, study_bank, clock, clock)
    assert again is not None and again.position == 2


def test_time_spent_on_each_question_adds_up_to_the_time_used(
    study_bank: Bank, tmp_path: Path, clock: FakeClock
) -> None:
    path = tmp_path / DB_NAME
    store = Store.open(path)
    session = ExamSession.start(store, study_bank, plan_exam(study_bank, seed=9), clock, clock)
    session.open()
    clock.advance(40)
    session.next()
    clock.advance(25)
    assert session.spent(0) == 40 and session.spent(1) == 25  # the current one runs
    session.goto(0)
    clock.advance(5)
    session.pause()
    clock.advance(600)  # off screen: no question's time counts
    store.close()

    store = Store.open(path)
    assert ExamStore(store).get(session.id).time_spent == {0: 45, 1: 25}
    resumed = ExamSession.resume(store, study_bank, clock, clock)
    assert resumed is not None and resumed.position == 0
    resumed.open()
    clock.advance(10)
    resumed.goto(3)
    clock.advance(20)
    resumed.submit(Spacing(store, fuzz=False))
    spent = [r.time_spent for r in resumed.review()]
    assert spent == [55, 25, 0, 20]
    assert sum(spent) == resumed.result.time_used if resumed.result else False
    assert ExamStore(store).get(session.id).time_spent == {0: 55, 1: 25, 3: 20}


def test_time_spent_stops_at_the_time_limit(
    study_bank: Bank, store: Store, clock: FakeClock
) -> None:
    session = ExamSession.start(store, study_bank, plan_exam(study_bank, seed=9), clock, clock)
    session.open()
    clock.advance(100)
    session.next()
    clock.advance(10_000)  # far past the 480 seconds allowed
    result = session.submit(Spacing(store, fuzz=False), auto=True)
    assert [r.time_spent for r in session.review()] == [100, 380, 0, 0]
    assert result.time_used == 480


def test_finished_and_set_aside_exams_can_be_deleted_and_a_running_one_cannot(
    study_bank: Bank, store: Store, clock: FakeClock
) -> None:
    exams = ExamStore(store)
    done = ExamSession.start(store, study_bank, plan_exam(study_bank, seed=1), clock, clock)
    done.open()
    done.choose(right_shown(done))
    done.submit(Spacing(store, fuzz=False))
    aside = ExamSession.start(store, study_bank, plan_exam(study_bank, seed=2), clock, clock)
    exams.abandon(aside.id, clock())
    running = ExamSession.start(store, study_bank, plan_exam(study_bank, seed=3), clock, clock)
    assert [r.id for r in exams.past()] == [aside.id, done.id]
    assert [r.finished for r in exams.past()] == [True, True]
    with pytest.raises(ValueError, match=rf"^exam {running.id} is in progress: submit it"):
        exams.delete(running.id)
    exams.delete(done.id)
    exams.delete(aside.id)
    assert exams.past() == [] and exams.history() == []
    assert exams.running() is not None and exams.running().id == running.id  # type: ignore[union-attr]
    rows = store.conn.execute("SELECT DISTINCT exam_id FROM exam_answers").fetchall()
    assert rows == [(running.id,)]
    # The submitted exam's answers stay in the item history.
    assert [a.mode for a in store.attempts()] == ["exam"]
    with pytest.raises(KeyError):
        exams.delete(done.id)
