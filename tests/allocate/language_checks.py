"""Checks that a text is written in one language only, with that language's number formats.

Tell-tale words are small function words and domain terms that never occur in the other
language. Words of the scenario's own item names ("Los Ríos", "Los Lagos") are left out of
the check: a name is shown as the scenario spells it.
"""

from __future__ import annotations

import re

from prioritise.scenario.schema import Scenario

ENGLISH_WORDS = frozenset(
    {"the", "and", "with", "of", "is", "not", "by", "would", "budget", "region", "floor", "cap"}
    | {"funded", "lines", "value", "money", "draws", "programme", "share", "spent", "gap"}
)
SPANISH_WORDS = frozenset(
    {"el", "los", "las", "del", "con", "presupuesto", "región", "piso", "tope", "líneas"}
    | {"agregaría", "asignación", "sorteos", "monto", "brecha", "valor", "gastado", "programa"}
)
WORD = re.compile(r"[^\W\d_]+")


def name_words(scenario: Scenario) -> set[str]:
    """Every word of every item name, in either language (lower case)."""
    found: set[str] = set()
    for group in (scenario.programmes, scenario.enabling_areas, scenario.regions):
        for item in group:
            for text in (item.name, *item.names.values()):
                found.update(word.lower() for word in WORD.findall(text))
    for person in scenario.stakeholders:
        found.update(word.lower() for word in WORD.findall(person.name))
    return found


def foreign_words(text: str, lang: str, scenario: Scenario) -> set[str]:
    """Tell-tale words of the other language found in `text`."""
    other = ENGLISH_WORDS if lang == "es" else SPANISH_WORDS
    words = {word.lower() for word in WORD.findall(text)}
    return (words & other) - name_words(scenario)


def check_numbers(text: str, lang: str) -> None:
    """Spanish writes '24,2 %' and 'MM USD'; English '24.2%' and 'M USD'."""
    if lang == "es":
        assert not re.search(r"\d%", text), text
        assert not re.search(r"\d\.\d{1,2}(?!\d)", text), text  # no decimal points
        assert not re.search(r"\d M USD", text), text
    else:
        assert not re.search(r"\d[ \u00a0]%", text), text
        assert not re.search(r"\d,\d{1,2}(?!\d)", text), text  # no decimal commas
        assert "MM USD" not in text, text


def check_language(text: str, lang: str, scenario: Scenario) -> None:
    assert text.strip()
    assert not foreign_words(text, lang, scenario), (foreign_words(text, lang, scenario), text)
    check_numbers(text, lang)
