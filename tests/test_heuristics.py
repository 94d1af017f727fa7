"""The two watchdogs from the study page, with their negative cases: what is *not* flagged."""

from __future__ import annotations

import pytest

from ccaf.stream.heuristics import (
    MIN_PHRASE_WORDS,
    REPEATS,
    STALL_SECONDS,
    WINDOW_WORDS,
    RepetitionDetector,
    stalled,
)
from ccaf.stream.transcript import bundled_names
from streams import annotate

PROSE = (
    "Server-sent events are a simple way for a server to push text to a client over one HTTP "
    "response. Each event has a name and a data line, and a blank line ends it. The client "
    "reads the events in order, keeps what it needs, and ignores the pings that keep the "
    "connection alive. A stream can end cleanly, stop short, or carry an error event."
)


def feed_words(detector: RepetitionDetector, text: str, size: int = 7) -> list[str | None]:
    """Feed `text` in deltas of `size` characters, as a stream would cut it."""
    return [detector.feed(text[n : n + size]) for n in range(0, len(text), size)]


@pytest.mark.parametrize("name", [n for n in bundled_names() if n != "repetition"])
def test_plain_text_is_not_flagged_as_repetition(name: str) -> None:
    model = annotate(name)
    assert model.repeated_phrase is None
    assert model.repetition.phrase is None


def test_the_repetition_scenario_is_flagged_with_its_phrase() -> None:
    model = annotate("repetition")
    phrase = model.repeated_phrase
    assert phrase is not None and len(phrase.split()) >= MIN_PHRASE_WORDS
    assert model.text.lower().count(phrase) >= REPEATS


def test_a_phrase_twice_is_not_a_repetition_three_times_is() -> None:
    detector = RepetitionDetector()
    sentence = "the stream repeats this exact sentence again. "
    assert set(feed_words(detector, PROSE + sentence * 2)) == {None}
    assert detector.phrase is None
    [found] = [p for p in feed_words(detector, sentence) if p]
    assert len(found.split()) >= MIN_PHRASE_WORDS and found in sentence
    assert detector.phrase == found
    assert detector.feed(sentence * 3) is None  # said once, not again


def test_short_phrases_and_repeated_words_are_not_flagged() -> None:
    detector = RepetitionDetector()
    # Three words three times is under the four-word minimum; "very very very" is one word.
    assert set(feed_words(detector, "it is fine. " * 3 + "very very very good " * 2)) == {None}
    assert detector.phrase is None


def test_a_repeat_beyond_the_window_is_forgotten() -> None:
    detector = RepetitionDetector()
    sentence = "a phrase long enough to count. "
    filler = " ".join(f"word{n}" for n in range(WINDOW_WORDS)) + " "
    text = sentence + filler + sentence + filler + sentence
    assert set(feed_words(detector, text)) == {None}


def test_a_word_cut_between_deltas_is_one_word() -> None:
    whole, cut = RepetitionDetector(), RepetitionDetector()
    text = "splitting words across deltas works. " * 3
    assert whole.feed(text) == "words across deltas works"
    # Checked every four words: cut into 3-character deltas, the fourth sentence's first
    # words bring the check that sees the third repeat.
    text += "splitting words "
    found = [p for p in (cut.feed(text[n : n + 3]) for n in range(0, len(text), 3)) if p]
    assert found == ["across deltas works splitting"]  # whole words: no "wor", no "ds"


def test_stall_only_after_five_quiet_seconds() -> None:
    assert stalled(None, 100.0) is None  # no event yet: nothing to be quiet after
    assert stalled(10.0, 10.0) is None
    assert stalled(10.0, 14.9) is None
    assert stalled(10.0, 10.0 + STALL_SECONDS) is None  # exactly five seconds: not yet
    assert stalled(10.0, 15.5) == 5.5


def test_even_pacing_never_stalls() -> None:
    """A stream whose events all come within five seconds of the one before is never flagged,
    however long it runs."""
    model = annotate("long-markdown")
    assert model.longest_gap < STALL_SECONDS
    assert stalled(model.last_event_t, (model.last_event_t or 0) + model.longest_gap) is None
    assert annotate("stall").longest_gap > STALL_SECONDS


def test_three_times_at_the_very_start_is_a_repetition() -> None:
    # Twelve words: four, three times, and nothing before them.
    assert RepetitionDetector().feed("one two three four " * 3) == "one two three four"


def test_the_window_keeps_the_latest_words() -> None:
    filler = " ".join(f"word{n}" for n in range(WINDOW_WORDS + 60)) + " "
    detector = RepetitionDetector()
    assert detector.feed(filler + "a phrase long enough to count. " * 3) is not None


def reference_check(words: list[str]) -> str | None:
    """The definition: the shortest phrase of four or more words ending with the window's
    last word that comes three times (not overlapping) in the window."""
    for size in range(MIN_PHRASE_WORDS, len(words) // REPEATS + 1):
        phrase, joined = words[-size:], [f"<{w}>" for w in words]
        if "".join(joined).count("".join(f"<{w}>" for w in phrase)) >= REPEATS:
            return " ".join(phrase)
    return None


@pytest.mark.parametrize("seed", range(40))
def test_the_check_finds_what_the_definition_finds(seed: int) -> None:
    # Streams of a few words from a small vocabulary repeat often, at every phrase length:
    # the detector (which counts only the last four words) says what the definition says.
    import random

    rng = random.Random(seed)
    vocabulary = [f"w{n}" for n in range(rng.choice([2, 3, 5, 8]))]
    detector = RepetitionDetector()
    seen: list[str] = []
    for _ in range(600):
        word = rng.choice(vocabulary)
        seen = [*seen, word][-WINDOW_WORDS:]
        found = detector.feed(word + " ")
        if detector._unchecked == 0 and found is None and detector.phrase is None:
            assert reference_check(seen) is None
        if found is not None:
            assert found == reference_check(seen)
            return
    assert detector.phrase is None
