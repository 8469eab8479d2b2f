"""What a spreadsheet of initiatives shows for a programme, an enabling area, a region or a
pool: its name in the sheet's language, as its reader would write it, rather than its id.

The template's drop-down lists and a filled sheet show names ("Minería", not "mining"); the
import reads a name in any of the scenario's languages, whatever its case and accents, and an id
as before. One rule says what a cell may name (`References`): a text that could mean two items
(a name two items share, an id another item has as its name, two ids apart only in case) is read
only as an exact id, and the sheet shows the id, never that text.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from prioritise.scenario.problems import closest
from prioritise.scenario.schema import Scenario
from prioritise.text import ListOf, Message, check_language, msg, name_of

REFERENCED = {
    "programme": "programmes",
    "enabling_area": "enabling_areas",
    "region": "regions",
    "pool": "pools",
}
"""The sheet's columns that name an item of the scenario, and the scenario's list of them."""


def folded(text: str) -> str:
    """`text` as names are compared: no accents, no case, single spaces ('Los  Ríos' and
    'los rios' are the same name)."""
    plain = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    return " ".join(plain.casefold().split())


def _names(item: Any) -> list[str]:
    """Every name an item has, in any language."""
    own = getattr(item, "name", "") or ""
    return [name for name in (own, *item.names.values()) if name]


def _name_in(item: Any, lang: str) -> str:
    """The item's name in `lang` as everywhere else (`name_of`), else its id: a pool may have
    no name."""
    check_language(lang)  # a wrong language is the caller's mistake, not a missing name
    try:
        return name_of(item, lang)
    except ValueError:
        return str(item.id)


@dataclass(frozen=True)
class References:
    """What a column of items reads: every id as it is, and every text (folded) that names or
    is the id of exactly one item."""

    ids: frozenset[str]
    owners: dict[str, frozenset[str]]
    """Each folded name and id → the ids of the items it may mean."""
    choices: tuple[str, ...]
    """The names and ids, for a 'did you mean'."""
    items: dict[str, Any]
    """Each item by its id: a 'did you mean' shows the item meant by its name in the reader's
    language, whichever of its names or its id came closest."""

    def meant(self, text: str) -> frozenset[str]:
        """The ids `text` may mean: one, several (then it says nothing), or none."""
        shown = text.strip()
        if shown in self.ids:
            return frozenset({shown})
        return self.owners.get(folded(shown), frozenset())

    def problem(self, text: str, workbook: bool = True) -> Message:
        """Why `text` names no item: it names several, or none (with the closest choice). A
        workbook's reader is sent to the template's Read me sheet; a CSV file's, which has no
        sheets, to the workbook template's."""
        meant = self.meant(text)
        if len(meant) > 1:
            return msg("scenario.sheet.ambiguous_name", name=text, ids=ListOf(sorted(meant), "or"))
        listed = msg("scenario.sheet.listed_here" if workbook else "scenario.sheet.listed_in_xlsx")
        unknown = msg("scenario.sheet.unknown_name", name=text[:80], listed=listed)
        choice = closest(text, self.choices)
        if choice is None:
            start = folded(text)  # 'Pesca' for 'Pesca y acuicultura': the start of one name alone
            begun = {c for c in self.choices if len(start) >= 3 and folded(c).startswith(start)}
            choice = begun.pop() if len(begun) == 1 else None
        if choice is None:
            return unknown
        return msg("scenario.check.did_you_mean", problem=unknown, name=self._shown(choice))

    def _shown(self, choice: str) -> Any:
        """The item `choice` names, shown by its name in the reader's language ('Santiago'
        suggests 'Región Metropolitana de Santiago' in Spanish even when the English name came
        closer: the import reads either); `choice` itself if it could mean several items or
        the item has no name."""
        meant = self.meant(choice)
        if len(meant) != 1:
            return choice
        item = self.items[next(iter(meant))]
        return item if any(item.names.values()) else choice


def references(scenario: Scenario, header: str) -> References:
    """The items of one column (`REFERENCED`) and the texts that name them."""
    items = list(getattr(scenario, REFERENCED[header]))
    owners: dict[str, set[str]] = defaultdict(set)
    for item in items:
        for text in (item.id, *_names(item)):
            owners[folded(text)].add(item.id)
    choices = {text for item in items for text in (item.id, *_names(item))}
    return References(
        frozenset(item.id for item in items),
        {text: frozenset(ids) for text, ids in owners.items()},
        tuple(sorted(choices)),
        {item.id: item for item in items},
    )


def shown_names(scenario: Scenario, header: str, lang: str) -> dict[str, str]:
    """Id → what the sheet shows for it in `lang`: its name where that name means it alone
    (`References`), else its id."""
    found = references(scenario, header)
    shown = {}
    for item in getattr(scenario, REFERENCED[header]):
        name = _name_in(item, lang)
        shown[item.id] = name if found.meant(name) == {item.id} else item.id
    return shown
