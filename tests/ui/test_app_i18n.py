"""Both languages everywhere, numbers written the Spanish or English way, no tracebacks."""

from __future__ import annotations

import importlib
import math
import pkgutil
from types import SimpleNamespace

import pytest
from streamlit.testing.v1 import AppTest

import prioritise.ui as ui_package
from prioritise.text import CATALOGUES, Message, render
from prioritise.ui import i18n, widgets
from prioritise.ui.pages import PAGES
from prioritise.weights.group import AGREEMENT_BANDS
from tests.ui.apptools import ROOT


def _ui_modules() -> list:
    names = [m.name for m in pkgutil.walk_packages(ui_package.__path__, "prioritise.ui.")]
    return [importlib.import_module(name) for name in names]


def _ui_ids(lang: str) -> set[str]:
    return set(CATALOGUES.entries(lang, "ui"))


def test_every_registered_page_has_a_file_a_title_and_both_languages() -> None:
    for entry in PAGES:
        path = ROOT / "src" / "prioritise" / "ui" / "pages" / f"{entry.name}.py"
        assert path.is_file(), entry.name
        es, en = i18n.page_title(entry.name, "es"), i18n.page_title(entry.name, "en")
        assert es and en and es != en, entry.name


def test_strings_live_in_the_catalogue_not_in_the_modules() -> None:
    """No module keeps its own table of words: the ui catalogue holds them all."""
    modules = _ui_modules()
    assert len(modules) >= 20
    assert not [m.__name__ for m in modules if isinstance(getattr(m, "TEXT", None), dict)]
    assert not hasattr(i18n, "COMMON")
    assert _ui_ids("es") == _ui_ids("en")
    assert len(_ui_ids("en")) > 500


def test_shared_words_come_from_the_common_catalogue() -> None:
    for key, message_id in i18n.COMMON_IDS.items():
        if CATALOGUES.entry(message_id, "en").parameters:
            continue
        for lang in ("es", "en"):
            assert i18n.t(key, lang) == render(Message(message_id), lang)
    assert i18n.t("group_civil", "en") == "civil society"
    assert i18n.t("group_civil", "es") == "sociedad civil"


def test_a_module_key_wins_over_a_shared_word() -> None:
    tr = i18n.page_text("portfolio")
    assert tr("title", "es") == render(Message("ui.portfolio.title"), "es")
    assert tr("budget", "en", unit="M USD") == render(
        Message("ui.portfolio.budget", {"unit": "M USD"}), "en"
    )
    assert tr("region", "en") == "Region"
    assert tr.has("title") and not tr.has("region")


@pytest.mark.parametrize(
    ("value", "decimals", "es", "en"),
    [
        (175.5, 1, "175,5", "175.5"),
        (7_112_808, 0, "7.112.808", "7,112,808"),
        (1234.567, 2, "1.234,57", "1,234.57"),
        (-0.25, 2, "-0,25", "-0.25"),
        (math.nan, 1, "–", "–"),
    ],
)
def test_numbers_follow_the_language(value: float, decimals: int, es: str, en: str) -> None:
    assert i18n.number(value, "es", decimals) == es
    assert i18n.number(value, "en", decimals) == en


def test_percent_and_money() -> None:
    assert i18n.percent(0.125, "es") == "12,5\u00a0%"
    assert i18n.percent(0.125, "en") == "12.5%"
    assert i18n.money(175, 1_000_000, "USD", "es") == "175,0 MM USD"
    assert i18n.money(175, 1_000_000, "USD", "en") == "175.0 M USD"
    assert i18n.money(700, 1_000, "EUR", "en", 0) == "700 k EUR"
    assert i18n.plotly_separators("es") == ",." and i18n.plotly_separators("en") == ".,"


def test_table_formats() -> None:
    change = widgets.points_change(lang="es")
    assert change(0.0125) == "+1,25"
    assert change(-0.02) == "-2,00"
    assert change(-0.000001) == "0,00"  # no "-0,00"
    assert widgets.percent_of(1, "en")(0.107) == "10.7%"
    assert widgets.plain_number("es")(1234.5) == "1.234,5"
    assert widgets.plain_number("en")(3.0) == "3"
    assert i18n.plain(0.333333, "es") == "0,333"


def test_agreement_words_use_the_library_bands() -> None:
    bounds = tuple(bound for bound, _ in AGREEMENT_BANDS)
    assert bounds == i18n.AGREEMENT_BOUNDS
    assert tuple(band for _, band in AGREEMENT_BANDS) == i18n.AGREEMENT_IDS
    for bound, band in AGREEMENT_BANDS:
        below = 0.95 if math.isinf(bound) else bound - 0.01
        for lang in i18n.LANGUAGES:
            assert i18n.agreement_words(below, lang) == Message(band).text(lang)
    assert i18n.agreement_words(math.nan, "es") == "no hay órdenes que comparar"
    assert i18n.agreement_words(0.1, "es") == "acuerdo muy débil"
    assert i18n.agreement_words(0.45, "en") == "moderate agreement"
    assert i18n.agreement_words(0.95, "es") == "acuerdo muy fuerte"


def test_group_and_item_labels() -> None:
    assert i18n.group_label("academia", "es") == "academia y centros tecnológicos"
    assert i18n.group_label("regional councils", "es") == "regional councils"

    item = SimpleNamespace(id="solar", name="Solar energy", names={"es": "Energía solar"})
    assert i18n.label(item, "es") == "Energía solar"
    assert i18n.label(item, "en") == "Solar energy"
    assert i18n.labeller([item], "es")("solar") == "Energía solar"
    assert i18n.labeller([item], "es")("unknown") == "unknown"


def _failing_page() -> None:
    import streamlit as st

    from prioritise.ui.main import guard, guarded

    st.session_state["lang"] = "en"
    with guard():
        raise RuntimeError("the solver ran out of memory")
    st.write("the rest of the page still draws")

    @guarded
    def fragment_body() -> None:
        raise KeyError("x")

    fragment_body()


def test_an_error_in_a_page_becomes_a_plain_message() -> None:
    at = AppTest.from_function(_failing_page, default_timeout=30).run()
    assert not at.exception
    assert len(at.error) == 2
    assert at.error[0].value.startswith("Something went wrong while drawing this page")
    assert "Your scenario is safe" in at.error[0].value
    assert at.caption[0].value == "What happened: the solver ran out of memory"
    assert at.markdown[0].value == "the rest of the page still draws"


def test_the_uploaders_own_words_come_from_the_catalogue_in_each_language() -> None:
    spanish = widgets.uploader_css("box", ["toml", "xlsx"], 2.5, "es")
    assert 'content: "2,5 MB por archivo • TOML, XLSX"' in spanish
    assert 'content: "Subir archivo"' in spanish
    assert spanish.count(".st-key-box ") == 6  # three words, each hidden and redrawn
    english = widgets.uploader_css("box", ["toml"], 1, "en")
    assert 'content: "1 MB per file • TOML"' in english
    assert 'content: "Drop the file here"' in english
    assert widgets._css_string('say "no" \\ here') == '"say \\"no\\" \\\\ here"'


def test_the_phone_hint_above_every_table_is_in_each_language() -> None:
    spanish = widgets.table_swipe_css("es")
    assert (
        'content: "Una tabla ancha se desliza hacia el lado: deslícela para ver todas sus columnas."'
        in spanish
    )
    assert "@media (max-width: 640px)" in spanish and '[data-testid="stDataFrame"]' in spanish
    assert 'content: "A wide table scrolls sideways: swipe it to see every column."' in (
        widgets.table_swipe_css("en")
    )
    # the floors and caps fit a phone's width there: no line says to swipe them
    on_phone = widgets.table_swipe_css("es", phone=True)
    assert '[class*="-cons_regions"]::before' in on_phone and 'content: ""' in on_phone
    assert 'content: ""' not in spanish  # a narrowed desktop window keeps the line above each
