"""Spanish and English for the app: shared labels, page strings and number formats.

Conventions for page modules (so that people working on different pages never edit the same
file):

- Each page module keeps its own strings in a module-level dict
  ``TEXT = {"en": {...}, "es": {...}}`` with the same keys in both languages, and looks
  them up through ``tr = i18n.page_text(TEXT)``; ``tr("key", **values)`` formats with
  ``str.format``. A key missing from the page falls back to the shared ``COMMON`` table
  below, so shared words (programme, region, weight, …) are translated once.
- Every page's ``TEXT`` must define ``"title"`` (used in the navigation menu) and be a plain
  literal (no names or calls in it): the menu reads the titles without importing the page.
- Spanish uses the terms of Chilean policy practice (CORFO, the Ministry of Economy, the
  regional governments), one translation per term across the whole app.
- Numbers go through ``number``, ``percent`` and ``money`` so that Spanish gets a decimal
  comma and dot thousands ("175,5"; "7.112.808"); charts get ``plotly_separators``.
- Scenario items (programmes, regions, …) carry their own translations in ``names``; show
  them with ``label(item)``.
- A widget's ``format_func`` is built with ``labels_for(options, words)``, which words every
  option at once (Streamlit may call it again when the session's language is unknown).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Protocol

import streamlit as st

LANGUAGES = ("es", "en")
LANGUAGE_NAMES = {"es": "Español", "en": "English"}
DEFAULT_LANGUAGE = "es"
SESSION_KEY = "lang"

Table = Mapping[str, Mapping[str, str]]

COMMON: dict[str, dict[str, str]] = {
    "en": {
        "app_title": "prioritise — innovation priorities and budget",
        "language": "Language",
        "scenario": "Scenario",
        "programme": "Programme",
        "programmes": "Programmes",
        "sector": "sector",
        "platform": "platform",
        "enabling_area": "Enabling area",
        "enabling_areas": "Enabling areas",
        "region": "Region",
        "regions": "Regions",
        "stakeholder": "Stakeholder",
        "stakeholders": "Stakeholders",
        "group": "Group",
        "criterion": "Criterion",
        "criteria": "Criteria",
        "regional_criteria": "Regional criteria",
        "weight": "Weight",
        "points": "Points",
        "rank": "Rank",
        "pairwise": "Pairwise comparison",
        "consistency_ratio": "Consistency ratio",
        "group_weights": "Group weights",
        "consensus": "Consensus",
        "disagreement": "Disagreement",
        "priority": "Priority",
        "score": "Score",
        "contribution": "Contribution",
        "budget": "Budget",
        "allocation": "Allocation",
        "year": "Year",
        "source": "Source",
        "illustrative": "illustrative (no source)",
        "method_additive": "Additive value",
        "method_topsis": "TOPSIS",
        "method_promethee": "PROMETHEE II",
        "group_public": "public sector",
        "group_private": "private sector",
        "group_academia": "academia and technology centres",
        "group_civil": "civil society and regions",
        "error_page": (
            "Something went wrong while drawing this page, so it was stopped. "
            "Your scenario is safe and unchanged; try another page or undo the last change."
        ),
        "error_detail": "What happened: {detail}",
        "scenario_problems": "The scenario has problems and was not opened:",
        "start_fallback": "{path} could not be opened, so {fallback} was opened instead.",
        "edited": "edited",
        "none": "none",
        "no_stakeholders": "This scenario has no stakeholders yet: add one on the "
        "Stakeholders page.",
        "scores_unavailable": "Priorities cannot be computed for this scenario: {detail}",
    },
    "es": {
        "app_title": "prioritise — prioridades de innovación y presupuesto",
        "language": "Idioma",
        "scenario": "Escenario",
        "programme": "Programa",
        "programmes": "Programas",
        "sector": "sectorial",
        "platform": "transversal",
        "enabling_area": "Ámbito habilitante",
        "enabling_areas": "Ámbitos habilitantes",
        "region": "Región",
        "regions": "Regiones",
        "stakeholder": "Actor",
        "stakeholders": "Actores",
        "group": "Grupo",
        "criterion": "Criterio",
        "criteria": "Criterios",
        "regional_criteria": "Criterios regionales",
        "weight": "Ponderación",
        "points": "Puntos",
        "rank": "Orden de prioridad",
        "pairwise": "Comparación por pares",
        "consistency_ratio": "Razón de consistencia",
        "group_weights": "Ponderaciones del grupo",
        "consensus": "Consenso",
        "disagreement": "Discrepancia",
        "priority": "Prioridad",
        "score": "Puntaje",
        "contribution": "Aporte",
        "budget": "Presupuesto",
        "allocation": "Asignación",
        "year": "Año",
        "source": "Fuente",
        "illustrative": "ilustrativo (sin fuente)",
        "method_additive": "Valor aditivo",
        "method_topsis": "TOPSIS",
        "method_promethee": "PROMETHEE II",
        "group_public": "sector público",
        "group_private": "sector privado",
        "group_academia": "academia y centros tecnológicos",
        "group_civil": "sociedad civil",
        "error_page": (
            "Algo falló al dibujar esta página y se detuvo. Su escenario está a salvo y sin "
            "cambios; pruebe otra página o deshaga el último cambio."
        ),
        "error_detail": "Qué ocurrió: {detail}",
        "scenario_problems": "El escenario tiene problemas y no se abrió:",
        "start_fallback": "No se pudo abrir {path}; se abrió {fallback} en su lugar.",
        "edited": "modificado",
        "none": "ninguno",
        "no_stakeholders": "Este escenario aún no tiene actores: agregue uno en la página Actores.",
        "scores_unavailable": "No se pueden calcular las prioridades de este escenario: {detail}",
    },
}

# Kendall's W bands after Schmidt (1997), as `prioritise.weights.group.AGREEMENT_BANDS` has them.
AGREEMENT_WORDS = {
    "en": (
        "very weak agreement",
        "weak agreement",
        "moderate agreement",
        "strong agreement",
        "very strong agreement",
    ),
    "es": (
        "acuerdo muy débil",
        "acuerdo débil",
        "acuerdo moderado",
        "acuerdo fuerte",
        "acuerdo muy fuerte",
    ),
}
AGREEMENT_BOUNDS = (0.2, 0.4, 0.6, 0.8, math.inf)


def current_language() -> str:
    """The interface language chosen in this session (Spanish until one is chosen)."""
    lang = st.session_state.get(SESSION_KEY, DEFAULT_LANGUAGE)
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE


def lookup(tables: list[Table], key: str, lang: str, values: Mapping[str, Any]) -> str:
    """The first table that has `key` in `lang` wins; English, then the key, as last resort."""
    for language in (lang, "en"):
        for table in tables:
            text = table.get(language, {}).get(key)
            if text is not None:
                return text.format(**values) if values else text
    return key


def t(key: str, lang: str | None = None, **values: Any) -> str:
    """A shared label in the current (or given) language."""
    return lookup([COMMON], key, lang or current_language(), values)


class Translator(Protocol):
    def __call__(self, key: str, /, lang: str | None = None, **values: Any) -> str: ...


def page_text(table: Table) -> Translator:
    """A look-up for one page's strings, falling back to the shared ones."""

    def translate(key: str, /, lang: str | None = None, **values: Any) -> str:
        return lookup([table, COMMON], key, lang or current_language(), values)

    return translate


def missing_keys(table: Table) -> dict[str, set[str]]:
    """Keys present in one language but not the other (a test helper for page tables)."""
    keys = {lang: set(table.get(lang, {})) for lang in LANGUAGES}
    every = set().union(*keys.values())
    return {lang: every - present for lang, present in keys.items() if every - present}


# ---------------------------------------------------------------- numbers


def _separators(text: str, lang: str) -> str:
    """English digits '7,112,808.5' rewritten for the language."""
    if lang == "es":
        return text.replace(",", "\u0000").replace(".", ",").replace("\u0000", ".")
    return text


def number(value: float | None, lang: str | None = None, decimals: int = 1) -> str:
    """'175.5' / '175,5'; thousands grouped ('7,112,808' / '7.112.808')."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "—"
    return _separators(f"{value:,.{decimals}f}", lang or current_language())


def plain(value: float | None, lang: str | None = None, decimals: int = 3) -> str:
    """A value as written in a data table: up to `decimals` decimals, no trailing zeros."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "—"
    text = f"{value:,.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return _separators(text, lang or current_language())


def integer(value: float | None, lang: str | None = None) -> str:
    return number(value, lang, 0)


def percent(share: float | None, lang: str | None = None, decimals: int = 1) -> str:
    """A share 0–1 as '12.5%' / '12,5 %' (Spanish puts a space before the sign)."""
    if share is None or not math.isfinite(share):
        return "—"
    lang = lang or current_language()
    text = number(100 * share, lang, decimals)
    return f"{text} %" if lang == "es" else f"{text}%"


UNIT_WORDS = {
    "en": {1: "", 1_000: "k", 1_000_000: "M", 1_000_000_000: "bn"},
    "es": {1: "", 1_000: "mil", 1_000_000: "MM", 1_000_000_000: "mil MM"},
}


def money_unit(unit: float, currency: str, lang: str | None = None) -> str:
    """'M USD' / 'MM USD' for a scenario whose amounts are in millions."""
    lang = lang or current_language()
    word = UNIT_WORDS[lang].get(int(unit), f"× {number(unit, lang, 0)}")
    return f"{word} {currency}".strip()


def money(
    amount: float | None, unit: float, currency: str, lang: str | None = None, decimals: int = 1
) -> str:
    """'175.0 M USD' / '175,0 MM USD'."""
    lang = lang or current_language()
    return f"{number(amount, lang, decimals)} {money_unit(unit, currency, lang)}"


def plotly_separators(lang: str | None = None) -> str:
    """Plotly's `layout.separators`: decimal mark then thousands mark."""
    return ",." if (lang or current_language()) == "es" else ".,"


def agreement_words(w: float, lang: str | None = None) -> str:
    """Kendall's W in words, in the bands `prioritise.weights.group` uses."""
    lang = lang or current_language()
    if not math.isfinite(w):
        return {
            "en": "no rankings to compare",
            "es": "no hay órdenes que comparar",
        }[lang]
    index = next(i for i, bound in enumerate(AGREEMENT_BOUNDS) if w < bound)
    return AGREEMENT_WORDS[lang][index]


# ---------------------------------------------------------------- scenario items


class Named(Protocol):
    name: str
    names: dict[str, str]


def label(item: Named, lang: str | None = None) -> str:
    """An item's name in the language, from its `names` table where the file gives one."""
    return item.names.get(lang or current_language(), item.name)


def labeller(items: list[Any], lang: str | None = None) -> Callable[[str], str]:
    """A function from item id to its display name (the id itself if unknown)."""
    names = {item.id: label(item, lang) for item in items}
    return lambda ident: names.get(ident, ident)


def group_label(group: str, lang: str | None = None) -> str:
    """The quadruple-helix groups translated; any other group name shown as written."""
    key = f"group_{group}"
    return t(key, lang) if key in COMMON["en"] else group


def method_label(method: str, lang: str | None = None) -> str:
    return t(f"method_{method}", lang)


def labels_for(options: Iterable[Any], words: Callable[[Any], str]) -> Callable[[Any], str]:
    """A widget's `format_func`, with every label worded now, in the current language.

    Widgets may call `format_func` again later (tests do, outside the script run), when the
    session's language can no longer be read; a fixed table gives the same words then.
    """
    table = {option: words(option) for option in options}
    return lambda option: table.get(option, str(option))
