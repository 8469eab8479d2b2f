"""Forms that edit a scenario's budget and constraints, each change validated before use.

Shares are shown as percentages (0–100) and stored as fractions; an empty cell means "no
limit". A submitted form whose result does not validate lists the problems and leaves the
scenario as it was, with the typed values still in the form to correct. Amounts with decimals
are typed in number boxes (`number_box`), which write them the reader's way ("0,25"), and
in tables whose number cells are text written and read the same way (`number_table`).
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable
from typing import Any

import pandas as pd
import streamlit as st

from prioritise.scenario import Scenario
from prioritise.ui import i18n, number_box, state, widgets
from prioritise.ui.scenario import number_table

tr = i18n.page_text("scenario_forms")

PERCENT = number_box.Allowed(most=100.0, optional=True)
"""A share rule in percent: 0 to 100, or nothing (no such rule)."""
LINES = number_box.Allowed(least=1.0, optional=True, whole=True)
"""A line limit: a whole number of lines from 1, or nothing (no limit)."""
FIXED = ("programme", "enabling_area", "region", "year")
"""The columns of a commitment that name it (its amount is the one to type)."""
SHARE_SETTINGS = (
    "max_programme_share",
    "min_programme_share",
    "min_region_share",
    "max_region_share",
    "concentration",
    "continuity",
)


def _number_or_none(value: Any) -> float | None:
    if value is None:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number


def _pct(share: float | None) -> float | None:
    return None if share is None else round(100 * share, 6)


def _share(percent: Any) -> float | None:
    number = _number_or_none(percent)
    return None if number is None else number / 100


def _finish(problems: list, saved: str, failed: str) -> None:
    if problems:
        widgets.show_problems(problems, failed, located=False)
    else:
        state.notify(saved, "success")
        st.rerun()


# ---------------------------------------------------------------- budget


def _year_amounts(table: pd.DataFrame) -> list[float | None]:
    """The amounts of the rows that have a year (rows without one are ignored)."""
    return [_number_or_none(a) for a in table[table["year"].notna()]["amount"]]


def budget_change(
    even: bool,
    total: float | None,
    table: pd.DataFrame,
    carry_over: bool,
    initiatives_share: float | None = None,
):
    """The edit a submitted budget form makes (rows without a year are ignored);
    `initiatives_share` (0 to 1) where the form shows it, a scenario with initiatives."""
    rows = table[table["year"].notna()]

    def change(raw: dict[str, Any]) -> None:
        budget = raw["budget"]
        budget["years"] = [int(y) for y in rows["year"]]
        budget["carry_over"] = bool(carry_over)
        if initiatives_share is not None:
            budget["initiatives_share"] = float(initiatives_share)
        if even:
            budget["total"] = total
            budget.pop("per_year", None)
        else:
            amounts = _year_amounts(table)
            budget["per_year"] = [float("nan") if a is None else a for a in amounts]
            budget["total"] = math.fsum(a for a in amounts if a is not None)

    return change


def ignored_total(
    even: bool, total: float | None, shown: float, table: pd.DataFrame
) -> float | None:
    """The years' sum, when amounts per year are chosen but the total was changed to another
    figure: applying would silently drop what was typed, so the form refuses and says why."""
    if even or total is None or math.isclose(total, shown, rel_tol=1e-9, abs_tol=1e-9):
        return None
    years = math.fsum(a for a in _year_amounts(table) if a is not None)
    return None if math.isclose(total, years, rel_tol=1e-9, abs_tol=1e-9) else years


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
        total = number_box.number_box(  # keyed by the total: a changed total shows afresh
            tr("total", unit=unit),
            float(budget.total),
            key=state.widget_key("budget_total", number_box.number_text(budget.total, "en")),
            allowed=number_box.POSITIVE,
            help=tr("total_help"),
        )
        # not tied to the split: a changed column would renew the editor, dropping its edits
        amount = number_table.Column(tr("col_amount"), decimals=2)
        table = pd.DataFrame({"year": budget.years, "amount": budget.year_amounts()})
        edited = st.data_editor(
            number_table.shown(table, {"amount": amount}, lang),
            num_rows="dynamic",
            hide_index=True,
            placeholder="—",  # an empty cell of a new row, not "None"
            column_config={
                "year": st.column_config.NumberColumn(i18n.t("year"), step=1, format="%d"),
                "amount": number_table.text_column(amount, lang),
            },
            key=state.widget_key("budget_years"),
        )
        st.caption(tr("years_table", unit=unit))
        carry = st.checkbox(tr("carry_over"), value=budget.carry_over)
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
            )
        submitted = st.form_submit_button(tr("apply"), type="primary")
    if submitted:  # with amounts per year, every year needs one; rows without a year are none
        allowed = number_box.OPTIONAL_AMOUNT if split == "even" else number_box.AMOUNT
        columns = {"amount": dataclasses.replace(amount, allowed=allowed)}
        rows, name = edited[edited["year"].notna()], tr("years_name", unit=unit)
        amounts = number_table.read_table(rows, columns, lang, name, ["year"], table)
        lines = number_box.problem_lines([total]) + amounts.problems
        lines += number_table.missing_cells(edited, {"year": i18n.t("year")}, name, ["year"], lang)
        if lines:  # nothing applied; the form keeps what was typed
            widgets.show_lines(lines, tr("budget_failed"))
            return
        years_table = amounts.numbers
        years = ignored_total(split == "even", total.value, float(budget.total), years_table)
        if years is not None:
            meta = scenario.scenario
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
        _finish(problems, tr("budget_saved"), tr("budget_failed"))


# ---------------------------------------------------------------- constraints


def bounds_table(ids: list[str], names: list[str], bounds: dict) -> pd.DataFrame:
    """Rows of min/max percentages, indexed by id."""
    return pd.DataFrame(
        {
            "name": names,
            "min": [_pct(bounds[i].min) if i in bounds else None for i in ids],
            "max": [_pct(bounds[i].max) if i in bounds else None for i in ids],
        },
        index=pd.Index(ids, dtype=object),
    ).astype({"min": float, "max": float})


def bounds_from_table(table: pd.DataFrame) -> dict[str, dict[str, float]]:
    """The non-empty rows of a min/max percentage table, as share bounds by id."""
    result: dict[str, dict[str, float]] = {}
    for ident, row in table.iterrows():
        entry = {k: s for k in ("min", "max") if (s := _share(row[k])) is not None}
        if entry:
            result[str(ident)] = entry
    return result


def fixed_from_table(table: pd.DataFrame, ids: dict[str, dict[str, str]]) -> list[dict]:
    """Committed amounts from the editor's rows; display names turned back into ids."""
    fixed = []
    for _, row in table.iterrows():
        if all(
            row[k] is None or (isinstance(row[k], float) and math.isnan(row[k])) for k in row.index
        ):
            continue
        entry: dict[str, Any] = {}
        for key in ("programme", "enabling_area", "region"):
            name = row[key]
            if name not in ids[key]:
                raise ValueError(tr("unknown_name", name=name))
            entry[key] = ids[key][name]
        entry["year"] = int(row["year"])
        entry["amount"] = _number_or_none(row["amount"])
        fixed.append(entry)
    return fixed


def _bounds_editor(
    title: str, table: pd.DataFrame, key: str, lang: str
) -> Callable[[str], number_table.TableReading]:
    """The table to edit; what it gives reads the edits, given the table's name for messages."""
    st.markdown(f"**{title}**")
    min_max = {"min": tr("col_min"), "max": tr("col_max")}
    columns = {k: number_table.Column(label, PERCENT, decimals=1) for k, label in min_max.items()}
    edited = st.data_editor(
        number_table.shown(table, columns, lang),
        hide_index=True,
        column_config={
            "name": st.column_config.TextColumn(" ", disabled=True),
            **{k: number_table.text_column(column, lang) for k, column in columns.items()},
        },
        key=state.widget_key(key),
        placeholder="—",
        height=min(36 * (len(table) + 1) + 4, 640),
    )
    return lambda name: number_table.read_table(edited, columns, lang, name, ["name"], table)


def constraints_form(scenario: Scenario) -> None:
    lang = i18n.current_language()
    cons = scenario.constraints
    unit = widgets.unit_label(scenario)
    st.subheader(tr("cons_head"))
    regions = scenario.regions_north_to_south()
    with st.form(state.widget_key("constraints_form")):
        spend_all = st.checkbox(tr("spend_all"), value=cons.spend_all)
        st.caption(tr("empty_means_none"))
        shares: dict[str, number_box.Reading] = {}
        columns = st.columns(3)
        for index, name in enumerate(SHARE_SETTINGS):
            help_text = tr(f"{name}_help") if name in ("concentration", "continuity") else None
            percent = _pct(getattr(cons, name))
            shares[name] = number_box.number_box(  # empty: no such rule
                tr(name),
                percent,
                key=state.widget_key("cons", name, number_box.number_text(percent, "en")),
                allowed=PERCENT,
                help=help_text,
                where=columns[index % 3],
                placeholder=i18n.t("none"),
            )
        left, right = st.columns(2)
        min_ticket = number_box.number_box(  # empty: no minimum ticket
            tr("min_ticket", unit=unit),
            cons.min_ticket,
            key=state.widget_key("cons_ticket", number_box.number_text(cons.min_ticket, "en")),
            allowed=number_box.OPTIONAL_AMOUNT,
            help=tr("min_ticket_help"),
            where=left,
            placeholder=i18n.t("none"),
        )
        limit = None if cons.max_lines is None else float(cons.max_lines)
        max_lines = number_box.number_box(  # empty: no line limit
            tr("max_lines"),
            limit,
            key=state.widget_key("cons_lines", number_box.number_text(limit, "en")),
            allowed=LINES,
            where=right,
            placeholder=i18n.t("none"),
        )
        read_regions = _bounds_editor(
            tr("region_table"),
            bounds_table(
                [r.id for r in regions], [i18n.label(r, lang) for r in regions], cons.region_share
            ),
            "cons_regions",
            lang,
        )
        read_programmes = _bounds_editor(
            tr("programme_table"),
            bounds_table(
                scenario.programme_ids,
                [i18n.label(p, lang) for p in scenario.programmes],
                cons.programme_share,
            ),
            "cons_programmes",
            lang,
        )
        read_areas = _bounds_editor(
            tr("area_table"),
            bounds_table(
                scenario.area_ids,
                [i18n.label(a, lang) for a in scenario.enabling_areas],
                cons.enabling_share,
            ),
            "cons_areas",
            lang,
        )
        names = {
            "programme": {i18n.label(p, lang): p.id for p in scenario.programmes},
            "enabling_area": {i18n.label(a, lang): a.id for a in scenario.enabling_areas},
            "region": {i18n.label(r, lang): r.id for r in regions},
        }
        label_of = {key: {v: k for k, v in table.items()} for key, table in names.items()}
        fixed = pd.DataFrame(
            [
                {
                    "programme": label_of["programme"].get(f.programme, f.programme),
                    "enabling_area": label_of["enabling_area"].get(
                        f.enabling_area, f.enabling_area
                    ),
                    "region": label_of["region"].get(f.region, f.region),
                    "year": f.year,
                    "amount": f.amount,
                }
                for f in cons.fixed
            ],
            columns=["programme", "enabling_area", "region", "year", "amount"],
        )
        st.markdown(f"**{tr('fixed_table', unit=unit)}**")
        amount = {"amount": number_table.Column(tr("col_amount"), number_box.AMOUNT, decimals=2)}
        fixed_edited = st.data_editor(
            number_table.shown(fixed, amount, lang),
            num_rows="dynamic",
            hide_index=True,
            placeholder="—",
            column_config={
                "programme": st.column_config.SelectboxColumn(
                    i18n.t("programme"), options=list(names["programme"])
                ),
                "enabling_area": st.column_config.SelectboxColumn(
                    i18n.t("enabling_area"), options=list(names["enabling_area"])
                ),
                "region": st.column_config.SelectboxColumn(
                    i18n.t("region"), options=list(names["region"])
                ),
                "year": st.column_config.SelectboxColumn(i18n.t("year"), options=scenario.years),
                "amount": number_table.text_column(amount["amount"], lang),
            },
            key=state.widget_key("cons_fixed"),
        )
        submitted = st.form_submit_button(tr("apply"), type="primary")
    if not submitted:
        return
    fixed_name = tr("fixed_name", unit=unit)
    tables = [
        read_regions(tr("region_name")),
        read_programmes(tr("programme_name")),
        read_areas(tr("area_name")),
        number_table.read_table(fixed_edited, amount, lang, fixed_name, FIXED, fixed),
    ]
    lines = number_box.problem_lines([*shares.values(), min_ticket, max_lines])
    lines += [line for table in tables for line in table.problems]
    needed = {key: i18n.t(key) for key in FIXED}  # the amount is read with the tables
    lines += number_table.missing_cells(fixed_edited, needed, fixed_name, FIXED, lang)
    if lines:  # nothing applied; the boxes and the tables keep what was typed
        widgets.show_lines(lines, tr("cons_failed"))
        return
    regions_read, programmes_read, areas_read, fixed_read = (t.numbers for t in tables)

    def change(raw: dict[str, Any]) -> None:
        target = raw.setdefault("constraints", {})
        target["spend_all"] = bool(spend_all)
        for name, reading in shares.items():
            target[name] = _share(reading.value)
        target["min_ticket"] = min_ticket.value
        target["max_lines"] = None if max_lines.value is None else int(max_lines.value)
        target["region_share"] = bounds_from_table(regions_read)
        target["programme_share"] = bounds_from_table(programmes_read)
        target["enabling_share"] = bounds_from_table(areas_read)
        target["fixed"] = fixed_from_table(fixed_read, names)
        for key in [k for k, v in target.items() if v is None]:
            del target[key]

    problems = state.apply_edit(change)
    _finish(problems, tr("cons_saved"), tr("cons_failed"))
