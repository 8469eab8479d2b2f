"""`prioritise app` and the access key: made and printed when the room can reach the server,
taken from $PRIORITISE_ACCESS_KEY when set, and absent on loopback only."""

from __future__ import annotations

import re

import pytest

from prioritise.cli import app as app_module
from prioritise.cli import main
from prioritise.workshop.access import ACCESS_KEY_ENV
from prioritise.workshop.address import PUBLIC_URL_ENV
from tests.cli.fake_server import fake_server

MADE_KEY = r"[2-9a-hjkmnp-z]{5}(?:-[2-9a-hjkmnp-z]{5}){3}"


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch) -> dict:
    """What the command hands the server it starts (no server starts)."""
    found: dict = {}
    monkeypatch.setattr(app_module.subprocess, "Popen", fake_server(found))
    monkeypatch.delenv(PUBLIC_URL_ENV, raising=False)
    monkeypatch.delenv(ACCESS_KEY_ENV, raising=False)
    return found


@pytest.mark.parametrize("host", [[], ["--host", "0.0.0.0"], ["--host", "192.168.1.20"]])
def test_a_server_the_room_reaches_gets_a_new_key_printed(
    started: dict, capsys: pytest.CaptureFixture[str], host: list[str]
) -> None:
    assert main(["app", "tutorial", "--lang", "en", *host]) == 0
    out = capsys.readouterr().out
    printed = re.findall(rf"ask for this access key .*: ({MADE_KEY})$", out.strip())
    assert printed and started["env"][ACCESS_KEY_ENV] == printed[0]
    main(["app", "tutorial", "--lang", "en", *host])
    assert started["env"][ACCESS_KEY_ENV] != printed[0]  # a new key for every start


def test_a_key_set_in_the_environment_is_used_and_not_printed(
    started: dict, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ACCESS_KEY_ENV, "  nuestra-clave  ")
    assert main(["app", "tutorial", "--lang", "es", "--host", "0.0.0.0"]) == 0
    out = capsys.readouterr().out
    assert "PRIORITISE_ACCESS_KEY" in out and "nuestra-clave" not in out
    assert started["env"][ACCESS_KEY_ENV] == "  nuestra-clave  "


def test_loopback_only_needs_no_key_unless_a_public_address_brings_the_world_in(
    started: dict, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ACCESS_KEY_ENV, "nuestra-clave")
    assert main(["app", "tutorial", "--host", "127.0.0.1"]) == 0
    assert capsys.readouterr().out == ""
    assert ACCESS_KEY_ENV not in started["env"]
    monkeypatch.delenv(ACCESS_KEY_ENV)
    argv = ["app", "tutorial", "--lang", "en", "--host", "127.0.0.1"]
    assert main([*argv, "--public-url", "https://taller.example.org"]) == 0
    assert re.search(MADE_KEY, capsys.readouterr().out)
    assert re.fullmatch(MADE_KEY, started["env"][ACCESS_KEY_ENV])
