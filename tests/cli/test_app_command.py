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

from prioritise.cli.app import STREAMLIT_SETTINGS, app_entry, streamlit_command
from prioritise.ui.widgets import PAGE_ICON

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
