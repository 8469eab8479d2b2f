"""Writing a file whole or not at all, with the permissions a normal file gets.

A temporary file beside the target is written, flushed to disk and renamed over it, so a
crash mid-write leaves the old file or the new one, never half of one. `tempfile.mkstemp`
creates files readable by their owner only; a scenario or report is meant to be shared, so
the result gets what `open()` would have given it: 0666 less the umask, or the mode of the
file it replaces.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path

DEFAULT_UMASK = 0o022


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


def write_atomically(path: str | os.PathLike[str], content: bytes) -> None:
    """Write `content` to `path` whole, or leave `path` as it was and raise OSError."""
    target = Path(path)
    handle, temporary = tempfile.mkstemp(
        prefix=f".{target.name}.", suffix=".tmp", dir=target.parent
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
