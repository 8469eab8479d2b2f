"""One time limit for everything a command solves (docs/model.md §16).

A time limit given to `optimise` bounds the whole optimisation, not each solver call: the
mixed-integer model, the LP that reads its prices, the re-solved rule prices, the fair baselines
and the diagnosis of an infeasible scenario all draw on one `Deadline`, and a later solve gets
only what the earlier ones left. The clock is injectable, so the arithmetic is tested without
waiting.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable

Clock = Callable[[], float]

FINISH_SHARE = 0.2
"""Share of a time limit kept back from the solvers for finishing: HiGHS stopping (it looks at
its clock every fraction of a second while branching), the LP that reads the prices with the
funding decisions held, and the tables and sentences of the result."""
FINISH_MAX = 2.0
"""Most seconds kept back for finishing, however long the limit."""
GRACE_SHARE = 0.05
"""How long past its limit a solver is waited for before it is abandoned, as a share of the
limit, when no finishing reserve says otherwise (some HiGHS presolve rules do not look at the
clock at all)."""
GRACE_MAX = 1.0


class Deadline:
    """A point in time by which solving must stop; `Deadline(None)` never arrives.

    `seconds` is the limit as promised (the one messages quote); `within(s)` is a deadline
    ending at the earlier of this one and `s` seconds from now, drawing on the same clock.
    """

    def __init__(
        self,
        seconds: float | None,
        clock: Clock = time.monotonic,
        *,
        promised: float | None = None,
        grace: float | None = None,
    ) -> None:
        if seconds is not None and not math.isfinite(seconds):
            seconds = None if seconds > 0 else 0.0
        self.clock = clock
        self.seconds = seconds if promised is None else promised
        self.end = math.inf if seconds is None else clock() + max(0.0, seconds)
        limit = self.seconds
        self.grace = (
            grace
            if grace is not None
            else 0.0
            if limit is None
            else min(GRACE_MAX, GRACE_SHARE * limit)
        )

    @property
    def bounded(self) -> bool:
        return math.isfinite(self.end)

    def remaining(self) -> float | None:
        """Seconds left (never negative), None without a limit (0 once called off)."""
        if self._off:
            return 0.0
        if not self.bounded:
            return None
        return max(0.0, self.end - self.clock())

    @property
    def expired(self) -> bool:
        return self._off or (self.bounded and self.clock() >= self.end)

    def limit(self, seconds: float | None = None) -> float | None:
        """The time limit to hand a solver asked to take at most `seconds` (None: no own
        limit): the smaller of that and what is left."""
        left = self.remaining()
        if left is None:
            return seconds
        return left if seconds is None else min(seconds, left)

    def within(self, seconds: float | None) -> Deadline:
        """A deadline `seconds` from now, or this one if it comes sooner (same promise)."""
        child = Deadline(None, self.clock, promised=self.seconds, grace=self.grace)
        own = math.inf if seconds is None else self.clock() + max(0.0, seconds)
        child.end = min(self.end, own)
        child.reserved = self.reserved
        child.called_off = self.called_off
        child.guard_only = self.guard_only
        if not self.bounded and seconds is not None:  # a first limit: its own grace
            child.grace = min(GRACE_MAX, GRACE_SHARE * max(0.0, seconds))
        return child

    reserved = False
    """Whether the finishing reserve is already taken off (`for_solvers`)."""

    guard_only = False
    """Whether this deadline only guards a solve that must take the path of one without a time
    limit (`as_if_unlimited`)."""

    def as_if_unlimited(self) -> Deadline:
        """This deadline as a guard only: the solve takes the path `prioritise optimise` takes
        without a time limit, and is stopped by HiGHS's own time limit (or abandoned) if it
        overruns. No interrupt callback is subscribed beyond what an unlimited run subscribes,
        and stage 2 of §19 stops as it does without a limit: both change the path HiGHS takes
        through a degenerate model, and a split meant to be the one a reader gets from
        `optimise` (a check of a sensitivity end, docs/model.md §14.3) must not differ."""
        child = self.within(None)
        child.guard_only = True
        return child

    called_off: threading.Event | None = None
    """Set when nobody waits for the work any more (`called_off_by`)."""

    def called_off_by(self, event: threading.Event) -> Deadline:
        """This deadline, arriving at once when `event` is set, and so every deadline drawn
        from it: for work nobody will wait for any more (the baselines of a split that was not
        found). A solve not yet begun is skipped; one under way stops at its next look at the
        deadline (branch and bound, interior point), or ends on its own (an LP's simplex)."""
        child = self.within(None)
        child.called_off = event
        return child

    @property
    def _off(self) -> bool:
        return self.called_off is not None and self.called_off.is_set()

    def for_solvers(self) -> Deadline:
        """The deadline solvers are told to stop by: this one less a reserve for finishing
        (`FINISH_SHARE` of the promised limit, at most `FINISH_MAX` seconds). A solver that
        does not stop is waited for until this deadline itself, then abandoned. Taking the
        reserve twice takes it once."""
        child = self.within(None)
        if self.seconds is not None and not self.reserved:
            reserve = min(FINISH_MAX, FINISH_SHARE * self.seconds)
            child.end -= reserve
            child.grace = reserve
            child.reserved = True
        return child


NO_DEADLINE = Deadline(None)
"""A deadline that never arrives."""


def deadline_for(time_limit: float | Deadline | None) -> Deadline:
    """A deadline from a time limit in seconds (starting now), or the one given."""
    return time_limit if isinstance(time_limit, Deadline) else Deadline(time_limit)
