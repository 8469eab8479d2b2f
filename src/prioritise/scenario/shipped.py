"""The scenarios that ship with prioritise, found by name from any directory.

A checkout keeps them in ``scenarios/`` at the repository root; an installed wheel carries the
same files as package data in ``prioritise/data/``.
"""

from __future__ import annotations

import contextlib
import difflib
import re
from importlib import resources
from pathlib import Path

from prioritise.scenario.checks import Problem
from prioritise.scenario.io import ScenarioError
from prioritise.scenario.limits import NotAFile, max_file_bytes, read_bounded
from prioritise.text import ListOf, msg

DEFAULT_SCENARIOS = ("chile_transforma_2017", "tutorial")
"""The default scenario first, the tutorial last; others in between."""


def _checkout_folder() -> Path | None:
    root = Path(__file__).resolve().parents[3]
    folder = root / "scenarios"
    if (root / "pyproject.toml").is_file() and folder.is_dir():
        return folder
    return None


def scenario_folder() -> Path | None:
    """Where shipped scenarios live: the checkout's scenarios/, else the package's data/."""
    folder = _checkout_folder()
    if folder is not None:
        return folder
    try:
        packaged = Path(str(resources.files("prioritise").joinpath("data")))
    except (ModuleNotFoundError, TypeError):
        return None
    return packaged if packaged.is_dir() and any(packaged.glob("*.toml")) else None


def shipped_scenarios() -> dict[str, Path]:
    """Shipped scenario files by name (file stem): the default first, the tutorial last."""
    folder = scenario_folder()
    if folder is None:
        return {}
    found = {path.stem: path for path in sorted(folder.glob("*.toml"))}
    default = next((name for name in DEFAULT_SCENARIOS if name in found), None)
    order = sorted(found, key=lambda n: (n != default, n in DEFAULT_SCENARIOS, n))
    return {name: found[name] for name in order}


def default_scenario_path() -> Path | None:
    """The Chile scenario where present, else the tutorial, else any shipped file."""
    return next(iter(shipped_scenarios().values()), None)


def resolve_scenario(name_or_path: str) -> Path:
    """A scenario file: an existing path as given, else a shipped scenario of that name.

    `chile_transforma_2017` and `chile_transforma_2017.toml` both name the shipped file, from
    any directory; a file of that name in the working directory wins. Anything else is a
    ScenarioError that lists the shipped names (and the closest one).
    """
    given = Path(name_or_path)
    if given.exists():
        return given
    shipped = shipped_scenarios()
    stem = given.name[:-5] if given.name.endswith(".toml") else given.name
    if len(given.parts) == 1 and stem in shipped:
        return shipped[stem]
    message = msg("scenario.file.missing")
    if len(given.parts) == 1 and shipped:
        close = difflib.get_close_matches(stem, list(shipped), n=1)
        message = msg("scenario.file.not_shipped", names=ListOf(list(shipped), "or"))
        if close:
            message = msg("scenario.file.shipped_hint", problem=message, name=close[0])
    raise ScenarioError([Problem("", message)], name_or_path)


_DECLARED = re.compile(rb"""^[ \t]*language[ \t]*=[ \t]*["'](es|en)["']""", re.MULTILINE)


def declared_language(name_or_path: str) -> str | None:
    """The language a scenario file declares (`language = "es"`), read from its text even when
    it does not parse or validate, so that its problems are said in that language; None for a
    file that cannot be read or declares none."""
    with contextlib.suppress(ScenarioError, NotAFile, OSError):
        data = read_bounded(resolve_scenario(name_or_path), max_file_bytes())
        found = _DECLARED.search(data)
        return found.group(1).decode() if found else None
    return None
