"""An alias bomb in a bank is refused in one line, and no message quotes an unbounded value."""

from __future__ import annotations

import itertools

import pytest
from textual.widgets import Static

from apps import make_app, settle
from ccaf.bank.loader import load_bank
from ccaf.cli import main
from ccaf.store.db import Store

from conftest import WritePack
from samples import CARD, FakeClock


def alias_bomb() -> str:
    """Nine levels of nine aliases (387 million values), used as an item's kind: 358 bytes."""
    names = "abcdefghi"
    lines = ["- a: &a [x,x,x,x,x,x,x,x,x]"]
    for before, name in itertools.pairwise(names):
        lines.append(f"  {name}: &{name} [" + ",".join([f"*{before}"] * 9) + "]")
    lines.append("  id: bomb\n  kind: *i\n  source: s\n")
    return "\n".join(lines)


def test_the_alias_bomb_is_refused_in_one_line(write_pack: WritePack) -> None:
    pack = write_pack(**{"bomb.yaml": alias_bomb(), "a.yaml": CARD})
    bank = load_bank([pack])
    assert [str(e) for e in bank.errors] == [
        f"{pack / 'bomb.yaml'}:5: YAML: aliases expand to more than 10,000 values: refused"
    ]
    assert list(bank.items) == ["card-one"]  # the rest of the bank loads


def test_validate_reports_the_alias_bomb(
    write_pack: WritePack, capsys: pytest.CaptureFixture[str]
) -> None:
    pack = write_pack(**{"bomb.yaml": alias_bomb()})
    assert main(["validate", str(pack)]) == 1
    out = capsys.readouterr().out
    assert "aliases expand to more than 10,000 values" in out
    assert len(out) < 500


async def test_home_shows_the_alias_bomb_as_a_problem(
    write_pack: WritePack, store: Store, clock: FakeClock
) -> None:
    pack = write_pack(**{"bomb.yaml": alias_bomb(), "a.yaml": CARD})
    app = make_app(pack, store, clock)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        assert app.bank is not None and list(app.bank.items) == ["card-one"]
        problems = str(app.screen.query_one("#problems", Static).render())
        assert "aliases expand to more than 10,000 values" in problems


def test_quoted_values_are_capped(write_pack: WritePack) -> None:
    long_kind = "k" * 100_000
    pack = write_pack(**{"a.yaml": f"- id: x\n  kind: {long_kind}\n  source: s\n"})
    [error] = load_bank([pack]).errors
    assert "unknown kind 'kkkk" in str(error)
    assert len(str(error)) < 300


def test_an_anchor_used_a_few_times_still_loads(write_pack: WritePack) -> None:
    text = (
        "- &card\n  id: card-a\n  kind: card\n  source: s\n  front: F\n  back: B\n"
        "- <<: *card\n  id: card-b\n"
    )
    bank = load_bank([write_pack(**{"a.yaml": text})])
    assert bank.errors == [] and sorted(bank.items) == ["card-a", "card-b"]
