"""The detail sections of the Portfolio page: the full allocation table, the rules that shape
the split (with the Allocation's own sentences) and the downloads."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd
import streamlit as st

from prioritise.allocate import BUDGET_KINDS, costliest_first, in_reading_order
from prioritise.scenario import Scenario
from prioritise.ui import i18n, optimising, state, widgets
from prioritise.ui.optimising import PRICE_SECONDS
from prioritise.ui.portfolio.views import decimals

if TYPE_CHECKING:
    from prioritise.allocate import Allocation

tr = i18n.page_text("portfolio_tables")

SHOWN_SENTENCES = 8
PRICE_TOLERANCE = 1e-9


def _filter(label: str, options: list, words: dict, key: str) -> list:
    chosen = st.multiselect(
        label,
        options,
        format_func=i18n.labels_for(options, lambda o: words.get(o, str(o))),
        placeholder=tr("filter_all"),
        key=state.worded(key),
    )
    return chosen or options


def full_table(scenario: Scenario, result: Allocation, names: dict[str, dict[str, str]]) -> None:
    st.subheader(tr("table_head"))
    unit = widgets.unit_label(scenario)
    table = result.allocation
    columns = st.columns(4)
    picks = {}
    for column, (field, label) in zip(
        columns,
        (
            ("programme", i18n.t("programmes")),
            ("enabling_area", i18n.t("enabling_areas")),
            ("region", i18n.t("regions")),
            ("year", i18n.t("year")),
        ),
        strict=True,
    ):
        if field == "programme":
            options = list(result.totals.programme.index)
        elif field == "enabling_area":
            options = list(result.totals.enabling_area.index)
        elif field == "region":
            options = [r.id for r in scenario.regions_north_to_south()]
        else:
            options = list(result.totals.year.index)
        words = names.get(field, {y: str(y) for y in options})
        with column:
            picks[field] = _filter(label, options, words, f"portfolio_filter_{field}")
    summed = st.toggle(tr("sum_years"), key="portfolio_sum_years")
    shown = table[
        table["programme"].isin(picks["programme"])
        & table["enabling_area"].isin(picks["enabling_area"])
        & table["region"].isin(picks["region"])
        & table["year"].isin(picks["year"])
    ]
    if summed:
        shown = shown.groupby(["programme", "enabling_area", "region"], as_index=False, sort=False)[
            "amount"
        ].sum()
    shown = shown.sort_values("amount", ascending=False)
    amount = tr("col_amount", unit=unit)
    readable = pd.DataFrame(
        {
            i18n.t("programme"): shown["programme"].map(names["programme"]).to_numpy(),
            i18n.t("enabling_area"): shown["enabling_area"].map(names["enabling_area"]).to_numpy(),
            i18n.t("region"): shown["region"].map(names["region"]).to_numpy(),
        }
    )
    if not summed:
        readable[i18n.t("year")] = shown["year"].astype(str).to_numpy()
    readable[amount] = shown["amount"].to_numpy()
    st.dataframe(
        widgets.styled(readable, {amount: decimals(3)}),
        hide_index=True,
        key="portfolio_table",
    )
    st.caption(
        tr(
            "table_caption",
            rows=i18n.integer(len(readable)),
            total=widgets.money(scenario, float(shown["amount"].sum()), decimals=2),
        )
    )


# ---------------------------------------------------------------- why: constraints


def _costliest(table: pd.DataFrame, priced: bool) -> pd.DataFrame:
    """Binding rules, costliest first (`allocate.costliest_first`), without those worth
    nothing; the budget (not a rule) last."""
    ordered = costliest_first(table, priced)
    budget = ordered["kind"].isin(BUDGET_KINDS)
    worth = (ordered["order"] > PRICE_TOLERANCE) | ordered["shadow_price"].isna()
    return ordered[budget | worth]


def constraints(
    scenario: Scenario,
    result: Allocation,
    *,
    text: str,
    budget: float | None,
    time_limit: float,
) -> None:
    """Binding rules with what relaxing or dropping each is worth, in the library's sentences.

    Re-solving every binding rule takes a while, so it runs when the facilitator asks.
    """
    lang = i18n.current_language()
    st.subheader(tr("constraints_head"))
    priced = st.toggle(
        tr("price_rules", seconds=i18n.duration(PRICE_SECONDS)),
        key="portfolio_price_rules",
        help=tr("price_rules_help"),
    )
    if priced:  # the page's limit holds for the whole run: the pricing's own time on top
        with st.spinner(tr("pricing")):
            limit = time_limit + PRICE_SECONDS
            result = optimising.allocation(text, budget, lang, limit, PRICE_SECONDS)
    table = result.constraints
    if table is None or table.empty:
        st.caption(tr("costly_none"))
        return
    shown = _costliest(table, result.rules_priced)
    if shown.empty:
        st.info(tr("costly_none"))
    else:
        st.caption(tr("binding_intro_priced" if result.rules_priced else "binding_intro"))
        lines = [f"- {note.text(lang)}" for note in shown["note"].head(SHOWN_SENTENCES)]
        st.markdown("\n".join(lines))
        if len(shown) > SHOWN_SENTENCES:  # the others are in the table of every rule
            st.caption(tr("binding_more", count=len(shown) - SHOWN_SENTENCES))
    free = table[table["binding"].astype(bool) & ~table.index.isin(shown.index)]
    if len(free):  # which ones, in the same sentences ('… no agregaría valor')
        with st.expander(tr("binding_free", count=len(free))):
            st.markdown("\n".join(f"- {note.text(lang)}" for note in free["note"]))
    unit = widgets.unit_label(scenario)
    price = tr("col_price", unit=unit)
    as_budget = tr("col_as_budget", unit=unit)
    dropped = tr("col_dropped", unit=unit)
    table = in_reading_order(table, result.rules_priced)
    every = pd.DataFrame(
        {
            tr("col_sentence"): [note.text(lang) for note in table["note"]],
            tr("col_binding"): [bool(b) for b in table["binding"]],
            price: table["shadow_price"].to_numpy(),
            as_budget: table["price_as_budget"].to_numpy(),
            dropped: table["dropped_as_budget"].to_numpy(),
        }
    )
    if not result.rules_priced:
        every = every.drop(columns=[dropped])
    with st.expander(tr("all_rules", count=len(table))):
        st.dataframe(
            widgets.styled(
                every,
                {
                    price: lambda v: i18n.plain(v, decimals=6),
                    as_budget: decimals(2),
                    dropped: decimals(2),
                },
            ),
            hide_index=True,
            key="portfolio_constraints",
        )


def money_sources(scenario: Scenario, result: Allocation, names: dict[str, dict[str, str]]) -> None:
    """Where each region's money comes from: committed, held by a rule, chosen for value."""
    sources = result.sources
    if sources is None or sources.empty:
        return
    lang = i18n.current_language()
    unit = widgets.unit_label(scenario)
    st.subheader(tr("sources_head"))
    st.caption(tr("sources_intro"))
    regions = [r.id for r in scenario.regions_north_to_south() if r.id in set(sources["region"])]
    held = sources.groupby("region")["held"].sum()
    first = max(regions, key=lambda r: held.get(r, 0.0))
    region = st.selectbox(
        i18n.t("region"),
        regions,
        placeholder=i18n.t("choose_one"),
        index=regions.index(first),
        format_func=i18n.labels_for(regions, lambda r: names["region"].get(r, r)),
        key=state.worded("portfolio_sources_region"),
    )
    mine = sources[sources["region"] == region].sort_values("amount", ascending=False)
    st.markdown("\n".join(f"- {note.text(lang)}" for note in mine["note"]))
    frame = pd.DataFrame(
        {
            i18n.t("programme"): [names["programme"].get(p, p) for p in mine["programme"]],
            tr("col_amount", unit=unit): mine["amount"].to_numpy(),
            tr("col_committed", unit=unit): mine["committed"].to_numpy(),
            tr("col_held", unit=unit): mine["held"].to_numpy(),
            tr("col_chosen", unit=unit): mine["chosen"].to_numpy(),
        }
    )
    two = decimals(2)
    st.dataframe(
        widgets.styled(frame, dict.fromkeys(frame.columns[1:], two)),
        hide_index=True,
        height=widgets.table_height(len(frame)),
        key="portfolio_sources_table",
    )


# ---------------------------------------------------------------- downloads


def downloads(
    scenario: Scenario, text: str, budget: float | None, lang: str, time_limit: float
) -> None:
    files = optimising.exports(text, budget, lang, time_limit)
    st.subheader(tr("exports_head"))  # with its buttons: never a heading over empty space
    stem = optimising.file_stem(scenario)
    columns = st.columns(3)
    columns[0].download_button(
        tr("excel"),
        data=files.excel,
        file_name=f"{stem}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        icon=":material/table_view:",
        key="download_excel",
        on_click="ignore",
    )
    columns[1].download_button(
        tr("csv"),
        data=files.csv.encode("utf-8"),
        file_name=f"{stem}.csv",
        mime="text/csv",
        icon=":material/csv:",
        key="download_csv",
        on_click="ignore",
    )
    columns[2].download_button(
        tr("markdown"),
        data=files.markdown.encode("utf-8"),
        file_name=f"{stem}.md",
        mime="text/markdown",
        icon=":material/description:",
        key="download_markdown",
        on_click="ignore",
    )
    st.caption(tr("exports_note"))
