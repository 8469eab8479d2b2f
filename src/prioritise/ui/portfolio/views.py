"""The sections of the Portfolio page: headline figures, where the money goes, why, exports.

Each function draws one section of an optimised `Allocation`; the library computed every
number and wrote every sentence (in the language on screen), these only arrange them.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

import pandas as pd
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from prioritise.scenario import Scenario
from prioritise.ui import i18n, widgets
from prioritise.ui.portfolio import charts, repairs
from prioritise.ui.workshop import room

if TYPE_CHECKING:
    from prioritise.allocate import Allocation, Baseline

tr = i18n.page_text("portfolio_views")


def names_of(scenario: Scenario, lang: str) -> dict[str, dict[str, str]]:
    """Display names of programmes, enabling areas and regions, by kind and id."""
    return {
        "programme": {p.id: i18n.label(p, lang) for p in scenario.programmes},
        "enabling_area": {a.id: i18n.label(a, lang) for a in scenario.enabling_areas},
        "region": {r.id: i18n.label(r, lang) for r in scenario.regions},
    }


def _unit(scenario: Scenario) -> str:
    return widgets.unit_label(scenario)


def decimals(count: int) -> Callable[[float], str]:
    """A table format: the language's number with a fixed count of decimals."""
    lang = i18n.current_language()
    return lambda value: i18n.number(value, lang, count)


# ---------------------------------------------------------------- headline


def _why(scenario: Scenario, result: Allocation, name: str) -> str:
    """Why a gain is not shown: not worked out yet (the split is shown first), no population
    for the population split, or its search did not finish in its time."""
    from prioritise.allocate import FAIR_SECONDS

    if "baselines" not in result.seconds:
        return tr("baseline_pending")
    if name == "population" and any(not r.population for r in scenario.regions):
        return tr("no_baseline")
    return tr("baseline_unsolved", seconds=i18n.number(FAIR_SECONDS, decimals=0))


def _gain(
    scenario: Scenario, result: Allocation, name: str, label: str, column: DeltaGenerator
) -> None:
    """Index points the optimum adds over a baseline that obeys the same rules (§10)."""
    baseline = next((b for b in result.headline_baselines if b.name == name), None)
    stick = result.yardstick
    if baseline is None or baseline.gain is None or stick is None or stick.reference is None:
        column.metric(
            label,
            "…" if "baselines" not in result.seconds else "—",
            help=_why(scenario, result, name),
        )
        return
    lang = i18n.current_language()
    points = baseline.gain_shown(result.value_index) or 0.0  # as the two indexes read
    column.metric(
        label,
        tr("points", points=i18n.number(points, decimals=1, signed=True)),
        help=tr(
            "gain_help",
            description=baseline.description_text(lang),
            index=i18n.number(baseline.value_index, decimals=1),
            value=i18n.number(result.value_index, decimals=1),
            moved=widgets.money(scenario, baseline.moved or 0.0),
        ),
    )


def _value_index(
    scenario: Scenario, result: Allocation, column: DeltaGenerator, places: int
) -> None:
    """The value reached as an index: 100 = the most the budget could do with no rule."""
    stick = result.yardstick
    index = result.value_index
    if stick is None or stick.reference is None or index is None:
        column.metric(tr("value"), i18n.number(result.objective, decimals=3))
        return
    points, money = result.rules_cost or (None, None)
    why = result.rules_cost_unread
    rules = (
        tr("rules_cost_points", points=points)
        if money is None
        else tr("rules_cost", points=points, money=money)
    )
    if why is not None:
        rules = f"{rules} {why.text(i18n.current_language())}"
    column.metric(
        tr("value_index"),
        i18n.number(index, decimals=1),
        help=tr(
            "value_index_help",
            budget=widgets.money(scenario, result.budget, places),
            rules=rules,
            raw=i18n.number(result.objective, decimals=4),
        ),
    )


def status_word(status: str) -> str:
    key = f"status_{status}"
    return tr(key) if tr.has(key) else status


def headline(scenario: Scenario, result: Allocation) -> None:
    """Money, value, value gained over both baselines, funded lines, the optimiser's verdict.
    The money is written to the decimals of the budget's parts in the note above it."""
    from prioritise.allocate import budget_places

    spent = result.spent
    places = budget_places(scenario, result.budget)
    cells = result.data.n_cells if result.data is not None else len(result.cells)
    first = st.columns(3)
    first[0].metric(
        tr("spent"),
        widgets.money(scenario, spent, places),
        help=tr("spent_help", budget=widgets.money(scenario, result.budget, places)),
    )
    _value_index(scenario, result, first[1], places)
    first[2].metric(tr("lines"), i18n.integer(result.lines), help=tr("lines_help", cells=cells))
    second = st.columns(3)
    _gain(scenario, result, "proportional", tr("gain_proportional"), second[0])
    _gain(scenario, result, "population", tr("gain_population"), second[1])
    verdict = result.message_text(i18n.current_language())
    second[2].metric(tr("solver"), status_word(result.status), help=verdict)
    if result.status != "optimal" or result.gap:
        st.caption(verdict)  # the gap, and whether the time limit stopped the search
    fair = [b for b in result.headline_baselines if b.gain is not None]
    if fair and result.value_index is not None:  # the indexes the gains are measured from
        st.caption(tr("gains_from", splits=_indexes(fair)))
    plain = [b for b in result.baselines if not b.obeys_rules and b.value_index is not None]
    if plain:
        st.caption(tr("ignoring_rules", splits=_indexes(plain)))
    _own_scale(scenario, result, places)


def _own_scale(scenario: Scenario, result: Allocation, places: int) -> None:
    """A what-if budget's split, also read on the scenario's own yardstick: its own index is
    measured against what the what-if budget could reach, and can rise as the budget is cut
    (docs/model.md §10.1)."""
    from prioritise.allocate import budget_parts, index_on_budget

    own = budget_parts(scenario).lines  # the money the split gets, at the scenario's budget
    if result.data is None or math.isclose(result.budget, own, rel_tol=1e-9):
        return
    index = index_on_budget(result.data, result.objective, own)
    if index is None or result.value_index is None:
        return
    st.caption(
        tr(
            "own_scale",
            index=i18n.number(index, decimals=1),
            budget=widgets.money(scenario, own, places),
            amount=widgets.money(scenario, result.budget, places),
        )
    )


def _indexes(baselines: list[Baseline]) -> str:
    """'description, index 68.3; …' for the captions under the headline."""
    lang = i18n.current_language()
    return "; ".join(
        tr(
            "baseline_index",
            description=b.description_text(lang),
            index=i18n.number(b.value_index, decimals=1),
        )
        for b in baselines
    )


# ---------------------------------------------------------------- infeasible


def diagnosis(result: Allocation) -> None:
    """Why no split exists and the verified ways out to choose from (see `repairs`)."""
    if result.status != "infeasible":
        st.warning(result.message_text(i18n.current_language()))
        st.caption(tr("not_solved_tip"))
        return
    repairs.choices(result)


# ---------------------------------------------------------------- where the money goes


def labelled_allocation(result: Allocation, names: dict[str, dict[str, str]]) -> pd.DataFrame:
    """The allocation table with display names instead of ids."""
    table = result.allocation.copy()
    for column in ("programme", "enabling_area", "region"):
        table[column] = table[column].map(names[column]).fillna(table[column])
    return table


def flow(scenario: Scenario, result: Allocation, names: dict[str, dict[str, str]]) -> None:
    st.subheader(tr("flow_head"))
    table = labelled_allocation(result, names)
    by_programme = result.totals.programme["amount"].sort_values(ascending=False)
    order: dict[str, Sequence[str]] = {
        "programme": [names["programme"][p] for p in by_programme.index],
        "enabling_area": [names["enabling_area"][a.id] for a in scenario.enabling_areas],
        "region": [names["region"][r.id] for r in scenario.regions_north_to_south()],
    }
    sep = i18n.plotly_separators()
    phone = room.on_phone()
    figure = charts.money_sankey(table, order, _unit(scenario), sep, phone=phone)
    st.plotly_chart(figure, key="portfolio_sankey")
    st.caption(tr("flow_note", unit=_unit(scenario)))
    if phone:  # the labels are cut to fit: the whole names are a tap away
        st.caption(tr("flow_phone_note"))


def regions(scenario: Scenario, result: Allocation, names: dict[str, dict[str, str]]) -> None:
    st.subheader(tr("regions_head"))
    unit, currency = _unit(scenario), scenario.scenario.currency
    north_to_south = [r.id for r in scenario.regions_north_to_south()]
    totals = result.totals.region.reindex(north_to_south)
    frame = totals.rename(index=names["region"])
    pilots = [names["region"][r.id] for r in scenario.regions if r.pilot]
    # the table under the chart: beside it, a desktop cut its amounts off
    titles = (
        tr("regions_amount", unit=unit),
        tr("regions_per_capita", currency=currency),
    )
    st.plotly_chart(
        charts.region_money(
            frame, titles, i18n.plotly_separators(), highlight=pilots, phone=room.on_phone()
        ),
        key="portfolio_regions",
    )
    st.caption(tr("regions_note"))
    table = pd.DataFrame(
        {
            i18n.t("region"): frame.index,
            tr("col_amount", unit=unit): frame["amount"].to_numpy(),
            tr("col_share"): frame["share"].to_numpy(),
            tr("col_population"): frame["population"].to_numpy(),
            tr("col_per_capita", currency=currency): frame["per_capita"].to_numpy(),
        }
    )
    st.dataframe(
        widgets.styled(
            table,
            {
                tr("col_amount", unit=unit): decimals(2),
                tr("col_share"): widgets.percent_of(),
                tr("col_population"): decimals(0),
                # one precision down the column, the command line's ('2,87 USD por habitante'),
                # never '20' beside '1,333'
                tr("col_per_capita", currency=currency): decimals(2),
            },
        ),
        hide_index=True,
        height=widgets.table_height(len(table)),
        key="portfolio_regions_table",
    )


def years(scenario: Scenario, result: Allocation, names: dict[str, dict[str, str]]) -> None:
    st.subheader(tr("years_head"))
    unit = _unit(scenario)
    table = result.allocation
    by_year = table.pivot_table(
        index="year", columns="programme", values="amount", aggfunc="sum", fill_value=0.0
    )
    by_year = by_year.reindex(index=list(result.totals.year.index), fill_value=0.0)
    order = result.totals.programme["amount"].sort_values(ascending=False).index
    by_year = by_year.reindex(columns=[p for p in order if p in by_year.columns])
    by_year = by_year.rename(columns=names["programme"])
    budgets = result.totals.year["budget"]
    st.plotly_chart(
        charts.year_bars(
            by_year, budgets, unit, tr("year_budget"), i18n.plotly_separators(), room.on_phone()
        ),
        key="portfolio_years",
    )
    summary = pd.DataFrame(
        {
            i18n.t("year"): [str(y) for y in result.totals.year.index],
            tr("col_amount", unit=unit): result.totals.year["amount"].to_numpy(),
            tr("col_budget", unit=unit): budgets.to_numpy(),
        }
    )
    two = decimals(2)
    st.dataframe(
        widgets.styled(summary, dict.fromkeys(summary.columns[1:], two)),
        hide_index=True,
        key="portfolio_years_table",
    )
