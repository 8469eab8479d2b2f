"""`prioritise app`: start the Streamlit server with the project's own settings.

The settings are passed on the command line, so an installed copy (no checkout, no
``.streamlit/config.toml`` beside it) looks and behaves exactly like the checkout. The
server runs as a child process; a SIGTERM, SIGINT or SIGHUP sent to `prioritise app` is
passed on to it, so stopping the command stops the server.

`--host` is the address the server listens on (`0.0.0.0`: every interface, so that phones in the
room reach it); `--public-url` (or `$PRIORITISE_PUBLIC_URL`) is the address phones open, used in
the workshop's join link and QR code. It reaches the server through its environment, as it does
when the app is started with `streamlit run app.py`.
"""

from __future__ import annotations

import argparse
import importlib.util
import math
import os
import signal
import subprocess
import sys
from pathlib import Path
from types import FrameType

from prioritise.cli.common import UsageError, language
from prioritise.scenario import max_file_megabytes, resolve_scenario
from prioritise.scenario.limits import setting_problem
from prioritise.text import t

STREAMLIT_SETTINGS: dict[str, str] = {
    "browser.gatherUsageStats": "false",
    "server.maxUploadSize": "1",
    "server.enableXsrfProtection": "true",
    "server.enableCORS": "true",
    "server.headless": "true",
    "server.runOnSave": "false",
    "server.fileWatcherType": "none",
    "client.showErrorDetails": "none",
    "client.toolbarMode": "minimal",
    "runner.fastReruns": "true",
    "runner.magicEnabled": "false",
    "runner.postScriptGC": "false",
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
    spec = importlib.util.find_spec("prioritise.ui.entry.streamlit_app")
    if spec is None or spec.origin is None:  # a broken install
        raise FileNotFoundError("the app's entry script prioritise/ui/entry/streamlit_app.py")
    return Path(spec.origin)


def _upload_cap() -> dict[str, str]:
    """Streamlit's upload cap: the cap on scenario files, `PRIORITISE_MAX_FILE_MB`, refused in
    words when it is set to something unusable."""
    problem = setting_problem()
    if problem is not None:
        raise UsageError(problem)
    return {"server.maxUploadSize": str(math.ceil(max_file_megabytes()))}


def streamlit_command(port: int, scenario: Path | None, host: str | None = None) -> list[str]:
    """The full command that starts the server (on every interface unless `host` is given)."""
    command = [sys.executable, "-m", "streamlit", "run", str(app_entry())]
    listen = {"server.address": host} if host else {}
    upload = _upload_cap()
    for key, value in {**STREAMLIT_SETTINGS, **upload, "server.port": str(port), **listen}.items():
        command += [f"--{key}", value]
    if scenario is not None:
        command += ["--", "--scenario", str(scenario.resolve())]
    return command


def server_environment(public_url: str | None) -> dict[str, str]:
    """The server's environment: this one, with the public address checked and made plain.

    `public_url` is `--public-url`; without it, `$PRIORITISE_PUBLIC_URL` if set. A value that is
    not an http or https address with a host is a `UsageError` naming where it came from.
    """
    from prioritise.workshop.address import PUBLIC_URL_ENV, public_root  # the store stays unloaded

    environment = dict(os.environ)
    source, given = "--public-url", public_url
    if given is None:
        source, given = PUBLIC_URL_ENV, environment.get(PUBLIC_URL_ENV)
    if given is None or (source == PUBLIC_URL_ENV and not given.strip()):
        environment.pop(PUBLIC_URL_ENV, None)
        return environment
    root = public_root(given)
    if root is None:
        raise UsageError("cli.app.public_url", source=source, given=given)
    environment[PUBLIC_URL_ENV] = root
    return environment


def with_access_key(environment: dict[str, str], host: str | None, lang: str) -> dict[str, str]:
    """The server's environment with an access key when it listens beyond this computer or has
    a public address (the key in $PRIORITISE_ACCESS_KEY, else a new one), and the sentence that
    says so; on loopback only, no key."""
    from prioritise.workshop.access import (
        ACCESS_KEY_ENV,
        configured_key,
        needs_access_key,
        new_access_key,
    )
    from prioritise.workshop.address import PUBLIC_URL_ENV

    if not needs_access_key(host, environment.get(PUBLIC_URL_ENV)):
        environment.pop(ACCESS_KEY_ENV, None)
        return environment
    key = configured_key(environment)
    if key is None:
        key = environment[ACCESS_KEY_ENV] = new_access_key()
        print(t("cli.app.access_key", lang, key=key), flush=True)
    else:
        print(t("cli.app.access_key_set", lang), flush=True)
    return environment


def cmd_app(args: argparse.Namespace) -> int:
    environment = with_access_key(server_environment(args.public_url), args.host, language(args))
    scenario = resolve_scenario(args.file) if args.file else None
    entry = app_entry()
    command = streamlit_command(args.port, scenario, args.host)
    server = subprocess.Popen(command, cwd=entry.parent, env=environment)

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
