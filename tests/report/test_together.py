"""A mixed scenario's report gives the whole budget: lines and initiatives together by
programme and region, as shares of the whole budget, on which the share rules hold — the
same figures `optimise` prints (docs/model.md §15.2)."""

from __future__ import annotations

import io

import openpyxl
import pytest

from prioritise.allocate.mixed import optimise_mixed
from prioritise.report import excel_bytes, markdown_text
from prioritise.text import t
from tests.initiative_factories import initiative_scenario


def _rows(data: bytes, title: str) -> list[dict]:
    sheet = openpyxl.load_workbook(io.BytesIO(data))[title]
    rows = list(sheet.iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("group", ["programme", "region"])
def test_the_workbook_adds_lines_and_initiatives_as_shares_of_the_whole(mixed, lang, group):
    scenario, result = mixed
    data = excel_bytes(scenario, result.split, lang=lang, portfolio=result.portfolio)
    rows = _rows(data, t(f"report.sheet.together_{group}", lang))
    unit = "M USD" if lang == "en" else "MM USD"
    lines = t("report.together.lines", lang, unit=unit)
    given = t("report.together.initiatives", lang, unit=unit)
    both = t("report.together.amount", lang, unit=unit)
    share = t("report.together.share", lang)
    expected = result.together(scenario, group)
    *items, total = rows
    first = t("common.programme" if group == "programme" else "common.region", lang)
    assert total[first] == t("report.md.total", lang)
    named = {row[first] for row in items}
    elsewhere = t(f"report.together.no_{group}", lang)
    placed = {item.id for item in scenario.initiatives if getattr(item, group) is not None}
    national = sum(a for ident, _, a in result.portfolio.funded() if ident not in placed)
    assert expected is not None
    assert len(items) == len(expected) + (1 if national > 0 else 0)
    assert (elsewhere in named) == (national > 0)  # initiatives of no region get a row
    whole = float(scenario.budget.total)
    for row in rows:
        assert row[both] == pytest.approx(row[lines] + row[given], abs=1e-9)
        assert row[share] == pytest.approx(row[both] / whole, abs=1e-9)
    for column in (lines, given, both, share):  # the total row adds the others up
        assert total[column] == pytest.approx(sum(row[column] for row in items), abs=1e-9)
    assert total[lines] == pytest.approx(result.split.amounts.sum(), rel=1e-9)
    funded = sum(amount for _, _, amount in result.portfolio.funded())
    assert total[given] == pytest.approx(funded, rel=1e-9)  # every initiative, placed or not
    caps = {
        "programme": scenario.constraints.max_programme_share,
        "region": scenario.constraints.max_region_share,
    }
    if caps[group] is not None:  # the scenario's own cap holds on the whole budget
        assert max(row[share] for row in items if row[first] != elsewhere) <= caps[group] + 1e-6


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_markdown_report_is_titled_with_the_whole_budget(mixed, lang):
    scenario, result = mixed
    text = markdown_text(scenario, result.split, lang=lang, portfolio=result.portfolio)
    first = text.splitlines()[0]
    whole = float(scenario.budget.total)
    split_budget = result.split.budget
    assert split_budget == pytest.approx(whole * (1 - scenario.initiatives_share))
    number = f"{whole:.1f}" if lang == "en" else f"{whole:.1f}".replace(".", ",")
    assert number in first
    heading = f"## {t('report.md.together', lang)}"
    assert heading in text
    assert text.index(heading) < text.index(f"## {t('report.md.baselines', lang)}")
    assert t("report.sheet.together_region", lang) in text


def test_a_report_without_initiatives_has_no_such_section():
    scenario = initiative_scenario(4, 7, partial=True, share=0.5)
    plain = scenario.model_copy(update={"initiatives": []})
    from prioritise.allocate import optimise_scenario

    result = optimise_scenario(plain, price_seconds=0, with_baselines=False)
    text = markdown_text(plain, result, lang="en")
    assert t("report.md.together", "en") not in text
    book = openpyxl.load_workbook(io.BytesIO(excel_bytes(plain, result, lang="en")))
    assert t("report.sheet.together_programme", "en") not in book.sheetnames


def test_the_shipped_scenario_says_what_the_pools_add():
    """Initiatives that draw on funding pools cost more than their share of the budget: the
    report says how much, and what the tables then add up to (more than 100 %)."""
    from pathlib import Path

    from prioritise.scenario import load
    from prioritise.text import Money, Percent

    root = Path(__file__).parents[2]
    scenario = load(root / "scenarios" / "chile_transforma_initiatives_2017.toml")
    result = optimise_mixed(scenario, price_seconds=0, with_baselines=False)
    pools = result.portfolio.from_pools()
    assert pools > 0
    given = sum(amount for _, _, amount in result.portfolio.funded())
    total = result.split.amounts.sum() + given
    text = markdown_text(scenario, result.split, lang="en", portfolio=result.portfolio)
    unit = scenario.scenario.unit, scenario.scenario.currency
    said = t(
        "report.together.pools",
        "en",
        spent=Money(given - pools, *unit, 2),
        own=Money(175.0 * scenario.initiatives_share, *unit, 2),
        pools=Money(pools, *unit, 2),
        total=Money(total, *unit, 2),
        share=Percent(total / 175.0, 1),
    )
    assert said in text  # 42.23 of 43.75, as the initiatives' own section writes them
    assert f"**{t('report.md.total', 'en')}** | 131.25 |" in text
    written = Money(total, *unit, 2).text("en").split()[0]  # the note's total is the row's
    assert f"together they come to {written} M USD" in text and f"| {written} |" in text


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_summary_sheet_gives_the_whole_budget_and_the_lines_part(mixed, lang):
    scenario, result = mixed
    data = excel_bytes(scenario, result.split, lang=lang, portfolio=result.portfolio)
    sheet = openpyxl.load_workbook(io.BytesIO(data))[t("report.sheet.summary", lang)]
    rows = {row[0]: row[1] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows[t("report.summary.whole_budget", lang)] == pytest.approx(scenario.budget.total)
    lines = float(scenario.budget.total) * (1 - scenario.initiatives_share)
    assert rows[t("report.summary.lines_budget", lang)] == pytest.approx(lines)
    assert rows[t("report.summary.lines_budget", lang)] == pytest.approx(result.split.budget)
    assert t("common.budget", lang) not in rows  # not the lines' part under the whole's name
