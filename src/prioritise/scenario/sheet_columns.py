"""The columns of a spreadsheet of initiatives, and how each cell reads as a value.

The columns follow the scenario (docs/scenario-format.md, "Spreadsheets of initiatives"): one
cost column per budget year (`cost_2025`) and one score column per initiative criterion
(`score_impact`); the rest are fixed. Headers are ids, the same in every language.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

from prioritise.scenario.checks import LARGEST
from prioritise.scenario.problems import given_value, plain_number
from prioritise.scenario.schema import Scenario
from prioritise.scenario.sheet_cells import MAX_CELL_CHARS, Bad, Cell
from prioritise.text import (
    LANGUAGES,
    Integer,
    Message,
    lone_decimal_comma,
    may_group_thousands,
    msg,
)

IDENTIFIER = re.compile(r"^[A-Za-z][A-Za-z0-9_\-]{0,63}$")
_LIST_SPLIT = re.compile(r"[,;]")
TRUE_WORDS = frozenset({"true", "yes", "sí", "si", "verdadero", "1", "x"})
FALSE_WORDS = frozenset({"false", "no", "falso", "0"})


@dataclass(frozen=True)
class Column:
    """One column: its header, the kind of value it holds, the initiative key it fills, and
    for a cost, score or name column the year's position, the criterion or the language."""

    header: str
    kind: str  # id, name, ref, cost, share, ids, flag, score, text
    key: str
    part: int | str | None = None
    required: bool = False


def sheet_columns(scenario: Scenario) -> list[Column]:
    """The columns of the scenario's spreadsheet, in template order."""
    return [
        Column("id", "id", "id", required=True),
        *(Column(f"name_{lang}", "name", "names", lang) for lang in LANGUAGES),
        Column("description", "text", "description"),
        Column("programme", "ref", "programme"),
        Column("enabling_area", "ref", "enabling_area"),
        Column("region", "ref", "region"),
        *(
            Column(f"cost_{year}", "cost", "cost", k, required=True)
            for k, year in enumerate(scenario.years)
        ),
        Column("partial_min", "share", "partial"),
        Column("requires", "ids", "requires"),
        Column("excludes", "ids", "excludes"),
        Column("must", "flag", "must"),
        Column("must_not", "flag", "must_not"),
        Column("pool", "ref", "pool"),
        *(
            Column(f"score_{c.id}", "score", "scores", c.id, required=True)
            for c in scenario.criteria_at("initiative")
        ),
        Column("source", "text", "source"),
    ]


def _got(problem: Message, value: Any) -> Message:
    return msg("scenario.value.got", problem=problem, value=value)


def _bad(cell: Bad, expected: Message) -> Message:
    if cell.kind == "formula":
        return msg("scenario.sheet.formula", formula=cell.shown[:60])
    if cell.kind == "error":
        return msg("scenario.sheet.error_value", value=cell.shown)
    return _got(expected, msg("scenario.sheet.a_date"))


_PLAIN = re.compile(r"^[+-]?\d+(?:[.,]\d+)?(?:[eE][+-]?\d+)?$")
_SEPARATED = re.compile(r"^[+-]?\d[\d\s\u00a0]*[.,][\d\s\u00a0.,]*\d$")
"""Digits with points or commas between them: a number the reader could not take apart."""


def parse_number(text: str, decimal_comma: bool | None) -> float | None:
    """A number written as text: `2.5`; `2,5` where the file uses decimal commas (a CSV
    separated by semicolons) or where the comma cannot be a thousands separator (not `1,500`);
    None for anything else, thousands separators included, and `1.500` unless the file is a
    CSV separated by commas (`decimal_comma` False): where commas may be decimal (True; None, a
    workbook's text cell) its point may group thousands."""
    shown = text.replace("\u00a0", "").replace(" ", "")
    comma_read = decimal_comma or lone_decimal_comma(shown)
    if not _PLAIN.match(shown) or ("," in shown and not comma_read):
        return None
    if decimal_comma is not False and may_group_thousands(shown, "."):
        return None
    try:
        return float(shown.replace(",", "."))
    except ValueError:
        return None


def _number(cell: Cell, decimal_comma: bool | None) -> tuple[float | None, Message | None]:
    expected = msg("scenario.value.number")
    if isinstance(cell, Bad):
        return None, _bad(cell, expected)
    if isinstance(cell, bool):
        return None, _got(expected, given_value(cell))
    if isinstance(cell, int | float):
        value: float | None = float(cell)
    else:
        value = parse_number(str(cell), decimal_comma)
        if value is None:
            if _SEPARATED.match(str(cell).strip()):  # '1,500', '1.234,5': say why
                expected = msg("scenario.value.number_ungrouped")
            return None, _got(expected, given_value(str(cell)))
    assert value is not None
    if not math.isfinite(value):
        return None, msg("scenario.value.finite_number")
    if abs(value) > LARGEST:
        return None, msg(
            "scenario.value.too_large", value=plain_number(value), limit=plain_number(LARGEST)
        )
    return value, None


def _share(cell: Cell, decimal_comma: bool | None) -> tuple[float | None, Message | None]:
    """A share above 0 and at most 1, written as 0.5 or as a percentage (`50 %`)."""
    expected = msg("scenario.sheet.share")
    percent = isinstance(cell, str) and cell.rstrip().endswith("%")
    given = str(cell).rstrip()[:-1].strip() if percent else cell
    value, problem = _number(given, decimal_comma)
    if problem is not None or value is None:
        return None, problem if isinstance(cell, Bad) else _got(expected, given_value(cell))
    value = value / 100 if percent else value
    if not 0 < value <= 1:
        return None, _got(expected, given_value(cell) if percent else plain_number(value))
    return value, None


def _text(cell: Cell) -> tuple[str | None, Message | None]:
    if isinstance(cell, Bad):
        return None, _bad(cell, msg("scenario.value.text"))
    if isinstance(cell, bool):
        return None, _got(msg("scenario.value.text"), given_value(cell))
    text = str(int(cell)) if isinstance(cell, float) and cell.is_integer() else str(cell)
    if len(text) > MAX_CELL_CHARS:
        return None, msg("scenario.sheet.too_long", limit=Integer(MAX_CELL_CHARS))
    return text.strip(), None


def _identifier(cell: Cell) -> tuple[str | None, Message | None]:
    text, problem = _text(cell)
    if problem is not None or text is None:
        return None, problem
    if not IDENTIFIER.match(text):
        return None, msg("scenario.value.identifier", value=text[:80])
    return text, None


def _flag(cell: Cell) -> tuple[bool | None, Message | None]:
    if isinstance(cell, bool):
        return cell, None
    if isinstance(cell, int | float) and cell in (0, 1):
        return bool(cell), None
    if isinstance(cell, str) and cell.strip().lower() in TRUE_WORDS | FALSE_WORDS:
        return cell.strip().lower() in TRUE_WORDS, None
    if isinstance(cell, Bad):
        return None, _bad(cell, msg("scenario.sheet.flag"))
    return None, _got(msg("scenario.sheet.flag"), given_value(cell))


def _ids(cell: Cell) -> tuple[list[str], list[Message]]:
    text, problem = _text(cell)
    if problem is not None or text is None:
        return [], [problem] if problem else []
    found, problems = [], []
    for part in (p.strip() for p in _LIST_SPLIT.split(text)):
        if not part:
            continue
        if IDENTIFIER.match(part):
            found.append(part)
        else:
            problems.append(msg("scenario.value.identifier", value=part[:80]))
    return found, problems


def read_cell(column: Column, cell: Cell, decimal_comma: bool | None) -> tuple[Any, list[Message]]:
    """The value of one filled cell for its column, and what is wrong with it (if anything):
    a value of None is a cell that cannot be read."""
    kind = column.kind
    value: Any
    if kind == "ids":
        return _ids(cell)
    if kind in ("id", "ref"):
        value, problem = _identifier(cell)
    elif kind in ("name", "text"):
        value, problem = _text(cell)
    elif kind == "flag":
        value, problem = _flag(cell)
    elif kind == "share":
        value, problem = _share(cell, decimal_comma)
    else:
        value, problem = _number(cell, decimal_comma)
        if kind == "cost" and value is not None and value < 0:
            value, problem = (
                None,
                _got(msg("scenario.value.at_least", limit=0), plain_number(value)),
            )
    return value, [problem] if problem is not None else []
