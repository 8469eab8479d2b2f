"""What every command shares: the usage error, JSON output and checked file arguments.

Kept apart from the parser so that the analysis commands can use them without importing the
module that imports them.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


class UsageError(Exception):
    """Bad input given on the command line (exit 2)."""


def print_json(payload: object) -> None:
    """One JSON object on stdout, strict (no NaN) and readable."""
    sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2, allow_nan=False) + "\n")


def existing_file(path: str) -> Path:
    """A path that must exist, as a UsageError otherwise."""
    candidate = Path(path)
    if not candidate.is_file():
        raise UsageError(f"{path}: no such file")
    return candidate
