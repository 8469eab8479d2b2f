"""Plain-text summaries of a scenario, for `prioritise show` and reports, in either language.

Every sentence comes from the ``scenario`` catalogue and every number from `prioritise.text`;
items are shown by their names in the reader's language, never by their ids, and the rules are
described in words rather than by the file's keys.
"""

from __future__ import annotations

from prioritise.scenario.problems import plain_number
from prioritise.scenario.schema import HELIX_GROUPS, Programme, Region, Scenario, ShareBounds
from prioritise.text import (
    Integer,
    ListOf,
    Message,
    Money,
    Percent,
    exact_decimals,
    msg,
    t,
    zone_name,
)
from prioritise.text import money as money_text

ILLUSTRATIVE = "illustrative"

_GROUPS = {
    "public": "common.group.public",
    "private": "common.group.private",
    "academia": "common.group.academia",
    "civil": "common.group.civil",
}
_WEIGHT_SETS = {
    "criteria": "scenario.show.set_criteria",
    "enabling_areas": "scenario.show.set_enabling_areas",
    "regional_criteria": "scenario.show.set_regional_criteria",
    "programmes": "scenario.show.set_programmes",
}
_FORMS = {
    "points": "scenario.form.points",
    "ranks": "scenario.form.ranks",
    "pairwise": "scenario.form.pairwise",
}
_LEVELS = {
    "programme": "scenario.level.programme",
    "region": "scenario.level.region",
    "programme_region": "scenario.level.programme_region",
    "initiative": "scenario.level.initiative",
}
_DIRECTIONS = {"max": "scenario.show.higher_better", "min": "scenario.show.lower_better"}
_BOUND_MESSAGES = {
    # (is an enabling area, has a minimum, has a maximum) -> message
    (False, True, True): "scenario.constraint.share_between",
    (False, True, False): "scenario.constraint.share_at_least",
    (False, False, True): "scenario.constraint.share_at_most",
    (True, True, True): "scenario.constraint.area_between",
    (True, True, False): "scenario.constraint.area_at_least",
    (True, False, True): "scenario.constraint.area_at_most",
}
_METHODS = {
    "additive": "common.method.additive",
    "topsis": "common.method.topsis",
    "promethee": "common.method.promethee",
}
_BASES = {
    "population": "scenario.show.basis_population",
    "gdp": "scenario.show.basis_gdp",
    "equal": "scenario.show.basis_equal",
    "capacity": "scenario.show.basis_capacity",
    "activity": "scenario.derive.basis_activity",
}


def _said(line: Message | str, lang: str) -> str:
    return line if isinstance(line, str) else line.text(lang)


def _lang(scenario: Scenario, lang: str | None) -> str:
    return lang or scenario.scenario.language


def _money(amount: float, scenario: Scenario) -> Money:
    """A rule's amount as the file gives it: one decimal, two when it has them ('0,25 MM USD')."""
    meta = scenario.scenario
    decimals = 0 if meta.unit == 1 else max(1, exact_decimals([amount], 2))
    return Money(amount, meta.unit, meta.currency, decimals)


def money(amount: float, scenario: Scenario, lang: str | None = None) -> str:
    """An amount in the scenario's unit, e.g. '175,0 MM USD' / '175.0 M USD'."""
    meta = scenario.scenario
    return money_text(amount, meta.unit, meta.currency, _lang(scenario, lang))


def provenance(scenario: Scenario, source_id: str | None, lang: str | None = None) -> str:
    """Where a figure comes from, saying plainly when nothing backs it."""
    if source_id is None or source_id == ILLUSTRATIVE:
        return t("common.illustrative", _lang(scenario, lang))
    return scenario.source_title(source_id, _lang(scenario, lang)) or source_id


def _bounds(item: object, bounds: ShareBounds, area: bool) -> Message | None:
    """One item's share bounds in words, or None when it has neither bound."""
    low, high = bounds.min, bounds.max
    if low is None and high is None:
        return None
    params: dict[str, object] = {"item": item}
    if low is not None:
        params["low"] = Percent(low)
    if high is not None:
        params["high"] = Percent(high)
    return msg(_BOUND_MESSAGES[(area, low is not None, high is not None)], **params)


def constraint_messages(scenario: Scenario) -> list[Message]:
    """The scenario's rules, one message each (items as items, amounts as Money)."""
    cons = scenario.constraints
    found: list[Message] = []
    if cons.spend_all:
        found.append(msg("scenario.constraint.spend_all"))
    for message_id, value in (
        ("scenario.constraint.max_programme", cons.max_programme_share),
        ("scenario.constraint.min_programme", cons.min_programme_share),
        ("scenario.constraint.min_region", cons.min_region_share),
        ("scenario.constraint.max_region", cons.max_region_share),
    ):
        if value is not None:
            found.append(msg(message_id, share=Percent(value)))
    items: dict[str, Programme | Region] = {p.id: p for p in scenario.programmes}
    items.update((r.id, r) for r in scenario.regions)
    areas = {area.id: area for area in scenario.enabling_areas}
    for table, known, area in (
        (cons.programme_share, items, False),
        (cons.region_share, items, False),
        (cons.enabling_share, areas, True),
    ):
        for ident, bounds in table.items():
            rule = _bounds(known.get(ident, ident), bounds, area)
            if rule is not None:
                found.append(rule)
    if cons.concentration is not None:
        share = Percent(cons.concentration, 0)
        found.append(msg("scenario.constraint.concentration", share=share))
    if cons.min_ticket is not None:
        amount = _money(cons.min_ticket, scenario)
        found.append(msg("scenario.constraint.min_ticket", amount=amount))
    if cons.max_lines is not None:
        found.append(msg("scenario.constraint.max_lines", count=cons.max_lines))
    if cons.continuity is not None:
        found.append(msg("scenario.constraint.continuity", share=Percent(cons.continuity, 0)))
    everything: dict[str, object] = {**items, **areas}
    for fixed in cons.fixed:
        found.append(
            msg(
                "scenario.constraint.fixed",
                amount=_money(fixed.amount, scenario),
                programme=everything.get(fixed.programme, fixed.programme),
                area=everything.get(fixed.enabling_area, fixed.enabling_area),
                region=everything.get(fixed.region, fixed.region),
                year=fixed.year,
            )
        )
    return found


def constraint_lines(scenario: Scenario, lang: str | None = None) -> list[str]:
    """The scenario's rules in words, in `lang` (the scenario's language by default)."""
    chosen = _lang(scenario, lang)
    return [rule.text(chosen) for rule in constraint_messages(scenario)]


def _names(items: list, lang: str, *, feminine: bool = False) -> str:
    """The names, or "none" agreeing with the noun it stands for (Spanish "ninguna" for
    plataformas and regiones)."""
    if items:
        return ListOf(items).text(lang)
    return t("common.none_feminine", lang) if feminine else t("common.none", lang)


def _overview(scenario: Scenario, lang: str) -> list[str]:
    meta, budget = scenario.scenario, scenario.budget
    years = budget.years
    per_year = ", ".join(
        t("scenario.show.year_amount", lang, year=year, amount=_money(amount, scenario))
        for year, amount in zip(years, budget.year_amounts(), strict=True)
    )
    sectors = [p for p in scenario.programmes if p.kind == "sector"]
    platforms = [p for p in scenario.programmes if p.kind == "platform"]
    pilots = [r for r in scenario.regions if r.pilot]
    population = sum(r.population or 0 for r in scenario.regions)
    cells = len(scenario.programmes) * len(scenario.enabling_areas) * len(scenario.regions)
    language = {"es": "scenario.show.language_es", "en": "scenario.show.language_en"}
    return [
        t(
            "scenario.show.budget",
            lang,
            total=_money(budget.total, scenario),
            first=years[0],
            last=years[-1],
            per_year=per_year,
        ),
        t(
            "scenario.show.programmes",
            lang,
            sectors=msg("scenario.show.sectors", count=len(sectors), names=_names(sectors, lang))
            if sectors
            else msg("scenario.show.sectors_none"),
            platforms=msg(
                "scenario.show.platforms",
                count=len(platforms),
                names=_names(platforms, lang, feminine=True),
            )
            if platforms
            else msg("scenario.show.platforms_none"),  # not "0 platforms (none)"
        ),
        t("scenario.show.areas", lang, names=_names(scenario.enabling_areas, lang)),
        t(
            "scenario.show.regions",
            lang,
            number=Integer(len(scenario.regions)),
            population=Integer(population),
            pilots=_names(pilots, lang, feminine=True),
        ),
        t("scenario.show.cells", lang, cells=Integer(cells)),
        t(
            "scenario.show.timezone",
            lang,
            language=msg(language[meta.language]),
            zone=zone_name(meta.timezone, lang),
        ),
    ]


def _sources_of_figures(scenario: Scenario, lang: str) -> list[str]:
    out = []
    for c in scenario.criteria:
        direction = _DIRECTIONS[c.direction]
        said = {"name": c, "level": msg(_LEVELS[c.level]), "direction": msg(direction)}
        if c.derive is None:
            line = msg(
                "scenario.show.criterion", **said, source=provenance(scenario, c.source, lang)
            )
        else:  # its figures are its table's (docs/model.md §18)
            line = msg(
                "scenario.derive.show_criterion",
                **said,
                method=c.derive.method,
                table=scenario.table_name(c.derive.table, lang),
            )
        out.append(f"  - {_said(line, lang)}")
    criteria = {c.id: c for c in scenario.criteria}
    programmes = {p.id: p for p in scenario.programmes}
    for table_id in scenario.tables:
        source = provenance(scenario, scenario.table_source(table_id), lang)
        own = [
            row
            for row in scenario.table(table_id)
            if scenario.row_source(table_id, row) != scenario.table_source(table_id)
        ]
        if own:  # the table's source is not every row's
            source = t("scenario.show.except_rows", _lang(scenario, lang), source=source)
        unit = scenario.table_text(table_id, "unit", lang)
        if table_id == "need":
            line = msg("scenario.show.need_table", source=source)
        elif table_id not in criteria and unit is not None:
            name = scenario.table_name(table_id, lang)
            line = msg("scenario.show.data_table", name=name, unit=unit, source=source)
        elif table_id not in criteria or criteria[table_id].derive is not None:
            name = scenario.table_name(table_id, lang)
            line = msg("scenario.derive.show_raw_table", table=name, source=source)
        else:
            line = msg("scenario.show.criterion_table", criterion=criteria[table_id], source=source)
        out.append(f"  - {_said(line, lang)}")
        for row in own:
            text = t(
                "scenario.show.table_row",
                lang,
                programme=programmes.get(row, row),
                source=provenance(scenario, scenario.row_source(table_id, row), lang),
            )
            out.append(f"    {text}")
    if scenario.budget.source:
        source = provenance(scenario, scenario.budget.source, lang)
        line = msg("scenario.show.budget_source", source=source)
        out.append(f"  - {_said(line, lang)}")
    return out


def _stakeholders(scenario: Scenario, lang: str) -> list[str]:
    out = []
    for s in scenario.stakeholders:
        stated = [
            msg("scenario.show.stated", weights=msg(_WEIGHT_SETS[ws]), form=msg(_FORMS[form]))
            for ws in _WEIGHT_SETS
            if (form := s.form_of(ws))
        ]
        group = msg(_GROUPS[s.group]) if s.group in HELIX_GROUPS else s.group
        line = msg(
            "scenario.show.stakeholder",
            name=s,
            group=group,
            influence=plain_number(s.influence),
            forms=ListOf(stated) if stated else msg("scenario.show.no_weights"),
        )
        out.append(f"  - {_said(line, lang)}")
    return out


def _method_lines(scenario: Scenario, lang: str) -> list[str]:
    p, returns = scenario.priority, scenario.returns
    mean = {
        "arithmetic": "scenario.show.mean_arithmetic",
        "geometric": "scenario.show.mean_geometric",
    }[p.aggregation]
    counting = {
        "stakeholder": "scenario.show.each_stakeholder",
        "group": "scenario.show.each_group",
    }[p.count]
    curve = {
        "concave": "scenario.show.curve_concave",
        "linear": "scenario.show.curve_linear",
    }[returns.curve]
    return [
        t(
            "scenario.show.priority",
            lang,
            method=msg(_METHODS[p.method]),
            mean=msg(mean),
            counting=msg(counting),
            blend=Percent(p.programme_blend, 0),
        ),
        t(
            "scenario.show.returns",
            lang,
            curve=msg(curve),
            saturation=plain_number(returns.saturation),
            basis=msg(_BASES[returns.capacity_basis]),
        ),
    ]


def _heading(title_id: str, lang: str) -> str:
    return t("scenario.show.heading", lang, title=msg(title_id))


def _initiatives(scenario: Scenario, lang: str) -> str:
    meta = scenario.scenario
    cost = sum(item.total_cost for item in scenario.initiatives)
    return "  " + t(
        "scenario.show.initiatives_line",
        lang,
        count=len(scenario.initiatives),
        share=Percent(scenario.initiatives_share, 0),
        cost=Money(cost, meta.unit, meta.currency),
        pools=Integer(len(scenario.pools)),
    )


def describe(scenario: Scenario, lang: str | None = None) -> str:
    """A readable summary of everything a facilitator checks before a workshop, in `lang`
    (the scenario's language by default)."""
    chosen = _lang(scenario, lang)
    meta = scenario.scenario
    title = meta.name_in(chosen)
    out = [title, "=" * len(title)]
    if meta.description_in(chosen):
        out += [meta.description_in(chosen), ""]
    out += _overview(scenario, chosen)
    out += ["", _heading("common.criteria", chosen), *_sources_of_figures(scenario, chosen)]
    out += ["", _heading("common.stakeholders", chosen), *_stakeholders(scenario, chosen)]
    out += ["", *_method_lines(scenario, chosen), "", _heading("scenario.show.constraints", chosen)]
    rules = constraint_lines(scenario, chosen)
    out += [f"  - {_said(rule, chosen)}" for rule in rules]
    if not rules:
        out.append(f"  {t('scenario.show.nothing', chosen)}")
    if scenario.initiatives:
        out += ["", _heading("scenario.show.initiatives", chosen), _initiatives(scenario, chosen)]
    if scenario.sources:
        out += ["", _heading("scenario.show.sources", chosen)]
        for s in scenario.sources:
            title = s.title_in(chosen)
            text = t("scenario.show.source", chosen, title=title, url=s.url) if s.url else title
            out.append(f"  - {_said(text, chosen)}")
    return "\n".join(out)
