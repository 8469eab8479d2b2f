"""Random damage to the shipped scenarios, and what every command must then do.

A mutation changes a raw scenario dict the way a hand edit, a spreadsheet export or a bad
merge does: a number replaced by ``inf``, ``nan``, a negative, a huge value, zero or text; a
key or a table cell deleted; a list emptied; a stakeholder's weights all zero; pairwise
comparisons that no longer link every item; an id used twice. Only values TOML can hold are
written (no None), so every mutated dict could have come from a file.

`outcome` holds the contract: a mutated scenario either fails validation with located
problems whose messages read as sentences, or `show`, `score` and `optimise` (and, with
`extended`, `sweep` and the reports) all run on it.
The choices come from a `Chooser`, so the same mutations serve hypothesis (tests) and a seeded
`random.Random` (longer runs by hand).
"""

from __future__ import annotations

import copy
import json
import re
import tempfile
import tomllib
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path
from typing import Any, Protocol

from hypothesis import strategies as st

from prioritise.scenario import Scenario, ScenarioError, validate_dict
from prioritise.text import LANGUAGES, LocalizedError

SCENARIOS = Path(__file__).parents[2] / "src" / "prioritise" / "data"
SHIPPED = sorted(path.stem for path in SCENARIOS.glob("*.toml"))

Path_ = tuple[str | int, ...]

BAD_NUMBERS: tuple[Any, ...] = (
    float("inf"),
    float("-inf"),
    float("nan"),
    -1,
    -0.5,
    0,
    0.0,
    1e300,
    10**18,
    10**400,
    1e-300,
    "12",
    "",
    True,
    [],
    {},
)
BAD_TEXT: tuple[Any, ...] = ("", "no_such_id", "x" * 300, 3, 2.5, float("nan"), False, [], {})

REPR = re.compile(
    r"<class|NoneType|float\(|object at 0x|Traceback|\b(?:inf|nan|None)\b|"
    r"\b(?:dict|list|tuple|float|int|str)\[|'(?:dict|list|float|int|str|bool)'|"
    r"constrained-|function-(?:after|before|wrap)"
)
"""What a message must never show: Python's names and reprs, pydantic's names for the forms
of a value (a user wrote TOML, not Python)."""


class Chooser(Protocol):
    def index(self, n: int) -> int:
        """A number in 0..n-1."""


class Draws:
    """Hypothesis's draws as a `Chooser`: shrinking goes towards the first choices."""

    def __init__(self, data: st.DataObject) -> None:
        self.data = data

    def index(self, n: int) -> int:
        return self.data.draw(st.integers(0, n - 1))


@cache
def shipped_raw(name: str) -> dict:
    with (SCENARIOS / f"{name}.toml").open("rb") as stream:
        return tomllib.load(stream)


def _walk(node: Any, path: Path_ = ()) -> Iterator[tuple[Path_, Any]]:
    yield path, node
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _walk(value, (*path, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _walk(value, (*path, i))


def _get(raw: Any, path: Path_) -> Any:
    for part in path:
        raw = raw[part]
    return raw


def _pick(choose: Chooser, options: list) -> Any:
    return options[choose.index(len(options))] if options else None


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _replace(raw: dict, choose: Chooser, places: list[Path_], values: tuple) -> str | None:
    """One of `places` set to one of `values`."""
    where = _pick(choose, places)
    if where is None:
        return None
    value = _pick(choose, list(values))
    _get(raw, where[:-1])[where[-1]] = copy.deepcopy(value)
    return f"{where} = {value!r}"


def _delete(raw: dict, choose: Chooser, places: list[Path_]) -> str | None:
    """One of `places` deleted (a key of its table, an entry of its list)."""
    where = _pick(choose, places)
    if where is None:
        return None
    del _get(raw, where[:-1])[where[-1]]
    return f"del {where}"


def replace_number(raw: dict, choose: Chooser) -> str | None:
    places = [p for p, v in _walk(raw) if p and _is_number(v)]
    return _replace(raw, choose, places, BAD_NUMBERS)


def replace_text(raw: dict, choose: Chooser) -> str | None:
    places = [p for p, v in _walk(raw) if p and isinstance(v, str)]
    return _replace(raw, choose, places, BAD_TEXT)


def delete_key(raw: dict, choose: Chooser) -> str | None:
    return _delete(raw, choose, [p for p, _ in _walk(raw) if p and isinstance(p[-1], str)])


def drop_cell(raw: dict, choose: Chooser) -> str | None:
    tables = raw.get("tables", {})
    places: list[Path_] = [
        ("tables", table, row, column)
        for table, rows in tables.items()
        if isinstance(rows, dict)
        for row, cells in rows.items()
        if isinstance(cells, dict) and row != "sources"
        for column in cells
    ]
    return _delete(raw, choose, places)


def flatten_row(raw: dict, choose: Chooser) -> str | None:
    """Every cell of one table row the same (a row that cannot tell its columns apart)."""
    tables = raw.get("tables", {})
    places = [
        ("tables", table, row)
        for table, rows in tables.items()
        if isinstance(rows, dict)
        for row, cells in rows.items()
        if isinstance(cells, dict) and cells and row != "sources"
    ]
    where = _pick(choose, places)
    if where is None:
        return None
    row = _get(raw, where)
    value = _pick(choose, [0, 1, 2.5])
    for column in row:
        row[column] = value
    return f"{where} all {value}"


def empty_list(raw: dict, choose: Chooser) -> str | None:
    places = [p for p, v in _walk(raw) if p and isinstance(v, list) and v]
    where = _pick(choose, places)
    if where is None:
        return None
    _get(raw, where[:-1])[where[-1]] = []
    return f"{where} = []"


def drop_item(raw: dict, choose: Chooser) -> str | None:
    places = [(*p, i) for p, v in _walk(raw) if p and isinstance(v, list) for i in range(len(v))]
    return _delete(raw, choose, places)


def zero_weights(raw: dict, choose: Chooser) -> str | None:
    places = [
        (i, key)
        for i, person in enumerate(raw.get("stakeholders", []))
        if isinstance(person, dict)
        for key in ("criteria", "enabling_areas", "regional_criteria", "programmes")
        if isinstance(person.get(key), dict) and person[key]
    ]
    where = _pick(choose, places)
    if where is None:
        return None
    points = raw["stakeholders"][where[0]][where[1]]
    for name in points:
        points[name] = 0
    return f"stakeholders[{where[0]}].{where[1]} all 0"


def disconnect_pairwise(raw: dict, choose: Chooser) -> str | None:
    """Blank every comparison between two groups of a pairwise matrix's items."""
    places = []
    for i, person in enumerate(raw.get("stakeholders", [])):
        pairwise = person.get("pairwise", {}) if isinstance(person, dict) else {}
        for key, given in pairwise.items() if isinstance(pairwise, dict) else ():
            matrix = given.get("matrix") if isinstance(given, dict) else None
            if isinstance(matrix, list) and len(matrix) >= 2:
                places.append((i, key))
    where = _pick(choose, places)
    if where is None:
        return None
    matrix = raw["stakeholders"][where[0]]["pairwise"][where[1]]["matrix"]
    n = len(matrix)
    cut = 1 + choose.index(n - 1)
    blank = _pick(choose, [0, 0.0])
    for r in range(n):
        for c in range(n):
            if (r < cut) != (c < cut) and isinstance(matrix[r], list) and c < len(matrix[r]):
                matrix[r][c] = blank
    return f"stakeholders[{where[0]}].pairwise.{where[1]} split at {cut}"


def duplicate_id(raw: dict, choose: Chooser) -> str | None:
    places = [
        (key, i, j)
        for key in ("criteria", "programmes", "enabling_areas", "regions", "stakeholders")
        if isinstance(raw.get(key), list)
        for i in range(len(raw[key]))
        for j in range(len(raw[key]))
        if i != j
    ]
    where = _pick(choose, places)
    if where is None:
        return None
    key, i, j = where
    items = raw[key]
    if not (isinstance(items[i], dict) and isinstance(items[j], dict) and "id" in items[i]):
        return None
    items[j]["id"] = items[i]["id"]
    return f"{key}[{j}].id = {key}[{i}].id"


MUTATIONS: tuple[Callable[[dict, Chooser], str | None], ...] = (
    replace_number,
    replace_number,
    replace_text,
    delete_key,
    drop_cell,
    flatten_row,
    empty_list,
    drop_item,
    zero_weights,
    disconnect_pairwise,
    duplicate_id,
)


def mutated(choose: Chooser, most: int = 3) -> tuple[str, dict, list[str]]:
    """A shipped scenario (by name) with one to `most` random mutations, and what they did."""
    name = _pick(choose, SHIPPED)
    raw = copy.deepcopy(shipped_raw(name))
    done = []
    for _ in range(1 + choose.index(most)):
        change = _pick(choose, list(MUTATIONS))(raw, choose)
        if change is not None:
            done.append(change)
    return name, raw, done


class Broken(AssertionError):
    """The contract is broken: `stage` says where (validate, show, score, optimise)."""

    def __init__(self, stage: str, detail: str) -> None:
        super().__init__(f"{stage}: {detail}")
        self.stage = stage


def _clean(text: str, stage: str) -> None:
    if REPR.search(text):
        raise Broken(stage, f"Python leaks into a message: {text!r}")


def _validated(raw: dict) -> Scenario | None:
    try:
        return validate_dict(copy.deepcopy(raw))
    except ScenarioError as error:
        if not error.problems:
            raise Broken("validate", "a ScenarioError with no problem") from None
        for problem in error.problems:
            if not problem.location:
                raise Broken("validate", f"no location: {problem.line('en')!r}") from None
            if not isinstance(problem.message, str) and problem.message.id.endswith("check_failed"):
                raise Broken("validate", f"a check crashed: {problem.line('en')!r}") from None
            for lang in LANGUAGES:
                _clean(problem.line(lang), "validate")
        return None


def _commands(
    scenario: Scenario, time_limit: float, extended: bool
) -> dict[str, Callable[[str], object]]:
    """What the CLI commands do with a scenario, each in one language."""
    from prioritise.allocate import optimise_scenario
    from prioritise.cli.text import format_allocation
    from prioritise.scenario.summary import describe
    from prioritise.scoring import value_tree

    solved: dict[str, Any] = {}

    def score(lang: str) -> object:
        tree = value_tree(scenario)
        json.dumps(tree.to_json(lang=lang), allow_nan=False)
        return tree.format_text(lang=lang)

    def optimise(lang: str) -> object:
        result = optimise_scenario(scenario, time_limit=time_limit, gap=0.01)
        solved["result"] = result
        json.dumps(result.to_json(lang=lang), allow_nan=False)
        return format_allocation(result, scenario, lang)

    def sweep(lang: str) -> object:
        from prioritise.tradeoffs import budget_sweep

        total = scenario.budget.total
        found = budget_sweep(scenario, [total / 2, total], time_limit=time_limit, gap=0.01)
        json.dumps(found.to_json(lang=lang), allow_nan=False)
        return found.format_text(lang=lang)

    def report(lang: str) -> object:
        from prioritise.report import write_report

        with tempfile.TemporaryDirectory() as folder:
            for suffix in (".md", ".csv", ".xlsx"):
                write_report(scenario, solved["result"], Path(folder) / f"r{suffix}", lang=lang)
        return None

    commands = {"show": lambda lang: describe(scenario, lang), "score": score}
    commands["optimise"] = optimise
    if extended:
        commands |= {"sweep": sweep, "report": report}
    return commands


def outcome(
    raw: dict, time_limit: float = 2.0, langs: tuple[str, ...] = ("en",), extended: bool = False
) -> str:
    """'invalid' or 'ran'; raises `Broken` where the contract fails.

    A clean `LocalizedError` from a command (its message a sentence in both languages) ends
    the run as 'refused:<stage>:<message id>' rather than a break, so that a caller can count
    those apart.
    """
    scenario = _validated(raw)
    if scenario is None:
        return "invalid"
    for stage, run in _commands(scenario, time_limit, extended).items():
        for lang in langs:
            try:
                text = run(lang)
            except LocalizedError as error:
                for other in LANGUAGES:
                    _clean(error.text(other), stage)
                return f"refused:{stage}:{error.message.id}"
            except Exception as error:
                raise Broken(stage, f"{type(error).__name__}: {error}") from error
            if isinstance(text, str):
                _clean(text, stage)
    return "ran"
