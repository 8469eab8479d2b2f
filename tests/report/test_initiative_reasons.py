"""Why each initiative is funded, in part or not, and the binding rules on initiatives, in the
workbook and the Markdown report: checked against the library's own outcomes and against
re-solving the portfolio here, on the shipped Chile scenario with initiatives (a `must_not`,
`requires`, `excludes`, pools and partial funding) and on an initiatives-only scenario."""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path

import openpyxl
import pytest

from prioritise.allocate import initiative_names, optimise_portfolio, outcomes
from prioritise.allocate.mixed import optimise_mixed
from prioritise.allocate.portfolio_explain import RAISE
from prioritise.allocate.portfolio_model import solve_portfolio
from prioritise.report import excel_bytes, markdown_text, write_portfolio_report
from prioritise.report.initiative_reasons import limits_reached, rules_table
from prioritise.scenario import load
from prioritise.text import t
from tests.initiative_factories import initiative_scenario

SCENARIO = (
    Path(__file__).resolve().parents[2] / "scenarios" / "chile_transforma_initiatives_2017.toml"
)
LANGS = ["en", "es"]


@pytest.fixture(scope="module")
def chile():
    scenario = load(SCENARIO)
    result = optimise_mixed(scenario, price_seconds=0)
    assert result.split is not None and result.portfolio is not None and result.solved
    return scenario, result


def _rows(book: openpyxl.Workbook, title: str) -> list[dict]:
    rows = list(book[title].iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def _gain(data, row, objective: float) -> tuple[float, float | None]:
    """What moving a money rule 10 % its relaxing way, or dropping any other, adds: solved
    here, independently of the report (docs/model.md §15.3)."""
    if row.money:
        base = row.limit or 0.0
        step = RAISE * base if base > 0 else RAISE * data.initiatives_budget / len(data.years)
        step = -min(step, base) if row.sense == ">=" else step
        again = solve_portfolio(data, raised={row.name: step})
        moved: float | None = abs(step)
    else:
        again, moved = solve_portfolio(data, dropped=frozenset({row.name})), None
    return (again.objective - objective if again.solved else 0.0), moved


@pytest.mark.parametrize("lang", LANGS)
def test_every_initiative_says_why_as_the_library_does(chile, lang):
    scenario, result = chile
    portfolio = result.portfolio
    book = openpyxl.load_workbook(
        io.BytesIO(excel_bytes(scenario, result.split, lang=lang, portfolio=portfolio))
    )
    rows = _rows(book, t("report.sheet.initiatives", lang))
    why = {r[t("report.column.id", lang)]: r[t("report.initiatives.reason", lang)] for r in rows}
    expected = outcomes(portfolio, initiative_names(scenario, lang))
    statuses = {o.status for o in expected}
    assert statuses == {"funded", "partial", "not_funded"}  # the scenario has all three
    for outcome in expected:
        said = why[outcome.id]
        assert said, outcome.id  # every initiative has its reason, those left out above all
        if outcome.status == "partial":
            assert said.startswith(outcome.reason.text(lang) + " ")
        else:
            assert said == outcome.reason.text(lang)
    ruled_out = next(i for i in scenario.initiatives if i.must_not)
    assert why[ruled_out.id] == t("allocate.reason.must_not", lang)


def test_a_partial_initiative_names_the_limits_that_hold_it(chile):
    """The limits named are spent in full, and raising them (alone) lets the portfolio grow:
    they are what keeps the initiative from more."""
    _, result = chile
    portfolio = result.portfolio
    data, solution = portfolio.data, portfolio.solution
    partial = [i for i in range(data.count) if solution.funded[i] and solution.shares[i] < 1]
    assert partial
    for i in partial:
        limits = limits_reached(portfolio, i)
        assert limits, data.ids[i]
        assert all(solution.slack[row.name] < 1e-6 for row in limits)
        raised = {row.name: data.initiatives_budget for row in limits}
        assert solve_portfolio(data, raised=raised).objective > portfolio.objective + 1e-9


@pytest.mark.parametrize("lang", LANGS)
def test_the_binding_rules_are_those_that_add_value_when_relaxed(chile, lang):
    scenario, result = chile
    portfolio = result.portfolio
    data = portfolio.data
    book = openpyxl.load_workbook(
        io.BytesIO(excel_bytes(scenario, result.split, lang=lang, portfolio=portfolio))
    )
    sheets = book.sheetnames
    title = t("report.sheet.initiative_rules", lang)
    assert sheets.index(title) == sheets.index(t("report.sheet.initiatives", lang)) + 1
    rows = _rows(book, title)
    unit = "MM USD" if lang == "es" else "M USD"
    listed = {r[t("report.column.id", lang)]: r for r in rows}
    assert [r[t("report.column.id", lang)] for r in rows] == [p.row.name for p in portfolio.priced]
    kinds = {row.kind for row in portfolio.solution.rows if row.name in listed}
    assert {"must_not", "requires", "pool", "budget"} <= kinds
    full = float(data.values.sum())
    for row in portfolio.solution.rows:  # every rule, re-solved here
        gain, step = _gain(data, row, portfolio.objective)
        if gain <= 1e-9:
            assert row.name not in listed, row.name
            continue
        shown = listed[row.name]
        assert shown[t("report.initiative_rules.points", lang)] == pytest.approx(100 * gain / full)
        assert shown[t("report.initiative_rules.step", lang, unit=unit)] == (
            None if step is None else pytest.approx(step)
        )
        assert shown[t("report.initiative_rules.rule", lang)]
        assert shown[t("report.column.sentence", lang)].startswith(
            "Binding:" if lang == "en" else "Regla activa:"
        )
    points = [r[t("report.initiative_rules.points", lang)] for r in rows]
    assert points == sorted(points, reverse=True)  # costliest first


@pytest.mark.parametrize("lang", LANGS)
def test_the_markdown_lists_reasons_and_binding_rules(chile, lang):
    scenario, result = chile
    portfolio = result.portfolio
    text = markdown_text(scenario, result.split, lang=lang, portfolio=portfolio)
    reasons_head = f"### {t('report.md.initiative_reasons', lang)}"
    rules_head = f"### {t('report.md.initiative_rules', lang)}"
    assert text.index(reasons_head) < text.index(rules_head)
    reasons = text[text.index(reasons_head) : text.index(rules_head)]
    names = initiative_names(scenario, lang)
    short = [o for o in outcomes(portfolio, names) if o.status != "funded"]
    items = [line for line in reasons.splitlines() if line.startswith("- **")]
    assert len(items) == len(short)
    for item, outcome in zip(items, short, strict=True):
        assert item.startswith(f"- **{names[outcome.id]}**: {outcome.reason.text(lang)}")
    rules = text[text.index(rules_head) :].split("\n## ")[0]
    table = [line for line in rules.splitlines() if line.startswith("| ")]
    assert len(table) == 1 + len(portfolio.priced)  # the header, then one row a rule


def test_a_portfolio_solved_without_explanations_gets_the_same_rules(chile):
    """The app's downloads pass a portfolio solved without prices: the report prices it."""
    scenario, result = chile
    bare = optimise_portfolio(scenario, budget=float(scenario.budget.total), explain=False)
    assert bare.solved and not bare.priced
    table = rules_table(scenario, bare, "en")
    assert table is not None
    assert table.frame["Id"].tolist() == [p.row.name for p in result.portfolio.priced]


def test_no_rules_sheet_when_no_rule_binds(chile):
    scenario, result = chile
    idle = replace(result.portfolio, priced=[], greedy=(set(), 0.0))  # explained: none binds
    assert rules_table(scenario, idle, "en") is None
    text = markdown_text(scenario, result.split, lang="en", portfolio=idle)
    assert t("report.md.initiative_rules_none", "en") in text


@pytest.mark.parametrize("lang", LANGS)
def test_an_initiatives_only_report_gives_reasons_and_rules(tmp_path, lang):
    scenario = initiative_scenario(3, 8, share=1.0, budget=12.0)
    portfolio = optimise_portfolio(scenario)
    assert portfolio.solved and portfolio.priced
    book_path = write_portfolio_report(scenario, portfolio, tmp_path / "p.xlsx", lang=lang)
    book = openpyxl.load_workbook(book_path)
    assert book.sheetnames == [
        t("report.sheet.initiatives", lang),
        t("report.sheet.initiative_rules", lang),
    ]
    rows = _rows(book, t("report.sheet.initiatives", lang))
    why = t("report.initiatives.reason", lang)
    assert all(r[why] for r in rows)
    text = write_portfolio_report(scenario, portfolio, tmp_path / "p.md", lang=lang).read_text()
    assert f"### {t('report.md.initiative_rules', lang)}" in text
    names = initiative_names(scenario, lang)
    for outcome in outcomes(portfolio, names):
        if outcome.status == "not_funded":
            assert f"- **{names[outcome.id]}**: {outcome.reason.text(lang)}" in text


def test_both_downloads_of_one_portfolio_explain_it_once(chile, monkeypatch):
    """The app writes the workbook and the Markdown report of one portfolio one after the
    other: its reasons and rule prices are re-solved once, and the two files agree; another
    portfolio, or another language, is explained afresh."""
    import prioritise.report.initiative_reasons as reasons_module

    scenario, result = chile
    calls = {"outcomes": 0, "prices": 0}
    real_outcomes, real_prices = reasons_module.outcomes, reasons_module.rule_prices

    def counted_outcomes(*args, **kwargs):
        calls["outcomes"] += 1
        return real_outcomes(*args, **kwargs)

    def counted_prices(*args, **kwargs):
        calls["prices"] += 1
        return real_prices(*args, **kwargs)

    monkeypatch.setattr(reasons_module, "outcomes", counted_outcomes)
    monkeypatch.setattr(reasons_module, "rule_prices", counted_prices)
    budget = float(scenario.budget.total)
    bare = optimise_portfolio(scenario, budget=budget, explain=False)
    book = excel_bytes(scenario, result.split, lang="es", portfolio=bare)
    text = markdown_text(scenario, result.split, lang="es", portfolio=bare)
    assert calls == {"outcomes": 1, "prices": 1}
    rows = _rows(openpyxl.load_workbook(io.BytesIO(book)), t("report.sheet.initiatives", "es"))
    names = initiative_names(scenario, "es")
    left_out = [o for o in outcomes(bare, names) if o.status == "not_funded"]
    assert left_out
    why = {
        row[t("report.column.id", "es")]: row[t("report.initiatives.reason", "es")] for row in rows
    }
    for outcome in left_out:  # the workbook's reason is the report's, word for word
        assert f"- **{names[outcome.id]}**: {why[outcome.id]}" in text
    markdown_text(scenario, result.split, lang="en", portfolio=bare)
    assert calls == {"outcomes": 2, "prices": 1}  # prices do not depend on the language
    again = optimise_portfolio(scenario, budget=budget, explain=False)
    markdown_text(scenario, result.split, lang="es", portfolio=again)
    assert calls == {"outcomes": 3, "prices": 2}
