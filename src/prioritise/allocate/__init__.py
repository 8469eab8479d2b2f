"""Budget allocation: the optimised split of a budget over programmes, enabling areas and regions.

`input` checks and prepares the data, `rules` and `constraints` hold the formulation's rows,
`pulp_model` builds and solves it with PuLP (the only module that imports PuLP), `matrices`
hands the same problem to HiGHS as matrices, `solve` runs the whole optimisation, `results`
reads the split, `checks` and `relax` explain infeasible rules, `text` words it all.
"""

from __future__ import annotations

from prioritise.allocate.checks import Diagnosis, pre_checks
from prioritise.allocate.input import (
    AllocationError,
    AllocationInput,
    allocation_input,
    cell_values_of,
)
from prioritise.allocate.matrices import LinearProgram, solve_linear_program
from prioritise.allocate.pulp_model import SOLVERS, ModelBuilder, run
from prioritise.allocate.relax import Relaxation, apply_relaxations
from prioritise.allocate.results import Allocation, Baseline
from prioritise.allocate.solve import (
    DEFAULT_GAP,
    AllocationModel,
    diagnose,
    linear_program,
    optimise,
    optimise_scenario,
    reoptimise,
)

__all__ = [
    "DEFAULT_GAP",
    "SOLVERS",
    "Allocation",
    "AllocationError",
    "AllocationInput",
    "AllocationModel",
    "Baseline",
    "Diagnosis",
    "LinearProgram",
    "ModelBuilder",
    "Relaxation",
    "allocation_input",
    "apply_relaxations",
    "cell_values_of",
    "diagnose",
    "linear_program",
    "optimise",
    "optimise_scenario",
    "pre_checks",
    "reoptimise",
    "run",
    "solve_linear_program",
]
