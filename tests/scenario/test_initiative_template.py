"""The spreadsheet of initiatives a scenario asks for: its columns, and the sheet that explains
each of them in the scenario's language."""

from __future__ import annotations

import io

import openpyxl
import pytest

from prioritise.scenario import initiative_sheet_bytes, template_bytes
from prioritise.scenario.sheet_cells import SHEET_NAMES
from prioritise.scenario.sheet_columns import sheet_columns
from prioritise.text import t
from tests.initiative_factories import initiative_scenario


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
