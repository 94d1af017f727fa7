"""Shared fixtures: small packs written to a temporary directory."""

from __future__ import annotations

import os
import tempfile
import textwrap
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from ccaf.bank.loader import load_bank
from ccaf.bank.model import Bank
from ccaf.store.db import Store

from samples import EXAM_PACK_YAML, PACK_YAML, FakeClock, exam_pack, study_pack

# Property tests without an example count of their own take it from the profile: "ccaf" by
# default; scripts/mutation.py passes --hypothesis-profile=mutation, which runs fewer examples,
# derandomized, so that each mutant meets the same inputs and the kill rates repeat.
settings.register_profile("ccaf", max_examples=150, deadline=None)
settings.register_profile(
    "mutation",
    max_examples=25,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
settings.load_profile("ccaf")

# Dates on screen (charts, due times) are in local time: pin it so snapshots are stable.
os.environ["TZ"] = "UTC"
time.tzset()

# A command run without --data-dir uses the platform's user data directory: point it at a
# directory of the test run's own, so that no test reads or writes the machine user's progress.
os.environ["XDG_DATA_HOME"] = tempfile.mkdtemp(prefix="ccaf-tests-")

WritePack = Callable[..., Path]


@pytest.fixture
def write_pack(tmp_path: Path) -> WritePack:
    """Write a pack: `write_pack(**{"a.yaml": text})`; `pack_yaml=None` leaves pack.yaml out."""

    def write(name: str = "demo", pack_yaml: str | None = PACK_YAML, **files: str) -> Path:
        pack = tmp_path / "bank" / name
        pack.mkdir(parents=True, exist_ok=True)
        if pack_yaml is not None:
            (pack / "pack.yaml").write_text(textwrap.dedent(pack_yaml))
        for filename, text in files.items():
            (pack / filename).write_text(textwrap.dedent(text))
        return pack

    return write


@pytest.fixture
def study_bank(write_pack: WritePack) -> Bank:
    bank = load_bank([write_pack(pack_yaml=EXAM_PACK_YAML, **study_pack())])
    assert bank.errors == []
    return bank


@pytest.fixture
def store() -> Iterator[Store]:
    store = Store.memory()
    yield store
    store.close()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def study_dir(write_pack: WritePack) -> Path:
    """A directory holding the study pack (not yet loaded)."""
    return write_pack(pack_yaml=EXAM_PACK_YAML, **study_pack())


@pytest.fixture
def exam_dir(write_pack: WritePack) -> Path:
    """A pack across four domains and two scenarios, with a choose-2 question (not loaded)."""
    return write_pack(
        "exam", pack_yaml=EXAM_PACK_YAML.replace("id: demo", "id: exam"), **exam_pack()
    )


@pytest.fixture
def exam_bank(exam_dir: Path) -> Bank:
    bank = load_bank([exam_dir])
    assert bank.errors == []
    return bank
