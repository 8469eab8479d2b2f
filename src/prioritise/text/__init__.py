"""The language layer: message catalogues and locale-aware numbers, money and dates.

Every sentence a user reads comes from a catalogue by message id (``msg``, ``t``), and every
number is written by one of the ``format`` functions (or a value wrapper such as ``Money``)
for the reader's language: Spanish as written in Chile (``es_CL``) or British English
(``en_GB``). This package is the lowest layer: it imports nothing else from ``prioritise``.
"""

from __future__ import annotations

from .catalogue import (
    CATALOGUES,
    CatalogueError,
    Catalogues,
    MessageParameterError,
    UnknownMessageError,
)
from .dates import date_text, datetime_text, duration, time_text, zone_name, zone_text
from .errors import LocalizedError
from .format import (
    DASH,
    decimal_mark,
    exact_decimals,
    integer,
    lone_decimal_comma,
    may_group_thousands,
    money,
    money_unit,
    number,
    percent,
    percent_sign,
    plotly_separators,
    rounded,
    share_decimals,
    shares_adding_up,
    significant_places,
    units_adding_up,
)
from .languages import DEFAULT_LANGUAGE, DEFAULT_TIMEZONE, LANGUAGES, LOCALES, check_language
from .message import Message, msg, render, t
from .values import (
    Date,
    DateTime,
    Duration,
    Integer,
    ListOf,
    Localizable,
    Money,
    MoneyUnit,
    Named,
    Number,
    Percent,
    Time,
    name_of,
    value_text,
)

__all__ = [
    "CATALOGUES",
    "DASH",
    "DEFAULT_LANGUAGE",
    "DEFAULT_TIMEZONE",
    "LANGUAGES",
    "LOCALES",
    "CatalogueError",
    "Catalogues",
    "Date",
    "DateTime",
    "Duration",
    "Integer",
    "ListOf",
    "Localizable",
    "LocalizedError",
    "Message",
    "MessageParameterError",
    "Money",
    "MoneyUnit",
    "Named",
    "Number",
    "Percent",
    "Time",
    "UnknownMessageError",
    "check_language",
    "date_text",
    "datetime_text",
    "decimal_mark",
    "duration",
    "exact_decimals",
    "integer",
    "lone_decimal_comma",
    "may_group_thousands",
    "money",
    "money_unit",
    "msg",
    "name_of",
    "number",
    "percent",
    "percent_sign",
    "plotly_separators",
    "render",
    "rounded",
    "share_decimals",
    "shares_adding_up",
    "significant_places",
    "t",
    "time_text",
    "units_adding_up",
    "value_text",
    "zone_name",
    "zone_text",
]
