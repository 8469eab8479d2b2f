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
from prioritise.ui import i18n, optimising, state
from prioritise.ui.main import guard
from prioritise.ui.results import AllocationFailed
from prioritise.ui.robustness import tables as robustness_tables
from prioritise.ui.robustness import views

TEXT = {
    "en": {
        "title": "Robustness",
        "intro": "Weights are judgements, and stakeholders never agree exactly. This page "
        "redraws the weights many times, re-optimises the split for each draw and shows which "
        "lines are funded whatever weights you pick and which depend on who you listen to.",
        "draws": "Draws",
        "draws_help": "How many times to redraw the weights and re-optimise the split. More "
        "draws give steadier percentages (with 200, a share is known to within about ±7 "
        "points) but take longer.",
        "seed": "Seed",
        "seed_help": "The starting point of the random draws. The same seed gives exactly the "
        "same results, so a run can be repeated; try another seed to check that the "
        "conclusions do not hang on one set of draws.",
        "sampling": "How to draw the weights",
        "sampling_help": "Where the weights of each draw come from.",
        "method_dirichlet": "Around the group weights",
        "method_uniform": "Any weights at all",
        "method_resample": "Resample the panel",
        "caption_dirichlet": "Weights vary around the group's, as widely as the stakeholders "
        "disagree.",
        "caption_uniform": "Every combination of weights is equally likely: what holds "
        "whatever anyone thinks.",
        "caption_resample": "The panel is redrawn from its own members (some counted twice, "
        "some left out), as if other people had come.",
        "time_note": "Each draw is a full re-optimisation. The tutorial takes under a second; "
        "the Chile scenarios take from a few seconds to half a minute per 200 draws, depending "
        "on the computer. Results are kept while the scenario and the settings stay the same.",
        "run": "Run the analysis",
        "not_run": "Choose the settings and press “Run the analysis”.",
        "preparing": "Scoring the scenario and solving the group's split…",
        "progress": "Draw {done} of {total}…",
        "failed": "The robustness analysis cannot run: {detail}",
        "tab_core": "Core index",
        "tab_regions": "Regions",
        "tab_programmes": "Programmes",
        "tab_lists": "Robust core and contested",
        "tab_compromise": "Compromise",
        "download_head": "Download",
        "download": "Excel workbook with the robustness sheets (.xlsx)",
        "download_help": "The portfolio workbook (the group split, optimised as on the "
        "Portfolio page) plus the robustness sheets: core index per line and per region, money "
        "ranges, rank acceptability, compromise and regret. Headers in the language on screen.",
        "file_suffix": "robustness",
    },
    "es": {
        "title": "Robustez",
        "intro": "Las ponderaciones son juicios, y los actores nunca coinciden del todo. Esta "
        "página sortea las ponderaciones muchas veces, vuelve a optimizar la asignación en cada "
        "sorteo y muestra qué líneas se financian con cualquier ponderación y cuáles dependen "
        "de a quién se escuche.",
        "draws": "Sorteos",
        "draws_help": "Cuántas veces sortear las ponderaciones y volver a optimizar la "
        "asignación. Más sorteos dan porcentajes más estables (con 200, una fracción se conoce "
        "con unos ±7 puntos) pero toman más tiempo.",
        "seed": "Semilla",
        "seed_help": "El punto de partida de los sorteos aleatorios. La misma semilla da "
        "exactamente los mismos resultados, así que se puede repetir; pruebe otra semilla para "
        "ver que las conclusiones no dependen de un solo conjunto de sorteos.",
        "sampling": "Cómo sortear las ponderaciones",
        "sampling_help": "De dónde vienen las ponderaciones de cada sorteo.",
        "method_dirichlet": "En torno a las ponderaciones del grupo",
        "method_uniform": "Cualquier ponderación",
        "method_resample": "Remuestrear el panel",
        "caption_dirichlet": "Las ponderaciones varían en torno a las del grupo, tanto como "
        "discrepan los actores.",
        "caption_uniform": "Todas las combinaciones de ponderaciones son igual de probables: lo "
        "que se mantiene piense lo que piense cada uno.",
        "caption_resample": "El panel se vuelve a formar con sus propios miembros (algunos "
        "cuentan dos veces, otros quedan fuera), como si hubiera venido otra gente.",
        "time_note": "Cada sorteo es una optimización completa. El tutorial toma menos de un "
        "segundo; los escenarios de Chile, de unos segundos a medio minuto por cada 200 "
        "sorteos, según el computador. Los resultados se conservan mientras el escenario y la "
        "configuración no cambien.",
        "run": "Ejecutar el análisis",
        "not_run": "Elija la configuración y presione «Ejecutar el análisis».",
        "preparing": "Calculando prioridades y la asignación del grupo…",
        "progress": "Sorteo {done} de {total}…",
        "failed": "No se puede hacer el análisis de robustez: {detail}",
        "tab_core": "Índice de núcleo",
        "tab_regions": "Regiones",
        "tab_programmes": "Programas",
        "tab_lists": "Núcleo robusto y en disputa",
        "tab_compromise": "Compromiso",
        "download_head": "Descarga",
        "download": "Libro Excel con las hojas de robustez (.xlsx)",
        "download_help": "El libro de la cartera (la asignación del grupo, optimizada como en "
        "la página Cartera) más las hojas de robustez: índice de núcleo por línea y por región, "
        "rangos de montos, aceptabilidad de posiciones, compromiso y arrepentimiento. "
        "Encabezados en el idioma de la pantalla.",
        "file_suffix": "robustez",
    },
}
tr = i18n.page_text(TEXT)

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

    def __init__(self, preparing: str, drawing: str) -> None:
        self.preparing, self.drawing = preparing, drawing
        self.bar: Any = None
        self.shown = -1

    def start(self) -> None:
        self.bar = st.progress(0.0, text=self.preparing)

    def __call__(self, done: int, total: int) -> None:
        percent = int(100 * done / total) if total > 0 else 100
        if self.bar is None or percent == self.shown:
            return
        self.shown = percent
        self.bar.progress(percent / 100, text=self.drawing.format(done=done, total=total))

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
) -> RobustnessResult | str:
    from prioritise.robustness import run_robustness

    _progress.start()
    try:
        scenario = scenario_io.loads(text)
        return run_robustness(
            scenario,
            draws,
            seed,
            sampling,
            workers=workers_for(scenario, draws),
            progress=_progress,
        )
    except ValueError as exc:  # RobustnessError and scoring errors, in plain words
        return str(exc)
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
        return report.excel_bytes(scenario, allocation, extra_sheets=sheets, language=lang)

    return build


def render() -> None:
    scenario = state.current()
    lang = i18n.current_language()
    text = state.current_text()
    st.title(tr("title"))
    st.caption(tr("intro"))
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
    result = _analysis(text, draws, seed, sampling, DrawProgress(tr("preparing"), tr("progress")))
    if isinstance(result, str):
        st.error(tr("failed", detail=result))
        return
    names = views.names_of(scenario, lang)
    views.headline(scenario, result)
    tabs = st.tabs(
        [tr(f"tab_{name}") for name in ("core", "regions", "programmes", "lists", "compromise")]
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
