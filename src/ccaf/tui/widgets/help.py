"""The help overlay (`?`): a screen's keys and what they do, read from its own bindings.

Built from the bindings themselves, the list cannot drift from what the keys do: a binding
added to a screen appears here with its description, and one its screen says makes no sense
right now is listed as "not now". Bindings in one `Binding.Group` are one line: every key,
the group's description.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, ClassVar

from rich.text import Text
from textual.actions import parse
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.dom import DOMNode
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

KEYS_WIDTH = 16  # at most: longer lists of keys wrap


@dataclass(frozen=True, slots=True)
class KeyHelp:
    """One line of help: the keys, what they do, and whether they do it now."""

    keys: str
    description: str
    available: bool


def key_help(screen: Screen[Any], app: App[Any]) -> list[KeyHelp]:
    """The screen's keys, then the app's (those that work everywhere), in the order bound;
    Textual's own (focus, copy), which carry no id, last."""
    lines: dict[str, tuple[list[str], bool]] = {}
    bound = list(_bindings(screen, app))
    bound.sort(key=lambda pair: pair[1].id is None)
    screen_keys = {binding.key for node, binding in bound if node is screen}
    for node, binding in bound:
        if binding.system or not binding.description:
            continue
        if node is app and binding.key in screen_keys and not binding.priority:
            continue  # the screen's own binding of the key is the one that acts
        about = binding.group.description if binding.group else binding.description
        keys, available = lines.setdefault(about, ([], False))
        shown = app.get_key_display(dataclasses.replace(binding, key_display=None))
        if shown not in keys:
            keys.append(shown)
        lines[about] = (keys, available or _available(node, binding, screen, app))
    return [KeyHelp(_joined(keys), about, ok) for about, (keys, ok) in lines.items()]


def _bindings(screen: Screen[Any], app: App[Any]) -> Iterator[tuple[DOMNode, Binding]]:
    for node in (screen, app):
        for bindings in node._bindings.key_to_bindings.values():
            for binding in bindings:
                yield node, binding


def _available(node: DOMNode, binding: Binding, screen: Screen[Any], app: App[Any]) -> bool:
    namespace, name, parameters = parse(binding.action)
    target: DOMNode = {"app": app, "screen": screen}.get(namespace, node)
    return bool(target.check_action(name, parameters))


def _joined(keys: list[str]) -> str:
    """Keys for display, with runs of letters or digits shortened: a b c d 1 2 3 4 → a–d 1–4."""
    out: list[str] = []
    run: list[str] = []

    def close() -> None:
        if len(run) > 2:
            out.append(f"{run[0]}–{run[-1]}")
        else:
            out.extend(run)
        run.clear()

    for key in sorted(keys, key=_key_order) if _all_single(keys) else keys:
        if run and len(key) == 1 and len(run[-1]) == 1 and ord(key) == ord(run[-1]) + 1:
            run.append(key)
            continue
        close()
        run.append(key)
    close()
    return " ".join(out)


def _all_single(keys: list[str]) -> bool:
    return all(len(k) == 1 for k in keys)


def _key_order(key: str) -> tuple[int, str]:
    return (1 if key.isdigit() else 0, key)


def screen_name(screen: Screen[Any]) -> str:
    """What the help calls a screen: its `HELP_TITLE`, else its class name in words."""
    title = getattr(screen, "HELP_TITLE", None)
    if isinstance(title, str):
        return title
    words = re.findall(r"[A-Z][a-z]*", type(screen).__name__.removesuffix("Screen"))
    return " ".join(words).capitalize() or "This screen"


class HelpScreen(ModalScreen[None]):
    """The keys of the screen below, with what each does; esc or ? closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark", "close", "Close the help", id="help.close"),
        *(
            Binding(key, f"scroll('{how}')", "Scroll", show=False, id=f"help.scroll-{how}")
            for key, how in (
                ("down,j", "down"),
                ("up,k", "up"),
                ("pagedown", "page_down"),
                ("pageup", "page_up"),
                ("home", "home"),
                ("end", "end"),
            )
        ),
    ]
    DEFAULT_CSS = """
    HelpScreen {
        align: center middle;
    }
    HelpScreen #help {
        width: 76;
        max-width: 100%;
        height: auto;
        max-height: 100%;
        border: thick $accent;
        background: $surface;
        padding: 0 1;
    }
    HelpScreen #help-title {
        text-style: bold;
        margin-bottom: 1;
    }
    HelpScreen #help-keys {
        height: auto;
        max-height: 70vh;
    }
    HelpScreen .help-line {
        height: auto;
    }
    HelpScreen .keys {
        text-style: bold;
    }
    HelpScreen .about {
        width: 1fr;
    }
    HelpScreen .not-now {
        text-style: dim;
    }
    HelpScreen #help-close {
        color: $text-muted;
        margin-top: 1;
    }
    """

    def __init__(self, name: str, lines: list[KeyHelp]) -> None:
        super().__init__()
        self.screen_title = name
        self.lines = lines

    @classmethod
    def of(cls, screen: Screen[Any], app: App[Any]) -> HelpScreen:
        return cls(screen_name(screen), key_help(screen, app))

    def compose(self) -> ComposeResult:
        width = min(KEYS_WIDTH, max((len(line.keys) for line in self.lines), default=0))
        with Vertical(id="help"):
            yield Static(f"Keys: {self.screen_title}", id="help-title", markup=False)
            with VerticalScroll(id="help-keys"):
                for line in self.lines:
                    with Horizontal(classes="help-line" + ("" if line.available else " not-now")):
                        keys = Static(Text(line.keys), classes="keys")
                        keys.styles.width = width + 2
                        yield keys
                        about = line.description + ("" if line.available else " (not now)")
                        yield Static(Text(about), classes="about")
            yield Static("esc or ?: close", id="help-close")

    def action_close(self) -> None:
        self.dismiss(None)

    def action_scroll(self, how: str) -> None:
        keys = self.query_one("#help-keys", VerticalScroll)
        getattr(keys, f"scroll_{how}")(animate=False)
