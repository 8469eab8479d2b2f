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
from prioritise.robustness.result import RobustnessResult
from prioritise.scenario import Scenario
from prioritise.ui import charts, i18n, widgets
from prioritise.ui.robustness import charts as figures

TEXT = {
    "en": {
        "core_metric": "Robust core",
        "core_value": "{n} lines",
        "core_help": "Lines (programme × enabling area × region) funded in at least 90 % of "
        "the draws: funded whatever weights you pick. The group split gives them {money}.",
        "contested_metric": "Contested",
        "contested_help": "Lines funded in some draws and not in others (10–90 % of draws): "
        "whether they get money depends on who you listen to.",
        "draws_metric": "Draws",
        "draws_help": "{sampling}; seed {seed}.",
        "time_metric": "Time",
        "time_value": "{seconds} s",
        "time_help": "Solving the draws took {solve} s of it, on {workers} process(es).",
        "sampling_dirichlet": "Weights around the group's, as spread as the stakeholders' views",
        "sampling_uniform": "Any weights at all, each combination equally likely",
        "sampling_resample": "The panel resampled from its own members",
        "heat_head": "Core index: how often each part of the split is funded",
        "heat_show": "Show",
        "heat_all": "All programmes (any enabling area)",
        "heat_caption_all": "Share of the draws in which the programme gets money in the "
        "region, in any enabling area. 100 %: funded whatever weights you pick; 0 %: never.",
        "heat_caption_one": "Share of the draws in which each line of {programme} (enabling "
        "area × region) gets money.",
        "fan_head": "Money per region, north to south",
        "fan_band": "P10–P90: 80 % of the draws",
        "fan_median": "Median (P50)",
        "fan_group": "Group split",
        "fan_population": "Population share of the money",
        "fan_reached": "reached in %{customdata:.0%} of the draws",
        "fan_caption": "Each band spans the middle 80 % of what the region gets across the "
        "draws; the line is the median, the diamond the split under the group weights and the "
        "cross what the region's share of the population would give it.",
        "money_axis": "Money ({unit})",
        "col_population_share": "Population share",
        "col_reached": "Chance of at least its population share",
        "col_p10": "P10 ({unit})",
        "col_p50": "Median ({unit})",
        "col_p90": "P90 ({unit})",
        "col_group": "Group split ({unit})",
        "ranks_head": "Rank acceptability of the programmes",
        "rank_n": "Rank {n}",
        "ranks_axis": "Share of the draws",
        "ranks_caption": "How often each programme ranks first, second, … by priority across "
        "the draws. A long dark bar: first whatever weights you pick.",
        "programmes_fan_head": "Money per programme",
        "programmes_fan_caption": "Each band spans the middle 80 % of what the programme gets "
        "across the draws; the line is the median, the diamond the group split.",
    },
    "es": {
        "core_metric": "Núcleo robusto",
        "core_value": "{n} líneas",
        "core_help": "Líneas (programa × ámbito habilitante × región) financiadas en al menos "
        "el 90 % de los sorteos: se financian con cualquier ponderación. La asignación del "
        "grupo les da {money}.",
        "contested_metric": "En disputa",
        "contested_help": "Líneas financiadas en algunos sorteos y en otros no (10–90 % de los "
        "sorteos): que reciban dinero depende de a quién se escuche.",
        "draws_metric": "Sorteos",
        "draws_help": "{sampling}; semilla {seed}.",
        "time_metric": "Tiempo",
        "time_value": "{seconds} s",
        "time_help": "Resolver los sorteos tomó {solve} s, en {workers} proceso(s).",
        "sampling_dirichlet": "Ponderaciones en torno a las del grupo, tan dispersas como las "
        "opiniones de los actores",
        "sampling_uniform": "Cualquier ponderación, todas las combinaciones igual de probables",
        "sampling_resample": "El panel remuestreado entre sus propios miembros",
        "heat_head": "Índice de núcleo: con qué frecuencia se financia cada parte",
        "heat_show": "Mostrar",
        "heat_all": "Todos los programas (cualquier ámbito habilitante)",
        "heat_caption_all": "Fracción de los sorteos en que el programa recibe dinero en la "
        "región, en cualquier ámbito habilitante. 100 %: se financia con cualquier "
        "ponderación; 0 %: nunca.",
        "heat_caption_one": "Fracción de los sorteos en que cada línea de {programme} (ámbito "
        "habilitante × región) recibe dinero.",
        "fan_head": "Dinero por región, de norte a sur",
        "fan_band": "P10–P90: 80 % de los sorteos",
        "fan_median": "Mediana (P50)",
        "fan_group": "Asignación del grupo",
        "fan_population": "Proporción de la población en el dinero",
        "fan_reached": "alcanzada en el %{customdata:.0%} de los sorteos",
        "fan_caption": "Cada banda abarca el 80 % central de lo que recibe la región en los "
        "sorteos; la línea es la mediana, el rombo la asignación con las ponderaciones del "
        "grupo y la cruz lo que le daría su proporción de la población.",
        "money_axis": "Dinero ({unit})",
        "col_population_share": "Proporción de la población",
        "col_reached": "Probabilidad de recibir al menos su proporción de población",
        "col_p10": "P10 ({unit})",
        "col_p50": "Mediana ({unit})",
        "col_p90": "P90 ({unit})",
        "col_group": "Asignación del grupo ({unit})",
        "ranks_head": "Aceptabilidad de posiciones de los programas",
        "rank_n": "Lugar {n}",
        "ranks_axis": "Fracción de los sorteos",
        "ranks_caption": "Con qué frecuencia cada programa queda primero, segundo, … por "
        "prioridad en los sorteos. Una barra oscura larga: primero con cualquier ponderación.",
        "programmes_fan_head": "Dinero por programa",
        "programmes_fan_caption": "Cada banda abarca el 80 % central de lo que recibe el "
        "programa en los sorteos; la línea es la mediana, el rombo la asignación del grupo.",
    },
}
tr = i18n.page_text(TEXT)

ALL = "__all__"


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
        tr("time_value", seconds=i18n.number(result.seconds["total"], lang, 1)),
        help=tr(
            "time_help",
            solve=i18n.number(result.seconds["solve"], lang, 1),
            workers=result.workers,
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
        format_func=i18n.labels_for(
            options, lambda o: tr("heat_all") if o == ALL else names.get(o, o)
        ),
        key="robustness_heat_programme",
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
    st.plotly_chart(figure, key="robustness_heatmap")
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
        reached=tr("fan_reached") if with_reference else "",
    )


def regions_fan(scenario: Scenario, result: RobustnessResult, names: dict[str, str]) -> None:
    st.subheader(tr("fan_head"))
    unit = unit_of(scenario)
    table = result.regions.reindex(north_to_south(scenario, result.regions.index))
    spent = float(table["group"].sum())
    frame = table[["p10", "p50", "p90", "group"]].copy()
    frame["reference"] = table["population_share"] * spent
    frame["reached"] = table["p_population_share"]
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
    st.dataframe(widgets.styled(shown, formats), hide_index=True, key="robustness_regions_table")


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
