"""Drop-down lists and number checks in the workbook template, so that a spreadsheet program
(Excel, LibreOffice, Google Sheets) offers the scenario's ids and refuses an impossible amount
as it is typed, before `initiative_sheet` reads the file. The reader checks everything again:
these only save a round trip.

The ids sit in a hidden sheet, one column per list, since a list written into the check itself
is limited to 255 characters.
"""

from __future__ import annotations

from typing import Any

from prioritise.scenario.schema import Scenario
from prioritise.scenario.sheet_cells import MAX_ROWS
from prioritise.scenario.sheet_columns import Column
from prioritise.scenario.sheet_names import REFERENCED, shown_names
from prioritise.text import MoneyUnit, Number, exact_decimals, t

FLAG_WORDS = {"es": ("sí", "no"), "en": ("yes", "no")}
"""What the must / must_not lists offer, words the reader takes (`sheet_columns.TRUE_WORDS`,
`FALSE_WORDS`); the reader takes true/false and 1/0 as well, so a flag's list only warns."""
ERROR_LIMIT = 225
"""Longest error message of a data validation that Excel opens without repairing the file."""


def flag_words(lang: str) -> tuple[str, str]:
    """The yes and no of a flag's drop-down list in `lang` (English's for another language)."""
    return FLAG_WORDS.get(lang, FLAG_WORDS["en"])


def add_checks(book: Any, sheet: Any, scenario: Scenario, columns: list[Column], lang: str) -> None:
    """Data validations on `sheet`'s rows 2 to MAX_ROWS + 1, and the hidden sheet of names
    (`sheet_names`)."""
    from openpyxl.utils import get_column_letter, quote_sheetname
    from openpyxl.worksheet.datavalidation import DataValidation

    lists = book.create_sheet(t("scenario.template.lists", lang))
    lists.sheet_state = "hidden"
    last = MAX_ROWS + 1

    def check(letter: str, validation: DataValidation, title: str, text: str) -> None:
        validation.error, validation.errorTitle = text[:ERROR_LIMIT], title[:32]
        validation.showErrorMessage = True
        validation.add(f"{letter}2:{letter}{last}")
        sheet.add_data_validation(validation)

    pick = t("scenario.template.check.pick_title", lang)
    place = 0
    for j, column in enumerate(columns, start=1):
        letter = get_column_letter(j)
        if column.header in REFERENCED:
            names = list(shown_names(scenario, column.header, lang).values())
            if not names:
                continue
            place += 1
            where = get_column_letter(place)
            lists.cell(row=1, column=place, value=column.header)
            for k, name in enumerate(names, start=2):
                lists.cell(row=k, column=place, value=name)
            source = f"{quote_sheetname(lists.title)}!${where}$2:${where}${len(names) + 1}"
            text = t("scenario.template.check.pick", lang)
            validation = DataValidation("list", formula1=source, allow_blank=True)
            validation.errorStyle = "warning"  # an id typed, or a name in the other language
            check(letter, validation, pick, text)
        elif column.kind == "flag":
            words = flag_words(lang)
            text = t("scenario.template.check.flag", lang, words=" / ".join(words))
            validation = DataValidation("list", formula1=f'"{",".join(words)}"', allow_blank=True)
            validation.errorStyle = "warning"  # 'true', 'x', 1 are read too: a typed one stays
            check(letter, validation, pick, text)
        elif column.kind == "cost":
            unit = MoneyUnit(scenario.scenario.unit, scenario.scenario.currency)
            validation = DataValidation(
                "decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True
            )
            title = t("scenario.template.check.number_title", lang)
            check(letter, validation, title, t("scenario.template.check.cost", lang, unit=unit))
        elif column.kind == "score":
            criterion = next(c for c in scenario.criteria if c.id == column.part)
            if criterion.scale is None:
                continue
            low, high = (f"{bound:.15g}" for bound in criterion.scale)  # every digit it has
            validation = DataValidation(
                "decimal", operator="between", formula1=low, formula2=high, allow_blank=True
            )
            title = t("scenario.template.check.number_title", lang)
            shown = [Number(b, exact_decimals([b], 3)) for b in criterion.scale]
            text = t("scenario.template.check.score", lang, low=shown[0], high=shown[1])
            check(letter, validation, title, text)
    if place == 0:
        book.remove(lists)
