"""What the priorities rest on: criteria computed from raw tables, with their formula, and the
share of each programme's and region's priority that rests on illustrative inputs
(docs/model.md §17–§18). One sheet of the workbook and lines of the Markdown sources section.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from prioritise.report.labels import name_of
from prioritise.report.tables import ReportContext, Table
from prioritise.scoring import formula, illustrative_criteria
from prioritise.text import Percent, t


def _shares(tree: Any) -> tuple[pd.Series, pd.Series] | None:
    found = getattr(tree, "illustrative", None)
    return None if found is None else (found.programmes, found.regions)


def evidence_table(ctx: ReportContext, tree: Any) -> Table:
    """Per programme and region the illustrative share of its priority; per derived criterion
    its formula and the share of programmes whose value rests on illustrative inputs."""
    word, lang, scenario = ctx.word, ctx.language, ctx.scenario
    columns = [word("kind"), word("name"), t("report.evidence.share", lang), word("description")]
    rows: list[list[Any]] = []
    shares = _shares(tree)
    if shares is not None:
        for kind, series in zip(("programme", "region"), shares, strict=True):
            rows += [[word(kind), ctx.name(str(i)), float(v), ""] for i, v in series.items()]
    flags = illustrative_criteria(scenario)
    for criterion in scenario.criteria:
        said = formula(criterion)
        if said is not None:
            share = float(flags[criterion.id].mean())
            rows.append(
                [
                    t("report.evidence.derived", lang),
                    name_of(criterion, lang),
                    share,
                    said.text(lang),
                ]
            )
    frame = pd.DataFrame(rows, columns=columns)
    formats = {columns[2]: "share", columns[3]: "text"}
    return Table("evidence", word("evidence"), frame, formats, lang=lang)


def evidence_lines(ctx: ReportContext, tree: Any) -> list[str]:
    """Markdown lines for the sources section: each derived criterion's formula, then the
    illustrative share of each programme's and each region's priority."""
    lang = ctx.language
    lines = [
        "- " + t("report.evidence.md_derived", lang, name=name_of(c, lang), formula=said)
        for c in ctx.scenario.criteria
        if (said := formula(c)) is not None
    ]
    shares = _shares(tree)
    if shares is None:
        return lines
    keys = ("report.evidence.md_programmes", "report.evidence.md_regions")
    for key, series in zip(keys, shares, strict=True):
        parts = ", ".join(
            f"{ctx.name(str(i))} {Percent(float(v), 0).text(lang)}"
            for i, v in series.sort_values(ascending=False).items()
        )
        lines.append("- " + t(key, lang, items=parts))
    return lines
