"""The workbook's sheet of initiatives: costs and values from the scenario, value per unit of
money recomputed here, and each initiative's decision as the optimised portfolio has it."""

from __future__ import annotations

import io

import openpyxl
import pytest

from prioritise.report import excel_bytes
from prioritise.scoring import initiative_values, value_tree
from prioritise.text import t
from tests.factories import make_scenario


def _sheet(data: bytes, lang: str) -> list[dict]:
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = book[t("report.sheet.initiatives", lang)]
    rows = list(sheet.iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


@pytest.mark.parametrize("lang", ["en", "es"])
def test_sheet_holds_costs_values_and_decisions(mixed, lang):
    scenario, result = mixed
    data = excel_bytes(scenario, result.split, lang=lang, portfolio=result.portfolio)
    rows = _sheet(data, lang)
    values = initiative_values(scenario, value_tree(scenario)).value
    funded = {ident: (share, amount) for ident, share, amount in result.portfolio.funded()}
    unit = "MM USD" if lang == "es" else "M USD"
    assert [r[t("report.column.id", lang)] for r in rows] == [i.id for i in scenario.initiatives]
    for item, row in zip(scenario.initiatives, rows, strict=True):
        for year, cost in zip(scenario.years, item.cost, strict=True):
            assert row[t("report.initiatives.cost_year", lang, year=year, unit=unit)] == cost
        total = sum(item.cost)
        assert row[t("report.initiatives.total_cost", lang, unit=unit)] == pytest.approx(total)
        value = row[t("report.initiatives.value", lang)]  # 100 = every initiative in full
        full = sum(float(values[i.id]) for i in scenario.initiatives)
        assert value == pytest.approx(100 * float(values[item.id]) / full)
        ratio = row[t("report.initiatives.value_per_cost", lang, unit=unit)]
        assert ratio == pytest.approx(value / total)
        share, amount = funded.get(item.id, (0.0, 0.0))
        decision = row[t("report.initiatives.decision", lang)]
        expected = (
            "report.initiatives.not_funded"
            if item.id not in funded
            else "report.initiatives.funded"
            if share > 1 - 1e-6
            else "report.initiatives.partial"
        )
        assert decision == t(expected, lang)
        assert row[t("report.column.amount", lang, unit=unit)] == pytest.approx(amount)
        assert amount <= total * share + 1e-6
    assert any(
        r[t("report.initiatives.decision", lang)] != t("report.initiatives.not_funded", lang)
        for r in rows
    )


def test_without_a_portfolio_the_sheet_has_no_decisions(mixed):
    scenario, result = mixed
    rows = _sheet(excel_bytes(scenario, result.split, lang="en"), "en")
    assert len(rows) == len(scenario.initiatives)
    assert "Decision" not in rows[0] and "Index points" in rows[0]


def test_no_sheet_without_initiatives():
    from prioritise.allocate import optimise_scenario

    scenario = make_scenario(2)
    data = excel_bytes(scenario, optimise_scenario(scenario, price_seconds=0), lang="en")
    assert "Initiatives" not in openpyxl.load_workbook(io.BytesIO(data)).sheetnames


def test_optimise_out_writes_the_decisions(mixed, tmp_path, capsys):
    from prioritise.cli import main
    from prioritise.scenario import save

    scenario, result = mixed
    path, out = tmp_path / "mixed.toml", tmp_path / "report.xlsx"
    save(scenario, path)
    argv = ["optimise", str(path), "--out", str(out), "--price-seconds", "0"]
    assert main([*argv, "--sensitivity-seconds", "0", "--lang", "en"]) == 0
    capsys.readouterr()
    rows = _sheet(out.read_bytes(), "en")
    decided = {r["Id"]: r["Decision"] for r in rows}
    funded = {ident for ident, _, _ in result.portfolio.funded()}
    assert {i for i, d in decided.items() if d != "not funded"} == funded
