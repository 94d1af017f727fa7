"""While a stream runs, no automatic full garbage collection; after it, the thresholds as before."""

from __future__ import annotations

import gc

import pytest

from ccaf.stream.collector import DEFERRED, full_collections_deferred
from ccaf.stream.run import StreamRun
from ccaf.stream.setup import replay_setup


def test_deferred_inside_restored_after_even_when_nested_or_raising() -> None:
    before = gc.get_threshold()
    with full_collections_deferred():
        assert gc.get_threshold() == (before[0], before[1], DEFERRED)
        with full_collections_deferred():
            assert gc.get_threshold()[2] == DEFERRED
        assert gc.get_threshold()[2] == DEFERRED  # the outer stream still runs
    assert gc.get_threshold() == before
    with pytest.raises(RuntimeError), full_collections_deferred():
        raise RuntimeError("the stream failed")
    assert gc.get_threshold() == before


async def test_a_replay_runs_with_full_collections_deferred() -> None:
    before = gc.get_threshold()
    seen: list[int] = []
    setup = replay_setup("plain-text")
    run = StreamRun(
        setup.request,
        on_note=lambda note: seen.append(gc.get_threshold()[2]),
        scenario=setup.scenario,
        speed=0,
    )
    try:
        await run.run()
    finally:
        await run.close()
    assert seen and set(seen) == {DEFERRED}
    assert gc.get_threshold() == before
