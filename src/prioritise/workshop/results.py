"""What a workshop round's answers add up to: group weights, consensus, priorities, portfolio.

The latest submission of each participant becomes a stakeholder of the workshop's scenario;
the value tree and the optimiser then do the arithmetic exactly as they do for a scenario
file, so a number on the live dashboard is the number the same stakeholders would give in a
saved scenario. Results come for everyone and for each group separately.

``round_summary`` condenses a round into plain JSON for ``WorkshopStore.open_next_round``: it is
shown to every participant in the next round (Delphi feedback), so it holds group results only,
never one person's answers: it holds only the views that may be shown (``anonymity``: none
before k people answered, small groups merged or left out).

Tables are ordered for a reader: items by their value (largest first; ties by name in the
reader's language), groups by name in the reader's language after everyone, never by ids.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pandas as pd

from prioritise.scenario import Scenario, ScenarioError, validate_dict
from prioritise.scenario.schema import WEIGHT_SETS
from prioritise.scoring.tree import ValueTree, value_tree
from prioritise.text import DEFAULT_LANGUAGE, LocalizedError, Message, msg
from prioritise.workshop.anonymity import Disclosure, disclosure
from prioritise.workshop.errors import NoAnswersError, NotScoredError
from prioritise.workshop.export import (
    latest_per_participant,
    participant_stakeholders,
    participants_raw,
    participants_scenario,
    with_stakeholders,
)
from prioritise.workshop.labels import (
    EVERYONE,
    OTHER_GROUPS,
    agreement_reading,
    by_name,
    by_value,
    scenario_items,
    scenario_language,
    summary_heading,
    view_name,
)
from prioritise.workshop.records import SubmissionRow

if TYPE_CHECKING:
    from prioritise.allocate import Allocation

__all__ = [  # re-exported: the pages import them from here
    "EVERYONE",
    "OTHER_GROUPS",
    "latest_per_participant",
    "participants_raw",
    "participants_scenario",
    "view_name",
]

SUMMARY_FORMAT = "prioritise-workshop-summary/1"
LIVE_GAP = 0.01
"""Relative optimality gap for portfolios computed while a workshop runs: fast and close."""


@dataclass(frozen=True)
class ViewResult:
    """Everything one audience's answers produce: all participants, or one group."""

    view: str
    participants: tuple[str, ...]
    """Stakeholder ids of the participants counted."""
    scenario: Scenario = field(repr=False)
    tree: ValueTree | None = field(repr=False)
    problem: Message | None = None
    """Why the answers could not be scored (then ``tree`` is None)."""

    def name(self) -> Message | str:
        """'All participants' or the group's name."""
        return view_name(self.view)

    @property
    def answers(self) -> int:
        return len(self.participants)

    @property
    def weights(self) -> dict[str, pd.Series]:
        """Group weights per weight set (criteria, enabling_areas, regional_criteria, ...)."""
        return {} if self.tree is None else self.tree.weights

    @property
    def programmes(self) -> pd.Series:
        """Programme priorities P under these weights (sums to 1)."""
        return pd.Series(dtype=float) if self.tree is None else self.tree.programmes

    def agreement(self) -> pd.DataFrame:
        """Kendall's W per weight set: w, p_value, raters, items, reading (NaN below 2 raters).

        ``reading`` is a Message ('strong agreement').
        """
        rows: dict[str, dict[str, Any]] = {}
        for weight_set in WEIGHT_SETS:
            found = None if self.tree is None else self.tree.consensus.get(weight_set)
            if found is None:
                continue
            kendall = found.kendall
            rows[weight_set] = {
                "w": math.nan if kendall is None else kendall.w,
                "p_value": math.nan if kendall is None else kendall.p_value,
                "raters": len(found.agreement.index),
                "items": len(found.dispersion.index),
                "reading": (
                    msg("workshop.agreement.not_measured")
                    if kendall is None
                    else agreement_reading(kendall.w)
                ),
            }
        columns = ["w", "p_value", "raters", "items", "reading"]
        return pd.DataFrame.from_dict(rows, orient="index", columns=columns)

    def disagreement(self, weight_set: str, lang: str | None = None) -> pd.DataFrame:
        """Spread of the participants' normalised weights per item, most contested first
        (ties by name in ``lang``, default the scenario's language).

        Columns: weight (the group's), mean, std, min, max.
        """
        columns = ["weight", "mean", "std", "min", "max"]
        found = None if self.tree is None else self.tree.consensus.get(weight_set)
        if found is None:
            return pd.DataFrame(columns=columns, dtype=float)
        spread = found.dispersion[["mean", "std", "min", "max"]].astype(float)
        spread.insert(0, "weight", self.weights[weight_set].reindex(spread.index))
        return spread.loc[_by_value(spread["std"], self.scenario, lang)]


@dataclass(frozen=True)
class WorkshopResults:
    """A round's answers worked out for everyone and for each group that answered."""

    everyone: ViewResult
    """All participants: worked out always, shown only when ``shown`` says so."""
    groups: dict[str, ViewResult]
    """Only the group views that may be shown: groups on their own and ``OTHER_GROUPS``."""
    shown: Disclosure
    """What may be shown (see ``anonymity``); ``views`` keeps to it."""
    stakeholder_ids: dict[int, str] = field(default_factory=dict)
    """Participant id → the stakeholder id that stands for them in every view."""

    @property
    def answers(self) -> int:
        return self.everyone.answers

    def views(self, lang: str | None = None) -> dict[str, ViewResult]:
        """The views that may be shown: everyone first, then the groups by name in ``lang``
        (default: the scenario's), then other groups; none before k people have answered."""
        if not self.shown.everyone_shown:
            return {}
        lang = scenario_language(self.everyone.scenario, lang)
        order = by_name([key for key in self.groups if key != OTHER_GROUPS], view_name, lang)
        order += [key for key in self.groups if key == OTHER_GROUPS]
        return {EVERYONE: self.everyone, **{key: self.groups[key] for key in order}}

    def weights_table(self, weight_set: str, lang: str | None = None) -> pd.DataFrame:
        """Items × views: the group weights of one weight set side by side, items by
        everyone's weight (largest first), views as in ``views(lang)``."""
        columns = {
            key: view.weights[weight_set]
            for key, view in self.views(lang).items()
            if weight_set in view.weights
        }
        frame = pd.DataFrame(columns)
        if frame.empty:
            return frame
        return frame.loc[_by_value(frame.iloc[:, 0], self.everyone.scenario, lang)]

    def programmes_table(self, lang: str | None = None) -> pd.DataFrame:
        """Programmes × views: programme priorities P side by side, by everyone's priority."""
        frame = pd.DataFrame(
            {
                key: view.programmes
                for key, view in self.views(lang).items()
                if view.tree is not None
            }
        )
        if frame.empty:
            return frame
        return frame.loc[_by_value(frame.iloc[:, 0], self.everyone.scenario, lang)]

    def agreement_table(self, lang: str | None = None) -> pd.DataFrame:
        """Views × weight sets: Kendall's W (NaN where it cannot be measured); views as in
        ``views(lang)``, weight sets in the method's order (criteria first)."""
        frame = pd.DataFrame({key: view.agreement()["w"] for key, view in self.views(lang).items()})
        if frame.empty:
            return pd.DataFrame(dtype=float)
        frame = frame.T.astype(float)
        return frame.reindex(columns=[ws for ws in WEIGHT_SETS if ws in frame.columns])


def _by_value(values: pd.Series, scenario: Scenario | None, lang: str | None) -> list[Any]:
    """The index of ``values``, largest first; ties (and missing values, last) by name."""
    if scenario is None:
        return by_value(values.items(), {}, lang or DEFAULT_LANGUAGE)
    return by_value(values.items(), scenario_items(scenario), scenario_language(scenario, lang))


def _view(
    key: str, scenario: Scenario, stakeholders: list[dict[str, Any]], method: str | None
) -> ViewResult:
    try:
        with_people = validate_dict(with_stakeholders(scenario, stakeholders), "workshop")
    except ScenarioError as exc:  # e.g. zeros that leave a geometric mean nothing to weigh
        said = [p.message for p in exc.problems if isinstance(p.message, Message)]
        problem = said[0] if said else msg("workshop.error.not_scored")
        return ViewResult(key, tuple(s["id"] for s in stakeholders), scenario, None, problem)
    ids = tuple(s.id for s in with_people.stakeholders)
    try:
        tree = value_tree(with_people, method=method)
    except ValueError as exc:  # e.g. a geometric mean that is zero everywhere
        problem = (
            exc.message if isinstance(exc, LocalizedError) else msg("workshop.error.not_scored")
        )
        return ViewResult(key, ids, with_people, None, problem)
    return ViewResult(key, ids, with_people, tree)


def workshop_results(
    scenario: Scenario,
    rows: Iterable[SubmissionRow],
    *,
    group_order: Sequence[str] = (),
    method: str | None = None,
    min_group_size: int | None = None,
) -> WorkshopResults:
    """Work out the latest answers for everyone and for the groups that may be shown with
    ``min_group_size`` answers at least (default: the scenario's ``[workshop]`` setting; see
    ``anonymity``). ``groups`` keeps ``group_order`` first, then any other group in order of
    appearance, then other groups; ``views(lang)`` orders them by name for people. Raises
    ``NoAnswersError`` (a ValueError) without answers.

    Participants are "Participant 1", … (never their names); a participant has the same
    stakeholder id in every view.
    """
    people = latest_per_participant(rows)
    if not people:
        raise NoAnswersError("workshop.error.no_answers")
    made = participant_stakeholders(people, lang=scenario_language(scenario))
    order = list(dict.fromkeys([*group_order, *(row.group for row in people)]))
    counts = {group: sum(1 for row in people if row.group == group) for group in order}
    k = scenario.workshop.min_group_size if min_group_size is None else min_group_size
    shown = disclosure(counts, k)
    groups: dict[str, ViewResult] = {}
    for view in shown.views:
        if view.key != EVERYONE:
            members = [s for s, row in zip(made, people, strict=True) if row.group in view.groups]
            groups[view.key] = _view(view.key, scenario, members, method)
    ids = {row.participant_id: item["id"] for item, row in zip(made, people, strict=True)}
    return WorkshopResults(_view(EVERYONE, scenario, made, method), groups, shown, ids)


def view_portfolio(
    view: ViewResult,
    *,
    budget: float | None = None,
    time_limit: float | None = None,
    gap: float | None = LIVE_GAP,
    solver: str = "highs",
) -> Allocation:
    """The budget split that the view's weights produce (the scenario's own rules apply).

    An infeasible scenario comes back as an Allocation with its diagnosis; a view that could
    not be scored raises ``NotScoredError`` (a ValueError) carrying the reason.
    """
    if view.tree is None:
        raise NotScoredError(view.problem or msg("workshop.error.not_scored"))
    from prioritise.allocate import optimise_scenario

    return optimise_scenario(
        view.scenario,
        budget=budget,
        solver=solver,
        time_limit=time_limit,
        gap=gap,
        with_baselines=False,
    )


def _finite(value: float) -> float | None:
    return float(value) if math.isfinite(value) else None


def _shares(series: pd.Series, scenario: Scenario) -> dict[str, float]:
    """Shares largest first (ties in the scenario's language), the order people read them."""
    ordered = series.loc[_by_value(series, scenario, None)]
    return {str(key): round(float(value), 6) for key, value in ordered.items()}


def _portfolio_json(allocation: Allocation) -> dict[str, Any]:
    totals = allocation.totals
    return {
        "status": allocation.status,
        "budget": _finite(allocation.budget),
        "programme": {k: round(float(v), 6) for k, v in totals.programme["amount"].items()},
        "region": {k: round(float(v), 6) for k, v in totals.region["amount"].items()},
    }


def round_summary(
    results: WorkshopResults,
    round_number: int,
    portfolios: Mapping[str, Allocation] | None = None,
) -> dict[str, Any]:
    """A round's result as plain JSON for the next round's participants (see module docs).

    ``portfolios`` maps view keys to their optimised allocations; views without a solved one
    carry ``"portfolio": null``.
    """
    portfolios = portfolios or {}
    views: dict[str, Any] = {}
    for key, view in results.views().items():
        if view.tree is None:
            continue
        allocation = portfolios.get(key)
        views[key] = {
            "answers": view.answers,
            "weights": {ws: _shares(series, view.scenario) for ws, series in view.weights.items()},
            "programmes": _shares(view.programmes, view.scenario),
            "agreement": {ws: _finite(w) for ws, w in view.agreement()["w"].items()},
            "portfolio": (
                _portfolio_json(allocation)
                if allocation is not None and allocation.solved
                else None
            ),
        }
    return {
        "format": SUMMARY_FORMAT,
        "round": int(round_number),
        "answers": results.answers,
        "views": views,
    }


@dataclass(frozen=True)
class SummaryView:
    """One view of a stored round summary, read back for display."""

    answers: int
    weights: dict[str, pd.Series]
    programmes: pd.Series
    agreement: dict[str, float | None]
    portfolio: pd.Series | None
    """Money by programme, in the scenario's unit (None when no portfolio was stored)."""

    def heading(self, round_number: int) -> Message:
        """'Result of round 1 (12 answers)'."""
        return summary_heading(round_number, self.answers)


def _number_map(value: object) -> pd.Series | None:
    if not isinstance(value, Mapping):
        return None
    numbers = {
        str(k): float(v)
        for k, v in value.items()
        if isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v)
    }
    return pd.Series(numbers, dtype=float)


def read_summary(
    summary: object,
    view: str = EVERYONE,
    *,
    scenario: Scenario | None = None,
    lang: str | None = None,
) -> SummaryView | None:
    """Read one view of a stored round summary; anything malformed or missing gives None.

    Weights and priorities come largest first; with the ``scenario``, ties are ordered by
    name in ``lang`` (default: the scenario's language).
    """
    if not isinstance(summary, Mapping) or summary.get("format") != SUMMARY_FORMAT:
        return None
    views = summary.get("views")
    found = views.get(view) if isinstance(views, Mapping) else None
    if not isinstance(found, Mapping):
        return None
    programmes = _number_map(found.get("programmes"))
    raw_weights = found.get("weights")
    if programmes is None or not isinstance(raw_weights, Mapping):
        return None
    weights = {
        str(ws): series.loc[_by_value(series, scenario, lang)]
        for ws, values in raw_weights.items()
        if (series := _number_map(values)) is not None
    }
    programmes = programmes.loc[_by_value(programmes, scenario, lang)]
    raw_agreement = found.get("agreement")
    agreement = {
        str(ws): float(w) if isinstance(w, int | float) and not isinstance(w, bool) else None
        for ws, w in (raw_agreement.items() if isinstance(raw_agreement, Mapping) else ())
    }
    portfolio = found.get("portfolio")
    money = _number_map(portfolio.get("programme")) if isinstance(portfolio, Mapping) else None
    answers = found.get("answers")
    return SummaryView(
        answers=answers if isinstance(answers, int) and not isinstance(answers, bool) else 0,
        weights=weights,
        programmes=programmes,
        agreement=agreement,
        portfolio=money,
    )
