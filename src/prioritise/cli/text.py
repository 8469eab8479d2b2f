"""Readable terminal summaries of an optimisation, for `prioritise optimise` without --json.

Headings and layout come from the ``cli`` catalogue; the sentences inside (the status, the
conflict, the checks, the repairs, the binding rules) are the allocation's own messages, shown
in the same language.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from prioritise.allocate.results import Allocation
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


def _headline(result: Allocation, scenario: Scenario, lang: str) -> list[str]:
    spent = float(result.allocation["amount"].sum()) if len(result.allocation) else 0.0
    out = [
        t(
            "cli.optimise.title",
            lang,
            scenario=scenario.scenario.name,
            solver=SOLVER_NAMES.get(result.solver, result.solver),
        ),
        said(result.message, lang),
        "",
        t(
            "cli.optimise.figures",
            lang,
            budget=_money(result.budget, scenario),
            spent=_money(spent, scenario),
            lines=msg("cli.optimise.lines", count=int(result.lines)),
            value=Number(result.objective, 4),
        ),
    ]
    for baseline in result.baselines:
        gain = Number(baseline.gain or 0.0, 4, signed=True)
        params = {
            "baseline": said(baseline.description, lang),
            "value": Number(baseline.objective, 4),
            "gain": gain,
        }
        if baseline.gain_share is None:
            line = t("cli.optimise.baseline", lang, **params)
        else:
            share = Percent(baseline.gain_share, signed=True)
            line = t("cli.optimise.baseline_share", lang, share=share, **params)
        out.append(f"  {line}")
    return out


def format_allocation(result: Allocation, scenario: Scenario, lang: str | None = None) -> str:
    """Headline figures, totals by programme, region and year, binding rules and their cost,
    in `lang` (the scenario's language by default)."""
    lang = lang or scenario.scenario.language
    if not result.solved:
        return "\n".join(_diagnosis(result, lang))
    items = _items(scenario)
    out = _headline(result, scenario, lang)
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
    binding = result.constraints
    if len(binding):
        binding = binding[binding["binding"]].copy()
        binding["weight"] = binding["shadow_price"].abs().fillna(0.0)
        binding = binding.sort_values("weight", ascending=False)
        out += ["", t("cli.optimise.binding", lang, number=Integer(len(binding)))]
        out += [f"  - {said(row.sentence, lang)}" for row in binding.head(TOP_LINES).itertuples()]
        if len(binding) > TOP_LINES:
            more = msg("cli.optimise.more", count=len(binding) - TOP_LINES)
            out.append(f"  {more.text(lang)}")
    return "\n".join(out)
