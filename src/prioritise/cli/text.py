"""Readable terminal summaries of an optimisation, for `prioritise optimise` without --json.

Headings and layout come from the ``cli`` catalogue; the sentences inside (the status, the
conflict, the checks, the repairs, the binding rules) are the allocation's own messages, shown
in the same language.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from prioritise.allocate.constraints import costliest_first
from prioritise.allocate.mixed import PARTS_PLACES, budget_parts, budget_places, parts_places
from prioritise.allocate.results import Allocation
from prioritise.report.tables import Table as ReportTable
from prioritise.scenario.schema import Scenario
from prioritise.text import Integer, Localizable, Money, Number, Percent, msg, t, value_text

TOP_LINES = 10


SOLVER_NAMES = {"highs": "HiGHS", "cbc": "CBC"}
"""How the solvers write their own names."""


def said(value: Any, lang: str) -> str:
    """A sentence of a result: a message written in `lang`, or finished text as it is."""
    if isinstance(value, Localizable):
        return value.text(lang)
    return "" if value is None else str(value)


def _items(scenario: Scenario) -> dict[str, Any]:
    items: dict[str, Any] = {p.id: p for p in scenario.programmes}
    items.update((a.id, a) for a in scenario.enabling_areas)
    items.update((r.id, r) for r in scenario.regions)
    return items


def _money(amount: float, scenario: Scenario) -> Money:
    return Money(amount, scenario.scenario.unit, scenario.scenario.currency)


def _budget_money(amount: float, scenario: Scenario) -> Money:
    """A split's budget as the app writes it (`budget_places`): the lines' 131,25 of 175 is
    not written 131,3 beside the 43,75 for initiatives."""
    places = budget_places(scenario, amount)
    return Money(amount, scenario.scenario.unit, scenario.scenario.currency, places)


def _table(
    frame: pd.DataFrame, items: dict[str, Any], scenario: Scenario, lang: str, extra: str = ""
) -> list[str]:
    def label(ident: object) -> str:
        item = items.get(str(ident))
        return value_text(item, lang) if item is not None else str(ident)

    rows = []
    width = max((len(label(i)) for i in frame.index), default=10)
    for ident, row in frame.iterrows():
        line = f"  {label(ident):<{width}}  {_money(row['amount'], scenario).text(lang):>16}"
        line += f"  {Percent(row['share']).text(lang):>7}"
        if extra and extra in row and pd.notna(row[extra]):
            per_person = Money(row[extra], 1, scenario.scenario.currency, 2)
            line += "  " + t("cli.optimise.per_person", lang, amount=per_person)
        rows.append(line)
    return rows


def _diagnosis(result: Allocation, lang: str) -> list[str]:
    """The status, the rules that cannot all hold, the pre-checks and the numbered repairs."""
    out = [result.status_note.text(lang)]
    diagnosis = result.diagnosis
    if diagnosis is None:
        return out
    if diagnosis.conflict_note is not None:
        out.append(diagnosis.message_text(lang))
    if diagnosis.checks:
        out += ["", t("cli.optimise.contradictions", lang)]
        out += [f"  - {check.message_text(lang)}" for check in diagnosis.checks]
    if diagnosis.repairs:
        out += ["", t("cli.optimise.ways_out", lang)]
        for number, repair in enumerate(diagnosis.repairs, start=1):
            out.append(f"  {number}. {repair.message_text(lang)}")
            if len(repair.changes) > 1:
                out += [f"     - {change.message_text(lang)}" for change in repair.changes]
    elif diagnosis.conflict_note is not None:
        out += ["", t("cli.optimise.no_repair", lang)]
    return out


def _value_lines(result: Allocation, scenario: Scenario, lang: str) -> list[str]:
    """The value reached as an index, and what all the rules cost (docs/model.md §10.1)."""
    stick = result.yardstick
    index = result.value_index
    if stick is None or index is None or stick.reference is None:
        return [t("cli.optimise.value_raw", lang, value=Number(result.objective, 4))]
    budget = _budget_money(result.budget, scenario)
    out = [t("cli.optimise.value_index", lang, index=Number(index, 1), budget=budget)]
    cost = result.rules_cost
    if cost is not None:
        points, money = cost
        if money is None:
            why = result.rules_cost_unread
            line = t("cli.optimise.rules_cost_points", lang, points=points)
            out.append(line if why is None else f"{line} {why.text(lang)}")
        else:
            out.append(t("cli.optimise.rules_cost", lang, points=points, money=money))
    return out


def _baseline_lines(result: Allocation, lang: str) -> list[str]:
    """Fair comparisons first (they obey the rules); plain splits labelled as ignoring them."""
    out = []
    for baseline in result.baselines:
        index = baseline.value_index
        gain = baseline.gain_shown(result.value_index)
        if index is None or gain is None:
            continue
        params = {"baseline": said(baseline.summary, lang), "index": Number(index, 1)}
        if baseline.obeys_rules:
            line = t("cli.optimise.fair", lang, gain=Number(gain, 1), **params)
        else:
            line = t("cli.optimise.ignoring_rules", lang, **params)
        out.append(f"  {line}")
    return out


def _figures(result: Allocation, scenario: Scenario, lang: str, whole: float | None) -> str:
    """Budget, spending and lines; with initiatives, the split's budget is named as the lines'
    part of the whole, so that its figure is not read as the scenario's budget."""
    spent = result.spent if len(result.allocation) else 0.0
    params = {
        "budget": _money(result.budget, scenario),
        "spent": _money(spent, scenario),
        "lines": msg("cli.optimise.lines", count=int(result.lines)),
    }
    if whole is None or whole <= result.budget:
        return t("cli.optimise.figures", lang, **params)
    parts = [whole, result.budget, whole - result.budget]
    places = parts_places(*parts)  # "131,25 + 43,75 = 175,00", not 131,3 + 43,8
    unit, currency = scenario.scenario.unit, scenario.scenario.currency
    whole_text, budget, reserved = (Money(a, unit, currency, places) for a in parts)
    params["budget"] = budget
    params["spent"] = Money(spent, unit, currency, places)
    return t("cli.optimise.figures_mixed", lang, whole=whole_text, reserved=reserved, **params)


def _headline(
    result: Allocation, scenario: Scenario, lang: str, whole: float | None = None
) -> list[str]:
    out = [
        t(
            "cli.optimise.title",
            lang,
            scenario=scenario.scenario.name_in(lang),
            solver=SOLVER_NAMES.get(result.solver, result.solver),
        ),
        said(result.status_note, lang),
        "",
        _figures(result, scenario, lang, whole),
        *_value_lines(result, scenario, lang),
    ]
    return out + _baseline_lines(result, lang)


def _more(count: int, in_report: bool, lang: str) -> list[str]:
    """'… and 11 more', and where the reader finds them: the report just written, if it lists
    them all (Markdown and workbook do; a CSV holds the split alone), else --json or --out."""
    if count <= 0:
        return []
    more = msg("cli.optimise.more_in_report" if in_report else "cli.optimise.more", count=count)
    return [f"  {more.text(lang)}"]


def _binding_lines(result: Allocation, lang: str, in_report: bool) -> list[str]:
    """Binding rules, costliest first (`allocate.costliest_first`), the budget last; without
    the rules priced by re-solving, ordered by their price per unit, and headed so."""
    table = result.constraints
    if not len(table):
        return []
    binding = costliest_first(table, result.rules_priced)
    heading = "cli.optimise.binding" if result.rules_priced else "cli.optimise.binding_unpriced"
    out = ["", t(heading, lang, number=Integer(len(binding)))]
    out += [f"  - {note.text(lang)}" for note in binding["note"].head(TOP_LINES)]
    return out + _more(len(binding) - TOP_LINES, in_report, lang)


def _source_lines(result: Allocation, lang: str, in_report: bool) -> list[str]:
    """Regions where a rule holds money or a commitment sits: where the money comes from."""
    sources = result.sources
    if not len(sources):
        return []
    shown = sources[(sources["held"] > 0) | (sources["committed"] > 0)]
    if not len(shown):
        return []
    out = ["", t("cli.optimise.sources", lang)]
    out += [f"  - {note.text(lang)}" for note in shown["note"].head(TOP_LINES)]
    return out + _more(len(shown) - TOP_LINES, in_report, lang)


def format_allocation(
    result: Allocation,
    scenario: Scenario,
    lang: str | None = None,
    whole: float | None = None,
    in_report: bool = False,
) -> str:
    """Headline figures, totals by programme, region and year, binding rules and their cost,
    in `lang` (the scenario's language by default); `whole` is the whole budget when the split
    gets only the lines' part of it (a scenario with initiatives); `in_report` when a report
    that lists every rule and source was written beside it."""
    lang = lang or scenario.scenario.language
    if not result.solved:
        return "\n".join(_diagnosis(result, lang))
    items = _items(scenario)
    out = _headline(result, scenario, lang, whole)
    if whole is not None and whole > result.budget:
        out += [
            "",
            t("cli.optimise.lines_tables", lang, budget=_budget_money(result.budget, scenario)),
        ]
    out += ["", t("cli.optimise.by_programme", lang)]
    out += _table(result.totals.programme, items, scenario, lang)
    out += ["", t("cli.optimise.by_area", lang)]
    out += _table(result.totals.enabling_area, items, scenario, lang)
    out += ["", t("cli.optimise.by_region", lang)]
    order = [r.id for r in scenario.regions_north_to_south()]
    out += _table(result.totals.region.reindex(order), items, scenario, lang, extra="per_capita")
    out += ["", t("cli.optimise.by_year", lang)]
    for year, row in result.totals.year.iterrows():
        amount, budget = _money(row["amount"], scenario), _money(row["budget"], scenario)
        out.append(f"  {year}  {t('cli.optimise.year_of', lang, amount=amount, budget=budget)}")
    out += _binding_lines(result, lang, in_report)
    out += _source_lines(result, lang, in_report)
    return "\n".join(out)


def format_together(
    tables: list[ReportTable], note: str | None, scenario: Scenario, whole: float, lang: str
) -> str:
    """The money of lines and initiatives together, by programme and region, as shares of
    the whole budget (a mixed scenario's share rules hold on these): the report's tables,
    initiatives of no region or programme and the total included, and what they add up to."""
    places = budget_parts(scenario, whole).places  # the headline's 175,00 = 131,25 + 43,75
    money = scenario.scenario.unit, scenario.scenario.currency
    out = [t("cli.optimise.together", lang, budget=Money(whole, *money, places))]
    if note is not None:
        out.append(note)
    headings = ("cli.optimise.by_programme", "cli.optimise.by_region")
    for table, heading in zip(tables, headings, strict=True):
        frame = table.frame
        names = [str(name) for name in frame.iloc[:, 0]]
        width = max(len(name) for name in names)
        out += ["", t(heading, lang)]
        for k, name in enumerate(names):
            if k == len(names) - 1:
                out.append(f"  {'-' * (width + 27)}")  # the total below a rule
            amount = Money(float(frame.iloc[k, 3]), *money, PARTS_PLACES).text(lang)
            share = Percent(float(frame.iloc[k, 4])).text(lang)
            out.append(f"  {name:<{width}}  {amount:>16}  {share:>7}")
    return "\n".join(out)
