"""Words of the library's messages in other languages than English.

The library writes its messages in English; `messages_es` renders them in Spanish for the
app. It sits at the bottom of the layers so that any part may use it, and imports nothing
from prioritise.
"""

from __future__ import annotations

from prioritise.translations.messages_es import TEMPLATES, decimal_comma, in_language, to_spanish

__all__ = [
    "TEMPLATES",
    "decimal_comma",
    "in_language",
    "to_spanish",
]
