"""The portfolio of initiatives and its frontier, computed by the library and cached on the
scenario's TOML text and the language on screen (names and reasons are in that language).

The portfolio is the one `prioritise optimise` chooses: the initiatives' share of the
scenario's whole budget (docs/model.md §15.2).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import streamlit as st

from prioritise import scenario as scenario_io
from prioritise.text import Message
from prioritise.ui.results import AllocationFailed, Failure, failure

if TYPE_CHECKING:
    from prioritise.allocate import CurvePoint, Frontier, Outcome, Portfolio

REASON_SECONDS = 5.0
"""Time for each re-solve that explains an initiative left out."""


@dataclass(frozen=True)
class InitiativeResult:
    """The chosen portfolio, each initiative's outcome in order, and the names shown."""

    portfolio: Portfolio
    outcomes: list[Outcome]
    names: dict[str, str]


@st.cache_data(max_entries=32, show_spinner=False)
def _result(text: str, language: str) -> InitiativeResult | Failure:
    from prioritise.allocate import initiative_names, optimise_portfolio, outcomes

    try:
        scenario = scenario_io.loads(text).in_language(language)  # rules name places so too
        whole = float(scenario.budget.total)
        portfolio = optimise_portfolio(scenario, budget=whole, explain=False)
        if not portfolio.solved:  # the repairs
            portfolio = optimise_portfolio(scenario, budget=whole)
        names = initiative_names(scenario, language)
        found = outcomes(portfolio, names, time_limit=REASON_SECONDS)
        return InitiativeResult(portfolio, found, names)
    except ValueError as exc:
        return failure(exc)


def result(text: str, language: str) -> InitiativeResult:
    """The portfolio and outcomes, or AllocationFailed with the reason in plain words."""
    found = _result(text, language)
    if isinstance(found, Message | str):
        raise AllocationFailed(found)
    return found


@dataclass(frozen=True)
class ValueForMoney:
    frontier: Frontier
    curve: list[CurvePoint]


@st.cache_data(max_entries=16, show_spinner=False)
def _value_for_money(text: str) -> ValueForMoney | Failure:
    from prioritise.allocate import order_curve, value_frontier
    from prioritise.allocate.portfolio_input import portfolio_input

    try:
        data = portfolio_input(scenario_io.loads(text))
        # the chart says only below which level no portfolio meets the rules, not how out
        return ValueForMoney(value_frontier(data, explain=False), order_curve(data))
    except ValueError as exc:
        return failure(exc)


def value_for_money(text: str) -> ValueForMoney:
    """The efficient frontier and the order-of-buy curve of the scenario's initiatives."""
    found = _value_for_money(text)
    if isinstance(found, Message | str):
        raise AllocationFailed(found)
    return found
