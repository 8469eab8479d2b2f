"""The allocation report as Markdown: what a facilitator sends round after the workshop.

Headline figures first (budget, value, what the proposal gains over the two simple splits,
lines funded), then the money by programme, region, enabling area and year, the rules that
shape the proposal said in words, the group weights, and where every figure comes from —
with figures that have no source marked as illustrative.
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from prioritise.allocate.text import money, number, percent
from prioritise.report.labels import ILLUSTRATIVE, WEIGHT_SET_TITLES, label
from prioritise.report.tables import ReportContext, baseline_label, citations, value_tree_of
from prioritise.scenario.schema import WEIGHT_SETS

MAX_CONSTRAINTS = 20
"""Binding constraints listed by name in the text; the workbook lists them all."""

_TEXT: dict[str, tuple[str, str]] = {
    "title": (
        "{name}: proposed allocation of {budget}",
        "{name}: propuesta de asignación de {budget}",
    ),
    "headline": ("Headline", "En resumen"),
    "budget_line": (
        "**Budget:** {budget} over {years}; **spent:** {spent} ({share}).",
        "**Presupuesto:** {budget} en {years}; **gastado:** {spent} ({share}).",
    ),
    "status_line": ("**Status:** {message}", "**Estado:** {message}"),
    "value_line": (
        "**Value of the proposal:** {value} (the value model's score; higher is better).",
        "**Valor de la propuesta:** {value} (puntaje del modelo de valor; más es mejor).",
    ),
    "gain_line": (
        "**Value gained over the {name}:** {gain} ({share}); that split scores {value}.",
        "**Valor ganado sobre el {name}:** {gain} ({share}); ese reparto obtiene {value}.",
    ),
    "lines_line": (
        "**Lines funded:** {lines} of {cells} possible (programme × enabling area × region).",
        "**Líneas financiadas:** {lines} de {cells} posibles (programa × ámbito "
        "habilitante × región).",
    ),
    "largest_line": (
        "**Largest programme:** {programme} ({pshare}); **largest region:** {region} ({rshare}).",
        "**Programa con más recursos:** {programme} ({pshare}); **región con más "
        "recursos:** {region} ({rshare}).",
    ),
    "why": ("Why there is no allocation", "Por qué no hay asignación"),
    "baselines": ("Value gained over simple splits", "Valor ganado sobre repartos simples"),
    "rules": ("Rules that shape the proposal", "Reglas que determinan la propuesta"),
    "no_rules": (
        "No rule binds: the proposal follows the priorities and returns alone.",
        "Ninguna regla está activa: la propuesta sigue solo las prioridades y los retornos.",
    ),
    "more_rules": (
        "… and {n} more binding constraints (listed in the Excel workbook).",
        "… y {n} restricciones activas más (en el libro Excel).",
    ),
    "weights": ("Group weights", "Ponderaciones del grupo"),
    "sources": ("Sources", "Fuentes"),
    "cited": ("cited by", "citada por"),
    "illustrative": (
        "**Illustrative** (no source; example or expert-judgement figures): {items}.",
        "**Ilustrativo** (sin fuente; cifras de ejemplo o de juicio experto): {items}.",
    ),
    "unsourced": ("**No source given:** {items}.", "**Sin fuente indicada:** {items}."),
    "total": ("Total", "Total"),
    "footer": (
        "Figures marked illustrative are examples, not taken from a source: replace "
        "them before relying on the proposal.",
        "Las cifras marcadas como ilustrativas son ejemplos, no provienen de una fuente: "
        "reemplácelas antes de apoyarse en la propuesta.",
    ),
}


def _t(ctx: ReportContext, key: str, **values: Any) -> str:
    english, spanish = _TEXT[key]
    return (spanish if ctx.language == "es" else english).format(**values)


def _cell(text: Any) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def markdown_table(headers: list[str], rows: list[list[Any]], right: set[int]) -> list[str]:
    """A pipe table; columns in `right` are right-aligned (numbers)."""
    lines = ["| " + " | ".join(_cell(h) for h in headers) + " |"]
    lines.append("|" + "|".join("---:" if i in right else "---" for i in range(len(headers))) + "|")
    lines += ["| " + " | ".join(_cell(v) for v in row) + " |" for row in rows]
    return lines


def _value(amount: float | None, ctx: ReportContext) -> str:
    if amount is None or not math.isfinite(amount):
        return "—"
    return number(amount, ctx.language, 4)


def _signed(amount: float, text: str) -> str:
    return f"+{text}" if amount > 0 else text


def _headline(ctx: ReportContext) -> list[str]:
    result, data = ctx.allocation, ctx.data
    spent = float(result.amounts.sum())
    years = f"{data.years[0]}–{data.years[-1]}" if len(data.years) > 1 else str(data.years[0])
    budget_line = _t(
        ctx,
        "budget_line",
        budget=money(result.budget, data),
        years=years,
        spent=money(spent, data),
        share=percent(spent / result.budget, data),
    )
    lines = [
        f"- {budget_line}",
        f"- {_t(ctx, 'status_line', message=result.message)}",
        f"- {_t(ctx, 'value_line', value=_value(result.objective, ctx))}",
    ]
    for b in result.baselines:
        if b.gain is None:
            continue
        name = baseline_label(ctx, b.name)
        share = "—" if b.gain_share is None else _signed(b.gain_share, percent(b.gain_share, data))
        lines.append(
            "- "
            + _t(
                ctx,
                "gain_line",
                name=name[0].lower() + name[1:],
                gain=_signed(b.gain, _value(b.gain, ctx)),
                share=share,
                value=_value(b.objective, ctx),
            )
        )
    lines.append(
        "- "
        + _t(ctx, "lines_line", lines=result.lines, cells=number(data.n_cells, ctx.language, 0))
    )
    programme, region = result.totals.programme, result.totals.region
    if spent > 0:
        top_p, top_r = programme["amount"].idxmax(), region["amount"].idxmax()
        lines.append(
            "- "
            + _t(
                ctx,
                "largest_line",
                programme=ctx.name(top_p),
                pshare=percent(programme.loc[top_p, "share"], data),
                region=ctx.name(top_r),
                rshare=percent(region.loc[top_r, "share"], data),
            )
        )
    return lines


def _money_table(
    ctx: ReportContext, frame: pd.DataFrame, title_key: str, per_capita: bool = False
) -> list[str]:
    data, word = ctx.data, ctx.word
    headers = [
        word(title_key),
        f"{word('amount')} ({ctx.money_unit})",
        word("share"),
        word("earned"),
    ]
    if per_capita:
        headers.append(f"{word('per_capita')} ({data.currency})")
    rows = []
    for item, row in frame.iterrows():
        cells = [
            ctx.name(str(item)),
            number(row["amount"], ctx.language, 2),
            percent(row["share"], data),
            _value(row["value"], ctx),
        ]
        if per_capita:
            cells.append(
                "—"
                if not math.isfinite(row["per_capita"])
                else number(row["per_capita"], ctx.language, 2)
            )
        rows.append(cells)
    total = [
        f"**{_t(ctx, 'total')}**",
        number(frame["amount"].sum(), ctx.language, 2),
        percent(frame["share"].sum(), data),
        _value(frame["value"].sum(), ctx),
    ]
    rows.append(total + (["—"] if per_capita else []))
    return markdown_table(headers, rows, set(range(1, len(headers))))


def _year_table(ctx: ReportContext) -> list[str]:
    data, word, frame = ctx.data, ctx.word, ctx.allocation.totals.year
    headers = [
        word("year"),
        f"{word('budget')} ({ctx.money_unit})",
        f"{word('amount')} ({ctx.money_unit})",
        word("share"),
    ]
    rows = [
        [
            str(year),
            number(row["budget"], ctx.language, 2),
            number(row["amount"], ctx.language, 2),
            percent(row["share"], data),
        ]
        for year, row in frame.iterrows()
    ]
    return markdown_table(headers, rows, {1, 2, 3})


def _baseline_table(ctx: ReportContext) -> list[str]:
    word, result, data = ctx.word, ctx.allocation, ctx.data
    headers = [word("split"), word("objective"), word("gain"), word("gain_share")]
    rows = [[word("optimised"), _value(result.objective, ctx), "", ""]]
    for b in result.baselines:
        gain = "—" if b.gain is None else _signed(b.gain, _value(b.gain, ctx))
        share = "—" if b.gain_share is None else _signed(b.gain_share, percent(b.gain_share, data))
        rows.append([baseline_label(ctx, b.name), _value(b.objective, ctx), gain, share])
    return markdown_table(headers, rows, {1, 2, 3})


def _rules(ctx: ReportContext) -> list[str]:
    table = ctx.allocation.constraints
    if table is None or table.empty or not table["binding"].any():
        return [_t(ctx, "no_rules")]
    binding = table[table["binding"].astype(bool)].copy()
    binding["order"] = binding["shadow_price"].abs().fillna(-1.0)
    binding = binding.sort_values("order", ascending=False, kind="stable")
    lines = [f"- {sentence}" for sentence in binding["sentence"].head(MAX_CONSTRAINTS)]
    if len(binding) > MAX_CONSTRAINTS:
        lines.append(f"- {_t(ctx, 'more_rules', n=len(binding) - MAX_CONSTRAINTS)}")
    return lines


def _weights(ctx: ReportContext) -> list[str]:
    tree = value_tree_of(ctx.scenario)
    if tree is None:
        return []
    lines = []
    for weight_set in WEIGHT_SETS:
        series = tree.weights.get(weight_set)
        if series is None or series.empty:
            continue
        english, spanish = WEIGHT_SET_TITLES[weight_set]
        parts = ", ".join(
            f"{ctx.name(str(k))} {percent(float(v), ctx.data)}"
            for k, v in series.sort_values(ascending=False).items()
        )
        lines.append(f"- **{spanish if ctx.language == 'es' else english}:** {parts}")
    return lines


def _sources(ctx: ReportContext) -> list[str]:
    cited = citations(ctx.scenario, ctx.language)
    lines = []
    for source in ctx.scenario.sources:
        text = f"- [{source.id}] {source.title}"
        if source.year is not None and str(source.year) not in source.title:
            text += f" ({source.year})"
        if source.url:
            text += f" — <{source.url}>"
        if cited.get(source.id):
            text += f"; {_t(ctx, 'cited')}: {', '.join(cited[source.id])}"
        lines.append(text)
    if cited.get(ILLUSTRATIVE):
        lines.append("- " + _t(ctx, "illustrative", items=", ".join(cited[ILLUSTRATIVE])))
    if cited.get(None):
        lines.append("- " + _t(ctx, "unsourced", items=", ".join(cited[None])))
    return lines


def markdown_report(ctx: ReportContext) -> str:
    """The whole report as one Markdown document."""
    scenario, result, data = ctx.scenario, ctx.allocation, ctx.data
    out = [
        f"# {_t(ctx, 'title', name=scenario.scenario.name, budget=money(result.budget, data))}",
        "",
    ]
    if scenario.scenario.description:
        out += [scenario.scenario.description, ""]
    out += [f"## {_t(ctx, 'headline')}", "", *_headline(ctx), ""]
    if not result.solved:
        out += [f"## {_t(ctx, 'why')}", ""]
        out += [f"- {c.message}" for c in result.checks]
        out += [f"- {r.message}" for r in result.relaxations]
        out.append("")
    else:
        totals = result.totals
        out += [f"## {_t(ctx, 'baselines')}", "", *_baseline_table(ctx), ""]
        out += [
            f"## {label('by_programme', ctx.language)}",
            "",
            *_money_table(ctx, totals.programme, "programme"),
            "",
        ]
        out += [
            f"## {label('by_region', ctx.language)}",
            "",
            *_money_table(ctx, totals.region, "region", per_capita=True),
            "",
        ]
        out += [
            f"## {label('by_area', ctx.language)}",
            "",
            *_money_table(ctx, totals.enabling_area, "area"),
            "",
        ]
        out += [f"## {label('by_year', ctx.language)}", "", *_year_table(ctx), ""]
        out += [f"## {_t(ctx, 'rules')}", "", *_rules(ctx), ""]
    weights = _weights(ctx)
    if weights:
        out += [f"## {_t(ctx, 'weights')}", "", *weights, ""]
    sources = _sources(ctx)
    if sources:
        out += [f"## {_t(ctx, 'sources')}", "", *sources, ""]
    if citations(scenario, ctx.language).get(ILLUSTRATIVE):
        out += [f"_{_t(ctx, 'footer')}_", ""]
    return "\n".join(out)
