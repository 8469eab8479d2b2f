"""What every command shares: the usage error, JSON output and loading a scenario by path or name.

Kept apart from the parser so that the analysis commands can use them without importing the
module that imports them.
"""

from __future__ import annotations

import json
import sys

from prioritise.scenario import Scenario, load, resolve_scenario


class UsageError(Exception):
    """Bad input given on the command line (exit 2)."""


def print_json(payload: object) -> None:
    """One JSON object on stdout, strict (no NaN) and readable."""
    sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2, allow_nan=False) + "\n")


def load_scenario(path: str) -> Scenario:
    """A scenario file by path, or a shipped scenario by name (`tutorial`)."""
    return load(resolve_scenario(path))
