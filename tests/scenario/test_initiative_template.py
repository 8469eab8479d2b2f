"""The spreadsheet of initiatives a scenario asks for: its columns, and the sheet that explains
each of them in the scenario's language."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest

from prioritise.scenario import initiative_sheet_bytes, load, template_bytes
from prioritise.scenario.sheet_cells import SHEET_NAMES
from prioritise.scenario.sheet_columns import sheet_columns
from prioritise.text import t
from tests.initiative_factories import initiative_scenario

SHIPPED = Path(__file__).parents[2] / "scenarios" / "chile_transforma_initiatives_2017.toml"


def _read_me(scenario, lang: str) -> dict[str, str]:
    """The Read me sheet's explanations, by column header."""
    book = openpyxl.load_workbook(io.BytesIO(template_bytes(scenario, lang)))
    return {row[0]: row[1] for row in book.worksheets[1].iter_rows(min_row=4, values_only=True)}


@pytest.mark.parametrize("lang", ["es", "en"])
def test_read_me_explains_every_column_in_the_language(lang):
    scenario = initiative_scenario(1, 3)
    book = openpyxl.load_workbook(io.BytesIO(template_bytes(scenario, lang)))
    first, readme = book.worksheets
    assert first.title == t("scenario.template.sheet", lang) and first.title in SHEET_NAMES
    assert readme.title == t("scenario.template.readme", lang)
    headers = [c.value for c in first[1]]
    assert headers == [c.header for c in sheet_columns(scenario)]
    assert first.max_row == 1  # a template has no rows yet
    explained = [(row[0], row[1]) for row in readme.iter_rows(min_row=4, values_only=True)]
    assert [name for name, _ in explained] == headers
    assert all(isinstance(text, str) and len(text) > 10 for _, text in explained)
    texts = dict(explained)
    unit = "MM USD" if lang == "es" else "M USD"
    assert str(scenario.years[0]) in texts[f"cost_{scenario.years[0]}"]
    assert unit in texts[f"cost_{scenario.years[0]}"]
    assert all(p.id in texts["programme"] for p in scenario.programmes)
    assert "10" in texts["score_impact"]  # the criterion's scale, 0 to 10


@pytest.mark.parametrize(
    ("lang", "command", "foreign"),
    [
        ("es", "prioritise import ARCHIVO --into ESCENARIO.toml", "FILE"),
        ("en", "prioritise import FILE --into SCENARIO.toml", "ARCHIVO"),
    ],
)
def test_the_read_me_writes_the_import_command_in_the_readers_words(lang, command, foreign):
    """The command's placeholders are those of the command line's help in that language."""
    book = openpyxl.load_workbook(io.BytesIO(template_bytes(initiative_scenario(1, 3), lang)))
    intro = book.worksheets[1]["A1"].value
    assert command in intro and foreign not in intro


def test_both_languages_differ_and_headers_do_not():
    scenario = initiative_scenario(1, 3)
    sheets = {
        lang: openpyxl.load_workbook(io.BytesIO(template_bytes(scenario, lang))).worksheets
        for lang in ("es", "en")
    }
    assert [c.value for c in sheets["es"][0][1]] == [c.value for c in sheets["en"][0][1]]
    es = [r[1] for r in sheets["es"][1].iter_rows(min_row=4, values_only=True)]
    en = [r[1] for r in sheets["en"][1].iter_rows(min_row=4, values_only=True)]
    assert all(a != b for a, b in zip(es, en, strict=True))


def test_filled_sheet_holds_every_initiative():
    scenario = initiative_scenario(2, 6, partial=True)
    text = initiative_sheet_bytes(scenario, kind="csv", filled=True).decode()
    lines = text.strip().splitlines()
    assert len(lines) == 1 + len(scenario.initiatives)
    assert [line.split(",")[0] for line in lines[1:]] == [i.id for i in scenario.initiatives]
    with pytest.raises(ValueError):
        initiative_sheet_bytes(scenario, kind="ods")


@pytest.mark.parametrize("lang", ["es", "en"])
def test_a_description_that_ends_its_sentence_gets_no_second_full_stop(lang):
    """The shipped criteria's descriptions end with a full stop: each closes its row once."""
    scenario = load(SHIPPED)
    texts = _read_me(scenario, lang)
    for name in ("impact", "co_funding"):
        description = next(c for c in scenario.criteria if c.id == name).description_in(lang)
        assert description.endswith(".")
        assert texts[f"score_{name}"].endswith(" " + description)  # not "..", once is enough
    assert not any(text.endswith("..") for text in texts.values())


@pytest.mark.parametrize(
    ("lang", "description", "sentence"),
    [
        ("es", "¿cuánto cambia el sector?", "¿cuánto cambia el sector?"),
        ("en", "how much does the sector change?", "How much does the sector change?"),
        ("es", "lista para partir!", "Lista para partir!"),
        ("en", "ready to start! ", "Ready to start!"),
        ("es", "impacto esperado", "Impacto esperado."),
        ("en", "expected impact", "Expected impact."),
    ],
)
def test_a_question_or_exclamation_is_kept_and_a_bare_description_gets_its_stop(
    lang, description, sentence
):
    scenario = initiative_scenario(1, 3)
    criteria = [
        c.model_copy(update={"descriptions": {lang: description}}) if c.id == "impact" else c
        for c in scenario.criteria
    ]
    text = _read_me(scenario.model_copy(update={"criteria": criteria}), lang)["score_impact"]
    assert text.endswith(" " + sentence)
    assert not text.endswith(sentence[-1] + ".")
