"""The exam blueprint file: what the bundled one holds, and every way a broken one is reported."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest

from ccaf.bank.blueprint import BLUEPRINT_FILE, Blueprint, BlueprintError, load_blueprint

# A small valid blueprint; each case below breaks one thing in it.
VALID = """\
domains:
  - {id: 1, title: Agents, weight: 60}
  - {id: 2, title: Tools, weight: 40}
tasks:
  - {id: "2.1", title: "Tools second"}
  - {id: "1.10", title: "  Ten  "}
  - {id: "1.2", title: "Two"}
scenarios:
  - id: support
    title: Support
    description: >-
      One
      two   three.
"""


def load(tmp_path: Path, text: str) -> Blueprint:
    path = tmp_path / "blueprint.yaml"  # a new path each test: load_blueprint caches by path
    path.write_text(textwrap.dedent(text))
    return load_blueprint(path)


def test_the_bundled_blueprint(tmp_path: Path) -> None:
    copy = tmp_path / "bundled.yaml"
    shutil.copy(BLUEPRINT_FILE, copy)
    blueprint = load_blueprint(copy)
    assert {d.id: d.weight for d in blueprint.domains.values()} == {
        1: 27,
        2: 18,
        3: 20,
        4: 20,
        5: 15,
    }
    assert blueprint.domains[1].title == "Agentic Architecture & Orchestration"
    assert len(blueprint.tasks) == 30 and list(blueprint.tasks)[:2] == ["1.1", "1.2"]
    assert list(blueprint.tasks)[-1] == "5.6"
    assert [t.id for t in blueprint.tasks.values() if t.domain == 2] == [
        f"2.{n}" for n in range(1, 6)
    ]
    assert blueprint.tasks["1.4"].domain == 1
    assert list(blueprint.scenarios) == [
        "support-agent",
        "code-generation",
        "multi-agent-research",
        "developer-productivity",
        "claude-code-ci",
        "data-extraction",
    ]
    assert "  " not in blueprint.scenarios["support-agent"].description
    assert blueprint.suggest_task("1.44") == "1.4"
    assert blueprint.suggest_task("nothing like it") is None
    assert load_blueprint() is load_blueprint()  # read once


def test_a_small_blueprint_is_read_in_order(tmp_path: Path) -> None:
    blueprint = load(tmp_path, VALID)
    assert list(blueprint.tasks) == ["1.2", "1.10", "2.1"]  # by number, not as text
    assert blueprint.tasks["1.10"].title == "Ten" and blueprint.tasks["2.1"].domain == 2
    assert blueprint.tasks["1.10"].sort_key == (1, 10)
    assert blueprint.scenarios["support"].description == "One two three."
    assert [d.title for d in blueprint.domains.values()] == ["Agents", "Tools"]


DOMAINS = (
    "domains:\n  - {id: 1, title: Agents, weight: 60}\n  - {id: 2, title: Tools, weight: 40}\n"
)


def replace(old: str, new: str) -> str:
    assert old in VALID
    return VALID.replace(old, new)


CASES = [
    ("- a\n", "blueprint: must be a mapping"),
    (VALID + "extra: 1\n", "14: extra: unknown key"),
    (
        replace(DOMAINS, ""),
        "1: domains: must be a non-empty list",
    ),
    (
        replace(DOMAINS, "domains: []\n"),
        "1: domains: must be a non-empty list",
    ),
    (
        replace("  - {id: 2, title: Tools, weight: 40}", "  - just text"),
        "3: domains: each entry must be a mapping",
    ),
    (
        replace("title: Tools, weight", "title: Tools, colour: red, weight"),
        "3: domains.colour: unknown key (one of: id, title, weight)",
    ),
    (
        replace("{id: 2, title: Tools, weight: 40}", "{id: 2, title: Tools, weight: 40, id: 3}"),
        "3: domains.id: given twice",
    ),
    (replace("weight: 40", "weight: forty"), "3: domains.weight: must be a whole number"),
    (replace("weight: 40", "weight: true"), "3: domains.weight: must be a whole number"),
    (replace("title: Tools", 'title: ""'), "3: domains.title: must be text"),
    (replace("title: Tools", "title: 7"), "3: domains.title: must be text"),
    (
        replace("{id: 2, title: Tools", "{id: 1, title: Tools"),
        "3: domains.id: domain 1 given twice",
    ),
    (replace("weight: 40", "weight: 41"), "1: domains: weights must add up to 100"),
    (replace('id: "2.1"', 'id: "2-1"'), "5: tasks.id: '2-1' is not of the form D.N"),
    (replace('id: "2.1"', 'id: "3.1"'), "5: tasks.id: '3.1' names no known domain"),
    (replace('id: "1.2"', 'id: "1.10"'), "7: tasks.id: task 1.10 given twice"),
    (replace('title: "Two"', "title: {a: 1}"), "7: tasks.title: must be text"),
    (
        replace("    title: Support\n", "    title: Support\n    weight: 3\n"),
        "11: scenarios.weight: unknown key (one of: id, title, description)",
    ),
    (
        VALID + "  - {id: support, title: Again, description: Again.}\n",
        "14: scenarios.id: scenario support given twice",
    ),
]


TASKS_FIRST = VALID[VALID.index("tasks:") : VALID.index("scenarios:")] + DOMAINS
TASKS_FIRST += VALID[VALID.index("scenarios:") :]
CASES += [
    (replace('{id: "2.1",', "{id: 2.5,"), "5: tasks.id: must be text"),
    (replace("{id: 2, title", "{id: two, title"), "3: domains.id: must be a whole number"),
    (replace("  - id: support\n", "  - id: ''\n"), "9: scenarios.id: must be text"),
    (replace("    title: Support\n", "    title: 3\n"), "10: scenarios.title: must be text"),
    (
        replace("    description: >-\n      One\n      two   three.\n", "    description: 4\n"),
        "11: scenarios.description: must be text",
    ),
    (TASKS_FIRST.replace("weight: 40", "weight: 30"), "5: domains: weights must add up to 100"),
    (
        DOMAINS + "tasks: []\n" + TASKS_FIRST[TASKS_FIRST.index("scenarios:") :],
        "4: tasks: must be a non-empty list",
    ),
]


@pytest.mark.parametrize(("text", "message"), CASES)
def test_a_broken_blueprint_says_where(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "blueprint.yaml"
    with pytest.raises(BlueprintError) as failed:
        load(tmp_path, text)
    where = f"{path}:" if message[0].isdigit() else f"{path}: "
    assert str(failed.value) == where + message


def test_an_unreadable_blueprint(tmp_path: Path) -> None:
    path = tmp_path / "missing.yaml"
    with pytest.raises(BlueprintError, match=r"missing\.yaml: cannot read: "):
        load_blueprint(path)
