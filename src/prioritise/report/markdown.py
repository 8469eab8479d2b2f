"""The allocation report as Markdown: what a facilitator sends round after the workshop.

Headline figures first (budget, value, what the proposal gains over the two simple splits,
lines funded), then the money by programme, region, enabling area and year, the rules that
shape the proposal said in words, the group weights, and where every figure comes from —
with figures that have no source marked as illustrative.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from prioritise.allocate.constraints import BUDGET_KINDS, costliest_first
from prioritise.allocate.mixed import budget_places
from prioritise.report.diagnosis import ways_out, why_lines
from prioritise.report.evidence import evidence_lines
from prioritise.report.labels import (
    ILLUSTRATIVE,
    WEIGHT_SET_TITLES,
    citations,
    cited_text,
    label,
    named,
    share_text,
)
from prioritise.report.tables import ReportContext, value_tree_of, years_text
from prioritise.report.value_tables import baseline_label, index_points
from prioritise.scenario.schema import WEIGHT_SETS
from prioritise.text import integer, money, number, t

MAX_CONSTRAINTS = 20
"""Binding constraints listed by name in the text; the workbook lists them all."""

_TEXT = {
    "title": "report.md.title",
    "written": "report.md.written",
    "headline": "report.md.headline",
    "budget_line": "report.md.budget_line",
    "budget_none_line": "report.md.budget_none_line",
    "title_none": "report.md.title_none",
    "lines_budget_line": "report.md.lines_budget_line",
    "status_line": "report.md.status_line",
    "value_line": "report.md.value_line",
    "value_raw_line": "report.md.value_raw_line",
    "rules_cost_line": "report.md.rules_cost_line",
    "rules_cost_points_line": "report.md.rules_cost_points_line",
    "gain_line": "report.md.gain_line",
    "ignoring_line": "report.md.ignoring_line",
    "money_sources": "report.md.money_sources",
    "money_sources_intro": "report.md.money_sources_intro",
    "lines_line": "report.md.lines_line",
    "largest_line": "report.md.largest_line",
    "largest_lines_line": "report.md.largest_lines_line",
    "why": "report.md.why",
    "baselines": "report.md.baselines",
    "rules": "report.md.rules",
    "no_rules": "report.md.no_rules",
    "more_rules": "report.md.more_rules",
    "free_rules": "report.md.free_rules",
    "weights": "report.md.weights",
    "cited": "report.md.cited",
    "illustrative": "report.md.illustrative",
    "illustrative_mark": "report.md.illustrative_mark",
    "unsourced": "report.md.unsourced",
    "total": "report.md.total",
    "footer": "report.md.footer",
}


def _t(ctx: ReportContext, key: str, **values: Any) -> str:
    return t(_TEXT[key], ctx.language, **values)


def _cell(text: Any) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def markdown_table(headers: list[str], rows: list[list[Any]], right: set[int]) -> list[str]:
    """A pipe table; columns in `right` are right-aligned (numbers)."""
    lines = ["| " + " | ".join(_cell(h) for h in headers) + " |"]
    lines.append("|" + "|".join("---:" if i in right else "---" for i in range(len(headers))) + "|")
    lines += ["| " + " | ".join(_cell(v) for v in row) + " |" for row in rows]
    return lines


def _value(amount: float | None, ctx: ReportContext, *, signed: bool = False) -> str:
    """A score of the value model: four decimals, a gain with its sign."""
    return number(amount, ctx.language, 4, signed=signed)


def _amount(amount: float | None, ctx: ReportContext) -> str:
    """Money in a column whose header names the unit."""
    return number(amount, ctx.language, 2)


def _money(amount: float, ctx: ReportContext) -> str:
    return money(amount, ctx.data.unit, ctx.data.currency, ctx.language)


def _budget(amount: float, ctx: ReportContext) -> str:
    """A budget, the whole or a part of it, or what is spent of it, to the decimals of the
    split's budget (`budget_places`): a mixed scenario's 131,25 of 175,00, not 131,3."""
    places = budget_places(ctx.scenario, ctx.allocation.budget)
    return money(amount, ctx.data.unit, ctx.data.currency, ctx.language, places)


def _share(share: float | None, ctx: ReportContext, *, signed: bool = False) -> str:
    return share_text(share, ctx.language, signed=signed)


def _index(value: float | None, ctx: ReportContext, *, signed: bool = False) -> str:
    """Index points: one decimal."""
    return number(value, ctx.language, 1, signed=signed)


def _value_lines(ctx: ReportContext) -> list[str]:
    """The value index, what the rules cost, and the fair comparisons (docs/model.md §10)."""
    result = ctx.allocation
    stick = result.yardstick
    if stick is None or stick.reference is None or result.objective is None:
        return [f"- {_t(ctx, 'value_raw_line', value=_value(result.objective, ctx))}"]
    index = result.value_index
    lines = [
        f"- {_t(ctx, 'value_line', index=_index(index, ctx), budget=_budget(result.budget, ctx))}"
    ]
    cost = result.rules_cost
    if cost is not None:
        points, money = cost
        said = points.text(ctx.language)
        if money is None:  # no reading as money (docs/model.md §8.3): the points alone
            line = _t(ctx, "rules_cost_points_line", points=said)
            why = result.rules_cost_unread
            line = line if why is None else f"{line} {ctx.text(why)}"
        else:
            line = _t(ctx, "rules_cost_line", points=said, money=money.text(ctx.language))
        lines.append(f"- {line}")
    plain = []
    for b in result.baselines:
        if b.value_index is None:
            continue
        if not b.obeys_rules:
            plain.append(f"{baseline_label(ctx, b.name)} {_index(b.value_index, ctx)}")
            continue
        gain = _index(b.gain_shown(result.value_index), ctx)  # as the two indexes shown
        name = baseline_label(ctx, b.name)
        line = _t(ctx, "gain_line", name=name, gain=gain, index=_index(b.value_index, ctx))
        lines.append(f"- {line}")
    if plain:
        lines.append(f"- {_t(ctx, 'ignoring_line', splits='; '.join(plain))}")
    return lines


def _illustrative(ctx: ReportContext, source: str | None) -> str:
    """The mark after a figure with no source (§ sources: such figures are examples)."""
    return " " + _t(ctx, "illustrative_mark") if source in (None, ILLUSTRATIVE) else ""


def _headline(ctx: ReportContext, whole: float | None = None) -> list[str]:
    """The headline; of a mixed scenario (`whole`, its whole budget), the lines' part."""
    result = ctx.allocation
    if not result.solved:  # no proposal to describe: no spending, value or lines
        budget = _budget(result.budget, ctx) + _illustrative(ctx, ctx.scenario.budget.source)
        years, reason = years_text(ctx.data), ctx.text(result.status_note)
        return [f"- {_t(ctx, 'budget_none_line', budget=budget, years=years, reason=reason)}"]
    spent = result.spent
    budget_line = _t(
        ctx,
        "budget_line" if whole is None else "lines_budget_line",
        budget=_budget(result.budget, ctx) + _illustrative(ctx, ctx.scenario.budget.source),
        years=years_text(ctx.data),
        spent=_budget(spent, ctx),
        share=_share(spent / result.budget if result.budget else None, ctx),
        **({} if whole is None else {"whole": _budget(whole, ctx)}),
    )
    lines = [
        f"- {budget_line}",
        f"- {_t(ctx, 'status_line', message=ctx.text(result.status_note))}",
    ]
    lines += _value_lines(ctx)
    lines_line = _t(
        ctx,
        "lines_line",
        lines=integer(result.lines, ctx.language),
        cells=integer(ctx.data.n_cells, ctx.language),
    )
    lines.append(f"- {lines_line}")
    programme, region = result.totals.programme, result.totals.region
    if spent > 0:
        top_p, top_r = programme["amount"].idxmax(), region["amount"].idxmax()
        largest = _t(
            ctx,
            "largest_line" if whole is None else "largest_lines_line",
            programme=ctx.name(str(top_p)),
            pshare=_share(float(programme.loc[top_p, "share"]), ctx),
            region=ctx.name(str(top_r)),
            rshare=_share(float(region.loc[top_r, "share"]), ctx),
        )
        lines.append(f"- {largest}")
    return lines


def _money_table(
    ctx: ReportContext, frame: pd.DataFrame, title_key: str, per_capita: bool = False
) -> list[str]:
    word = ctx.word
    earned, points, kind = ctx.earned(frame["value"])
    headers = [word(title_key), word("amount", unit=ctx.money_unit), word("share"), earned]
    if per_capita:
        headers.append(word("per_capita", currency=ctx.data.currency))
    rows = []
    for (item, row), value in zip(frame.iterrows(), points, strict=True):
        shown = _index(value, ctx) if kind == "index" else _value(value, ctx)
        cells = [ctx.name(str(item)), _amount(row["amount"], ctx), _share(row["share"], ctx), shown]
        if per_capita:
            cells.append(_amount(row["per_capita"], ctx))
        rows.append(cells)
    whole = sum(points)
    total = [
        f"**{_t(ctx, 'total')}**",
        _amount(frame["amount"].sum(), ctx),
        _share(frame["share"].sum(), ctx),
        _index(whole, ctx) if kind == "index" else _value(whole, ctx),
    ]
    rows.append(total + ([_amount(None, ctx)] if per_capita else []))
    return markdown_table(headers, rows, set(range(1, len(headers))))


def _year_table(ctx: ReportContext) -> list[str]:
    word, frame = ctx.word, ctx.allocation.totals.year
    headers = [
        word("year"),
        word("budget_amount", unit=ctx.money_unit),
        word("amount", unit=ctx.money_unit),
        word("share"),
    ]
    rows = [
        [
            str(year),
            _amount(row["budget"], ctx),
            _amount(row["amount"], ctx),
            _share(row["share"], ctx),
        ]
        for year, row in frame.iterrows()
    ]
    return markdown_table(headers, rows, {1, 2, 3})


def _baseline_table(ctx: ReportContext) -> list[str]:
    word, result = ctx.word, ctx.allocation
    headers = [word("split"), word("obeys_rules"), word("value_index"), word("gain_points")]
    yes, no = word("obeys"), word("ignores")
    rows = [[word("optimised"), yes, _index(result.value_index, ctx), ""]]
    for b in result.baselines:
        # a split that breaks the rules is shown for comparison only, with no gain over it
        # (docs/model.md §10.2): it would mix what optimising adds with what the rules cost
        gain = _index(b.gain_shown(result.value_index), ctx, signed=True) if b.obeys_rules else ""
        rows.append(
            [
                baseline_label(ctx, b.name),
                yes if b.obeys_rules else no,
                _index(b.value_index, ctx),
                gain,
            ]
        )
    return markdown_table(headers, rows, {2, 3})


def _rules(ctx: ReportContext) -> list[str]:
    table = ctx.allocation.constraints
    if table is None or table.empty or not table["binding"].any():
        return [_t(ctx, "no_rules")]
    binding = costliest_first(table, ctx.allocation.rules_priced)
    free = _free(ctx, binding)
    budget = binding["kind"].isin(BUDGET_KINDS)
    costly = binding[~free & ~budget]
    shown = pd.concat([costly.head(MAX_CONSTRAINTS), binding[budget]])  # the budget always
    lines = [f"- {ctx.text(note)}" for note in shown["note"]]
    if len(costly) > MAX_CONSTRAINTS:
        lines.append(f"- {_t(ctx, 'more_rules', count=len(costly) - MAX_CONSTRAINTS)}")
    if free.any():
        lines.append(f"- {_t(ctx, 'free_rules', count=int(free.sum()))}")
    return lines


def _free(ctx: ReportContext, binding: pd.DataFrame) -> pd.Series:
    """Binding rules that cost nothing: re-solved exactly without them, no value is gained (the
    sentences would say "dropping it would add no value")."""
    if not ctx.allocation.rules_priced:
        return pd.Series(False, index=binding.index)
    points = binding["value_if_dropped"].map(lambda v: index_points(ctx, v))
    exact = binding["price_exact"].fillna(False).astype(bool)
    return exact & points.map(lambda p: p is not None and abs(p) < 1e-6)


def _money_sources(ctx: ReportContext) -> list[str]:
    """Where a rule or a commitment holds money, region by region, in sentences."""
    sources = ctx.allocation.sources
    if sources is None or sources.empty:
        return []
    shown = sources[(sources["held"] > 0) | (sources["committed"] > 0)]
    if shown.empty:
        return []
    return [_t(ctx, "money_sources_intro"), "", *(f"- {ctx.text(n)}" for n in shown["note"])]


def _weights(ctx: ReportContext) -> list[str]:
    tree = value_tree_of(ctx.scenario)
    if tree is None:
        return []
    lines = []
    for weight_set in WEIGHT_SETS:
        series = tree.weights.get(weight_set)
        if series is None or series.empty:
            continue
        parts = ", ".join(
            f"{ctx.name(str(k))} {_share(float(v), ctx)}"
            for k, v in series.sort_values(ascending=False).items()
        )
        lines.append(f"- **{named(WEIGHT_SET_TITLES, weight_set, ctx.language)}:** {parts}")
    return lines


def _sources(ctx: ReportContext) -> list[str]:
    lang = ctx.language
    cited = citations(ctx.scenario, lang)
    lines = []
    for source in ctx.scenario.sources:
        title = source.title_in(lang)
        text = f"[{source.id}] {title}"
        if source.year is not None and str(source.year) not in title:
            text += f" ({source.year})"
        if source.url:
            text += f" — <{source.url}>"
        if cited.get(source.id):
            text = _t(ctx, "cited", source=text, items=cited_text(cited[source.id], lang))
        lines.append(f"- {text}")
    if cited.get(ILLUSTRATIVE):
        items = cited_text(cited[ILLUSTRATIVE], lang)
        lines.append("- " + _t(ctx, "illustrative", items=items))
    if cited.get(None):
        lines.append("- " + _t(ctx, "unsourced", items=cited_text(cited[None], lang)))
    return lines + evidence_lines(ctx, value_tree_of(ctx.scenario))


def _section(ctx: ReportContext, key: str, lines: list[str]) -> list[str]:
    """A level-2 heading (a sheet title or a Markdown heading) and its lines."""
    heading = _t(ctx, key) if key in _TEXT else label(key, ctx.language)
    return [f"## {heading}", "", *lines, ""]


def markdown_report(
    ctx: ReportContext,
    initiatives: list[str] | None = None,
    together: list[str] | None = None,
    whole: float | None = None,
) -> str:
    """The whole report as one Markdown document, in the context's language; `initiatives`,
    the section of a portfolio of initiatives, follows the split's sections. A mixed
    scenario's report is titled with its `whole` budget, and `together` (lines and
    initiatives together) follows the headline."""
    scenario, result = ctx.scenario, ctx.allocation
    title = _t(
        ctx,
        "title" if result.solved else "title_none",
        name=scenario.scenario.name_in(ctx.language),
        budget=_budget(result.budget if whole is None else whole, ctx),
    )
    out = [f"# {title}", "", f"_{_t(ctx, 'written', when=ctx.written_text())}_", ""]
    if scenario.scenario.description_in(ctx.language):
        out += [scenario.scenario.description_in(ctx.language), ""]
    out += _section(ctx, "headline", _headline(ctx, whole))
    out += together or []
    if not result.solved:
        out += _section(ctx, "why", why_lines(ctx))
        out += ways_out(ctx)
    else:
        totals = result.totals
        out += _section(ctx, "baselines", _baseline_table(ctx))
        out += _section(ctx, "by_programme", _money_table(ctx, totals.programme, "programme"))
        out += _section(
            ctx, "by_region", _money_table(ctx, totals.region, "region", per_capita=True)
        )
        out += _section(ctx, "by_area", _money_table(ctx, totals.enabling_area, "area"))
        out += _section(ctx, "by_year", _year_table(ctx))
        out += _section(ctx, "rules", _rules(ctx))
        held = _money_sources(ctx)
        if held:
            out += _section(ctx, "money_sources", held)
    out += initiatives or []
    weights = _weights(ctx)
    if weights:
        out += _section(ctx, "weights", weights)
    sources = _sources(ctx)
    if sources:
        out += _section(ctx, "sources", sources)
    if citations(scenario, ctx.language).get(ILLUSTRATIVE):
        out += [f"_{_t(ctx, 'footer')}_", ""]
    return "\n".join(out)
