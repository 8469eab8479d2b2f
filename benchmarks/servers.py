"""Real app servers for the load benchmark: `prioritise app`'s own command, one port each."""

from __future__ import annotations

import os
import socket
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path
from types import TracebackType

from prioritise.cli.app import app_entry, streamlit_command

TICKS = os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class AppServers:
    """``count`` app servers on loopback ports, sharing the store that ``env`` names."""

    def __init__(self, count: int, env: dict[str, str]) -> None:
        self.ports = [free_port() for _ in range(count)]
        self.urls = [f"http://127.0.0.1:{port}" for port in self.ports]
        self.logs = [
            tempfile.NamedTemporaryFile("w", suffix=".log", delete=False)  # noqa: SIM115 (closed in __exit__)
            for _ in self.ports
        ]
        self.env = {**os.environ, **env}
        self._cpu_before = 0.0
        self.processes = [
            subprocess.Popen(
                streamlit_command(port, None, host="127.0.0.1"),
                cwd=app_entry().parent,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
            for port, log in zip(self.ports, self.logs, strict=True)
        ]

    def __enter__(self) -> AppServers:
        for url, process, log in zip(self.urls, self.processes, self.logs, strict=True):
            self._wait(url, process, Path(log.name))
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        for process in self.processes:
            process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
        for log in self.logs:
            log.close()
            Path(log.name).unlink(missing_ok=True)

    @staticmethod
    def _wait(url: str, process: subprocess.Popen[bytes], log: Path, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError(f"app server exited: {log.read_text()[-2000:]}")
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as answer:
                    if answer.status == 200:
                        return
            except OSError:
                time.sleep(0.3)
        raise TimeoutError(f"app server not ready: {log.read_text()[-2000:]}")

    def restart(self, index: int = 0) -> None:
        """Kill one server at once (``kill -9``: no goodbye to its pages) and start it again on
        the same port and store; returns when it answers."""
        process = self.processes[index]
        self._cpu_before += self._cpu(process)
        process.kill()
        process.wait()
        log = self.logs[index]
        self.processes[index] = subprocess.Popen(
            streamlit_command(self.ports[index], None, host="127.0.0.1"),
            cwd=app_entry().parent,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        self._wait(self.urls[index], self.processes[index], Path(log.name))

    @staticmethod
    def _cpu(process: subprocess.Popen[bytes]) -> float:
        fields = Path(f"/proc/{process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / TICKS  # utime, stime

    def cpu_seconds(self) -> float:
        """User plus system CPU seconds the servers have used so far, those killed by
        ``restart`` included (Linux /proc)."""
        return self._cpu_before + sum(self._cpu(process) for process in self.processes)

    def peak_rss_mb(self) -> float:
        """The largest peak resident memory of one server, in MB (Linux VmHWM)."""
        peaks = []
        for process in self.processes:
            for line in Path(f"/proc/{process.pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    peaks.append(int(line.split()[1]) / 1024)
        return max(peaks, default=0.0)
