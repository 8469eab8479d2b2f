"""Which rules cannot all hold: an irreducible conflict among a scenario's rules (§9.2).

A *conflict* is a set of rules that no split satisfies together (every other rule switched
off), such that without any one of them the rest can hold. It is found in two steps:

1. the *elastic filter*: the LP relaxation in which every rule may stretch finds the rules it
   has to stretch; those are held firm and the LP is solved again, until it has no split —
   then the rules held firm cannot all hold (the relaxation already says so), usually a
   handful of the scenario's rules;
2. the *deletion filter* over those: each rule in turn is switched off; if the others still
   have no split, it is not needed and stays off, otherwise it belongs to the conflict.

If the relaxation holds every rule (only whole funding decisions clash), the deletion filter
starts from all the rules (after checking that they really have no split together: a feasible
problem has no conflict). A check that runs out of time counts as "a split exists", so the
rule stays (and past the diagnosis's time, the remaining rules stay unchecked): the set is then
still a conflict, and `proven` says whether it is irreducible.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from prioritise.allocate.probe import Prober
from prioritise.allocate.rulebook import Rule, Value


@dataclass(frozen=True)
class Conflict:
    """Rules that cannot all hold; `proven` when each of them is shown to be needed."""

    rules: tuple[Rule, ...]
    proven: bool


def only(rules: Sequence[Rule], kept: Sequence[Rule]) -> dict[str, Value]:
    """Rule values with every rule switched off but those `kept`."""
    paths = {rule.path for rule in kept}
    return {rule.path: rule.relaxed for rule in rules if rule.path not in paths}


def _elastic_filter(prober: Prober, rules: Sequence[Rule]) -> list[Rule] | None:
    """Rules the LP relaxation cannot hold together, or None if it holds them all."""
    firm: list[Rule] = []
    while len(firm) < len(rules):
        stretching = [rule.path for rule in rules if rule not in firm]
        outcome = prober.stretch(stretching)
        if outcome.status == "infeasible":
            return firm
        if not outcome.found:
            return None
        stretched = [
            r
            for r in rules
            if r.path in stretching and prober.model.stretched(r.path, outcome.values)
        ]
        if not stretched:
            return None
        firm += stretched
    return firm


def find_conflict(prober: Prober, rules: Sequence[Rule]) -> Conflict:
    """An irreducible set of rules that no split satisfies together (see the module)."""
    narrowed = _elastic_filter(prober, rules)
    if narrowed is None and prober.feasible({}).found:
        return Conflict((), True)  # every rule can hold: nothing to explain
    members = list(rules if narrowed is None else narrowed)
    proven = True
    for rule in list(members):
        if len(members) == 1:
            break
        if prober.remaining() <= 0:  # out of time: the set still has no split
            proven = False
            break
        rest = [member for member in members if member is not rule]
        outcome = prober.feasible(only(rules, rest))
        if outcome.status == "infeasible":
            members = rest
        elif not outcome.found:
            proven = False
    return Conflict(tuple(members), proven)
