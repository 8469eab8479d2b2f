"""What the Initiatives page shows: the headline, the table (a compact list on a phone), the
reasons, the dependencies and the value-for-money chart. Figures come from the library."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from prioritise.allocate.text import index_points
from prioritise.scenario import Scenario
from prioritise.ui import charts, i18n, widgets
from prioritise.ui.initiatives.computed import InitiativeResult, ValueForMoney

tr = i18n.page_text("initiatives")

WIDE_BOX = "init_wide"
NARROW_BOX = "init_narrow"
NARROW_PX = widgets.NARROW_PX
LAYOUT_CSS = f"""<style>
@media (max-width: {NARROW_PX}px) {{ .st-key-{WIDE_BOX} {{ display: none; }} }}
@media (min-width: {NARROW_PX + 1}px) {{ .st-key-{NARROW_BOX} {{ display: none; }} }}
</style>"""
"""A phone gets the compact list, a wider screen the table: both are sent, CSS shows one."""

COLOURS = {"funded": charts.PALETTE[2], "partial": charts.PALETTE[6], "not_funded": "#9e9e9e"}


def _money(scenario: Scenario, amount: float) -> str:
    return widgets.money(scenario, amount, decimals=2)


def status_text(status: str, share: float, lang: str | None = None) -> str:
    if status == "partial":
        return tr("status_partial", lang, share=i18n.percent(share, lang, 0))
    return tr(f"status_{status}", lang)


def headline(scenario: Scenario, found: InitiativeResult) -> None:
    portfolio = found.portfolio
    funded = [o for o in found.outcomes if o.status != "not_funded"]
    spent = sum(o.amount for o in funded)
    budget = portfolio.data.initiatives_budget
    cells = st.columns(3)
    cells[0].metric(
        tr("m_funded"), tr("m_funded_value", funded=len(funded), of=len(found.outcomes))
    )
    cells[1].metric(tr("m_spent"), _money(scenario, spent), help=tr("m_spent_help"))
    pooled = portfolio.from_pools()
    if pooled > 1e-9 * max(spent, 1.0):  # as the command line says it: budget, then pools
        own, money = _money(scenario, spent - pooled), _money(scenario, pooled)
        caption = tr("m_budget_pools", own=own, budget=_money(scenario, budget), pooled=money)
    else:
        caption = tr("m_budget", budget=_money(scenario, budget))
    cells[1].caption(caption)
    cells[2].metric(
        tr("m_value"),
        i18n.number(portfolio.data.points(portfolio.objective), decimals=1),
        help=tr("m_value_help", of=len(found.outcomes)),
    )


def _line_name(scenario: Scenario, kind: str, ident: str | None) -> str:
    items: list[Any] = list(
        scenario.programmes
        if kind == "programme"
        else scenario.enabling_areas
        if kind == "area"
        else scenario.regions
    )
    if ident is None:
        return i18n.DASH
    return i18n.labeller(items)(ident)


def _points(found: InitiativeResult, value: float, lang: str | None = None) -> str:
    """Index points as the command line writes them (two significant digits)."""
    points = index_points(found.portfolio.data.points(value))
    return points.text(lang or i18n.current_language())


def table(scenario: Scenario, found: InitiativeResult) -> pd.DataFrame:
    """One row per initiative in file order, with the names and figures shown."""
    unit = widgets.unit_label(scenario)
    data = found.portfolio.data
    items = {item.id: item for item in scenario.initiatives}
    rows = []
    for outcome in found.outcomes:
        item = items[outcome.id]
        row: dict[str, object] = {
            tr("col_name"): found.names[outcome.id],
            tr("col_programme"): _line_name(scenario, "programme", item.programme),
            tr("col_area"): _line_name(scenario, "area", item.enabling_area),
            tr("col_region"): _line_name(scenario, "region", item.region),
        }
        for year, cost in zip(scenario.years, item.cost, strict=True):
            row[tr("col_cost", year=year, unit=unit)] = cost
        row[tr("col_value")] = data.points(outcome.value)
        ratio = outcome.ratio  # None for an initiative that costs nothing
        row[tr("col_ratio", unit=unit)] = None if ratio is None else data.points(ratio)
        row[tr("col_status")] = status_text(outcome.status, outcome.share)
        row[tr("col_amount", unit=unit)] = outcome.amount
        rows.append(row)
    return pd.DataFrame(rows)


def show_table(scenario: Scenario, found: InitiativeResult) -> None:
    st.html(LAYOUT_CSS)
    frame = table(scenario, found)
    unit = widgets.unit_label(scenario)
    formats = {column: widgets.number_of(2) for column in frame.columns if f"({unit})" in column}
    formats[tr("col_value")] = widgets.number_of(1)
    formats[tr("col_ratio", unit=unit)] = widgets.number_of(2)
    with st.container(key=WIDE_BOX):
        st.dataframe(widgets.styled(frame, formats), hide_index=True, key="init_table")
    with st.container(key=NARROW_BOX):
        st.markdown("\n".join(compact_lines(scenario, found)))
    with st.expander(tr("reasons_head"), expanded=True):
        lang = i18n.current_language()
        st.markdown(
            "\n".join(
                f"- **{found.names[o.id]}**: {i18n.library_text(o.reason, lang)}"
                for o in found.outcomes
            )
        )


def compact_lines(scenario: Scenario, found: InitiativeResult) -> list[str]:
    """The table as short markdown items, for a phone."""
    lines = []
    for outcome in found.outcomes:
        figures = tr(
            "compact" if outcome.status != "not_funded" else "compact_out",
            status=status_text(outcome.status, outcome.share),
            amount=_money(scenario, outcome.amount),
            cost=_money(scenario, outcome.cost),
            value=_points(found, outcome.value),
        )
        lines.append(f"- **{found.names[outcome.id]}** — {figures}")
    return lines


def dependencies(scenario: Scenario, found: InitiativeResult) -> None:
    """'needs X', 'cannot go with Y', 'must be funded', 'ruled out', one initiative a line."""
    names = found.names
    lines = []
    excluded: dict[str, set[str]] = {item.id: set(item.excludes) for item in scenario.initiatives}
    for item in scenario.initiatives:
        for other in item.excludes:
            excluded.setdefault(other, set()).add(item.id)
    for item in scenario.initiatives:
        parts = []
        if item.requires:
            parts.append(tr("needs", names=_listed(item.requires, names)))
        if excluded[item.id]:
            parts.append(tr("excludes", names=_listed(sorted(excluded[item.id]), names)))
        if item.must:
            parts.append(tr("must"))
        if item.must_not:
            parts.append(tr("must_not"))
        if parts:
            lines.append(f"- **{names[item.id]}**: " + "; ".join(parts))
    if lines:
        st.markdown("\n".join(lines))
    else:
        st.info(tr("deps_none"))


def _listed(ids: list[str], names: dict[str, str]) -> str:
    return "; ".join(names.get(i, i) for i in ids)  # names may hold commas themselves


def value_chart(scenario: Scenario, found: InitiativeResult, vfm: ValueForMoney) -> None:
    lang = i18n.current_language()
    unit = widgets.unit_label(scenario)
    data = vfm.frontier.data  # the curve's and the frontier's values, on the portfolio index
    status = {o.id: o for o in found.outcomes}
    rows = []
    for point in vfm.curve:
        outcome = status[point.id]
        hover = tr(
            "hover",
            name=found.names[point.id],
            status=status_text(outcome.status, outcome.share),
            cost=_money(scenario, outcome.cost),
            value=_points(found, outcome.value, lang),
            ratio=i18n.DASH if outcome.ratio is None else _points(found, outcome.ratio, lang),
            unit=unit,
            rank=point.rank,
        )
        rows.append(
            {
                "x": point.cost,
                "y": data.points(point.value),
                "group": tr(f"legend_{outcome.status}"),
                "colour": COLOURS[outcome.status],
                "hover": hover,
            }
        )
    frontier = pd.DataFrame(
        [
            {"budget": p.budget, "value": data.points(p.objective)}
            for p in vfm.frontier.points
            if p.objective is not None
        ]
    )
    titles = {
        "x": tr("chart_x", unit=unit),
        "y": tr("chart_y"),
        "frontier": tr("chart_frontier"),
        "budget": tr("chart_budget", amount=_money(scenario, vfm.frontier.budget)),
    }
    figure = charts.value_for_money(
        pd.DataFrame(rows), frontier, vfm.frontier.budget, titles, i18n.plotly_separators(lang)
    )
    st.plotly_chart(figure, key="init_value_chart")
    st.caption(tr("chart_caption"))
    nobody = tr("nobody")
    first_out = _listed(vfm.frontier.first_out, found.names) or nobody
    first_in = _listed(vfm.frontier.first_in, found.names) or nobody
    st.markdown(f"- {tr('first_out', names=first_out)}\n- {tr('first_in', names=first_in)}")
