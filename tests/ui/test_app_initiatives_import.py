"""Initiatives from a spreadsheet, in the app: the sheet of the scenario's own initiatives to
download, the filled sheet uploaded read as `prioritise import` reads it, every problem listed
at its row and column with the scenario left as it was, and Undo taking an import back."""

from __future__ import annotations

import io

import openpyxl
import pytest
from streamlit.testing.v1 import AppTest

from prioritise import scenario as scenario_io
from prioritise.scenario import initiative_sheet_bytes
from prioritise.ui import state
from prioritise.ui.initiatives.importing import SHOWN_PROBLEMS
from tests.ui.apptools import ROOT, assert_clean, go, start

SHIPPED = "chile_transforma_initiatives_2017"
SCENARIO = scenario_io.load(ROOT / "scenarios" / f"{SHIPPED}.toml")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _edited(lang: str, cells: dict[tuple[int, str], object], rows: int | None = None) -> bytes:
    """The page's own spreadsheet of the shipped initiatives with some cells changed (row 2 is
    the first initiative), and only its first `rows` initiatives when given."""
    book = openpyxl.load_workbook(
        io.BytesIO(initiative_sheet_bytes(SCENARIO, lang, "xlsx", filled=True))
    )
    sheet = book.worksheets[0]
    header = [cell.value for cell in sheet[1]]
    for (row, column), value in cells.items():
        sheet.cell(row=row, column=header.index(column) + 1, value=value)
    if rows is not None:
        sheet.delete_rows(rows + 2, sheet.max_row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _upload(at: AppTest, name: str, data: bytes) -> AppTest:
    box = next(u for u in at.get("file_uploader") if ":init_import" in str(u.proto.id))
    return box.set_value((name, data, XLSX)).run()  # type: ignore[attr-defined]


def _page(lang: str) -> AppTest:
    at = go(start(SHIPPED, lang), "initiatives")
    assert_clean(at)
    return at


def _shown_scenario(at: AppTest) -> scenario_io.Scenario:
    return scenario_io.loads(at.session_state[state.KEY_TEXT])


@pytest.mark.parametrize("lang", ["es", "en"])
def test_a_filled_sheet_replaces_the_initiatives_and_undo_takes_it_back(lang: str) -> None:
    at = _page(lang)
    labels = [b.proto.label for b in at.get("download_button") if "init_template" in b.proto.id]
    assert labels == (
        ["Estas iniciativas (Excel)", "Estas iniciativas (CSV)"]
        if lang == "es"
        else ["These initiatives (Excel)", "These initiatives (CSV)"]
    )
    before = at.session_state[state.KEY_TEXT]
    at = _upload(at, "cambiadas.xlsx", _edited(lang, {(2, "cost_2017"): "2,5"}))
    assert_clean(at)
    first = _shown_scenario(at).initiatives[0]
    assert first.id == SCENARIO.initiatives[0].id and first.cost[0] == 2.5
    assert len(_shown_scenario(at).initiatives) == len(SCENARIO.initiatives)
    said = " ".join(s.value for s in at.success)
    expected = (
        f"{len(SCENARIO.initiatives)} iniciativas importadas desde cambiadas.xlsx"
        if lang == "es"
        else f"{len(SCENARIO.initiatives)} initiatives imported from cambiadas.xlsx"
    )
    assert expected in said, said
    assert len(at.session_state[state.KEY_HISTORY]) == 1
    undo = next(b for b in at.button if b.key == "undo")
    at = undo.click().run()
    assert at.session_state[state.KEY_TEXT] == before


def test_a_sheet_with_problems_lists_each_at_its_place_and_changes_nothing() -> None:
    at = _page("es")
    before = at.session_state[state.KEY_TEXT]
    bad = _edited("es", {(2, "cost_2017"): "1,500", (3, "programme"): "pesca", (4, "id"): "$5 *x*"})
    at = _upload(at, "mala.xlsx", bad)
    assert_clean(at)
    assert at.session_state[state.KEY_TEXT] == before
    (error,) = [e.value for e in at.error if "mala.xlsx" in e.value]
    assert error.startswith("**No se importó mala.xlsx:**")
    assert (
        "Iniciativas, fila 2, columna cost\\_2017: debe ser un número escrito sin separador de"
        " miles (1500, no 1.500 ni 1,500), con sus decimales tras un solo punto o una sola coma"
        " (1,5 o 1.5) (se recibió '1,500')"
    ) in error
    assert "Iniciativas, fila 3, columna programme" in error and "pesca" in error
    assert "\\$5 \\*x\\*" in error  # the cell as it was typed, not a formula or italics
    assert "el escenario sigue como estaba" in error
    at = go(go(at, "scenario"), "initiatives")
    assert any("mala.xlsx" in e.value for e in at.error)  # still in view until the next upload
    at = go(start("chile_transforma_initiatives_2017", "es"), "initiatives")
    assert not any("mala.xlsx" in e.value for e in at.error)  # a new session starts clean


def test_an_upload_is_read_once_and_its_problems_go_with_the_scenario(monkeypatch) -> None:
    """Reruns (a widget moved, a page changed) do not read the file in the box again; once
    another scenario is opened, the old sheet's problems are no longer said of it."""
    from prioritise.ui.initiatives import importing

    calls = []
    real = importing.initiatives_from

    def counted(*args, **kwargs):
        calls.append(args[1])
        return real(*args, **kwargs)

    monkeypatch.setattr(importing, "initiatives_from", counted)
    at = _upload(_page("en"), "bad.xlsx", _edited("en", {(2, "cost_2017"): "lots"}))
    assert calls == ["bad.xlsx"] and any("bad.xlsx" in e.value for e in at.error)
    at = at.run()
    at = go(go(at, "scenario"), "initiatives")
    assert calls == ["bad.xlsx"] and any("bad.xlsx" in e.value for e in at.error)
    at = go(at, "scenario")
    at = next(b for b in at.button if b.key == "open_shipped").click().run()
    at = go(at, "initiatives")
    assert not any("bad.xlsx" in e.value for e in at.error)


def test_a_sheet_bad_in_many_rows_lists_the_first_problems_and_counts_the_rest() -> None:
    at = _page("en")
    cells = {(row, "cost_2018"): "lots" for row in range(2, 2 + len(SCENARIO.initiatives))}
    at = _upload(at, "bad.xlsx", _edited("en", cells))
    (error,) = [e.value for e in at.error if "bad.xlsx" in e.value]
    bullets = [line for line in error.splitlines() if line.startswith("- ")]
    assert len(bullets) == SHOWN_PROBLEMS + 1
    hidden = len(SCENARIO.initiatives) - SHOWN_PROBLEMS
    assert bullets[-1] == f"- … and {hidden} more problems: mend these and upload the file again."


def test_a_scenario_without_initiatives_takes_them_from_the_template() -> None:
    at = go(start("tutorial", "es"), "initiatives")
    tutorial = _shown_scenario(at)
    programme = tutorial.programmes[0].id
    criteria = [c.id for c in tutorial.criteria_at("initiative")]
    book = openpyxl.load_workbook(io.BytesIO(initiative_sheet_bytes(tutorial, "es", "xlsx")))
    sheet = book.worksheets[0]
    header = [cell.value for cell in sheet[1]]
    for ident in ("centro", "formacion"):
        row = {"id": ident, "name_es": f"Iniciativa {ident}", "programme": programme}
        row["region"] = tutorial.regions[0].id  # the North: the other regions' floors go unmet
        row |= {f"cost_{year}": 1.0 for year in tutorial.years}
        row |= {f"score_{c}": 5 for c in criteria}
        sheet.append([row.get(str(column)) for column in header])
    buffer = io.BytesIO()
    book.save(buffer)
    at = _upload(at, "nuevas.xlsx", buffer.getvalue())
    assert_clean(at)
    assert [i.id for i in _shown_scenario(at).initiatives] == ["centro", "formacion"]
    assert not any("no tiene iniciativas" in i.value for i in at.info)
    said = " ".join(s.value for s in at.success)
    assert "2 iniciativas importadas desde nuevas.xlsx" in said
    assert "baje «Parte del presupuesto para iniciativas» en la página Escenario" in said
    # the whole budget went to the two initiatives, which cannot meet the regional floors:
    # the way out names the regions in the page's language
    warned = " ".join(w.value for w in at.warning)
    assert "el piso de la región «Centro»" in warned and "«Sur»" in warned
    assert "Centre" not in warned and "South" not in warned
    at = go(at, "scenario")
    slider = next(s for s in at.slider if s.label == "Parte del presupuesto para iniciativas")
    assert slider.value == 100
    slider.set_value(40)
    at = next(b for b in at.button if b.key and "budget_form" in b.key).click().run()
    assert_clean(at)
    assert _shown_scenario(at).budget.initiatives_share == 0.4


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("es", "notas.pdf: solo se pueden importar libros de Excel (.xlsx) y archivos CSV (.csv)"),
        ("en", "notas.pdf: only Excel workbooks (.xlsx) and CSV files (.csv) can be imported"),
    ],
)
def test_a_file_of_another_type_is_refused_in_the_page_language(lang: str, words: str) -> None:
    """Not by Streamlit's English tooltip: the uploader takes any file and the reader says."""
    at = _page(lang)
    before = at.session_state[state.KEY_TEXT]
    box = next(u for u in at.get("file_uploader") if ":init_import" in str(u.proto.id))
    assert list(box.proto.type) == []
    at = box.set_value(("notas.pdf", b"%PDF-1.4", "application/pdf")).run()  # type: ignore[attr-defined]
    assert_clean(at)
    assert any(words in e.value for e in at.error)
    assert at.session_state[state.KEY_TEXT] == before


def _without_port_community_system(lang: str) -> bytes:
    book = openpyxl.load_workbook(
        io.BytesIO(initiative_sheet_bytes(SCENARIO, lang, "xlsx", filled=True))
    )
    sheet = book.worksheets[0]
    row = next(r for r in range(2, sheet.max_row + 1) if sheet.cell(r, 1).value == LOST)
    sheet.delete_rows(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


LOST = "port_community_system"


@pytest.mark.parametrize(
    ("lang", "button", "said"),
    [
        (
            "es",
            "Importarla y quitar esas iniciativas de las listas de los fondos",
            "El fondo «Fondo de Modernización Portuaria» ya no incluye la iniciativa",
        ),
        (
            "en",
            "Import it and take those initiatives out of the pools' lists",
            "The pool “Port Modernisation Fund” no longer lists the initiative",
        ),
    ],
)
def test_a_pool_naming_a_lost_initiative_can_be_mended_by_the_import(
    lang: str, button: str, said: str
) -> None:
    """No scenario file to edit in the app: the page offers to take the initiative out of the
    pool's list, and says it did; Undo takes the whole import back."""
    at = _page(lang)
    before = at.session_state[state.KEY_TEXT]
    at = _upload(at, "sin.xlsx", _without_port_community_system(lang))
    assert at.session_state[state.KEY_TEXT] == before
    (mend,) = [b for b in at.button if b.key == "init_import_dropping"]
    assert mend.label == button
    at = mend.click().run()
    assert_clean(at)
    after = _shown_scenario(at)
    assert LOST not in [i.id for i in after.initiatives]
    pool = next(p for p in after.pools if p.id == "port_modernisation")
    assert LOST not in pool.initiatives and pool.programmes == ["logistics"]
    assert any(said in s.value for s in at.success), [s.value for s in at.success]
    assert not [b for b in at.button if b.key == "init_import_dropping"]
    undo = next(b for b in at.button if b.key == "undo")
    assert undo.click().run().session_state[state.KEY_TEXT] == before


def test_the_mending_is_still_offered_after_the_language_changes() -> None:
    """A change of language empties the upload box; the list of problems stays, and so does
    the button that mends them, in the new language, with the file read before."""
    at = _page("en")
    before = at.session_state[state.KEY_TEXT]
    at = _upload(at, "sin.xlsx", _without_port_community_system("en"))
    at.sidebar.radio(key="lang").set_value("es").run()
    assert_clean(at)
    assert at.session_state[state.KEY_TEXT] == before
    (mend,) = [b for b in at.button if b.key == "init_import_dropping"]
    assert mend.label == "Importarla y quitar esas iniciativas de las listas de los fondos"
    at = mend.click().run()
    assert_clean(at)
    after = _shown_scenario(at)
    assert LOST not in [i.id for i in after.initiatives]
    assert LOST not in next(p for p in after.pools if p.id == "port_modernisation").initiatives
    assert any("ya no incluye la iniciativa" in s.value for s in at.success)


def test_a_file_taken_out_of_the_box_takes_its_problems_and_mending_with_it() -> None:
    """The user clears the upload box with its ×: the button no longer offers to import the
    file they removed, and its problems are no longer listed."""
    at = _upload(_page("en"), "sin.xlsx", _without_port_community_system("en"))
    assert [b for b in at.button if b.key == "init_import_dropping"]
    assert any("sin.xlsx" in e.value for e in at.error)
    box = next(u for u in at.get("file_uploader") if ":init_import" in str(u.proto.id))
    at = box.clear().run()  # type: ignore[attr-defined]
    assert_clean(at)
    assert not [b for b in at.button if b.key == "init_import_dropping"]
    assert not any("sin.xlsx" in e.value for e in at.error)


def test_no_mending_is_offered_for_other_problems() -> None:
    at = _page("en")
    at = _upload(at, "bad.xlsx", _edited("en", {(2, "cost_2017"): "abc"}))
    assert any("bad.xlsx" in e.value for e in at.error)
    assert not [b for b in at.button if b.key == "init_import_dropping"]
