"""Spanish and English for the app: page strings from the catalogue, numbers from Babel.

Conventions for page modules (so that people working on different pages never edit the same
file):

- A module's strings live in the ``ui`` catalogue
  (``src/prioritise/text/locales/<lang>/LC_MESSAGES/ui.po``) under ids ``ui.<module>.<key>``:
  ``ui.<page>.<key>`` for a page of ``ui/pages``, ``ui.<package>_<module>.<key>`` for a module
  of a sub-package (``ui.portfolio_views.spent``) and ``ui.<module>.<key>`` for the modules of
  ``ui`` itself. A module looks them up through ``tr = i18n.page_text("<module>")``;
  ``tr("key", **values)`` fills the ``{name}`` placeholders. A key the module lacks falls back
  to the shared words in ``COMMON_IDS`` (the ``common`` catalogue), so shared words (programme,
  region, weight, …) are translated once.
- Every page has a ``ui.<page>.title`` (the navigation menu reads it without importing the page).
- Spanish uses the terms of Chilean policy practice (CORFO, the Ministry of Economy, the
  regional governments), one translation per term across the whole app.
- Numbers go through ``number``, ``percent``, ``money`` … which are ``prioritise.text``'s, so the
  app, the CLI and the reports write them alike ("175,0 MM USD", "24,2 %"); charts get
  ``plotly_separators``.
- Messages from the library (results, errors, scenario problems) are shown through
  ``library_text``/``library_lines``, the one place that knows how to put them in a language.
- Scenario items (programmes, regions, …) carry their own translations in ``names``; show
  them with ``label(item)``.
- A widget's ``format_func`` is built with ``labels_for(options, words)``, which words every
  option at once (Streamlit may call it again when the session's language is unknown).
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from typing import Any, Protocol

import streamlit as st

from prioritise import text
from prioritise.text import CATALOGUES
from prioritise.text.values import check_value, value_text

LANGUAGES = ("es", "en")
LANGUAGE_NAMES = {"es": "Español", "en": "English"}
DEFAULT_LANGUAGE = "es"
SESSION_KEY = "lang"
DASH = text.DASH

# The shared words a page may ask for by key, and the catalogue id that words them.
COMMON_IDS: dict[str, str] = {
    "app_title": "ui.app_title",
    "language": "ui.language",
    "scenario": "common.scenario",
    "programme": "common.programme",
    "programmes": "common.programmes",
    "sector": "common.kind.sector",
    "platform": "common.kind.platform",
    "enabling_area": "common.enabling_area",
    "enabling_areas": "common.enabling_areas",
    "region": "common.region",
    "regions": "common.regions",
    "stakeholder": "common.stakeholder",
    "stakeholders": "common.stakeholders",
    "group": "common.group",
    "criterion": "common.criterion",
    "criteria": "common.criteria",
    "regional_criteria": "common.regional_criteria",
    "weight": "common.weight",
    "points": "common.points",
    "rank": "common.rank",
    "pairwise": "common.pairwise",
    "consistency_ratio": "common.consistency_ratio",
    "group_weights": "common.group_weights",
    "consensus": "common.consensus",
    "disagreement": "common.disagreement",
    "priority": "common.priority",
    "score": "common.score",
    "contribution": "common.contribution",
    "budget": "common.budget",
    "allocation": "common.allocation",
    "year": "common.year",
    "source": "common.source",
    "illustrative": "common.illustrative",
    "method_additive": "common.method.additive",
    "method_topsis": "common.method.topsis",
    "method_promethee": "common.method.promethee",
    "group_public": "common.group.public",
    "group_private": "common.group.private",
    "group_academia": "common.group.academia",
    "group_civil": "common.group.civil",
    "error_page": "ui.error.page",
    "error_detail": "ui.error.detail",
    "scenario_problems": "ui.scenario.problems",
    "start_fallback": "ui.scenario.fallback",
    "edited": "common.edited",
    "none": "common.none",
    "no_stakeholders": "ui.stakeholders.missing",
    "scores_unavailable": "ui.scores.unavailable",
    "choose_one": "ui.widgets.choose_one",
}

# Kendall's W bands after Schmidt (1997), as `prioritise.weights.group.AGREEMENT_BANDS` has them.
AGREEMENT_IDS = (
    "common.agreement.very_weak",
    "common.agreement.weak",
    "common.agreement.moderate",
    "common.agreement.strong",
    "common.agreement.very_strong",
)
AGREEMENT_BOUNDS = (0.2, 0.4, 0.6, 0.8, math.inf)


def current_language() -> str:
    """The interface language chosen in this session (Spanish until one is chosen)."""
    lang = st.session_state.get(SESSION_KEY, DEFAULT_LANGUAGE)
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE


def _language(lang: str | None) -> str:
    return lang or current_language()


def _parameter(value: Any, lang: str) -> str:
    """A value for a placeholder: messages, items and wrappers in the language; a float is an
    error (only the caller knows whether it is money or a share); other objects as written."""
    try:
        check_value(value)
    except TypeError:
        if isinstance(value, numbers.Number):
            raise
        return str(value)
    return value_text(value, lang)


def render_id(message_id: str, lang: str, values: Mapping[str, Any]) -> str:
    """The catalogue text of `message_id` in `lang` with the placeholders it uses filled."""
    entry = CATALOGUES.entry(message_id, lang)
    count = values.get("count")
    form = entry.form_for(count if entry.plural else None)
    wanted = entry.form_parameters[form]
    missing = wanted - set(values)
    if missing:
        raise text.MessageParameterError(f"{message_id!r} needs {', '.join(sorted(missing))}")
    return entry.forms[form].format_map({name: _parameter(values[name], lang) for name in wanted})


def known(message_id: str) -> bool:
    """Whether the catalogue has `message_id` (in English, which every id has)."""
    return message_id in CATALOGUES.entries("en", message_id.split(".", 1)[0])


def t(key: str, lang: str | None = None, **values: Any) -> str:
    """A shared word (a ``COMMON_IDS`` key) or any catalogue id, in the current language."""
    message_id = COMMON_IDS.get(key, key)
    return render_id(message_id, _language(lang), values)


class Translator(Protocol):
    def __call__(self, key: str, /, lang: str | None = None, **values: Any) -> str: ...

    def has(self, key: str) -> bool: ...


class PageText:
    """One module's strings (``ui.<module>.<key>``), falling back to the shared words."""

    def __init__(self, module: str) -> None:
        self.module = module

    def message_id(self, key: str) -> str:
        own = f"ui.{self.module}.{key}"
        if known(own) or key not in COMMON_IDS:
            return own
        return COMMON_IDS[key]

    def has(self, key: str) -> bool:
        return known(f"ui.{self.module}.{key}")

    def __call__(self, key: str, /, lang: str | None = None, **values: Any) -> str:
        return render_id(self.message_id(key), _language(lang), values)


def page_text(module: str) -> Translator:
    """A look-up for one module's strings, falling back to the shared ones."""
    return PageText(module)


def page_title(page: str, lang: str) -> str:
    """A page's menu title, read from the catalogue (the page itself is not imported)."""
    return render_id(f"ui.{page}.title", lang, {})


# ---------------------------------------------------------------- library messages


def library_text(value: object, lang: str | None = None) -> str:
    """A message from the library (a Message, a LocalizedError, a scenario problem or error)
    in the language. A plain string (an operating-system error, say) is shown as it is:
    finished sentences are never translated back.
    """
    lang = _language(lang)
    if isinstance(value, BaseException) and hasattr(value, "problems"):
        return "; ".join(library_lines(value, lang))
    line = getattr(value, "line", None)
    if callable(line):  # a scenario problem: where it is, then what is wrong
        return str(line(lang))
    rendered = getattr(value, "text", None)
    if callable(rendered):
        return str(rendered(lang))
    message = getattr(value, "message", None)
    if message is not None and not isinstance(value, str | BaseException):
        where = getattr(value, "location", "")
        said = library_text(message, lang)
        return f"{where}: {said}" if where else said
    return value if isinstance(value, str) else " ".join(str(value).split())


def library_lines(error: object, lang: str | None = None, limit: int | None = None) -> list[str]:
    """A scenario error's problems, one line each, in the language."""
    lang = _language(lang)
    origin = str(getattr(error, "origin", "") or "")
    problems = list(getattr(error, "problems", []))[:limit]
    head = f"{origin}: " if origin else ""
    return [head + library_text(problem, lang) for problem in problems]


# ---------------------------------------------------------------- numbers


def number(
    value: float | None, lang: str | None = None, decimals: int = 1, *, signed: bool = False
) -> str:
    """'175.5' / '175,5'; thousands grouped ('7,112,808' / '7.112.808'); `signed`: '+1,5'."""
    return text.number(value, _language(lang), decimals, signed=signed)


def plain(value: float | None, lang: str | None = None, decimals: int = 3) -> str:
    """A value as written in a data table: up to `decimals` decimals, no trailing zeros."""
    if value is None or not math.isfinite(value):
        return DASH
    rounded = round(float(value), decimals)
    places = next(d for d in range(decimals + 1) if round(rounded, d) == rounded)
    return text.number(value, _language(lang), places)


def integer(value: float | None, lang: str | None = None) -> str:
    return text.integer(value, _language(lang))


def percent(
    share: float | None, lang: str | None = None, decimals: int = 1, *, signed: bool = False
) -> str:
    """A share 0–1 as '12.5%' / '12,5 %'."""
    return text.percent(share, _language(lang), decimals, signed=signed)


def percent_slider_format(lang: str | None = None) -> str:
    """A slider's printf format for whole percentages, written as `percent` writes them
    ('50 %' with a no-break space / '50%'): the one formatter decides the sign's spacing."""
    return "%d" + text.percent_sign(_language(lang)).replace("%", "%%")


def money_unit(unit: float, currency: str, lang: str | None = None) -> str:
    """'M USD' / 'MM USD' for a scenario whose amounts are in millions."""
    return text.money_unit(unit, currency, _language(lang))


def money(
    amount: float | None, unit: float, currency: str, lang: str | None = None, decimals: int = 1
) -> str:
    """'175.0 M USD' / '175,0 MM USD'."""
    return text.money(amount, unit, currency, _language(lang), decimals)


def duration(seconds: float | None, lang: str | None = None) -> str:
    """How long something took: '0,4 s' / '0.4 s', '2 min 5 s'."""
    return text.duration(seconds, _language(lang))


def plotly_separators(lang: str | None = None) -> str:
    """Plotly's `layout.separators`: decimal mark then thousands mark."""
    return text.plotly_separators(_language(lang))


def scenario_timezone(scenario: Any) -> str:
    """The time zone the scenario's people live in (Chile unless the file says otherwise)."""
    meta = getattr(scenario, "scenario", scenario)
    return str(getattr(meta, "timezone", None) or text.DEFAULT_TIMEZONE)


def moment(value: datetime | None, scenario: Any, lang: str | None = None) -> str:
    """A date and time in the scenario's time zone: '1 jul 2024, 11:30'."""
    return text.datetime_text(value, _language(lang), scenario_timezone(scenario))


def clock(value: datetime | None, scenario: Any, lang: str | None = None) -> str:
    """A time of day in the scenario's time zone: '11:30:05'."""
    return text.time_text(value, _language(lang), scenario_timezone(scenario), seconds=True)


def agreement_words(w: float, lang: str | None = None) -> str:
    """Kendall's W in words, in the bands `prioritise.weights.group` uses."""
    lang = _language(lang)
    if not math.isfinite(w):
        return text.t("common.agreement.none", lang)
    index = next(i for i, bound in enumerate(AGREEMENT_BOUNDS) if w < bound)
    return text.t(AGREEMENT_IDS[index], lang)


# ---------------------------------------------------------------- scenario items


class Named(Protocol):
    name: str
    names: dict[str, str]


def label(item: Named, lang: str | None = None) -> str:
    """An item's name in the language, from its `names` table where the file gives one."""
    return text.name_of(item, _language(lang))


def labeller(items: list[Any], lang: str | None = None) -> Callable[[str], str]:
    """A function from item id to its display name (the id itself if unknown)."""
    names = {item.id: label(item, lang) for item in items}
    return lambda ident: names.get(ident, ident)


def group_label(group: str, lang: str | None = None) -> str:
    """The quadruple-helix groups translated; any other group name shown as written."""
    key = f"group_{group}"
    return t(key, lang) if key in COMMON_IDS else group


def method_label(method: str, lang: str | None = None) -> str:
    key = f"method_{method}"
    return t(key, lang) if key in COMMON_IDS else method


def labels_for(options: Iterable[Any], words: Callable[[Any], str]) -> Callable[[Any], str]:
    """A widget's `format_func`, with every label worded now, in the current language.

    Widgets may call `format_func` again later (tests do, outside the script run), when the
    session's language can no longer be read; a fixed table gives the same words then.
    """
    table = {option: words(option) for option in options}
    return lambda option: table.get(option, str(option))
