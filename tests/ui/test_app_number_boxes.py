"""The app's number boxes (prioritise.ui.number_box) on their pages: the total budget and the
minimum ticket (Scenario), a stakeholder's influence (Stakeholders, adding and editing) and the
what-if budget (Portfolio) write their decimals the reader's way ("0,25" in Spanish), apply a
number typed that way, and refuse what cannot be read, saying so and applying nothing."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from prioritise import scenario as scenario_io
from prioritise.scenario import Scenario
from prioritise.ui import state
from tests.ui.apptools import ROOT, assert_clean, error_text, go, start, submit_form

TUTORIAL = (ROOT / "scenarios" / "tutorial.toml").read_text(encoding="utf-8")
VARIANT = (
    TUTORIAL.replace("total = 30.0", "total = 30.25", 1)
    .replace("per_year = [15.0, 15.0]", "per_year = [15.0, 15.25]", 1)
    .replace("spend_all = true", "spend_all = true\nmin_ticket = 0.25", 1)
    .replace("influence = 1.0", "influence = 0.75", 1)  # the first stakeholder's
)
LABELS = {
    "total": {"es": "Presupuesto total (", "en": "Total budget ("},
    "min_ticket": {"es": "Monto mínimo por línea", "en": "Minimum amount per funded line"},
    "budget": {"es": "Presupuesto a optimizar", "en": "Budget to optimise"},
    "influence": {"es": "Influencia", "en": "Influence"},
    "floor": {"es": "Cada región al menos", "en": "Every region at least"},
    "cap": {"es": "Ninguna región sobre", "en": "No region above"},
}
EDITED = ":influence:ministry:"  # the first stakeholder's details
ADDED = ":add:"  # the form that adds a stakeholder


def _opened(lang: str) -> AppTest:
    """The tutorial with decimals in every box, opened on the Scenario page."""
    at = start("tutorial", lang)
    at.file_uploader[0].set_value(("variant.toml", VARIANT.encode(), "application/toml")).run()
    at.run()  # the page reruns itself after opening a file
    assert_clean(at)
    assert _scenario(at).budget.total == 30.25
    return at


def _scenario(at: AppTest) -> Scenario:
    return scenario_io.loads(at.session_state[state.KEY_TEXT])


def _box(at: AppTest, name: str, lang: str, within: str = ""):
    (box,) = [
        b
        for b in at.text_input
        if b.label.startswith(LABELS[name][lang]) and within in (b.key or "")
    ]
    return box


_submit, _errors = submit_form, error_text


@pytest.mark.parametrize(("lang", "mark"), [("es", ","), ("en", ".")])
def test_every_box_writes_its_decimals_the_readers_way(lang: str, mark: str) -> None:
    at = _opened(lang)
    example = f"1{mark}25"
    total, ticket = _box(at, "total", lang), _box(at, "min_ticket", lang)
    assert total.value == f"30{mark}25"
    assert ticket.value == f"0{mark}25"
    assert example in total.help and example in ticket.help
    at = go(at, "stakeholders")
    assert_clean(at)
    assert _box(at, "influence", lang, EDITED).value == f"0{mark}75"
    added = _box(at, "influence", lang, ADDED)
    assert added.value == "1" and example in added.help
    at = go(at, "portfolio")
    assert_clean(at)
    budget = _box(at, "budget", lang)
    assert budget.value == f"30{mark}25" and example in budget.help


def test_scenario_boxes_apply_numbers_typed_with_a_decimal_comma() -> None:
    at = _opened("es")
    (split,) = [r for r in at.radio if r.label.startswith("Cómo se reparte")]
    split.set_value("even")
    _box(at, "total", "es").set_value("192,5")
    at = _submit(at, "budget_form")
    assert _scenario(at).budget.total == 192.5
    assert _box(at, "total", "es").value == "192,5"
    _box(at, "min_ticket", "es").set_value("0,5")
    at = _submit(at, "constraints_form")
    assert _scenario(at).constraints.min_ticket == 0.5
    assert _box(at, "min_ticket", "es").value == "0,5"
    _box(at, "min_ticket", "es").set_value("")  # empty: no minimum ticket
    at = _submit(at, "constraints_form")
    assert _scenario(at).constraints.min_ticket is None
    assert _box(at, "min_ticket", "es").value == ""


def test_influence_boxes_apply_numbers_typed_with_a_decimal_comma() -> None:
    at = go(_opened("es"), "stakeholders")
    _box(at, "influence", "es", EDITED).set_value("2,5")
    at = _submit(at, "details:ministry")
    assert _scenario(at).stakeholders[0].influence == 2.5
    (name,) = [b for b in at.text_input if b.key and b.key.endswith(":add:3:name")]
    name.set_value("Consejo regional")
    _box(at, "influence", "es", ADDED).set_value("1,5")
    at = _submit(at, "add_form")
    added = _scenario(at).stakeholders[-1]
    assert (added.name, added.influence) == ("Consejo regional", 1.5)
    at.run()
    assert _box(at, "influence", "es", ADDED).value == "1"  # the form starts again, empty


@pytest.mark.parametrize(
    ("lang", "typed", "said"),
    [
        ("es", "1.500", "Presupuesto total (MM USD): «1.500» no es un número; escríbalo como 1,25"),
        ("en", "1,500", "Total budget (M USD): “1,500” is not a number; write it like 1.25"),
        ("es", "0", "Presupuesto total (MM USD): «0» no es mayor que 0"),
    ],
)
def test_an_unreadable_total_is_refused_and_kept(lang: str, typed: str, said: str) -> None:
    at = _opened(lang)
    before = at.session_state[state.KEY_TEXT]
    _box(at, "total", lang).set_value(typed)
    at = _submit(at, "budget_form")
    assert said in _errors(at)
    assert at.session_state[state.KEY_TEXT] == before
    assert not at.success and not at.toast
    assert _box(at, "total", lang).value == typed  # what was typed stays, to correct


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("-1", "Monto mínimo por línea financiada (MM USD): «-1» es menor que 0"),
        ("un cuarto", "«un cuarto» no es un número"),
    ],
)
def test_an_unreadable_minimum_ticket_is_refused_and_kept(typed: str, said: str) -> None:
    at = _opened("es")
    before = at.session_state[state.KEY_TEXT]
    _box(at, "min_ticket", "es").set_value(typed)
    at = _submit(at, "constraints_form")
    assert said in _errors(at)
    assert "No se pudieron cambiar las restricciones" in _errors(at)
    assert at.session_state[state.KEY_TEXT] == before
    assert _box(at, "min_ticket", "es").value == typed


def test_share_rules_are_percentages_written_the_readers_way() -> None:
    """The tutorial's regional floor of 10 % reads "10"; "12,5" typed in Spanish is 12.5 %,
    an empty box drops the rule, and a share above 100 is refused with nothing applied."""
    at = _opened("es")
    assert _box(at, "floor", "es").value == "10"
    _box(at, "floor", "es").set_value("12,5")
    at = _submit(at, "constraints_form")
    assert _scenario(at).constraints.min_region_share == pytest.approx(0.125)
    assert _box(at, "floor", "es").value == "12,5"
    before = at.session_state[state.KEY_TEXT]
    _box(at, "cap", "es").set_value("120")
    at = _submit(at, "constraints_form")
    assert "«120» es mayor que 100" in _errors(at)
    assert at.session_state[state.KEY_TEXT] == before
    _box(at, "cap", "es").set_value("")
    _box(at, "floor", "es").set_value("")
    at = _submit(at, "constraints_form")
    assert _scenario(at).constraints.min_region_share is None


def test_an_unreadable_influence_is_refused_and_what_was_typed_stays() -> None:
    at = go(_opened("es"), "stakeholders")
    before = at.session_state[state.KEY_TEXT]
    _box(at, "influence", "es", EDITED).set_value("uno")
    at = _submit(at, "details:ministry")
    assert "Influencia: «uno» no es un número" in _errors(at)
    assert at.session_state[state.KEY_TEXT] == before
    assert _box(at, "influence", "es", EDITED).value == "uno"
    (name,) = [b for b in at.text_input if b.key and b.key.endswith(":add:3:name")]
    name.set_value("Consejo regional")
    _box(at, "influence", "es", ADDED).set_value("1.500")
    at = _submit(at, "add_form")
    assert "Influencia: «1.500» no es un número" in _errors(at)
    assert at.session_state[state.KEY_TEXT] == before
    (name,) = [b for b in at.text_input if b.key and b.key.endswith(":add:3:name")]
    assert name.value == "Consejo regional"  # the refused form is not cleared
    assert _box(at, "influence", "es", ADDED).value == "1.500"


def test_the_what_if_budget_reads_a_decimal_comma_and_keeps_the_last_good_one() -> None:
    at = go(_opened("es"), "portfolio")
    assert_clean(at)
    _box(at, "budget", "es").set_value("192,5").run()
    assert_clean(at)
    assert at.query_params["budget"] == "192.5"
    assert "se optimizan 192,50 MM USD en lugar de los 30,25 MM USD" in at.info[0].value
    assert _scenario(at).budget.total == 30.25  # a what-if: the scenario is unchanged
    _box(at, "budget", "es").set_value("abc").run()
    assert_clean(at)
    said = _errors(at)
    assert "Presupuesto a optimizar (MM USD): «abc» no es un número" in said
    assert "Se sigue optimizando 192,50 MM USD" in said
    assert at.query_params["budget"] == "192.5"  # the last good budget stays in force
    assert "se optimizan 192,50 MM USD" in at.info[0].value
    assert _box(at, "budget", "es").value == "abc"  # kept for correcting
    at.run()  # another run of the page keeps both
    assert _box(at, "budget", "es").value == "abc" and "«abc»" in _errors(at)
    _box(at, "budget", "es").set_value("0").run()
    assert "«0» no es mayor que 0" in _errors(at)
    _box(at, "budget", "es").set_value("45,75").run()
    assert_clean(at)
    assert not at.error
    assert at.query_params["budget"] == "45.75"
    assert _box(at, "budget", "es").value == "45,75"


def test_the_what_if_budget_follows_the_language_and_outlives_the_page() -> None:
    at = go(_opened("es"), "portfolio")
    _box(at, "budget", "es").set_value("45,5").run()
    at.sidebar.radio(key="lang").set_value("en").run()
    assert_clean(at)
    assert _box(at, "budget", "en").value == "45.5"
    assert "optimising 45.50 M USD instead of the scenario's 30.25 M USD" in at.info[0].value
    at = go(go(at, "priorities"), "portfolio")
    assert _box(at, "budget", "en").value == "45.5"
    _box(at, "budget", "en").set_value("30.25").run()  # the scenario's own budget again
    assert "budget" not in at.query_params
    assert not any(i.value.startswith("What-if") for i in at.info)


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("1.500", "«1.500» no es un número"),  # fifteen hundred or one and a half
        ("1,5", "«1,5» no es un número entero"),
        ("0", "«0» es menor que 1"),
    ],
)
def test_the_line_limit_takes_whole_numbers_only(typed: str, said: str) -> None:
    """'1.500' was saved as 1 line and '1,5' as 15, each with 'updated'."""
    at = _opened("es")
    before = at.session_state[state.KEY_TEXT]
    (box,) = [b for b in at.text_input if b.label.startswith("Como máximo esta cantidad")]
    box.set_value(typed)
    at = _submit(at, "constraints_form")
    assert said in _errors(at), _errors(at)
    assert at.session_state[state.KEY_TEXT] == before


def test_a_line_limit_typed_is_applied_and_an_empty_box_is_none() -> None:
    at = _opened("es")
    (box,) = [b for b in at.text_input if b.label.startswith("Como máximo esta cantidad")]
    box.set_value("12")
    at = _submit(at, "constraints_form")
    assert _scenario(at).constraints.max_lines == 12
    (box,) = [b for b in at.text_input if b.label.startswith("Como máximo esta cantidad")]
    box.set_value("")
    at = _submit(at, "constraints_form")
    assert _scenario(at).constraints.max_lines is None
