"""The speed targets in one run: each figure beside what it is measured against, and the ratio.

Runs `bench_stream.py` (the pane at 50 and 100 events/s, headless and on a pseudo-terminal;
`ccaf stream --json` beside a bare SDK loop) and `bench_startup.py` (first frame beside an empty
Textual app), each in its own process, then prints one table:

- pane CPU share at 50 events/s, beside the target (35% of one core);
- arrival-to-row delay p50 / p99 at 100 events/s, beside the targets (20 / 50 ms) and a
  60 Hz frame;
- `ccaf stream --json` wall time beside the bare SDK loop's, and the ratio (target 1.5x);
- `ccaf`'s first frame beside the empty app's, and the ratio (target 1.25x).

Run: python benchmarks/bench_speed.py [--json]     (about three minutes; quiet machine wanted)
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent


def run(script: str, *args: str) -> Any:
    out = subprocess.run(
        [sys.executable, str(HERE / script), *args, "--json"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object instead")
    args = parser.parse_args()
    stream = run("bench_stream.py", "--parts", "pane", "json")
    startup = run("bench_startup.py")
    rows: list[tuple[str, str, str, str, str, bool]] = []
    for r in stream["pane"]:
        where = "headless" if r["mode"] == "headless" else "pty 100x32"
        if r["rate"] == 50:
            rows.append(
                (
                    f"pane CPU share, 50 events/s, {where}",
                    f"{r['cpu_share']:.0%}",
                    "35% (target)",
                    f"{r['cpu_share'] / 0.35:.2f}x",
                    "≤ 35%",
                    r["cpu_share"] <= 0.35,
                )
            )
        if r["rate"] == 100:
            rows.append(
                (
                    f"arrival→row p50 / p99 / max, 100 events/s, {where}",
                    f"{r['p50_ms']:.0f} / {r['p99_ms']:.0f} / {r['max_ms']:.0f} ms",
                    "16.7 ms (a 60 Hz frame)",
                    f"{r['p50_ms'] / 16.7:.1f}x / {r['p99_ms'] / 16.7:.1f}x",
                    "p50 ≤ 20, p99 ≤ 50 ms",
                    r["p50_ms"] <= 20 and r["p99_ms"] <= 50,
                )
            )
    js = stream["json"]
    rows.append(
        (
            f"`ccaf stream --json --speed 0`, {js['deltas']:,} deltas, vs bare SDK loop",
            f"{js['ccaf_wall_s']:.2f} s",
            f"{js['bare_wall_s']:.2f} s",
            f"{js['ratio']:.2f}x",
            "≤ 1.5x",
            js["ratio"] <= 1.5,
        )
    )
    medians = startup["median_ms"]
    first, empty = medians["ccaf, first frame (Home)"], medians["empty Textual app, first frame"]
    rows.append(
        (
            "`ccaf` first frame vs an empty Textual app, 100x32 pty",
            f"{first:.0f} ms",
            f"{empty:.0f} ms",
            f"{first / empty:.2f}x",
            "≤ 1.25x",
            first / empty <= 1.25,
        )
    )
    cpu_first = medians["ccaf, CPU at first frame (Home)"]
    cpu_empty = medians["empty Textual app, CPU at first frame"]
    rows.append(
        (
            "the same in processor time at the first frame",
            f"{cpu_first:.0f} ms",
            f"{cpu_empty:.0f} ms",
            f"{cpu_first / cpu_empty:.2f}x",
            "≤ 1.25x",
            cpu_first / cpu_empty <= 1.25,
        )
    )
    if args.json:
        print(json.dumps({"stream": stream, "startup": startup}, indent=2))
        return
    print("| figure | ccaf | against | ratio | target | met |")
    print("| --- | --- | --- | --- | --- | --- |")
    for name, ours, theirs, ratio, target, met in rows:
        print(f"| {name} | {ours} | {theirs} | {ratio} | {target} | {'yes' if met else 'no'} |")
    print("\nAll pane runs (CPU share; delay p50 / p99 / max):")
    for r in stream["pane"]:
        print(
            f"  {r['rate']:>3} events/s {r['mode']:<8} CPU {r['cpu_share']:4.0%}  "
            f"{r['p50_ms']:4.0f} / {r['p99_ms']:4.0f} / {r['max_ms']:4.0f} ms"
        )


if __name__ == "__main__":
    main()
