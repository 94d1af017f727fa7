"""The content model's helpers and the bank's summary table."""

from __future__ import annotations

from pathlib import Path

from ccaf.bank.loader import load_bank
from ccaf.bank.model import MCQ, Bank, BankError, Card, Option
from ccaf.bank.report import counts_table

from conftest import WritePack
from samples import EXAM_PACK_YAML, PACK_YAML, exam_pack, study_pack


def test_counts_table(write_pack: WritePack) -> None:
    write_pack(pack_yaml=PACK_YAML, **study_pack())
    bank_dir = write_pack(
        "exam", pack_yaml=EXAM_PACK_YAML.replace("id: demo", "id: exam"), **exam_pack()
    ).parent
    bank = load_bank([bank_dir])
    assert bank.errors == []
    assert counts_table(bank).splitlines() == [
        "pack   scope   domain  mcq  pattern  selfcheck  card  total",
        "-----  ------  ------  ---  -------  ---------  ----  -----",
        "demo   beyond  1         4        2          2     3     11",
        "exam   exam    1         4        0          0     0      4",
        "-----  ------  ------  ---  -------  ---------  ----  -----",
        "total                    8        2          2     3     15",
    ]


def test_errors_print_where_which_item_and_field() -> None:
    path = Path("pack/a.yaml")
    assert (
        str(BankError(path, 3, "missing", "q1", "stem")) == "pack/a.yaml:3: item q1: stem: missing"
    )
    assert str(BankError(path, None, "not UTF-8 text")) == "pack/a.yaml: not UTF-8 text"
    assert str(BankError(path, 0, "m", field="id")) == "pack/a.yaml:0: id: m"
    assert str(BankError(path, 2, "m", "q2")) == "pack/a.yaml:2: item q2: m"


def test_scope_domain_and_counts_of_items(exam_bank: Bank) -> None:
    item = exam_bank.items["q-two"]
    assert isinstance(item, MCQ)
    assert exam_bank.scope_of(item) == "exam" and exam_bank.domain_of(item) == 4
    assert item.correct_indexes == {0, 2} and item.correct_index == 0
    assert [i.id for i in exam_bank.in_pack("exam")] == ["q-loop", "q-tools", "q-two", "q-null"]
    assert exam_bank.in_pack("nope") == []
    stray = Card(id="c", source="s", pack="gone", path=Path("x"), line=1, front="f", back="b")
    assert exam_bank.scope_of(stray) == "exam" and exam_bank.domain_of(stray) == 0
    untasked = Card(id="d", source="s", pack="exam", path=Path("x"), line=1, front="f", back="b")
    assert exam_bank.domain_of(untasked) == 1  # the pack's domain
    unknown = Card(
        id="e", source="s", pack="exam", path=Path("x"), line=1, task="9.9", front="f", back="b"
    )
    assert exam_bank.domain_of(unknown) == 1
    exam_bank.items["c"] = stray
    counts = exam_bank.counts()
    assert counts["exam"] == {"mcq": 4} and counts["gone"] == {"card": 1}
    assert Option("t", "r").correct is False
