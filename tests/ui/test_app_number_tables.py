"""The Scenario page's tables (the years' amounts, the floors and caps of regions, programmes
and enabling areas, the committed amounts) on the page: each writes its numbers the reader's
way ("55,00" in Spanish), applies a number typed that way ("1,5" is 1.5, not 15), and refuses
what cannot be read, naming the table, the row and the column, applying nothing and keeping
what was typed. The edits are given as the browser sends them: the cells' text."""

from __future__ import annotations

import json
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from prioritise import scenario as scenario_io
from prioritise.scenario import Scenario
from prioritise.ui import state
from tests.ui.apptools import ROOT, assert_clean, error_text, start, submit_form

FORMS = {
    "budget_years": "budget_form",
    "cons_regions": "constraints_form",
    "cons_programmes": "constraints_form",
    "cons_areas": "constraints_form",
    "cons_fixed": "constraints_form",
}


def _scenario(at: AppTest) -> Scenario:
    return scenario_io.loads(at.session_state[state.KEY_TEXT])


def _key(at: AppTest, table: str) -> str:
    (key,) = [e.key for e in at.data_editor if e.key and e.key.split(":")[2] == table]
    return key


def _shown(at: AppTest, table: str, column: str) -> dict[Any, Any]:
    """A table's column as the page gives it to the editor, by row."""
    (editor,) = [e for e in at.data_editor if e.key == _key(at, table)]
    return editor.value[column].to_dict()


def _edit(
    at: AppTest,
    table: str,
    edited: dict[int, dict[str, Any]] | None = None,
    added: list[dict[str, Any]] | None = None,
) -> AppTest:
    """Cells typed in a table, then its form submitted."""
    at.session_state[_key(at, table)] = {
        "edited_rows": edited or {},
        "added_rows": added or [],
        "deleted_rows": [],
    }
    return submit_form(at, FORMS[table])


_errors = error_text


@pytest.mark.parametrize(("lang", "mark"), [("es", ","), ("en", ".")])
def test_every_table_writes_its_numbers_the_readers_way(lang: str, mark: str) -> None:
    at = start("chile_transforma_2017", lang)
    assert_clean(at)
    assert list(_shown(at, "budget_years", "amount").values()) == [
        f"55{mark}00",
        f"60{mark}00",
        f"60{mark}00",
    ]
    assert _shown(at, "cons_regions", "min")["antofagasta"] == f"5{mark}0"
    assert _shown(at, "cons_regions", "max")["metropolitana"] == f"35{mark}0"
    assert _shown(at, "cons_areas", "min")["human_capital"] == f"10{mark}0"
    at = start("chile_clusters_2008", lang)
    assert_clean(at)
    assert _shown(at, "cons_fixed", "amount") == {0: f"2{mark}00"}
    for table, column in (("cons_fixed", "amount"), ("cons_regions", "min")):
        (editor,) = [e for e in at.data_editor if e.key == _key(at, table)]
        about = json.loads(editor.proto.columns)[column]
        assert about["type_config"]["type"] == "text"  # not the browser's number editor
        assert f"1{mark}25" in about["help"]  # how to write a number, in the reader's way


def test_spanish_amounts_per_year_are_applied() -> None:
    at = start("chile_transforma_2017", "es")
    at = _edit(at, "budget_years", {0: {"amount": "12,5"}, 2: {"amount": "60.25"}})
    budget = _scenario(at).budget
    assert budget.per_year == [12.5, 60.0, 60.25]
    assert budget.total == 132.75
    assert [s.value for s in at.success] or at.toast


def test_a_year_added_in_spanish_is_applied() -> None:
    at = start("chile_transforma_2017", "es")
    at = _edit(at, "budget_years", added=[{"year": 2020, "amount": "20,25"}])
    budget = _scenario(at).budget
    assert budget.years == [2017, 2018, 2019, 2020]
    assert budget.per_year == [55.0, 60.0, 60.0, 20.25]


def test_a_year_added_out_of_order_takes_its_place_with_its_amount() -> None:
    at = start("chile_transforma_2017", "es")
    at = _edit(at, "budget_years", added=[{"year": "2016", "amount": "10"}])
    budget = _scenario(at).budget
    assert budget.years == [2016, 2017, 2018, 2019]
    assert budget.per_year == [10.0, 55.0, 60.0, 60.0]


def test_a_year_listed_twice_is_named() -> None:
    at = start("chile_transforma_2017", "es")
    before = at.session_state[state.KEY_TEXT]
    at = _edit(at, "budget_years", added=[{"year": "2018", "amount": "5"}])
    said = _errors(at)
    assert "Años y montos (MM USD), fila «4», columna «Año»: 2018 ya está en otra fila" in said
    assert "orden" not in said  # a year twice is not also said to be out of order
    assert at.session_state[state.KEY_TEXT] == before


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        (
            "es",
            "Presupuesto actualizado. Sus cifras ya no son las de la fuente «OCDE, PTPR Peer "
            "Learning Group, Chile: notas de antecedentes (2017)»; quedan marcadas como "
            "ilustrativas (⚠).",
        ),
        ("en", "Budget updated. Its figures are no longer those of the source “OECD PTPR Peer "),
    ],
)
def test_a_changed_budget_no_longer_cites_its_source(lang: str, said: str) -> None:
    """The source vouched for the figures it gave, not for the ones typed over them."""
    at = start("chile_transforma_2017", lang)
    assert _scenario(at).budget.source is not None
    at = _edit(at, "budget_years", {0: {"amount": "50"}})
    assert _scenario(at).budget.source is None
    assert any(said in s.value for s in at.success), [s.value for s in at.success]


def test_a_budget_that_was_illustrative_is_not_said_to_leave_its_source() -> None:
    """The tutorial's budget is marked illustrative: changing it is simply saved, with no
    sentence about figures that leave the source '⚠ illustrative' to become illustrative."""
    at = start("tutorial", "es")
    assert _scenario(at).budget.source == "illustrative"
    at = _edit(at, "budget_years", {0: {"amount": "20"}})
    assert _scenario(at).budget.total == 35.0
    assert [s.value for s in at.success] == ["Presupuesto actualizado."]


@pytest.mark.parametrize("table", ["budget_years", "cons_regions"])
def test_apply_with_nothing_changed_says_so_and_keeps_the_source(table: str) -> None:
    at = start("chile_transforma_2017", "es")
    before, steps = at.session_state[state.KEY_TEXT], len(at.session_state[state.KEY_HISTORY])
    at = _edit(at, table)
    assert at.session_state[state.KEY_TEXT] == before
    assert not at.success
    assert len(at.session_state[state.KEY_HISTORY]) == steps  # no step to undo
    assert any("No hay nada que aplicar" in i.value for i in at.info), [i.value for i in at.info]


def test_spanish_floors_and_caps_are_applied_and_an_emptied_cell_is_no_bound() -> None:
    at = start("chile_transforma_2017", "es")
    before = _scenario(at).constraints
    assert before.region_share["metropolitana"].max == 0.35
    at = _edit(at, "cons_regions", {0: {"min": "1,5"}, 6: {"max": ""}})
    cons = _scenario(at).constraints
    assert cons.region_share["arica"].min == pytest.approx(0.015)
    assert "metropolitana" not in cons.region_share
    assert cons.region_share["antofagasta"].min == pytest.approx(0.05)  # untouched
    at = _edit(at, "cons_programmes", {0: {"max": "12,5"}})
    assert _scenario(at).constraints.programme_share["mining"].max == pytest.approx(0.125)
    at = _edit(at, "cons_areas", {1: {"min": "2,5"}})
    assert _scenario(at).constraints.enabling_share["rd"].min == pytest.approx(0.025)


def test_a_spanish_committed_amount_is_applied() -> None:
    at = start("chile_clusters_2008", "es")
    at = _edit(at, "cons_fixed", {0: {"amount": "2,5"}})
    (fixed,) = _scenario(at).constraints.fixed
    assert (fixed.programme, fixed.region, fixed.year, fixed.amount) == (
        "global_services",
        "metropolitana",
        2008,
        2.5,
    )


def test_english_decimals_are_applied() -> None:
    at = start("chile_transforma_2017", "en")
    at = _edit(at, "cons_regions", {0: {"min": "1.5"}})
    assert _scenario(at).constraints.region_share["arica"].min == pytest.approx(0.015)
    at = _edit(at, "budget_years", {0: {"amount": "12.5"}})
    assert _scenario(at).budget.per_year == [12.5, 60.0, 60.0]


@pytest.mark.parametrize(
    ("lang", "table", "edited", "said"),
    [
        (
            "es",
            "cons_regions",
            {0: {"min": "1.500"}},
            "Pisos y topes regionales, fila «Arica y Parinacota», columna «Mínimo %»: "
            "«1.500» no es un número; escríbalo como 1,25, sin separador de miles.",
        ),
        (
            "en",
            "cons_regions",
            {6: {"max": "1,500"}},
            "Regional floors and caps, row “Santiago Metropolitan Region”, column "
            "“Maximum %”: “1,500” is not a number; write it like 1.25",
        ),
        (
            "es",
            "cons_programmes",
            {0: {"min": "150"}},
            "Pisos y topes por programa, fila «Minería», columna «Mínimo %»: «150» es mayor "
            "que 100",
        ),
        (
            "es",
            "cons_areas",
            {2: {"min": "diez"}},
            "Pisos y topes por ámbito habilitante, fila «Capital humano», columna «Mínimo %»: "
            "«diez» no es un número",
        ),
        (
            "es",
            "budget_years",
            {0: {"amount": "1.234,5"}},
            "Años y montos (MM USD), fila «2017», columna «Monto»: «1.234,5» no es un número",
        ),
        (
            "es",
            "budget_years",
            {1: {"amount": ""}},
            "Años y montos (MM USD), fila «2018», columna «Monto»: no se escribió nada",
        ),
        (
            "en",
            "budget_years",
            {2: {"amount": "-5"}},
            "Years and amounts (M USD), row “2019”, column “Amount”: “-5” is less than 0",
        ),
        (  # the scenario's own check said "min (0,05) es mayor que max (0,03)", unnamed
            "es",
            "cons_regions",
            {0: {"min": "5", "max": "3,25"}},
            "Pisos y topes regionales, fila «Arica y Parinacota»: el mínimo (5,00\u00a0%) es "
            "mayor que el máximo (3,25\u00a0%).",
        ),
        (  # a year typed with a decimal comma was read by the browser as 20205
            "es",
            "budget_years",
            {0: {"year": "2020,5"}},
            "Años y montos (MM USD), fila «1», columna «Año»: «2020,5» no es un número entero; "
            "escríbalo sin decimales ni separador de miles, como 2025.",
        ),
        (
            "en",
            "budget_years",
            {1: {"year": "20180"}},
            "Years and amounts (M USD), row “2”, column “Year”: “20180” is more than 9999",
        ),
    ],
)
def test_what_cannot_be_read_is_refused_and_nothing_applied(
    lang: str, table: str, edited: dict[int, dict[str, str]], said: str
) -> None:
    at = start("chile_transforma_2017", lang)
    before = at.session_state[state.KEY_TEXT]
    at = _edit(at, table, edited)
    assert said in _errors(at), _errors(at)
    assert at.session_state[state.KEY_TEXT] == before
    assert not at.success and not at.toast
    assert at.session_state[_key(at, table)]["edited_rows"] == edited  # kept, to correct


def test_one_unreadable_cell_refuses_the_whole_form() -> None:
    """A good floor typed beside a bad one is not applied either."""
    at = start("chile_transforma_2017", "es")
    before = at.session_state[state.KEY_TEXT]
    at = _edit(at, "cons_regions", {0: {"min": "1,5"}, 1: {"min": "2..5"}})
    assert "fila «Tarapacá», columna «Mínimo %»: «2..5» no es un número" in _errors(at)
    assert at.session_state[state.KEY_TEXT] == before


def test_a_commitment_added_without_its_amount_is_refused_by_name() -> None:
    at = start("chile_clusters_2008", "es")
    before = at.session_state[state.KEY_TEXT]
    row = {"programme": "Minería", "enabling_area": "Capital humano", "region": "Biobío"}
    at = _edit(at, "cons_fixed", added=[{**row, "year": 2009, "amount": None}])
    said = "Montos comprometidos (MM USD), fila «Minería · Capital humano · Biobío · 2009»"
    assert f"{said}, columna «Monto»: no se escribió nada" in _errors(at), _errors(at)
    assert at.session_state[state.KEY_TEXT] == before


@pytest.mark.parametrize("lang", ["es", "en"])
def test_a_commitment_half_filled_in_is_refused_in_the_reader_s_words(lang: str) -> None:
    """No region and no year: each empty cell is named, in the page's language (Streamlit's
    own mark of a required cell speaks English only, so the columns are not marked so)."""
    at = start("chile_clusters_2008", lang)
    before = at.session_state[state.KEY_TEXT]
    names = {"es": ("Minería", "Capital humano"), "en": ("Mining", "Human capital")}[lang]
    row = {"programme": names[0], "enabling_area": names[1], "amount": "2"}
    at = _edit(at, "cons_fixed", added=[row])
    said = _errors(at)
    empty = {"es": "está vacía: complétela o borre la fila entera", "en": "is empty: fill it in"}
    columns = {"es": ("Región", "Año"), "en": ("Region", "Year")}[lang]
    for column in columns:
        assert f"«{column}» {empty[lang]}" in said or f"“{column}” {empty[lang]}" in said, said
    assert f"{names[0]} · {names[1]}" in said  # the row, by what it holds
    assert at.session_state[state.KEY_TEXT] == before
    for editor in at.data_editor:  # no column speaks Streamlit's English
        columns = json.loads(editor.proto.columns)
        shown = [config for config in columns.values() if not config.get("hidden")]
        assert not any(config.get("required") for config in shown), editor.key


def test_an_amount_per_year_without_its_year_is_refused_not_dropped() -> None:
    at = start("chile_transforma_2017", "es")
    (split,) = [r for r in at.radio if r.label.startswith("Cómo se reparte")]
    split.set_value("per_year")
    before = at.session_state[state.KEY_TEXT]
    at = _edit(at, "budget_years", added=[{"amount": "12,5"}])
    assert "columna «Año» está vacía: complétela o borre la fila entera" in _errors(at)
    assert at.session_state[state.KEY_TEXT] == before


def _split(at: AppTest, choice: str) -> AppTest:
    """The budget split between the years, chosen and applied with the years' table as it is."""
    (split,) = [r for r in at.radio if r.label.startswith("Cómo se reparte")]
    split.set_value(choice)
    return _edit(at, "budget_years")


def test_an_even_split_left_alone_keeps_every_digit_when_amounts_per_year_are_chosen() -> None:
    """The years' cells show 175/3 as 58,3333; chosen per year untouched, they stay 175/3 and
    the total stays 175."""
    at = _split(start("chile_transforma_2017", "es"), "even")
    assert _scenario(at).budget.per_year is None
    assert list(_shown(at, "budget_years", "amount").values()) == ["58,3333"] * 3
    at = _split(at, "per_year")
    budget = _scenario(at).budget
    assert budget.per_year == [175 / 3] * 3
    assert budget.total == pytest.approx(175.0, abs=1e-12)


def test_amounts_typed_as_the_split_changes_are_applied() -> None:
    """The years' table stays the same editor whichever split is chosen, so what was typed in
    it is sent with the new choice."""
    at = _split(start("chile_transforma_2017", "es"), "even")
    (split,) = [r for r in at.radio if r.label.startswith("Cómo se reparte")]
    split.set_value("per_year")
    at = _edit(at, "budget_years", {0: {"amount": "60,5"}})
    assert _scenario(at).budget.per_year == [60.5, 175 / 3, 175 / 3]


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        (
            "es",
            "Los pisos y compromisos requieren al menos 32 líneas financiadas, pero se permiten",
        ),
        ("en", "The floors and commitments need at least 32 funded lines, but at most 2 are"),
    ],
)
def test_rules_that_cannot_all_hold_are_said_when_applied(lang: str, said: str) -> None:
    """A line limit of 2 against floors in every region is a valid file with no split: the
    form applies it and says so at once, not only when the Portfolio page finds no split."""
    at = start("chile_transforma_2017", lang)
    (lines,) = [b for b in at.text_input if b.key and ":cons_lines:" in b.key]
    lines.set_value("2")
    at = submit_form(at, "constraints_form")
    assert _scenario(at).constraints.max_lines == 2
    (tab,) = [tab for tab in at.tabs if tab.label in ("Restricciones", "Constraints")]
    assert tab.success  # under the form just applied, not at the top of a long page
    warned = "\n".join(w.value for w in tab.warning)
    assert said in warned, warned


def test_the_sidebar_says_changed_only_once_the_opened_scenario_is_changed() -> None:
    """A file just opened is as it came, though opening it can be undone; 'changed in this
    session' comes with the first change, and goes once that change is undone."""
    at = start("tutorial", "en")
    text = (ROOT / "scenarios" / "tutorial.toml").read_text(encoding="utf-8")
    upload = text.replace('name = "Mining"', 'name = "Copper mining"')
    at.file_uploader[0].set_value(("renamed.toml", upload.encode(), "application/toml")).run()
    assert_clean(at)
    assert "renamed.toml" in [c.value for c in at.sidebar.caption]
    assert at.button(key="undo")  # opening it can be undone, but it is not changed
    at = _edit(at, "budget_years", {0: {"amount": "20"}})
    assert "renamed.toml · changed in this session" in [c.value for c in at.sidebar.caption]
    at.button(key="undo").click().run()
    assert "renamed.toml" in [c.value for c in at.sidebar.caption]
