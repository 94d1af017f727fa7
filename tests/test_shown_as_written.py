"""Bank text is shown as written: escape sequences made visible, markup never parsed or acted on."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import DataTable, OptionList, Select, Static
from textual.widgets._toast import Toast

from apps import make_app, settle
from ccaf.bank.loader import load_bank
from ccaf.cli import main
from ccaf.store.db import Store
from ccaf.tui.app import Start
from ccaf.tui.screens.drill import DrillScreen
from ccaf.tui.screens.drill_setup import DrillSetupScreen
from ccaf.tui.screens.home import HomeScreen
from ccaf.tui.screens.review import ReviewScreen

from conftest import WritePack
from samples import CARD, MCQ, FakeClock

ESC_CLEAR = "\x1b[2J"  # clears the screen

# -- escape sequences ------------------------------------------------------------------------

ESCAPED_PACK = (
    'id: demo\nconcept: "D1\\e[2J"\ntitle: "Pack \\e]0;PWNED\\a one"\ndomain: 1\nscope: beyond\n'
)
ESCAPED_CARD = (
    "- id: card-esc\n  kind: card\n  source: s\n"
    '  front: "Front \\e]0;PWNED\\a text"\n  back: "Back \\e[2J text"\n'
)
ESCAPED_ERRORS = (
    '- id: "bad-\\e[2J"\n  kind: card\n  source: s\n  front: f\n  back: b\n'
    '  "key\\e]0;PWNED\\a": 1\n'
)


@pytest.fixture
def escaped_bank(write_pack: WritePack) -> Path:
    """ESC in a pack title, a concept, card text, an id, a key, and a file's name."""
    return write_pack(
        pack_yaml=ESCAPED_PACK,
        **{"cards.yaml": ESCAPED_CARD, f"bad{ESC_CLEAR}.yaml": ESCAPED_ERRORS},
    )


def test_validate_shows_escapes_and_writes_none(
    escaped_bank: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate", str(escaped_bank)]) == 1
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out
    assert "bad\\x1b[2J.yaml" in out  # the file name
    assert "'bad-\\x1b[2J' may hold only" in out  # the id
    assert "key\\x1b]0;PWNED\\x07: unknown key" in out  # the key


def test_validate_counts_show_escapes(
    write_pack: WritePack, capsys: pytest.CaptureFixture[str]
) -> None:
    pack = write_pack(pack_yaml=ESCAPED_PACK, **{"cards.yaml": ESCAPED_CARD})
    assert main(["validate", str(pack)]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and out.splitlines()[2].split()[:2] == ["demo", "beyond"]


def test_loaded_text_holds_no_control_characters(escaped_bank: Path) -> None:
    bank = load_bank([escaped_bank])
    assert bank.packs["demo"].title == "Pack \\x1b]0;PWNED\\x07 one"
    assert bank.packs["demo"].concept == "D1\\x1b[2J"
    card = bank.items["card-esc"]
    assert card.front == "Front \\x1b]0;PWNED\\x07 text"  # type: ignore[union-attr]


def test_loaded_text_shows_bidirectional_controls(write_pack: WritePack) -> None:
    """A right-to-left override in a question would show it reordered: it is written out."""
    card = (
        "- id: card-bidi\n  kind: card\n  source: s\n"
        '  front: "Refund \\u202Etnuocca\\u202C now"\n  back: "Back \\u2066x\\u2069 \\u200F"\n'
    )
    bank = load_bank([write_pack(pack_yaml=ESCAPED_PACK, **{"cards.yaml": card})])
    item = bank.items["card-bidi"]
    assert item.front == "Refund \\u202etnuocca\\u202c now"  # type: ignore[union-attr]
    assert item.back == "Back \\u2066x\\u2069 \\u200f"  # type: ignore[union-attr]


async def test_home_and_flashcards_draw_no_escape(
    escaped_bank: Path, store: Store, clock: FakeClock
) -> None:
    app = make_app(escaped_bank, store, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        home = app.screen
        assert isinstance(home, HomeScreen)
        table = home.query_one("#packs", DataTable)
        assert str(table.get_row_at(0)[0]) == "Pack \\x1b]0;PWNED\\x07 one"
        problems = str(home.query_one("#problems", Static).render())
        assert "bad\\x1b[2J.yaml" in problems and "key\\x1b]0;PWNED\\x07" in problems
        assert "\x1b" not in app.export_screenshot()
        await pilot.press("c")  # cram: every card
        await pilot.pause()
        review = app.screen
        assert isinstance(review, ReviewScreen)
        await pilot.press("space")
        await pilot.pause()
        assert "Back \\x1b[2J text" in str(review.query_one("#back", Static).render())
        assert "\x1b" not in app.export_screenshot()


# -- markup ----------------------------------------------------------------------------------

CLICK_PACK = "id: demo\nconcept: D1.1\ntitle: '[@click=app.quit]QT'\ndomain: 1\nscope: beyond\n"


async def test_a_click_in_a_pack_title_does_nothing(
    write_pack: WritePack, store: Store, clock: FakeClock
) -> None:
    pack = write_pack(pack_yaml=CLICK_PACK, **{"a.yaml": MCQ})
    app = make_app(pack, store, clock)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        await pilot.press("d")
        setup = app.screen
        assert isinstance(setup, DrillSetupScreen)
        select = setup.query_one("#pack", Select)
        await pilot.click(select)  # open the pack list
        await pilot.pause()
        overlay = select.query_one("SelectOverlay", OptionList)
        prompts = [str(overlay.get_option_at_index(n).prompt) for n in range(2)]
        assert prompts[1] == "[@click=app.quit]QT (beyond the exam)"
        await pilot.click(overlay, offset=(4, 1))  # on the title's text, once a link
        await pilot.pause()
        assert app.is_running and app.return_code is None
        assert select.value == "demo"


async def test_a_tag_that_closes_markup_is_listed(
    write_pack: WritePack, store: Store, clock: FakeClock
) -> None:
    card = MCQ.replace("  source: a page", "  source: a page\n  tags: ['[/]', '[b]x[/b', '[$x]']")
    pack = write_pack(**{"a.yaml": card})
    app = make_app(pack, store, clock)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        await pilot.press("d")
        setup = app.screen
        assert isinstance(setup, DrillSetupScreen)
        select = setup.query_one("#tag", Select)
        await pilot.click(select)
        await pilot.pause()
        overlay = select.query_one("SelectOverlay", OptionList)
        prompts = [str(overlay.get_option_at_index(n).prompt) for n in range(4)]
        assert prompts[1:] == ["[$x]", "[/]", "[b]x[/b"]
        await pilot.press("down", "down", "enter")
        assert select.value == "[/]"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, DrillScreen)  # a drill on that tag


async def test_a_filter_notice_shows_a_tag_as_written(
    write_pack: WritePack, store: Store, clock: FakeClock
) -> None:
    from ccaf.study.drill import DrillFilter

    pack = write_pack(**{"a.yaml": MCQ})
    start = Start(screen="drill", drill=DrillFilter(tags=("[b]x[/b", "[/]")))
    app = make_app(pack, store, clock, start)
    async with app.run_test(size=(100, 32), notifications=True) as pilot:
        await settle(pilot)
        await pilot.pause()
        [toast] = app.screen.query(Toast)
        assert "No questions match: tag [b]x[/b, [/]." in str(toast.render())


async def test_a_pack_folder_named_like_markup_is_shown_as_written(
    write_pack: WritePack, store: Store, clock: FakeClock
) -> None:
    pack = write_pack(name="[$x]pack", pack_yaml=None, **{"a.yaml": MCQ, "b.yaml": CARD})
    start = Start(screen="drill")
    app = make_app(pack, store, clock, start)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        where = str(app.screen.query_one("#where", Static).render())
        assert "Question 1 of 1 · [$x]pack · support-agent" in where
        await pilot.press("escape", "c")  # cram, from Home
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        where = str(app.screen.query_one("#where", Static).render())
        assert "Cram: the schedule is left as it is · [$x]pack · 1 card to go" in where
