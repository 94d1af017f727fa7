"""Small helpers for wording shown to people."""


def plural(count: int, noun: str, plural_form: str | None = None) -> str:
    """`plural(1, "item")` is "1 item"; `plural(2, "item")` is "2 items"."""
    word = noun if count == 1 else (plural_form or noun + "s")
    return f"{count} {word}"
