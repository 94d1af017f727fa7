"""`ccaf exam --dry-run`, `ccaf coverage` and the drill's task and domain filters, as commands."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from test_cli_validate import ccaf

QUOTAS = {"1": 16, "2": 11, "3": 12, "4": 12, "5": 9}  # 27/18/20/20/15 per cent of 60


@pytest.mark.parametrize("seed", [1, 7, 42])
def test_dry_run_draws_a_sitting_from_the_bundled_bank(seed: int, tmp_path: Path) -> None:
    result = ccaf("exam", "--dry-run", "--json", "--seed", str(seed), "--data-dir", tmp_path)
    assert result.returncode == 0, result.stderr
    plan = json.loads(result.stdout)
    assert (plan["seed"], plan["count"], plan["minutes"], plan["mock"]) == (seed, 60, 120, True)
    questions = plan["questions"]
    assert len(questions) == 60 and len({q["id"] for q in questions}) == 60
    assert len(plan["scenarios"]) == 4
    assert {q["scenario"] for q in questions} == set(plan["scenarios"])
    counts = Counter(str(q["domain"]) for q in questions)
    assert all(abs(counts[d] - n) <= 2 for d, n in QUOTAS.items()), counts
    assert all(q["task"] and q["task"].split(".")[0] == str(q["domain"]) for q in questions)
    assert not any(q["id"].startswith("stream-") for q in questions)
    # Questions come grouped by scenario: each scenario's block is contiguous.
    blocks = [
        q["scenario"]
        for n, q in enumerate(questions)
        if n == 0 or q["scenario"] != questions[n - 1]["scenario"]
    ]
    assert len(blocks) == 4
    # Nothing is recorded, and the same seed draws the same exam.
    assert not (tmp_path / "progress.db").exists()
    again = ccaf("exam", "--dry-run", "--json", "--seed", str(seed), "--data-dir", tmp_path)
    assert json.loads(again.stdout) == plan


def test_dry_run_text_and_a_named_beyond_pack(tmp_path: Path) -> None:
    result = ccaf("exam", "--dry-run", "--seed", "3", "--count", "10", "--pack", "streaming")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("practice exam (not a CCA-F mock")
    assert "10 questions, 20 minutes, seed 3" in lines[0]
    assert all("stream-" in line for line in lines[3:]) and len(lines) == 13
    wrong = ccaf("exam", "--dry-run", "--pack", "nope")
    assert wrong.returncode == 2 and "no pack 'nope'" in wrong.stderr
    assert ccaf("exam", "--json").returncode == 2


def test_coverage_of_the_bundled_bank_meets_the_minimums(tmp_path: Path) -> None:
    result = ccaf("coverage", "--json", "--data-dir", tmp_path)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert [t["task"] for t in data["tasks"]][:2] == ["1.1", "1.2"] and len(data["tasks"]) == 30
    for task in data["tasks"]:
        items = task["items"]
        assert items["mcq"] >= 5 and items["pattern"] >= 2, task
        assert items["selfcheck"] >= 1 and items["card"] >= 3, task
        assert (task["seen"], task["right"]) == (0, 0)
    assert set(data["scenarios"]) == {
        "support-agent",
        "code-generation",
        "multi-agent-research",
        "developer-productivity",
        "claude-code-ci",
        "data-extraction",
    }
    assert min(data["scenarios"].values()) >= 20
    assert data["gaps"] == []
    text = ccaf("coverage", "--data-dir", tmp_path).stdout
    assert "no gaps" in text and text.splitlines()[1].startswith("1.1")


def test_drill_task_and_domain_are_checked() -> None:
    result = ccaf("drill", "--task", "1.8")
    assert result.returncode == 2
    assert "no task statement '1.8' (did you mean 1.7?): 1.1 to 5.6" in result.stderr
    result = ccaf("drill", "--domain", "6")
    assert result.returncode == 2 and "no domain '6': one of 1, 2, 3, 4, 5" in result.stderr
