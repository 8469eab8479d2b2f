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
