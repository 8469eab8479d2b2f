"""Plain-text summaries of a scenario, for `prioritise show` and reports."""

from __future__ import annotations

from prioritise.scenario.schema import WEIGHT_SETS, Scenario

ILLUSTRATIVE = "illustrative"


def money(amount: float, scenario: Scenario) -> str:
    """An amount in the scenario's unit, e.g. '175.0 M USD'."""
    unit = {1: "", 1_000: " k", 1_000_000: " M", 1_000_000_000: " bn"}.get(
        int(scenario.scenario.unit), f" × {scenario.scenario.unit:g}"
    )
    decimals = 1 if abs(amount * 10 - round(amount * 10)) < 1e-9 else 2
    return f"{amount:,.{decimals}f}{unit} {scenario.scenario.currency}".replace("  ", " ")


def provenance(scenario: Scenario, source_id: str | None) -> str:
    """Where a figure comes from, saying plainly when nothing backs it."""
    if source_id is None or source_id == ILLUSTRATIVE:
        return "illustrative (no source)"
    return scenario.source_title(source_id) or source_id


def constraint_lines(scenario: Scenario) -> list[str]:
    """The scenario's rules in words."""
    cons = scenario.constraints
    lines = []
    if cons.spend_all:
        lines.append("the whole budget is spent")
    for label, value in (
        ("no programme above", cons.max_programme_share),
        ("every programme at least", cons.min_programme_share),
        ("every region at least", cons.min_region_share),
        ("no region above", cons.max_region_share),
    ):
        if value is not None:
            lines.append(f"{label} {value:.1%} of the budget")
    for table, label in (
        (cons.programme_share, "programme"),
        (cons.region_share, "region"),
        (cons.enabling_share, "enabling area (share of each programme)"),
    ):
        for ident, bounds in table.items():
            parts = []
            if bounds.min is not None:
                parts.append(f"at least {bounds.min:.1%}")
            if bounds.max is not None:
                parts.append(f"at most {bounds.max:.1%}")
            if parts:
                lines.append(f"{label} {ident}: {' and '.join(parts)}")
    if cons.concentration is not None:
        lines.append(f"no programme above {cons.concentration:.0%} of a region's money")
    if cons.min_ticket is not None:
        lines.append(f"a funded line gets at least {money(cons.min_ticket, scenario)}")
    if cons.max_lines is not None:
        lines.append(f"at most {cons.max_lines} funded lines")
    if cons.continuity is not None:
        lines.append(
            f"a line keeps at least {cons.continuity:.0%} of its money from one year to the next"
        )
    for fixed in cons.fixed:
        lines.append(
            f"committed: {money(fixed.amount, scenario)} to {fixed.programme} / "
            f"{fixed.enabling_area} / {fixed.region} in {fixed.year}"
        )
    return lines


def describe(scenario: Scenario) -> str:
    """A readable summary of everything a facilitator checks before a workshop."""
    meta, budget = scenario.scenario, scenario.budget
    years = budget.years
    out = [meta.name, "=" * len(meta.name)]
    if meta.description:
        out += [meta.description, ""]
    per_year = ", ".join(
        f"{y}: {money(a, scenario)}" for y, a in zip(years, budget.year_amounts(), strict=True)
    )
    out.append(f"Budget: {money(budget.total, scenario)} over {years[0]}–{years[-1]} ({per_year})")
    sectors = [p.name for p in scenario.programmes if p.kind == "sector"]
    platforms = [p.name for p in scenario.programmes if p.kind == "platform"]
    out.append(
        f"Programmes: {len(sectors)} sectors ({', '.join(sectors) or '—'}); "
        f"{len(platforms)} platforms ({', '.join(platforms) or '—'})"
    )
    out.append(f"Enabling areas: {', '.join(a.name for a in scenario.enabling_areas)}")
    pilots = [r.name for r in scenario.regions if r.pilot]
    population = sum(r.population or 0 for r in scenario.regions)
    out.append(
        f"Regions: {len(scenario.regions)} (population {population:,}); "
        f"pilots: {', '.join(pilots) or 'none'}"
    )
    cells = len(scenario.programmes) * len(scenario.enabling_areas) * len(scenario.regions)
    out.append(f"Cells (programme × enabling area × region): {cells}")
    out += ["", "Criteria:"]
    for c in scenario.criteria:
        arrow = "higher is better" if c.direction == "max" else "lower is better"
        out.append(f"  - {c.name} [{c.id}; {c.level}; {arrow}] — {provenance(scenario, c.source)}")
    for table_id in scenario.tables:
        out.append(f"  table {table_id}: {provenance(scenario, scenario.table_source(table_id))}")
        for row in scenario.table(table_id):
            row_source = scenario.row_source(table_id, row)
            if row_source != scenario.table_source(table_id):
                out.append(f"    row {row}: {provenance(scenario, row_source)}")
    if scenario.budget.source:
        out.append(f"  budget: {provenance(scenario, scenario.budget.source)}")
    out += ["", "Stakeholders:"]
    for s in scenario.stakeholders:
        forms = ", ".join(f"{ws} as {form}" for ws in WEIGHT_SETS if (form := s.form_of(ws)))
        out.append(f"  - {s.name} ({s.group}, influence {s.influence:g}): {forms or 'no weights'}")
    p = scenario.priority
    out += [
        "",
        f"Priority method: {p.method}; group weights: {p.aggregation} mean, each "
        f"{p.count} counts equally; direct programme weights blended at {p.programme_blend:.0%}",
        f"Returns: {scenario.returns.curve}, saturation {scenario.returns.saturation:g}, "
        f"capacity by {scenario.returns.capacity_basis}",
        "",
        "Constraints:",
    ]
    out += [f"  - {line}" for line in constraint_lines(scenario)] or ["  (none)"]
    if scenario.sources:
        out += ["", "Sources:"]
        out += [
            f"  [{s.id}] {s.title}" + (f" — {s.url}" if s.url else "") for s in scenario.sources
        ]
    return "\n".join(out)
