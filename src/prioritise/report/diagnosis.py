"""The diagnosis of an infeasible allocation in a report: why there is no split, the ways out.

In Markdown, the conflict sentence and the pre-checks under "Why there is no allocation", then
each repair (fewest changes first) with its changes. In the workbook, a "Diagnosis" sheet with
one row per sentence, the repair's number, the field changed (for programs), its current and
suggested values and the value index the repaired scenario reaches, with the most any split
can (the value itself when the scenario has no value index).
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from prioritise.report.tables import ReportContext, Table
from prioritise.text import t

_COLUMNS = (
    "report.column.part",
    "report.column.repair",
    "report.column.sentence",
    "report.column.current",
    "report.column.suggested",
    "report.column.reached",
    "report.column.at_most",
)
_INDEX_COLUMNS = ("report.column.reached_index", "report.column.at_most_index")


def why_lines(ctx: ReportContext) -> list[str]:
    """Bullets: the rules that cannot all hold, then each pre-check that fired."""
    diagnosis = ctx.allocation.diagnosis
    if diagnosis is None:
        return []
    head = [diagnosis.message_text(ctx.language)] if diagnosis.conflict_note else []
    return [f"- {text}" for text in head + [c.message_text(ctx.language) for c in diagnosis.checks]]


def ways_out(ctx: ReportContext) -> list[str]:
    """A level-2 section: each verified repair, numbered, with its changes."""
    diagnosis = ctx.allocation.diagnosis
    if diagnosis is None or diagnosis.conflict_note is None:
        return []
    lines = [f"## {t('report.md.ways_out', ctx.language)}", ""]
    if not diagnosis.repairs:
        return [*lines, t("report.md.no_repair", ctx.language), ""]
    lines += [f"_{t('report.md.ways_out_note', ctx.language)}_", ""]
    for number, repair in enumerate(diagnosis.repairs, start=1):
        lines.append(f"{number}. {repair.message_text(ctx.language)}")
        lines += [f"    - {change.message_text(ctx.language)}" for change in repair.changes]
    return [*lines, ""]


def diagnosis_table(ctx: ReportContext) -> Table | None:
    """The workbook's diagnosis sheet (None for an allocation that has no diagnosis)."""
    diagnosis, lang = ctx.allocation.diagnosis, ctx.language
    if diagnosis is None:
        return None
    # in index points, as the sentences say them, when the scenario has a yardstick (§10.1)
    indexed = all(repair.value_index is not None for repair in diagnosis.repairs)
    names = _COLUMNS[:5] + (_INDEX_COLUMNS if indexed else _COLUMNS[5:])
    columns = [t(column, lang) for column in names[:3]]
    columns += ["field", *(t(column, lang) for column in names[3:])]
    rows: list[list[Any]] = []
    if diagnosis.conflict_note is not None:
        fields = ", ".join(diagnosis.conflict)
        rows.append(
            [
                t("report.diagnosis.conflict", ctx.language),
                None,
                diagnosis.message_text(lang),
                fields,
                *[None] * 4,
            ]
        )
    for check in diagnosis.checks:
        rows.append(
            [
                t("report.diagnosis.check", ctx.language),
                None,
                check.message_text(lang),
                None,
                *[None] * 4,
            ]
        )
    for number, repair in enumerate(diagnosis.repairs, start=1):
        sentence = repair.message_text(lang)
        reached: float | None = repair.objective
        most: float | None = repair.bound
        if indexed:
            reached, most = repair.value_index, repair.bound_index
        bound = None if repair.gap <= 1e-3 else most
        rows.append(
            [
                t("report.diagnosis.repair", ctx.language),
                number,
                sentence,
                None,
                None,
                None,
                reached,
                bound,
            ]
        )
        for change in repair.changes:
            values = [_number(change.current), _number(change.suggested)]
            rows.append(
                [
                    t("report.diagnosis.change", ctx.language),
                    number,
                    change.message_text(lang),
                    change.field,
                    *values,
                    None,
                    None,
                ]
            )
    frame = pd.DataFrame(rows, columns=columns)
    kind = "index" if indexed else "value"
    formats = {columns[1]: "int", columns[2]: "text", columns[6]: kind, columns[7]: kind}
    return Table("diagnosis", t("report.sheet.diagnosis", ctx.language), frame, formats, lang=lang)


def _number(value: float | bool) -> float | bool:
    return value if isinstance(value, bool) else float(value)
