"""Editing what a workshop changes about an initiative: its cost in each year, the least share
it may be funded at, and whether it must or must not be funded.

The change goes through the scenario's validated path (`state.apply_edit`): a change that
does not validate leaves the scenario as it was, the form keeps what was typed, and the
problems are shown at their place in the file.

Costs are typed in text boxes, not number inputs: a number input writes its number with the
browser's sprintf, whose decimal mark is a point in every language ("1.2" on a Spanish screen
where every other figure reads "1,2"). The box writes the cost exactly, with the language's
decimal mark, and reads it back as the spreadsheet import reads a typed number.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import streamlit as st

from prioritise.scenario import Scenario
from prioritise.scenario.sheet_columns import parse_number
from prioritise.ui import i18n, state, widgets

tr = i18n.page_text("initiatives")

PICK_KEY = "init_edit_pick"


def initiative_change(
    ident: str, costs: list[float], minimum: float, must: bool, must_not: bool
) -> Callable[[dict[str, Any]], None]:
    """The edit of one initiative as a change of the scenario's data (`minimum` 0 or 1: funded
    whole or not at all)."""

    def change(raw: dict[str, Any]) -> None:
        item = next(i for i in raw["initiatives"] if i["id"] == ident)
        item["cost"] = [float(c) for c in costs]
        if 0 < minimum < 1:
            item["partial"] = {"min": float(minimum)}
        else:
            item.pop("partial", None)
        item["must"] = bool(must)
        item["must_not"] = bool(must_not)

    return change


def cost_text(value: float, lang: str) -> str:
    """A cost as its box shows it: every digit it has, so that it reads back the same (1.2,
    not 1.2000000000000002 nor 1.20), the language's decimal mark, no thousands marks."""
    written = format(Decimal(repr(float(value))), "f")
    written = written.rstrip("0").rstrip(".") if "." in written else written
    return written.replace(".", ",") if lang == "es" else written


def read_cost(typed: str, lang: str) -> float | None:
    """A typed cost: '1,2' (or '1.2') in Spanish, '1.2' in English; None unless it is a
    number of zero or more (thousands marks are refused: '1.500' could be either)."""
    value = parse_number(typed.strip(), decimal_comma=lang == "es")
    if value is None or not math.isfinite(value) or value < 0:
        return None
    return value


def edit_form(scenario: Scenario, names: dict[str, str]) -> None:
    ids = [item.id for item in scenario.initiatives]
    ident = st.selectbox(
        tr("edit_pick"),
        ids,
        placeholder=i18n.t("choose_one"),
        format_func=i18n.labels_for(ids, lambda i: names.get(i, i)),
        key=state.widget_key(PICK_KEY),
    )
    if ident is None:
        return
    item = next(i for i in scenario.initiatives if i.id == ident)
    unit = widgets.unit_label(scenario)
    lang = i18n.current_language()
    with st.form(state.widget_key("init_edit", ident)):
        columns = st.columns(min(len(scenario.years), 3))
        typed = [
            columns[k % len(columns)].text_input(
                tr("edit_cost", year=year, unit=unit),
                value=cost_text(cost, lang),
                help=tr("edit_cost_help", example=cost_text(1.25, lang)),
                key=state.widget_key("init_cost", ident, year),
            )
            for k, (year, cost) in enumerate(zip(scenario.years, item.cost, strict=True))
        ]
        minimum = st.slider(
            tr("edit_partial"),
            min_value=0,
            max_value=100,
            value=0 if item.partial is None else round(100 * item.partial.min),
            step=5,
            format=i18n.percent_slider_format(),
            help=tr("edit_partial_help"),
            key=state.widget_key("init_partial", ident),
        )
        must = st.checkbox(
            tr("edit_must"), value=item.must, key=state.widget_key("init_must", ident)
        )
        must_not = st.checkbox(
            tr("edit_must_not"), value=item.must_not, key=state.widget_key("init_no", ident)
        )
        submitted = st.form_submit_button(tr("apply"), type="primary")
    if submitted:
        read = [read_cost(text, lang) for text in typed]
        example = cost_text(1.25, lang)
        unread = [
            "- " + tr("edit_cost_unread", year=year, value=shown, example=example)
            for year, shown, cost in zip(
                scenario.years, map(widgets.plain_markdown, typed), read, strict=True
            )
            if cost is None
        ]
        if unread:  # nothing applied; the form keeps what was typed
            widgets.show_lines(unread, tr("edit_failed"))
            return
        costs = [cost for cost in read if cost is not None]
        change = initiative_change(ident, costs, minimum / 100, must, must_not)
        problems = state.apply_edit(change)
        if problems:
            widgets.show_problems(problems, tr("edit_failed"), located=False)
        else:
            state.notify(tr("saved", name=names.get(ident, ident)), "success")
            st.rerun()
