"""Python's cyclic garbage collector, paused while a model is built and solved (docs/model.md §19).

A model of the default scenario is some 35,000 long-lived Python objects (PuLP's rows,
expressions and variables, the rules' rows). Building one makes Python's collector walk every
live object of the process once or twice (40–90 ms each time on the default scenario, more than
the duals), and a walk holds every thread, the fair baselines' among them. None of it is
garbage: a model holds no reference cycle (`engine.run` breaks the one PuLP makes), so
reference counting frees it whole when its last user lets it go. When several models are built
or solved at the same time (the baselines' thread, the app's sessions), the collector stays
paused until the last of them ends, and is then left as it was found.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

PAUSING = True
"""Whether building and solving pause the collector: `benchmarks/scale.py` turns it off to
measure what the pause saves."""

_lock = threading.Lock()
_holders = 0
_was_enabled = False


@contextmanager
def collector_paused() -> Iterator[None]:
    """No automatic collection inside: for work that makes many objects and no garbage."""
    global _holders, _was_enabled
    if not PAUSING:
        yield
        return
    with _lock:
        if _holders == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _holders += 1
    try:
        yield
    finally:
        with _lock:
            _holders -= 1
            if _holders == 0 and _was_enabled:
                gc.enable()
