"""Optimisation results for the Portfolio and Trade-offs pages, cached on the scenario's text.

Every result is computed by the library and cached with `st.cache_data` on the scenario's TOML
text plus the settings that change it (budget, language, time limit), so that identical
scenarios share results and a second visit costs nothing.

The sentences an allocation carries (constraint costs, diagnosis, status) are written by the
library in the scenario's language; the page asks for them in the language on screen by
optimising a copy of the scenario whose `language` is the one on screen.

Long runs (budget sweeps, frontiers) report progress through a `Progress` callback. It draws
its bar from inside the cached function, so that Streamlit records the bar with the cached
result; the bar is emptied at the end, so a cached result replays as nothing at all.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd
import streamlit as st

from prioritise import report
from prioritise import scenario as scenario_io
from prioritise.scenario import Scenario
from prioritise.scenario.sheet_columns import parse_number
from prioritise.text import Message, decimal_mark
from prioritise.ui import i18n, number_box, state
from prioritise.ui.results import AllocationFailed, Failure, failure

if TYPE_CHECKING:
    from prioritise.allocate import Allocation, ModelCache

PRICE_SECONDS = 30.0
"""Time for pricing every binding rule by re-solving, when the facilitator asks for it (the
library's `PRICE_SECONDS`; the page loads without the solver until a result is needed)."""
DEFAULT_TIME_LIMIT = 10.0
"""Seconds per optimisation unless the user asks otherwise: the default Chile scenario reaches
a gap well under 0.1 % within it."""
TIME_LIMIT_RANGE = (1.0, 600.0)
MAX_BUDGETS = 25
FRONTIER_STEPS = 9
FRONTIERS = ("equity", "programme", "metropolitan")

TIME_LIMIT_KEY = "solver_time_limit"
SEPARATORS = {"en": r"[;,\s]+", "es": r";|\s+|,(?=\s|$)"}
"""Between budgets typed in a text box: in Spanish a comma between digits is a decimal mark."""

tr = i18n.page_text("optimising")


# ---------------------------------------------------------------- one optimisation


@st.cache_data(max_entries=16, show_spinner=False)
def lines_of(text: str) -> Scenario:
    """The scenario an analysis of the split works on: a mixed scenario's split of lines,
    with its initiatives held as chosen (`allocate.lines_scenario`), else the scenario.
    Cached: a page draws it on every run, and choosing the initiatives is a solve."""
    from prioritise.allocate import lines_scenario

    return lines_scenario(scenario_io.loads(text))


@st.cache_resource(show_spinner=False)
def _models() -> ModelCache:
    """Built models shared by every session of the server (one solve per model at a time)."""
    from prioritise.allocate import ModelCache

    return ModelCache()


@st.cache_data(max_entries=64, show_spinner=False)
def _solve(
    text: str,
    budget: float | None,
    language: str,
    time_limit: float | None,
    price_seconds: float | None = None,
    baselines: bool = True,
) -> Allocation | Failure:
    if baselines and not price_seconds:  # the split (cached: shown first), then its baselines
        found = _solve(text, budget, language, time_limit, None, False)
        if isinstance(found, Message | str):
            return found
        spent = sum(found.seconds.values())  # the limit holds for the split and baselines
        left = None if time_limit is None else max(0.0, time_limit - spent)
        return _models().with_baselines(found, time_limit=left)
    try:
        from prioritise.allocate import lines_part

        scenario = scenario_io.loads(text).in_language(language)
        if 0 < scenario.initiatives_share < 1:  # the lines get what the initiatives leave
            scenario, budget, _ = lines_part(scenario, budget, explain=False)
        return _models().optimise_scenario(  # a changed rule moves a kept model
            scenario,
            budget=budget,
            time_limit=time_limit,
            price_seconds=price_seconds,
            with_baselines=baselines,
        )
    except ValueError as exc:  # AllocationError and scoring errors, in plain words
        return failure(exc)


def _solved(result: Allocation | Failure) -> Allocation:
    if isinstance(result, Message | str):
        raise AllocationFailed(result)
    return result


def allocation(
    text: str,
    budget: float | None = None,
    language: str = i18n.DEFAULT_LANGUAGE,
    time_limit: float | None = DEFAULT_TIME_LIMIT,
    price_seconds: float | None = None,
) -> Allocation:
    """The optimised split (an infeasible scenario comes back with its diagnosis); a scenario
    that cannot be set up at all raises AllocationFailed with the reason in plain words.
    `price_seconds` > 0 also prices every binding rule by re-solving (docs/model.md §8.2)."""
    return _solved(_solve(text, budget, language, time_limit, price_seconds))


def split(
    text: str,
    budget: float | None = None,
    language: str = i18n.DEFAULT_LANGUAGE,
    time_limit: float | None = DEFAULT_TIME_LIMIT,
) -> Allocation:
    """The optimised split without its baselines, which take longer than the split itself: a
    page shows it at once, then asks `allocation` (the same split, baselines added)."""
    return _solved(_solve(text, budget, language, time_limit, None, False))


@dataclass(frozen=True)
class Exports:
    """The three downloads of one allocation, in one language."""

    excel: bytes
    csv: str
    markdown: str


@st.cache_data(max_entries=16, show_spinner=False)
def exports(text: str, budget: float | None, language: str, time_limit: float | None) -> Exports:
    """Excel workbook, CSV table and Markdown report of the optimised split (with, for a
    mixed scenario, its initiatives, as `prioritise optimise --out` writes them)."""
    from prioritise.allocate import lines_part

    result = allocation(text, budget, language, time_limit)
    scenario = scenario_io.loads(text)
    portfolio = None
    if 0 < scenario.initiatives_share < 1:
        portfolio = lines_part(scenario, budget, explain=False)[2]
    return Exports(
        excel=report.excel_bytes(scenario, result, lang=language, portfolio=portfolio),
        csv=report.csv_text(scenario, result),
        markdown=report.markdown_text(scenario, result, lang=language, portfolio=portfolio),
    )


def file_stem(scenario: Scenario) -> str:
    """A safe, readable file name from the scenario's name in the page's language, accents
    dropped rather than the letter ('transformacion', not 'transformaci-n'): the rest of a
    download's name is in that language too ('chile-transforma-2017-iniciativas')."""
    lang = i18n.current_language()
    name = scenario.scenario.name_in(lang)
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", plain.lower())
    return "-".join(words)[:60] or i18n.t("ui.optimising.file_stem", lang)


# ---------------------------------------------------------------- shared settings


def _keep_time_limit(key: str) -> None:
    st.session_state[TIME_LIMIT_KEY] = st.session_state[key]


def time_limit_setting(page: str) -> float:
    """The time limit per optimisation, one setting for both pages (kept in the URL when it
    is not the default)."""
    if TIME_LIMIT_KEY not in st.session_state:
        asked = state.url_value("limit")
        try:
            value = float(asked) if asked else DEFAULT_TIME_LIMIT
        except ValueError:
            value = DEFAULT_TIME_LIMIT
        low, high = TIME_LIMIT_RANGE
        st.session_state[TIME_LIMIT_KEY] = min(max(value, low), high)
    key = f"{page}_time_limit"
    st.session_state[key] = st.session_state[TIME_LIMIT_KEY]
    value = st.number_input(
        tr("time_limit"),
        min_value=TIME_LIMIT_RANGE[0],
        max_value=TIME_LIMIT_RANGE[1],
        step=5.0,
        format="%g",
        help=tr("time_limit_help"),
        key=key,
        on_change=_keep_time_limit,
        args=(key,),
    )
    limit = float(value)
    state.remember_in_url("limit", None if limit == DEFAULT_TIME_LIMIT else f"{limit:g}")
    return limit


# ---------------------------------------------------------------- progress of long runs


class Progress:
    """A progress bar drawn on first use; call `finish` to remove it."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.bar: object | None = None

    def __call__(self, done: int, total: int) -> None:
        fraction = min(1.0, done / total) if total > 0 else 1.0
        text = f"{self.label} · {tr('running', done=done, total=total)}"
        if self.bar is None:
            self.bar = st.progress(fraction, text=text)
        else:
            self.bar.progress(fraction, text=text)  # type: ignore[attr-defined]

    def finish(self) -> None:
        if self.bar is not None:
            self.bar.empty()  # type: ignore[attr-defined]
            self.bar = None


# ---------------------------------------------------------------- budget sweep


@dataclass(frozen=True)
class SweepResult:
    """A budget sweep as the page draws it: one row per budget, and the money by programme
    and by region at each budget (ids as columns)."""

    points: pd.DataFrame
    programme: pd.DataFrame
    region: pd.DataFrame


@st.cache_data(max_entries=32, show_spinner=False)
def _sweep(
    text: str, budgets: tuple[float, ...], time_limit: float | None, _progress: Progress
) -> SweepResult | Failure:
    from prioritise.tradeoffs import budget_sweep

    _progress(0, len(budgets))  # the bar shows at once, before the first solve ends
    try:
        sweep = budget_sweep(lines_of(text), budgets, progress=_progress, time_limit=time_limit)
    except ValueError as exc:
        return failure(exc)
    finally:
        _progress.finish()
    return SweepResult(
        sweep.to_frame(), sweep.composition("programme"), sweep.composition("region")
    )


def sweep(
    text: str, budgets: tuple[float, ...], time_limit: float | None, progress: Progress
) -> SweepResult:
    result = _sweep(text, budgets, time_limit, progress)
    if isinstance(result, Message | str):
        raise AllocationFailed(result)
    return result


def budgets_text(budgets: list[float], lang: str) -> str:
    """Budgets written for the text box: '50, 175' in English, '50; 175,5' in Spanish."""
    joiner = "; " if lang == "es" else ", "
    return joiner.join(number_box.number_text(round(value, 4), lang) for value in budgets)


class BudgetInputError(ValueError):
    """Budgets typed by the user that cannot be read; the message says which and why."""


def parse_budgets(text: str, lang: str) -> tuple[float, ...]:
    """Budgets from the text box. English separates with commas, semicolons or spaces;
    Spanish with semicolons or spaces (a comma between digits is the decimal mark there, and a
    comma followed by a space still separates)."""
    separators = SEPARATORS.get(lang, SEPARATORS["en"])
    parts = re.split(separators, text)
    tokens = [part.strip() for part in parts if part.strip()]
    if not tokens:
        raise BudgetInputError(tr("budgets_empty", lang))
    if len(tokens) > MAX_BUDGETS:
        raise BudgetInputError(tr("budgets_many", lang, limit=MAX_BUDGETS, count=len(tokens)))
    values = []
    for position, token in enumerate(tokens, start=1):
        value = parse_number(token, decimal_comma=decimal_mark(lang) == ",")  # as boxes read
        if value is None:  # '1.500' in Spanish could be fifteen hundred or one and a half
            raise BudgetInputError(tr("budgets_number", lang, position=position, value=token))
        if not math.isfinite(value) or value <= 0:
            raise BudgetInputError(tr("budgets_positive", lang, position=position, value=token))
        values.append(value)
    return tuple(sorted(set(values)))


# ---------------------------------------------------------------- frontiers


@dataclass(frozen=True)
class FrontierResult:
    """A frontier as the page draws it: one row per level ε (epsilon, objective, achieved,
    feasible, status), where the scenario's own rule stands, and the region it is about."""

    kind: str
    points: pd.DataFrame
    current: float | None
    region: str | None


@st.cache_data(max_entries=32, show_spinner=False)
def _frontier(
    text: str, kind: str, steps: int, time_limit: float | None, _progress: Progress
) -> FrontierResult | Failure:
    from prioritise.tradeoffs import concentration_frontier, equity_frontier

    scenario = lines_of(text)
    _progress(0, steps)  # the bar shows at once, before the first solve ends
    try:
        if kind == "equity":
            found = equity_frontier(scenario, steps, _progress, time_limit=time_limit)
        else:
            found = concentration_frontier(scenario, kind, steps, _progress, time_limit=time_limit)
    except ValueError as exc:
        return failure(exc)
    finally:
        _progress.finish()
    return FrontierResult(kind, found.to_frame(), found.current, found.region)


def frontier(text: str, kind: str, time_limit: float | None, progress: Progress) -> FrontierResult:
    """The ε-constraint frontier `kind` (equity, programme or metropolitan)."""
    result = _frontier(text, kind, FRONTIER_STEPS, time_limit, progress)
    if isinstance(result, Message | str):
        raise AllocationFailed(result)
    return result
