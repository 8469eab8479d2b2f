"""Reports say which criteria are computed, how, and how much rests on illustrative inputs."""

from __future__ import annotations

import io

import openpyxl
import pytest

from prioritise.allocate import optimise_scenario
from prioritise.report import excel_bytes, markdown_text, sheet_titles
from prioritise.scoring import value_tree
from tests.derived_factory import derived_scenario


@pytest.fixture(scope="module")
def solved():
    scenario = derived_scenario(1)
    return scenario, optimise_scenario(scenario, with_baselines=False)


@pytest.mark.parametrize(
    ("lang", "formula", "share"),
    [
        ("en", "location quotient LQ(p, r)", "Share of each programme's priority resting on"),
        ("es", "cociente de localización LQ(p, r)", "Parte de la prioridad de cada programa"),
    ],
)
def test_the_markdown_sources_carry_formulas_and_shares(solved, lang, formula, share) -> None:
    scenario, allocation = solved
    text = markdown_text(scenario, allocation, lang)
    sources = text[text.rindex("\n## ") :]
    assert formula in sources and share in sources
    tree = value_tree(scenario)
    worst = tree.illustrative.programmes.idxmax()
    name = next(p.name for p in scenario.programmes if p.id == worst)
    percent = round(100 * tree.illustrative.programmes[worst])
    assert f"{name} {percent}" in sources


def test_the_workbook_has_an_evidence_sheet_with_the_shares(solved) -> None:
    scenario, allocation = solved
    book = openpyxl.load_workbook(io.BytesIO(excel_bytes(scenario, allocation, lang="en")))
    rows = list(book[sheet_titles("en")["evidence"]].iter_rows(values_only=True))
    tree = value_tree(scenario)
    shown = {row[1]: row[2] for row in rows[1:]}
    for programme in scenario.programmes:
        assert shown[programme.name] == pytest.approx(tree.illustrative.programmes[programme.id])
    for region in scenario.regions:
        assert shown[region.name] == pytest.approx(tree.illustrative.regions[region.id])
    derived = [row for row in rows[1:] if row[0] == "Computed criterion"]
    assert [row[1] for row in derived] == ["Lq", "Related", "Complex", "Links"]
    assert all(row[2] == 0 for row in derived)  # their tables are sourced
