"""Running HiGHS against a deadline that holds (docs/model.md §16).

HiGHS's own `time_limit` is checked while it branches and pivots, but not everywhere: some
presolve rules run for many seconds without looking at the clock. So the project does not only
hand HiGHS a limit. `run_watched` also

- asks HiGHS to stop at the deadline through its interrupt callbacks (interior point, branch
  and bound), which then keeps the best split found so far. The simplex method is left to
  HiGHS's own limit, set to the same deadline: it checks it between pivots, and a callback into
  Python at every pivot (some ten thousand per solve) makes lanes that solve side by side
  queue for Python's lock;
- runs the solver in a thread of its own and waits for it only until the deadline plus a short
  grace; a solver still busy then is abandoned: the caller gets no solution ("not solved within
  the limit") and the instance must not be used again. The thread finishes on its own, told to
  stop at its next check, and a command-line run that ends does not wait for it.
"""

from __future__ import annotations

import logging
import threading
import weakref
from collections.abc import Callable
from typing import Any

import highspy

from prioritise.allocate.deadline import NO_DEADLINE, Deadline

log = logging.getLogger(__name__)

_INTERRUPTS = ("cbIpmInterrupt", "cbMipInterrupt")
"""The callbacks that watch the deadline (see the module docstring for the simplex method)."""
_MIP_STOP = ("cbMipInterrupt",)
"""What a run without a deadline subscribes when a `stop` asks (`_run_here`): a deadline that
only guards (`Deadline.as_if_unlimited`) subscribes the same, so that HiGHS takes the same
path."""
_ABANDONED: weakref.WeakSet[Any] = weakref.WeakSet()
"""Instances left running past their deadline: they are never run or read again."""


def abandoned(highs: Any) -> bool:
    """Whether this instance was left running past a deadline (it answers nothing more)."""
    return highs in _ABANDONED


Stop = Callable[[Any], bool]
"""Asked at each branch-and-bound check with HiGHS's callback output (`mip_dual_bound`,
`mip_primal_bound`, ...): true stops the search there, keeping the best split found."""


def _stop_at(deadline: Deadline, stop: Stop | None) -> Any:
    def check(event: Any) -> None:
        # Written every time, not only to stop: HiGHS keeps the flag from one run to the next,
        # and an instance stopped once would stop again at the first check of every later run.
        event.interrupt(deadline.expired or (stop is not None and stop(event.data_out)))

    return check


def run_watched(
    highs: highspy.Highs,
    deadline: Deadline,
    own_limit: float | None = None,
    stop: Stop | None = None,
) -> bool:
    """Run HiGHS with at most `own_limit` seconds, stopping it at `deadline` whatever it is
    doing, or when `stop` says so; False when there was no time to run it or it had to be
    abandoned (no solution).
    """
    limit = deadline.limit(own_limit)
    if abandoned(highs) or (limit is not None and limit <= 0):
        return False
    highs.setOptionValue("time_limit", highspy.kHighsInf if limit is None else float(limit))
    if not deadline.bounded:
        # No deadline to hold: HiGHS's own limit is enough, and the caller waits for it (a
        # thread with a grace would abandon a run that a slow presolve kept past its limit).
        _run_here(highs, stop)
        return True
    watch = deadline.within(own_limit)
    names: tuple[str, ...] = _MIP_STOP if stop is not None else ()
    if not deadline.guard_only:
        names = _INTERRUPTS
    checks = {name: _stop_at(watch, stop if name == "cbMipInterrupt" else None) for name in names}
    for name, check in checks.items():
        getattr(highs, name).subscribe(check)
    worker = threading.Thread(target=highs.run, name="highs", daemon=True)
    worker.start()
    left = watch.remaining()
    worker.join(None if left is None else left + watch.grace)
    if worker.is_alive():
        _ABANDONED.add(highs)
        log.info("HiGHS did not stop at its time limit; left to finish on its own")
        return False
    for name, check in checks.items():
        getattr(highs, name).unsubscribe(check)
    return True


def _run_here(highs: highspy.Highs, stop: Stop | None) -> None:
    """Run HiGHS in the calling thread, asking `stop` at each branch-and-bound check."""
    if stop is None:
        highs.run()
        return
    check = _stop_at(NO_DEADLINE, stop)
    highs.cbMipInterrupt.subscribe(check)
    try:
        highs.run()
    finally:
        highs.cbMipInterrupt.unsubscribe(check)
