"""Writes killed mid-way: the target stays whole, and the next write removes what they left."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from prioritise.scenario import write_atomically
from prioritise.scenario.atomic_file import STALE_SECONDS, remove_leftovers

SIZE = 2 << 20
OURS = b"format = 'prioritise-scenario/1'\n"
"""What the test writes between kills: on a busy machine a writer may be killed before its
first write ends, and the file then still holds this."""
WRITER = f"""
import sys
from pathlib import Path
from prioritise.scenario import write_atomically
target = Path(sys.argv[1])
print("ready", flush=True)
n = 0
while True:
    write_atomically(target, bytes([65 + n % 26]) * {SIZE})
    n += 1
"""


def _others(folder: Path, target: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p != target)


def test_a_write_killed_midway_leaves_the_file_whole_and_the_next_write_tidies_up(
    tmp_path: Path,
) -> None:
    target = tmp_path / "scenario.toml"
    left_behind = 0
    for attempt in range(12):
        writer = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(target)], stdout=subprocess.PIPE, text=True
        )
        assert writer.stdout is not None and writer.stdout.readline() == "ready\n"
        time.sleep(0.05 + 0.04 * attempt)
        writer.send_signal(signal.SIGKILL)
        writer.wait()
        if target.exists():  # the last whole write: the writer's, or ours if none of its ended
            content = target.read_bytes()
            whole = len(content) == SIZE and content == content[:1] * SIZE
            assert whole or content == OURS
        leftovers = _others(tmp_path, target)
        for leftover in leftovers:  # recognisable: the target's name and the writer's id
            assert leftover.name.startswith(f".scenario.toml.prioritise-{writer.pid}-")
            assert leftover.name.endswith(".tmp")
        left_behind += bool(leftovers)
        write_atomically(target, OURS)
        assert _others(tmp_path, target) == []
        if left_behind >= 2:
            break
    assert left_behind >= 2, "no kill landed mid-write: the test proved nothing"


def test_a_running_writers_file_is_kept_and_an_old_one_removed(tmp_path: Path) -> None:
    target = tmp_path / "report.md"
    running = tmp_path / f".report.md.prioritise-{os.getppid()}-abc.tmp"
    mine = tmp_path / f".report.md.prioritise-{os.getpid()}-def.tmp"
    other = tmp_path / ".notes.md.prioritise-1-ghi.tmp"
    for path in (running, mine, other):
        path.write_bytes(b"partial")
    assert remove_leftovers(target) == []
    old = time.time() - STALE_SECONDS - 60
    os.utime(running, (old, old))
    assert remove_leftovers(target) == [running]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([mine.name, other.name])
