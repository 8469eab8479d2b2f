"""Reading catalogue files: malformed content is refused when loaded, not shown to users."""

from __future__ import annotations

import re
import threading
from pathlib import Path

import pytest

from prioritise.text import CatalogueError, Catalogues, Message, UnknownMessageError, render

HEADER = """msgid ""
msgstr ""
"Language: {locale}\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"

"""


def write(root: Path, lang: str, domain: str, body: str) -> None:
    folder = root / lang / "LC_MESSAGES"
    folder.mkdir(parents=True, exist_ok=True)
    locale = {"es": "es_CL", "en": "en_GB"}[lang]
    (folder / f"{domain}.po").write_text(HEADER.format(locale=locale) + body, encoding="utf-8")


def catalogues(tmp_path: Path, body: str, domain: str = "demo") -> Catalogues:
    write(tmp_path, "en", domain, body)
    return Catalogues(tmp_path)


def test_a_good_file_loads(tmp_path: Path) -> None:
    found = catalogues(tmp_path, 'msgid "demo.hello"\nmsgstr "Hello {who}"\n')
    assert found.domains() == {"demo"}
    assert found.ids() == {"demo.hello"}
    assert render(Message("demo.hello", {"who": "Ana"}), "en", found) == "Hello Ana"


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ('#, fuzzy\nmsgid "demo.a"\nmsgstr "A"\n', "fuzzy"),
        ('msgid "other.a"\nmsgstr "A"\n', "another domain"),
        ('msgid "demo.a"\nmsgstr "{0} A"\n', "plain"),
        ('msgid "demo.a"\nmsgstr "{share:.1%} A"\n', "plain"),
        ('msgid "demo.a"\nmsgstr "{name!r} A"\n', "plain"),
        ('msgid "Demo A"\nmsgstr "A"\n', "not a message id"),
    ],
)
def test_malformed_entries_are_refused(tmp_path: Path, body: str, problem: str) -> None:
    with pytest.raises(CatalogueError, match=problem):
        catalogues(tmp_path, body).entries("en", "demo")


def test_a_broken_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(CatalogueError, match=re.escape("en/LC_MESSAGES/demo.po cannot be read")):
        catalogues(tmp_path, 'stray words\nmsgid "demo.a"\nmsgstr "A"\n').entries("en", "demo")


@pytest.mark.parametrize(
    "body",
    [
        'msgid "demo.a"\nmsgstr ""\n',
        'msgid "demo.a"\nmsgstr "A\n',
        'msgid "demo.a"\nmsgid_plural "demo.a"\nmsgstr[0] "one"\n',
    ],
)
def test_an_untranslated_message_is_an_error(tmp_path: Path, body: str) -> None:
    found = catalogues(tmp_path, body)
    with pytest.raises(CatalogueError, match="no 'en' translation"):
        found.entry("demo.a", "en")


def test_a_missing_language_file_knows_no_ids(tmp_path: Path) -> None:
    found = catalogues(tmp_path, 'msgid "demo.a"\nmsgstr "A"\n')
    with pytest.raises(UnknownMessageError, match=re.escape("es/LC_MESSAGES/demo.po")):
        found.entry("demo.a", "es")


def test_concurrent_first_use_loads_once(tmp_path: Path) -> None:
    body = "".join(f'msgid "demo.m{i}"\nmsgstr "M{i}"\n\n' for i in range(300))
    found = catalogues(tmp_path, body)
    results: list[object] = []
    threads = [
        threading.Thread(target=lambda: results.append(found.entries("en", "demo")))
        for _ in range(8)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 8
    assert all(result is results[0] for result in results)
    assert len(found.ids("en")) == 300
