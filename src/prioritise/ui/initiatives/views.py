"""What the Initiatives page shows: the headline, the table (a compact list on a phone), the
reasons and the dependencies (the value-for-money chart is in `chart`). Figures come from the
library; index points are written as the command line writes them (`index_points`: two
significant digits)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd
import streamlit as st

from prioritise.allocate.text import index_points
from prioritise.scenario import Scenario
from prioritise.ui import charts, i18n, widgets
from prioritise.ui.initiatives.computed import InitiativeResult

tr = i18n.page_text("initiatives")

WIDE_BOX = "init_wide"
NARROW_BOX = "init_narrow"
LAYOUT_CSS = widgets.wide_or_narrow_css(WIDE_BOX, NARROW_BOX)
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


def points_text(found: InitiativeResult, value: float, lang: str | None = None) -> str:
    """An initiative's value (or value per cost) in index points as the command line writes
    them (two significant digits: 0.64, 3.0, 12)."""
    points = index_points(found.portfolio.data.points(value))
    return points.text(lang or i18n.current_language())


def ratio_text(found: InitiativeResult, ratio: float | None, lang: str | None = None) -> str:
    """Points per unit of money; an initiative that costs nothing has none: 'no cost'."""
    return tr("no_cost", lang) if ratio is None else points_text(found, ratio, lang)


def table(scenario: Scenario, found: InitiativeResult) -> pd.DataFrame:
    """One row per initiative in file order: what a reader looks for first (name, decision,
    amount, points, points per unit of money), then its lines and its cost in each year."""
    unit = widgets.unit_label(scenario)
    data = found.portfolio.data
    items = {item.id: item for item in scenario.initiatives}
    rows = []
    for outcome in found.outcomes:
        item = items[outcome.id]
        ratio = outcome.ratio  # None for an initiative that costs nothing
        row: dict[str, object] = {
            tr("col_name"): found.names[outcome.id],
            tr("col_status"): status_text(outcome.status, outcome.share),
            tr("col_amount", unit=unit): outcome.amount,
            tr("col_value"): data.points(outcome.value),
            tr("col_ratio", unit=unit): None if ratio is None else data.points(ratio),
            tr("col_programme"): _line_name(scenario, "programme", item.programme),
            tr("col_area"): _line_name(scenario, "area", item.enabling_area),
            tr("col_region"): _line_name(scenario, "region", item.region),
        }
        for year, cost in zip(scenario.years, item.cost, strict=True):
            row[tr("col_cost", year=year, unit=unit)] = cost
        rows.append(row)
    return pd.DataFrame(rows)


def _point_words(lang: str) -> Callable[[float], str]:
    return lambda points: index_points(points).text(lang)


def shown_table(scenario: Scenario, found: InitiativeResult) -> pd.DataFrame:
    """`table` with the points per unit of money written out when an initiative costs nothing
    ('no cost'): the grid would show its missing number as 'None', whatever the styler says.
    That column is then text; the others stay numbers (for sorting)."""
    frame = table(scenario, found)
    lang = i18n.current_language()
    column = tr("col_ratio", unit=widgets.unit_label(scenario))
    if frame[column].isna().any():
        words = _point_words(lang)
        frame[column] = [tr("no_cost") if pd.isna(v) else words(v) for v in frame[column]]
    return frame


def show_table(scenario: Scenario, found: InitiativeResult) -> None:
    st.html(LAYOUT_CSS)
    frame = shown_table(scenario, found)
    lang = i18n.current_language()
    unit = widgets.unit_label(scenario)
    formats = {column: widgets.number_of(2) for column in frame.columns if f"({unit})" in column}
    points = [tr("col_value"), tr("col_ratio", unit=unit)]
    formats |= {column: _point_words(lang) for column in points}
    formats = {c: f for c, f in formats.items() if pd.api.types.is_numeric_dtype(frame[c])}
    columns: dict[str, Any] = {tr("col_name"): st.column_config.TextColumn(pinned=True)}
    for column in set(points) - set(formats):  # written out: still aligned as numbers
        columns[column] = st.column_config.TextColumn(alignment="right")
    with st.container(key=WIDE_BOX):
        st.dataframe(
            widgets.styled(frame, formats),
            hide_index=True,
            column_config=widgets.text_columns(frame, columns),
            height=widgets.table_height(len(frame)),
            key="init_table",
        )
        if not pd.api.types.is_numeric_dtype(frame[points[1]]):  # someone costs nothing
            st.caption(tr("no_cost_note", unit=unit))
    with st.container(key=NARROW_BOX):
        st.markdown("\n".join(compact_lines(scenario, found)))
    with st.expander(tr("reasons_head"), expanded=True):
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
            value=points_text(found, outcome.value),
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
