"""Small valid pack texts that tests build on."""

PACK_YAML = """\
id: demo
concept: D1.1
title: Demo pack
domain: 1
scope: beyond
"""

#: The same pack as one of exam scope, whose items name their task statement.
EXAM_PACK_YAML = PACK_YAML.replace("scope: beyond", "scope: exam")

CARD = """\
- id: card-one
  kind: card
  source: a page
  front: Front
  back: Back
"""

MCQ = """\
- id: mcq-one
  kind: mcq
  source: a page
  scenario: support-agent
  stem: Which one?
  options:
    - text: This one
      correct: true
      rationale: Because.
    - text: That one
      rationale: Because not.
"""


def mcq_yaml(item_id: str, scenario: str, tags: list[str] | None = None, task: str = "1.1") -> str:
    """One four-option mcq item whose first option is right."""
    return f"""\
- id: {item_id}
  kind: mcq
  source: s
  task: '{task}'
  tags: [{", ".join(tags or [])}]
  scenario: {scenario}
  stem: Stem of {item_id}?
  options:
    - text: Right {item_id}
      correct: true
      rationale: Right because.
    - text: Wrong A
      rationale: Wrong because A.
    - text: Wrong B
      rationale: Wrong because B.
    - text: Wrong C
      rationale: Wrong because C.
"""


def study_pack() -> dict[str, str]:
    """A pack of every kind for session tests: 4 mcq, 2 patterns, 2 self-checks, 3 cards."""
    mcqs = "".join(
        f"""\
- id: q{n}
  kind: mcq
  source: s
  task: '1.1'
  tags: [{"alpha" if n % 2 else "beta"}]
  scenario: support-agent
  demo: plain-text
  stem: Question {n}?
  explanation: Explanation {n}.
  options:
    - text: Right {n}
      correct: true
      rationale: Right because {n}.
    - text: Wrong {n}a
      rationale: Wrong because {n}a.
    - text: Wrong {n}b
      rationale: Wrong because {n}b.
    - text: Wrong {n}c
      rationale: Wrong because {n}c.
"""
        for n in range(1, 5)
    )
    patterns = "".join(
        f"- id: p{n}\n  kind: pattern\n  source: s\n  task: '1.1'\n  tags: [alpha]\n"
        f"  looks_right: Plausible {n}.\n  actually_wrong: Why not {n}.\n"
        # p1 has a true corrected statement (judged y/n); p2 has none (graded by the learner).
        + ("  holds: True 1.\n" if n == 1 else "")
        for n in (1, 2)
    )
    selfchecks = "".join(
        f"- id: s{n}\n  kind: selfcheck\n  source: s\n  task: '1.1'\n"
        f"  question: Ask {n}?\n  answer: Answer {n}.\n"
        for n in (1, 2)
    )
    cards = "".join(
        f"- id: c{n}\n  kind: card\n  source: s\n  task: '1.1'\n"
        f"  front: Front {n}\n  back: Back {n}\n"
        for n in (1, 2, 3)
    )
    return {
        "mcq.yaml": mcqs,
        "patterns.yaml": patterns,
        "selfcheck.yaml": selfchecks,
        "cards.yaml": cards,
    }


class FakeClock:
    """A clock for tests: starts at a fixed moment and moves only when told."""

    def __init__(self, start: float = 1_795_000_000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def _option_lines(options: list[tuple[str, bool]]) -> str:
    return "".join(
        f"    - text: {text}\n"
        + ("      correct: true\n" if right else "")
        + f"      rationale: Why {text.lower()} is {'right' if right else 'wrong'}.\n"
        for text, right in options
    )


def exam_pack() -> dict[str, str]:
    """An exam-scope pack across domains and two scenarios, with one choose-2 question:
    q-loop (1.1, support), q-tools (2.3, support), q-two (4.3, data, choose 2), q-null (5.2, data).
    """
    questions = [
        ("q-loop", "1.1", "support-agent", 1, "When does the agent loop end?"),
        ("q-tools", "2.3", "support-agent", 1, "Which tools does the refund agent get?"),
        ("q-two", "4.3", "data-extraction", 2, "Which two make the extraction output valid?"),
        ("q-null", "5.2", "data-extraction", 1, "A field is missing. What is loaded?"),
    ]
    out = []
    for item_id, task, scenario, choose, stem in questions:
        if choose == 2:
            options = [("Key one", True), ("Wrong one", False), ("Key two", True)]
            options += [("Wrong two", False), ("Wrong three", False)]
        else:
            options = [("Right answer", True), ("Wrong one", False)]
            options += [("Wrong two", False), ("Wrong three", False)]
        out.append(
            f"- id: {item_id}\n  kind: mcq\n  task: '{task}'\n  scenario: {scenario}\n"
            f"  source: https://platform.claude.com/docs/en/{item_id}#section\n"
            f"  choose: {choose}\n  stem: {stem}\n  explanation: Because of {item_id}.\n"
            f"  options:\n{_option_lines(options)}"
        )
    return {"mcq.yaml": "".join(out)}
