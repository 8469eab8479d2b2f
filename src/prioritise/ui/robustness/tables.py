"""The tables of the Robustness page: the robust core and the contested lines, and the
minimax-regret compromise against the group split with each stakeholder's regret.

Like `prioritise.ui.robustness.views`, these only arrange numbers the library computed.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import pandas as pd
import streamlit as st

from prioritise.report.robustness_tables import split_label, split_totals
from prioritise.robustness.compromise import COMPROMISE, GROUP, Compromise
from prioritise.robustness.result import RobustnessResult
from prioritise.scenario import Scenario
from prioritise.ui import charts, i18n, state, widgets
from prioritise.ui.robustness.views import decimals, north_to_south, unit_of
from prioritise.ui.robustness.views import tr as shared

tr = i18n.page_text("robustness_tables")


def _lines_table(
    frame: pd.DataFrame, names: dict[str, str], unit: str, quantiles: tuple[str, ...]
) -> pd.DataFrame:
    table = pd.DataFrame(
        {
            tr("col_line"): [" · ".join(names.get(part, part) for part in k) for k in frame.index],
            tr("col_core"): frame["core_index"].to_numpy(float),
        }
    )
    for q in quantiles:
        table[shared(f"col_{q}", unit=unit)] = frame[q].to_numpy(float)
    table[shared("col_group", unit=unit)] = frame["group"].to_numpy(float)
    return table


def _show_lines(table: pd.DataFrame, key: str) -> None:
    formats = dict.fromkeys(table.columns[2:], decimals(2))
    formats[tr("col_core")] = widgets.percent_of(1)
    st.dataframe(
        widgets.styled(table, formats),
        hide_index=True,
        height=widgets.table_height(len(table)),
        key=key,
    )


def core_lists(scenario: Scenario, result: RobustnessResult, names: dict[str, str]) -> None:
    unit = unit_of(scenario)
    core, contested = result.robust_core, result.contested
    st.subheader(tr("core_head"))
    if core.empty:
        st.caption(tr("core_none"))
    else:
        money = widgets.money(scenario, float(core["group"].sum()), 2)
        st.caption(tr("core_explain", n=i18n.integer(len(core)), money=money))
        _show_lines(_lines_table(core, names, unit, ("p50",)), "robustness_core_table")
    st.subheader(tr("contested_head"))
    if contested.empty:
        st.caption(tr("contested_none"))
    else:
        st.caption(tr("contested_explain", n=i18n.integer(len(contested))))
        table = _lines_table(contested, names, unit, ("p10", "p50", "p90"))
        _show_lines(table, "robustness_contested_table")


def regret_value(value: float, lang: str) -> str:
    """A regret in value units, with three significant digits (values are small fractions)."""
    if not math.isfinite(value) or value == 0:
        return i18n.number(value, lang, 0)
    return i18n.number(value, lang, max(2, 2 - math.floor(math.log10(abs(value)))))


def _regret_as(option: str, found: Compromise) -> str:
    """The radio's words: regret in index points where the scenario has a yardstick."""
    if option == "value" and found.regret_points is not None:
        return tr("regret_as_points")
    return tr(f"regret_as_{option}")


def _points_of(lang: str) -> Callable[[float], str]:
    """Index points with one decimal, for a table column."""
    return lambda v: i18n.number(v, lang, 1)


def _regret_metrics(found: Compromise, names: dict[str, str], lang: str) -> None:
    relative, points = found.relative_regret, found.regret_points
    group = float(found.max_regret[GROUP])
    for column, split in zip(st.columns(2), (GROUP, COMPROMISE), strict=True):
        worst = str(found.worst_off[split])
        largest = float(found.max_regret[split])
        change = None
        if split == COMPROMISE and group > 0:
            change = tr("regret_change", change=i18n.percent(largest / group - 1, lang))
        shown = regret_value(largest, lang)  # in index points where the scenario has a yardstick
        if points is not None:
            shown = tr("regret_points", points=i18n.number(float(points.at[worst, split]), lang, 1))
        column.metric(
            tr("regret_metric", split=split_label(split, names, lang)),
            shown,
            delta=change,
            delta_color="inverse",
            help=tr(
                "regret_help",
                name=names.get(worst, worst),
                share=i18n.percent(float(relative.at[worst, split]), lang),
            ),
        )


def _regret_table(found: Compromise, names: dict[str, str], lang: str) -> None:
    st.subheader(tr("regret_head"))
    options = ["value", "share"]
    shown = st.radio(
        tr("regret_as"),
        options,
        format_func=i18n.labels_for(options, lambda o: _regret_as(o, found)),
        horizontal=True,
        key=state.worded("robustness_regret_unit"),
    )
    points = found.regret_points
    source = found.relative_regret
    if shown == "value":
        source = found.regret if points is None else points
    # the group's split and the compromise first: with many stakeholders, the columns of
    # their own best splits run off a laptop's screen, and these two are what the table is for
    first = [split for split in (GROUP, COMPROMISE) if split in source.columns]
    source = source[first + [s for s in source.columns if s not in first]]
    table = source.reset_index(drop=True)
    table.columns = [split_label(str(s), names, lang) for s in source.columns]
    table.insert(0, i18n.t("stakeholder"), [names.get(s, s) for s in source.index])
    words = widgets.percent_of(1, lang)
    if shown == "value":
        words = (lambda v: regret_value(v, lang)) if points is None else _points_of(lang)
    st.dataframe(
        widgets.styled(table, dict.fromkeys(table.columns[1:], words)),
        hide_index=True,
        height=widgets.table_height(len(table)),
        key="robustness_regret_table",
    )
    if shown == "value" and points is not None:
        st.caption(tr("regret_caption_points"))
    else:
        st.caption(tr(f"regret_caption_{shown}"))


def compromise_section(scenario: Scenario, result: RobustnessResult, names: dict[str, str]) -> None:
    st.subheader(tr("compromise_head"))
    found = result.compromise
    if found is None:
        st.info(tr("no_compromise"))
        return
    lang = i18n.current_language()
    st.caption(tr("compromise_explain"))
    _regret_metrics(found, names, lang)
    if found.kept is not None:
        st.info(tr("kept", split=split_label(found.kept, names, lang)))
    unit = unit_of(scenario)
    split_names = [split_label(s, names, lang) for s in (GROUP, COMPROMISE)]
    by_money = result.programmes["group"].sort_values(ascending=False, kind="stable").index
    for level, order in (
        ("programme", list(by_money)),
        ("region", north_to_south(scenario, result.regions.index)),
    ):
        totals = split_totals(result, level).reindex(order)[[GROUP, COMPROMISE]]
        totals.columns = split_names
        figure = charts.paired_bars(
            totals.rename(index=names),
            shared("money_axis", unit=unit),
            i18n.plotly_separators(),
            value_format=",.1f",
        )
        figure.update_xaxes(automargin=True)
        figure.update_yaxes(automargin=True)
        st.markdown(f"**{tr(f'by_{level}')}**")
        st.plotly_chart(figure, key=f"robustness_compromise_{level}")
    _regret_table(found, names, lang)
