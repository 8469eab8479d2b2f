"""`prioritise app`: start the Streamlit server with the project's own settings.

The settings are passed on the command line, so an installed copy (no checkout, no
``.streamlit/config.toml`` beside it) looks and behaves exactly like the checkout. The
server runs as a child process; a SIGTERM, SIGINT or SIGHUP sent to `prioritise app` is
passed on to it, so stopping the command stops the server.
"""

from __future__ import annotations

import argparse
import importlib.util
import signal
import subprocess
import sys
from pathlib import Path
from types import FrameType

from prioritise.scenario import resolve_scenario

STREAMLIT_SETTINGS: dict[str, str] = {
    "browser.gatherUsageStats": "false",
    "server.maxUploadSize": "5",
    "server.enableXsrfProtection": "true",
    "server.enableCORS": "true",
    "server.headless": "true",
    "server.runOnSave": "false",
    "client.showErrorDetails": "none",
    "client.toolbarMode": "minimal",
    "runner.fastReruns": "true",
    "runner.magicEnabled": "false",
    "theme.base": "light",
    "theme.primaryColor": "#0f5e9c",
    "theme.backgroundColor": "#ffffff",
    "theme.secondaryBackgroundColor": "#eef3f8",
    "theme.textColor": "#1b2631",
    "theme.font": "sans serif",
}
"""The checkout's .streamlit/config.toml, key by key (a test keeps the two equal)."""

FORWARDED = (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)
STOP_SECONDS = 10.0


def app_entry() -> Path:
    """The Streamlit entry script inside the installed package."""
    spec = importlib.util.find_spec("prioritise.ui.streamlit_app")
    if spec is None or spec.origin is None:  # a broken install
        raise FileNotFoundError("the app's entry script prioritise/ui/streamlit_app.py")
    return Path(spec.origin)


def streamlit_command(port: int, scenario: Path | None) -> list[str]:
    """The full command that starts the server."""
    command = [sys.executable, "-m", "streamlit", "run", str(app_entry())]
    for key, value in {**STREAMLIT_SETTINGS, "server.port": str(port)}.items():
        command += [f"--{key}", value]
    if scenario is not None:
        command += ["--", "--scenario", str(scenario.resolve())]
    return command


def cmd_app(args: argparse.Namespace) -> int:
    scenario = resolve_scenario(args.file) if args.file else None
    entry = app_entry()
    server = subprocess.Popen(streamlit_command(args.port, scenario), cwd=entry.parent)

    def stop(signum: int, _frame: FrameType | None) -> None:
        if server.poll() is None:
            server.send_signal(signal.SIGTERM if signum == signal.SIGHUP else signum)

    previous = {sig: signal.signal(sig, stop) for sig in FORWARDED}
    try:
        while True:
            try:
                return server.wait()
            except KeyboardInterrupt:  # a second Ctrl-C while the server shuts down
                continue
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        if server.poll() is None:
            server.terminate()
            try:
                server.wait(STOP_SECONDS)
            except subprocess.TimeoutExpired:
                server.kill()
