"""How a sensitivity result is said, in the scenario's language or another: the legend of its
table's marks, one sentence per key decider, the checks made and the plain text of `prioritise
sensitivity` (docs/model.md §14).

`ResultText` is the base class of `SensitivityResult`: the words apart from the numbers, so
that each stays short enough to read; its attributes are the result's fields.
"""

from __future__ import annotations

import math
from typing import Any

from prioritise.allocate.input import Label
from prioritise.sensitivity.decider import Decider, key_deciders, swaps
from prioritise.sensitivity.portfolio import STEP
from prioritise.sensitivity.weight_interval import INTERVALS, NEAR, UNEXPLORED, WeightInterval
from prioritise.text import Duration, Integer, ListOf, Message, Number, Percent, msg, name_of, t

SET_NAMES = {
    "criteria": "common.criteria",
    "enabling_areas": "common.enabling_areas",
    "regional_criteria": "common.regional_criteria",
}
COLUMNS = {
    "first_place": ("sensitivity.column.first_place.low", "sensitivity.column.first_place.high"),
    "ranking": ("sensitivity.column.ranking.low", "sensitivity.column.ranking.high"),
    "portfolio": ("sensitivity.column.portfolio.low", "sensitivity.column.portfolio.high"),
}
HEADINGS = {
    "first_place": "sensitivity.heading.first_place",
    "ranking": "sensitivity.heading.ranking",
    "portfolio": "sensitivity.heading.portfolio",
}
"""The text's heading above each interval's column."""
CONDITIONS = {True: "sensitivity.if.more", False: "sensitivity.if.less"}
OUTCOMES = {
    ("top_three", "enter"): "sensitivity.outcome.top_three.enter",
    ("top_three", "leave"): "sensitivity.outcome.top_three.leave",
    ("funding", "enter"): "sensitivity.outcome.funding.enter",
    ("funding", "leave"): "sensitivity.outcome.funding.leave",
}


class ResultText:
    """The words of a `SensitivityResult`, its base class."""

    method: str
    weights: list[WeightInterval]
    deciders: list[Decider]
    integer: bool
    solves: int
    seconds: dict[str, float]
    language: str
    labels: dict[str, Label]
    share_limit: float
    relaxed: bool
    integer_solves: int
    suggested_seconds: float | None
    deciders_refined: bool

    def name(self, item: str, lang: str | None = None) -> str:
        label = self.labels.get(item)
        return item if label is None else name_of(label, lang or self.language)

    @staticmethod
    def _marks(w: WeightInterval, lang: str) -> list[str]:
        """'decisive', 'ends unchecked' where the split interval's ends were not checked, and
        what was not explored to the end (its interval holds only the points looked at)."""
        marks = [t("sensitivity.decisive", lang)] if w.decisive else []
        if w.portfolio_complete and not w.portfolio_checked:
            marks.append(t("sensitivity.unchecked", lang))
        if not w.portfolio_complete:
            marks.append(t("sensitivity.unfinished", lang))
        return marks

    def legend(self, lang: str | None = None, *, app: bool = False) -> list[str]:
        """What the table's marks mean: decisive, and (where some were) ends unchecked; `app`
        names the Portfolio page where the command line names `prioritise optimise`."""
        chosen = lang or self.language
        said = _APP_WORDS if app else _CLI_WORDS
        lines = [
            t(
                "sensitivity.decisive_means",
                chosen,
                near=Integer(round(NEAR * 100)),
                low=Percent(0.0, 0),
                high=Percent(1.0, 0),
            )
        ]
        if any(w.portfolio_complete for w in self.weights):  # solved on steps, not everywhere
            lines.append(t("sensitivity.between_steps", chosen, step=Integer(round(STEP * 100))))
        if any(w.portfolio_complete and not w.portfolio_checked for w in self.weights):
            lines.append(t(said["unchecked_means"], chosen))
        if any(not w.portfolio_complete for w in self.weights):
            lines.append(t(said["unfinished_means"], chosen))
        if not app:  # the app's slider says it beside the split interval
            points, share = Integer(round(self.share_limit * 100)), Percent(self.share_limit, 0)
            lines.append(t("sensitivity.small_programmes", chosen, points=points, share=share))
        return lines

    def sentence(self, decider: Decider, leaving: Decider | None = None) -> Message:
        """ "If exports weighed more than 31.5 % instead of 28.3 %, Mining would enter the top
        three" — with how far that is (3.2 points) and who already weighs it so. With
        `leaving`, the programme the same move takes out of the top three, in one sentence:
        "…, Mining would enter the top three in place of Tourism"."""
        more = decider.threshold > decider.current
        decimals = 1  # like the points away, which are the difference of the two as shown
        outcome = (
            msg(OUTCOMES[decider.edge, decider.direction], programme=self._label(decider.programme))
            if leaving is None
            else msg(
                "sensitivity.outcome.top_three.swap",
                programme=self._label(decider.programme),
                leaving=self._label(leaving.programme),
            )
        )
        head = msg(
            CONDITIONS[more],
            weight=self._label(decider.id),
            threshold=Percent(decider.threshold, decimals),
            current=Percent(decider.current, decimals),
            outcome=outcome,
        )
        # the difference of the two weights as shown, so that the three figures agree
        shown = _as_shown(decider.threshold) - _as_shown(decider.current)
        points = Number(abs(shown), 1)
        if decider.stakeholders:
            names = ListOf(tuple(self._label(s) for s in decider.stakeholders))
            one = len(decider.stakeholders) == 1  # the Spanish verb agrees
            key = "sensitivity.sentence.held_one" if one else "sensitivity.sentence.held"
            return msg(key, head=head, points=points, who=names)
        return msg("sensitivity.sentence.alone", head=head, points=points)

    def _label(self, item: str) -> Label | str:
        return self.labels.get(item, item)

    def key_deciders(self) -> list[Decider]:
        """Per programme and edge, its smallest move; smallest moves first."""
        return key_deciders(self.deciders)

    def deciders_partial(self, lang: str | None = None) -> str | None:
        """Where the search for some split interval stopped before its end, or time ran out
        while funding edges were refined: that who decides funding may differ in a longer run
        (§14.4)."""
        chosen = lang or self.language
        short = sum(not w.portfolio_complete for w in self.weights)
        if short:
            return t("sensitivity.deciders_partial", chosen, count=Integer(short))
        if not self.deciders_refined:
            return t("sensitivity.deciders_unrefined", chosen)
        return None

    def sentences(self, lang: str | None = None) -> list[str]:
        """One sentence per key decider; a move that puts one programme into the top three and
        so takes another out is said once, as a swap."""
        chosen = lang or self.language
        return [self.sentence(one, other).text(chosen) for one, other in swaps(self.key_deciders())]

    def format_text(self, lang: str | None = None) -> str:
        """A readable summary for the terminal, in `lang` (the scenario's language by default)."""
        chosen = lang or self.language

        def say(message_id: str, **params: Any) -> str:
            return t(message_id, chosen, **params)

        lines = [
            say(
                "sensitivity.head",
                method=msg(f"common.method.{self.method}"),
                limit=Integer(round(self.share_limit * 100)),
                low=Percent(0.0, 0),
                high=Percent(1.0, 0),
            ),
        ]
        width = max((len(self.name(w.id, chosen)) for w in self.weights), default=10) + 2
        heads = "   ".join(f"{say(HEADINGS[name]):^17}" for name in INTERVALS)
        weight, current = say("sensitivity.heading.weight"), say("sensitivity.heading.current")
        lines += ["", f"  {weight:<{width}}{current:>8}   {heads}".rstrip()]
        previous = None
        for w in self.weights:
            if w.set != previous:
                lines += ["", say(SET_NAMES[w.set])]
                previous = w.set
            ends = "   ".join(self._ends(w, name, chosen) for name in INTERVALS)
            mark = " · ".join(self._marks(w, chosen))
            current = Percent(w.current, 1).text(chosen)
            lines.append(
                f"  {self.name(w.id, chosen):<{width}}{current:>8}   {ends}  {mark}".rstrip()
            )
        lines += ["", *self.legend(chosen), "", say("sensitivity.deciders")]
        sentences = self.sentences(chosen)
        lines += [f"  {s}" for s in sentences] or ["  " + say("sensitivity.no_deciders")]
        partial = self.deciders_partial(chosen)
        if partial:
            lines.append(f"  {partial}")
        spent = Duration(self.seconds.get("total", math.nan))
        if self.integer or self.relaxed:  # the whole-line splits counted apart
            whole = Integer(self.integer_solves)
            timing = say(
                "sensitivity.time_whole", solves=Integer(self.solves), whole=whole, time=spent
            )
        else:
            timing = say("sensitivity.time", solves=Integer(self.solves), time=spent)
        lines += ["", timing]
        lines.append(self.checked_text(chosen))
        if self.integer:
            lines.append(say("sensitivity.integer"))
        if self.relaxed:
            lines.append(say("sensitivity.relaxed"))
        return "\n".join(lines)

    def checked_text(self, lang: str | None = None, *, app: bool = False) -> str:
        """How many split intervals were checked at both ends against `optimise` (§14.3);
        where the relaxation is loose, also how many against fresh relaxations, and what one
        whole-line check costs. `app` speaks of the app's pages and buttons instead of the
        command line's."""
        chosen = lang or self.language
        said = _APP_WORDS if app else _CLI_WORDS
        checked = Integer(sum(w.portfolio_checked for w in self.weights))
        total = Integer(len(self.weights))
        if not self.relaxed:
            if not checked.value and self.suggested_seconds is not None:  # no check to describe
                typed = {} if app else {"seconds": str(round(self.suggested_seconds))}
                return t(said["checked_none"], chosen, total=total, **typed)
            if self.suggested_seconds is None:
                return t(said["checked"], chosen, checked=checked, total=total)
            typed_more = {} if app else {"seconds": str(round(self.suggested_seconds))}
            return t(said["checked_more"], chosen, checked=checked, total=total, **typed_more)
        relaxation = Integer(sum(bool(w.portfolio_relaxation_checked) for w in self.weights))
        each, needed = self.seconds.get("whole_split"), self.seconds.get("whole_checks")
        counts = {"checked": checked, "total": total, "relaxation": relaxation}
        longer = self.suggested_seconds or 2 * self.seconds.get("total", 0.0)
        typed = {} if app else {"seconds": str(round(longer))}  # as typed after --seconds
        if each is None or needed is None:  # the split at the group's weights not solved
            return t(said["checked_relaxed_none"], chosen, **counts, **typed)
        costs = {"each": Duration(each), "needed": Duration(needed)}
        if self.suggested_seconds is None:
            return t(said["checked_relaxed"], chosen, **counts, **costs)
        return t(said["checked_relaxed_more"], chosen, **counts, **costs, **typed)

    @staticmethod
    def _ends(w: WeightInterval, name: str, lang: str) -> str:
        """An interval's ends; where the split was not explored to the end, what is known:
        "≤ 12.8%" (it reaches at least that far down), "≥ 25.2%", "—" (that side unexplored)."""
        unfinished = name == "portfolio" and not w.portfolio_complete
        low, high = w.shown(name)
        said = [UNEXPLORED if v is None else Percent(v, 1).text(lang) for v in (low, high)]
        if unfinished:  # 0 and 1 are where a weight stops: reached, they are ends
            said = [
                s if v is None or v == limit else f"{sign} {s}"
                for s, v, sign, limit in zip(said, (low, high), ("≤", "≥"), (0.0, 1.0), strict=True)
            ]
        return f"{said[0]:>7} – {said[1]:<7}"


_CLI_WORDS = {
    "unchecked_means": "sensitivity.unchecked_means",
    "unfinished_means": "sensitivity.unfinished_means",
    "checked": "sensitivity.checked",
    "checked_more": "sensitivity.checked_more",
    "checked_none": "sensitivity.checked_none",
    "checked_relaxed_none": "sensitivity.checked_relaxed_none",
    "checked_relaxed": "sensitivity.checked_relaxed",
    "checked_relaxed_more": "sensitivity.checked_relaxed_more",
}
"""The sentences about checks as the command line says them (it names its commands)."""
_APP_WORDS = {
    "unchecked_means": "sensitivity.unchecked_means_app",
    "unfinished_means": "sensitivity.unfinished_means_app",
    "checked": "sensitivity.checked_app",
    "checked_more": "sensitivity.checked_more_app",
    "checked_none": "sensitivity.checked_none_app",
    "checked_relaxed_none": "sensitivity.checked_relaxed_none_app",
    "checked_relaxed": "sensitivity.checked_relaxed_app",
    "checked_relaxed_more": "sensitivity.checked_relaxed_more_app",
}
"""The same as the app says them (it names its pages and buttons)."""


def _as_shown(share: float) -> float:
    """A weight in percentage points as a sentence shows it (one decimal, the display layer's
    rounding: 0.3145 → 31.5)."""
    return float(Percent(share, 1).text("en").rstrip("%").replace(",", ""))
