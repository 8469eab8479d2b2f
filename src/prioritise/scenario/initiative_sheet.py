"""Importing initiatives from a spreadsheet (.xlsx or .csv) into a scenario.

Every cell is read and checked at its place; then the rows are put in the scenario in place of
its `[[initiatives]]` and the whole scenario is checked as a file would be, so that what only
the rows together can show (an unknown dependency, a circle of `requires`, a score outside its
criterion's scale) is found too, and said at the row and column it comes from. Nothing is
written unless every check passes (docs/scenario-format.md, "Spreadsheets of initiatives").
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from prioritise.scenario.io import ScenarioError, load, save, to_dict, validate_dict
from prioritise.scenario.problems import Problem, closest, suggest
from prioritise.scenario.schema import Scenario
from prioritise.scenario.sheet_cells import (
    MAX_FILE_BYTES,
    Cell,
    Grid,
    SheetError,
    SheetProblem,
    read_csv,
    read_xlsx,
)
from prioritise.scenario.sheet_columns import Column, read_cell, sheet_columns
from prioritise.scenario.sheet_names import REFERENCED, references
from prioritise.scenario.sheet_pools import Dropped, drop_lost_members, lost_member
from prioritise.text import Integer, ListOf, Message, msg

SHEET_KINDS = (".xlsx", ".csv")
_LOCATION = re.compile(r"^initiatives\[(\d+)\](?:\.([A-Za-z_]+))?(?:\[(\d+)\]|\.([^.\[]+))?")


@dataclass(frozen=True)
class ImportResult:
    """A scenario with the imported initiatives, and where they came from."""

    scenario: Scenario
    sheet: str
    count: int
    dropped: tuple[Dropped, ...] = ()
    """What was taken out of the pools' lists (`sheet_pools`)."""


def read_grid(data: bytes, name: str) -> tuple[Grid, bool | None]:
    """The sheet's cells, and whether its numbers written as text use decimal commas: True in
    a CSV separated by semicolons, False in one separated by commas, None in a workbook, where
    a number typed as text may follow either writing (`sheet_columns.parse_number`)."""
    suffix = Path(name).suffix.lower()
    if suffix == ".xlsx":
        return read_xlsx(data, name), None
    if suffix == ".csv":
        grid, delimiter = read_csv(data, name)
        return grid, delimiter != ","
    raise SheetError([SheetProblem(name, None, None, msg("scenario.sheet.kind"))])


def column_letter(number: int) -> str:
    """A column's letters as a spreadsheet shows them: 1 → A, 27 → AA."""
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _typed(cell: Cell) -> str | None:
    """A cell of a column of names as text: a name stored as a number by Excel ('2030') too;
    None for an empty, true/false or unreadable cell, which `read_cell` judges."""
    if isinstance(cell, str):
        return cell if cell.strip() else None
    if isinstance(cell, bool) or not isinstance(cell, int | float):
        return None
    return str(int(cell)) if float(cell).is_integer() else repr(cell)


class _Reader:
    """The rows of one grid as initiative tables, with every problem found at its cell."""

    def __init__(self, grid: Grid, scenario: Scenario, decimal_comma: bool | None) -> None:
        self.grid, self.scenario, self.decimal_comma = grid, scenario, decimal_comma
        self.problems: list[SheetProblem] = []
        self.bad: set[tuple[int, str | None]] = set()
        self.columns: dict[int, Column] = {}
        self.by_header = {c.header: c for c in sheet_columns(scenario)}
        self.order = {header: j for j, header in enumerate(self.by_header)}
        self.folded = {header.casefold(): header for header in self.by_header}
        self.references = {header: references(scenario, header) for header in REFERENCED}
        self.foreign = False

    def add(self, row: int | None, column: str | None, message: Message) -> None:
        self.problems.append(SheetProblem(self.grid.sheet, row, column, message))
        if row is not None:
            self.bad.add((row, column))

    def header(self) -> None:
        if self._foreign():
            return
        seen: dict[str, int] = {}
        for j, cell in enumerate(self.grid.header):
            letter = column_letter(j + 1)
            if cell is None:
                continue
            name = self._known(str(cell).strip())
            if name in seen:
                self.add(1, letter, msg("scenario.sheet.duplicate_column", name=name))
            elif name not in self.by_header:
                unknown = msg("scenario.sheet.unknown_column", name=name[:80])
                self.add(1, letter, suggest(unknown, name, self.by_header))
            else:
                seen[name] = j
                self.columns[j] = self.by_header[name]
        for column in self.by_header.values():
            if column.required and column.header not in seen:
                self.add(1, None, msg("scenario.sheet.missing_column", name=column.header))
        if not any(c.kind == "name" for c in self.columns.values()):
            self.add(1, None, msg("scenario.sheet.missing_column", name="name_es / name_en"))

    def _known(self, name: str) -> str:
        """A header as the template writes it, whatever its case ('ID', 'Cost_2017')."""
        if name in self.by_header:
            return name
        return self.folded.get(name.casefold(), name)

    def _foreign(self) -> bool:
        """A first row that names no column and is not close to one (a file of notes, or a
        sheet of something else) gets one problem, not one per missing column and per cell:
        the rows are not read, and the file is not taken for a sheet with no initiatives."""
        names = [str(cell).strip() for cell in self.grid.header if cell is not None]
        if any(
            self._known(name) in self.by_header or closest(name, self.by_header) for name in names
        ):
            return False
        required = [c.header for c in self.by_header.values() if c.required]
        self.foreign = True
        self.add(None, None, msg("scenario.sheet.not_initiatives", columns=ListOf(required)))
        return True

    def item(self, row: int, cells: list[Cell]) -> dict[str, Any] | None:
        """The row as an initiative table; None when it has no usable id. A cell that cannot
        be read leaves a neutral value (no dependency, a cost of 0), so that the whole-file
        checks never report it a second time."""
        item: dict[str, Any] = {"cost": [0.0] * len(self.scenario.years), "scores": {}}
        names: dict[str, str] = {}
        for j, cell in enumerate(cells):
            header = self.grid.header[j] if j < len(self.grid.header) else None
            if cell is not None and header is None:
                self.add(row, column_letter(j + 1), msg("scenario.sheet.no_header"))
        for j, column in self.columns.items():
            cell = cells[j] if j < len(cells) else None
            if cell is None:
                self._empty(row, column, item)
                continue
            typed = _typed(cell) if column.header in REFERENCED else None
            if typed is not None:  # a name, or an id (`sheet_names`)
                found = self.references[column.header]
                meant = found.meant(typed)
                if len(meant) != 1:
                    self.add(row, column.header, found.problem(typed, self.decimal_comma is None))
                    continue
                (cell,) = meant
            value, problems = read_cell(column, cell, self.decimal_comma)
            for problem in problems:
                self.add(row, column.header, problem)
            self._put(item, names, column, value)
        for column in self.by_header.values():
            if column.header not in self.seen:
                self._put(item, {}, column, None)  # reported once, at the header
        own = self.scenario.scenario.language
        if not names and self._named:
            given = sorted(h for h in self.seen if h.startswith("name_"))
            header = f"name_{own}" if f"name_{own}" in given else given[0]
            if (row, header) not in self.bad:
                self.add(row, header, msg("scenario.sheet.name_missing"))
        name = names.get(own) or next(iter(names.values()), None)
        item["name"] = name or item.get("id", "-")
        item["names"] = {lang: text for lang, text in names.items() if text != item["name"]}
        return item if "id" in item else None

    @property
    def seen(self) -> set[str]:
        """The headers of the sheet's columns that were recognised."""
        return {c.header for c in self.columns.values()}

    @property
    def _named(self) -> bool:
        return any(c.kind == "name" for c in self.columns.values())

    def _empty(self, row: int, column: Column, item: dict[str, Any]) -> None:
        if column.kind == "cost":
            self.add(row, column.header, msg("scenario.sheet.cost_missing"))
        elif column.required:
            self.add(row, column.header, msg("scenario.value.missing"))
        self._put(item, {}, column, None)

    def _put(self, item: dict, names: dict[str, str], column: Column, value: Any) -> None:
        key = column.key
        if column.kind == "cost":
            item["cost"][int(column.part or 0)] = value if value is not None else 0.0
        elif column.kind == "score":
            criterion = str(column.part)
            item["scores"][criterion] = value if value is not None else self._neutral(criterion)
        elif value is None or value == []:
            return
        elif column.kind == "name":
            names[str(column.part)] = value
        elif column.kind == "share":
            item["partial"] = {"min": value}
        else:
            item[key] = value

    def _neutral(self, criterion: str) -> float:
        """A score inside the criterion's scale, for a cell that cannot be read."""
        found = next((c for c in self.scenario.criteria if c.id == criterion), None)
        return float(found.scale[0]) if found is not None and found.scale else 0.0

    def rows(self) -> list[tuple[int, dict[str, Any]]]:
        self.header()
        if self.foreign or "id" not in self.seen:  # the header first: no row can be named
            return []
        items: list[tuple[int, dict[str, Any]]] = []
        first: dict[str, int] = {}
        for row, cells in self.grid.rows:
            item = self.item(row, cells)
            if item is None:
                continue
            if item["id"] in first:
                other = first[item["id"]]
                self.add(row, "id", msg("scenario.sheet.duplicate_id", name=item["id"], row=other))
                continue
            first[item["id"]] = row
            items.append((row, item))
        return items


def _column_of(match: re.Match[str], problem: Problem, years: list[int]) -> str | None:
    """The spreadsheet column a problem at `initiatives[i].…` belongs to."""
    key, index, sub = match.group(2), match.group(3), match.group(4)
    if key is None:
        return None
    if key == "cost":
        return f"cost_{years[int(index)]}" if index is not None else f"cost_{years[0]}"
    if key == "scores":
        params = problem.message.params if isinstance(problem.message, Message) else {}
        name = sub or params.get("name")
        return f"score_{name}" if name else None
    if key == "partial":
        return "partial_min"
    if key in ("name", "names"):
        return f"name_{sub}" if sub in ("es", "en") else None
    return key


def _mapped(
    problems: list[Problem], rows: list[int], reader: _Reader, origin: str
) -> list[SheetProblem]:
    found: list[SheetProblem] = []
    years = reader.scenario.years
    for problem in problems:
        match = _LOCATION.match(problem.location)
        lost = None if match else lost_member(problem, reader.scenario, origin)
        if lost is not None:
            found.append(SheetProblem(None, None, None, lost))
            continue
        if match is None:
            where = f"{origin}: {problem.location}" if problem.location else origin
            said = msg("scenario.sheet.in_scenario", where=where, problem=problem.message)
            found.append(SheetProblem(None, None, None, said))
            continue
        row = rows[int(match.group(1))]
        column = _column_of(match, problem, years)
        if (row, column) in reader.bad or (row, "id") in reader.bad:
            continue
        message = problem.message
        if isinstance(message, str):
            message = msg("scenario.sheet.in_scenario", where=problem.location, problem=message)
        found.append(SheetProblem(reader.grid.sheet, row, column, message))
    return list(dict.fromkeys(found))


def initiatives_from(
    data: bytes, name: str, scenario: Scenario, origin: str = "", *, drop_from_pools: bool = False
) -> ImportResult:
    """`scenario` with the spreadsheet's rows as its initiatives (replacing any it had), or a
    SheetError naming every problem at its sheet, row and column. `name` is the file's name
    (its suffix says the format); `origin` names the scenario file in its own problems.
    `drop_from_pools` takes the initiatives the sheet no longer has out of the pools' lists
    (`sheet_pools`) rather than refusing the sheet for them."""
    if len(data) > MAX_FILE_BYTES:  # an upload: a file on disk is checked before it is read
        problem = msg("scenario.sheet.too_large", megabytes=Integer(MAX_FILE_BYTES >> 20))
        raise SheetError([SheetProblem(name, None, None, problem)])
    grid, decimal_comma = read_grid(data, name)
    reader = _Reader(grid, scenario, decimal_comma)
    rows = reader.rows()
    if reader.foreign or "id" not in reader.seen:  # no row read: the scenario's own checks
        raise SheetError(reader.problems)  # would only say that every initiative is gone
    raw = to_dict(scenario)
    _keep_descriptions(scenario, [item for _, item in rows], "description" in reader.seen)
    raw["initiatives"] = [item for _, item in rows]
    dropped: list[Dropped] = []
    if drop_from_pools:
        dropped = drop_lost_members(raw, scenario, [item for _, item in rows])
    found: list[SheetProblem] = []
    result = None
    try:
        result = validate_dict(raw, origin)
    except ScenarioError as exc:
        named = origin or scenario.scenario.name_in(scenario.scenario.language)
        found = _mapped(exc.problems, [row for row, _ in rows], reader, named)
    problems = reader.problems + found
    if problems or result is None:
        order = reader.order
        problems.sort(
            key=lambda p: (p.sheet is None, p.row or 0, order.get(p.column or "", len(order)))
        )
        raise SheetError(problems)
    return ImportResult(result, grid.sheet, len(rows), tuple(dropped))


def _keep_descriptions(scenario: Scenario, items: list[dict[str, Any]], read: bool) -> None:
    """Each description the sheet leaves as the file had it stays as the file had it, in
    every language: a sheet of before the column (`read` false) keeps them all, and a sheet
    written in one language keeps the others' where its text is one of the file's own. A
    description changed in the sheet replaces them all (the file's other languages would
    say what the sheet no longer does)."""
    before = {item.id: item for item in scenario.initiatives}
    for item in items:
        old = before.get(str(item.get("id")))
        if old is None or not (old.description or old.descriptions):
            continue
        said = item.get("description", "")
        if not read or said in (old.description, *old.descriptions.values()):
            item["description"] = old.description
            if old.descriptions:
                item["descriptions"] = dict(old.descriptions)
            if not item["description"]:
                del item["description"]


def read_sheet_file(path: str | os.PathLike[str]) -> bytes:
    """A spreadsheet's bytes, bounded in size; problems as a SheetError."""
    target = Path(path)
    try:
        if target.stat().st_size > MAX_FILE_BYTES:
            limit = Integer(MAX_FILE_BYTES >> 20)
            problem = msg("scenario.sheet.too_large", megabytes=limit)
            raise SheetError([SheetProblem(target.name, None, None, problem)])
        return target.read_bytes()
    except FileNotFoundError:
        problem = msg("scenario.sheet.missing")
        raise SheetError([SheetProblem(target.name, None, None, problem)]) from None
    except OSError:
        problem = msg("scenario.sheet.unreadable")
        raise SheetError([SheetProblem(target.name, None, None, problem)]) from None


def import_initiatives(
    sheet_path: str | os.PathLike[str],
    scenario_path: str | os.PathLike[str],
    *,
    drop_from_pools: bool = False,
) -> ImportResult:
    """Read the spreadsheet into the scenario file and save it (atomically, in the layout
    `save` writes), or raise SheetError / ScenarioError and leave the file untouched;
    `drop_from_pools` as `initiatives_from` takes it."""
    target = Path(scenario_path)
    scenario = load(target)
    data = read_sheet_file(sheet_path)
    name = Path(sheet_path).name
    result = initiatives_from(data, name, scenario, str(target), drop_from_pools=drop_from_pools)
    save(result.scenario, target)
    return result
