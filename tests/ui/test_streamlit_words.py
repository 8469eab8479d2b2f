"""Streamlit's own words on our widgets are ours, in the reader's language: drop-down lists
name their placeholder (Streamlit's is "Choose an option"), number inputs show whole numbers
without decimals ("175", not "175.00"), and the hint under an input being edited ("Press Enter
to apply") is redrawn from the catalogue. The browser half is
tests/ui/browser/test_streamlit_words_browser.py."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from prioritise.text import CATALOGUES
from prioritise.ui import widgets
from prioritise.ui.pages import PAGES
from prioritise.ui.workshop.phone import form_key, rank_key
from prioritise.workshop import WorkshopStore
from tests.ui.apptools import assert_clean, go, start
from tests.ui.workshop_tools import TUTORIAL, join

UI = Path(__file__).parents[2] / "src" / "prioritise" / "ui"
STREAMLIT_PLACEHOLDERS = {"Choose an option", "Choose options", "Choose or add an option", ""}
# The initiatives page edits initiatives only where the scenario has some.
SCENARIO_OF = {"initiatives": "chile_transforma_initiatives_2017"}


def drop_downs(at: AppTest) -> list[tuple[str, str]]:
    """(label, placeholder) of every drop-down list on the page."""
    found = [*at.selectbox, *at.multiselect]
    return [(box.label, box.proto.placeholder) for box in found]


def shown_numbers(at: AppTest) -> list[tuple[str, str]]:
    """(label, the number as the input shows it) of every number input on the page: the
    browser applies the same printf format as Python does here (an empty input shows none)."""
    boxes = [box for box in at.number_input if box.value is not None]
    return [(box.label, box.proto.format % box.value) for box in boxes]


@pytest.mark.slow
@pytest.mark.parametrize("page", [entry.name for entry in PAGES])
def test_every_page_words_its_drop_downs_and_shows_numbers_without_needless_decimals(
    page: str,
) -> None:
    at = start(SCENARIO_OF.get(page, "chile_transforma_2017"), lang="es")
    at = go(at, page)
    assert_clean(at)
    for label, placeholder in drop_downs(at):
        assert placeholder not in STREAMLIT_PLACEHOLDERS, (page, label, placeholder)
    for label, shown in shown_numbers(at):
        whole, _, decimals = shown.partition(".")
        assert not decimals.endswith("0"), (page, label, shown)  # "175.00" or "1.50"
        assert whole.lstrip("-").isdigit(), (page, label, shown)  # no "1.75e+02"


def test_the_pages_with_drop_downs_and_numbers_are_checked() -> None:
    """The page test above looks at something: the scenario page has both kinds."""
    at = go(start("chile_transforma_2017", lang="es"), "scenario")
    assert ("Escenarios incluidos", "Elija una opción") in drop_downs(at)
    # amounts with decimals are number boxes, written the reader's way (tests/ui/test_number_box.py)
    boxes = {box.label: box.value for box in at.text_input}
    assert boxes["Presupuesto total (MM USD)"] == "175"
    assert boxes["Monto mínimo por línea financiada (MM USD)"] == "0,25"
    assert boxes["Cada región al menos (% del presupuesto)"] == "1,5"  # a share rule, in percent
    assert boxes["Como máximo esta cantidad de líneas financiadas"] == "150"


def test_the_rank_places_on_a_participants_phone_are_worded(store: WorkshopStore) -> None:
    _, code, _ = store.create_workshop("T", TUTORIAL)
    at = join(code, lang="es")
    at.radio(key=form_key("criteria")).set_value("ranks").run()
    places = at.selectbox(key=rank_key("criteria", "exports"))
    assert places.proto.placeholder == "Elija una opción"


@pytest.mark.parametrize(
    ("lang", "apply", "submit"),
    [
        ("es", "Presione Enter para aplicar", "Presione Enter para enviar"),
        ("en", "Press Enter to apply", "Press Enter to submit"),
    ],
)
def test_the_hint_under_an_input_being_edited_is_in_each_language(
    lang: str, apply: str, submit: str
) -> None:
    css = widgets.input_hints_css(lang)
    hint = '[data-testid="InputInstructions"] > span:first-child'
    assert f"{hint}::after {{ content: {widgets._css_string(apply)}" in css
    form_hint = f'[data-testid="stForm"] {hint}'
    assert f"{form_hint}::after {{ content: {widgets._css_string(submit)}" in css
    assert f"{hint} {{ font-size: 0; }}" in css  # Streamlit's English is not drawn


@pytest.mark.parametrize("lang", ["es", "en"])
def test_every_app_view_carries_the_hints_in_its_language(lang: str, store: WorkshopStore) -> None:
    apply = CATALOGUES.entry("ui.widgets.enter_apply", lang).forms[0]
    at = start("chile_transforma_2017", lang=lang)
    assert any(apply in element.proto.body for element in at.get("html"))
    _, code, _ = store.create_workshop("T", TUTORIAL)
    at = join(code, lang=lang)
    assert any(apply in element.proto.body for element in at.get("html"))


def _text_inputs_with_max_chars_outside_forms(tree: ast.AST) -> list[int]:
    """Lines of `text_input(..., max_chars=...)` calls not inside a `with ….form(...)` block."""
    found: list[int] = []

    def visit(node: ast.AST, in_form: bool) -> None:
        if isinstance(node, ast.With):
            in_form = in_form or any(
                isinstance(item.context_expr, ast.Call)
                and isinstance(item.context_expr.func, ast.Attribute)
                and item.context_expr.func.attr == "form"
                for item in node.items
            )
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "text_input"
            and any(k.arg == "max_chars" for k in node.keywords)
            and not in_form
        ):
            found.append(node.lineno)
        for child in ast.iter_child_nodes(node):
            visit(child, in_form)

    visit(tree, False)
    return found


def test_every_text_input_that_counts_its_characters_sits_in_a_form() -> None:
    """`widgets.ENTER_HINT` takes the first instruction under an input for the Enter hint;
    outside a form the character count stands alone before anything is typed."""
    outside = {
        f"{path.relative_to(UI)}:{line}"
        for path in UI.rglob("*.py")
        for line in _text_inputs_with_max_chars_outside_forms(ast.parse(path.read_text()))
    }
    assert not outside, outside
    sample = ast.parse("with st.form('f'):\n    st.text_input('a', max_chars=3)\n")
    assert not _text_inputs_with_max_chars_outside_forms(sample)
    assert _text_inputs_with_max_chars_outside_forms(ast.parse("st.text_input('a', max_chars=3)"))
