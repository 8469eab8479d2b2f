"""Budget allocation: the optimised split of a budget over programmes, enabling areas and regions.

`input` checks and prepares the data, `rules` and `constraints` hold the formulation's rows,
`pulp_model` builds it with PuLP and `engine` solves it (with `portfolio_model` and `cbc`, the only
modules that import PuLP), `staged` solves its funding decisions in stages (docs/model.md §19),
`matrices` hands the same problem to HiGHS as matrices (`columns` reads a built model's columns
into arrays once) and `session` re-solves it after small changes (bounds, coefficients or the
objective), `reduction` shrinks a program whose funding decisions are held, `solve` runs the whole
optimisation, `splits` values any split, `results` reads the split, `yardstick` turns value into an
index and money, `prices` re-solves each binding rule, `baselines` builds the fair comparisons
(`fair` solves them, `nearest` picks one among equally close splits), `sources` says where each
region's money comes from, `text` words it all. `deadline` holds one time limit for everything an
optimisation solves, and `watchdog` makes HiGHS keep it; `collector` pauses Python's cyclic
collector while a model is built and solved (docs/model.md §19). Initiatives (docs/model.md §15):
`portfolio_input` their data, `portfolio_model` the choice as a MILP, `portfolio_explain` its order
of buy, prices and repairs, `portfolio` the result, `portfolio_reasons` each initiative's outcome
in words, `value_for_money` the frontier across budgets, `mixed` both parts of a mixed scenario. An
infeasible split is explained by `checks` (plain pre-checks), `conflict` (the rules that cannot all
hold) and `repair` (verified ways out), which ask their questions of one `switchable` model through
`probe`; `rulebook` says what a rule is, `diagnosis` holds the answer and `repair_text` words it.
"""

from __future__ import annotations

from prioritise.allocate.baselines import (
    FAIR_SECONDS,
    HEADLINE,
    Baseline,
    closeness_input,
    plain_splits,
)
from prioritise.allocate.checks import Check, contradictions, pre_checks
from prioritise.allocate.constraints import (
    BUDGET_KINDS,
    RulePrice,
    costliest_first,
    in_reading_order,
)
from prioritise.allocate.deadline import Deadline
from prioritise.allocate.diagnosis import Change, Diagnosis, Repair
from prioritise.allocate.engine import SOLVERS, run
from prioritise.allocate.fair import fair_splits, with_baselines
from prioritise.allocate.input import (
    AllocationError,
    AllocationInput,
    allocation_input,
    cell_values_of,
)
from prioritise.allocate.lanes import in_lanes, lane_count
from prioritise.allocate.matrices import LinearProgram, solve_linear_program
from prioritise.allocate.mixed import (
    PARTS_PLACES,
    BudgetParts,
    MixedResult,
    budget_parts,
    budget_places,
    lines_part,
    lines_scenario,
    optimise_mixed,
    parts_places,
)
from prioritise.allocate.portfolio import Portfolio, optimise_portfolio
from prioritise.allocate.portfolio_input import PortfolioInput
from prioritise.allocate.portfolio_reasons import (
    CurvePoint,
    Outcome,
    initiative_names,
    order_curve,
    outcomes,
)
from prioritise.allocate.prices import PRICE_SECONDS, price_rules
from prioritise.allocate.pulp_model import ModelBuilder
from prioritise.allocate.repair import apply_repair, diagnose
from prioritise.allocate.results import Allocation
from prioritise.allocate.retarget import ModelCache
from prioritise.allocate.session import (
    Basis,
    Resolved,
    Session,
    held_decisions,
    optimised_split,
)
from prioritise.allocate.session import Change as ModelChange
from prioritise.allocate.solve import (
    DEFAULT_GAP,
    AllocationModel,
    linear_program,
    optimise,
    optimise_scenario,
    reoptimise,
)
from prioritise.allocate.sources import money_sources
from prioritise.allocate.splits import objective_of
from prioritise.allocate.staged import Staged, from_relaxation
from prioritise.allocate.value_for_money import Frontier, FrontierPoint, value_frontier
from prioritise.allocate.yardstick import (
    Yardstick,
    index_on_budget,
    reference_value,
    yardstick_for,
)

__all__ = [
    "BUDGET_KINDS",
    "DEFAULT_GAP",
    "FAIR_SECONDS",
    "HEADLINE",
    "PARTS_PLACES",
    "PRICE_SECONDS",
    "SOLVERS",
    "Allocation",
    "AllocationError",
    "AllocationInput",
    "AllocationModel",
    "Baseline",
    "Basis",
    "BudgetParts",
    "Change",
    "Check",
    "CurvePoint",
    "Deadline",
    "Diagnosis",
    "Frontier",
    "FrontierPoint",
    "LinearProgram",
    "MixedResult",
    "ModelBuilder",
    "ModelCache",
    "ModelChange",
    "Outcome",
    "Portfolio",
    "PortfolioInput",
    "Repair",
    "Resolved",
    "RulePrice",
    "Session",
    "Staged",
    "Yardstick",
    "allocation_input",
    "apply_repair",
    "budget_parts",
    "budget_places",
    "cell_values_of",
    "closeness_input",
    "contradictions",
    "costliest_first",
    "diagnose",
    "fair_splits",
    "from_relaxation",
    "held_decisions",
    "in_lanes",
    "in_reading_order",
    "index_on_budget",
    "initiative_names",
    "lane_count",
    "linear_program",
    "lines_part",
    "lines_scenario",
    "money_sources",
    "objective_of",
    "optimise",
    "optimise_mixed",
    "optimise_portfolio",
    "optimise_scenario",
    "optimised_split",
    "order_curve",
    "outcomes",
    "parts_places",
    "plain_splits",
    "pre_checks",
    "price_rules",
    "reference_value",
    "reoptimise",
    "run",
    "solve_linear_program",
    "value_frontier",
    "with_baselines",
    "yardstick_for",
]
