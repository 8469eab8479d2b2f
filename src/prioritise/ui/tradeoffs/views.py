"""The sections of the Trade-offs page: the budget sweep and the ε-constraint frontiers.

The library computed every point (`prioritise.tradeoffs`); these draw them, mark the
scenario's own budget, the Emilia-Romagna reference and the scenario's own rules, and say in
words what a rule costs.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from prioritise.scenario import Scenario
from prioritise.text.format import exact_decimals
from prioritise.tradeoffs import reference_budget
from prioritise.ui import i18n, optimising, state, widgets
from prioritise.ui.portfolio import charts
from prioritise.ui.portfolio.views import decimals
from prioritise.ui.tradeoffs import colours, levels
from prioritise.ui.workshop import room

tr = i18n.page_text("tradeoffs_views")


def _status(status: str) -> str:
    key = f"status_{status}"
    return tr(key) if tr.has(key) else status


def _near_optimal_note(points: pd.DataFrame) -> None:
    """What "near-optimal" means, under a table with such a point: the search reached its
    time limit, and the value may lie up to the largest such gap below the best possible."""
    near = points[points["status"] == "feasible"]
    if near.empty:
        return
    gaps = near["gap"].dropna().astype(float)
    if gaps.empty:
        st.caption(tr("near_optimal_note_plain"))
        return
    worst = float(gaps.max())
    lang = i18n.current_language()
    st.caption(tr("near_optimal_note", gap=i18n.percent(worst, lang, 2 if worst < 0.1 else 1)))


def budget_marks(scenario: Scenario, lines: bool = False) -> list[tuple[float, str]]:
    """The scenario's own budget and, for USD scenarios, Emilia-Romagna's 700 M. With
    `lines` (a mixed scenario's lines), the own budget is the lines' money and says so, to
    the cent as the page's note writes it."""
    total = float(scenario.budget.total)
    if lines:
        own = widgets.money(scenario, total, exact_decimals([total], 2))
        marks = [(total, tr("mark_scenario_lines", amount=own))]
    else:
        marks = [(total, tr("mark_scenario", amount=widgets.money(scenario, total, 0)))]
    reference = reference_budget(scenario)
    if reference is not None:
        amount = widgets.money(scenario, reference, 0)
        marks.append((reference, tr("mark_reference", amount=amount)))
    return marks


def _composition(
    frame: pd.DataFrame, names: dict[str, str], order: list[str], share: bool, budgets: pd.Index
) -> pd.DataFrame:
    frame = frame.reindex(columns=[i for i in order if i in frame.columns])
    if share:
        frame = frame.div(pd.Series(budgets.to_numpy(dtype=float), index=frame.index), axis=0)
    return frame.rename(columns=names).dropna(how="all")


def sweep_section(scenario: Scenario, result: optimising.SweepResult, lines: bool = False) -> None:
    """Value and marginal value against budget, then the money by programme and region;
    `lines` when `scenario` is a mixed scenario's lines (`budget_marks`)."""
    lang = i18n.current_language()
    unit = widgets.unit_label(scenario)
    sep = i18n.plotly_separators(lang)
    points = result.points
    marks = budget_marks(scenario, lines)
    st.subheader(tr("sweep_head"))
    titles = {
        "objective": tr("objective"),
        "marginal": tr("marginal", unit=unit),
        "marginal_axis": tr("marginal_axis", unit=unit),
        "budget": tr("budget_axis", unit=unit),
        "unit": unit,
    }
    st.plotly_chart(charts.sweep_chart(points, marks, titles, sep), key="tradeoffs_sweep")
    own = widgets.money(scenario, scenario.budget.total, exact_decimals([scenario.budget.total], 2))
    st.caption(tr("sweep_note", unit=unit, budget=own))
    reference = reference_budget(scenario)
    if reference is not None:  # what the dotted line far to the right is
        st.caption(tr("reference_note", amount=widgets.money(scenario, reference, 0)))
    for row in points[~points["feasible"]].itertuples():
        budget = widgets.money(scenario, row.budget, 2)
        st.warning(tr("not_feasible", budget=budget, reason=_status(row.status)))
    table = pd.DataFrame(
        {
            tr("col_budget", unit=unit): points["budget"].to_numpy(),
            tr("col_value"): points["value_index"].to_numpy(),
            tr("col_marginal", unit=unit): points["marginal_points"].to_numpy(),
            tr("col_spent", unit=unit): points["spent"].to_numpy(),
            tr("col_status"): [_status(s) for s in points["status"]],
        }
    )
    formats = {
        tr("col_budget", unit=unit): decimals(2),
        tr("col_value"): decimals(1),
        tr("col_marginal", unit=unit): decimals(3),
        tr("col_spent", unit=unit): decimals(2),
    }
    st.dataframe(widgets.styled(table, formats), hide_index=True, key="tradeoffs_sweep_table")
    _near_optimal_note(points)
    st.subheader(tr("composition_head"))
    views = ("money", "share")
    view = st.segmented_control(
        tr("composition_view"),
        views,
        default="money",
        format_func=i18n.labels_for(views, lambda v: tr(f"view_{v}")),
        key=state.worded("tradeoffs_composition_view"),
    )
    share = view == "share"
    y_title = tr("view_share") if share else unit
    x_title = tr("budget_axis", unit=unit)
    programme_names = {p.id: i18n.label(p, lang) for p in scenario.programmes}
    region_names = {r.id: i18n.label(r, lang) for r in scenario.regions}
    largest = result.programme.max(axis=0).sort_values(ascending=False).index
    phone = room.on_phone()  # the legends under the plots
    # one under the other, each the page's width: side by side, their long legends left the
    # plots a third of the room
    for title, frame, names, order, key in (
        ("by_programme", result.programme, programme_names, list(largest), "programmes"),
        (
            "by_region",
            result.region,
            region_names,
            [r.id for r in scenario.regions_north_to_south()],
            "regions",
        ),
    ):
        st.markdown(f"**{tr(title)}**")
        shown = _composition(frame, names, order, share, frame.index)
        st.plotly_chart(
            charts.stacked_areas(
                shown,
                marks,
                x_title,
                y_title,
                sep,
                share=share,
                phone=phone,
                unit=unit,
                colours=colours.spread_colours(len(shown.columns)),
            ),
            key=f"tradeoffs_{key}",
        )


def _level_words(scenario: Scenario, kind: str, lang: str) -> Callable[[float], str]:
    """A level as the chart's axis counts it: money per person, or a share."""
    if kind == "equity":
        currency = scenario.scenario.currency
        return lambda v: f"{i18n.number(v, lang, 2)} {currency}"
    return lambda v: i18n.percent(v, lang)


def _rule_words(
    result: optimising.FrontierResult, whole: Scenario | None, region: str, level: str
) -> tuple[str, str | None]:
    """The dashed line's name and the note under the chart. In a mixed scenario (`whole`, as
    its file sets it) the frontier is drawn on the lines' money, where the file's rules, set on
    the whole budget, are lowered by what the initiatives get: the line is not named as the
    file's own rule, and the note says what the file's rule is and what it comes to here."""
    kind, current = result.kind, result.current
    if whole is not None and kind == "equity" and levels.has_region_floors(whole):
        return tr("current_rule_equity_lines", level=level), tr("equity_lines_note", level=level)
    rule = None if whole is None else levels.whole_budget_cap(whole, kind, result.region)
    ruled = "" if rule is None else i18n.percent(rule, decimals=exact_decimals([100 * rule], 1))
    if rule is not None and kind == "programme" and current is None:
        return "", tr("programme_lines_note", rule=ruled)
    if rule is not None and kind == "metropolitan":
        if current is None:
            return "", tr("metropolitan_lines_free", region=region, rule=ruled)
        note = tr("metropolitan_lines_note", region=region, rule=ruled, level=level)
        return tr("current_rule_lines", rule=ruled, level=level), note
    if current is None:
        return "", tr("no_rule")
    # the equity level is the per-person floor the scenario's regional floors imply
    return tr("current_rule_equity" if kind == "equity" else "current_rule", level=level), None


def frontier_section(
    scenario: Scenario, result: optimising.FrontierResult, whole: Scenario | None = None
) -> None:
    """Value against the level of one rule, the scenario's own rule marked, and its cost;
    `whole` is a mixed scenario as its file sets it, when `scenario` is its lines."""
    lang = i18n.current_language()
    kind = result.kind
    region = ""
    if result.region is not None:
        region = next((i18n.label(r, lang) for r in scenario.regions if r.id == result.region), "")
    amount = _level_words(scenario, kind, lang)
    words = (lambda v: tr("per_person", amount=amount(v))) if kind == "equity" else amount
    level = "" if result.current is None else amount(result.current)
    mark, note = _rule_words(result, whole, region, level)
    st.subheader(tr(f"{kind}_head", region=region))
    titles = {
        "objective": tr("objective"),
        "level": tr(f"{kind}_axis", region=region, currency=scenario.scenario.currency),
        "current": mark,
        "infeasible": tr("infeasible"),
        "level_unit": scenario.scenario.currency if kind == "equity" else "",
    }
    points = result.points
    st.plotly_chart(
        charts.frontier_chart(
            points, result.current, titles, i18n.plotly_separators(lang), share=kind != "equity"
        ),
        key=f"tradeoffs_frontier_{kind}",
    )
    if note:
        st.caption(note)
    solved = points[points["feasible"]]
    if len(points) == 1 and len(solved) == 1:
        st.caption(tr("single_level"))
    if len(solved) >= 2:
        high, low = float(solved["value_index"].max()), float(solved["value_index"].min())
        drop = (high - low) / high if high > 0 else 0.0
        st.info(
            tr(
                "cost_words",
                high=i18n.number(high, lang, 1),
                low=i18n.number(low, lang, 1),
                drop=i18n.percent(drop, lang),
                budget=widgets.money(
                    scenario, scenario.budget.total, exact_decimals([scenario.budget.total], 2)
                ),
            )
        )
    table = pd.DataFrame(
        {
            tr("col_level"): [words(v) for v in points["epsilon"]],
            tr("col_value"): points["value_index"].to_numpy(),
            tr("col_reached"): [
                "—" if pd.isna(v) else words(v) for v in points["achieved"].to_numpy()
            ],
            tr("col_status"): [_status(s) for s in points["status"]],
        }
    )
    st.dataframe(
        widgets.styled(table, {tr("col_value"): decimals(1)}),
        hide_index=True,
        key=f"tradeoffs_frontier_table_{kind}",
    )
    _near_optimal_note(points)
