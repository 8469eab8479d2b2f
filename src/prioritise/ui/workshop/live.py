"""Live workshop results shared by every facilitator session of this server process.

Scores are cached on the set of answers behind them (submission ids only grow, so they are a
fingerprint). Portfolios are optimised one at a time in a background thread, so a slow solve
never freezes a dashboard; the last finished portfolio of each view stays available while a
newer one is worked out.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

import streamlit as st

from prioritise.allocate.results import Allocation
from prioritise.text import msg
from prioritise.ui.results import Failure, failure
from prioritise.ui.workshop import views as workshop_views
from prioritise.ui.workshop.views import store
from prioritise.workshop import SubmissionRow
from prioritise.workshop.results import (
    EVERYONE,
    ViewResult,
    WorkshopResults,
    latest_per_participant,
    round_summary,
    view_portfolio,
    workshop_results,
)

LIVE_TIME_LIMIT = 60.0
"""Seconds the solver may take for one live portfolio (solved to a 1 % gap)."""

Fingerprint = tuple[int, ...]


# ---------------------------------------------------------------- background portfolios


class PortfolioRunner:
    """Optimises portfolios one at a time in a background thread, shared by all sessions.

    A request for a view whose answers changed cancels that view's older requests that have
    not started; the last finished portfolio of each view stays available meanwhile.
    """

    def __init__(self, keep: int = 64) -> None:
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="workshop-portfolio")
        self._lock = threading.RLock()
        self._jobs: OrderedDict[tuple[str, str, Fingerprint], Future[Any]] = OrderedDict()
        self._last: dict[tuple[str, str], tuple[int, Allocation | Failure]] = {}
        self._keep = keep

    def request(
        self, workshop: str, view_key: str, fingerprint: Fingerprint, view: ViewResult
    ) -> Future[Any]:
        key = (workshop, view_key, fingerprint)
        with self._lock:
            job = self._jobs.get(key)
            if job is not None and not job.cancelled():
                return job
            for other_key, other in self._jobs.items():
                if other_key[:2] == key[:2] and not other.done():
                    other.cancel()  # only succeeds for a job that has not started
            job = self._pool.submit(_solve, view)
            self._jobs[key] = job
            job.add_done_callback(lambda done: self._remember(key, view.answers, done))
            while len(self._jobs) > self._keep:
                self._jobs.popitem(last=False)
            return job

    def _remember(self, key: tuple[str, str, Fingerprint], answers: int, job: Future[Any]) -> None:
        if job.cancelled():
            return
        with self._lock:
            self._last[key[:2]] = (answers, job.result())

    def finished(
        self, workshop: str, view_key: str, fingerprint: Fingerprint
    ) -> Allocation | Failure | None:
        """The portfolio for exactly these answers, if it has been worked out already."""
        with self._lock:
            job = self._jobs.get((workshop, view_key, fingerprint))
        if job is None or not job.done() or job.cancelled():
            return None
        return job.result()

    def last(self, workshop: str, view_key: str) -> tuple[int, Allocation | Failure] | None:
        """The last finished portfolio of a view and how many answers it used."""
        with self._lock:
            return self._last.get((workshop, view_key))


def _solve(view: ViewResult) -> Allocation | Failure:
    """A portfolio, or the plain reason why there is none (never an exception)."""
    try:
        return view_portfolio(view, time_limit=LIVE_TIME_LIMIT)
    except ValueError as exc:
        return failure(exc)
    except Exception as exc:  # a solver failure must not kill the worker thread
        return msg("ui.workshop_live.solver_failed", error=type(exc).__name__)


@st.cache_resource(show_spinner=False)
def runner() -> PortfolioRunner:
    return PortfolioRunner()


# ---------------------------------------------------------------- scores, cached on the answers


@st.cache_resource(max_entries=64, show_spinner=False)
def _results(
    join_code: str,
    fingerprint: Fingerprint,
    groups: tuple[str, ...],
    _scenario_toml: str,
    _rows: Sequence[SubmissionRow],
) -> WorkshopResults:
    scenario = workshop_views.workshop_scenario(_scenario_toml)
    return workshop_results(scenario, _rows, group_order=groups)


def view_fingerprints(
    people: Sequence[SubmissionRow], results: WorkshopResults | None = None
) -> dict[str, Fingerprint]:
    """The submission ids behind everyone and each view the ``results`` may show: a view's
    results change only when these do."""
    prints = {EVERYONE: tuple(row.submission_id for row in people)}
    for key in () if results is None else results.groups:
        groups = results.shown.groups_of(key) if results is not None else ()
        prints[key] = tuple(row.submission_id for row in people if row.group in groups)
    return prints


def current_results(
    join_code: str, secret: str
) -> tuple[WorkshopResults | None, list[SubmissionRow]]:
    """Each participant's latest answer and what they add up to (None before any answer)."""
    workshop = store().get_workshop(join_code)
    people = latest_per_participant(store().all_submissions(join_code, secret))
    if not people:
        return None, people
    fingerprint = view_fingerprints(people)[EVERYONE]
    results = _results(
        workshop.join_code, fingerprint, workshop.groups, workshop.scenario_toml, people
    )
    return results, people


def next_round_summary(join_code: str, secret: str, round_number: int) -> dict[str, Any] | None:
    """The summary shown to participants in the next round, with the portfolios worked out
    so far (waiting for everyone's portfolio up to the live time limit)."""
    results, people = current_results(join_code, secret)
    if results is None:
        return None
    if not results.views():  # fewer answers than the minimum group size: only the count
        return round_summary(results, round_number)
    prints = view_fingerprints(people, results)
    found: dict[str, Allocation | Failure | None] = {}
    try:  # everyone's portfolio is worth a wait; a group's is used if already worked out
        job = runner().request(join_code, EVERYONE, prints[EVERYONE], results.everyone)
        found[EVERYONE] = job.result(timeout=LIVE_TIME_LIMIT + 5)
    except Exception:  # not ready in time or cancelled: the summary goes without it
        found[EVERYONE] = None
    for key in results.groups:
        found[key] = runner().finished(join_code, key, prints[key])
    portfolios = {k: v for k, v in found.items() if isinstance(v, Allocation)}
    return round_summary(results, round_number, portfolios)
