"""Pause Python's cyclic garbage collector while a large structure is built."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    """Disable the cyclic collector inside the block (and re-enable it after, if it was on).

    Building a graph allocates millions of containers, which makes the collector rescan
    everything alive again and again (about a third of the build time); what the build
    creates is freed by reference counting, so nothing waits for a collection.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
