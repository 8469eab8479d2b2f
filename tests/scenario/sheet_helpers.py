"""Spreadsheets of initiatives written cell by cell, as a person would fill them in (openpyxl
and the csv module directly, not the template writer under test)."""

from __future__ import annotations

import csv
import io
from typing import Any

import openpyxl

from prioritise.scenario import SheetError, SheetProblem, initiatives_from
from prioritise.scenario.schema import Scenario
from prioritise.text import Message


def csv_rows(data: bytes) -> list[list[str]]:
    """The cells of a CSV file as Excel opens it: UTF-8 after its byte order mark, split at
    semicolons as Excel in Spanish does where the header has them, else at commas."""
    text = data.decode("utf-8-sig")
    header = text.split("\n", 1)[0]
    delimiter = ";" if header.count(";") > header.count(",") else ","
    return list(csv.reader(io.StringIO(text), delimiter=delimiter))


def sheet_bytes(kind: str, header: list[str], rows: list[list[Any]], delimiter: str = ",") -> bytes:
    """A sheet named Initiatives (xlsx) or a CSV file with these cells; None is an empty cell."""
    if kind == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
        writer.writerow(header)
        for row in rows:
            writer.writerow(["" if v is None else v for v in row])
        return buffer.getvalue().encode("utf-8")
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Initiatives"
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer_b = io.BytesIO()
    book.save(buffer_b)
    return buffer_b.getvalue()


def base_header(scenario: Scenario) -> list[str]:
    criteria = [f"score_{c.id}" for c in scenario.criteria_at("initiative")]
    return ["id", "name_en", *(f"cost_{y}" for y in scenario.years), "requires", *criteria]


def good_row(scenario: Scenario, ident: str, requires: str = "") -> list[Any]:
    scores = [5 for _ in scenario.criteria_at("initiative")]
    return [ident, f"Initiative {ident}", *(1.5 for _ in scenario.years), requires, *scores]


def problems_of(data: bytes, name: str, scenario: Scenario) -> list[SheetProblem]:
    try:
        initiatives_from(data, name, scenario)
    except SheetError as exc:
        return exc.problems
    raise AssertionError("the sheet was accepted")


def where(problem: SheetProblem) -> tuple[str | None, int | None, str | None, str]:
    message = problem.message
    assert isinstance(message, Message)
    inner = message.params.get("problem") if message.id == "scenario.value.got" else None
    said = inner.id if isinstance(inner, Message) else message.id
    return problem.sheet, problem.row, problem.column, said
