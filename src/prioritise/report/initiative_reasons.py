"""Why each initiative is funded, in part or not, and the rules on initiatives that bind, for
the workbook and the Markdown report (docs/model.md §15.3, §15.5).

The reasons and the prices are the library's own, as the app's Initiatives page and
`prioritise optimise` give them: `allocate.outcomes` checks each initiative left out by solving
again with it forced in, and `allocate.portfolio_explain.rule_prices` prices each rule by
solving again with it moved or dropped. Here they are only put into the report's language (the
portfolio's names are the scenario's language): an initiative funded in part also names the
money limits it draws on that the portfolio spends in full, which is what keeps it from more.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

import pandas as pd

from prioritise.allocate.portfolio import Portfolio, rule_message
from prioritise.allocate.portfolio_explain import RAISE, Priced, rule_prices
from prioritise.allocate.portfolio_input import GENERAL, PortfolioInput
from prioritise.allocate.portfolio_model import Row
from prioritise.allocate.portfolio_reasons import NOT_FUNDED, PARTIAL, Outcome, outcomes
from prioritise.allocate.text import index_points
from prioritise.report.markdown import markdown_table
from prioritise.report.tables import Table
from prioritise.scenario.schema import Scenario
from prioritise.text import ListOf, Percent, format, money_unit, name_of, t

REASON_SECONDS = 5.0
"""Time for each re-solve that explains an initiative left out (as the app allows)."""
PRICE_SENTENCES = frozenset(
    {
        "allocate.portfolio.price_drop",
        "allocate.portfolio.price_raise",
        "allocate.portfolio.price_lower",
    }
)
"""The sentences `Portfolio.lines` gives a binding rule, one per priced rule, in order."""
SPENT = 1e-7
"""A money limit with less room than this share of it (or of 1) is spent in full."""


def in_language(scenario: Scenario, portfolio: Portfolio, lang: str) -> Portfolio:
    """The same portfolio whose initiatives, programmes, regions and pools are named in
    `lang` (the library names them in the scenario's language)."""
    names = {item.id: name_of(item, lang) for item in scenario.initiatives}
    groups: list[Any] = [*scenario.programmes, *scenario.regions, *scenario.pools]
    labels = {item.id: name_of(item, lang) for item in groups}
    return replace(portfolio, data=replace(portfolio.data, names=names, labels=labels))


class _Recent:
    """The last few results, found by the identity of what they were computed from: the
    workbook and the Markdown report of one portfolio, written one after the other (the app's
    downloads, `optimise --out` with both), re-solve its explanations once, not twice."""

    def __init__(self, size: int = 4) -> None:
        self.size = size
        self.items: list[tuple[tuple[object, ...], str, Any]] = []

    def get(self, objects: tuple[object, ...], lang: str, compute: Callable[[], Any]) -> Any:
        for known, language, value in list(self.items):
            same = all(a is b for a, b in zip(known, objects, strict=True))
            if same and language == lang:
                return value
        value = compute()
        self.items = [(objects, lang, value), *self.items][: self.size]
        return value


_PRICES = _Recent()
_REASONS = _Recent()


def binding(portfolio: Portfolio) -> list[Priced]:
    """The rules that bind, costliest first, with what moving or dropping each would add. A
    portfolio solved without its explanations (the app's, for a page that shows the split
    alone) has them priced here, by the same re-solves."""
    if not portfolio.solved:
        return []
    if portfolio.greedy is None and not portfolio.priced:  # not explained when solved
        found: list[Priced] = _PRICES.get(
            (portfolio,), "", lambda: rule_prices(portfolio.data, portfolio.solution)
        )
        return found
    return portfolio.priced


def _draws_on(data: PortfolioInput, row: Row, i: int) -> bool:
    """Whether initiative `i`'s money counts in the money rule `row`, named as the model
    names it (docs/model.md §15.2: a year's money for initiatives counts every earlier year
    too when money carries over; a pool counts the initiatives that may draw on it)."""
    if row.kind == "share":
        return any(limit.name == row.name and i in limit.members for limit in data.limits)
    sources, costs = data.sources(i), data.costs[i]
    for t_index, year in enumerate(data.years):
        if row.name == f"budget[{year}]":
            window = range(t_index + 1) if data.carry_over else (t_index,)
            return GENERAL in sources and any(float(costs[s]) > 0 for s in window)
    for pool in data.pools:
        if pool.id not in sources:
            continue
        if row.name == f"pool[{pool.id}]":
            return True
        for t_index, year in enumerate(data.years):
            if row.name == f"pool[{pool.id}][{year}]":
                return float(costs[t_index]) > 0
    return False


def limits_reached(portfolio: Portfolio, i: int) -> list[Row]:
    """The money limits (a year's money for initiatives, a pool, a programme's or region's cap)
    that initiative `i` draws on and the portfolio spends in full: what keeps a share of it
    from growing, since more of it would add value."""
    solution = portfolio.solution
    return [
        row
        for row in solution.rows
        if row.money
        and row.sense == "<="
        and solution.slack.get(row.name, 1.0) <= SPENT * max(1.0, abs(row.limit or 0.0))
        and _draws_on(portfolio.data, row, i)
    ]


@dataclass(frozen=True)
class Reasons:
    """Each initiative's outcome in the portfolio and the reason in the report's language."""

    outcomes: list[Outcome]
    text: dict[str, str]


def reasons(scenario: Scenario, portfolio: Portfolio, lang: str) -> Reasons:
    """Every initiative's reason in words (empty when no portfolio was found)."""
    found: Reasons = _REASONS.get(
        (scenario, portfolio), lang, lambda: _reasons(scenario, portfolio, lang)
    )
    return found


def _reasons(scenario: Scenario, portfolio: Portfolio, lang: str) -> Reasons:
    named = in_language(scenario, portfolio, lang)
    data = named.data
    found = outcomes(named, data.names, time_limit=REASON_SECONDS)
    text = {}
    for i, outcome in enumerate(found):
        said = outcome.reason.text(lang)
        limits = limits_reached(named, i) if outcome.status == PARTIAL else []
        if limits:
            rules = ListOf([rule_message(row, data).text(lang) for row in limits])
            said = t("report.initiatives.partial_limits", lang, reason=said, limits=rules)
        text[outcome.id] = said
    return Reasons(found, text)


def rules_table(scenario: Scenario, portfolio: Portfolio, lang: str) -> Table | None:
    """The binding rules on initiatives, costliest first: the rule in words, the change of a
    money limit tried, the portfolio index points it would add and the sentence `optimise`
    prints; None when no portfolio was found or no rule binds."""
    priced = binding(portfolio)
    if not priced:
        return None
    named = replace(in_language(scenario, portfolio, lang), priced=priced)
    data = named.data
    sentences = [m.text(lang) for m in named.lines() if m.id in PRICE_SENTENCES]
    unit = money_unit(scenario.scenario.unit, scenario.scenario.currency, lang)
    heads = {
        "rule": t("report.initiative_rules.rule", lang),
        "step": t("report.initiative_rules.step", lang, unit=unit),
        "points": t("report.initiative_rules.points", lang),
        "sentence": t("report.column.sentence", lang),
        "id": t("report.column.id", lang),
    }
    frame = pd.DataFrame(
        {
            heads["rule"]: [_capital(rule_message(p.row, data).text(lang)) for p in priced],
            heads["step"]: [p.step for p in priced],
            heads["points"]: [data.points(p.gain) for p in priced],
            heads["sentence"]: sentences,
            heads["id"]: [p.row.name for p in priced],  # the rule as the JSON names it
        }
    )
    formats = {heads["rule"]: "text", heads["step"]: "money", heads["points"]: "points"}
    formats[heads["sentence"]] = "text"
    title = t("report.sheet.initiative_rules", lang)
    return Table("initiative_rules", title, frame, formats, lang=lang)


def reason_lines(
    scenario: Scenario, portfolio: Portfolio, lang: str, found: Reasons | None = None
) -> list[str]:
    """The Markdown of why initiatives are not funded in full, then of the binding rules
    (`found`: the reasons, when already worked out for this portfolio and language)."""
    if not portfolio.solved:
        return []
    if found is None:
        found = reasons(scenario, portfolio, lang)
    names = in_language(scenario, portfolio, lang).data.names
    short = [o for o in found.outcomes if o.status in (PARTIAL, NOT_FUNDED)]
    lines = []
    if short:
        lines += [f"### {t('report.md.initiative_reasons', lang)}", ""]
        lines += [f"- **{names[o.id]}**: {found.text[o.id]}" for o in short]
        lines.append("")
    lines += [f"### {t('report.md.initiative_rules', lang)}", ""]
    table = rules_table(scenario, portfolio, lang)
    if table is None:
        return [*lines, t("report.md.initiative_rules_none", lang), ""]
    intro = t("report.md.initiative_rules_intro", lang, step=Percent(RAISE, 0))
    heads = list(table.frame.columns[:3])
    rows = [
        [
            rule,
            "" if pd.isna(step) else format.number(step, lang, 2),
            index_points(points).text(lang),  # as the sentences of `optimise` give them
        ]
        for rule, step, points in table.frame[heads].itertuples(index=False)
    ]
    return [*lines, intro, "", *markdown_table(heads, rows, {1, 2}), ""]


def _capital(text: str) -> str:
    """A rule's words, which the library writes to go inside a sentence, as a cell begins."""
    return text[:1].upper() + text[1:]
