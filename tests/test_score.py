"""One score and one tally for drills, exams and stats."""

from __future__ import annotations

from ccaf.study.score import Score, Tally


def test_percent_is_zero_or_none_with_nothing_to_score() -> None:
    assert Score(0, 0).percent == 0.0 and Score(0, 0).percent_if_any is None
    assert Score(1, 4).percent == 25.0 and Score(1, 4).percent_if_any == 25.0
    assert Score(2, 3).percent == 200 / 3 and Score(0, 5).percent_if_any == 0.0


def test_a_tally_counts_each_answer_under_every_key_it_is_given() -> None:
    tally: Tally[str] = Tally()
    tally.add(["beta", "alpha"], True)
    tally.add(["beta"], False)
    tally.add([], True)  # counted under nothing
    tally.add(("gamma",), False)
    scores = tally.scores()
    assert scores == {"alpha": Score(1, 1), "beta": Score(1, 2), "gamma": Score(0, 1)}
    assert list(scores) == ["alpha", "beta", "gamma"]  # in key order, not arrival order


def test_a_tally_of_numbers_sorts_them_as_numbers() -> None:
    tally: Tally[int] = Tally()
    for domain in (10, 2, 1, 2):
        tally.add([domain], domain == 2)
    assert list(tally.scores().items()) == [(1, Score(0, 1)), (2, Score(2, 2)), (10, Score(0, 1))]
    assert Tally[int]().scores() == {}
