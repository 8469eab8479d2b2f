"""A stand-in for the server `prioritise app` starts: records what it was handed, starts nothing.

Imported by the `app` command's tests as `tests.cli.fake_server`; it is a helper, not a test
module.
"""

from __future__ import annotations

from pathlib import Path


def fake_server(started: dict) -> type:
    """A `subprocess.Popen` stand-in that puts the command, folder and environment in
    `started` and ends at once with exit code 0."""

    class FakeServer:
        def __init__(self, command: list[str], cwd: Path, env: dict[str, str]) -> None:
            started.update(command=command, cwd=cwd, env=env)

        def wait(self, timeout: float | None = None) -> int:
            return 0

        def poll(self) -> int:
            return 0

    return FakeServer
