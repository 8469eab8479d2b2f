"""The session's scenario: one validated Scenario plus its TOML text, changed only whole.

Every change (opening a shipped file, an upload, an edit in a form) goes through
`validate_dict` or `loads` first; an invalid change leaves the current scenario exactly as it
was and hands back the problems to show. The TOML text is the cache key for every computed
result, so two sessions with the same scenario share their scores.

Shipped scenarios are found by `prioritise.scenario.shipped` (the checkout's ``scenarios/``,
else the package data of an installed wheel).
"""

from __future__ import annotations

import copy
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import streamlit as st

from prioritise import scenario as scenario_io
from prioritise.scenario import (
    Problem,
    Scenario,
    ScenarioError,
    max_file_bytes,
    shipped_scenarios,
    too_large,
)
from prioritise.text import msg
from prioritise.ui import i18n

HISTORY_LIMIT = 30

KEY_SCENARIO = "scenario"
KEY_TEXT = "scenario_text"
KEY_ORIGIN = "scenario_origin"
KEY_SHIPPED = "scenario_shipped"
KEY_HISTORY = "scenario_history"
KEY_NOTICES = "notices"
KEY_REVISION = "scenario_revision"
KEY_GENERATION = "scenario_generation"
KEY_OPENED = "scenario_opened"
"""Each origin's text as it was opened (a file, an upload, a workshop's answers): the open
scenario is "changed in this session" when its text is no longer that."""


# ---------------------------------------------------------------- shipped scenario files


def scenario_argument(argv: Sequence[str] | None = None) -> str | None:
    """The path after `--scenario` (the CLI runs `streamlit run app.py -- --scenario FILE`)."""
    args = list(sys.argv[1:] if argv is None else argv)
    for index, arg in enumerate(args):
        if arg == "--scenario" and index + 1 < len(args):
            return args[index + 1]
        if arg.startswith("--scenario="):
            return arg.split("=", 1)[1]
    return None


# ---------------------------------------------------------------- pure functions (testable)


def scenario_from_upload(data: bytes, filename: str) -> Scenario:
    """An uploaded file as a Scenario, or a ScenarioError whose problems name locations."""
    if len(data) > max_file_bytes():  # the cap on scenario files, PRIORITISE_MAX_FILE_MB
        raise ScenarioError([Problem("", too_large())], filename)
    if not filename.lower().endswith(".toml"):
        raise ScenarioError([Problem("", msg("scenario.file.not_toml"))], filename)
    return scenario_io.loads(data, filename)


def editable(scenario: Scenario) -> dict[str, Any]:
    """The scenario as plain data that forms may change and `validate_dict` checks again."""
    return scenario.model_dump(mode="json", exclude_none=True)


def validated_edit(
    scenario: Scenario, change: Callable[[dict[str, Any]], None]
) -> tuple[Scenario | None, list[Problem]]:
    """Apply `change` to a copy of the scenario's data and validate the result.

    Returns the new scenario and no problems, or None and the problems; the scenario given
    is never modified.
    """
    raw = copy.deepcopy(editable(scenario))
    try:
        change(raw)
    except (KeyError, IndexError, ValueError, TypeError) as exc:
        return None, [Problem("", f"the change could not be applied ({exc})")]
    try:
        return scenario_io.validate_dict(raw), []
    except ScenarioError as exc:
        return None, list(exc.problems)


# ---------------------------------------------------------------- the session's scenario


def _set(
    scenario: Scenario,
    origin: str,
    shipped: str | None,
    remember: bool = True,
    whole: bool = True,
    opened: bool = False,
) -> None:
    """Adopt a validated scenario; `whole` marks a new scenario rather than an edit of it, and
    `opened` one just opened from `origin` (not yet changed)."""
    state = st.session_state
    if remember and KEY_TEXT in state:
        history = state.setdefault(KEY_HISTORY, [])
        history.append((state[KEY_TEXT], state[KEY_ORIGIN], state.get(KEY_SHIPPED)))
        del history[:-HISTORY_LIMIT]
    state[KEY_SCENARIO] = scenario
    state[KEY_TEXT] = scenario_io.dumps(scenario)
    if opened:
        state.setdefault(KEY_OPENED, {})[origin] = state[KEY_TEXT]
    state[KEY_ORIGIN] = origin
    state[KEY_SHIPPED] = shipped
    state[KEY_REVISION] = state.get(KEY_REVISION, 0) + 1
    if whole:
        state[KEY_GENERATION] = state.get(KEY_GENERATION, 0) + 1


def notify(message: str, kind: str = "warning", place: str | None = None) -> None:
    """A message to show in the next page drawn to its end (kind: warning, success, info): at
    its top, or where the page takes the notices of `place` (under the form that was applied,
    the part of a long page the reader is looking at)."""
    st.session_state.setdefault(KEY_NOTICES, []).append((kind, message, place))


def drop_notices() -> None:
    """Forget the notices once a run has drawn the page to its end. A run cut short (by a
    rerun, a click made while it drew) keeps them for the run after it: a notice taken by the
    run cut short would never show."""
    st.session_state.pop(KEY_NOTICES, None)


def take_notices(place: str | None = None) -> list[tuple[str, str]]:
    """The notices for `place` (None: the top of the page)."""
    notices = st.session_state.get(KEY_NOTICES, [])
    return [(kind, message) for kind, message, where in notices if where == place]


def open_path(path: Path, shipped: str | None = None) -> list[Problem]:
    """Open a scenario file; on problems the current scenario stays."""
    try:
        scenario = scenario_io.load(path)
    except ScenarioError as exc:
        return list(exc.problems)
    _set(scenario, path.name, shipped, opened=True)
    return []


def open_shipped(name: str) -> list[Problem]:
    path = shipped_scenarios().get(name)
    if path is None:
        return [Problem("", f"there is no shipped scenario called '{name}'")]
    return open_path(path, shipped=name)


def open_upload(data: bytes, filename: str) -> list[Problem]:
    """Replace the scenario with an uploaded file, or keep it and return the problems."""
    try:
        scenario = scenario_from_upload(data, filename)
    except ScenarioError as exc:
        return list(exc.problems)
    _set(scenario, filename, None, opened=True)
    return []


def apply_edit(change: Callable[[dict[str, Any]], None]) -> list[Problem]:
    """Change the current scenario through a validated copy; problems leave it untouched, and
    so does a change that changes nothing (no step to undo is kept for it)."""
    edited, problems = validated_edit(current(), change)
    if edited is not None and edited != current():
        _set(edited, st.session_state[KEY_ORIGIN], None, whole=False)
    return problems


def replace(scenario: Scenario, origin: str | None = None) -> None:
    """Adopt an already-validated scenario (e.g. one with a repair applied); with `origin`,
    one that comes from elsewhere (a workshop's answers), as it came."""
    _set(scenario, origin or st.session_state.get(KEY_ORIGIN, ""), None, opened=bool(origin))


def can_undo() -> bool:
    return bool(st.session_state.get(KEY_HISTORY))


def edited() -> bool:
    """Whether the open scenario differs from its origin as it was opened: an upload just
    opened is not "changed in this session", though it can be undone."""
    opened = st.session_state.get(KEY_OPENED, {}).get(st.session_state.get(KEY_ORIGIN, ""))
    return st.session_state.get(KEY_TEXT) != opened


def undo() -> None:
    """Go back to the scenario as it was before the last change."""
    history = st.session_state.get(KEY_HISTORY, [])
    if not history:
        return
    text, origin, shipped = history.pop()
    _set(scenario_io.loads(text), origin, shipped, remember=False)


def ensure_scenario(requested: str | None = None) -> list[tuple[Path, list[Problem]]]:
    """On a session's first run, open the scenario asked for, falling back to the default.

    `requested` is a shipped scenario's name from the URL; otherwise `--scenario FILE` from
    the command line; otherwise the default. Returns the files that were tried and could not
    be opened, with their problems, for the caller to report in the session's language.
    """
    if KEY_SCENARIO in st.session_state:
        return []
    shipped = shipped_scenarios()
    attempts: list[tuple[Path, str | None]] = []
    if requested and requested in shipped:
        attempts.append((shipped[requested], requested))
    argument = scenario_argument()
    if argument:
        attempts.append((Path(argument), None))
    attempts += [(path, name) for name, path in shipped.items()]
    failed: list[tuple[Path, list[Problem]]] = []
    tried: set[Path] = set()
    for path, name in attempts:
        if path in tried:
            continue
        tried.add(path)
        problems = open_path(path, shipped=name)
        if not problems:
            break
        failed.append((path, problems))
    if KEY_SCENARIO not in st.session_state:
        raise ScenarioError(
            [p for _, problems in failed for p in problems]
            or [Problem("", "no scenario file was found to open")]
        )
    st.session_state[KEY_HISTORY] = []
    return failed


def current() -> Scenario:
    return st.session_state[KEY_SCENARIO]


def current_text() -> str:
    return st.session_state[KEY_TEXT]


def origin() -> str:
    return st.session_state.get(KEY_ORIGIN, "")


WORKSHOP_ORIGIN = "workshop:"
"""How `origin` marks a scenario made from a workshop's answers (`workshop_origin`): the
sidebar names it in the reader's language, whichever language it was made in."""


def workshop_origin(code: str) -> str:
    """The origin of a scenario made from the answers of the workshop `code`."""
    return f"{WORKSHOP_ORIGIN}{code}"


def origin_text() -> str:
    """Where the open scenario came from, as the sidebar says it: a file's name, or the
    workshop whose answers it holds, in the session's language."""
    found = origin()
    if found.startswith(WORKSHOP_ORIGIN):
        code = found.removeprefix(WORKSHOP_ORIGIN)
        return i18n.t("ui.main.from_workshop", i18n.current_language(), code=code)
    return found


def download_name(scenario: Scenario) -> str:
    """The name a downloaded scenario gets: the file it was opened from, so that the copy
    e-mailed is recognised as that file's version ('chile_transforma_2017.toml'); else (a
    workshop's, or a name that is not a file's) one made from the scenario's name."""
    stem = re.sub(r"[^\w.-]+", "_", opened_stem()).strip("._")
    if origin().lower().endswith(".toml") and stem:
        return f"{stem}.toml"
    slug = re.sub(r"[^A-Za-z0-9]+", "_", scenario.scenario.name).strip("_").lower()
    return f"{slug or i18n.t('ui.optimising.file_stem', i18n.current_language())}.toml"


def shipped_name() -> str | None:
    """The shipped scenario open without changes, if any (the URL can name it)."""
    return st.session_state.get(KEY_SHIPPED)


def opened_stem() -> str:
    """The name, without its suffix, of the file the scenario was opened from (also after
    edits): the shipped scenarios' list starts at it, not at another file."""
    return Path(origin().replace("\\", "/")).stem


def revision() -> int:
    """Counts every change to the scenario, edits included."""
    return st.session_state.get(KEY_REVISION, 0)


def generation() -> int:
    """Counts whole-scenario changes (open, upload, undo): widget keys include it, so that
    forms show the new scenario's values, while a widget's own edits keep its identity."""
    return st.session_state.get(KEY_GENERATION, 0)


KEY_SWITCHES = "language_switches"


def language_switched() -> None:
    """Called when the language changes: every choice widget gets a new key (see `worded`);
    a box for text or numbers keeps its key, and with it what was typed and not yet applied."""
    st.session_state[KEY_SWITCHES] = st.session_state.get(KEY_SWITCHES, 0) + 1


def worded(key: str) -> str:
    """The key of a widget whose options are worded in the session's language. A browser sends
    a choice back as the words it showed, and words of the language before cannot be read in
    the language after (a method would come back as 'Valor aditivo' instead of 'additive'), so
    each switch of language gives such a widget a new key, and it starts again from what the
    page chooses for it."""
    switches = st.session_state.get(KEY_SWITCHES, 0)
    return key if not switches else f"{key}~{switches}"


def widget_key(*parts: object) -> str:
    """A widget key tied to the scenario open now (see `generation`). It stays the same when
    the language changes: a text or number box, a slider, a checkbox or a table keeps what was
    typed in it and not yet applied (a form's boxes keep it in the browser until Apply), and
    the language's words around it change. A number box reads a number written either way
    ('1,5' and '1.5' alike), so what was typed in one language reads the same in the other."""
    return "w:" + ":".join(str(p) for p in (generation(), *parts))


def choice_key(*parts: object) -> str:
    """`widget_key` for a widget whose options are worded in the session's language (a
    select box, a radio, a segmented control, a select slider): it changes with the language
    (see `worded`)."""
    return worded(widget_key(*parts))


# ---------------------------------------------------------------- settings kept in the URL

URL_SETTINGS = ("lang", "scenario", "method", "programme", "other")


def url_value(key: str) -> str | None:
    """A setting as the URL that opened the session gave it."""
    initial = st.session_state.setdefault("_url_initial", dict(st.query_params.to_dict()))
    value = initial.get(key)
    return value if isinstance(value, str) and value else None


def remember_in_url(key: str, value: str | None) -> None:
    """Keep a setting in the URL so that a copied link reopens the same view."""
    if value:
        if st.query_params.get(key) != value:
            st.query_params[key] = value
    elif key in st.query_params:
        del st.query_params[key]
