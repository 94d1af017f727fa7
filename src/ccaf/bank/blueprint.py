"""The exam blueprint: domains with their weights, the 30 task statements and the six scenarios.

The blueprint is data (`blueprint.yaml` beside this module), read with the bank's own YAML
reader and checked as strictly as a question file: a problem is a `BlueprintError` naming the
file, the line and the field.
"""

from __future__ import annotations

import difflib
import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ccaf.bank.yamlread import LineDict

# The YAML reader (and PyYAML) is imported when the blueprint is read, in the bank loader's
# thread, never on the way to the first frame, which imports this module for its types.

BLUEPRINT_FILE = Path(__file__).with_name("blueprint.yaml")
_ENTRY_KEYS = {
    "domains": ("id", "title", "weight"),
    "tasks": ("id", "title"),
    "scenarios": ("id", "title", "description"),
}
TASK_RE = re.compile(r"^([1-9])\.([1-9][0-9]?)$")


@dataclass(frozen=True, slots=True)
class Domain:
    id: int
    title: str
    #: Per cent of the exam's questions.
    weight: int


@dataclass(frozen=True, slots=True)
class Task:
    id: str  # "1.1"
    title: str
    domain: int

    @property
    def sort_key(self) -> tuple[int, int]:
        major, minor = self.id.split(".")
        return int(major), int(minor)


@dataclass(frozen=True, slots=True)
class Scenario:
    id: str
    title: str
    description: str


class BlueprintError(ValueError):
    """The blueprint file is malformed; the message says where and what."""


@dataclass(frozen=True)
class Blueprint:
    domains: dict[int, Domain]
    tasks: dict[str, Task]
    scenarios: dict[str, Scenario]

    def suggest_task(self, value: str) -> str | None:
        close = difflib.get_close_matches(value, list(self.tasks), n=1, cutoff=0.5)
        return close[0] if close else None


@functools.cache
def load_blueprint(path: Path = BLUEPRINT_FILE) -> Blueprint:
    """Read and check the blueprint; cached, since it never changes while ccaf runs."""
    from ccaf.bank import yamlread

    try:
        data = yamlread.parse(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise BlueprintError(f"{path}: cannot read: {exc}") from exc
    return _Reader(path).blueprint(data)


class _Reader:
    def __init__(self, path: Path) -> None:
        self.path = path

    def fail(self, line: int | None, field: str, message: str) -> BlueprintError:
        where = f"{self.path}:{line}" if line else str(self.path)
        return BlueprintError(f"{where}: {field}: {message}")

    def entries(self, data: LineDict, key: str) -> list[tuple[LineDict, int]]:
        from ccaf.bank.yamlread import LineDict, LineList

        value = data.get(key)
        if not isinstance(value, LineList) or not value:
            raise self.fail(data.line_of(key), key, "must be a non-empty list")
        allowed = _ENTRY_KEYS[key]
        for entry, line in zip(value, value.lines, strict=True):
            if not isinstance(entry, LineDict):
                raise self.fail(line, key, "each entry must be a mapping")
            for name in entry:
                if name not in allowed:
                    field = f"{key}.{name}"
                    raise self.fail(
                        entry.line_of(name),
                        field,
                        "unknown key (one of: " + ", ".join(allowed) + ")",
                    )
            for name, _line, _first in entry.duplicates:
                raise self.fail(_line, f"{key}.{name}", "given twice")
        return list(zip(value, value.lines, strict=True))

    def field(self, entry: LineDict, key: str, kind: type, where: str) -> Any:
        value = entry.get(key)
        if isinstance(value, bool) or not isinstance(value, kind) or value in ("", None):
            expected = "a whole number" if kind is int else "text"
            raise self.fail(entry.line_of(key), f"{where}.{key}", f"must be {expected}")
        return value.strip() if isinstance(value, str) else value

    def blueprint(self, data: Any) -> Blueprint:
        from ccaf.bank.yamlread import LineDict

        if not isinstance(data, LineDict):
            raise self.fail(None, "blueprint", "must be a mapping")
        unknown = set(data) - {"domains", "tasks", "scenarios"}
        if unknown:
            key = sorted(map(str, unknown))[0]
            raise self.fail(data.line_of(key), key, "unknown key")

        domains: dict[int, Domain] = {}
        for entry, line in self.entries(data, "domains"):
            domain = Domain(
                id=self.field(entry, "id", int, "domains"),
                title=self.field(entry, "title", str, "domains"),
                weight=self.field(entry, "weight", int, "domains"),
            )
            if domain.id in domains:
                raise self.fail(line, "domains.id", f"domain {domain.id} given twice")
            domains[domain.id] = domain
        if sum(d.weight for d in domains.values()) != 100:
            raise self.fail(data.line_of("domains"), "domains", "weights must add up to 100")

        tasks: dict[str, Task] = {}
        for entry, line in self.entries(data, "tasks"):
            task_id = self.field(entry, "id", str, "tasks")
            match = TASK_RE.match(task_id)
            if not match:
                raise self.fail(line, "tasks.id", f"{task_id!r} is not of the form D.N")
            if int(match[1]) not in domains:
                raise self.fail(line, "tasks.id", f"{task_id!r} names no known domain")
            if task_id in tasks:
                raise self.fail(line, "tasks.id", f"task {task_id} given twice")
            title = self.field(entry, "title", str, "tasks")
            tasks[task_id] = Task(task_id, title, int(match[1]))

        scenarios: dict[str, Scenario] = {}
        for entry, line in self.entries(data, "scenarios"):
            scenario = Scenario(
                id=self.field(entry, "id", str, "scenarios"),
                title=self.field(entry, "title", str, "scenarios"),
                description=" ".join(self.field(entry, "description", str, "scenarios").split()),
            )
            if scenario.id in scenarios:
                raise self.fail(line, "scenarios.id", f"scenario {scenario.id} given twice")
            scenarios[scenario.id] = scenario
        ordered = dict(sorted(tasks.items(), key=lambda kv: kv[1].sort_key))
        return Blueprint(domains, ordered, scenarios)
