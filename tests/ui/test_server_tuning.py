"""Settings read without Streamlit's lock give exactly what Streamlit's own reader gives."""

from __future__ import annotations

import pytest
from streamlit import config

from prioritise.ui.server_tuning import read_settings_without_lock


@pytest.fixture
def original(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    locked = config.get_option
    monkeypatch.setattr(config, "get_option", locked)  # put back after the test
    return locked


def test_every_setting_reads_the_same_without_the_lock(original) -> None:  # type: ignore[no-untyped-def]
    keys = list(config.get_config_options())
    before = {key: original(key) for key in keys}
    read_settings_without_lock()
    assert config.get_option is not original
    assert {key: config.get_option(key) for key in keys} == before
    with pytest.raises(RuntimeError):  # an unknown key still goes to Streamlit's own reader
        config.get_option("no.suchOption")


def test_a_setting_changed_later_is_seen(original) -> None:  # type: ignore[no-untyped-def]
    read_settings_without_lock()
    config.set_option("server.maxUploadSize", 7)
    try:
        assert config.get_option("server.maxUploadSize") == 7
    finally:
        config.set_option("server.maxUploadSize", original("server.maxUploadSize"))


def test_applied_once_and_never_under_the_test_harness(
    original, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    read_settings_without_lock()
    first = config.get_option
    read_settings_without_lock()
    assert config.get_option is first  # not wrapped twice
    monkeypatch.setattr(config, "get_option", lambda key: key == "global.appTest")
    swapped = config.get_option
    read_settings_without_lock()
    assert config.get_option is swapped


@pytest.fixture
def sections(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    plain = config.get_options_for_section
    monkeypatch.setattr(config, "get_options_for_section", plain)
    monkeypatch.setattr(config, "set_option", config.set_option)
    return plain


def test_every_section_reads_the_same_when_kept(original, sections) -> None:  # type: ignore[no-untyped-def]
    names = {option.section for option in config.get_config_options().values()}
    before = {name: sections(name) for name in names}
    read_settings_without_lock()
    assert config.get_options_for_section is not sections
    for _ in range(2):  # the second read comes from what was kept
        assert {name: config.get_options_for_section(name) for name in names} == before


def test_a_kept_section_follows_a_changed_setting_and_a_new_parse(
    original, sections, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(config, "_config_options", config._config_options)  # put back after
    read_settings_without_lock()
    colour = original("theme.primaryColor")
    assert config.get_options_for_section("theme")["primaryColor"] == colour
    config.set_option("theme.primaryColor", "#123456")
    try:
        assert config.get_options_for_section("theme")["primaryColor"] == "#123456"
    finally:
        config.set_option("theme.primaryColor", colour)
    assert config.get_options_for_section("theme")["primaryColor"] == colour
    config.get_options_for_section("theme")["primaryColor"] = "mutated"  # a copy each time
    assert config.get_options_for_section("theme")["primaryColor"] == colour
    config.get_config_options(force_reparse=True)  # a new table, as after a config file change
    assert config.get_options_for_section("theme") == sections("theme")
