"""Writing a file whole or not at all, with the permissions a normal file gets.

A temporary file beside the target is written, flushed to disk and renamed over it, so a
crash mid-write leaves the old file or the new one, never half of one. `tempfile.mkstemp`
creates files readable by their owner only; a scenario or report is meant to be shared, so
the result gets what `open()` would have given it: 0666 less the umask, or the mode of the
file it replaces.

A writer killed mid-write (SIGKILL, a power cut) cannot remove its temporary file; the name
says whose it is (`.report.md.prioritise-<pid>-<random>.tmp`), so the next write to the same
target removes those whose process is gone, or that are older than a day.
"""

from __future__ import annotations

import contextlib
import glob
import os
import re
import stat
import tempfile
import time
from pathlib import Path

DEFAULT_UMASK = 0o022
TEMPORARY_TAG = "prioritise"
STALE_SECONDS = 86_400.0
"""A temporary file this old is left over, whoever wrote it."""


def current_umask() -> int:
    """The process's umask, read without changing it (os.umask would, for every thread)."""
    with contextlib.suppress(OSError, ValueError):
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    return DEFAULT_UMASK


def _mode_for(path: Path) -> int:
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        return 0o666 & ~current_umask()


def _running(pid: int) -> bool:
    """Whether process `pid` still runs (assumed so where that cannot be asked safely)."""
    if os.name != "posix":  # elsewhere os.kill(pid, 0) would end the process
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # another user's process
        return True
    return True


def remove_leftovers(target: Path) -> list[Path]:
    """Remove the temporary files of `target` left by writers that were killed; returns them."""
    pattern = f".{glob.escape(target.name)}.{TEMPORARY_TAG}-*.tmp"
    owner = re.compile(rf"\.{re.escape(target.name)}\.{TEMPORARY_TAG}-(\d+)-[^/]*\.tmp")
    removed = []
    for leftover in target.parent.glob(pattern):
        found = owner.fullmatch(leftover.name)
        if found is None:
            continue
        pid = int(found.group(1))
        with contextlib.suppress(OSError):
            old = time.time() - leftover.stat().st_mtime > STALE_SECONDS
            if old or (pid != os.getpid() and not _running(pid)):
                leftover.unlink()
                removed.append(leftover)
    return removed


def write_atomically(path: str | os.PathLike[str], content: bytes) -> None:
    """Write `content` to `path` whole, or leave `path` as it was and raise OSError."""
    target = Path(path)
    with contextlib.suppress(OSError):
        remove_leftovers(target)
    handle, temporary = tempfile.mkstemp(
        prefix=f".{target.name}.{TEMPORARY_TAG}-{os.getpid()}-", suffix=".tmp", dir=target.parent
    )
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, _mode_for(target))
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
