"""Excel, CSV and Markdown exports of an allocation."""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest

from prioritise.allocate import Yardstick, in_reading_order, optimise_scenario
from prioritise.report import (
    CSV_COLUMNS,
    ReportError,
    csv_text,
    excel_bytes,
    markdown_text,
    sheet_titles,
    write_report,
)
from prioritise.scenario import load, validate_dict
from prioritise.scenario.schema import FixedAmount, Scenario
from prioritise.scoring import value_tree
from prioritise.text import number
from tests.factories import scenario_dict

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"


@pytest.fixture(scope="module")
def scenario() -> Scenario:
    return load(SCENARIOS / "tutorial.toml")


@pytest.fixture(scope="module")
def allocation(scenario: Scenario):
    return optimise_scenario(scenario)


@pytest.fixture(scope="module")
def book(scenario: Scenario, allocation) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(excel_bytes(scenario, allocation)))


def sheet_frame(book: openpyxl.Workbook, title: str) -> pd.DataFrame:
    rows = list(book[title].iter_rows(values_only=True))
    return pd.DataFrame(rows[1:], columns=rows[0])


# ---------------------------------------------------------------------------------- Excel


def test_workbook_has_every_sheet_in_order(book: openpyxl.Workbook) -> None:
    assert book.sheetnames == list(sheet_titles("en").values())
    assert book.sheetnames == [
        "Summary", "Allocation", "By programme", "By region", "By enabling area", "By year",
        "Weights", "Constraints", "Baselines", "Where the money comes from", "Sources", "Evidence",
    ]  # fmt: skip


def test_allocation_sheet_adds_up_to_the_money_spent(book, allocation) -> None:
    frame = sheet_frame(book, "Allocation")
    amounts = frame["Amount (M USD)"]
    assert all(isinstance(v, int | float) for v in amounts)  # numbers, not text
    assert amounts.sum() == pytest.approx(allocation.amounts.sum())
    assert amounts.sum() == pytest.approx(30.0)  # the tutorial spends its whole 30 M
    assert set(frame["Programme"]) <= {"Mining", "Tourism", "Solar energy"}
    ids = frame[["programme_id", "enabling_area_id", "region_id", "Year"]]
    expected = allocation.allocation[["programme", "enabling_area", "region", "year"]]
    assert ids.to_numpy().tolist() == expected.to_numpy().tolist()
    cell = book["Allocation"]["E2"]
    assert cell.number_format == "#,##0.00"
    assert book["Allocation"]["A1"].font.bold
    assert book["Allocation"].freeze_panes == "A2"


def test_grouped_sheets_match_the_allocation(book, allocation, scenario) -> None:
    spent = allocation.amounts.sum()
    by_programme = sheet_frame(book, "By programme").set_index("Id")
    assert by_programme["Amount (M USD)"].sum() == pytest.approx(spent)
    # money by programme, computed independently from the 4-d array
    direct = allocation.amounts.sum(axis=(1, 2, 3))
    assert by_programme.loc[scenario.programme_ids, "Amount (M USD)"].to_numpy() == (
        pytest.approx(direct)
    )
    assert by_programme["Share of budget"].sum() == pytest.approx(1.0)
    # what each programme earns, in index points: the rows add up to the value index
    earned = by_programme["Value earned (index points)"]
    assert earned.sum() == pytest.approx(allocation.value_index)
    priorities = value_tree(scenario).programmes
    assert by_programme.loc["solar", "Priority"] == pytest.approx(priorities["solar"])
    by_region = sheet_frame(book, "By region").set_index("Id")
    populations = {r.id: r.population for r in scenario.regions}
    for region, row in by_region.iterrows():
        assert row["Population"] == populations[region]
        assert row["Per person (USD)"] == pytest.approx(
            row["Amount (M USD)"] * 1e6 / populations[region]
        )
    assert sheet_frame(book, "By enabling area")["Amount (M USD)"].sum() == pytest.approx(spent)
    by_year = sheet_frame(book, "By year")
    assert by_year["Year"].tolist() == [2025, 2026]
    assert by_year["Amount (M USD)"].sum() == pytest.approx(spent)
    assert by_year["Budget (M USD)"].tolist() == pytest.approx([15, 15])


def test_the_line_limit_has_no_price_per_unit_of_money_in_the_workbook(scenario) -> None:
    """A binding line limit is priced per extra line, not per unit of money: its cell in the
    money column stays empty, and its worth is in the sentence."""
    raw = scenario.model_dump(mode="json", exclude_none=True)
    raw["constraints"]["max_lines"] = 3
    limited = validate_dict(raw)
    allocation = optimise_scenario(limited, price_seconds=60.0)  # rules priced, as in reports
    book = openpyxl.load_workbook(io.BytesIO(excel_bytes(limited, allocation)))
    constraints = sheet_frame(book, "Constraints").set_index("Id")
    column = (
        "Shadow price: index points per 1 M USD, at the margin (the sentence gives a whole step)"
    )
    table = allocation.constraints.set_index("name")
    lines = table.index[table["kind"] == "max_lines"]
    assert len(lines) == 1 and bool(table.loc[lines[0], "binding"])
    assert table.loc[lines[0], "shadow_price"] > 0  # the value of one more line
    assert pd.isna(constraints.loc[lines[0], column])
    others = table.index[table["kind"] == "budget"]
    assert constraints.loc[others, column].notna().all()


def test_summary_constraints_and_baselines(book, allocation) -> None:
    summary = sheet_frame(book, "Summary").set_index("Item")
    assert summary.loc["Budget", "Value"] == 30
    assert summary.loc["Spent", "Value"] == pytest.approx(30)
    reference = allocation.yardstick.reference
    # the index as shown, to one decimal: the gains beside it are differences of shown indexes
    assert summary.loc["Value index", "Value"] == round(100 * allocation.objective / reference, 1)
    assert summary.loc["Value index", "Unit"] == "points"
    # the raw objective has no unit a reader knows: the summary gives the index alone, and
    # the baselines sheet keeps the objective beside it (checked below)
    assert "Value of the proposal" not in summary.index
    assert not (summary["Unit"] == "value").any()
    assert summary.loc["Funded lines", "Value"] == allocation.lines
    constraints = sheet_frame(book, "Constraints")
    # every rule, in the order the text lists them: binding ones costliest first, budget last
    table = in_reading_order(allocation.constraints, allocation.rules_priced)
    assert constraints["Id"].tolist() == table["name"].tolist()
    assert sorted(table["name"]) == sorted(allocation.constraints["name"])
    binding = table["binding"].astype(bool).to_numpy()
    assert not np.any(np.diff(binding.astype(int)) > 0)  # no binding rule after a free one
    assert set(constraints["Constraint"]) == {
        "Yearly budget",
        "Total budget",
        "Programme share",
    } | {"Regional floor or cap"}  # words, not the model's kinds
    assert constraints["Binding"].tolist() == table["binding"].tolist()
    assert constraints[
        "Shadow price: index points per 1 M USD, at the margin (the sentence gives a whole step)"
    ].to_numpy(float) == pytest.approx(  # per unit of money, on the value index's scale
        100 * table["shadow_price"].to_numpy(float) / reference, nan_ok=True
    )
    assert all(isinstance(s, str) and s for s in constraints["In words"])
    baselines = sheet_frame(book, "Baselines").set_index("Split")
    assert baselines.loc["Optimised proposal", "Value"] == pytest.approx(allocation.objective)
    names = {
        "proportional": "Priority-proportional split, obeying the rules",
        "population": "Population-proportional split, obeying the rules",
        "proportional_ignoring_rules": "Priority-proportional split, ignoring the rules",
        "population_ignoring_rules": "Population-proportional split, ignoring the rules",
    }
    assert {names[b.name] for b in allocation.baselines} == set(baselines.index[1:])
    for b in allocation.baselines:
        row = baselines.loc[names[b.name]]
        assert row["Value"] == pytest.approx(b.objective)
        assert bool(row["Obeys the rules"]) == b.obeys_rules
        assert row["Value index"] == pytest.approx(100 * b.objective / reference, abs=0.05)
        assert row["Value index"] == round(row["Value index"], 1)
        if not b.obeys_rules:  # no gain over a split that breaks the rules (§10.2)
            assert pd.isna(row["Optimising adds (index points)"])
            continue
        gain = 100 * (allocation.objective - b.objective) / reference
        assert row["Optimising adds (index points)"] == pytest.approx(gain, abs=0.1)
        # a reader subtracting the two index cells finds the gain written beside them
        optimum = baselines.loc["Optimised proposal", "Value index"]
        shown = round(optimum - row["Value index"], 1)
        assert row["Optimising adds (index points)"] == max(0.0, shown)
        gained = summary.loc[f"Optimising adds over the {names[b.name]}", "Value"]
        assert gained == round(
            summary.loc["Value index", "Value"] - summary.loc[names[b.name], "Value"], 1
        )


def test_without_an_index_the_summary_gives_the_models_score(scenario, allocation) -> None:
    """No reference value (nothing can earn value): the model's score is the only measure,
    said as what it is, as the Markdown report says it."""
    bare = replace(allocation, yardstick=None)
    for lang, item, unit in (
        ("en", "Value of the proposal", "score of the value model (higher is better)"),
        ("es", "Valor de la propuesta", "puntaje del modelo de valor (más alto es mejor)"),
    ):
        book = openpyxl.load_workbook(io.BytesIO(excel_bytes(scenario, bare, lang=lang)))
        summary = sheet_frame(book, sheet_titles(lang)["summary"])
        summary = summary.set_index(summary.columns[0])
        assert summary.loc[item].iloc[0] == pytest.approx(allocation.objective)
        assert summary.loc[item].iloc[1] == unit
        assert ("Value index" if lang == "en" else "Índice de valor") not in summary.index


def test_weights_sheet_shows_group_and_stakeholder_weights(book, scenario) -> None:
    weights = sheet_frame(book, "Weights")
    tree = value_tree(scenario)
    for weight_set, title in (("criteria", "Programme criteria"),
                              ("enabling_areas", "Enabling areas")):  # fmt: skip
        block = weights[weights["Weight set"] == title].set_index("Id")
        assert block["Group weight"].sum() == pytest.approx(1.0)
        assert block["Group weight"].to_dict() == pytest.approx(tree.weights[weight_set].to_dict())
        own = tree.stakeholder_weights[weight_set]
        for person in scenario.stakeholders:
            assert block[person.name].to_numpy(float) == pytest.approx(
                own.loc[person.id, block.index].to_numpy(float)
            )


def test_sources_list_citations_and_illustrative_items() -> None:
    raw = scenario_dict(3)
    raw["sources"].append({"id": "census", "title": "A census", "url": "https://example.org"})
    raw["criteria"][1]["source"] = "census"
    del raw["criteria"][2]["source"]
    raw["budget"]["source"] = "census"
    scenario = validate_dict(raw)
    allocation = optimise_scenario(scenario)
    book = openpyxl.load_workbook(io.BytesIO(excel_bytes(scenario, allocation)))
    sources = sheet_frame(book, "Sources").set_index("Kind")
    rows = sheet_frame(book, "Sources").set_index("Id")
    assert rows.loc["census", "Cited by"].startswith("criterion Jobs and the budget of ")
    assert rows.loc["made-up", "Title"] == "Generated for tests"
    illustrative = sources.loc["illustrative", "Cited by"]
    assert "criterion Growth" in illustrative and "table of roadmap needs" in illustrative
    assert "Jobs" not in illustrative
    assert sources.loc["no source", "Cited by"] == "criterion Cost"
    text = markdown_text(scenario, allocation)
    assert "[census] A census" in text and "**Illustrative**" in text
    assert "**No source given:** criterion Cost." in text


def test_extra_sheets_are_appended(scenario, allocation) -> None:
    robustness = pd.DataFrame(
        {"p10": [1.0, 2.0], "p90": [3.0, 4.0]}, index=pd.Index(["mining", "solar"], name="id")
    )
    data = excel_bytes(
        scenario, allocation, extra_sheets={"Robustness": robustness, "a/b: c?": robustness}
    )
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames[-2:] == ["Robustness", "a b  c"]
    frame = sheet_frame(book, "Robustness")
    assert frame.columns.tolist() == ["id", "p10", "p90"]
    assert frame["p90"].tolist() == [3.0, 4.0]
    with pytest.raises(TypeError, match="DataFrame"):
        excel_bytes(scenario, allocation, extra_sheets={"Bad": [1, 2]})  # type: ignore[dict-item]


def test_spanish_scenario_gives_a_spanish_workbook(scenario, allocation) -> None:
    book = openpyxl.load_workbook(io.BytesIO(excel_bytes(scenario, allocation, lang="es")))
    assert book.sheetnames == list(sheet_titles("es").values())
    assert "Asignación" in book.sheetnames and "Fuentes" in book.sheetnames
    frame = sheet_frame(book, "Asignación")
    assert frame["Monto (MM USD)"].sum() == pytest.approx(30)
    assert "Minería" in set(frame["Programa"])  # the file's Spanish names


# ------------------------------------------------------------------------------------ CSV


def test_csv_reads_back_to_the_same_allocation(scenario, allocation) -> None:
    frame = pd.read_csv(io.StringIO(csv_text(scenario, allocation)))
    assert frame.columns.tolist() == CSV_COLUMNS
    expected = allocation.allocation
    assert frame[["programme", "enabling_area", "region"]].to_numpy().tolist() == (
        expected[["programme", "enabling_area", "region"]].to_numpy().tolist()
    )
    assert frame["year"].tolist() == expected["year"].tolist()
    # to 12 significant digits, as the workbook: no solver noise like 1.4999999999999998
    np.testing.assert_allclose(frame["amount"], expected["amount"].to_numpy(float), rtol=1e-11)
    assert all(float(f"{v:.12g}") == v for v in frame["amount"])
    # rebuild the 4-d array from the CSV: it is the optimiser's allocation
    rebuilt = np.zeros_like(allocation.amounts)
    index = {
        "programme": scenario.programme_ids,
        "enabling_area": scenario.area_ids,
        "region": scenario.region_ids,
        "year": scenario.years,
    }
    for row in frame.itertuples(index=False):
        rebuilt[
            index["programme"].index(row.programme),
            index["enabling_area"].index(row.enabling_area),
            index["region"].index(row.region),
            index["year"].index(row.year),
        ] = row.amount
    kept = allocation.amounts > 1e-9 * allocation.budget
    assert rebuilt == pytest.approx(np.where(kept, allocation.amounts, 0.0))


# ------------------------------------------------------------------------------- Markdown


def test_markdown_has_the_headline_figures(scenario, allocation) -> None:
    text = markdown_text(scenario, allocation)
    assert text.startswith("# Tutorial: proposed allocation of 30.0 M USD")
    assert "**Budget:** 30.0 M USD (illustrative) over 2025–2026" in text
    reference = allocation.yardstick.reference
    index = number(100 * allocation.objective / reference, "en", 1)
    assert f"**Value index:** {index} (100 = the most 30.0 M USD could reach" in text
    for b in allocation.baselines:
        if b.obeys_rules:  # the gain is the difference of the two indexes as shown: it adds up
            points = float(index) - float(number(b.value_index, "en", 1))
            shown = number(max(0.0, points), "en", 1)  # "adds 3.7", no sign
            assert f"optimising adds {shown} index points (that split's index is" in text
        else:
            assert "For comparison only, splits that ignore the rules" in text
    assert f"**Lines funded:** {allocation.lines} of 18 possible" in text
    for heading in ("## By programme", "## By region", "## By enabling area", "## By year",
                    "## Rules that shape the proposal", "## Sources"):  # fmt: skip
        assert heading in text
    for name in ("Mining", "Tourism", "Solar energy", "North", "Centre", "South"):
        assert f"| {name} |" in text
    binding = allocation.constraints[allocation.constraints["binding"]]
    for sentence in binding["sentence"]:
        assert f"- {sentence}" in text
    assert "illustrative" in text.lower()


def test_markdown_gives_no_gain_over_a_split_that_ignores_the_rules(scenario, allocation) -> None:
    """The optimum keeps rules a plain split breaks: a "gain" over it would mix what optimising
    adds with what the rules cost, and can be negative (docs/model.md §10.2)."""
    assert any(not b.obeys_rules for b in allocation.baselines)
    for lang in ("en", "es"):
        text = markdown_text(scenario, allocation, lang)
        ignoring = [line for line in text.splitlines() if line.startswith("| ") and (
            "ignoring the rules" in line or "sin respetar las reglas" in line
        )]  # fmt: skip
        assert len(ignoring) == sum(not b.obeys_rules for b in allocation.baselines)
        assert all(line.rstrip().endswith("|  |") for line in ignoring)


def test_what_the_rules_cost_is_said_in_points_alone_when_money_cannot_say_it(
    scenario, allocation, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past half the budget, a value is not read as money (docs/model.md §8.3): the sentence
    and the summary give the points alone, with no blank where the money would be, and the
    sentence says why."""
    monkeypatch.setattr(Yardstick, "money", lambda self, change: None)
    english = markdown_text(scenario, allocation)
    assert "**What all the rules together cost:** " in english
    line = next(s for s in english.splitlines() if "What all the rules together cost" in s)
    why = "index points. In money, read at the margin, it would be more than 50% of the budget"
    assert why in line and "—" not in line and "M USD" not in line
    spanish = markdown_text(scenario, allocation, "es")
    line = next(s for s in spanish.splitlines() if "Lo que cuestan todas las reglas" in s)
    assert "puntos del índice. En dinero, leído al margen, superaría" in line
    assert "—" not in line and "MM USD" not in line
    summary = sheet_frame(
        openpyxl.load_workbook(io.BytesIO(excel_bytes(scenario, allocation))), "Summary"
    )
    assert "The same, as budget" not in set(summary.iloc[:, 0])
    assert "What all the rules together cost" in set(summary.iloc[:, 0])


def test_markdown_in_spanish_uses_decimal_commas(scenario, allocation) -> None:
    text = markdown_text(scenario, allocation, "es")
    assert "## En resumen" in text and "**Presupuesto:** 30,0 MM USD" in text
    assert "## En resumen" in markdown_text(scenario, allocation, lang="es")
    index = number(100 * allocation.objective / allocation.yardstick.reference, "es", 1)
    assert f"**Índice de valor:** {index} (100 = lo máximo que 30,0 MM USD" in text
    assert "," in index


def test_an_infeasible_allocation_is_reported_with_its_diagnosis(scenario) -> None:
    commitment = FixedAmount(
        programme="solar", enabling_area="rd", region="north", year=2025, amount=40.0
    )
    broken = scenario.model_copy(
        update={"constraints": scenario.constraints.model_copy(update={"fixed": [commitment]})}
    )
    result = optimise_scenario(broken)
    assert not result.solved
    text = markdown_text(broken, result)
    assert text.startswith("# Tutorial: no proposed allocation of 30.0 M USD")
    assert "There is no proposal. No allocation satisfies every rule." in text
    assert "spent" not in text and "Lines funded" not in text  # no proposal to describe
    assert "## Why there is no allocation" in text
    diagnosis = result.diagnosis
    assert diagnosis is not None and diagnosis.checks and diagnosis.repairs
    assert all(f"- {c.message}" in text for c in diagnosis.checks)
    assert f"- {diagnosis.message}" in text  # the rules that cannot all hold
    assert "## Ways out" in text
    for position, repair in enumerate(diagnosis.repairs, start=1):
        assert f"{position}. {repair.message}" in text
        assert all(f"    - {change.message}" in text for change in repair.changes)
    book = openpyxl.load_workbook(io.BytesIO(excel_bytes(broken, result)))
    titles = list(sheet_titles("en").values())
    assert book.sheetnames == [titles[0], "Diagnosis", *titles[1:]]
    rows = list(book["Diagnosis"].iter_rows(values_only=True))
    assert rows[0][:4] == ("Part", "Way out", "In words", "field")
    assert rows[1][2] == diagnosis.message and rows[1][3] == ", ".join(diagnosis.conflict)
    changes = [row for row in rows if row[0] == "Change"]
    expected = [(c.field, c.current, c.suggested) for r in diagnosis.repairs for c in r.changes]
    assert [(row[3], row[4], row[5]) for row in changes] == expected
    assert rows[0][6] == "Value index reached"  # as the sentences say it
    reached = [row[6] for row in rows if row[0] == "Way out"]
    assert reached == pytest.approx([r.value_index for r in diagnosis.repairs])
    spanish = markdown_text(broken, result, "es")
    assert "## Formas de hacer factible el escenario" in spanish
    assert diagnosis.message_text("es") in spanish


# ------------------------------------------------------------------------------- writing


def test_write_report_picks_the_format_by_suffix(tmp_path, scenario, allocation) -> None:
    for suffix in (".xlsx", ".csv", ".md", ".XLSX"):
        target = write_report(scenario, allocation, tmp_path / f"report{suffix}")
        assert target.exists() and target.stat().st_size > 0
    assert openpyxl.load_workbook(tmp_path / "report.xlsx").sheetnames[0] == "Summary"
    assert (tmp_path / "report.csv").read_text().splitlines()[0] == ",".join(CSV_COLUMNS)
    assert (tmp_path / "report.md").read_text().startswith("# Tutorial")
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "report.XLSX",
        "report.csv",
        "report.md",
        "report.xlsx",
    ]  # fmt: skip  (no temporary files left behind)


def test_write_report_refuses_unknown_formats_and_folders(tmp_path, scenario, allocation) -> None:
    with pytest.raises(ReportError, match=r"must end in \.xlsx, \.csv or \.md") as refused:
        write_report(scenario, allocation, tmp_path / "report.pdf")
    assert "debe terminar en .xlsx, .csv o .md" in refused.value.text("es")
    with pytest.raises(ReportError, match="does not exist"):
        write_report(scenario, allocation, tmp_path / "missing" / "report.md")
    with pytest.raises(ValueError, match="not 'fr'"):
        markdown_text(scenario, allocation, lang="fr")


def test_the_workbook_holds_no_arithmetic_dust() -> None:
    """No "-0,00" from a leftover like -2e-14, no 54.99999999999999: what a reader types into
    a formula is what the report says."""
    chile = load(SCENARIOS / "chile_transforma_2017.toml")
    result = optimise_scenario(chile, with_baselines=False)
    workbook = openpyxl.load_workbook(io.BytesIO(excel_bytes(chile, result)))
    numbers = [
        cell
        for sheet in workbook.worksheets
        for row in sheet.iter_rows(values_only=True)
        for cell in row
        if isinstance(cell, float)
    ]
    assert len(numbers) > 500
    assert not [v for v in numbers if v != 0 and abs(v) < 1e-9]
    assert not [v for v in numbers if float(f"{v:.12g}") != v]  # at most 12 significant digits
