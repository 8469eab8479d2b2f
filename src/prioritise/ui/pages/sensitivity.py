"""Sensitivity page: how far one weight can move before the ranking or the split changes.

Pick a weight and drag it: the programme ranking follows at once, and the budget by programme
is re-solved (one warm re-solve of the loaded model, cached per value). The stability intervals
of every weight and the tornado run when asked (buttons), cached on the scenario's TOML text.
The arithmetic is `prioritise.sensitivity` (docs/model.md §14).
"""

from __future__ import annotations

import hashlib
import threading
from typing import Any

import pandas as pd
import streamlit as st

from prioritise.report import sensitivity_table
from prioritise.report.excel import excel_bytes_of
from prioritise.sensitivity import (
    SECONDS,
    Prepared,
    SensitivityError,
    SensitivityResult,
    prepare,
    run_sensitivity,
)
from prioritise.sensitivity.dynamic import (
    WeightRef,
    largest_gap,
    money_at,
    ranking_at,
    tornado,
    tornado_bars,
    tornado_unproven,
    weight_refs,
    widest_programme,
)
from prioritise.text import Message
from prioritise.ui import i18n, optimising, state, widgets
from prioritise.ui.chart_frame import wrap_title
from prioritise.ui.main import guard
from prioritise.ui.results import Failure, failure
from prioritise.ui.sensitivity import charts
from prioritise.ui.sensitivity import table as interval_table
from prioritise.ui.workshop import room

tr = i18n.page_text("sensitivity")
INFEASIBLE = "sensitivity.error.infeasible"  # the library's: rules that cannot all hold
REQUESTED = "sensitivity_requested"
LONGER = "sensitivity_longer_runs"  # scenario digest → the longer run's seconds, once asked for
TORNADO = "sensitivity_tornado"
TORNADO_LABEL = 26  # characters of a weight's name on one line of the tornado chart
TORNADO_SETS = {
    "criteria": "ui.sensitivity.tornado_set_criteria",
    "enabling_areas": "ui.sensitivity.tornado_set_enabling_areas",
    "regional_criteria": "ui.sensitivity.tornado_set_regional_criteria",
}
SET_WORDS = {
    "criteria": "common.criteria",
    "enabling_areas": "common.enabling_areas",
    "regional_criteria": "common.regional_criteria",
}


@st.cache_resource(show_spinner=False)
def _shared_lock() -> threading.Lock:
    """One lock for every session of the server: the loaded model of a scenario is shared by
    them. Made once, as a cached resource: this file runs again at every rerun, and a lock made
    at its top would be a new one each time, holding nothing back."""
    return threading.Lock()


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@st.cache_resource(max_entries=4, show_spinner=False)
def _prepared(digest: str, text: str) -> Prepared | Failure:
    del digest  # the cache key; the text is hashed by Streamlit too, but this keeps it short
    try:
        return prepare(optimising.lines_of(text))
    except ValueError as exc:
        return failure(exc)


@st.cache_data(max_entries=256, show_spinner=False)
def _money(digest: str, text: str, ref: WeightRef, value: float) -> pd.Series:
    found = _prepared(digest, text)
    assert isinstance(found, Prepared)
    with _shared_lock():
        return money_at(found, ref, value)


@st.cache_data(max_entries=8, show_spinner=False)
def _analysis(digest: str, text: str, seconds: float = SECONDS) -> SensitivityResult | Failure:
    found = _prepared(digest, text)
    if not isinstance(found, Prepared):
        return found
    bar = st.progress(0.0, text=tr("running"))

    def progress(done: int, total: int) -> None:
        bar.progress(done / max(total, 1), text=tr("running"))

    try:  # on lanes of its own (no lock): a long run holds no other session's slider back
        return run_sensitivity(
            optimising.lines_of(text), prepared=found, progress=progress, seconds=seconds
        )
    except ValueError as exc:
        return failure(exc)
    finally:
        bar.empty()


@st.cache_data(max_entries=8, show_spinner=False)
def _tornado(digest: str, text: str) -> pd.DataFrame:
    found = _prepared(digest, text)
    assert isinstance(found, Prepared)
    with _shared_lock():
        return tornado(found)


def _name(prepared: Prepared, item: str, lang: str, scenario: Any) -> str:
    for group in (scenario.criteria, scenario.enabling_areas, scenario.programmes):
        for thing in group:
            if thing.id == item:
                return i18n.label(thing, lang)
    return item


def _pick_weight(prepared: Prepared, scenario: Any, lang: str) -> WeightRef:
    refs = weight_refs(prepared)

    def shown(ref: WeightRef) -> str:
        return f"{i18n.t(SET_WORDS[ref.set], lang)} · {_name(prepared, ref.id, lang, scenario)}"

    return st.selectbox(
        tr("weight"),
        refs,
        placeholder=i18n.t("choose_one"),
        format_func=shown,
        key=state.worded("sensitivity_weight"),
    )


def _intervals_of(result: SensitivityResult | None, ref: WeightRef) -> dict[str, Any] | None:
    if result is None:
        return None
    row = result.weight(ref.set, ref.id)
    return {"first_place": row.first_place, "ranking": row.ranking, "portfolio": row.portfolio}


def _dynamic(prepared: Prepared, scenario: Any, text: str, lang: str, result: Any) -> None:
    ref = _pick_weight(prepared, scenario, lang)
    current = float(prepared.weights[ref.set][ref.index])
    # Half points and the current value itself, named the language's way ("6,5 %"): a plain
    # slider writes "6.5 %", and a slider put on the nearest half point would show a move
    # nobody made.
    steps = sorted({i / 2 for i in range(201)} | {current * 100})
    chosen = st.select_slider(
        tr("value"),
        options=steps,
        value=current * 100,
        format_func=lambda v: i18n.percent(v / 100, lang),
        key=state.worded(f"sensitivity_value_{ref.set}_{ref.id}"),
        help=tr("value_help"),
    )
    value = current if chosen == current * 100 else chosen / 100
    intervals = _intervals_of(result, ref)
    if intervals is None:
        st.caption(tr("marks_pending", current=i18n.percent(current, lang)))
    else:
        marks = {
            f"{k}_{end}": i18n.percent(v, lang)
            for k, ends in intervals.items()
            for end, v in zip(("low", "high"), ends, strict=True)
        }
        st.caption(tr("marks", current=i18n.percent(current, lang), **marks))
        names = {key: tr(f"interval_{key}") for key in intervals}
        names |= {"interval": tr("interval"), "chosen": tr("chosen"), "current": tr("current")}
        figure = charts.interval_strip(
            intervals, current, value, names, i18n.plotly_separators(lang)
        )
        st.plotly_chart(figure, key="sensitivity_intervals")
    label = {p: _name(prepared, p, lang, scenario) for p in prepared.model.programmes}
    now = ranking_at(prepared, ref, current).set_index("programme")["priority"]
    moved = ranking_at(prepared, ref, value)
    left, right = st.columns(2)
    with left:
        st.subheader(tr("ranking_head"))
        table = pd.DataFrame(
            {
                tr("rank"): moved["rank"].to_numpy(),
                tr("programme"): [label[p] for p in moved["programme"]],
                tr("priority"): [i18n.percent(v, lang) for v in moved["priority"]],
            }
        )
        st.dataframe(
            table,
            hide_index=True,
            height=widgets.table_height(len(table)),
            key="sensitivity_ranking",
        )
        bars = moved.set_index("programme")["priority"].rename(index=label)
        names = {"now": tr("now"), "chosen": tr("chosen")}
        figure = charts.value_bars(
            bars,
            now.rename(index=label).reindex(bars.index),
            names,
            i18n.plotly_separators(lang),
            percent=True,
        )
        st.plotly_chart(figure, key="sensitivity_ranking_chart")
    with right:
        st.subheader(tr("budget_head"))
        digest = _digest(text)
        try:
            with st.spinner(tr("solving")):
                money = _money(digest, text, ref, round(value, 4)).rename(index=label)
                before = _money(digest, text, ref, round(current, 4)).rename(index=label)
        except SensitivityError as exc:
            st.warning(tr("money_failed", detail=i18n.library_text(exc, lang)))
            return
        _near_note("money_near", [m.attrs.get("gap") for m in (money, before)])
        data = prepared.data
        st.caption(tr("budget_note", unit=i18n.money_unit(data.unit, data.currency, lang)))
        if prepared.search.relaxed:
            st.caption(tr("budget_relaxed"))

        def shown(amounts: pd.Series) -> list[str]:
            return [i18n.money(v, data.unit, data.currency, lang) for v in amounts.to_numpy()]

        money_table = pd.DataFrame(
            {
                tr("programme"): list(money.index),
                tr("money_now"): shown(before),
                tr("money_chosen"): shown(money),
            }
        )
        st.dataframe(
            money_table,
            hide_index=True,
            height=widgets.table_height(len(money_table)),
            key="sensitivity_money",
        )
        figure = charts.value_bars(
            money,
            before.reindex(money.index),
            names,
            i18n.plotly_separators(lang),
            percent=False,
            axis=tr("money_axis", unit=i18n.money_unit(data.unit, data.currency, lang)),
        )
        st.plotly_chart(figure, key="sensitivity_money_chart")


def _tornado_section(prepared: Prepared, scenario: Any, text: str, lang: str) -> None:
    st.subheader(tr("tornado_head"))
    st.caption(tr("tornado_intro"))
    digest = _digest(text)
    asked: set[str] = st.session_state.setdefault(TORNADO, set())
    st.button(tr("tornado_run"), key="sensitivity_tornado_run", on_click=asked.add, args=(digest,))
    if digest not in asked:
        return
    try:
        with st.spinner(tr("solving")):
            table = _tornado(digest, text)  # a failure is not cached: the button tries again
    except SensitivityError as exc:
        st.warning(tr("tornado_failed", detail=i18n.library_text(exc, lang)))
        asked.discard(digest)
        return
    first = widest_programme(table)
    if first is None:
        st.info(tr("tornado_empty"))
        return
    programmes = list(prepared.model.programmes)
    chosen = st.selectbox(
        tr("programme"),
        programmes,
        placeholder=i18n.t("choose_one"),
        index=programmes.index(first),
        format_func=lambda p: _name(prepared, p, lang, scenario),
        key=state.worded("sensitivity_tornado_programme"),
    )
    bars = tornado_bars(table, chosen)
    # The weight on a line of its own, wrapped, and under it its set and the stakeholders'
    # range: a phone keeps room for the bars, and 'Sustainability' the area is told from
    # 'Environmental sustainability' the criterion.
    bars["label"] = [
        (wrap_title(_name(prepared, w, lang, scenario), TORNADO_LABEL) or "")
        + "<br>"
        + tr(
            "tornado_row",
            set=i18n.t(TORNADO_SETS[kind], lang),
            low=i18n.percent(lo, lang),
            high=i18n.percent(hi, lang),
        )
        for kind, w, lo, hi in zip(
            bars["set"], bars["weight"], bars["low"], bars["high"], strict=True
        )
    ]
    unit = i18n.money_unit(prepared.data.unit, prepared.data.currency, lang)
    names = {
        "at_low": tr("at_low"),
        "at_high": tr("at_high"),
        "axis": tr("tornado_axis", unit=unit),
    }
    st.plotly_chart(
        charts.tornado_chart(bars, names, i18n.plotly_separators(lang), room.on_phone()),
        key="sensitivity_tornado",
    )
    near = tornado_unproven(table)
    if near is not None:
        _near_note("tornado_near", [near[2]], near=near[0], total=near[1])


def _near_note(key: str, gaps: list[float | None], **counts: Any) -> None:
    """Under a chart drawn from a split whose search stopped at its time limit: what that
    means, with the largest gap where one is known."""
    unproven, gap = largest_gap(gaps)
    if not unproven:
        return
    if gap is None:
        st.caption(tr(f"{key}_plain", **counts))
    else:
        st.caption(tr(key, **counts, gap=i18n.percent(gap, i18n.current_language(), 2)))


def _failed(error: Failure) -> None:
    """Why there is no analysis. Rules that cannot all hold are sent to the Portfolio page,
    which shows which ones clash and the smallest change that mends them."""
    if isinstance(error, Message) and error.id == INFEASIBLE:
        st.error(tr("infeasible", page=i18n.page_title("portfolio", i18n.current_language())))
        return
    st.error(tr("failed", detail=i18n.library_text(error)))


def render() -> None:
    scenario = state.current()
    lang = i18n.current_language()
    text = state.current_text()
    st.title(tr("title"))
    st.caption(tr("intro"))
    widgets.lines_only_note(state.current())
    digest = _digest(text)
    with st.spinner(tr("preparing")):
        prepared = _prepared(digest, text)
    if not isinstance(prepared, Prepared):
        _failed(prepared)
        return
    requested: set[str] = st.session_state.setdefault(REQUESTED, set())
    st.button(
        tr("run"),
        type="primary",
        icon=":material/play_arrow:",
        key="sensitivity_run",
        on_click=requested.add,
        args=(digest,),
    )
    longer: dict[str, float] = st.session_state.setdefault(LONGER, {})
    result = None
    if digest in requested:
        found = _analysis(digest, text, longer.get(digest, SECONDS))
        if isinstance(found, SensitivityResult):
            result = found
        else:
            _failed(found)
    else:
        st.info(tr("not_run"))
    with guard():
        _dynamic(prepared, scenario, text, lang, result)
    if result is not None:
        st.subheader(tr("deciders_head"))
        for sentence in result.sentences(lang) or [tr("no_deciders")]:
            st.markdown(f"- {sentence}")
        partial = result.deciders_partial(lang)
        if partial:
            st.caption(partial)
        st.subheader(tr("intervals_head"))
        table = result.table(lang)
        shares = {str(column): widgets.percent_of(1, lang) for column in table.columns[2:-1]}
        interval_table.show(table, shares, key="sensitivity_table")
        for said in result.legend(lang, app=True):
            st.caption(said)
        st.caption(result.checked_text(lang, app=True))
        suggested = result.suggested_seconds
        if suggested is not None and suggested > longer.get(digest, SECONDS):
            st.button(  # ends left unchecked for want of time (§14.3)
                tr("check_whole", time=i18n.duration(suggested, lang)),
                icon=":material/fact_check:",
                key="sensitivity_longer",
                on_click=longer.__setitem__,
                args=(digest, suggested),
            )
        st.download_button(
            tr("download"),
            data=excel_bytes_of([sensitivity_table(result, lang, app=True)]),
            file_name=f"{optimising.file_stem(scenario)}-{tr('file_suffix')}.xlsx",
            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            icon=":material/download:",
            key="sensitivity_download",
            on_click="ignore",
        )
    with guard():
        _tornado_section(prepared, scenario, text, lang)


if __name__ in ("__main__", "__page__"):
    render()
