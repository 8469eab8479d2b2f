"""Pydantic models of a scenario file (format prioritise-scenario/1).

The models check shapes and value ranges; cross-references between sections live in
`scenario_checks`, so that every problem in a file can be reported at once.
"""

from __future__ import annotations

from itertools import pairwise
from typing import Annotated, Any, Literal, cast
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

from prioritise.scenario.check_base import TABLE_ENTRIES, TABLE_MAPS
from prioritise.scenario.derive_spec import Derive
from prioritise.scenario.initiatives_schema import Initiative, Pool
from prioritise.scenario.problems import RuleError, plain_number
from prioritise.text import DEFAULT_TIMEZONE, ListOf

FORMAT = "prioritise-scenario/1"

Identifier = Annotated[
    str,
    StringConstraints(pattern=r"^[A-Za-z][A-Za-z0-9_\-]{0,63}$"),
]
Share = Annotated[float, Field(ge=0.0, le=1.0)]
NonNegative = Annotated[float, Field(ge=0.0)]
Positive = Annotated[float, Field(gt=0.0)]
RankList = list[Identifier | list[Identifier]]
WEIGHT_SETS = ("criteria", "enabling_areas", "regional_criteria", "programmes")
HELIX_GROUPS = ("public", "private", "academia", "civil")


class Strict(BaseModel):
    """Unknown keys are errors: a typo in a file must never pass silently. Every number is
    finite (TOML allows `inf` and `nan`; no part of the model can use them)."""

    model_config = ConfigDict(extra="forbid", strict=True, allow_inf_nan=False)


class Meta(Strict):
    name: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    names: dict[str, str] = {}  # the name in each language, where it differs
    description: str = ""
    descriptions: dict[str, str] = {}
    currency: str = "USD"
    unit: Positive = 1_000_000
    language: Literal["es", "en"] = "es"
    timezone: str = DEFAULT_TIMEZONE

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, zone: str) -> str:
        """An IANA time zone ("America/Santiago"): dates and times are shown in it."""
        try:
            ZoneInfo(zone)
        except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: a name too long
            raise RuleError("scenario.rule.timezone", zone=zone) from None
        return zone

    def name_in(self, lang: str) -> str:
        """The name in `lang` when the file gives one (`names`), else as written."""
        return self.names.get(lang) or self.name

    def description_in(self, lang: str) -> str:
        """The description in `lang` when the file gives one (`descriptions`), else as written."""
        return self.descriptions.get(lang) or self.description


class Source(Strict):
    id: Identifier
    title: Annotated[str, StringConstraints(min_length=1)]
    titles: dict[str, str] = {}  # the title in each language, where it differs
    url: str | None = None
    year: int | None = None
    note: str | None = None
    notes: dict[str, str] = {}

    def title_in(self, lang: str) -> str:
        """The title in `lang` when the file gives one (`titles`), else as written."""
        return self.titles.get(lang) or self.title

    def note_in(self, lang: str) -> str | None:
        """The note in `lang` when the file gives one (`notes`), else as written."""
        return self.notes.get(lang) or self.note


class Budget(Strict):
    total: Positive
    years: Annotated[list[int], Field(min_length=1)]
    per_year: list[NonNegative] | None = None
    carry_over: bool = False
    source: str | None = None
    initiatives_share: Share | None = None  # None: 1.0 with initiatives, else 0 (docs/model.md §15)

    def year_amounts(self) -> list[float]:
        """Per-year budgets; an even split where the file gives none."""
        if self.per_year is not None:
            return list(self.per_year)
        return [self.total / len(self.years)] * len(self.years)


class Preference(Strict):
    """PROMETHEE preference function of one criterion (Brans' generalised criteria)."""

    function: Literal["usual", "u_shape", "v_shape", "level", "linear", "gaussian"] = "usual"
    q: NonNegative | None = None
    p: NonNegative | None = None
    s: Positive | None = None

    @model_validator(mode="after")
    def _thresholds(self) -> Preference:
        needs = {
            "u_shape": ("q",),
            "v_shape": ("p",),
            "level": ("q", "p"),
            "linear": ("q", "p"),
            "gaussian": ("s",),
        }.get(self.function, ())
        missing = [name for name in needs if getattr(self, name) is None]
        if missing:
            raise RuleError(
                "scenario.rule.thresholds_needed", function=self.function, names=ListOf(missing)
            )
        if self.q is not None and self.p is not None and self.q > self.p:
            raise RuleError("scenario.rule.q_above_p")
        if self.function in ("level", "linear") and self.q == self.p:
            raise RuleError("scenario.rule.q_equals_p", function=self.function)
        if self.function == "v_shape" and self.p == 0:
            raise RuleError("scenario.rule.p_zero", function=self.function)
        return self


class Criterion(Strict):
    id: Identifier
    name: Annotated[str, StringConstraints(min_length=1)]
    names: dict[str, str] = {}
    description: str = ""
    descriptions: dict[str, str] = {}
    level: Literal["programme", "region", "programme_region", "initiative"] = "programme"
    direction: Literal["max", "min"] = "max"
    scale: Annotated[list[float], Field(min_length=2, max_length=2)] | None = None
    unit: str | None = None
    units: dict[str, str] = {}
    source: str | None = None
    preference: Preference | None = None
    derive: Derive | None = None

    def description_in(self, lang: str) -> str:
        """A plain description in `lang` (`descriptions`), else `description` as written."""
        return self.descriptions.get(lang) or self.description

    def unit_in(self, lang: str) -> str | None:
        """The unit of the values in `lang` (`units`), else `unit` as written."""
        return self.units.get(lang) or self.unit

    @field_validator("scale")
    @classmethod
    def _scale_order(cls, scale: list[float] | None) -> list[float] | None:
        if scale is not None and not scale[0] < scale[1]:
            raise RuleError("scenario.rule.scale_order")
        return scale


class Programme(Strict):
    id: Identifier
    name: Annotated[str, StringConstraints(min_length=1)]
    names: dict[str, str] = {}
    kind: Literal["sector", "platform"] = "sector"
    description: str = ""
    source: str | None = None
    performance: dict[str, float] = {}


class EnablingArea(Strict):
    id: Identifier
    name: Annotated[str, StringConstraints(min_length=1)]
    names: dict[str, str] = {}
    description: str = ""
    descriptions: dict[str, str] = {}

    def description_in(self, lang: str) -> str:
        """A plain description in `lang` (`descriptions`), else `description` as written."""
        return self.descriptions.get(lang) or self.description


class Region(Strict):
    id: Identifier
    name: Annotated[str, StringConstraints(min_length=1)]
    names: dict[str, str] = {}
    code: str | None = None
    order: int | None = None
    population: Annotated[int, Field(ge=0)] | None = None
    gdp_share: Share | None = None
    area_km2: NonNegative | None = None
    capacity: Positive | None = None
    pilot: bool = False
    source: str | None = None
    performance: dict[str, float] = {}


class Pairwise(Strict):
    items: Annotated[list[Identifier], Field(min_length=2)]
    matrix: list[list[float | None]]


class Stakeholder(Strict):
    id: Identifier
    name: Annotated[str, StringConstraints(min_length=1, max_length=120)]
    names: dict[str, str] = {}
    organisation: str = ""
    group: Annotated[str, StringConstraints(min_length=1, max_length=60)] = "public"
    influence: NonNegative = 1.0
    criteria: dict[str, NonNegative] | None = None
    enabling_areas: dict[str, NonNegative] | None = None
    regional_criteria: dict[str, NonNegative] | None = None
    programmes: dict[str, NonNegative] | None = None
    ranks: dict[Literal[WEIGHT_SETS], RankList] = {}  # type: ignore[valid-type]
    pairwise: dict[Literal[WEIGHT_SETS], Pairwise] = {}  # type: ignore[valid-type]

    def form_of(self, weight_set: str) -> str | None:
        """How this stakeholder stated a weight set: points, ranks, pairwise or not at all."""
        if getattr(self, weight_set) is not None:
            return "points"
        if weight_set in self.ranks:
            return "ranks"
        if weight_set in self.pairwise:
            return "pairwise"
        return None


class Priority(Strict):
    method: Literal["additive", "topsis", "promethee"] = "additive"
    programme_blend: Share = 0.0
    aggregation: Literal["arithmetic", "geometric"] = "arithmetic"
    count: Literal["stakeholder", "group"] = "stakeholder"


class Returns(Strict):
    curve: Literal["concave", "linear"] = "concave"
    saturation: Positive = 4.0
    capacity_basis: Literal["population", "gdp", "equal", "capacity", "activity"] = "population"
    capacity_table: Identifier | None = None
    breakpoints: list[NonNegative] | None = None
    slopes: list[NonNegative] | None = None

    @model_validator(mode="after")
    def _curve_shape(self) -> Returns:
        if (self.breakpoints is None) != (self.slopes is None):
            raise RuleError("scenario.rule.curve_pair")
        if self.breakpoints is not None and self.slopes is not None:
            points, slopes = self.breakpoints, self.slopes
            if len(points) != len(slopes) + 1:
                raise RuleError("scenario.rule.curve_lengths")
            if points[0] != 0 or any(b <= a for a, b in pairwise(points)):
                raise RuleError("scenario.rule.breakpoints")
            if any(b > a for a, b in pairwise(slopes)):
                raise RuleError("scenario.rule.slopes")
        return self


class ShareBounds(Strict):
    min: Share | None = None
    max: Share | None = None

    @model_validator(mode="after")
    def _ordered(self) -> ShareBounds:
        if self.min is not None and self.max is not None and self.min > self.max:
            raise RuleError(
                "scenario.rule.min_above_max",
                low=plain_number(self.min),
                high=plain_number(self.max),
            )
        return self


class FixedAmount(Strict):
    programme: Identifier
    enabling_area: Identifier
    region: Identifier
    year: int
    amount: NonNegative


class Constraints(Strict):
    spend_all: bool = False
    max_programme_share: Share | None = None
    min_programme_share: Share | None = None
    min_region_share: Share | None = None
    max_region_share: Share | None = None
    programme_share: dict[str, ShareBounds] = {}
    region_share: dict[str, ShareBounds] = {}
    enabling_share: dict[str, ShareBounds] = {}
    concentration: Share | None = None
    min_ticket: NonNegative | None = None
    max_lines: Annotated[int, Field(ge=1)] | None = None
    continuity: Share | None = None
    fixed: list[FixedAmount] = []


MIN_GROUP_SIZE = 3
"""Default k: a live workshop shows nothing per group smaller than this (docs/workshop.md)."""


class WorkshopSettings(Strict):
    """How a live workshop run from this scenario protects its participants."""

    min_group_size: Annotated[int, Field(ge=1, le=100)] = MIN_GROUP_SIZE


class Scenario(Strict):
    """A whole scenario: what the workshop decides about, who says what, and the rules."""

    format: str = FORMAT
    scenario: Meta
    sources: list[Source] = []
    budget: Budget
    criteria: list[Criterion] = []
    programmes: Annotated[list[Programme], Field(min_length=1)]
    enabling_areas: Annotated[list[EnablingArea], Field(min_length=1)]
    regions: Annotated[list[Region], Field(min_length=1)]
    # A table maps programme -> column -> number, beside optional `source`, `note`, `unit`
    # and `name` entries, their texts by language (`notes`, `units`, `names`) and `sources` (a
    # source per programme row). Its rows and cells are checked with the other sections
    # (`checks`), which know which rows are programmes and which cells numbers.
    tables: dict[str, dict[str, Any]] = {}
    stakeholders: list[Stakeholder] = []
    priority: Priority = Priority()
    returns: Returns = Returns()
    constraints: Constraints = Constraints()
    workshop: WorkshopSettings = WorkshopSettings()
    initiatives: list[Initiative] = []
    pools: list[Pool] = []

    @field_validator("tables")
    @classmethod
    def _decimal_cells(cls, tables: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
        """Whole numbers in rows become decimals, as in every other number field."""
        return {
            table_id: {
                row: (
                    {
                        col: float(v)
                        if isinstance(v, int) and not isinstance(v, bool) and abs(v) < 2**63
                        else v
                        for col, v in cells.items()
                    }
                    if isinstance(cells, dict) and row not in TABLE_MAPS
                    else cells
                )
                for row, cells in rows.items()
            }
            for table_id, rows in tables.items()
        }

    # Convenience look-ups used across the library.
    @property
    def programme_ids(self) -> list[str]:
        return [p.id for p in self.programmes]

    @property
    def area_ids(self) -> list[str]:
        return [a.id for a in self.enabling_areas]

    @property
    def region_ids(self) -> list[str]:
        return [r.id for r in self.regions]

    @property
    def years(self) -> list[int]:
        return list(self.budget.years)

    @property
    def initiatives_share(self) -> float:
        """The share of every year's budget that funds initiatives (docs/model.md §15)."""
        share = self.budget.initiatives_share
        return (1.0 if self.initiatives else 0.0) if share is None else float(share)

    def criteria_at(self, *levels: str) -> list[Criterion]:
        return [c for c in self.criteria if c.level in levels]

    def table(self, table_id: str) -> dict[str, dict[str, float]]:
        """A programme-indexed table: its rows, without its other entries (`source`, `name`...)."""
        raw = self.tables.get(table_id, {})
        return {
            k: cast(dict[str, float], v)
            for k, v in raw.items()
            if isinstance(v, dict) and k not in TABLE_ENTRIES
        }

    def table_text(self, table_id: str, key: str, lang: str) -> str | None:
        """A table's own `name`, `unit` or `note` in `lang`: its map's (`names`, `units`,
        `notes`) entry for `lang`, else the text written beside it, if any."""
        raw = self.tables.get(table_id, {})
        texts = raw.get(f"{key}s")
        own = (texts.get(lang) if isinstance(texts, dict) else None) or raw.get(key)
        return own if isinstance(own, str) and own else None

    def table_name(self, table_id: str, lang: str) -> str:
        """What a table is called in `lang`: its own name, else the name of the criterion whose
        values it holds, else its id."""
        own = self.table_text(table_id, "name", lang)
        if own is not None:
            return own
        for criterion in self.criteria:
            if criterion.id == table_id:
                return criterion.names.get(lang) or criterion.name
        return table_id

    def table_source(self, table_id: str) -> str | None:
        value = self.tables.get(table_id, {}).get("source")
        return value if isinstance(value, str) else None

    def row_source(self, table_id: str, programme_id: str) -> str | None:
        """The source of one programme's row in a table: its own, else the table's."""
        rows = self.tables.get(table_id, {}).get("sources")
        own = rows.get(programme_id) if isinstance(rows, dict) else None
        return own if isinstance(own, str) else self.table_source(table_id)

    def source_title(self, source_id: str | None, lang: str) -> str | None:
        """The title of source `source_id` in `lang`; None when no source has that id."""
        for source in self.sources:
            if source.id == source_id:
                return source.title_in(lang)
        return None

    def regions_north_to_south(self) -> list[Region]:
        """Regions in their geographic order (file order where no `order` is given)."""
        indexed = list(enumerate(self.regions))
        indexed.sort(key=lambda pair: pair[1].order if pair[1].order is not None else pair[0])
        return [region for _, region in indexed]

    def in_language(self, language: str) -> Scenario:
        """The scenario speaking `language`: its results name things and speak in it."""
        if self.scenario.language == language:
            return self
        meta = self.scenario.model_copy(update={"language": language})
        return self.model_copy(update={"scenario": meta})
