"""The tables of the Robustness page: the robust core and the contested lines, and the
minimax-regret compromise against the group split with each stakeholder's regret.

Like `prioritise.ui.robustness.views`, these only arrange numbers the library computed.
"""

from __future__ import annotations

import math

import pandas as pd
import streamlit as st

from prioritise.report.robustness_tables import split_label, split_totals
from prioritise.robustness.compromise import COMPROMISE, GROUP, Compromise
from prioritise.robustness.result import RobustnessResult
from prioritise.scenario import Scenario
from prioritise.ui import charts, i18n, widgets
from prioritise.ui.robustness.views import decimals, north_to_south, unit_of
from prioritise.ui.robustness.views import tr as shared

TEXT = {
    "en": {
        "core_head": "Robust core: funded whatever weights you pick",
        "core_explain": "{n} lines are funded in at least 90 % of the draws; the group split "
        "gives them {money}.",
        "core_none": "No line is funded in at least 90 % of the draws.",
        "contested_head": "Contested: depends on who you listen to",
        "contested_explain": "{n} lines are funded in some draws and not in others (10–90 % of "
        "the draws): whether they get money depends on whose weights count.",
        "contested_none": "No line is contested: every line is funded in nearly all draws or "
        "in nearly none.",
        "compromise_head": "A compromise everyone can live with",
        "compromise_explain": "A stakeholder's regret under a split is the value they give up, "
        "by their own weights, compared with the split that is best for them. The compromise "
        "makes the largest regret as small as possible, then gives the most value overall.",
        "regret_metric": "Largest regret: {split}",
        "regret_change": "{change} against the group split",
        "regret_help": "The value given up by the stakeholder worst off, {name}: {share} of "
        "the best they could get.",
        "kept": "No split with a smaller largest regret was found, so the compromise is the "
        "split “{split}”.",
        "by_programme": "Group split and compromise by programme",
        "by_region": "Group split and compromise by region",
        "regret_head": "Regret of each stakeholder under each split",
        "regret_as": "Show regret as",
        "regret_as_value": "value given up",
        "regret_as_share": "share of their best value",
        "regret_caption_value": "Value each stakeholder gives up under each split, by their own "
        "weights (0: the split is the best for them). The compromise makes the largest of these "
        "as small as possible.",
        "regret_caption_share": "Value each stakeholder gives up under each split, as a share of "
        "the best they could get (0 %: the split is the best for them).",
        "no_compromise": "No stakeholder has a say (every influence is zero), so there is no "
        "compromise to compute.",
        "col_core": "Funded in (share of draws)",
        "col_line": "Line",
    },
    "es": {
        "core_head": "Núcleo robusto: se financia con cualquier ponderación",
        "core_explain": "{n} líneas se financian en al menos el 90 % de los sorteos; la "
        "asignación del grupo les da {money}.",
        "core_none": "Ninguna línea se financia en al menos el 90 % de los sorteos.",
        "contested_head": "En disputa: depende de a quién se escuche",
        "contested_explain": "{n} líneas se financian en algunos sorteos y en otros no (10–90 "
        "% de los sorteos): que reciban dinero depende de qué ponderaciones pesen.",
        "contested_none": "Ninguna línea está en disputa: cada línea se financia en casi todos "
        "los sorteos o en casi ninguno.",
        "compromise_head": "Un compromiso aceptable para todos",
        "compromise_explain": "El arrepentimiento de un actor con una asignación es el valor "
        "que pierde, según sus propias ponderaciones, frente a la asignación que más le "
        "conviene. El compromiso hace el mayor arrepentimiento lo más pequeño posible y luego "
        "da el mayor valor total.",
        "regret_metric": "Mayor arrepentimiento: {split}",
        "regret_change": "{change} frente a la asignación del grupo",
        "regret_help": "El valor que pierde el actor más perjudicado, {name}: {share} de lo "
        "mejor que podría obtener.",
        "kept": "No se encontró una asignación con menor arrepentimiento máximo, así que el "
        "compromiso es la asignación «{split}».",
        "by_programme": "Asignación del grupo y compromiso por programa",
        "by_region": "Asignación del grupo y compromiso por región",
        "regret_head": "Arrepentimiento de cada actor con cada asignación",
        "regret_as": "Mostrar el arrepentimiento como",
        "regret_as_value": "valor perdido",
        "regret_as_share": "fracción de su mejor valor",
        "regret_caption_value": "Valor que pierde cada actor con cada asignación, según sus "
        "propias ponderaciones (0: la asignación es la mejor para él). El compromiso hace el "
        "mayor de estos lo más pequeño posible.",
        "regret_caption_share": "Valor que pierde cada actor con cada asignación, como fracción "
        "del mejor que podría obtener (0 %: la asignación es la mejor para él).",
        "no_compromise": "Ningún actor tiene peso (toda influencia es cero), así que no hay "
        "compromiso que calcular.",
        "col_core": "Financiada en (fracción de sorteos)",
        "col_line": "Línea",
    },
}
tr = i18n.page_text(TEXT)


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
    st.dataframe(widgets.styled(table, formats), hide_index=True, key=key)


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


def _regret_metrics(found: Compromise, names: dict[str, str], lang: str) -> None:
    relative = found.relative_regret
    group = float(found.max_regret[GROUP])
    for column, split in zip(st.columns(2), (GROUP, COMPROMISE), strict=True):
        worst = str(found.worst_off[split])
        largest = float(found.max_regret[split])
        change = None
        if split == COMPROMISE and group > 0:
            change = tr("regret_change", change=i18n.percent(largest / group - 1, lang))
        column.metric(
            tr("regret_metric", split=split_label(split, names, lang)),
            regret_value(largest, lang),
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
        format_func=i18n.labels_for(options, lambda o: tr(f"regret_as_{o}")),
        horizontal=True,
        key="robustness_regret_unit",
    )
    source = found.regret if shown == "value" else found.relative_regret
    table = source.reset_index(drop=True)
    table.columns = [split_label(str(s), names, lang) for s in source.columns]
    table.insert(0, i18n.t("stakeholder"), [names.get(s, s) for s in source.index])
    words = (lambda v: regret_value(v, lang)) if shown == "value" else widgets.percent_of(1, lang)
    st.dataframe(
        widgets.styled(table, dict.fromkeys(table.columns[1:], words)),
        hide_index=True,
        key="robustness_regret_table",
    )
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
