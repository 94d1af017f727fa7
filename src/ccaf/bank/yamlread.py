"""Read YAML with libyaml, keeping the line of every mapping, key and list entry.

The document is built straight from libyaml's event stream (the parser half of
`yaml.CSafeLoader`) rather than through PyYAML's node graph and generator-based constructor:
the result is the same safe subset of YAML, at about a third of the cost, with line numbers
kept for error messages. Scalars are resolved and converted by the loader's own safe
resolver and constructor, so `yes`, `1e3` and `2026-11-24` mean what they mean to PyYAML.
"""

from __future__ import annotations

from typing import Any

import yaml
from yaml import events
from yaml.composer import ComposerError
from yaml.constructor import ConstructorError

from ccaf.text import quote, visible

try:
    _Loader: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment]
except AttributeError:  # PyYAML built without libyaml
    _Loader = yaml.SafeLoader

_STR = "tag:yaml.org,2002:str"
_MERGE = "tag:yaml.org,2002:merge"
_COLLECTION_TAGS = (None, "!", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq")
_NO_KEY = object()
#: How many values aliases may add to one document, in all. Question files rarely use anchors;
#: nine levels of nine aliases in 409 bytes would otherwise stand for 387 million values.
MAX_ALIASED_VALUES = 10_000


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


class _Mapping:
    """A mapping being built: the key waiting for its value, and `<<` merges to apply."""

    __slots__ = ("data", "key", "key_is_merge", "key_line", "merges")

    def __init__(self, data: LineDict) -> None:
        self.data = data
        self.key: Any = _NO_KEY
        self.key_line = 0
        self.key_is_merge = False
        self.merges: list[tuple[Any, int]] = []


def parse(text: str) -> Any:
    """Parse one YAML document. Mappings come back as `LineDict`, sequences as `LineList`.

    Raises `yaml.YAMLError` for syntax errors, unknown tags, undefined aliases, keys that are
    lists or mappings, and more than one document.
    """
    loader = _Loader(text)
    try:
        return _build(loader)
    finally:
        loader.dispose()


def _build(loader: Any) -> Any:
    # PyYAML's stubs describe the pure-Python classes; libyaml's events and marks are typed Any.
    get_event = loader.get_event
    first_chars = loader.yaml_implicit_resolvers
    stack: list[_Mapping | LineList] = []
    anchors: dict[str, Any] = {}
    root: Any = None
    documents = 0
    # Values as the document expands: an alias counts as the size of what it stands for.
    values = 0
    aliased = 0
    sizes: dict[str, int] = {}  # anchor -> values it stands for, once its node is complete
    opened: list[tuple[str | None, int]] = []  # each open collection's anchor, values before it

    def scalar(event: Any) -> Any:
        tag = event.tag
        value = event.value
        if tag is None or tag == "!":
            plain = event.implicit[0]
            if not plain or not value or value[0] not in first_chars:
                if plain and not value:
                    return None  # an empty plain scalar is null
                return value
            tag = loader.resolve(yaml.ScalarNode, value, event.implicit)
            if tag in (_STR, _MERGE):  # a merge key `<<` is handled by `place`
                return value
        elif tag == _STR:
            return value
        node = yaml.ScalarNode(tag, value, event.start_mark, event.end_mark, event.style)
        try:
            return loader.construct_object(node, deep=True)
        except yaml.YAMLError:
            raise
        except Exception as exc:  # PyYAML lets int("nope") and friends escape as they are
            raise ConstructorError(
                None, None, f"cannot read {quote(value)} as {tag}: {exc}", event.start_mark
            ) from exc

    def place(value: Any, event: Any) -> None:
        nonlocal root
        anchor = getattr(event, "anchor", None)
        if anchor is not None and not isinstance(event, events.AliasEvent):
            if anchor in anchors:
                raise ComposerError(
                    f"found duplicate anchor {quote(anchor)}",
                    None,
                    "second occurrence",
                    event.start_mark,
                )
            anchors[anchor] = value
        if not stack:
            root = value
            return
        top = stack[-1]
        line = event.start_mark.line + 1
        if isinstance(top, LineList):
            top.append(value)
            top.lines.append(line)
            return
        if top.key is _NO_KEY:
            if isinstance(value, dict | list):
                raise ConstructorError(
                    "while constructing a mapping",
                    None,
                    "found a key that is a list or a mapping",
                    event.start_mark,
                )
            top.key, top.key_line = value, line
            top.key_is_merge = (
                isinstance(event, events.ScalarEvent)
                and value == "<<"
                and event.tag is None
                and event.implicit[0]
            )
            return
        key, top.key = top.key, _NO_KEY
        if top.key_is_merge:
            top.merges.append((value, top.key_line))
            return
        data = top.data
        first_line = data.key_lines.get(key)
        if first_line is not None:
            data.duplicates.append((key, top.key_line, first_line))
        data[key] = value
        data.key_lines[key] = top.key_line

    def check_tag(event: Any) -> None:
        if event.tag not in _COLLECTION_TAGS:
            raise ConstructorError(
                None,
                None,
                f"could not determine a constructor for the tag {quote(event.tag)}",
                event.start_mark,
            )

    while True:
        event: Any = get_event()
        kind = type(event)
        if kind is events.ScalarEvent:
            values += 1
            if event.anchor is not None:
                sizes[event.anchor] = 1
            place(scalar(event), event)
        elif kind is events.MappingStartEvent:
            check_tag(event)
            opened.append((event.anchor, values))
            values += 1
            mapping = _Mapping(LineDict(event.start_mark.line + 1))
            place(mapping.data, event)  # placed first, so that aliases inside it can refer to it
            stack.append(mapping)
        elif kind is events.SequenceStartEvent:
            check_tag(event)
            opened.append((event.anchor, values))
            values += 1
            sequence = LineList(event.start_mark.line + 1)
            place(sequence, event)
            stack.append(sequence)
        elif kind is events.MappingEndEvent or kind is events.SequenceEndEvent:
            done = stack.pop()
            if isinstance(done, _Mapping):
                _apply_merges(done, event)
            anchor, before = opened.pop()
            if anchor is not None:
                sizes[anchor] = values - before
        elif kind is events.AliasEvent:
            if event.anchor not in anchors:
                raise ComposerError(
                    None, None, f"found undefined alias {quote(event.anchor)}", event.start_mark
                )
            # An alias to a node still open (a cycle) adds no values: nothing prints it twice.
            size = sizes.get(event.anchor, 1)
            values += size
            aliased += size
            if aliased > MAX_ALIASED_VALUES:
                raise ComposerError(
                    None,
                    None,
                    f"aliases expand to more than {MAX_ALIASED_VALUES:,} values: refused",
                    event.start_mark,
                )
            place(anchors[event.anchor], event)
        elif kind is events.DocumentStartEvent:
            documents += 1
            if documents > 1:
                raise ComposerError(
                    "expected a single document in the stream",
                    None,
                    "but found another document",
                    event.start_mark,
                )
            anchors.clear()
        elif kind is events.StreamEndEvent:
            return root


def _apply_merges(mapping: _Mapping, event: Any) -> None:
    """Apply `<<: *anchor` merges: keys given in the mapping itself win."""
    data = mapping.data
    for value, line in mapping.merges:
        sources = value if isinstance(value, list) else [value]
        for source in sources:
            if not isinstance(source, dict):
                raise ConstructorError(
                    "while constructing a mapping",
                    None,
                    "expected a mapping or a list of mappings for merging",
                    event.start_mark,
                )
            for key, merged in source.items():
                if key not in data:
                    data[key] = merged
                    data.key_lines[key] = line


def error_line(exc: yaml.YAMLError) -> int | None:
    """The 1-based line a YAML error points at, if it points anywhere."""
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    return mark.line + 1 if mark is not None else None


def error_text(exc: yaml.YAMLError) -> str:
    """A one-line description of a YAML error, without the excerpts PyYAML prints."""
    if not isinstance(exc, yaml.MarkedYAMLError):
        return visible(f"YAML: {exc}")
    context = exc.context or ""
    start, problem = exc.context_mark, exc.problem_mark
    if context and start is not None and problem is not None and start.line != problem.line:
        context += f" (from line {start.line + 1})"
    parts = [p for p in (context, exc.problem) if p]
    return visible("YAML: " + ", ".join(parts)) if parts else "YAML: syntax error"
