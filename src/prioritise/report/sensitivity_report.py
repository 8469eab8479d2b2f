"""The sensitivity section of a report (docs/model.md §14): the decisive weights in words and
the stability interval of every group weight, as Markdown lines and as a workbook sheet."""

from __future__ import annotations

import math

import pandas as pd

from prioritise.report.markdown import markdown_table
from prioritise.report.tables import Table
from prioritise.sensitivity import UNEXPLORED, SensitivityResult
from prioritise.text import Integer, Percent, t


def _intro(lang: str) -> str:
    return t(
        "sensitivity.report.intro",
        lang,
        low=Percent(0.0, 0),
        high=Percent(1.0, 0),
    )


def sensitivity_lines(result: SensitivityResult, lang: str) -> list[str]:
    """The section's body: what was moved, the decisive weights in words, the intervals."""
    lines = [_intro(lang), "", f"### {t('sensitivity.deciders', lang)}", ""]
    sentences = result.sentences(lang)
    lines += [f"- {s}" for s in sentences] or [t("sensitivity.no_deciders", lang)]
    partial = result.deciders_partial(lang)
    if partial:
        lines += ["", partial]
    limit = Integer(round(result.share_limit * 100))
    lines += ["", t("sensitivity.report.table", lang, limit=limit), ""]
    table = result.table(lang)
    rows = []
    for values in table.itertuples(index=False):
        row = list(values)
        shares = (UNEXPLORED if math.isnan(v) else Percent(v, 1).text(lang) for v in row[2:-1])
        rows.append([row[0], row[1], *shares, row[-1]])
    right = set(range(2, len(table.columns) - 1))
    lines += markdown_table(list(table.columns), rows, right)
    for said in result.legend(lang):
        lines += ["", said]
    lines += ["", result.checked_text(lang)]
    if result.integer:
        lines += ["", t("sensitivity.integer", lang)]
    if result.relaxed:
        lines += ["", t("sensitivity.relaxed", lang)]
    return lines


def sensitivity_table(result: SensitivityResult, lang: str, *, app: bool = False) -> Table:
    """The intervals as a workbook sheet; below them what the marks mean, how many ends were
    checked, and who decides, under its heading (the marks' legend points to both).
    `app`: downloaded from the app, whose pages it names instead of commands."""
    frame = result.table(lang)
    formats = {str(c): "share" for c in frame.columns[2:-1]}
    formats.update({str(frame.columns[0]): "text", str(frame.columns[1]): "text"})
    formats[str(frame.columns[-1])] = "text"
    partial = [said] if (said := result.deciders_partial(lang)) else []
    deciders = result.sentences(lang) or [t("sensitivity.no_deciders", lang)]
    below = [
        *result.legend(lang, app=app),
        result.checked_text(lang, app=app),
        "",
        t("sensitivity.deciders", lang),
        *deciders,
        *partial,
    ]
    if below:
        first = frame.columns[0]
        words = pd.DataFrame({first: ["", *below]}).reindex(columns=frame.columns)
        frame = pd.concat([frame.astype(object), words.astype(object)], ignore_index=True)
    title = t("sensitivity.report.sheet", lang)
    return Table("sensitivity", title, frame, formats, lang=lang)


__all__ = ["sensitivity_lines", "sensitivity_table"]
