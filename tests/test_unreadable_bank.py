"""Bank folders that cannot be read are reported, by validate, stats and Home; never skipped."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from textual.widgets import Static

from apps import make_app, settle
from ccaf.bank.loader import load_bank
from ccaf.cli import main
from ccaf.store.db import Store

from conftest import WritePack
from samples import CARD, MCQ, FakeClock

Deny = Callable[[Path], None]


@pytest.fixture
def deny(monkeypatch: pytest.MonkeyPatch) -> Iterator[Deny]:
    """Make a folder unreadable: chmod 0, and for root (whom permissions do not stop) a
    refusal where the OS would make it, when the folder is listed."""
    denied: list[Path] = []
    real_iterdir = Path.iterdir

    def iterdir(self: Path) -> Iterator[Path]:
        if self in denied:
            raise PermissionError(13, "Permission denied", str(self))
        return real_iterdir(self)

    if os.geteuid() == 0:
        monkeypatch.setattr(Path, "iterdir", iterdir)

    def refuse(path: Path) -> None:
        denied.append(path)
        path.chmod(0)

    yield refuse
    for path in denied:
        path.chmod(0o755)


def test_an_unreadable_bank_is_reported(
    tmp_path: Path, deny: Deny, capsys: pytest.CaptureFixture[str]
) -> None:
    bank = tmp_path / "bank"
    bank.mkdir()
    deny(bank)
    assert main(["validate", str(bank)]) == 1
    out = capsys.readouterr().out
    assert out.splitlines()[0] == f"{bank}: cannot read: Permission denied"
    # stats --json: the error, and a non-zero exit for scripts.
    assert main(["--bank", str(bank), "--data-dir", str(tmp_path), "stats", "--json"]) == 1
    assert f"ccaf: {bank}: cannot read: Permission denied" in capsys.readouterr().err


def test_an_unreadable_pack_folder_is_reported_not_skipped(
    write_pack: WritePack, deny: Deny, capsys: pytest.CaptureFixture[str]
) -> None:
    good = write_pack(**{"a.yaml": CARD})
    locked = write_pack(name="locked", **{"a.yaml": MCQ})
    deny(locked)
    bank = load_bank([good.parent])
    assert [str(e) for e in bank.errors] == [f"{locked}: cannot read: Permission denied"]
    assert list(bank.items) == ["card-one"]
    assert main(["validate", str(good.parent)]) == 1
    assert f"{locked}: cannot read: Permission denied" in capsys.readouterr().out


async def test_home_says_what_it_could_not_read(
    tmp_path: Path, deny: Deny, store: Store, clock: FakeClock
) -> None:
    bank = tmp_path / "bank"
    bank.mkdir()
    deny(bank)
    app = make_app(bank, store, clock)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        problems = str(app.screen.query_one("#problems", Static).render())
        assert f"{bank}: cannot read: Permission denied" in problems


def test_stats_json_with_a_missing_bank_exits_non_zero(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "nonexistent"
    assert main(["--bank", str(missing), "--data-dir", str(tmp_path), "stats", "--json"]) == 1
    assert f"{missing}: no such file or directory" in capsys.readouterr().err
