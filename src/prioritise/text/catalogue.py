"""The message catalogues: gettext ``.po`` files read with Babel, one file per domain.

A message id such as ``allocate.status.infeasible`` names its domain by its first segment, so
its text lives in ``locales/<lang>/LC_MESSAGES/allocate.po``. Each area owns its domain file and
people adding messages to different areas never edit the same file. English is a translation
like Spanish: the msgid is the stable key, never the English sentence.

The ``.po`` files are read at run time (parsed once per process, under a lock): they are the
files translators edit, they ship as package data in a wheel and work unchanged from an
editable install, and no build step has to compile ``.mo`` files first.
"""

from __future__ import annotations

import functools
import gettext
import re
import string
import threading
from collections.abc import Callable
from dataclasses import dataclass
from importlib.resources import files
from importlib.resources.abc import Traversable
from typing import Final

from babel.messages.pofile import PoFileError, read_po

from .languages import LANGUAGES, LOCALES, check_language

ID_PATTERN: Final = re.compile(r"[a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+")
COUNT: Final = "count"


class CatalogueError(LookupError):
    """A programming error in the use or content of the catalogues (caught by the tests)."""


class UnknownMessageError(CatalogueError):
    def __init__(self, message_id: str, lang: str, where: str) -> None:
        super().__init__(f"no message {message_id!r} in the {lang!r} catalogue ({where})")
        self.message_id = message_id


class MessageParameterError(CatalogueError):
    """A message was given too few parameters, unexpected ones, or a wrong plural count."""


def placeholders(text: str) -> frozenset[str]:
    """The ``{name}`` fields of a message text; only plain named fields are allowed.

    Parameters arrive already written out, so a format spec or conversion
    (``{share:.1%}``, ``{name!r}``) would bypass the locale's number formats.
    """
    names = set()
    for _, field, spec, conversion in string.Formatter().parse(text):
        if field is None:
            continue
        if not field.isidentifier() or spec or conversion:
            raise CatalogueError(f"placeholder {{{field}}} in {text!r} must be a plain {{name}}")
        names.add(field)
    return frozenset(names)


@dataclass(frozen=True)
class Entry:
    """One message in one language: a single text, or one text per plural form."""

    id: str
    forms: tuple[str, ...]
    plural: bool
    select: Callable[[int], int]
    form_parameters: tuple[frozenset[str], ...]

    @classmethod
    def build(
        cls, message_id: str, forms: tuple[str, ...], plural: bool, select: Callable[[int], int]
    ) -> Entry:
        """An entry whose placeholders are checked now, so a bad one fails when loading."""
        return cls(message_id, forms, plural, select, tuple(placeholders(f) for f in forms))

    def form_for(self, count: int | None) -> int:
        """Which text to use: the only one, or the plural form the language gives `count`."""
        if not self.plural:
            return 0
        if count is None:
            raise MessageParameterError(f"message {self.id!r} is plural and needs {COUNT}=")
        return self.select(count)

    @functools.cached_property
    def parameters(self) -> frozenset[str]:
        """Every placeholder used by any form (plus ``count`` for a plural message); kept,
        since every message rendered on every page run checks its parameters against it."""
        found = frozenset().union(*self.form_parameters)
        return found | {COUNT} if self.plural else found


@functools.cache  # every message made or written asks, thousands of times per optimisation
def domain_of(message_id: str) -> str:
    if not ID_PATTERN.fullmatch(message_id):
        raise CatalogueError(
            f"{message_id!r} is not a message id: lower-case segments joined by dots, "
            "the first naming the domain (e.g. 'allocate.status.infeasible')"
        )
    return message_id.split(".", 1)[0]


def _forms(msgstr: object) -> tuple[str, ...]:
    """A msgstr as a tuple of texts (one per plural form); an untranslated one is ''."""
    if isinstance(msgstr, tuple | list):
        return tuple(str(form or "") for form in msgstr)
    return (str(msgstr or ""),)


class Catalogues:
    """All domains of all languages under one ``locales`` directory, loaded on first use."""

    def __init__(self, root: Traversable) -> None:
        self.root = root
        self._loaded: dict[tuple[str, str], dict[str, Entry]] = {}
        self._lock = threading.Lock()

    def _file(self, lang: str, domain: str) -> Traversable:
        return self.root / lang / "LC_MESSAGES" / f"{domain}.po"

    def domains(self) -> frozenset[str]:
        """Every domain that has a catalogue in at least one language."""
        found: set[str] = set()
        for lang in LANGUAGES:
            folder = self.root / lang / "LC_MESSAGES"
            if folder.is_dir():
                found.update(
                    item.name.removesuffix(".po")
                    for item in folder.iterdir()
                    if item.name.endswith(".po")
                )
        return frozenset(found)

    def entries(self, lang: str, domain: str) -> dict[str, Entry]:
        """The domain's messages in `lang` by id (an empty dict when it has no file)."""
        key = (check_language(lang), domain)
        loaded = self._loaded.get(key)  # no lock once read: every script thread asks, often
        if loaded is not None:
            return loaded
        with self._lock:
            if key not in self._loaded:
                self._loaded[key] = self._read(lang, domain)
            return self._loaded[key]

    def _read(self, lang: str, domain: str) -> dict[str, Entry]:
        path = self._file(lang, domain)
        if not path.is_file():
            return {}
        where = f"{lang}/LC_MESSAGES/{domain}.po"
        try:
            with path.open("rb") as handle:
                catalog = read_po(handle, locale=LOCALES[lang], domain=domain, abort_invalid=True)
        except PoFileError as problem:
            raise CatalogueError(f"{where} cannot be read: {problem}") from problem
        select = gettext.c2py(catalog.plural_expr)
        entries: dict[str, Entry] = {}
        for message in catalog:
            if not message.id:
                continue
            plural = isinstance(message.id, tuple | list)
            message_id = str(message.id[0] if plural else message.id)
            if domain_of(message_id) != domain:
                raise CatalogueError(f"{message_id!r} belongs to another domain than {where}")
            if message.fuzzy:
                raise CatalogueError(f"{message_id!r} in {where} is marked fuzzy: review it")
            forms = _forms(message.string)
            if plural and len(forms) != catalog.num_plurals:
                raise CatalogueError(
                    f"{message_id!r} in {where} has {len(forms)} plural forms, "
                    f"the language has {catalog.num_plurals}"
                )
            entries[message_id] = Entry.build(message_id, forms, plural, select)
        return entries

    def entry(self, message_id: str, lang: str) -> Entry:
        """The message's text in `lang`, or a CatalogueError naming what is missing."""
        domain = domain_of(message_id)
        where = f"{lang}/LC_MESSAGES/{domain}.po"
        found = self.entries(lang, domain).get(message_id)
        if found is None:
            raise UnknownMessageError(message_id, lang, where)
        if not all(found.forms):
            raise CatalogueError(f"{message_id!r} has no {lang!r} translation yet ({where})")
        return found

    def ids(self, lang: str | None = None) -> frozenset[str]:
        """Every message id, in one language or in either."""
        languages = LANGUAGES if lang is None else (lang,)
        return frozenset(
            message_id
            for language in languages
            for domain in self.domains()
            for message_id in self.entries(language, domain)
        )


CATALOGUES: Final = Catalogues(files(__package__ or "prioritise.text") / "locales")
