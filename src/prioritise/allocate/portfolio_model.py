"""The choice of initiatives as a mixed-integer program, built and solved with PuLP and HiGHS
(docs/model.md §15.2).

    maximise  Σ_i v_i · x_i
    x_i = y_i                  (whole initiatives)      m_i · y_i ≤ x_i ≤ y_i   (partial)
    Σ_k f[i, k, t] = C[i, t] · x_i                      money of i in year t, from its sources
    Σ_i f[i, budget, t] ≤ B_t · share                   budget[t] (cumulative with carry-over)
    Σ_i f[i, k, t] ≤ A_k,t   or   Σ_i,t f[i, k, t] ≤ A_k pool[k]
    y_i ≤ y_j (requires)   y_i + y_j ≤ 1 (excludes)   y_i = 1 (must)   y_i = 0 (must_not)
    Σ_{i in g} Σ_t C[i, t] · x_i ≤ hi_g · B  (≥ lo_g · B) programme and region shares

Every row has a rule name; `dropped` leaves rules out and `raised` adds money to a money
rule's limit, which is how prices and repairs re-solve (`portfolio_explain`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pulp

from prioritise.allocate.matrices import solver_banner_silenced
from prioritise.allocate.portfolio_input import GENERAL, PortfolioInput

__all__ = ["PortfolioSolution", "solve_portfolio"]

TOLERANCE = 1e-7


@dataclass(frozen=True)
class Row:
    """A named rule's row: `kind` budget, pool, share, requires, excludes, must, must_not;
    `money` rows have a limit in money (`limit`), the others are logical."""

    name: str
    kind: str
    limit: float | None = None
    sense: str = "<="

    @property
    def money(self) -> bool:
        return self.kind in ("budget", "pool", "share")


@dataclass
class PortfolioSolution:
    """`status` optimal, infeasible or not_solved; `shares` x_i; `money` initiatives × years;
    `slack` each named row's room left (0: binding)."""

    status: str
    objective: float = 0.0
    shares: np.ndarray = field(default_factory=lambda: np.zeros(0))
    funded: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))
    money: np.ndarray = field(default_factory=lambda: np.zeros((0, 0)))
    rows: list[Row] = field(default_factory=list)
    slack: dict[str, float] = field(default_factory=dict)

    @property
    def solved(self) -> bool:
        return self.status == "optimal"

    def from_pools(self, data: PortfolioInput) -> float:
        """The money the funded initiatives draw from `data`'s pools (money beyond the
        budget's share for initiatives): each pool's amount less what is left of it."""
        if not self.solved:
            return 0.0
        amounts = sum(
            sum(pool.per_year) if pool.per_year is not None else pool.total or 0.0
            for pool in data.pools
        )
        left = sum(
            max(0.0, self.slack.get(row.name, 0.0)) for row in self.rows if row.kind == "pool"
        )
        return max(0.0, amounts - left)


def _sum(terms: list[tuple[pulp.LpVariable, float]]) -> pulp.LpAffineExpression:
    """A linear expression; a variable named twice gets the sum of its coefficients."""
    total: dict[str, tuple[pulp.LpVariable, float]] = {}
    for variable, coefficient in terms:
        known = total.get(variable.name)
        total[variable.name] = (variable, coefficient + (known[1] if known else 0.0))
    return pulp.LpAffineExpression(list(total.values()))


def solve_portfolio(
    data: PortfolioInput,
    dropped: frozenset[str] = frozenset(),
    raised: Mapping[str, float] | None = None,
    time_limit: float | None = None,
    fixed: Mapping[int, bool] | None = None,
    elastic: str | None = None,
) -> PortfolioSolution:
    """The best portfolio under every rule but those `dropped`, money rules' limits raised by
    `raised[name]`, initiatives in `fixed` funded (True) or not (False). With `elastic` (a
    money rule's name) the least raise of that rule that leaves a portfolio is sought instead:
    it comes back as the objective."""
    raised = dict(raised or {})
    n, years = data.count, len(data.years)
    problem = pulp.LpProblem("initiatives", pulp.LpMaximize)
    y = [problem.add_variable(f"y{i}", cat=pulp.LpBinary) for i in range(n)]
    for i, funded in (fixed or {}).items():
        y[i].lowBound = y[i].upBound = 1 if funded else 0
    stretch = problem.add_variable("stretch", lowBound=0)
    x = [
        problem.add_variable(f"x{i}", lowBound=0, upBound=1) if data.min_share[i] < 1 else y[i]
        for i in range(n)
    ]
    for i in range(n):
        if data.min_share[i] < 1:
            problem += _sum([(x[i], 1.0), (y[i], -float(data.min_share[i]))]) >= 0
            problem += _sum([(x[i], 1.0), (y[i], -1.0)]) <= 0
    flows: dict[tuple[int, str, int], pulp.LpVariable | None] = {}
    for i in range(n):
        sources = data.sources(i)
        for t in range(years):
            cost = float(data.costs[i, t])
            if cost <= 0:
                continue
            if len(sources) == 1:
                flows[i, sources[0], t] = None
                continue
            terms = []
            for k in sources:
                flows[i, k, t] = problem.add_variable(f"f{i}_{k}_{t}", lowBound=0)
                terms.append((flows[i, k, t], 1.0))
            problem += _sum([*terms, (x[i], -cost)]) == 0

    def spent(i: int, k: str, t: int) -> tuple[pulp.LpVariable, float]:
        variable = flows[i, k, t]
        return (x[i], float(data.costs[i, t])) if variable is None else (variable, 1.0)

    rows: list[Row] = []
    constraints: dict[str, pulp.LpConstraint] = {}

    def add(row: Row, expression: pulp.LpAffineExpression, rhs: float) -> None:
        if row.name in dropped:
            return
        rhs += raised.get(row.name, 0.0)
        if row.name == elastic:
            expression = expression + _sum([(stretch, -1.0 if row.sense == "<=" else 1.0)])
        made = expression <= rhs if row.sense == "<=" else expression >= rhs
        problem.addConstraint(made, f"c{len(rows)}")
        constraints[row.name] = made
        rows.append(row)

    budgets = np.asarray(data.year_budgets, dtype=float)
    for t, year in enumerate(data.years):
        window = range(t + 1) if data.carry_over else range(t, t + 1)
        limit = float(budgets[list(window)].sum())
        terms = [spent(i, GENERAL, s) for (i, k, s) in flows if k == GENERAL and s in window]
        add(Row(f"budget[{year}]", "budget", limit), _sum(terms), limit)
    for pool in data.pools:
        if pool.per_year is not None:
            for t, year in enumerate(data.years):
                terms = [spent(i, pool.id, t) for (i, k, s) in flows if k == pool.id and s == t]
                amount = float(pool.per_year[t]) if t < len(pool.per_year) else 0.0
                add(Row(f"pool[{pool.id}][{year}]", "pool", amount), _sum(terms), amount)
        else:
            terms = [spent(i, pool.id, s) for (i, k, s) in flows if k == pool.id]
            amount = float(pool.total or 0.0)
            add(Row(f"pool[{pool.id}]", "pool", amount), _sum(terms), amount)
    for limit_rule in data.limits:
        whole = [(x[i], float(data.costs[i].sum())) for i in limit_rule.members]
        amount = limit_rule.share * data.total
        sense = "<=" if limit_rule.bound == "max" else ">="
        add(Row(limit_rule.name, "share", amount, sense), _sum(whole), amount)
    for i, j in data.requires:
        row = Row(f"requires[{data.ids[i]}][{data.ids[j]}]", "requires")
        add(row, _sum([(y[i], 1.0), (y[j], -1.0)]), 0.0)
    for i, j in data.excludes:
        row = Row(f"excludes[{data.ids[i]}][{data.ids[j]}]", "excludes")
        add(row, _sum([(y[i], 1.0), (y[j], 1.0)]), 1.0)
    for i in sorted(data.must):
        add(Row(f"must[{data.ids[i]}]", "must", sense=">="), _sum([(y[i], 1.0)]), 1.0)
    for i in sorted(data.must_not):
        add(Row(f"must_not[{data.ids[i]}]", "must_not"), _sum([(y[i], 1.0)]), 0.0)
    if elastic is None:
        # In index points (§15.5), so the solver's absolute gap is a millionth of a point and
        # never leaves out a free initiative worth more than that.
        problem.setObjective(_sum([(x[i], data.points(float(data.values[i]))) for i in range(n)]))
    else:
        problem.sense = pulp.LpMinimize
        problem.setObjective(_sum([(stretch, 1.0)]))
    with solver_banner_silenced():
        solver = pulp.HiGHS(msg=False, gapRel=0.0, timeLimit=time_limit)
        problem.solve(solver)
    if problem.status == pulp.LpStatusInfeasible:
        return PortfolioSolution("infeasible", rows=rows)
    if problem.status != pulp.LpStatusOptimal:
        return PortfolioSolution("not_solved", rows=rows)
    shares = np.array([float(v.value() or 0.0) for v in x])
    shares = np.where(shares < TOLERANCE, 0.0, np.minimum(shares, 1.0))
    chosen = np.array([float(v.value() or 0.0) > 0.5 for v in y])
    shares = np.where(chosen, shares, 0.0)
    slack = {}
    for row in rows:
        made = constraints[row.name]
        value = float(made.value() or 0.0)  # expression − rhs
        slack[row.name] = abs(value) if row.money else (0.0 if abs(value) < 0.5 else 1.0)
    return PortfolioSolution(
        status="optimal",
        objective=float(np.dot(shares, data.values))
        if elastic is None
        else float(stretch.value() or 0.0),
        shares=shares,
        funded=chosen,
        money=data.costs * shares[:, None],
        rows=rows,
        slack=slack,
    )
