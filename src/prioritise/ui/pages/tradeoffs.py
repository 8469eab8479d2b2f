"""Trade-offs page: what more or less money buys (budget sweep) and what rules of regional
equity and diversification cost in value (ε-constraint frontiers)."""

from __future__ import annotations

import contextlib

import streamlit as st

from prioritise.allocate import AllocationError
from prioritise.scenario import Scenario
from prioritise.tradeoffs import default_budgets, pick_region
from prioritise.ui import i18n, optimising, state, widgets
from prioritise.ui.main import guard
from prioritise.ui.results import AllocationFailed
from prioritise.ui.tradeoffs import levels
from prioritise.ui.tradeoffs import views as tradeoffs_views

tr = i18n.page_text("tradeoffs")

REQUESTED = "tradeoffs_requested"
BUDGETS_KEY = "tradeoffs_budgets"
BUDGETS_KEPT = "tradeoffs_budgets_kept"


def _asked(section: str, explained: str | None = None) -> bool:
    """Whether this section should be computed: once asked for in a session, it stays on.
    Until then the page says what it will do (`explained`, or the section's own words)."""
    requested: set[str] = st.session_state.setdefault(REQUESTED, set())
    if section in requested:
        return True
    st.caption(explained or tr(f"explain_{section}"))
    st.button(
        tr(f"run_{section}"),
        type="primary",
        icon=":material/play_arrow:",
        key=f"run_{section}",
        on_click=requested.add,
        args=(section,),
    )
    return False


def _keep_budgets(owner: tuple[float, str]) -> None:
    st.session_state[BUDGETS_KEPT] = (owner, st.session_state[BUDGETS_KEY])


def _budgets_box(scenario: Scenario, lang: str) -> tuple[float, ...] | None:
    """The budgets typed by the user; a plain, located error and None if they cannot be read.

    The text outlives the widget (Streamlit forgets a widget's value on pages that do not draw
    it); it starts from the defaults for each scenario budget and is rewritten for the
    language on screen."""
    total = float(scenario.budget.total)
    owner = (total, lang)
    kept = st.session_state.get(BUDGETS_KEPT)
    if kept is None or kept[0] != owner:
        budgets = default_budgets(scenario)
        if kept is not None and kept[0][0] == total:  # same scenario budget, other language
            with contextlib.suppress(optimising.BudgetInputError):
                budgets = list(optimising.parse_budgets(kept[1], kept[0][1]))
        kept = (owner, optimising.budgets_text(budgets, lang))
        st.session_state[BUDGETS_KEPT] = kept
    st.session_state[BUDGETS_KEY] = kept[1]
    typed = st.text_input(
        tr("budgets", unit=widgets.unit_label(scenario)),
        help=tr("budgets_help"),
        key=BUDGETS_KEY,
        on_change=_keep_budgets,
        args=(owner,),
    )
    try:
        return optimising.parse_budgets(typed, lang)
    except optimising.BudgetInputError as exc:
        st.error(i18n.library_text(exc), icon=":material/error:")
        return None


def _in_language(exc: Exception) -> str:
    """A failure's library message in the interface's language."""
    return i18n.library_text(exc)


def _sweep(scenario: Scenario, text: str, limit: float, lang: str, whole: Scenario | None) -> None:
    budgets = _budgets_box(scenario, lang)
    if budgets is None or not _asked("sweep"):
        return
    progress = optimising.Progress(tr("tab_sweep"))
    result = optimising.sweep(text, budgets, limit, progress)
    tradeoffs_views.sweep_section(scenario, result, lines=whole is not None)


def _equity(scenario: Scenario, text: str, limit: float, whole: Scenario | None) -> None:
    if not _asked("equity"):
        return
    progress = optimising.Progress(tr("tab_equity"))
    result = optimising.frontier(text, "equity", limit, progress)
    tradeoffs_views.frontier_section(scenario, result, whole)


def _concentration_explained(scenario: Scenario) -> str:
    """What the concentration frontiers do, naming the region the second one caps (the
    Metropolitan region only where the scenario has one)."""
    try:
        region = pick_region(scenario)
    except AllocationError:  # no region to cap: the frontier itself will say so
        return tr("explain_concentration_programme")
    named = next(r for r in scenario.regions if r.id == region)
    return tr("explain_concentration", region=i18n.label(named))


def _concentration(scenario: Scenario, text: str, limit: float, whole: Scenario | None) -> None:
    if not _asked("concentration", _concentration_explained(scenario)):
        return
    labels = {"programme": tr("progress_programme"), "metropolitan": tr("progress_metropolitan")}
    for kind, label in labels.items():  # a bar of its own each: neither seems to start over
        with guard():
            progress = optimising.Progress(label)
            try:
                result = optimising.frontier(text, kind, limit, progress)
            except AllocationFailed as exc:
                st.warning(tr("failed", detail=_in_language(exc)))
                continue
            tradeoffs_views.frontier_section(scenario, result, whole)


def render() -> None:
    scenario = state.current()
    lang = i18n.current_language()
    st.title(tr("title"))
    st.caption(tr("intro"))
    widgets.lines_only_note(scenario)
    limit = optimising.time_limit_setting("tradeoffs")
    text = state.current_text()
    whole = None  # a mixed scenario as its file sets it: its rules hold on the whole budget
    if levels.mixed(scenario):  # budgets and marks of the split the page analyses
        whole, scenario = scenario, optimising.lines_of(text)
    tabs = st.tabs(
        [tr("tab_sweep"), tr("tab_equity"), tr("tab_concentration")], key="tradeoffs_tabs"
    )
    sections = (
        lambda: _sweep(scenario, text, limit, lang, whole),
        lambda: _equity(scenario, text, limit, whole),
        lambda: _concentration(scenario, text, limit, whole),
    )
    for tab, section in zip(tabs, sections, strict=True):
        with tab, guard():
            try:
                section()
            except AllocationFailed as exc:
                st.warning(tr("failed", detail=_in_language(exc)))


if __name__ in ("__main__", "__page__"):
    render()
