"""`prioritise app`: the project's Streamlit settings travel with the package, and stopping
the command stops the server it started."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import tomllib
import urllib.request
from pathlib import Path

import pytest

from prioritise.cli import app as app_module
from prioritise.cli import main
from prioritise.cli.app import (
    STREAMLIT_SETTINGS,
    app_entry,
    server_environment,
    streamlit_command,
)
from prioritise.ui.widgets import PAGE_ICON
from prioritise.workshop.address import PUBLIC_URL_ENV
from tests.cli.fake_server import fake_server

ROOT = Path(__file__).parents[2]


def flatten(table: dict, prefix: str = "") -> dict[str, str]:
    flat: dict[str, str] = {}
    for key, value in table.items():
        if isinstance(value, dict):
            flat.update(flatten(value, f"{prefix}{key}."))
        else:
            flat[f"{prefix}{key}"] = str(value).lower() if isinstance(value, bool) else str(value)
    return flat


def test_the_command_carries_every_setting_of_the_checkout_config() -> None:
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert flatten(config) == STREAMLIT_SETTINGS
    command = streamlit_command(8600, ROOT / "scenarios" / "tutorial.toml")
    for key, value in STREAMLIT_SETTINGS.items():
        at = command.index(f"--{key}")
        assert command[at + 1] == value
    assert command[command.index("--server.port") + 1] == "8600"
    assert command[-2:] == ["--scenario", str((ROOT / "scenarios" / "tutorial.toml").resolve())]


def test_the_entry_script_is_inside_the_package() -> None:
    entry = app_entry()
    assert entry.is_file() and entry.name == "streamlit_app.py"
    assert "prioritise" in entry.parts and "ui" in entry.parts


@pytest.mark.parametrize("entry", [app_entry(), ROOT / "app.py"], ids=["installed", "checkout"])
def test_no_pages_folder_beside_an_entry_script(entry: Path) -> None:
    """Streamlit would take it for an old-style multipage app and, in a fresh server, run a
    page opened by its address without the app around it (no scenario, an error)."""
    assert not (entry.parent / "pages").exists()


def test_the_page_icon_is_a_file_shipped_with_the_package() -> None:
    assert PAGE_ICON.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    shipped = pyproject["tool"]["setuptools"]["package-data"]["prioritise"]
    relative = PAGE_ICON.relative_to(ROOT / "src" / "prioritise").as_posix()
    assert any(Path(relative).match(pattern) for pattern in shipped)
    sources = (ROOT / "src" / "prioritise" / "ui").rglob("*.py")
    assert not [p for p in sources if 'page_icon=":' in p.read_text(encoding="utf-8")]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def healthy(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as r:
            return r.status == 200
    except OSError:
        return False


def listening(port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(1)
        return probe.connect_ex(("127.0.0.1", port)) == 0


@pytest.mark.slow
def test_sigterm_to_the_command_stops_the_server(tmp_path: Path) -> None:
    port = free_port()
    script = Path(sys.executable).with_name("prioritise")
    command = [str(script)] if script.is_file() else [sys.executable, "-m", "prioritise"]
    app = subprocess.Popen(
        [*command, "app", "tutorial", "--port", str(port)],
        cwd=tmp_path,  # a folder without .streamlit/config.toml, as after a pip install
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 90
        while not healthy(port):
            assert app.poll() is None, "prioritise app stopped before the server answered"
            assert time.monotonic() < deadline, "the server did not answer within 90 s"
            time.sleep(0.5)
        app.send_signal(signal.SIGTERM)
        assert app.wait(timeout=30) is not None
        deadline = time.monotonic() + 30
        while listening(port):
            assert time.monotonic() < deadline, "the server kept running after SIGTERM"
            time.sleep(0.5)
    finally:
        with contextlib.suppress(ProcessLookupError):  # nothing may be left in the group
            os.killpg(app.pid, signal.SIGKILL)


def test_host_sets_the_server_address_and_without_it_the_server_listens_everywhere() -> None:
    command = streamlit_command(8600, None, "0.0.0.0")
    assert command[command.index("--server.address") + 1] == "0.0.0.0"
    assert "--server.address" not in streamlit_command(8600, None)
    assert "--" not in command  # no scenario, no script arguments


def test_room_settings_spare_the_server_cpu() -> None:
    assert STREAMLIT_SETTINGS["runner.postScriptGC"] == "false"
    assert STREAMLIT_SETTINGS["server.fileWatcherType"] == "none"
    from streamlit import config

    # Options of the installed Streamlit: an unknown one would be refused by `streamlit run`.
    for key in ("runner.postScriptGC", "server.fileWatcherType"):
        assert key in config._config_options_template


def test_the_public_address_reaches_the_server_through_its_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(PUBLIC_URL_ENV, "http://ignored.example")
    env = server_environment("https://workshop.example.org/")
    assert env[PUBLIC_URL_ENV] == "https://workshop.example.org"
    assert env["PATH"] == os.environ["PATH"]  # the rest of the environment is kept
    assert server_environment(None)[PUBLIC_URL_ENV] == "http://ignored.example"
    monkeypatch.setenv(PUBLIC_URL_ENV, " ")
    assert PUBLIC_URL_ENV not in server_environment(None)
    monkeypatch.delenv(PUBLIC_URL_ENV)
    assert PUBLIC_URL_ENV not in server_environment(None)


def test_the_app_command_passes_host_port_and_public_address_to_the_server(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    started: dict = {}
    monkeypatch.setattr(app_module.subprocess, "Popen", fake_server(started))
    monkeypatch.delenv(PUBLIC_URL_ENV, raising=False)
    argv = ["app", "tutorial", "--host", "0.0.0.0", "--port", "8600"]
    assert main([*argv, "--public-url", "http://10.0.0.5:8501"]) == 0
    command = started["command"]
    assert command[command.index("--server.address") + 1] == "0.0.0.0"
    assert command[command.index("--server.port") + 1] == "8600"
    assert started["env"][PUBLIC_URL_ENV] == "http://10.0.0.5:8501"


@pytest.mark.parametrize(
    ("argv", "env", "source"),
    [
        (["--public-url", "10.0.0.5:8501"], None, "--public-url"),
        (["--public-url", "ftp://10.0.0.5"], "http://fine.example", "--public-url"),
        ([], "localhost 8501", "PRIORITISE_PUBLIC_URL"),
    ],
)
def test_a_bad_public_address_is_one_plain_sentence_and_exit_2(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    env: str | None,
    source: str,
) -> None:
    def never(*args: object, **kwargs: object) -> None:
        raise AssertionError("no server may start with a bad public address")

    monkeypatch.setattr(app_module.subprocess, "Popen", never)
    if env is None:
        monkeypatch.delenv(PUBLIC_URL_ENV, raising=False)
    else:
        monkeypatch.setenv(PUBLIC_URL_ENV, env)
    assert main(["app", *argv]) == 2
    out, err = capsys.readouterr()
    assert out == "" and "Traceback" not in err
    assert err.startswith(f"prioritise app: {source} must be an http:// or https:// address")
    assert err.count("\n") == 1
    assert main(["--lang", "es", "app", *argv]) == 2
    assert "debe ser una dirección http:// o https://" in capsys.readouterr().err
