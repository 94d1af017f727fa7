"""Mutation testing of the headless core: run mutmut, then print the kill rate per package.

    python scripts/mutation.py                 # bank, study, store and stream, from scratch
    python scripts/mutation.py study stream    # only these packages
    python scripts/mutation.py --report        # print the figures of the last run again

What is mutated and which tests run is set in pyproject.toml (`[tool.mutmut]`): the modules
of bank/, study/, store/ and stream/ less the network glue (stream/run.py, server.py and
setup.py), against the fast in-process unit tests. mutmut works on a copy of the project in
mutants/; a run starts from a fresh copy unless --reuse is given. Every mutant of the packages
named is tested, so the figures are never left over from an earlier run.

A package passes when its kill rate (killed over every mutant, timeouts counting as killed)
reaches its target: 90% for study/ and stream/annotator.py, 80% elsewhere. The exit code is 1 when
one does not.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MUTANTS = ROOT / "mutants"
SOURCE = Path("src/ccaf")
PACKAGES = ("bank", "study", "store", "stream")
#: What counts as killed: a test failed (1), pytest broke (3), or the mutant ran out of time.
KILLED = {1, 3, 24, -24, 36, 152, 255}
SURVIVED = {0}
#: Targets by package, and for single modules held to a stricter one.
TARGETS = {"bank": 0.80, "study": 0.90, "store": 0.80, "stream": 0.80}
MODULE_TARGETS = {"stream/annotator.py": 0.90}


@dataclass
class Tally:
    killed: int = 0
    survived: list[str] = field(default_factory=list)
    other: Counter[str] = field(default_factory=Counter)

    @property
    def total(self) -> int:
        return self.killed + len(self.survived) + sum(self.other.values())

    @property
    def rate(self) -> float:
        return self.killed / self.total if self.total else 1.0

    def add(self, name: str, exit_code: int | None) -> None:
        if exit_code in KILLED:
            self.killed += 1
        elif exit_code in SURVIVED:
            self.survived.append(name)
        else:
            self.other[_status(exit_code)] += 1


def _status(exit_code: int | None) -> str:
    return {None: "not checked", 5: "no tests", 33: "no tests", 34: "skipped"}.get(
        exit_code, f"exit {exit_code}"
    )


def run_mutmut(packages: list[str], reuse: bool, max_children: int | None) -> int:
    if not reuse and MUTANTS.exists():
        shutil.rmtree(MUTANTS)
    command = [sys.executable, "-m", "mutmut", "run"]
    if max_children:
        command += ["--max-children", str(max_children)]
    # Naming the mutants makes mutmut test each of them, even one it has a result for.
    command += [f"ccaf.{package}.*" for package in packages]
    print("$", " ".join(command[1:]), flush=True)
    return subprocess.run(command, cwd=ROOT, check=False).returncode


def tally(packages: list[str]) -> tuple[dict[str, Tally], dict[str, Tally]]:
    """Results by package and by module, read from mutmut's files in mutants/."""
    by_package: dict[str, Tally] = {}
    by_module: dict[str, Tally] = {}
    for package in packages:
        by_package[package] = Tally()
        for meta in sorted((MUTANTS / SOURCE / package).glob("*.py.meta")):
            module = f"{package}/{meta.name.removesuffix('.meta')}"
            codes = json.loads(meta.read_text())["exit_code_by_key"]
            by_module[module] = Tally()
            for name, code in sorted(codes.items()):
                by_package[package].add(name, code)
                by_module[module].add(name, code)
    return by_package, by_module


def report(packages: list[str], verbose: bool) -> bool:
    by_package, by_module = tally(packages)
    if not any(t.total for t in by_package.values()):
        print("no results in mutants/: run without --report first", file=sys.stderr)
        return False
    ok = True
    print(f"\n{'package':<22} {'mutants':>7} {'killed':>7} {'survived':>8} {'rate':>7}  target")
    rows = [(p, by_package[p], TARGETS[p]) for p in packages]
    rows += [
        (m, by_module[m], target)
        for m, target in MODULE_TARGETS.items()
        if m in by_module and m.split("/")[0] in packages
    ]
    for name, t, target in rows:
        met = t.rate >= target
        ok = ok and met
        extra = "".join(f", {n} {status}" for status, n in sorted(t.other.items()))
        print(
            f"{name + '/' if '/' not in name else name:<22} {t.total:>7} {t.killed:>7} "
            f"{len(t.survived):>8} {t.rate:>7.1%}  {target:.0%} {'ok' if met else 'BELOW'}{extra}"
        )
    print(f"\n{'module':<22} {'mutants':>7} {'killed':>7} {'survived':>8} {'rate':>7}")
    for module, t in by_module.items():
        if t.total:
            print(f"{module:<22} {t.total:>7} {t.killed:>7} {len(t.survived):>8} {t.rate:>7.1%}")
    if verbose:
        print("\nsurvivors (`mutmut show NAME` prints one):")
        for t in by_package.values():
            for name in t.survived:
                print(" ", name)
    return ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("packages", nargs="*", metavar="PACKAGE", help=", ".join(PACKAGES))
    parser.add_argument("--report", action="store_true", help="only print the last results")
    parser.add_argument("--reuse", action="store_true", help="keep mutants/ from the last run")
    parser.add_argument("--max-children", type=int, help="parallel workers (default: all CPUs)")
    parser.add_argument("--survivors", action="store_true", help="list every surviving mutant")
    args = parser.parse_args(argv)
    packages = list(args.packages) or list(PACKAGES)
    unknown = [p for p in packages if p not in PACKAGES]
    if unknown:
        parser.error(f"no package {', '.join(unknown)} (one of: {', '.join(PACKAGES)})")
    if not args.report:
        try:
            import mutmut  # noqa: F401
        except ImportError:
            print("mutmut is not installed: pip install -e '.[test,mutation]'", file=sys.stderr)
            return 2
        code = run_mutmut(packages, args.reuse, args.max_children)
        if code != 0:
            print(f"mutmut run exited with {code}", file=sys.stderr)
            return code
    return 0 if report(packages, args.survivors) else 1


if __name__ == "__main__":
    sys.exit(main())
