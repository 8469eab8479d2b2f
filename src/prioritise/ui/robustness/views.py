"""The sections of the Robustness page: headline, core-index heatmap, regional fan chart,
rank acceptability, the robust core and the contested lines, and the compromise.

Each function draws one section of a `RobustnessResult`; the library computed every number
(`prioritise.report.robustness_tables` shapes the tables that the workbook shares), these only
arrange and label them in the language on screen.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from prioritise.report.robustness_tables import core_by_region, item_names
from prioritise.robustness.result import DRAW_SHARE_PLACES, RobustnessResult
from prioritise.scenario import Scenario
from prioritise.ui import charts, i18n, state, widgets
from prioritise.ui.robustness import charts as figures

tr = i18n.page_text("robustness_views")

ALL = "__all__"
WIDE_BOX = "robustness_heat_wide"
NARROW_BOX = "robustness_heat_narrow"
LAYOUT_CSS = widgets.wide_or_narrow_css(WIDE_BOX, NARROW_BOX)
"""A phone gets the heatmap turned on its side (a row per region, every name readable), a
wider screen the heatmap with a column per region: both are sent, CSS shows one."""


def names_of(scenario: Scenario, lang: str) -> dict[str, str]:
    """Display names of programmes, areas, regions and stakeholders, as the workbook has them."""
    return item_names(scenario, lang)


def decimals(count: int) -> Callable[[float], str]:
    lang = i18n.current_language()
    return lambda value: i18n.number(value, lang, count)


def unit_of(scenario: Scenario) -> str:
    return widgets.unit_label(scenario)


def north_to_south(scenario: Scenario, present: pd.Index) -> list[str]:
    """The regions of a result in geographic order (others, if any, after them)."""
    ordered = [r.id for r in scenario.regions_north_to_south() if r.id in present]
    return ordered + [r for r in present if r not in ordered]


def headline(scenario: Scenario, result: RobustnessResult) -> None:
    core, contested = result.robust_core, result.contested
    lang = i18n.current_language()
    left, middle, right, last = st.columns(4)
    left.metric(
        tr("core_metric"),
        tr("core_value", n=i18n.integer(len(core))),
        help=tr("core_help", money=widgets.money(scenario, float(core["group"].sum()), 2)),
    )
    middle.metric(
        tr("contested_metric"),
        tr("core_value", n=i18n.integer(len(contested))),
        help=tr("contested_help"),
    )
    right.metric(
        tr("draws_metric"),
        i18n.integer(result.draws),
        help=tr("draws_help", sampling=tr(f"sampling_{result.sampling}"), seed=result.seed),
    )
    last.metric(
        tr("time_metric"),
        i18n.duration(result.seconds["total"], lang),
        help=tr(
            "time_help",
            solve=i18n.number(result.seconds["solve"], lang, 1),
            count=result.workers,
        ),
    )
    for note in result.notes_in(lang):
        st.info(note, icon=":material/info:")


def core_heatmap(scenario: Scenario, result: RobustnessResult, names: dict[str, str]) -> None:
    st.subheader(tr("heat_head"))
    options = [ALL, *result.programmes.index]
    choice = st.selectbox(
        tr("heat_show"),
        options,
        placeholder=i18n.t("choose_one"),
        format_func=i18n.labels_for(
            options, lambda o: tr("heat_all") if o == ALL else names.get(o, o)
        ),
        key=state.worded("robustness_heat_programme"),
    )
    programme = None if choice == ALL else str(choice)
    frame = core_by_region(result, programme)
    frame = frame.reindex(columns=north_to_south(scenario, frame.columns))
    frame = frame.rename(index=names, columns=names)
    rows = i18n.t("programme") if programme is None else i18n.t("enabling_area")
    figure = charts.heatmap(
        frame,
        i18n.plotly_separators(),
        x_title=i18n.t("region"),
        y_title=rows,
        value_format=".0%",
        zmin=0.0,
        zmax=1.0,
    )
    figure.update_yaxes(automargin=True)
    st.html(LAYOUT_CSS)
    with st.container(key=WIDE_BOX):
        st.plotly_chart(figure, key="robustness_heatmap")
    with st.container(key=NARROW_BOX):
        phone = figures.phone_heatmap(frame.T, i18n.plotly_separators(), rows)
        st.plotly_chart(phone, key="robustness_heatmap_phone")
        st.caption(tr("heat_phone_hint"))
    if programme is None:
        st.caption(tr("heat_caption_all"))
    else:
        st.caption(tr("heat_caption_one", programme=names.get(programme, programme)))


def _fan_words(with_reference: bool) -> figures.FanWords:
    return figures.FanWords(
        band=tr("fan_band"),
        median=tr("fan_median"),
        group=tr("fan_group"),
        reference=tr("fan_population") if with_reference else "",
        reached=tr("fan_reached", share="%{customdata}") if with_reference else "",
        between=tr("fan_between", low="%{customdata[0]:,.2f}", high="%{customdata[1]:,.2f}"),
    )


def regions_fan(scenario: Scenario, result: RobustnessResult, names: dict[str, str]) -> None:
    st.subheader(tr("fan_head"))
    unit = unit_of(scenario)
    table = result.regions.reindex(north_to_south(scenario, result.regions.index))
    spent = float(table["group"].sum())
    frame = table[["p10", "p50", "p90", "group"]].copy()
    frame["reference"] = table["population_share"] * spent
    places = DRAW_SHARE_PLACES  # 1 of 40 draws is 2,5 %, as the text says it
    frame["reached"] = [
        i18n.percent(share, decimals=places) for share in table["p_population_share"]
    ]
    frame = frame.rename(index=names)
    st.plotly_chart(
        figures.fan_chart(
            frame, _fan_words(True), tr("money_axis", unit=unit), i18n.plotly_separators()
        ),
        key="robustness_regions_fan",
    )
    st.caption(tr("fan_caption"))
    shown = pd.DataFrame(
        {
            i18n.t("region"): list(frame.index),
            tr("col_p10", unit=unit): table["p10"].to_numpy(float),
            tr("col_p50", unit=unit): table["p50"].to_numpy(float),
            tr("col_p90", unit=unit): table["p90"].to_numpy(float),
            tr("col_group", unit=unit): table["group"].to_numpy(float),
            tr("col_population_share"): table["population_share"].to_numpy(float),
            tr("col_reached"): table["p_population_share"].to_numpy(float),
        }
    )
    percent = widgets.percent_of(0)
    formats = dict.fromkeys(shown.columns[1:5], decimals(2))
    formats |= {tr("col_population_share"): widgets.percent_of(1), tr("col_reached"): percent}
    st.dataframe(
        widgets.styled(shown, formats),
        hide_index=True,
        height=widgets.table_height(len(shown)),
        key="robustness_regions_table",
    )


def programmes_section(scenario: Scenario, result: RobustnessResult, names: dict[str, str]) -> None:
    st.subheader(tr("ranks_head"))
    ranks = result.rank_acceptability
    expected = (ranks * ranks.columns.to_numpy(float)).sum(axis=1)
    order = list(expected.sort_values(kind="stable").index)
    shares = ranks.reindex(order).rename(index=names)
    shares.columns = [tr("rank_n", n=int(k)) for k in ranks.columns]
    st.plotly_chart(
        figures.rank_bars(shares, tr("ranks_axis"), i18n.plotly_separators()),
        key="robustness_ranks",
    )
    st.caption(tr("ranks_caption"))
    st.subheader(tr("programmes_fan_head"))
    frame = result.programmes.reindex(order)[["p10", "p50", "p90", "group"]].rename(index=names)
    st.plotly_chart(
        figures.fan_chart(
            frame,
            _fan_words(False),
            tr("money_axis", unit=unit_of(scenario)),
            i18n.plotly_separators(),
        ),
        key="robustness_programmes_fan",
    )
    st.caption(tr("programmes_fan_caption"))
