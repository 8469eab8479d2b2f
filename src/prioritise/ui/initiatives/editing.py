"""Editing what a workshop changes about an initiative: its cost in each year, the least share
it may be funded at, and whether it must or must not be funded.

The change goes through the scenario's validated path (`state.apply_edit`): a change that
does not validate leaves the scenario as it was, the form keeps what was typed, and the
problems are shown at their place in the file.

Costs are typed in number boxes (`number_box`), not number inputs: a number input writes its
number with the browser's sprintf, whose decimal mark is a point in every language ("1.2" on a
Spanish screen where every other figure reads "1,2").
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from prioritise.scenario import Scenario
from prioritise.ui import i18n, number_box, state, widgets

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


def edit_form(scenario: Scenario, names: dict[str, str]) -> None:
    ids = [item.id for item in scenario.initiatives]
    ident = st.selectbox(
        tr("edit_pick"),
        ids,
        placeholder=i18n.t("choose_one"),
        format_func=i18n.labels_for(ids, lambda i: names.get(i, i)),
        key=state.choice_key(PICK_KEY),
    )
    if ident is None:
        return
    item = next(i for i in scenario.initiatives if i.id == ident)
    unit = widgets.unit_label(scenario)
    lang = i18n.current_language()
    with st.form(state.widget_key("init_edit", ident)):
        columns = st.columns(min(len(scenario.years), 3))
        typed = [
            number_box.number_box(
                tr("edit_cost", year=year, unit=unit),
                cost,
                key=number_box.shown_key(cost, lang, "init_cost", ident, year),
                where=columns[k % len(columns)],
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
        unread = number_box.problem_lines(typed)
        if unread:  # nothing applied; the form keeps what was typed
            widgets.show_lines(unread, tr("edit_failed"))
            return
        costs = [reading.value for reading in typed if reading.value is not None]
        change = initiative_change(ident, costs, minimum / 100, must, must_not)
        problems = state.apply_edit(change)
        if problems:
            widgets.show_problems(problems, tr("edit_failed"), located=False)
        else:
            state.notify(tr("saved", name=names.get(ident, ident)), "success")
            st.rerun()
