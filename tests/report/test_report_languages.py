"""Each report speaks one language: Spanish words and numbers in the Spanish report, English
in the English one, for the Chile scenario, the tutorial and the Chile scenario with
initiatives (their reasons and binding rules included), in Markdown and in Excel."""

from __future__ import annotations

import io
import re
from dataclasses import replace
from functools import cache
from pathlib import Path

import openpyxl
import pytest

from prioritise.allocate import optimise_scenario
from prioritise.allocate.mixed import MixedResult, optimise_mixed
from prioritise.allocate.results import Allocation
from prioritise.report import excel_bytes, markdown_text, sheet_titles
from prioritise.report.labels import as_text, share_text
from prioritise.scenario import Scenario, load
from prioritise.text import msg, t

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"
CHILE, TUTORIAL = "chile_transforma_2017", "tutorial"
INITIATIVES = "chile_transforma_initiatives_2017"

# Words that give a language away; matched as whole lower-case words, so names such as
# "Los Ríos" or "Arica y Parinacota" in an English report do not count.
ENGLISH = {"the", "and", "with", "of", "by", "over", "budget", "region", "value", "split",
           "spent", "funded", "share", "lines", "weights", "criterion", "table"}  # fmt: skip
SPANISH = {"el", "los", "las", "del", "con", "por", "presupuesto", "región", "valor", "reparto",
           "gastado", "líneas", "ponderaciones", "criterio", "tabla", "sin"}  # fmt: skip
TELL_TALE = {"es": ENGLISH, "en": SPANISH}


@cache
def scenario(name: str) -> Scenario:
    return load(SCENARIOS / f"{name}.toml")


@cache
def allocation(name: str, lang: str) -> Allocation:
    """The scenario optimised with `lang` as its own language, so that sentences the
    allocation writes (rules, status) are in the report's language whichever way they come."""
    own = scenario(name)
    meta = own.scenario.model_copy(update={"language": lang})
    return optimise_scenario(own.model_copy(update={"scenario": meta}))


@cache
def mixed(lang: str) -> MixedResult:
    """The scenario with initiatives, optimised with `lang` as its own language."""
    own = scenario(INITIATIVES)
    meta = own.scenario.model_copy(update={"language": lang})
    result = optimise_mixed(own.model_copy(update={"scenario": meta}), price_seconds=0)
    assert result.solved and result.portfolio is not None and result.split is not None
    return result


def user_content(own: Scenario) -> set[str]:
    """Texts the scenario's authors wrote (shown as they are) and ids meant for programs."""
    texts = {own.scenario.name, own.scenario.description}
    for source in own.sources:
        texts |= {source.id, source.title, source.note or "", source.url or ""}
        texts |= set(source.notes.values())  # a note may quote an English title, even in Spanish
    for person in own.stakeholders:
        texts |= {person.id, person.name, person.organisation}
    for group in (own.programmes, own.enabling_areas, own.regions, own.criteria):
        texts |= {item.id for item in group}
    texts |= {item.id for item in [*own.initiatives, *own.pools]}
    return {text for text in texts if text}


def foreign_words(text: str, lang: str) -> set[str]:
    return set(re.findall(r"[^\W\d_]+", text)) & TELL_TALE[lang]


def markdown_of(name: str, lang: str) -> str:
    if name == INITIATIVES:
        result = mixed(lang)
        return markdown_text(scenario(name), result.split, lang, portfolio=result.portfolio)
    return markdown_text(scenario(name), allocation(name, lang), lang)


def book_of(name: str, lang: str) -> openpyxl.Workbook:
    if name == INITIATIVES:
        result = mixed(lang)
        data = excel_bytes(scenario(name), result.split, lang=lang, portfolio=result.portfolio)
    else:
        data = excel_bytes(scenario(name), allocation(name, lang), lang=lang)
    return openpyxl.load_workbook(io.BytesIO(data))


@pytest.mark.parametrize("lang", ["es", "en"])
@pytest.mark.parametrize("name", [CHILE, TUTORIAL, INITIATIVES])
def test_the_markdown_report_speaks_one_language(name: str, lang: str) -> None:
    own = scenario(name)
    text = markdown_of(name, lang)
    skipped = user_content(own)
    for line in text.splitlines():
        if line.startswith("- [") or line in skipped:  # a source's own title and note
            continue
        assert not foreign_words(line, lang), (lang, line)


@pytest.mark.parametrize("lang", ["es", "en"])
@pytest.mark.parametrize("name", [CHILE, TUTORIAL, INITIATIVES])
def test_the_workbook_speaks_one_language(name: str, lang: str) -> None:
    book = book_of(name, lang)
    expected = list(sheet_titles(lang).values())
    if name == INITIATIVES:  # lines and initiatives together, the initiatives and their rules
        keys = ("together_programme", "together_region", "initiatives", "initiative_rules")
        extra = [t(f"report.sheet.{key}", lang) for key in keys]
        assert set(extra) <= set(book.sheetnames)
        assert [title for title in book.sheetnames if title not in extra] == expected
    else:
        assert book.sheetnames == expected
    skipped = user_content(scenario(name))
    for sheet in book.worksheets:
        header = [cell.value for cell in sheet[1]]
        ids = t("report.column.id", lang)  # a column of ids: names for programs, no words
        machine = {
            j for j, title in enumerate(header) if title == ids or str(title).endswith("_id")
        }
        for row in sheet.iter_rows(values_only=True):
            for j, value in enumerate(row):
                if isinstance(value, str) and value not in skipped and j not in machine:
                    assert not foreign_words(value, lang), (lang, sheet.title, value)


def test_chile_markdown_writes_numbers_the_chilean_way() -> None:
    spanish, english = markdown_of(CHILE, "es"), markdown_of(CHILE, "en")
    assert spanish.startswith("# Chile Transforma 2017: propuesta de asignación de 175,0 MM USD")
    assert "**Presupuesto:** 175,0 MM USD en 2017–2019" in spanish
    assert english.startswith("# Chile Transforma 2017: proposed allocation of 175.0 M USD")
    assert "**Budget:** 175.0 M USD over 2017–2019" in english
    assert re.search(r"\d,\d\u00a0%", spanish) and not re.search(r"\d\.\d[ \u00a0]?%", spanish)
    assert re.search(r"\d\.\d%", english) and not re.search(r"\d,\d ?%", english)
    assert "de 1.248 posibles" in spanish and "of 1,248 possible" in english
    # Programmes, regions and areas by their names, never by their ids.
    assert "| Región Metropolitana de Santiago |" in spanish
    assert "| metropolitana |" not in spanish and "| mining |" not in english
    assert re.search(r"\(hora (estándar|de verano) de Chile\)", spanish), spanish[:400]
    assert "America/Santiago" not in spanish and "Informe del " in spanish


def test_chile_workbook_keeps_figures_numeric_with_language_formats() -> None:
    for lang, percent_format, unit in (
        ("es", "0.000\\\u00a0%", "MM USD"),
        ("en", "0.000%", "M USD"),
    ):
        book = book_of(CHILE, lang)
        summary = book[sheet_titles(lang)["summary"]]
        rows = {row[0].value: row for row in summary.iter_rows(min_row=2)}
        gap_label = "Brecha de optimalidad" if lang == "es" else "Optimality gap"
        (gap_row,) = (row for label, row in rows.items() if label.startswith(gap_label))
        gap = gap_row[1]
        result = allocation(CHILE, lang)
        assert result.gap is not None and 0 < result.gap < 0.001
        assert gap.value == pytest.approx(result.gap)  # a number, shown with three decimals
        assert gap.number_format == percent_format
        seconds = rows["Tiempo de resolución" if lang == "es" else "Solve time"]
        assert (seconds[1].number_format, seconds[2].value) == ("0.00", "s")
        assert seconds[1].value == round(seconds[1].value, 2)  # as shown
        budget = rows["Presupuesto" if lang == "es" else "Budget"]
        assert budget[1].value == 175 and budget[2].value == unit
        by_programme = book[sheet_titles(lang)["by_programme"]]
        header = [cell.value for cell in by_programme[1]]
        amounts = [row[header.index(f"{'Monto' if lang == 'es' else 'Amount'} ({unit})")]
                   for row in by_programme.iter_rows(min_row=2, values_only=True)]  # fmt: skip
        assert sum(amounts) == pytest.approx(float(result.amounts.sum()))
        assert sum(amounts) == pytest.approx(175.0)


def test_the_gap_is_written_with_enough_decimals() -> None:
    assert share_text(0.00077, "en") == "0.077%"
    assert share_text(0.00077, "es") == "0,077\u00a0%"
    assert share_text(0.242, "es") == "24,2\u00a0%" and share_text(0.242, "en") == "24.2%"
    assert share_text(0.025, "en", signed=True) == "+2.5%"


def test_sentences_from_the_allocation_are_rendered_in_the_reports_language() -> None:
    note = msg("common.budget")
    assert as_text(note, "es") == "Presupuesto" and as_text(note, "en") == "Budget"
    assert as_text("Óptimo.", "en") == "Óptimo." and as_text(None, "es") == ""
    result = replace(allocation(TUTORIAL, "en"), status_note=note)
    assert "**Estado:** Presupuesto" in markdown_text(scenario(TUTORIAL), result, "es")
    assert "**Status:** Budget" in markdown_text(scenario(TUTORIAL), result, "en")


def test_the_scenarios_language_is_the_default() -> None:
    spanish = markdown_text(scenario(CHILE), allocation(CHILE, "es"))
    assert spanish.startswith("# Chile Transforma 2017: propuesta de asignación")
    english = markdown_text(scenario(TUTORIAL), allocation(TUTORIAL, "en"))
    assert english.startswith("# Tutorial: proposed allocation")
