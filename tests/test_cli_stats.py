"""`ccaf stats --json`, the data directory options, and a damaged store, through the console."""

from __future__ import annotations

import json
import os
import subprocess
import time
from datetime import date, timedelta
from pathlib import Path

from ccaf.store.db import DB_NAME, Attempt, Store
from terminal import CCAF


def run(*args: str | Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if k not in ("CCAF_BANK", "CCAF_DATA_DIR")}
    return subprocess.run(
        [str(CCAF), *map(str, args)],
        capture_output=True,
        text=True,
        env={**base, **(env or {})},
        timeout=60,
    )


def test_stats_json(study_dir: Path, tmp_path: Path) -> None:
    store = Store.open(tmp_path / DB_NAME)
    store.record(Attempt("q1", "drill", 1_795_000_000.0, True, 3))
    store.record(Attempt("q2", "drill", 1_795_000_001.0, False, 1))
    store.close()
    result = run("--bank", study_dir, "--data-dir", tmp_path, "stats", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["total_answers"] == 2
    assert data["accuracy_by_pack"] == {"demo": {"answers": 2, "correct": 1, "accuracy": 50.0}}
    assert data["due_cards"]["now"] == 0 and len(data["due_cards"]["next_days"]) == 14
    assert data["exams_taken"] == 0
    # Readiness, as Home and Stats show it: every study item is task 1.1, domain 1.
    readiness = data["readiness"]
    d1 = readiness["domains"][0]
    assert (d1["domain"], d1["weight"], d1["items"], d1["seen"], d1["right"]) == (1, 27, 11, 2, 1)
    assert (d1["seen_share"], d1["accuracy"]) == (round(2 / 11, 3), 0.5)
    assert [d["seen"] for d in readiness["domains"][1:]] == [0, 0, 0, 0]
    assert readiness["estimate"]["answers"] == 2 and readiness["weakest_tasks"] == ["1.1"]
    assert readiness["estimate"]["share_right"] == 0.5
    # The same through CCAF_DATA_DIR and CCAF_BANK.
    via_env = run(
        "stats", "--json", env={"CCAF_DATA_DIR": str(tmp_path), "CCAF_BANK": str(study_dir)}
    )
    assert json.loads(via_env.stdout)["total_answers"] == 2


def test_stats_json_prints_every_field(study_dir: Path, tmp_path: Path) -> None:
    """The command prints the whole shape (test_stats.py checks each value): per tag, per day,
    what falls due and the items missed most, with their fields."""
    now = time.time()
    store = Store.open(tmp_path / DB_NAME)
    store.record(Attempt("q1", "drill", now - 86_400, False, 1))
    store.record(Attempt("q1", "drill", now, True, 3))
    store.record(Attempt("q2", "drill", now, False, 1))
    store.close()
    result = run("--bank", study_dir, "--data-dir", tmp_path, "stats", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert list(data) == [
        "total_answers",
        "accuracy",
        "accuracy_by_pack",
        "accuracy_by_tag",
        "answers_per_day",
        "due_cards",
        "most_missed",
        "readiness",
        "exams_taken",
        "exams",
        "plan",
    ]
    assert data["accuracy"] == {"answers": 3, "correct": 1, "accuracy": 33.3}
    assert data["accuracy_by_tag"] == {
        "alpha": {"answers": 2, "correct": 1, "accuracy": 50.0},
        "beta": {"answers": 1, "correct": 0, "accuracy": 0.0},
    }
    per_day = data["answers_per_day"]
    assert len(per_day) == 30 and all(list(day) == ["date", "answers"] for day in per_day)
    today = date.fromtimestamp(now)
    assert per_day[-1] == {"date": today.isoformat(), "answers": 2}
    assert per_day[-2] == {"date": (today - timedelta(days=1)).isoformat(), "answers": 1}
    assert sum(day["answers"] for day in per_day) == 3
    assert list(data["due_cards"]) == ["now", "next_days"]
    assert all(list(day) == ["date", "due"] for day in data["due_cards"]["next_days"])
    assert data["most_missed"] == [
        {"item_id": "q2", "pack": "demo", "wrong": 1, "answers": 1, "text": "Question 2?"},
        {"item_id": "q1", "pack": "demo", "wrong": 1, "answers": 2, "text": "Question 1?"},
    ]
    assert list(data["readiness"]) == ["domains", "estimate", "weakest_tasks"]
    assert data["exams_taken"] == 0 and data["exams"] == []
    assert data["plan"] is None  # no exam date set


def test_damaged_store_is_named_and_kept(study_dir: Path, tmp_path: Path) -> None:
    (tmp_path / DB_NAME).write_bytes(b"not sqlite at all" * 64)
    result = run("--bank", study_dir, "--data-dir", tmp_path, "stats", "--json")
    assert result.returncode == 0
    assert f"The progress file {tmp_path / DB_NAME} could not be read" in result.stderr
    kept = list(tmp_path.glob(f"{DB_NAME}.damaged-*"))
    assert len(kept) == 1 and kept[0].read_bytes() == b"not sqlite at all" * 64
    assert json.loads(result.stdout)["total_answers"] == 0


def test_newer_store_exits_2(tmp_path: Path) -> None:
    import sqlite3

    conn = sqlite3.connect(tmp_path / DB_NAME)
    conn.execute("PRAGMA user_version = 999")
    conn.close()
    result = run("--data-dir", tmp_path, "stats", "--json")
    assert result.returncode == 2
    assert "newer ccaf" in result.stderr


def test_bad_arguments_exit_2(tmp_path: Path) -> None:
    result = run("--data-dir", tmp_path, "drill", "--count", "0")
    assert result.returncode == 2
    assert "must be a whole number, 1 or more, not 0" in result.stderr
