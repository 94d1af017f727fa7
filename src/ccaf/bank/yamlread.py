"""Read YAML with libyaml, keeping the line of every mapping, key and list entry."""

from __future__ import annotations

from collections.abc import Hashable, Iterator
from typing import Any

import yaml

try:
    _Base: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment]
except AttributeError:  # PyYAML built without libyaml
    _Base = yaml.SafeLoader


class LineDict(dict[Any, Any]):
    """A mapping that knows the line it starts on and the line of each key."""

    __slots__ = ("duplicates", "key_lines", "line")

    def __init__(self, line: int) -> None:
        super().__init__()
        self.line = line
        self.key_lines: dict[Any, int] = {}
        #: (key, line of the repeated key, line of the first one)
        self.duplicates: list[tuple[Any, int, int]] = []

    def line_of(self, key: Any) -> int:
        return self.key_lines.get(key, self.line)


class LineList(list[Any]):
    """A sequence that knows the line it starts on and the line of each entry."""

    __slots__ = ("line", "lines")

    def __init__(self, line: int) -> None:
        super().__init__()
        self.line = line
        self.lines: list[int] = []


class UnhashableKeyError(yaml.MarkedYAMLError):
    pass


class _Loader(_Base):  # type: ignore[misc, valid-type]
    pass


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> Iterator[LineDict]:
    data = LineDict(node.start_mark.line + 1)
    yield data
    loader.flatten_mapping(node)
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=False)
        if not isinstance(key, Hashable):
            raise UnhashableKeyError(
                "while constructing a mapping",
                node.start_mark,
                "found a key that is a list or a mapping",
                key_node.start_mark,
            )
        line = key_node.start_mark.line + 1
        if key in data.key_lines:
            data.duplicates.append((key, line, data.key_lines[key]))
        data[key] = loader.construct_object(value_node, deep=False)
        data.key_lines[key] = line


def _construct_sequence(loader: _Loader, node: yaml.SequenceNode) -> Iterator[LineList]:
    data = LineList(node.start_mark.line + 1)
    yield data
    for child in node.value:
        data.append(loader.construct_object(child, deep=False))
        data.lines.append(child.start_mark.line + 1)


_Loader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)
_Loader.add_constructor("tag:yaml.org,2002:seq", _construct_sequence)


def parse(text: str) -> Any:
    """Parse one YAML document. Mappings come back as `LineDict`, sequences as `LineList`.

    Raises `yaml.YAMLError` (syntax, unknown tags, unhashable keys) and `RecursionError`
    (absurd nesting); the loader turns both into bank errors.
    """
    loader = _Loader(text)
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()


def error_line(exc: yaml.YAMLError) -> int | None:
    """The 1-based line a YAML error points at, if it points anywhere."""
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    return mark.line + 1 if mark is not None else None


def error_text(exc: yaml.YAMLError) -> str:
    """A one-line description of a YAML error, without the excerpts PyYAML prints."""
    if not isinstance(exc, yaml.MarkedYAMLError):
        return f"YAML: {exc}"
    context = exc.context or ""
    start, problem = exc.context_mark, exc.problem_mark
    if context and start is not None and problem is not None and start.line != problem.line:
        context += f" (from line {start.line + 1})"
    parts = [p for p in (context, exc.problem) if p]
    return "YAML: " + ", ".join(parts) if parts else "YAML: syntax error"
