"""Plain-language sentences about an allocation, built as messages and written out later.

A shadow price is only useful in a workshop when it is said in words: "lowering the floor for
Antofagasta by 1 M USD would add ...". Every sentence here is a `Message` (a catalogue id with
its parameters): the same allocation can be read in Spanish or English, with numbers in each
language's format. Items appear by their names, never by their ids.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from prioritise.allocate.input import AllocationInput, Label
from prioritise.allocate.yardstick import Yardstick
from prioritise.text import (
    LANGUAGES,
    Duration,
    Message,
    Money,
    MoneyUnit,
    Number,
    Percent,
    exact_decimals,
    msg,
    significant_places,
    units_adding_up,
)

__all__ = [
    "ConstraintFacts",
    "Label",
    "Sentences",
    "Worded",
    "amount_of",
    "amounts_adding_up",
    "cell_label",
    "constraint_message",
    "dropped_message",
    "effect",
    "estimate_of",
    "exact_decimals",
    "gap_percent",
    "index_points",
    "language_of",
    "part_points",
    "share_of",
    "significant",
    "status_note",
    "unit_label",
    "unit_of",
]


def language_of(data: AllocationInput) -> str:
    """The scenario's language, the default for every text of its results."""
    return data.language if data.language in LANGUAGES else "en"


def unit_of(data: AllocationInput) -> MoneyUnit:
    return MoneyUnit(data.unit, data.currency)


def amount_of(amount: float | None, data: AllocationInput) -> Money:
    """Money in a sentence, in the scenario's unit: one decimal as everywhere ('175,0 MM USD'),
    two when the amount has them, four for slivers; none for plain currency units."""
    if data.unit == 1:
        return Money(amount, data.unit, data.currency, 0)
    if amount is None or not math.isfinite(amount):
        return Money(amount, data.unit, data.currency)
    if amount != 0 and abs(amount) < 0.01:
        return Money(amount, data.unit, data.currency, 4)
    return Money(amount, data.unit, data.currency, max(1, exact_decimals([amount], 2)))


def amounts_adding_up(
    total: float, parts: list[float], data: AllocationInput, least: int = 0
) -> tuple[Money, list[Money]]:
    """`total` and its `parts` in a sentence, all to the places the most precise of them
    needs (`amount_of`, and at least `least`), the parts rounded so that, as written, they add
    up to the total as written (largest remainders take the last cent). Parts that do not add
    up to the total beyond rounding are written as they are."""
    shown = [amount_of(total, data), *(amount_of(p, data) for p in parts)]
    places = max([least] + [m.decimals or 0 for m in shown]) if data.unit != 1 else 0
    scale = 10**places
    adds_up = abs(sum(parts) - total) <= 1e-6 * max(1.0, abs(total))
    if not parts or not adds_up or not all(math.isfinite(p) and p >= 0 for p in parts):
        if places > max(m.decimals or 0 for m in shown) and math.isfinite(total):
            shown = [replace(m, decimals=places) for m in shown]
        return shown[0], shown[1:]
    target = round(total * scale)
    cents = units_adding_up(parts, scale, target)
    unit, currency = data.unit, data.currency
    written = [Money(c / scale, unit, currency, places) for c in cents]
    return Money(target / scale, unit, currency, places), written


def estimate_of(amount: float, data: AllocationInput) -> Money:
    """A money equivalent worked out from prices: two decimals under 10 units, one above,
    whatever its digits, so that sentences side by side read alike ("1,00" beside "1,06",
    not "1,0")."""
    if data.unit == 1 or not math.isfinite(amount) or (amount != 0 and abs(amount) < 0.01):
        return amount_of(amount, data)
    return Money(amount, data.unit, data.currency, 2 if abs(amount) < 10 else 1)


def share_of(share: float | None) -> Percent:
    """A share of the budget: one decimal, two for shares under 1 %."""
    small = share is not None and share != 0 and abs(share) < 0.01
    return Percent(share, 2 if small else 1)


def significant(value: float, digits: int = 3) -> Number:
    """A number to `digits` significant digits, without trailing zeros (0.5, 0.00213)."""
    if value == 0 or not math.isfinite(value):
        return Number(value, 0)
    places = significant_places(value, digits)
    rounded = round(value, places)
    return Number(rounded, exact_decimals([rounded], places))


def gap_percent(gap: float) -> Percent:
    """A MIP gap with enough decimals not to round it up: 0.00077 is 0.077 %, not 0.1 %."""
    points = abs(gap) * 100
    if points == 0 or points >= 1:
        return Percent(gap, 1)
    return Percent(gap, min(4, max(1, 1 - math.floor(math.log10(points)))))


@dataclass(frozen=True)
class Sentences:
    """Several messages read one after the other, as one message parameter."""

    items: tuple[Message, ...]

    def text(self, lang: str) -> str:
        return " ".join(item.text(lang) for item in self.items)


class Worded:
    """Something said in a message `note`: `message` in its own `language`, or any other."""

    note: Message
    language: str

    @property
    def message(self) -> str:
        return self.note.text(self.language)

    def message_text(self, lang: str | None = None) -> str:
        return self.note.text(lang or self.language)


def cell_label(data: AllocationInput, cell: tuple[str, str, str]) -> Message:
    programme, area, region = (data.label(part) for part in cell)
    return msg("allocate.cell", programme=programme, area=area, region=region)


# ------------------------------------------------------------------ sentences


@dataclass(frozen=True)
class ConstraintFacts:
    """What a sentence needs to know about one named constraint (message parameters)."""

    kind: str
    bound: str | None
    binding: bool
    shadow_price: float | None
    params: Mapping[str, Any] = field(default_factory=dict)
    room: float | None = None
    """Money the rule holds, for a floor, ticket or commitment: it can be lowered by at most
    that much, so its sentence prices a step of the smaller of that and 1 unit (§8.1)."""


_SENTENCES = {
    ("budget_year", True): "allocate.constraint.budget_year.binding",
    ("budget_year", False): "allocate.constraint.budget_year.slack",
    ("budget", True): "allocate.constraint.budget.binding",
    ("budget", False): "allocate.constraint.budget.slack",
    ("programme_share.min", True): "allocate.constraint.floor.binding",
    ("programme_share.min", False): "allocate.constraint.floor.slack",
    ("programme_share.max", True): "allocate.constraint.cap.binding",
    ("programme_share.max", False): "allocate.constraint.cap.slack",
    ("region_share.min", True): "allocate.constraint.floor.binding",
    ("region_share.min", False): "allocate.constraint.floor.slack",
    ("region_share.max", True): "allocate.constraint.cap.binding",
    ("region_share.max", False): "allocate.constraint.cap.slack",
    ("enabling_share.min", True): "allocate.constraint.area_floor.binding",
    ("enabling_share.min", False): "allocate.constraint.area_floor.slack",
    ("enabling_share.max", True): "allocate.constraint.area_cap.binding",
    ("enabling_share.max", False): "allocate.constraint.area_cap.slack",
    ("concentration", True): "allocate.constraint.concentration.binding",
    ("concentration", False): "allocate.constraint.concentration.slack",
    ("min_ticket", True): "allocate.constraint.min_ticket.binding",
    ("min_ticket", False): "allocate.constraint.min_ticket.slack",
    ("max_lines", True): "allocate.constraint.max_lines.binding",
    ("max_lines", False): "allocate.constraint.max_lines.slack",
    ("continuity", True): "allocate.constraint.continuity.binding",
    ("continuity", False): "allocate.constraint.continuity.slack",
    ("fixed", True): "allocate.constraint.fixed",
    ("fixed", False): "allocate.constraint.fixed",
}
_WITH_EFFECT = frozenset(key for key in _SENTENCES if key[1] and key[0] != "max_lines")
_OF_LINES = {
    ("programme_share.min", True): "allocate.constraint.floor.binding_lines",
    ("programme_share.min", False): "allocate.constraint.floor.slack_lines",
    ("programme_share.max", True): "allocate.constraint.cap.binding_lines",
    ("programme_share.max", False): "allocate.constraint.cap.slack_lines",
    ("region_share.min", True): "allocate.constraint.floor.binding_lines",
    ("region_share.min", False): "allocate.constraint.floor.slack_lines",
    ("region_share.max", True): "allocate.constraint.cap.binding_lines",
    ("region_share.max", False): "allocate.constraint.cap.slack_lines",
}
"""The share rules' sentences for a split of the lines' part of the budget (`lines_part`)."""
_WITHOUT_BASE = {
    ("enabling_share.min", False): "allocate.constraint.area_floor.no_money",
    ("enabling_share.max", False): "allocate.constraint.area_cap.no_money",
    ("concentration", False): "allocate.constraint.concentration.no_money",
}
"""The sentences of a rule on a share of money that is not there: the programme (or region)
gets nothing, so the share has no value to show."""


_EFFECTS = {
    (True, True): "allocate.effect.gain",
    (True, False): "allocate.effect.gain_points",
    (False, True): "allocate.effect.loss",
    (False, False): "allocate.effect.loss_points",
}
"""Sentence of a price by (adds value?, money equivalent known?)."""
_AT_MOST = {
    "allocate.effect.gain": "allocate.effect.gain_most",
    "allocate.effect.gain_points": "allocate.effect.gain_points_most",
}
"""The same gains said as "at most": a step priced above what dropping the whole rule is worth."""
_AT_LEAST = {
    "allocate.effect.gain": "allocate.effect.gain_least",
    "allocate.effect.gain_points": "allocate.effect.gain_points_least",
}
"""The same gains said as "at least": what a re-solve cut short at its time limit found."""
_AT_MARGIN = {
    "allocate.effect.gain": "allocate.effect.gain_margin",
    "allocate.effect.gain_points": "allocate.effect.gain_points_margin",
    "allocate.effect.loss": "allocate.effect.loss_margin",
    "allocate.effect.loss_points": "allocate.effect.loss_points_margin",
}
"""The same said as a dual's reading at the current margin: a rate for small changes, not
re-solved, which a larger step may not reach (§8.1)."""
_DROPPED = {
    (True, True): "allocate.dropped.gain",
    (True, False): "allocate.dropped.gain_points",
    (False, True): "allocate.dropped.gain_at_least",
    (False, False): "allocate.dropped.gain_points_at_least",
}
"""Sentence of the value of dropping a rule by (re-solve finished?, money equivalent known?)."""


POINT_PLACES = 4
"""Most decimals index points are written with: a smaller figure reads as 0.0000."""


def index_points(points: float) -> Number:
    """Index points to two significant digits, trailing zero kept (0.26, 3.0, 12), so that
    a sentence's "3.0 index points" beside another's "0.63" does not look exact; one point
    reads "1.0", which the plural of the sentences fits."""
    if points == 0 or not math.isfinite(points):
        return Number(points, 0)
    places = min(POINT_PLACES, max(0, 1 - math.floor(math.log10(abs(points)))))
    rounded = round(points, places)
    if rounded != 0 and abs(rounded) >= 10 ** (2 - places):  # 9.96 became 10: two digits
        places = max(0, places - 1)
    return Number(round(points, places), places)


def part_points(part: float, whole: float) -> tuple[Number, Number]:
    """A part of an initiative's points beside all of them, to the same places, with as many
    more as it takes for the two to differ ("2.17 of its 2.22", not "2.2 of its 2.2")."""
    places = max(index_points(part).decimals, index_points(whole).decimals)
    while part < whole and round(part, places) == round(whole, places) and places < POINT_PLACES:
        places += 1
    return Number(round(part, places), places), Number(round(whole, places), places)


def effect(
    shadow: float | None,
    yardstick: Yardstick | None,
    data: AllocationInput,
    *,
    money: bool = True,
    most: float | None = None,
    at_least: bool = False,
    margin: bool = False,
) -> Message:
    """'would add 0.23 index points, as much as 1.1 M USD more budget would' (§10.1).

    `money` false leaves out the money equivalent (for the budget itself, where it is 1:1). A
    gain above `most` (what dropping the rule entirely is worth) is said as "at most" that.
    `at_least`: the gain is what a re-solve cut short found, said as "at least" (§8.2).
    `margin`: the figure is a dual price times the step, not re-solved: said as a reading at
    the current margin (§8.1), which a whole step may not reach.
    """
    if shadow is None or not math.isfinite(shadow) or yardstick is None:
        return msg("allocate.effect.unknown")
    capped = most is not None and math.isfinite(most) and shadow > most >= 0
    if capped and most is not None:
        shadow = most
    points = yardstick.points(abs(shadow))
    if points is None:
        return msg("allocate.effect.unknown")
    if abs(points) < 1e-6:
        return msg("allocate.effect.none_found" if at_least else "allocate.effect.nothing")
    equivalent = yardstick.money(abs(shadow)) if money else None
    key = _EFFECTS[shadow > 0, equivalent is not None]
    key = _AT_MOST.get(key, key) if capped else key
    key = _AT_LEAST.get(key, key) if at_least and not capped else key
    key = _AT_MARGIN[key] if margin and not (capped or at_least) else key
    if equivalent is None:
        return msg(key, points=index_points(points))
    return msg(key, points=index_points(points), money=estimate_of(equivalent, data))


def dropped_message(
    dropped: float | None, exact: bool, yardstick: Yardstick | None, data: AllocationInput
) -> Message | None:
    """'Without this rule the value would rise by 3.7 index points (as much as 12 M USD of
    budget).' — from re-solving with the rule removed (§8.2)."""
    if dropped is None or yardstick is None:
        return None
    points = yardstick.points(dropped) or 0.0
    if points < 1e-6:  # "nothing" is said only of a re-solve that finished
        return msg("allocate.dropped.nothing" if exact else "allocate.dropped.none_found")
    equivalent = yardstick.money(dropped)
    if equivalent is None:
        return msg(_DROPPED[exact, False], points=index_points(points))
    money = amount_of(equivalent, data)
    return msg(_DROPPED[exact, True], points=index_points(points), money=money)


def constraint_message(
    facts: ConstraintFacts,
    data: AllocationInput,
    yardstick: Yardstick | None,
    most: float | None = None,
    found: float | None = None,
) -> Message:
    """The sentence of one constraint: what it does, and what relaxing it by a step would be
    worth: the dual price times the step (1 unit, or less for a smaller floor), never more than
    `most`, the value of dropping the rule when it was re-solved, nor than the yardstick's
    headroom: with the same budget no rule can lift the value past index 100 (§8.1). `found`
    is what a re-solve without the rule cut short found: a step that takes the whole floor
    away is then priced "at least" that, as the sentence of dropping it says."""
    key = (f"{facts.kind}.{facts.bound}" if facts.bound else facts.kind, facts.binding)
    params = dict(facts.params)
    if facts.kind == "fixed" or key in _WITH_EFFECT:
        step = 1.0 if facts.room is None else min(1.0, facts.room)
        decimals = 0 if data.unit == 1 else exact_decimals([step], 2)  # "1 M USD", "0.78 M USD"
        params["step"] = Money(step, data.unit, data.currency, decimals)
        budget = facts.kind in ("budget", "budget_year")
        worth = None if facts.shadow_price is None else facts.shadow_price * step
        whole = facts.room is not None and step >= facts.room
        if whole and most is not None:
            worth = most  # the step takes the whole floor away: it is dropping the rule
        elif whole and found is not None:
            worth = found  # the same, from a re-solve cut short: at least what it found
        ceilings = [most, None if budget or yardstick is None else yardstick.headroom]
        known = [c for c in ceilings if c is not None]
        least = min(known) if known else None
        params["effect"] = effect(
            worth,
            yardstick,
            data,
            money=not budget,
            most=least,
            at_least=whole and most is None and found is not None,
            margin=most is None and found is None,  # a dual's reading, not re-solved
        )
    if key == ("max_lines", True) and "one_more" in params:
        cut_short = found is not None  # the rule's re-solves: lower bounds where cut short
        params["one_more"] = effect(params["one_more"], yardstick, data, at_least=cut_short)
        params["ten_more"] = effect(params["ten_more"], yardstick, data, at_least=cut_short)
        return msg("allocate.constraint.max_lines.priced", **params)
    params.pop("one_more", None)
    params.pop("ten_more", None)
    if data.lines_part and key in _OF_LINES:
        return msg(_OF_LINES[key], **params)
    if key in _WITHOUT_BASE and "activity" not in params:
        return msg(_WITHOUT_BASE[key], **params)
    return msg(_SENTENCES[key], **params)


def status_note(
    status: str, gap: float | None, time_limit: float | None, note: str = ""
) -> Message:
    """'Optimal: at most 0.077% below the best possible value …' or 'Good, not proven the
    best: at most 2.3% below … (stopped at the time limit of 1 s).'"""
    limit = None if time_limit is None else Duration(time_limit)
    shown = None if gap is None else gap_percent(gap)
    if status == "optimal":
        if shown is None:
            return msg("allocate.status.optimal")
        return msg("allocate.status.optimal_gap", gap=shown)
    if status == "feasible":
        if limit is None:
            if shown is None:
                return msg("allocate.status.feasible_no_limit")
            return msg("allocate.status.feasible_gap_no_limit", gap=shown)
        if shown is None:
            return msg("allocate.status.feasible", limit=limit)
        return msg("allocate.status.feasible_gap", gap=shown, limit=limit)
    if status == "not_solved":
        if limit is None:
            return msg("allocate.status.not_solved_no_limit")
        return msg("allocate.status.not_solved", limit=limit)
    if status == "infeasible":
        return msg("allocate.status.infeasible")
    return msg("allocate.status.error", note=note or status)


def unit_label(data: AllocationInput) -> str:
    """'M USD' in English, 'MM USD' in Spanish, in the scenario's language."""
    return unit_of(data).text(language_of(data))
