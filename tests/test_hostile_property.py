"""Property: any text in a bank (markup, escape sequences, surrogates) goes through `ccaf
validate`, Home and the drill's filters without a crash, and nothing written holds a control
character a terminal would obey."""

from __future__ import annotations

import asyncio
import contextlib
import io
import re
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ccaf.cli import main
from ccaf.store.db import Store
from ccaf.tui.app import CcafApp
from ccaf.tui.screens.drill_setup import DrillSetupScreen
from ccaf.tui.screens.home import HomeScreen

from samples import FakeClock

#: What may not reach a terminal: C0 controls but tab and newline, DEL, C1, lone surrogates.
OBEYED = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")

pieces = st.one_of(
    st.sampled_from(
        [
            "[/]",
            "[b]",
            "[/b",
            "[@click=app.quit]",
            "[$x]",
            "[link=https://x]",
            "\\",
            "]",
            "[",
            "\x1b]0;T\x07",
            "\x1b[2J",
            "\x9b2J",
            "\x00",
            "\r",
            "\u202e",
            "\ud800",
            "é",
            ":",
            "#",
            "- ",
        ]
    ),
    st.text(st.characters(codec="utf-8", exclude_characters="\n"), max_size=5),
    st.characters(),  # surrogates included
)
texts = st.lists(pieces, min_size=1, max_size=6).map("".join)


def yaml_quoted(text: str) -> str:
    """A YAML double-quoted scalar; characters YAML cannot hold raw are escaped (a lone
    surrogate's escape is refused by the YAML reader: a problem to report, not a crash)."""
    out = []
    for char in text:
        code = ord(char)
        if char in '"\\':
            out.append("\\" + char)
        elif 0x20 <= code < 0x7F:
            out.append(char)
        elif code <= 0xFF:
            out.append(f"\\x{code:02x}")
        elif code <= 0xFFFF:
            out.append(f"\\u{code:04x}")
        else:
            out.append(f"\\U{code:08x}")
    return '"' + "".join(out) + '"'


def write_bank(root: Path, title: str, tag: str, front: str, option: str, raw: str) -> Path:
    pack = root / "bank" / "prop"
    pack.mkdir(parents=True)
    (pack / "pack.yaml").write_text(
        f"id: prop\nconcept: {yaml_quoted(tag)}\ntitle: {yaml_quoted(title)}\ndomain: 1\n"
    )
    (pack / "items.yaml").write_text(
        f"- id: card-a\n  kind: card\n  source: s\n  tags: [{yaml_quoted(tag)}]\n"
        f"  front: {yaml_quoted(front)}\n  back: {yaml_quoted(option)}\n"
        f"- id: q-a\n  kind: mcq\n  source: s\n  tags: [{yaml_quoted(tag)}, {yaml_quoted(title)}]\n"
        f"  stem: {yaml_quoted(front)}\n  options:\n"
        f"    - {{text: {yaml_quoted(option)}, correct: true, rationale: r}}\n"
        f"    - {{text: b, rationale: {yaml_quoted(option)}}}\n"
        f"  {yaml_quoted(tag)}: unknown key\n"
    )
    # Raw text, unquoted: it may not even be YAML.
    (pack / "raw.yaml").write_bytes(
        f"- id: {raw}\n  kind: {raw}\n".encode("utf-8", "surrogatepass")
    )
    return pack.parent


async def home_and_filters(bank: Path) -> str:
    store = Store.memory()
    app = CcafApp([bank], store, clock=FakeClock(), fuzz=False, seed=7)
    drawn = ""
    async with app.run_test(size=(100, 32)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen) and app.bank is not None
        drawn += app.export_screenshot()
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, DrillSetupScreen)
        await pilot.click("#tag")
        await pilot.pause()
        drawn += app.export_screenshot()
        await pilot.press("escape", "escape", "escape")
    assert app.return_code in (None, 0)
    store.close()
    return drawn


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(texts, texts, texts, texts, texts)
def test_any_bank_text_is_validated_and_shown(
    title: str, tag: str, front: str, option: str, raw: str
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        bank = write_bank(Path(tmp), title, tag, front, option, raw)
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            code = main(["validate", str(bank)])
        assert code in (0, 1)
        printed = out.getvalue()
        assert not OBEYED.search(printed), printed
        printed.encode("utf-8")  # writable to a terminal
        drawn = asyncio.run(home_and_filters(bank))
        assert not OBEYED.search(drawn)
