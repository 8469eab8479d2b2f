"""`derive` on a criterion: its values computed from one of the scenario's raw tables.

    derive = { method = "location_quotient", table = "activity" }

The methods and the level each gives (docs/model.md §17, scenario-format.md "Derived
criteria"): `location_quotient` and `relatedness` (programme_region, from a programme × region
activity table), `complexity` (programme, from the same kind of table) and `linkages`
(programme, from a programme × programme table of input–output coefficients; `linkage` picks
the backward index, the forward one or their mean).
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, StringConstraints, model_validator

from prioritise.scenario.problems import RuleError

DERIVE_METHODS = ("location_quotient", "relatedness", "complexity", "linkages")
METHOD_LEVEL = {
    "location_quotient": "programme_region",
    "relatedness": "programme_region",
    "complexity": "programme",
    "linkages": "programme",
}
"""The criterion level each method gives values for."""
SQUARE_METHODS = ("linkages",)
"""Methods that read a programme × programme table; the others read programme × region."""
DEFAULT_CAPACITY_TABLE = "activity"


class Derive(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, allow_inf_nan=False)

    method: Literal["location_quotient", "relatedness", "complexity", "linkages"]
    table: Annotated[str, StringConstraints(pattern=r"^[A-Za-z][A-Za-z0-9_\-]{0,63}$")]
    linkage: Literal["backward", "forward", "mean"] | None = None

    @model_validator(mode="after")
    def _linkage_only_for_linkages(self) -> Derive:
        if self.linkage is not None and self.method != "linkages":
            raise RuleError("scenario.derive.linkage_key")
        return self

    @property
    def linkage_index(self) -> str:
        """Which linkage index a `linkages` criterion takes ("mean" unless the file says)."""
        return self.linkage or "mean"
