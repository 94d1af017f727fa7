"""While a stream runs, the garbage collector sweeps only young objects; the full sweep waits.

A full collection walks every object the process holds (the app, Textual, the SDK's modules and
models: hundreds of thousands of them), and in the middle of a stream it stops the event loop
for tens to hundreds of milliseconds: the wire stutters. Reference counting frees almost all
that a stream makes, the young generations still catch short-lived cycles, and what is left
waits for the first full sweep after the stream.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

#: Young-generation sweeps between two full ones while a stream runs: never, in practice.
DEFERRED = 1_000_000

_streams = 0
_saved: tuple[int, int, int] | None = None


@contextmanager
def full_collections_deferred() -> Iterator[None]:
    """No automatic full collection inside the block (blocks may nest or overlap)."""
    global _streams, _saved
    if _streams == 0:
        _saved = gc.get_threshold()
        gc.set_threshold(_saved[0], _saved[1], DEFERRED)
    _streams += 1
    try:
        yield
    finally:
        _streams -= 1
        if _streams == 0 and _saved is not None:
            gc.set_threshold(*_saved)
            _saved = None
