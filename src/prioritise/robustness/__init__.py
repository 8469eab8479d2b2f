"""Robustness: which parts of the split survive the stakeholders' disagreement.

`analysis` runs it: `sampling` draws weights, `lp` and `solve` re-solve the allocation's
matrices with HiGHS (in `parallel` worker processes), `stats` and `compromise` summarise the
draws, and `result` holds what comes out.
"""

from __future__ import annotations

from prioritise.robustness.analysis import RobustnessError, heard, prepare, run_robustness
from prioritise.robustness.compromise import Compromise
from prioritise.robustness.result import RobustnessResult
from prioritise.robustness.sampling import SAMPLINGS, WeightSampler

__all__ = [
    "SAMPLINGS",
    "Compromise",
    "RobustnessError",
    "RobustnessResult",
    "WeightSampler",
    "heard",
    "prepare",
    "run_robustness",
]
