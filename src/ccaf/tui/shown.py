"""Text from outside the app (a bank, a stream, a file name, the store) shown as written.

Such text is never markup, so `[@click=app.quit]` or `[/]` in a pack title is just text, and
its control characters are written out, so an escape sequence in a card is shown, not obeyed.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from rich.text import Text
from textual.app import App
from textual.content import Content
from textual.notifications import SeverityLevel

from ccaf.store.db import NotSaved
from ccaf.text import visible


def literal(text: object, style: str = "") -> Text:
    """Outside text as a renderable for any widget: cells, options, statics, titles."""
    return Text(visible(str(text)), style=style)


def filled(template: str, **values: object) -> Content:
    """Our own markup `template`, with outside text in its `$name` slots, inserted as written."""
    return Content.from_markup(template, **{k: visible(str(v)) for k, v in values.items()})


def tell(
    app: App[Any],
    message: str,
    title: str = "",
    severity: SeverityLevel = "information",
    timeout: float | None = None,
) -> None:
    """A notification whose message holds outside text: shown as written, never markup."""
    app.notify(visible(message), title=title, severity=severity, timeout=timeout, markup=False)


@contextmanager
def saving(app: App[Any], what: str) -> Iterator[None]:
    """Run a write to the store; if the store refuses it, say that `what` was not saved.

    The write's own session is left as it was before it (nothing shown as saved that is not),
    and what was saved before is untouched: the store rolled the failed write back.
    """
    try:
        yield
    except NotSaved as exc:
        _say_not_saved(app, what, exc)


@contextmanager
def saving_retried(app: App[Any], what: str, refused: set[str]) -> Iterator[None]:
    """`saving` for a write that a timer retries: the first refusal is said, the retries that
    fail after it are quiet, and once `what` is saved a later refusal is said again.
    `refused` holds what is being retried; the caller keeps it between tries."""
    try:
        yield
    except NotSaved as exc:
        if what not in refused:
            refused.add(what)
            _say_not_saved(app, what, exc)
    else:
        refused.discard(what)


def _say_not_saved(app: App[Any], what: str, exc: NotSaved) -> None:
    tell(
        app,
        f"{what} was not saved: {exc.reason}. What was saved before is kept. ({exc.path})",
        title="Not saved",
        severity="error",
        timeout=15,
    )
