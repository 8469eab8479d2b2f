"""The scenario picker names each shipped file in the language of the page."""

from __future__ import annotations

import pytest

from prioritise.scenario import shipped_scenarios
from prioritise.ui.widgets import shipped_title

TITLES = {
    ("chile_transforma_initiatives_2017", "es"): "Chile Transforma 2017: cartera de iniciativas",
    ("chile_transforma_initiatives_2017", "en"): "Chile Transforma 2017: initiative portfolio",
    ("chile_transforma_2017", "es"): "Chile Transforma 2017",
    ("chile_transforma_2017", "en"): "Chile Transforma 2017",
}


@pytest.mark.parametrize(("name", "lang"), sorted(TITLES))
def test_the_picker_titles_a_shipped_scenario_in_the_page_language(name: str, lang: str) -> None:
    path = shipped_scenarios()[name]
    assert shipped_title(str(path), path.stat().st_mtime, lang) == TITLES[name, lang]


def test_a_file_that_cannot_be_read_is_titled_by_its_name(tmp_path) -> None:
    broken = tmp_path / "half_written.toml"
    broken.write_text('[scenario]\nname = "Unfinished', encoding="utf-8")
    assert shipped_title(str(broken), 0.0, "es") == "half_written"
    odd = tmp_path / "odd_names.toml"
    odd.write_text('[scenario]\nname = "Plain"\nnames = "not a table"\n', encoding="utf-8")
    assert shipped_title(str(odd), 0.0, "en") == "Plain"
