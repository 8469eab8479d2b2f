"""The initiatives the group's answers fund (docs/model.md §15): the portfolio chosen with the
initiatives valued under the view's weights, as `prioritise optimise` chooses it."""

from __future__ import annotations

from dataclasses import dataclass

from prioritise.text import msg
from prioritise.workshop.errors import NotScoredError
from prioritise.workshop.results import ViewResult

__all__ = ["FundedInitiative", "view_initiatives"]


@dataclass(frozen=True)
class FundedInitiative:
    """A funded initiative: its id, name in the language asked for, share and amount."""

    id: str
    name: str
    share: float
    amount: float


def view_initiatives(
    view: ViewResult, lang: str, *, time_limit: float | None = None
) -> tuple[list[FundedInitiative], int] | None:
    """The initiatives the view's portfolio funds, in file order, and how many there are;
    None when no portfolio keeps every rule. A view that could not be scored raises
    ``NotScoredError``."""
    if view.tree is None:
        raise NotScoredError(view.problem or msg("workshop.error.not_scored"))
    from prioritise.allocate import initiative_names, optimise_portfolio
    from prioritise.scoring import initiative_values

    scenario = view.scenario
    portfolio = optimise_portfolio(
        scenario,
        budget=float(scenario.budget.total),
        values=initiative_values(scenario, view.tree),
        explain=False,
        time_limit=time_limit,
    )
    if not portfolio.solved:
        return None
    names = initiative_names(scenario, lang)
    funded = [
        FundedInitiative(ident, names[ident], share, amount)
        for ident, share, amount in portfolio.funded()
    ]
    return funded, len(scenario.initiatives)
