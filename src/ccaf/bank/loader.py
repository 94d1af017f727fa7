"""Load question packs from disk, validating every file and reporting every problem found.

Loading never raises for bad content: what is valid loads, and each problem becomes a
`BankError` that says where (file and line), which item, which field, and what is wrong.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ccaf.bank import yamlread
from ccaf.bank.blueprint import Blueprint
from ccaf.bank.model import (
    KINDS,
    MCQ,
    SCOPES,
    AnyItem,
    Bank,
    BankError,
    Card,
    Option,
    Pack,
    Pattern,
    SelfCheck,
)
from ccaf.bank.paths import bank_paths, bundled_bank
from ccaf.bank.yamlread import LineDict, LineList
from ccaf.text import quote, visible

__all__ = ["bank_paths", "bundled_bank", "load_bank"]

PACK_FILE = "pack.yaml"
ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MIN_OPTIONS, MAX_OPTIONS = 2, 6

#: Keys by kind: (required, optional), the common ones aside.
_KIND_KEYS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "mcq": (("stem", "options"), ("explanation", "difficulty", "scenario", "demo", "choose")),
    "pattern": (("looks_right", "actually_wrong"), ("holds",)),
    "selfcheck": (("question", "answer"), ()),
    "card": (("front", "back"), ()),
}
_TASK_MISSING = (
    "missing: an exam-scope pack's items name their task statement (e.g. task: '1.1');"
    " a pack the exam does not test says scope: beyond in pack.yaml"
)
_PACK_KEYS = (("id", "title", "domain"), ("concept", "note", "scope"))
_OPTION_KEYS = (("text", "rationale"), ("correct",))


class _Invalid(Exception):
    """Raised inside item checks when the item cannot be built; the errors are already noted."""


def load_bank(paths: Iterable[Path | str]) -> Bank:
    """Load every pack found under `paths` (each a pack, a directory of packs, or a file)."""
    bank = Bank()
    loader = _Loader(bank)
    # Each pack once, whatever mix of packs, directories and files names it. Keyed by the
    # resolved path; loaded (and reported) by the path as given. Files None: all of them.
    wanted: dict[Path, tuple[Path, list[Path] | None]] = {}

    def want(pack_dir: Path, file: Path | None = None) -> None:
        given, files = wanted.setdefault(pack_dir.resolve(), (pack_dir, []))
        if file is None:
            wanted[pack_dir.resolve()] = (given, None)
        elif files is not None and file not in files:
            files.append(file)

    for raw in paths:
        path = Path(raw)
        try:
            if path.is_file():
                want(path.parent, path)
            elif not path.is_dir():
                bank.errors.append(BankError(path, None, "no such file or directory"))
            elif _is_pack(path):
                want(path)
            else:
                unreadable = len(bank.errors)
                packs = _packs_in(path, bank)
                if not packs and len(bank.errors) == unreadable:
                    bank.errors.append(BankError(path, None, "no question packs here"))
                for pack_dir in packs:
                    want(pack_dir)
        except OSError as exc:
            bank.errors.append(BankError(path, None, _cannot_read(exc)))
    for pack_dir, only in wanted.values():
        loader.load_pack(pack_dir, only=only)
    bank.errors.sort(key=lambda e: (str(e.path), e.line or 0))
    return bank


def _is_pack(path: Path) -> bool:
    """Whether `path` holds question files; OSError if it cannot be listed."""
    return any(p.name.endswith((".yaml", ".yml")) for p in path.iterdir())


def _packs_in(path: Path, bank: Bank) -> list[Path]:
    """The packs in a directory of packs; a folder that cannot be read is reported, not skipped."""
    packs = []
    for sub in sorted(path.iterdir()):
        try:
            if sub.is_dir() and _is_pack(sub):
                packs.append(sub)
        except OSError as exc:
            bank.errors.append(BankError(sub, None, _cannot_read(exc)))
    return packs


def _cannot_read(exc: OSError) -> str:
    return f"cannot read: {exc.strerror or exc}"


@dataclass
class _Where:
    """The file being read and the item in it, for error messages."""

    path: Path
    item_id: str | None = None


class _Loader:
    def __init__(self, bank: Bank) -> None:
        self.bank = bank
        self.id_places: dict[str, tuple[Path, int]] = {}
        self.pack_places: dict[str, Path] = {}
        #: Packs whose pack.yaml is missing or invalid: their scope is unknown, so their items
        #: are not also reported for a missing task.
        self.unsure_scope: set[str] = set()

    def error(self, where: _Where, line: int | None, field: str | None, message: str) -> None:
        self.bank.errors.append(BankError(where.path, line, message, where.item_id, field))

    # -- files ---------------------------------------------------------------------------

    def read(self, path: Path) -> Any:
        """Parse a YAML file; on failure note the error and return `_Invalid`."""
        self.bank.files += 1
        where = _Where(path)
        try:
            text = path.read_bytes().decode("utf-8")
        except UnicodeDecodeError as exc:
            self.error(where, None, None, f"not UTF-8 text (byte {exc.start})")
            return _Invalid
        except OSError as exc:
            self.error(where, None, None, _cannot_read(exc))
            return _Invalid
        try:
            return yamlread.parse(text)
        except yaml.YAMLError as exc:
            self.error(where, yamlread.error_line(exc), None, yamlread.error_text(exc))
        except RecursionError:
            self.error(where, None, None, "YAML: nested too deeply")
        return _Invalid

    def load_pack(self, pack_dir: Path, only: Sequence[Path] | None = None) -> None:
        pack = self.load_pack_file(pack_dir)
        if only is not None:
            files = [p for p in only if p.name != PACK_FILE]
        else:
            files = sorted(p for p in pack_dir.glob("*.yaml") if p.name != PACK_FILE)
            for stray in sorted(pack_dir.glob("*.yml")):
                self.error(_Where(stray), None, None, "not loaded: pack files end in .yaml")
        for path in files:
            self.load_items(path, pack)

    def load_pack_file(self, pack_dir: Path) -> Pack:
        """Read `pack.yaml`. A pack without a valid one still loads, named after its folder."""
        path = pack_dir / PACK_FILE
        name = visible(pack_dir.name)
        fallback = Pack(id=name, concept="", title=name, domain=0, path=pack_dir)
        if not path.is_file():
            self.error(_Where(pack_dir), None, None, f"pack has no {PACK_FILE}")
            return self.register_pack(fallback, sure=False)
        data = self.read(path)
        if data is _Invalid:
            return self.register_pack(fallback, sure=False)
        where = _Where(path)
        if not isinstance(data, LineDict):
            message = f"{PACK_FILE} must be a mapping, not {_type(data)}"
            self.error(where, _line(data) or 1, None, message)
            return self.register_pack(fallback, sure=False)
        check = _Checker(self, where, data, _PACK_KEYS)
        pack_id = check.slug("id")
        pack = Pack(
            id=pack_id or fallback.id,
            concept=check.text("concept", required=False) or fallback.concept,
            title=check.text("title") or fallback.title,
            domain=check.integer("domain", 1, 5) or 0,
            note=check.text("note", required=False),
            path=pack_dir,
            scope=check.choice("scope", SCOPES) or "exam",
        )
        return self.register_pack(pack, sure=not check.failed)

    def register_pack(self, pack: Pack, sure: bool = True) -> Pack:
        if pack.id in self.pack_places:
            self.error(
                _Where(pack.path / PACK_FILE),
                None,
                "id",
                f"duplicate pack id {quote(pack.id)} (also in {self.pack_places[pack.id]})",
            )
            # Keep both packs' items apart: they would otherwise merge silently.
            pack = dataclasses.replace(pack, id=pack.id + "@" + pack.path.name)
        self.pack_places[pack.id] = pack.path
        self.bank.packs[pack.id] = pack
        if not sure:
            self.unsure_scope.add(pack.id)
        return pack

    def load_items(self, path: Path, pack: Pack) -> None:
        data = self.read(path)
        if data is _Invalid:
            return
        if not isinstance(data, LineList):
            if data is None:
                message = "file is empty: expected a YAML list of items"
            else:
                message = f"expected a YAML list of items, found {_type(data)}"
            self.error(_Where(path), _line(data) or 1, None, message)
            return
        for raw, line in zip(data, data.lines, strict=True):
            item = self.build_item(path, pack, raw, line)
            if item is not None:
                self.add_item(item)

    def add_item(self, item: AnyItem) -> None:
        if item.id in self.id_places:
            first_path, first_line = self.id_places[item.id]
            self.bank.errors.append(
                BankError(
                    item.path,
                    item.line,
                    f"duplicate id (first defined at {first_path}:{first_line})",
                    item.id,
                    "id",
                )
            )
            return
        self.id_places[item.id] = (item.path, item.line)
        self.bank.items[item.id] = item

    # -- items ---------------------------------------------------------------------------

    def build_item(self, path: Path, pack: Pack, raw: Any, line: int) -> AnyItem | None:
        where = _Where(path)
        if not isinstance(raw, LineDict):
            self.error(where, line, None, f"item must be a mapping, not {_type(raw)}")
            return None
        raw_id = raw.get("id")
        if isinstance(raw_id, str) and raw_id.strip():
            where.item_id = raw_id
        kind = raw.get("kind")
        if not isinstance(kind, str) or kind not in _KIND_KEYS:
            if "kind" not in raw:
                self.error(where, raw.line, "kind", "missing (one of: " + ", ".join(KINDS) + ")")
            else:
                self.error(
                    where,
                    raw.line_of("kind"),
                    "kind",
                    f"unknown kind {quote(kind)} (one of: " + ", ".join(KINDS) + ")",
                )
            return None
        required, optional = _KIND_KEYS[kind]
        keys = (("id", "kind", "source", *required), ("tags", "task", *optional))
        check = _Checker(self, where, raw, keys)
        if pack.scope == "exam" and "task" not in raw and pack.id not in self.unsure_scope:
            check.fail(raw.line, "task", _TASK_MISSING)
        common: dict[str, Any] = {
            "id": check.slug("id"),
            "source": check.text("source"),
            "tags": check.tags("tags"),
            "task": check.task("task", self.bank.blueprint),
            "pack": pack.id,
            "path": path,
            "line": raw.line,
        }
        item: AnyItem
        if kind == "mcq":
            choose = check.integer("choose", 1, MAX_OPTIONS - 1, required=False) or 1
            item = MCQ(
                **common,
                stem=check.text("stem"),
                options=check.options("options", choose),
                explanation=check.text("explanation", required=False),
                difficulty=check.integer("difficulty", 1, 3, required=False),
                scenario=check.choice("scenario", list(self.bank.blueprint.scenarios)),
                demo=check.slug("demo", required=False) or None,
                choose=choose,
            )
        elif kind == "pattern":
            item = Pattern(
                **common,
                looks_right=check.text("looks_right"),
                actually_wrong=check.text("actually_wrong"),
                holds=check.text("holds", required=False),
            )
        elif kind == "selfcheck":
            item = SelfCheck(**common, question=check.text("question"), answer=check.text("answer"))
        else:
            item = Card(**common, front=check.text("front"), back=check.text("back"))
        return None if check.failed else item


class _Checker:
    """Reads typed fields out of one mapping, noting every problem against it."""

    def __init__(
        self,
        loader: _Loader,
        where: _Where,
        data: LineDict,
        keys: tuple[tuple[str, ...], tuple[str, ...]],
        prefix: str = "",
    ) -> None:
        self.loader, self.where, self.data, self.prefix = loader, where, data, prefix
        self.failed = False
        required, optional = keys
        allowed = (*required, *optional)
        for key, dup_line, first_line in data.duplicates:
            self.fail(dup_line, _name(key), f"given twice (first on line {first_line})")
        for key in data:
            if key not in allowed:
                self.fail(data.line_of(key), _name(key), "unknown key" + _suggest(key, allowed))
        for key in required:
            if key not in data:
                self.fail(data.line, key, "missing")

    def fail(self, line: int, field: str, message: str) -> None:
        self.failed = True
        self.loader.error(self.where, line, self.prefix + field, message)

    def _get(self, key: str, required: bool) -> tuple[Any, int, bool]:
        present = key in self.data and not (not required and self.data[key] is None)
        return self.data.get(key), self.data.line_of(key), present

    def text(self, key: str, required: bool = True) -> Any:
        value, line, present = self._get(key, required)
        if not present:
            return None
        if value is None:
            self.fail(line, key, "is empty")
            return None
        if not isinstance(value, str):
            hint = "; quote it" if isinstance(value, bool | int | float) else ""
            self.fail(line, key, f"must be text, not {_type(value)}{hint}")
            return None
        if not value.strip():
            self.fail(line, key, "is empty")
            return None
        return visible(value.strip())

    def slug(self, key: str, required: bool = True) -> Any:
        value = self.text(key, required)
        if value is not None and not ID_RE.match(value):
            self.fail(
                self.data.line_of(key),
                key,
                f"{quote(value)} may hold only lower-case letters, digits and single '-'",
            )
            return None
        return value

    def choice(self, key: str, choices: Sequence[str]) -> Any:
        value = self.text(key, required=False)
        if value is not None and value not in choices:
            known = ", ".join(choices)
            message = f"unknown {key} {quote(value)}{_suggest(value, choices)} (one of: {known})"
            self.fail(self.data.line_of(key), key, message)
            return None
        return value

    def integer(self, key: str, low: int, high: int, required: bool = True) -> Any:
        value, line, present = self._get(key, required)
        if not present:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(line, key, f"must be a whole number from {low} to {high}, not {_type(value)}")
            return None
        if not low <= value <= high:
            self.fail(line, key, f"{value} is out of range {low} to {high}")
            return None
        return value

    def boolean(self, key: str) -> bool:
        value, line, present = self._get(key, required=False)
        if not present:
            return False
        if not isinstance(value, bool):
            self.fail(line, key, f"must be true or false, not {_type(value)}")
            return False
        return value

    def task(self, key: str, blueprint: Blueprint) -> str | None:
        """A task statement id such as "1.4"; written as text or, unquoted, as a number."""
        value, line, present = self._get(key, required=False)
        if not present:
            return None
        if isinstance(value, float | int) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str) or not value.strip():
            self.fail(line, key, f"must be a task statement such as '1.1', not {_type(value)}")
            return None
        value = value.strip()
        if value not in blueprint.tasks:
            close = blueprint.suggest_task(value)
            hint = f" (did you mean {close!r}?)" if close else ""
            first, last = next(iter(blueprint.tasks)), list(blueprint.tasks)[-1]
            self.fail(line, key, f"unknown task statement {value!r}{hint} ({first} to {last})")
            return None
        return value

    def options(self, key: str, choose: int = 1) -> tuple[Option, ...]:
        value, line, present = self._get(key, required=True)
        if not present:
            return ()
        if not isinstance(value, LineList):
            self.fail(line, key, f"must be a list of options, not {_type(value)}")
            return ()
        if not MIN_OPTIONS <= len(value) <= MAX_OPTIONS:
            expected = f"expected {MIN_OPTIONS} to {MAX_OPTIONS}"
            self.fail(line, key, f"has {len(value)} entries, {expected}")
        options: list[Option] = []
        for n, (entry, entry_line) in enumerate(zip(value, value.lines, strict=True), start=1):
            field = f"{key}[{n}]"
            if not isinstance(entry, LineDict):
                self.fail(entry_line, field, f"must be a mapping, not {_type(entry)}")
                continue
            check = _Checker(self.loader, self.where, entry, _OPTION_KEYS, prefix=field + ".")
            option = Option(
                text=check.text("text"),
                rationale=check.text("rationale"),
                correct=check.boolean("correct"),
            )
            self.failed = self.failed or check.failed
            options.append(option)
        marked = [f"{key}[{n}]" for n, option in enumerate(options, start=1) if option.correct]
        if len(marked) != choose:
            detail = "none is marked" if not marked else "marked: " + ", ".join(marked)
            if choose == 1:
                self.fail(line, key, f"exactly one option must be correct ({detail})")
            else:
                self.fail(
                    line,
                    key,
                    f"choose: {choose}, so exactly {choose} options must be correct ({detail})",
                )
        elif MIN_OPTIONS <= len(options) <= choose:
            self.fail(line, key, f"choose: {choose} needs more than {choose} options")
        return tuple(options)

    def tags(self, key: str) -> tuple[str, ...]:
        value, line, present = self._get(key, required=False)
        if not present:
            return ()
        if not isinstance(value, LineList):
            self.fail(line, key, f"must be a list of text, not {_type(value)}")
            return ()
        tags: list[str] = []
        for n, (tag, tag_line) in enumerate(zip(value, value.lines, strict=True), start=1):
            if not isinstance(tag, str) or not tag.strip():
                what = "is empty" if isinstance(tag, str) else f"must be text, not {_type(tag)}"
                self.fail(tag_line, f"{key}[{n}]", what)
            else:
                tags.append(visible(tag.strip()))
        return tuple(tags)


def _type(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"a true/false value ({str(value).lower()})"
    if isinstance(value, LineDict | dict):
        return "a mapping"
    if isinstance(value, LineList | list):
        return "a list"
    if isinstance(value, int | float):
        return f"a number ({value})"
    if isinstance(value, str):
        return "text"
    return f"a {type(value).__name__}"


def _line(value: Any) -> int | None:
    return value.line if isinstance(value, LineDict | LineList) else None


def _name(key: Any) -> str:
    """A key as a field name in a message: short, and shown, never acted on."""
    return quote(key)[1:-1] if isinstance(key, str) else quote(key)


def _suggest(key: Any, allowed: Sequence[str]) -> str:
    close = difflib.get_close_matches(str(key)[:100], allowed, n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""
