"""The footer every ccaf screen shows: the screen's keys, then help, quit and the palette.

Help, quit and the command palette work everywhere, so they are kept together at the right
end, where a narrow terminal cannot push them out of sight as it can the screen's own keys.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import HorizontalGroup
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

#: The actions kept at the right end, in this order (the palette's key follows them).
EVERYWHERE = ("show_keys", "quit")


class AppFooter(Footer):
    DEFAULT_CSS = """
    /* One space before a key and one between it and its word (Textual's footer puts two
       between keys): a column saved per key, so more fit, and each key still stands apart
       from its word without relying on colour. */
    AppFooter FooterKey .footer-key--key {
        padding: 0 0 0 1;
    }
    AppFooter FooterKey .footer-key--description {
        padding: 0 0 0 1;
    }
    AppFooter #everywhere {
        dock: right;
        width: auto;
        height: 1;
        border-left: vkey $foreground 20%;
        background: $footer-background;
    }
    AppFooter #everywhere FooterKey.-command-palette {
        dock: none;
        border-left: none;
        padding-right: 1;
        .footer-key--key {
            padding: 0 0 0 1;
        }
        .footer-key--description {
            padding: 0 0 0 1;
        }
    }
    """

    def compose(self) -> ComposeResult:
        kept: dict[str, FooterKey] = {}
        for widget in super().compose():
            if not isinstance(widget, FooterKey):
                yield widget
                continue
            action = widget.action.removeprefix("app.")
            if action in EVERYWHERE:
                kept.setdefault(action, widget)
            elif widget.has_class("-command-palette"):
                kept["command_palette"] = widget
            else:
                yield widget
        if kept:
            with HorizontalGroup(id="everywhere"):
                for action in (*EVERYWHERE, "command_palette"):
                    if action in kept:
                        yield kept[action]
