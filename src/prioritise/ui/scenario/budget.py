"""The Scenario page's budget form: the total or an amount per year, carry-over and, with
initiatives, their part of it. Years and amounts are typed the reader's way in text cells
(`number_table`); a changed figure no longer claims the budget's source (it is marked
illustrative, and the notice says so)."""

from __future__ import annotations

import math
from typing import Any

import pandas as pd
import streamlit as st

from prioritise.scenario import Scenario
from prioritise.scenario.summary import ILLUSTRATIVE
from prioritise.ui import i18n, number_box, state, widgets
from prioritise.ui.scenario import number_table
from prioritise.ui.scenario.forms import finish, number_or_none

tr = i18n.page_text("scenario_forms")

PLACE = "budget"
"""Where the budget form's notices show: under it."""
YEAR = number_box.Allowed(least=1000.0, most=9999.0, optional=True, whole=True, example=2025)
"""A budget year: four digits, never '2020,5' read as 20205. An empty year is left to
`number_table.missing_cells`, which names the row."""


def _year_amounts(table: pd.DataFrame) -> list[float | None]:
    """The amounts of the rows that have a year (rows without one are ignored)."""
    return [number_or_none(a) for a in table[table["year"].notna()]["amount"]]


def _figures(budget: dict[str, Any]) -> tuple[list[int], list[float]]:
    """A budget's years and amounts as a file says them (an even split without `per_year`)."""
    years = [int(y) for y in budget["years"]]
    per_year = budget.get("per_year")
    if per_year is None:
        per_year = [float(budget["total"]) / len(years)] * len(years)
    return years, [float(a) for a in per_year]


def _same_figures(before: dict[str, Any], after: dict[str, Any]) -> bool:
    (years, amounts), (new_years, new_amounts) = _figures(before), _figures(after)
    return years == new_years and all(
        math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)
        for a, b in zip(amounts, new_amounts, strict=True)
    )


def budget_change(
    even: bool,
    total: float | None,
    table: pd.DataFrame,
    carry_over: bool,
    initiatives_share: float | None = None,
):
    """The edit a submitted budget form makes (rows without a year are ignored, the others
    put in order of year); `initiatives_share` (0 to 1) where the form shows it, a scenario
    with initiatives. Changed figures drop the budget's `source`: it vouches for the old ones."""
    rows = table[table["year"].notna()].sort_values("year", kind="stable")

    def change(raw: dict[str, Any]) -> None:
        budget = raw["budget"]
        before = dict(budget)
        budget["years"] = [int(y) for y in rows["year"]]
        budget["carry_over"] = bool(carry_over)
        if initiatives_share is not None:
            budget["initiatives_share"] = float(initiatives_share)
        if even:
            budget["total"] = total
            budget.pop("per_year", None)
        else:
            amounts = _year_amounts(rows)
            budget["per_year"] = [float("nan") if a is None else a for a in amounts]
            budget["total"] = math.fsum(a for a in amounts if a is not None)
        if not _figures_unreadable(budget) and not _same_figures(before, budget):
            budget.pop("source", None)

    return change


def _figures_unreadable(budget: dict[str, Any]) -> bool:
    """A budget the scenario's checks will refuse anyway (an amount missing, years and
    amounts of different lengths, no years): its source is left for them to speak of."""
    per_year, years = budget.get("per_year"), budget.get("years") or []
    if not years or budget.get("total") is None:
        return True
    return per_year is not None and (
        len(per_year) != len(years) or any(math.isnan(a) for a in per_year)
    )


def ignored_total(
    even: bool, total: float | None, shown: float, table: pd.DataFrame
) -> float | None:
    """The years' sum, when amounts per year are chosen but the total was changed to another
    figure: applying would silently drop what was typed, so the form refuses and says why."""
    if even or total is None or math.isclose(total, shown, rel_tol=1e-9, abs_tol=1e-9):
        return None
    years = math.fsum(a for a in _year_amounts(table) if a is not None)
    return None if math.isclose(total, years, rel_tol=1e-9, abs_tol=1e-9) else years


def _years_twice(table: pd.DataFrame, name: str, lang: str) -> list[str]:
    """A year typed in a second row, named by its place in the table, as Markdown bullets."""
    seen: set[float] = set()
    lines = []
    for place, year in enumerate(table["year"], start=1):
        if year in seen:
            where = number_table.cell_name(name, str(place), i18n.t("year"), lang)
            lines.append("- " + tr("year_twice", lang, cell=where, year=f"{year:.0f}"))
        seen.add(year)
    return lines


def budget_form(scenario: Scenario) -> None:
    lang = i18n.current_language()
    budget = scenario.budget
    unit = widgets.unit_label(scenario)
    st.subheader(tr("budget_head"))
    with st.form(state.widget_key("budget_form")):
        split = st.radio(
            tr("split"),
            ("even", "per_year"),
            index=1 if budget.per_year is not None else 0,
            format_func=i18n.labels_for(("even", "per_year"), lambda k: tr(f"split_{k}")),
            horizontal=True,
        )
        total = number_box.number_box(  # keyed by the total as shown (see `shown_key`)
            tr("total", unit=unit),
            float(budget.total),
            key=number_box.shown_key(budget.total, lang, "budget_total"),
            allowed=number_box.POSITIVE,
            help=tr("total_help"),
        )
        # not tied to the split: a changed column would renew the editor, dropping its edits
        year = number_table.Column(i18n.t("year"), YEAR)
        amount = number_table.Column(tr("col_amount"), decimals=2)
        table = pd.DataFrame({"year": budget.years, "amount": budget.year_amounts()})
        edited = st.data_editor(
            number_table.shown(table, {"year": year, "amount": amount}, lang),
            num_rows="dynamic",
            hide_index=True,
            placeholder="—",  # an empty cell of a new row, not "None"
            column_config={
                "year": number_table.text_column(year, lang),
                "amount": number_table.text_column(amount, lang),
            },
            key=state.widget_key("budget_years"),
        )
        st.caption(tr("years_table", unit=unit))
        carry = st.checkbox(
            tr("carry_over"), value=budget.carry_over, key=state.widget_key("carry_over")
        )
        share = None
        if scenario.initiatives:  # how much of it the initiatives get (docs/model.md §15)
            share = st.slider(
                tr("initiatives_share"),
                min_value=0,
                max_value=100,
                value=round(100 * scenario.initiatives_share),
                step=5,
                format=i18n.percent_slider_format(),
                help=tr("initiatives_share_help"),
                key=state.widget_key("initiatives_share"),
            )
        submitted = st.form_submit_button(tr("apply"), type="primary")
    widgets.show_notices(PLACE)
    if submitted:
        _apply(scenario, split, total, edited, table, carry, share)


def _apply(
    scenario: Scenario,
    split: str | None,
    total: number_box.Reading,
    edited: pd.DataFrame,
    table: pd.DataFrame,
    carry: bool,
    share: int | None,
) -> None:
    """Read the submitted form and apply it, or say what keeps it from being applied (and
    apply nothing: the form keeps what was typed). With amounts per year, every year needs
    one; a row with an amount needs a year."""
    lang = i18n.current_language()
    unit = widgets.unit_label(scenario)
    allowed = number_box.OPTIONAL_AMOUNT if split == "even" else number_box.AMOUNT
    columns = {
        "year": number_table.Column(i18n.t("year"), YEAR),
        "amount": number_table.Column(tr("col_amount"), allowed, decimals=2),
    }
    name = tr("years_name", unit=unit)
    reading = number_table.read_table(edited, columns, lang, name, ["year"], table)
    lines = number_box.problem_lines([total]) + reading.problems
    lines += number_table.missing_cells(edited, {"year": i18n.t("year")}, name, ["year"], lang)
    if not lines:
        lines = _years_twice(reading.numbers, name, lang)
    if lines:
        widgets.show_lines(lines, tr("budget_failed"))
        return
    years_table = reading.numbers
    meta, budget = scenario.scenario, scenario.budget
    years = ignored_total(split == "even", total.value, float(budget.total), years_table)
    if years is not None:
        st.error(
            tr(
                "total_ignored",
                typed=i18n.money(total.value, meta.unit, meta.currency),
                years=i18n.money(years, meta.unit, meta.currency),
                even=tr("split_even"),
            )
        )
        return
    fraction = None  # the file keeps what it said unless the slider moved
    if share is not None and share != round(100 * scenario.initiatives_share):
        fraction = share / 100
    change = budget_change(split == "even", total.value, years_table, carry, fraction)
    problems = state.apply_edit(change)
    after = state.current()
    saved = tr("budget_saved")
    cited = budget.source not in (None, ILLUSTRATIVE)  # a budget already illustrative stays so
    if not problems and cited and after.budget.source is None:
        source = widgets.provenance(scenario, budget.source, lang)
        saved = tr("budget_saved_unsourced", source=source)
    finish(problems, saved, tr("budget_failed"), PLACE, changed=after is not scenario)
