"""Compare page: the current scenario against a shipped or uploaded one, side by side."""

from __future__ import annotations

import hashlib
from collections import Counter

import pandas as pd
import streamlit as st

from prioritise import scenario as scenario_io
from prioritise.scenario import Scenario, ScenarioError
from prioritise.ui import access, charts, i18n, optimising, results, state, widgets
from prioritise.ui.compare import differences
from prioritise.ui.main import guard

tr = i18n.page_text("compare")

OTHER_UPLOAD = "compare_upload"
OPTIMISED = "compare_optimised"


def names_of(*scenarios: Scenario) -> dict[str, str]:
    """Display names by id; the first scenario that knows an id names it. Two ids that read
    the same (the same sector under different ids) get the name of their scenario added, so
    they stay apart (their ids, if both come from one scenario)."""
    lang = i18n.current_language()
    names: dict[str, str] = {}
    origin: dict[str, str] = {}
    for scenario in reversed(scenarios):
        title = scenario.scenario.name_in(lang)
        for items in (
            scenario.criteria,
            scenario.programmes,
            scenario.enabling_areas,
            scenario.regions,
        ):
            names.update({item.id: i18n.label(item, lang) for item in items})
            origin.update({item.id: title for item in items})
    seen = Counter(names.values())
    apart = Counter((names[ident], origin[ident]) for ident in names)
    found = {}
    for ident, name in names.items():
        if seen[name] == 1:
            found[ident] = name
        elif apart[name, origin[ident]] == 1:
            found[ident] = f"{name} ({origin[ident]})"
        else:
            found[ident] = f"{name} ({ident})"
    return found


def side_by_side(current: pd.Series, other: pd.Series, labels: tuple[str, str]) -> pd.DataFrame:
    """Two series on the union of their ids (current's order first); missing ids are NaN."""
    index = list(dict.fromkeys([*current.index, *other.index]))
    return pd.DataFrame({labels[0]: current.reindex(index), labels[1]: other.reindex(index)})


def _other_scenario() -> tuple[Scenario, str] | None:
    shipped = state.shipped_scenarios()
    options = ["shipped", "upload"] if shipped else ["upload"]
    source = st.radio(
        tr("source"),
        options,
        horizontal=True,
        format_func=i18n.labels_for(options, lambda s: tr(f"source_{s}")),
        key=state.worded("compare_source"),
    )
    if source == "shipped":
        names = list(shipped)
        key = state.worded("compare_shipped")
        if key not in st.session_state:
            asked = state.url_value("other")
            fallback = next((n for n in names if n != state.shipped_name()), names[0])
            st.session_state[key] = asked if asked in names else fallback
        name = st.selectbox(
            tr("shipped"),
            names,
            placeholder=i18n.t("choose_one"),
            key=key,
            format_func=i18n.labels_for(names, lambda n: widgets.shipped_label(shipped[n])),
        )
        state.remember_in_url("other", name)
        try:
            scenario = scenario_io.load(shipped[name])
        except ScenarioError as exc:
            widgets.show_problems(
                exc.problems, tr("upload_failed", name=f"{name}.toml"), kept=False
            )
            return None
        return scenario, scenario_io.dumps(scenario)
    state.remember_in_url("other", None)
    uploaded = widgets.file_uploader(
        tr("upload"), key=OTHER_UPLOAD, box="compare_upload_box", types=["toml"]
    )
    if uploaded is None or not access.unlocked():
        st.info(tr("pick_file"))
        return None
    try:
        scenario = state.scenario_from_upload(uploaded.getvalue(), uploaded.name)
    except ScenarioError as exc:
        widgets.show_problems(exc.problems, tr("upload_failed", name=uploaded.name), kept=False)
        return None
    return scenario, scenario_io.dumps(scenario)


def _priorities(
    current: Scenario,
    other: Scenario,
    trees: tuple,
    names: dict[str, str],
    labels: tuple[str, str],
    sep: str,
) -> None:
    st.subheader(tr("programmes_head"))
    both = side_by_side(trees[0].programmes, trees[1].programmes, labels)
    shared = both.dropna()
    columns = labels  # the table's, and the differences' (current, other)
    parts = False  # whether the table's shares are parts of the shared programmes
    only = [names.get(i, i) for i in both.index if i not in shared.index]
    if only:
        st.caption(tr("only_in", items=", ".join(only)))
        if len(shared) and (shared.sum() > 0).all():
            # Each scenario's priorities add up to 100 % over its own programmes: a shared one
            # is compared by its part of what the shared programmes hold in each (fair), and
            # the table's columns say so, beside the chart's priorities as they are.
            parts = True
            shared = shared / shared.sum()
            st.caption(
                tr(
                    "shared_only",
                    current=i18n.integer(both[labels[0]].count()),
                    other=i18n.integer(both[labels[1]].count()),
                    shared=i18n.integer(len(shared)),
                )
            )
    left, right = st.columns(2)
    with left:
        st.plotly_chart(
            charts.paired_bars(both.rename(index=names), i18n.t("priority"), sep),
            key="compare_programmes",
        )
    # the differences of the shares as the table writes them, which the chart draws too
    places = differences.percent_decimals(shared[columns[1]] - shared[columns[0]])
    difference = differences.shown_difference(shared[columns[0]], shared[columns[1]], places)
    with right:
        st.plotly_chart(
            charts.difference_bars(
                difference.rename(index=names), tr("difference"), sep, value_format=f".{places}%"
            ),
            key="compare_programmes_diff",
        )
    ranks = shared.rank(ascending=False, method="min").astype(int)
    moved = int((ranks[columns[0]] != ranks[columns[1]]).sum())
    table = (
        pd.DataFrame(
            {
                columns[0]: shared[columns[0]],
                columns[1]: shared[columns[1]],
                tr("difference_points"): difference,
                tr("rank_current"): ranks[columns[0]],
                tr("rank_other"): ranks[columns[1]],
            }
        )
        .sort_values(tr("rank_current"))
        .rename(index=names)
    )
    table.index.name = i18n.t("programme")
    percent = widgets.percent_of(places)
    formats = {
        columns[0]: percent,
        columns[1]: percent,
        tr("difference_points"): widgets.points_change(places),  # as the shares beside it
    }
    st.dataframe(
        widgets.styled(table, formats), height=widgets.table_height(len(table)), key="compare_table"
    )
    if parts:  # said under the table, not in its headers: long headers push the numbers
        # out of sight on a phone, and cut the last column on a laptop
        st.caption(tr("shared_columns", current=labels[0], other=labels[1]))
    st.caption(tr("moved", count=moved))
    order = list(
        dict.fromkeys(
            [r.id for r in current.regions_north_to_south()]
            + [r.id for r in other.regions_north_to_south()]
        )
    )
    for column, head, key, ordering in (
        ("region", "regions_head", "compare_regions", order),
        ("enabling_area", "areas_head", "compare_areas", None),
    ):
        st.subheader(tr(head))
        shares = [tree.cells.groupby(column, sort=False)["value"].sum() for tree in trees]
        frame = side_by_side(shares[0], shares[1], labels)
        if ordering is not None:
            frame = frame.reindex([i for i in ordering if i in frame.index])
        st.plotly_chart(
            charts.paired_bars(frame.rename(index=names), tr("value_share_axis"), sep), key=key
        )


def _allocation(
    scenarios: tuple[Scenario, Scenario],
    texts: tuple[str, str],
    names: dict[str, str],
    labels: tuple[str, str],
    sep: str,
) -> None:
    st.subheader(tr("alloc_head"))
    pair = hashlib.sha256("\u0000".join(texts).encode("utf-8")).hexdigest()
    requested = st.session_state.setdefault(OPTIMISED, set())
    if pair not in requested:
        st.caption(tr("alloc_explain"))
        if not st.button(
            tr("alloc_button"), type="primary", icon=":material/calculate:", key="compare_optimise"
        ):
            return
        requested.add(pair)
    try:
        with st.spinner(tr("alloc_running")):
            lang = i18n.current_language()
            allocations = [optimising.allocation(text, None, lang) for text in texts]
    except results.AllocationFailed as exc:
        st.warning(i18n.library_text(exc))
        return
    columns = st.columns(2)
    for column, label, scenario, result in zip(
        columns, labels, scenarios, allocations, strict=True
    ):
        with column:
            st.markdown(f"**{label}**")
            if not result.solved:
                said = result.message_text(lang)
                name = scenario.scenario.name_in(lang)
                st.warning(tr("alloc_not_solved", name=name, message=said))
                continue
            cols = st.columns(2)
            cols[0].metric(
                tr("alloc_index"),
                i18n.number(result.value_index, decimals=1),
                help=tr("alloc_index_help", raw=i18n.number(result.objective, decimals=4)),
            )
            cols[1].metric(tr("alloc_lines"), result.lines)
    if not all(a.solved for a in allocations):
        return
    units = {widgets.unit_label(s) for s in scenarios}
    unit = units.pop() if len(units) == 1 else ""
    if not unit:
        st.caption(tr("alloc_unit_differs"))
    by_programme = side_by_side(
        allocations[0].totals.programme["amount"], allocations[1].totals.programme["amount"], labels
    )
    left, right = st.columns(2)
    with left:
        st.markdown(f"**{tr('alloc_programmes', unit=unit)}**")
        st.plotly_chart(
            charts.paired_bars(by_programme.rename(index=names), unit, sep, value_format=",.1f"),
            key="compare_alloc_programmes",
        )
    with right:
        difference = (by_programme[labels[1]] - by_programme[labels[0]]).dropna()
        st.markdown(f"**{tr('difference')}**")
        title = tr("difference_money", unit=unit) if unit else tr("difference")
        st.plotly_chart(
            charts.difference_bars(difference.rename(index=names), title, sep, value_format=",.1f"),
            key="compare_alloc_programmes_diff",
        )
    order = list(dict.fromkeys([r.id for s in scenarios for r in s.regions_north_to_south()]))
    by_region = side_by_side(
        allocations[0].totals.region["amount"], allocations[1].totals.region["amount"], labels
    )
    by_region = by_region.reindex([i for i in order if i in by_region.index])
    st.markdown(f"**{tr('alloc_regions', unit=unit)}**")
    st.plotly_chart(
        charts.paired_bars(by_region.rename(index=names), unit, sep, value_format=",.1f"),
        key="compare_alloc_regions",
    )


def _weights(trees: tuple, names: dict[str, str], labels: tuple[str, str], sep: str) -> None:
    st.subheader(tr("weights_head"))
    weights = [tree.weights.get("criteria", pd.Series(dtype=float)) for tree in trees]
    frame = side_by_side(weights[0], weights[1], labels)
    if frame.isna().any().any():
        st.caption(tr("weights_differ"))
    st.plotly_chart(
        charts.paired_bars(frame.dropna().rename(index=names), i18n.t("weight"), sep),
        key="compare_weights",
    )


def render() -> None:
    lang = i18n.current_language()
    sep = i18n.plotly_separators(lang)
    st.title(tr("title"))
    st.caption(tr("intro"))
    current = state.current()
    chosen = _other_scenario()
    if chosen is None:
        return
    other, other_text = chosen
    texts = (state.current_text(), other_text)
    labels = (
        tr("current", name=current.scenario.name_in(lang)),
        tr("other", name=other.scenario.name_in(lang)),
    )
    if labels[0] == labels[1]:
        labels = (f"{labels[0]} (1)", f"{labels[1]} (2)")
    if texts[0] == texts[1]:
        st.info(tr("same"))
    try:
        trees = tuple(results.scores(text) for text in texts)
    except results.ScoringFailed as exc:
        st.error(i18n.t("scores_unavailable", detail=i18n.library_text(exc)))
        return
    names = names_of(current, other)
    tabs = st.tabs(
        [tr("tab_priorities"), tr("tab_allocation"), tr("tab_weights")], key="compare_tabs"
    )
    with tabs[0]:
        _priorities(current, other, trees, names, labels, sep)
    with tabs[1], guard():
        _allocation((current, other), texts, names, labels, sep)
    with tabs[2]:
        _weights(trees, names, labels, sep)


if __name__ in ("__main__", "__page__"):
    render()
