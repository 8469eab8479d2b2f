"""What an infeasible scenario comes back with: the conflict, the pre-checks, the repairs (§9).

`Diagnosis.conflict` names the rules (scenario field paths) that cannot all hold; `checks` are
the plain contradictions found before solving; `repairs` are the ways out, each a list of
`Change`s of scenario fields that *together* make the scenario feasible, verified by solving
the changed scenario, with the value its best split then reaches. Every sentence is a message,
written in any language on request; `message` and the like use the scenario's language.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from prioritise.allocate.checks import Check
from prioritise.allocate.text import Worded
from prioritise.text import Message

DiagnosisJSON = dict[str, Any]


def _plain(value: float | bool | None) -> float | int | bool | None:
    """A value for JSON: booleans and whole numbers of lines as they are, NaN as null."""
    if value is None or isinstance(value, bool | int):
        return value
    return float(value) if math.isfinite(value) else None


@dataclass(frozen=True)
class Change(Worded):
    """Set scenario field `field` from `current` to `suggested` (`note` says so in words)."""

    field: str
    current: float | bool
    suggested: float | bool
    note: Message
    language: str = "en"


@dataclass(frozen=True)
class Repair(Worded):
    """Changes that together make the scenario feasible, and what its best split then reaches.

    `objective` is the value of a split that the repaired scenario admits (found when the
    repair was verified); `bound` is the most any split of it can reach (the LP relaxation's
    value), so the best split lies between the two. `note` is the whole repair in one sentence.
    `reference` is the value index's yardstick V* (§10.1; 0 when there is none), so that both
    values can be read as index points, as everywhere else.
    """

    changes: tuple[Change, ...]
    objective: float
    bound: float
    note: Message
    language: str = "en"
    reference: float = 0.0

    @property
    def gap(self) -> float:
        """How far the best split may lie above `objective`, relative to it."""
        return max(0.0, self.bound - self.objective) / max(abs(self.objective), 1e-12)

    @property
    def value_index(self) -> float | None:
        """`objective` as a value index (§10.1), None without a yardstick."""
        return 100 * self.objective / self.reference if self.reference > 0 else None

    @property
    def bound_index(self) -> float | None:
        """`bound` as a value index, None without a yardstick."""
        return 100 * self.bound / self.reference if self.reference > 0 else None

    @property
    def fields(self) -> tuple[str, ...]:
        return tuple(change.field for change in self.changes)

    def to_json(self, lang: str | None = None) -> DiagnosisJSON:
        chosen = lang or self.language
        return {
            "changes": [
                {
                    "field": change.field,
                    "current": _plain(change.current),
                    "suggested": _plain(change.suggested),
                    "message": change.note.text(chosen),
                }
                for change in self.changes
            ],
            "objective": float(self.objective),
            "bound": float(self.bound),
            "value_index": self.value_index,
            "bound_index": self.bound_index,
            "message": self.note.text(chosen),
        }


@dataclass(frozen=True)
class Diagnosis:
    """Why a scenario has no split, and the ways out (docs/model.md §9).

    `conflict` holds the field paths of a smallest set of rules that cannot all hold
    (`conflict_note` says it in a sentence; `proven` is false when a check ran out of time,
    so the set may not be the smallest); `checks` the pre-checks that fired; `repairs` the
    verified repairs, fewest changes first, then the smallest changes relative to the rules.
    """

    conflict: tuple[str, ...] = ()
    checks: tuple[Check, ...] = ()
    repairs: tuple[Repair, ...] = ()
    conflict_note: Message | None = None
    proven: bool = True
    language: str = "en"

    @property
    def message(self) -> str:
        return self.message_text()

    def message_text(self, lang: str | None = None) -> str:
        """The conflict in one sentence (empty when none was looked for)."""
        return "" if self.conflict_note is None else self.conflict_note.text(lang or self.language)

    def notes(self) -> list[Message]:
        """The conflict sentence, then each pre-check: why there is no split."""
        head = [] if self.conflict_note is None else [self.conflict_note]
        return head + [check.note for check in self.checks]

    def to_json(self, lang: str | None = None) -> DiagnosisJSON:
        """The `diagnosis` object of `prioritise optimise --json` (docs/model.md §13)."""
        chosen = lang or self.language
        return {
            "conflict": list(self.conflict),
            "message": self.message_text(chosen),
            "checks": [
                {"constraint": check.constraint, "message": check.note.text(chosen)}
                for check in self.checks
            ],
            "repairs": [repair.to_json(chosen) for repair in self.repairs],
        }
