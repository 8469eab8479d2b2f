"""The robustness sheets of the Excel workbook, and the tables the app's charts share.

Every figure in a sheet must be the RobustnessResult's own number; the aggregated core index
(programme × region) is recomputed here from the raw per-draw money.
"""

from __future__ import annotations

import copy
import io
import re
from functools import cache
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from prioritise import report
from prioritise.allocate import optimise_scenario
from prioritise.report.robustness_tables import (
    SHEET_KEYS,
    core_by_region,
    regret_long,
    robustness_sheets,
    sheet_titles,
    split_totals,
)
from prioritise.robustness import RobustnessResult, run_robustness
from prioritise.scenario import Scenario, load, validate_dict
from tests.factories import scenario_dict

TUTORIAL = Path(__file__).parents[2] / "scenarios" / "tutorial.toml"


@cache
def tutorial() -> Scenario:
    return load(TUTORIAL)


@cache
def tutorial_result(seed: int = 3, sampling: str = "dirichlet") -> RobustnessResult:
    return run_robustness(tutorial(), draws=80, seed=seed, sampling=sampling, workers=1)


def by_key(result: RobustnessResult, language: str) -> dict[str, pd.DataFrame]:
    sheets = robustness_sheets(result, tutorial(), language)
    titles = sheet_titles(language)
    return {key: sheets[titles[key]] for key in SHEET_KEYS}


def test_sheet_titles_in_both_languages_fit_excel_and_do_not_clash_with_the_report() -> None:
    for language in ("en", "es"):
        titles = sheet_titles(language)
        assert list(titles) == list(SHEET_KEYS)
        assert all(len(title) <= 31 for title in titles.values())
        assert len(set(titles.values())) == len(SHEET_KEYS)
        assert not set(titles.values()) & set(report.sheet_titles(language).values())
        sheets = robustness_sheets(tutorial_result(), tutorial(), language)
        assert list(sheets) == list(titles.values())
    assert sheet_titles("es")["core_index"] == "Índice de núcleo"
    assert sheet_titles("en")["core_index"] == "Core index"


def test_cell_sheet_carries_the_results_core_index_and_quantiles() -> None:
    result = tutorial_result()
    cells = by_key(result, "en")["core_index"]
    assert len(cells) == len(result.cells) == 18
    expected = result.cells
    ids = (cells["programme_id"], cells["enabling_area_id"], cells["region_id"])
    keys = list(zip(*ids, strict=True))
    assert keys == list(expected.index)
    assert np.array_equal(
        cells["Core index (share of draws that fund it)"], expected["core_index"].to_numpy()
    )
    for column, key in (
        ("In 8 of 10 draws: from (M USD)", "p10"),
        ("In 8 of 10 draws: up to (M USD)", "p90"),
        ("Average (M USD)", "mean"),
    ):
        assert np.array_equal(cells[column].to_numpy(), expected[key].to_numpy())
    assert np.array_equal(cells["Group split (M USD)"], expected["group"].to_numpy())
    words = {"core": "robust core", "contested": "contested", "rare": "rarely funded"}
    words["never"] = "never funded"
    assert list(cells["Class"]) == [words[c] for c in expected["class"]]
    assert cells.loc[0, "Programme"] == "Mining" and cells.loc[0, "Enabling area"] == (
        "R&D and innovation"
    )
    spanish = by_key(result, "es")["core_index"]
    assert spanish.loc[0, "Programa"] == "Minería" and spanish.loc[0, "Ámbito habilitante"] == (
        "I+D+i"
    )
    assert set(spanish["Clase"]) <= {"núcleo robusto", "en disputa", "rara vez financiada"} | {
        "nunca financiada"
    }


def test_programme_region_and_rank_sheets_equal_the_result() -> None:
    result = tutorial_result()
    sheets = by_key(result, "en")
    programmes = sheets["programmes"].set_index("Id")
    for column, key in (
        ("In 8 of 10 draws: from (M USD)", "p10"),
        ("Typical value, median (M USD)", "p50"),
    ):
        assert np.array_equal(
            programmes[column].to_numpy(), result.programmes[key].reindex(programmes.index)
        )
    assert np.allclose(
        programmes["Priority (group weights)"], result.group_priorities.reindex(programmes.index)
    )
    regions = sheets["regions"]
    assert list(regions["Region"]) == ["North", "Centre", "South"]  # north to south by `order`
    assert np.allclose(regions["Population share"], [0.2, 0.6, 0.2])  # 1 M, 3 M, 1 M people
    chance = regions.set_index("Id")["Draws giving it at least its population share"]
    assert np.array_equal(chance, result.regions["p_population_share"].reindex(chance.index))
    ranks = sheets["ranks"].set_index("Id")
    assert list(ranks.columns[1:]) == ["Rank 1", "Rank 2", "Rank 3"]
    shares = ranks[["Rank 1", "Rank 2", "Rank 3"]].to_numpy()
    assert np.array_equal(shares, result.rank_acceptability.reindex(ranks.index).to_numpy())
    assert np.allclose(shares.sum(axis=1), 1.0)
    assert list(by_key(result, "es")["ranks"].columns[2:]) == ["Lugar 1", "Lugar 2", "Lugar 3"]


def test_compromise_and_regret_sheets_equal_the_result() -> None:
    result = tutorial_result()
    found = result.compromise
    assert found is not None
    sheets = by_key(result, "en")
    compromise = sheets["compromise"]
    assert list(compromise["Level"]) == ["Programme"] * 3 + ["Region"] * 3
    cells = result.cells.index
    for level, position in (("programme", 0), ("region", 2)):
        ids = cells.get_level_values(position)
        rows = compromise[compromise["Level"] == level.capitalize()].set_index("Id")
        for split, column in (
            ("group", "Group split (M USD)"),
            ("compromise", "Compromise (M USD)"),
        ):
            expected = pd.Series(found.portfolios[split], index=ids).groupby(level=0).sum()
            assert np.allclose(rows[column], expected.reindex(rows.index))
        assert np.allclose(
            rows["Compromise − group (M USD)"],
            rows["Compromise (M USD)"] - rows["Group split (M USD)"],
        )
    assert compromise.groupby("Level")["Group split (M USD)"].sum().to_dict() == pytest.approx(
        {"Programme": 30.0, "Region": 30.0}  # spend_all: the whole budget, counted both ways
    )
    regret = sheets["regret"]
    assert len(regret) == len(found.stakeholders) * len(found.regret.columns)
    assert list(regret.columns[-2:]) == ["Stakeholder id", "Split id"]  # headers, not keys
    for row in regret.itertuples(index=False):
        stakeholder, split = row[-2], row[-1]
        assert row[4] == pytest.approx(found.regret.at[stakeholder, split])  # regret (value)
        assert row[3] == pytest.approx(found.optimum[stakeholder])
        assert row[2] == pytest.approx(row[3] - row[4])
    own = regret[regret["Stakeholder id"] == regret["Split id"]]
    assert (own["Regret (value given up)"] <= 1e-9).all()  # nobody regrets their own best split
    assert "Best for Ministry of Economy" in set(regret["Split"])
    spanish = by_key(result, "es")["regret"]
    assert "Compromiso de mínimo arrepentimiento" in set(spanish["Asignación"])
    assert list(spanish.columns[-2:]) == [
        "Identificador del actor",
        "Identificador de la asignación",
    ]


def test_summary_sheet_states_the_run() -> None:
    result = tutorial_result()
    summary = by_key(result, "en")["robustness"].set_index("Item")["Value"]
    assert summary["Draws"] == 80 and summary["Seed"] == 3
    assert summary["How the weights were drawn"] == (
        "around the group weights, as spread as the stakeholders' views"
    )
    assert summary["Lines in the robust core (funded in at least 90% of draws)"] == len(
        result.robust_core
    )
    assert summary["Contested lines (funded in 10%–90% of draws)"] == len(result.contested)
    assert summary["Value of the group split"] == pytest.approx(result.objective["group"])
    typical = "Value of each draw's best split: typical value (median)"
    assert summary[typical] == pytest.approx(result.objective["p50"])
    assert not [item for item in summary.index if re.search(r"\bP[159]0\b|Dirichlet", item)]
    spanish = by_key(result, "es")["robustness"].set_index("Concepto")["Valor"]
    assert spanish["Sorteos"] == 80
    assert spanish["Cómo se sortearon las ponderaciones"] == (
        "en torno a las ponderaciones del grupo, tan dispersas como las opiniones de los actores"
    )
    low = "Valor de la mejor asignación de cada sorteo: en 8 de cada 10 sorteos, desde"
    assert spanish[low] == pytest.approx(result.objective["p10"])
    assert (
        "Líneas del núcleo robusto (financiadas en al menos el 90\u00a0% de los sorteos)" in spanish
    )


def test_spanish_sheets_write_money_in_the_spanish_unit_and_flag_shares() -> None:
    sheets = by_key(tutorial_result(), "es")
    assert "En 8 de cada 10 sorteos: desde (MM USD)" in sheets["programmes"].columns
    assert "Valor típico, mediana (MM USD)" in sheets["programmes"].columns
    assert not [c for c in sheets["programmes"].columns if re.search(r"\bP[159]0\b|ercentil", c)]
    assert sheets["core_index"].attrs["formats"]["Índice de núcleo (fracción de sorteos que la "
                                                 "financian)"] == "share"  # fmt: skip
    assert sheets["core_index"].attrs["lang"] == "es"


def test_core_by_region_counts_draws_funding_any_area_of_the_pair() -> None:
    result = tutorial_result()
    table = core_by_region(result)
    amounts = result.arrays.cell_amounts
    keys = list(result.cells.index)
    tolerance = 1e-6 * result.total
    for programme in table.index:
        for region in table.columns:
            columns = [i for i, (p, _, r) in enumerate(keys) if p == programme and r == region]
            funded = [any(amounts[d, c] > tolerance for c in columns) for d in range(len(amounts))]
            assert table.at[programme, region] == pytest.approx(np.mean(funded))
    solar = core_by_region(result, "solar")
    assert list(solar.index) == ["rd", "human_capital"]
    assert solar.at["rd", "north"] == result.cells.at[("solar", "rd", "north"), "core_index"]
    with pytest.raises(ValueError, match="no programme 'steel'"):
        core_by_region(result, "steel")


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 10_000), st.sampled_from(["dirichlet", "uniform", "resample"]))
def test_pair_core_index_lies_between_its_best_cell_and_the_sum_of_cells(
    seed: int, sampling: str
) -> None:
    result = run_robustness(tutorial(), draws=20, seed=seed, sampling=sampling, workers=1)
    pair = core_by_region(result)
    cells = result.cells["core_index"]
    best = cells.groupby(level=["programme", "region"]).max().unstack()
    total = cells.groupby(level=["programme", "region"]).sum().unstack()
    best, total = best.reindex_like(pair), total.reindex_like(pair)
    assert (pair >= best - 1e-12).all().all()
    assert (pair <= np.minimum(total, 1.0) + 1e-12).all().all()


def test_with_zero_disagreement_the_pair_core_index_is_the_group_split() -> None:
    """Every stakeholder states the same weights: every draw is the group's split."""
    raw = scenario_dict(4, programmes=3, areas=2, regions=3, stakeholders=3)
    for person in raw["stakeholders"][1:]:
        for key in ("criteria", "enabling_areas", "regional_criteria"):
            person[key] = copy.deepcopy(raw["stakeholders"][0][key])
    result = run_robustness(validate_dict(raw), draws=15, seed=0, workers=1)
    pair = core_by_region(result)
    assert set(np.unique(pair.to_numpy())) <= {0.0, 1.0}
    group = result.cells["group"].groupby(level=["programme", "region"]).sum().unstack()
    assert np.array_equal(pair.to_numpy() == 1.0, group.reindex_like(pair).to_numpy() > 1e-5)


def test_split_totals_and_regret_need_a_compromise() -> None:
    result = run_robustness(tutorial(), draws=10, seed=0, workers=1, compromise=False)
    with pytest.raises(ValueError, match="no compromise"):
        split_totals(result, "programme")
    with pytest.raises(ValueError, match="no compromise"):
        regret_long(result)
    sheets = robustness_sheets(result, tutorial(), "en")
    assert "Compromise vs group" not in sheets and "Core index" in sheets
    with pytest.raises(ValueError, match="level must be programme or region"):
        split_totals(tutorial_result(), "year")
    with pytest.raises(ValueError, match="not 'fr'"):
        robustness_sheets(result, tutorial(), "fr")


def test_sheets_land_in_the_allocation_workbook() -> None:
    result = tutorial_result()
    allocation = optimise_scenario(tutorial())
    for language in ("en", "es"):
        sheets = robustness_sheets(result, tutorial(), language)
        data = report.excel_bytes(tutorial(), allocation, extra_sheets=sheets, lang=language)
        book = openpyxl.load_workbook(io.BytesIO(data))
        expected = [*report.sheet_titles(language).values(), *sheet_titles(language).values()]
        assert [name for name in book.sheetnames if name in expected] == expected
        core = book[sheet_titles(language)["core_index"]]
        header = [cell.value for cell in core[1]]
        column = header.index(
            "Core index (share of draws that fund it)"
            if language == "en"
            else "Índice de núcleo (fracción de sorteos que la financian)"
        )
        stored = [row[column] for row in core.iter_rows(min_row=2, values_only=True)]
        assert stored == pytest.approx(result.cells["core_index"].tolist())
        percent_format = "0.0%" if language == "en" else "0.0\\\u00a0%"
        assert core.cell(row=2, column=column + 1).number_format == percent_format


def test_report_argument_errors_speak_the_readers_language() -> None:
    from prioritise.report.labels import ReportArgumentError

    error = ReportArgumentError("report.error.no_compromise")
    assert isinstance(error, ValueError)
    assert str(error) == "this robustness run has no compromise (no stakeholder has a say)"
    assert error.text("es") == (
        "este análisis de robustez no tiene compromiso (ningún actor tiene influencia)"
    )
