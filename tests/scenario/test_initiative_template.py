"""The spreadsheet of initiatives a scenario asks for: its columns, and the sheet that explains
each of them in the scenario's language."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl
import openpyxl.utils
import pytest

from prioritise.scenario import (
    SheetError,
    initiative_sheet_bytes,
    initiatives_from,
    load,
    sheet_cells,
    template_bytes,
    to_dict,
    validate_dict,
)
from prioritise.scenario.sheet_cells import SHEET_NAMES
from prioritise.scenario.sheet_columns import sheet_columns
from prioritise.text import name_of, t
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
    first, readme, lists = book.worksheets
    assert first.title == t("scenario.template.sheet", lang) and first.title in SHEET_NAMES
    assert readme.title == t("scenario.template.readme", lang)
    assert lists.title == t("scenario.template.lists", lang) and lists.sheet_state == "hidden"
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
    text = initiative_sheet_bytes(scenario, "en", kind="csv", filled=True).decode("utf-8-sig")
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


def _checks(sheet) -> dict[str, object]:
    """The sheet's data validations by the header of the column they check."""
    headers = [c.value for c in sheet[1]]
    found = {}
    for check in sheet.data_validations.dataValidation:
        (cells,) = str(check.sqref).split()
        letter = cells.split(":")[0].rstrip("0123456789")
        found[headers[openpyxl.utils.column_index_from_string(letter) - 1]] = check
    return found


@pytest.mark.parametrize(("lang", "flags"), [("es", '"sí,no"'), ("en", '"yes,no"')])
def test_the_workbook_offers_the_scenario_s_names_and_refuses_impossible_numbers(lang, flags):
    """A spreadsheet program offers each item column's names in a drop-down list (from the hidden
    sheet) and refuses a negative cost or a score off its scale as it is typed, over every row
    the reader takes; the error says what to write, in the language."""
    from prioritise.scenario.sheet_cells import MAX_ROWS

    scenario = load(SHIPPED)
    book = openpyxl.load_workbook(io.BytesIO(template_bytes(scenario, lang)))
    checks = _checks(book.worksheets[0])
    lists = book.worksheets[2]
    for header, items in [
        ("programme", scenario.programmes),
        ("enabling_area", scenario.enabling_areas),
        ("region", scenario.regions),
        ("pool", scenario.pools),
    ]:
        check = checks[header]
        assert check.type == "list" and check.allow_blank and check.showErrorMessage
        sheet_name, cells = check.formula1.rsplit("!", 1)
        assert sheet_name.strip("'") == lists.title
        listed = [row[0].value for row in lists[cells.replace("$", "")]]
        assert listed == [name_of(item, lang) for item in items]  # names, not ids
        assert check.errorStyle == "warning"  # an id typed is read too
        assert str(check.sqref).endswith(f"{MAX_ROWS + 1}")
    for header in ("must", "must_not"):  # 'true' or 'x' are read too: a warning, not a stop
        assert checks[header].type == "list" and checks[header].formula1 == flags
        assert checks[header].errorStyle == "warning"
    year = scenario.years[0]
    cost = checks[f"cost_{year}"]
    assert (cost.type, cost.operator, cost.formula1) == ("decimal", "greaterThanOrEqual", "0")
    assert ("MM USD" if lang == "es" else "M USD") in cost.error
    impact = next(c for c in scenario.criteria if c.id == "impact")
    score = checks["score_impact"]
    assert (score.type, score.operator) == ("decimal", "between")
    assert (float(score.formula1), float(score.formula2)) == tuple(impact.scale)
    assert all(len(c.errorTitle) <= 32 and len(c.error) <= 225 for c in checks.values())


def test_a_filled_workbook_writes_its_flags_as_its_list_does_and_reads_back():
    """'sí' (the drop-down's word), not TRUE; and the file imports to the same initiatives."""
    scenario = load(SHIPPED)
    data = initiative_sheet_bytes(scenario, "es", "xlsx", filled=True)
    sheet = openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]
    headers = [c.value for c in sheet[1]]
    musts = {
        row[0] for row in sheet.iter_rows(min_row=2, values_only=True) if row[headers.index("must")]
    }
    assert musts == {item.id for item in scenario.initiatives if item.must}
    assert {row[headers.index("must")] for row in sheet.iter_rows(min_row=2, values_only=True)} <= {
        "sí",
        None,
    }
    again = initiatives_from(data, "iniciativas.xlsx", scenario).scenario

    def kept(items):
        return [(i.id, i.must, i.must_not, i.cost, i.partial, i.scores) for i in items]

    assert kept(again.initiatives) == kept(scenario.initiatives)


def test_the_flag_lists_offer_words_the_import_reads_in_every_language():
    from prioritise.scenario.sheet_columns import FALSE_WORDS, TRUE_WORDS
    from prioritise.scenario.template_checks import flag_words
    from prioritise.text import LANGUAGES

    for lang in LANGUAGES:
        yes, no = flag_words(lang)
        assert yes in TRUE_WORDS and no in FALSE_WORDS


@pytest.mark.parametrize(
    ("lang", "separator", "cost", "yes"), [("es", ";", "1,25", "sí"), ("en", ",", "1.25", "yes")]
)
def test_a_csv_is_written_as_excel_writes_csv_in_the_language_and_reads_back(
    lang, separator, cost, yes
):
    """A Spanish Excel splits CSV lines at semicolons and reads decimal commas: a CSV written
    with commas would open as one column. Without a byte order mark it reads 'región' as
    'regiÃ³n'."""
    raw = to_dict(load(SHIPPED))
    first = raw["initiatives"][0]
    first["cost"] = [1.25] * len(first["cost"])
    first["must"] = True
    first["description"] = "Una; dos, tres"  # the separator inside a cell is quoted
    first.pop("descriptions", None)  # in every language
    scenario = validate_dict(raw)
    data = initiative_sheet_bytes(scenario, lang, kind="csv", filled=True)
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=separator))
    header, row = rows[0], dict(zip(rows[0], rows[1], strict=True))
    assert header == [c.header for c in sheet_columns(scenario)]
    assert row[f"cost_{scenario.years[0]}"] == cost
    assert row["must"] == yes and row["must_not"] == ""
    assert row["description"] == "Una; dos, tres"
    again = initiatives_from(data, f"initiatives.{lang}.csv", scenario).scenario
    for a, b in zip(again.initiatives, scenario.initiatives, strict=True):
        assert [name_of(a, lang) for lang in ("es", "en")] == [name_of(b, g) for g in ("es", "en")]
        skip = {"name", "names"}
        assert a.model_dump(exclude=skip) == b.model_dump(exclude=skip)


def test_text_that_starts_with_an_equals_sign_is_written_as_text_not_as_a_formula():
    """A spreadsheet program would run a formula on opening the file."""
    import zipfile

    raw = to_dict(load(SHIPPED))
    raw["initiatives"][0]["description"] = '=HYPERLINK("http://example.org","x")'
    raw["initiatives"][0].pop("descriptions", None)
    raw["programmes"][0]["names"]["es"] = "=1+1"
    data = initiative_sheet_bytes(validate_dict(raw), "es", "xlsx", filled=True)
    parts = zipfile.ZipFile(io.BytesIO(data))
    sheets = [n for n in parts.namelist() if n.startswith("xl/worksheets/")]
    assert sheets and not any("<f>" in parts.read(n).decode() for n in sheets)
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.worksheets[0]["D2"].value.startswith("=HYPERLINK")


TEXT_LIKE_FORMULAS = (
    '=HYPERLINK("http://example.org","x")',
    "+56 2 2345 6789",
    "-menos",
    "@equipo",
)


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
@pytest.mark.parametrize("lang", ["es", "en"])
def test_text_that_a_spreadsheet_would_run_is_never_a_formula_and_reads_back(kind, lang):
    """A file that travels by e-mail is opened in Excel, which runs a CSV cell starting with
    '=', '+', '-' or '@' as a formula: such text gets an apostrophe there, and a workbook cell
    is written as text. The import reads either back as the text it was; a formula written by
    hand is still refused."""
    raw = to_dict(load(SHIPPED))
    for initiative, text in zip(raw["initiatives"], TEXT_LIKE_FORMULAS, strict=False):
        initiative["description"] = text
        initiative.pop("descriptions", None)
    raw["programmes"][0]["names"][lang] = "=1+1"
    scenario = validate_dict(raw)
    data = initiative_sheet_bytes(scenario, lang, kind, filled=True)
    if kind == "csv":
        separator = ";" if lang == "es" else ","
        rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=separator))
        cells = [cell for row in rows for cell in row]
        assert not [cell for cell in cells if cell[:1] in ("=", "+", "@")]
        assert not [cell for cell in cells if cell.startswith("-") and not cell[1:2].isdigit()]
        assert {f"'{text}" for text in TEXT_LIKE_FORMULAS} <= set(cells)
        assert "'=1+1" in cells
    again = initiatives_from(data, f"initiatives.{kind}", scenario).scenario
    found = [i.description for i in again.initiatives[: len(TEXT_LIKE_FORMULAS)]]
    assert found == list(TEXT_LIKE_FORMULAS)
    for a, b in zip(again.initiatives, scenario.initiatives, strict=True):
        assert a.programme == b.programme  # read back by its name "=1+1"
    if kind == "csv":
        typed = data.replace(b"'=HYPERLINK", b"=HYPERLINK")  # a formula written by hand
        with pytest.raises(SheetError) as caught:
            initiatives_from(typed, "initiatives.csv", scenario)
        assert [p.message.id for p in caught.value.problems] == ["scenario.sheet.formula"]


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
@pytest.mark.parametrize("lang", ["es", "en"])
def test_text_with_its_own_apostrophe_or_space_reads_back_as_it_was(kind, lang):
    """Only the apostrophe the file added is taken off: one the text had stays, before a
    formula's sign or not, in a workbook too; text that starts with a space before '=' or
    before an apostrophe is text, not a formula."""
    texts = ("'-quoted", "'=x", "''@y", "'hola", " =x", " '=x")
    raw = to_dict(load(SHIPPED))
    for initiative, text in zip(raw["initiatives"], texts, strict=False):
        initiative["description"] = text
        initiative.pop("descriptions", None)
    scenario = validate_dict(raw)
    data = initiative_sheet_bytes(scenario, lang, kind, filled=True)
    again = initiatives_from(data, f"initiatives.{kind}", scenario).scenario
    found = [i.description for i in again.initiatives[: len(texts)]]
    assert found == [text.strip() for text in texts]  # a cell is read without its spaces
    assert sheet_cells._csv_cell("'") == "'" and sheet_cells._csv_cell("") is None


@pytest.mark.parametrize("lang", ["es", "en"])
def test_a_workbook_excel_saved_from_the_csv_reads_back_as_the_csv(lang):
    """Excel opening our CSV file shows the apostrophe before text that starts like a formula,
    as a character of the cell, and keeps it in a workbook saved from it: the import takes it
    off there as it does in the CSV file, names and descriptions alike."""
    raw = to_dict(load(SHIPPED))
    texts = (*TEXT_LIKE_FORMULAS, "'=x")
    for initiative, text in zip(raw["initiatives"], texts, strict=False):
        initiative["description"] = text
        initiative.pop("descriptions", None)
    raw["programmes"][0]["names"][lang] = "-Minería"
    scenario = validate_dict(raw)
    data = initiative_sheet_bytes(scenario, lang, "csv", filled=True)
    separator = ";" if lang == "es" else ","
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=separator))
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:  # every cell as the text Excel shows, numbers as numbers
        sheet.append([_as_excel_shows(cell, lang) for cell in row])
    for line in sheet.iter_rows():
        for cell in line:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"
    saved = io.BytesIO()
    book.save(saved)
    shown = [c.value for line in sheet.iter_rows() for c in line]
    assert "'-Minería" in shown and "'=x" not in shown and "''=x" in shown  # as Excel shows
    again = initiatives_from(saved.getvalue(), "initiatives.xlsx", scenario).scenario
    assert [i.description for i in again.initiatives[: len(texts)]] == list(texts)
    assert [i.programme for i in again.initiatives] == [i.programme for i in scenario.initiatives]


def _as_excel_shows(cell: str, lang: str) -> object:
    """A CSV cell as Excel reads it: a number where it is one (in `lang`'s decimal mark)."""
    try:
        return float(cell.replace(",", ".") if lang == "es" else cell)
    except ValueError:
        return cell
