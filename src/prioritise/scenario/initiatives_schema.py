"""Pydantic models of a scenario's initiatives and funding pools (docs/scenario-format.md,
"`[[initiatives]]` and `[[pools]]`").

An initiative is one proposal the budget may fund: a technology centre, a training programme.
It costs an amount in each budget year, is scored against the criteria at level
`"initiative"`, and may depend on or exclude other initiatives. A pool is money set aside
that only some initiatives may draw on. Cross-references (ids, cycles of `requires`, cost
lengths) are checked with the rest of the file in `initiative_checks`.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

Identifier = Annotated[
    str,
    StringConstraints(pattern=r"^[A-Za-z][A-Za-z0-9_\-]{0,63}$"),
]
NonNegative = Annotated[float, Field(ge=0.0)]
ShareAbove0 = Annotated[float, Field(gt=0.0, le=1.0)]


class _Strict(BaseModel):
    """As `schema.Strict`: unknown keys are errors, every number finite."""

    model_config = ConfigDict(extra="forbid", strict=True, allow_inf_nan=False)


class PartialFunding(_Strict):
    """An initiative that may be funded in part: any share from `min` to 1, its value and its
    cost in proportion (docs/model.md §15.2)."""

    min: ShareAbove0


class Initiative(_Strict):
    id: Identifier
    name: Annotated[str, StringConstraints(min_length=1)]
    names: dict[str, str] = {}
    description: str = ""
    descriptions: dict[str, str] = {}
    programme: Identifier | None = None
    enabling_area: Identifier | None = None
    region: Identifier | None = None
    cost: Annotated[list[NonNegative], Field(min_length=1)]
    scores: dict[str, float] = {}
    partial: PartialFunding | None = None
    requires: list[Identifier] = []
    excludes: list[Identifier] = []
    must: bool = False
    must_not: bool = False
    pool: Identifier | None = None
    source: str | None = None

    @property
    def total_cost(self) -> float:
        return float(sum(self.cost))

    def description_in(self, lang: str) -> str:
        """The description in `lang` when the file gives one (`descriptions`), else as written."""
        return self.descriptions.get(lang) or self.description

    @property
    def min_share(self) -> float:
        """The least share it may be funded at: 1 unless it may be funded in part."""
        return self.partial.min if self.partial is not None else 1.0


class Pool(_Strict):
    """Money that only some initiatives may draw on: those named in `initiatives`, those of
    the `programmes` and those in the `regions` listed, and those whose `pool` names it."""

    id: Identifier
    name: str = ""
    names: dict[str, str] = {}
    amount: NonNegative | Annotated[list[NonNegative], Field(min_length=1)]
    programmes: list[Identifier] = []
    regions: list[Identifier] = []
    initiatives: list[Identifier] = []
    source: str | None = None

    @property
    def per_year(self) -> bool:
        """True when `amount` gives one amount per budget year; False for a total."""
        return isinstance(self.amount, list)

    def year_amounts(self) -> list[float] | None:
        return list(self.amount) if isinstance(self.amount, list) else None
