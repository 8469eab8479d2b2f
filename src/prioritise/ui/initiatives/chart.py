"""The value-for-money chart: the best portfolio at each budget level beside the list of
initiatives bought down by points per unit of money, both at what they spend in full.

The library gives the full cost of both (`FrontierPoint.cost`: all a level's best portfolio
spends, the funding pools' money included; `CurvePoint.cost`: what the initiatives up to one on
the list cost together), and not the budget's part of the list's, so the full cost is the one
axis on which the two compare. On it, the list bought down with no rule is what no portfolio
can beat for the same money (a portfolio's value is at most the best value per cost, money unit
by money unit), and the line shows what the rules keep of it. Initiatives that a `must_not`
keeps out at every level stay at the end of the list (where the library puts them), drawn
hollow in a legend group of their own, and are named under the chart.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from prioritise.allocate.text import index_points
from prioritise.scenario import Scenario
from prioritise.ui import charts, i18n, widgets
from prioritise.ui.initiatives.computed import InitiativeResult, ValueForMoney
from prioritise.ui.initiatives.views import COLOURS, points_text, ratio_text, status_text

tr = i18n.page_text("initiatives")

RULED_OUT = "ruled_out"
HOLLOW = "#ffffff"
"""A ruled-out initiative's marker: white with the markers' dark edge, a place no budget fills."""


def _money(scenario: Scenario, amount: float) -> str:
    return widgets.money(scenario, amount, decimals=2)


def ruled_out(vfm: ValueForMoney) -> list[str]:
    """The ids of the initiatives no budget level can fund (`must_not`), in file order."""
    data = vfm.frontier.data
    return [data.ids[i] for i in sorted(data.must_not)]


def list_points(
    scenario: Scenario, found: InitiativeResult, vfm: ValueForMoney, lang: str
) -> pd.DataFrame:
    """One row per initiative on the list, in its order: `x` what it and those before it cost
    in full, `y` what they are worth together on the index, its legend group (its funding at
    this budget, or ruled out at every one), colour and hover text."""
    unit = widgets.unit_label(scenario)
    data = vfm.frontier.data
    status = {o.id: o for o in found.outcomes}
    out = set(ruled_out(vfm))
    rows = []
    for point in vfm.curve:
        outcome = status[point.id]
        kind = RULED_OUT if point.id in out else outcome.status
        group = tr(f"legend_{kind}", lang)
        hover = tr(
            "hover",
            lang,
            name=found.names[point.id],
            status=group if kind == RULED_OUT else status_text(outcome.status, outcome.share, lang),
            cost=_money(scenario, outcome.cost),
            value=points_text(found, outcome.value, lang),
            ratio=ratio_text(found, outcome.ratio, lang),
            unit=unit,
            rank=point.rank,
            total=_money(scenario, point.cost),
            total_value=index_points(data.points(point.value)).text(lang),
        )
        rows.append(
            {
                "x": point.cost,
                "y": data.points(point.value),
                "group": group,
                "colour": HOLLOW if kind == RULED_OUT else COLOURS[kind],
                "hover": hover,
            }
        )
    return pd.DataFrame(rows)


def unsolved_below(vfm: ValueForMoney) -> float | None:
    """The highest budget level under the line's first at which no portfolio meets every rule
    (None when the line starts at the lowest level, or has no point at all)."""
    points = vfm.frontier.points
    solved = [p.budget for p in points if p.objective is not None]
    below = [p.budget for p in points if p.objective is None and solved and p.budget < solved[0]]
    return max(below) if below else None


def frontier_line(vfm: ValueForMoney) -> pd.DataFrame:
    """The best portfolio at each budget level that has one, at what it spends in full (pools
    included) and its index; by what it spends. Column `budget` is what the chart draws on x."""
    rows = [
        {"budget": p.cost, "value": p.value_index}
        for p in vfm.frontier.points
        if p.objective is not None and p.value_index is not None
    ]
    return pd.DataFrame(rows, columns=["budget", "value"]).sort_values("budget", kind="stable")


def value_chart(scenario: Scenario, found: InitiativeResult, vfm: ValueForMoney) -> None:
    lang = i18n.current_language()
    unit = widgets.unit_label(scenario)
    spent = sum(o.amount for o in found.outcomes)  # as the headline's "Money for initiatives"
    titles = {
        "x": tr("chart_x", lang, unit=unit),
        "y": tr("chart_y", lang),
        "frontier": tr("chart_frontier", lang),
        "budget": tr("chart_budget", lang, amount=_money(scenario, spent)),
    }
    figure = charts.value_for_money(
        list_points(scenario, found, vfm, lang),
        frontier_line(vfm),
        spent,
        titles,
        i18n.plotly_separators(lang),
    )
    st.plotly_chart(figure, key="init_value_chart")
    notes = [tr("chart_caption", lang, unit=unit)]
    below = unsolved_below(vfm)
    if below is not None:
        notes.append(tr("chart_unsolved", lang, amount=_money(scenario, below)))
    st.caption(" ".join(notes))
    lines = []
    out = ruled_out(vfm)
    if out:
        status = {o.id: o for o in found.outcomes}
        named = "; ".join(
            tr(
                "ruled_out_one",
                lang,
                name=found.names[i],
                value=points_text(found, status[i].value, lang),
            )
            for i in out
        )
        lines.append(tr("ruled_out_chart", lang, names=named))
    nobody = tr("nobody", lang)
    first_out = _listed(vfm.frontier.first_out, found.names) or nobody
    first_in = _listed(vfm.frontier.first_in, found.names) or nobody
    lines += [tr("first_out", lang, names=first_out), tr("first_in", lang, names=first_in)]
    st.markdown("\n".join(f"- {line}" for line in lines))


def _listed(ids: list[str], names: dict[str, str]) -> str:
    return "; ".join(names.get(i, i) for i in ids)  # names may hold commas themselves
