"""Names of the files the app offers for download: in the page's language, readable, safe."""

from __future__ import annotations

import pytest

from prioritise.scenario import load, to_dict, validate_dict
from prioritise.ui import i18n, optimising, state
from tests.ui.apptools import ROOT


@pytest.mark.parametrize(
    ("lang", "stem"),
    [("es", "transformacion-productiva-2017"), ("en", "productive-transformation-2017")],
)
def test_a_download_is_named_in_the_page_language_with_accents_dropped(
    monkeypatch: pytest.MonkeyPatch, lang: str, stem: str
) -> None:
    raw = to_dict(load(ROOT / "scenarios" / "chile_transforma_2017.toml"))
    raw["scenario"]["language"] = "es"
    raw["scenario"]["name"] = "Transformación productiva 2017"
    raw["scenario"]["names"] = {"en": "Productive transformation 2017"}
    monkeypatch.setattr(i18n, "current_language", lambda: lang)
    assert optimising.file_stem(validate_dict(raw)) == stem


def test_a_name_without_a_letter_or_digit_still_names_a_file(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    raw = to_dict(load(ROOT / "scenarios" / "chile_transforma_2017.toml"))
    raw["scenario"]["name"] = "¿¡—!?"
    raw["scenario"]["names"] = {}
    monkeypatch.setattr(i18n, "current_language", lambda: "es")
    assert optimising.file_stem(validate_dict(raw)) == "escenario"


@pytest.mark.parametrize(("lang", "file"), [("es", "escenario.toml"), ("en", "scenario.toml")])
def test_a_scenario_saved_without_a_file_or_a_latin_name_is_named_in_the_page_language(
    monkeypatch: pytest.MonkeyPatch, lang: str, file: str
) -> None:
    raw = to_dict(load(ROOT / "scenarios" / "chile_transforma_2017.toml"))
    raw["scenario"]["name"] = "¿¡—!?"
    monkeypatch.setattr(i18n, "current_language", lambda: lang)
    monkeypatch.setattr(state, "origin", lambda: "")
    monkeypatch.setattr(state, "opened_stem", lambda: "")
    assert state.download_name(validate_dict(raw)) == file
