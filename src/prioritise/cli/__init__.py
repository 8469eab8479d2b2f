"""The `prioritise` command line (`prioritise.cli:main`).

`command_line` parses the arguments and runs validate and show, `analysis` the commands that
score, optimise, sweep or test robustness, `app` starts the app, `text` prints results for a
terminal, `common` holds what they share.
"""

from __future__ import annotations

from prioritise.cli.command_line import main
from prioritise.cli.common import UsageError
from prioritise.cli.parser import build_parser

__all__ = [
    "UsageError",
    "build_parser",
    "main",
]
