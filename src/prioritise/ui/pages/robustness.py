"""Robustness page: which parts of the split survive the stakeholders' disagreement.

The analysis redraws the weights many times and re-optimises the split for each draw
(`prioritise.robustness.run_robustness`). It runs only when asked (a Run button), with a
progress bar, and is cached on the scenario's TOML text plus the settings, so that coming
back to the page with the same scenario and settings shows the results at once.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

import streamlit as st

from prioritise import report
from prioritise import scenario as scenario_io
from prioritise.report.excel import excel_bytes_of
from prioritise.report.robustness_tables import robustness_sheets
from prioritise.robustness.result import RobustnessResult
from prioritise.robustness.sampling import SAMPLINGS
from prioritise.scenario import Scenario
from prioritise.ui import i18n, optimising, state, widgets
from prioritise.ui.main import guard
from prioritise.ui.results import AllocationFailed, Failure, failure
from prioritise.ui.robustness import tables as robustness_tables
from prioritise.ui.robustness import views

tr = i18n.page_text("robustness")

DEFAULTS: dict[str, Any] = {"draws": 200, "seed": 0, "sampling": "dirichlet"}
DRAWS_RANGE = (10, 2000)
MAX_SEED = 2**31 - 1
STORE = "robustness_settings"
REQUESTED = "robustness_requested"
SINGLE_PROCESS_WORK = 20_000  # cells × draws below which the app's own process solves them


class DrawProgress:
    """A progress bar for one run: drawn when the run starts, emptied when it ends.

    It is drawn from inside the cached function, so a cached result replays it as nothing.
    """

    def __init__(self, preparing: str, lang: str) -> None:
        self.preparing, self.lang = preparing, lang
        self.bar: Any = None
        self.shown = -1

    def start(self) -> None:
        self.bar = st.progress(0.0, text=self.preparing)

    def __call__(self, done: int, total: int) -> None:
        percent = int(100 * done / total) if total > 0 else 100
        if self.bar is None or percent == self.shown:
            return
        self.shown = percent
        self.bar.progress(percent / 100, text=self._drawing(done, total))

    def _drawing(self, done: int, total: int) -> str:
        lang = self.lang
        return tr("progress", lang, done=i18n.integer(done, lang), total=i18n.integer(total, lang))

    def finish(self) -> None:
        if self.bar is not None:
            self.bar.empty()
            self.bar = None


def workers_for(scenario: Scenario, draws: int) -> int | None:
    """One process for small runs; otherwise as many as the library finds worth it.

    Starting worker processes from the app takes a second or more, far longer than a small
    scenario's whole run (the tutorial's 200 draws solve in a tenth of a second).
    """
    cells = len(scenario.programmes) * len(scenario.enabling_areas) * len(scenario.regions)
    return 1 if cells * draws < SINGLE_PROCESS_WORK else None


@st.cache_data(max_entries=16, show_spinner=False)
def _analysis(
    text: str, draws: int, seed: int, sampling: str, _progress: DrawProgress
) -> RobustnessResult | Failure:
    from prioritise.robustness import run_robustness

    _progress.start()
    try:
        scenario = optimising.lines_of(text)
        return run_robustness(
            scenario,
            draws,
            seed,
            sampling,
            workers=workers_for(scenario, draws),
            progress=_progress,
        )
    except ValueError as exc:  # RobustnessError and scoring errors, in plain words
        return failure(exc)
    finally:
        _progress.finish()


def _keep(name: str, key: str) -> None:
    st.session_state[STORE][name] = st.session_state[key]


def _setting(name: str, widget: Callable[..., Any], label: str, **options: Any) -> Any:
    """A setting that outlives the page: a visit to another page does not reset it."""
    store = st.session_state.setdefault(STORE, dict(DEFAULTS))
    key = f"robustness_{name}"
    st.session_state[key] = store[name]
    return widget(label, key=key, on_change=_keep, args=(name, key), **options)


def settings() -> tuple[int, int, str]:
    """Draws, seed and sampling method, as the user set them."""
    left, middle, right = st.columns([1, 1, 2])
    with left:
        draws = _setting(
            "draws",
            st.number_input,
            tr("draws"),
            min_value=DRAWS_RANGE[0],
            max_value=DRAWS_RANGE[1],
            step=50,
            help=tr("draws_help"),
        )
    with middle:
        seed = _setting(
            "seed",
            st.number_input,
            tr("seed"),
            min_value=0,
            max_value=MAX_SEED,
            step=1,
            help=tr("seed_help"),
        )
    with right:
        methods = list(SAMPLINGS)
        sampling = _setting(
            "sampling",
            st.radio,
            tr("sampling"),
            options=methods,
            format_func=i18n.labels_for(methods, lambda m: tr(f"method_{m}")),
            captions=[tr(f"caption_{m}") for m in methods],
            help=tr("sampling_help"),
        )
    return int(draws), int(seed), str(sampling)


def _run_key(text: str, draws: int, seed: int, sampling: str) -> tuple[str, int, int, str]:
    return hashlib.sha256(text.encode("utf-8")).hexdigest(), draws, seed, sampling


def workbook_maker(text: str, result: RobustnessResult, lang: str) -> Callable[[], bytes]:
    """Builds the workbook when the download is clicked (not on every drawing of the page).

    The group split is the Portfolio page's (same cache, same time limit); should it fail, the
    workbook still holds the robustness sheets.
    """
    limit = st.session_state.get(optimising.TIME_LIMIT_KEY, optimising.DEFAULT_TIME_LIMIT)

    def build() -> bytes:
        scenario = scenario_io.loads(text)
        sheets = robustness_sheets(result, scenario, lang)
        try:
            allocation = optimising.allocation(text, None, lang, limit)
        except AllocationFailed:
            return excel_bytes_of([], sheets)
        return report.excel_bytes(scenario, allocation, extra_sheets=sheets, lang=lang)

    return build


def render() -> None:
    scenario = state.current()
    lang = i18n.current_language()
    text = state.current_text()
    st.title(tr("title"))
    st.caption(tr("intro"))
    widgets.lines_only_note(state.current())
    draws, seed, sampling = settings()
    st.caption(tr("time_note"))
    key = _run_key(text, draws, seed, sampling)
    requested: set[tuple[str, int, int, str]] = st.session_state.setdefault(REQUESTED, set())
    st.button(
        tr("run"),
        type="primary",
        icon=":material/play_arrow:",
        key="robustness_run",
        on_click=requested.add,
        args=(key,),
    )
    if key not in requested:
        st.info(tr("not_run"))
        return
    progress = DrawProgress(tr("preparing"), i18n.current_language())
    result = _analysis(text, draws, seed, sampling, progress)
    if not isinstance(result, RobustnessResult):
        st.error(tr("failed", detail=i18n.library_text(result)))
        return
    names = views.names_of(scenario, lang)
    views.headline(scenario, result)
    tabs = st.tabs(
        [tr(f"tab_{name}") for name in ("core", "regions", "programmes", "lists", "compromise")],
        key="robustness_tabs",
    )
    sections = (
        views.core_heatmap,
        views.regions_fan,
        views.programmes_section,
        robustness_tables.core_lists,
        robustness_tables.compromise_section,
    )
    for tab, section in zip(tabs, sections, strict=True):
        with tab, guard():
            section(scenario, result, names)
    st.subheader(tr("download_head"))
    st.download_button(
        tr("download"),
        data=workbook_maker(text, result, lang),
        file_name=f"{optimising.file_stem(scenario)}-{tr('file_suffix')}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        help=tr("download_help"),
        icon=":material/download:",
        key="robustness_download",
        on_click="ignore",
    )


if __name__ in ("__main__", "__page__"):
    render()
