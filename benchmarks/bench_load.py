"""How long loading and validating a 5,000-item bank takes, beside the bare libyaml parse.

Generates a bank of 10 packs x 5 files x 100 items (all four kinds, realistic text lengths)
in a temporary directory, then times, best of several runs:

- load: `ccaf.bank.loader.load_bank` (parse with line tracking, validate, build items);
- libyaml: `yaml.load(..., Loader=yaml.CSafeLoader)` of the same files, nothing else;
- pure-Python: `yaml.safe_load` of the same files, for scale.

Run: python benchmarks/bench_load.py [--items N] [--runs R]
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import yaml

from ccaf.bank.loader import load_bank

WORDS = [
    "stream",
    "event",
    "delta",
    "block",
    "token",
    "usage",
    "client",
    "server",
    "message",
    "tool",
    "input",
    "json",
    "parse",
    "buffer",
    "retry",
    "continue",
    "partial",
    "final",
    "cost",
    "latency",
    "browser",
    "agent",
    "harness",
    "prompt",
    "model",
]


def sentence(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def item_yaml(rng: random.Random, item_id: str, n: int) -> str:
    kind = ("mcq", "mcq", "pattern", "selfcheck", "card")[n % 5]
    head = f"- id: {item_id}\n  kind: {kind}\n  source: Bench docs, section {n}\n  tags: [a, b]\n"
    if kind == "mcq":
        correct = rng.randrange(4)
        options = "".join(
            f"    - text: {sentence(rng, 14)}\n"
            + ("      correct: true\n" if i == correct else "")
            + f"      rationale: >-\n        {sentence(rng, 30)}\n"
            for i in range(4)
        )
        return (
            head + "  scenario: support-agent\n  difficulty: 2\n"
            f"  stem: >-\n    {sentence(rng, 60)}\n  options:\n{options}"
            f"  explanation: >-\n    {sentence(rng, 40)}\n"
        )
    if kind == "pattern":
        return head + f"  looks_right: {sentence(rng, 12)}\n  actually_wrong: {sentence(rng, 30)}\n"
    if kind == "selfcheck":
        return head + f"  question: {sentence(rng, 12)}\n  answer: {sentence(rng, 40)}\n"
    return head + f"  front: {sentence(rng, 8)}\n  back: {sentence(rng, 30)}\n"


def make_bank(root: Path, items: int, packs: int = 10, files: int = 5) -> list[Path]:
    rng = random.Random(7)
    per_file = items // (packs * files)
    paths = []
    n = 0
    for p in range(packs):
        pack = root / f"pack-{p}"
        pack.mkdir()
        (pack / "pack.yaml").write_text(f"id: pack-{p}\nconcept: D1.{p}\ntitle: P{p}\ndomain: 1\n")
        for f in range(files):
            path = pack / f"items-{f}.yaml"
            path.write_text(
                "".join(item_yaml(rng, f"item-{n + i}", n + i) for i in range(per_file))
            )
            n += per_file
            paths.append(path)
    return paths


def best_of(runs: int, fn: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        files = make_bank(root, args.items)
        size = sum(p.stat().st_size for p in files)
        bank = load_bank([root])
        assert not bank.errors, bank.errors[:3]
        assert len(bank.items) == args.items, len(bank.items)

        def parse_c() -> None:
            for path in files:
                yaml.load(path.read_text(), Loader=yaml.CSafeLoader)

        def parse_py() -> None:
            for path in files:
                yaml.safe_load(path.read_text())

        load = best_of(args.runs, lambda: load_bank([root]))
        c = best_of(args.runs, parse_c)
        py = best_of(max(1, args.runs // 2), parse_py)
    print(f"bank: {len(bank.items)} items, {len(files)} files, {size / 1e6:.1f} MB")
    print(f"load + validate (ccaf):     {load * 1000:7.1f} ms")
    print(f"bare parse (libyaml):       {c * 1000:7.1f} ms")
    print(f"bare parse (pure Python):   {py * 1000:7.1f} ms")
    print(f"load / libyaml parse:       {load / c:7.2f}x")


if __name__ == "__main__":
    main()
