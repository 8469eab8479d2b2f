"""Every message of every shipped catalogue, in both languages.

Adding a message to one language only, changing its placeholders in one language, or leaving
English in the Spanish catalogue fails here, before anyone sees it.
"""

from __future__ import annotations

import re
from importlib.resources import files

import pytest

from prioritise.text import CATALOGUES, LANGUAGES, LOCALES, Message, render
from prioritise.text.catalogue import COUNT

ALL_IDS = sorted(CATALOGUES.ids())

# Words that are the same in Spanish and English: proper nouns, acronyms, method names, units.
# A Spanish text identical to the English one must consist of these only.
SAME_IN_BOTH = frozenset(
    {"TOPSIS", "PROMETHEE", "II", "CORFO", "AHP", "Kendall", "W", "LQ", "Gini", "HHI"}
    | {"USD", "CLP", "PEN", "EUR", "CSV", "JSON", "TOML", "Excel", "Markdown", "PDF", "QR"}
    | {"prioritise", "Transforma", "HiGHS", "CBC", "PuLP", "s", "min", "h", "Total", "total"}
)
# English words that never occur in Spanish text: one of them in a Spanish message means an
# untranslated or half-translated sentence.
ENGLISH_ONLY = frozenset(
    [
        "the",
        "and",
        "of",
        "with",
        "which",
        "this",
        "that",
        "these",
        "those",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "not",
        "than",
        "by",
        "for",
        "from",
        "into",
        "your",
        "you",
        "it",
        "its",
        "there",
        "their",
        "they",
        "should",
        "would",
        "could",
        "cannot",
        "have",
    ]
)
PLACEHOLDER = re.compile(r"\{[^{}]*\}")
WORD = re.compile(r"[^\W\d_]+")


def texts(message_id: str, lang: str) -> tuple[str, ...]:
    domain = message_id.split(".", 1)[0]
    return CATALOGUES.entries(lang, domain)[message_id].forms


def words(text: str) -> list[str]:
    return WORD.findall(PLACEHOLDER.sub(" ", text))


def test_there_are_catalogues() -> None:
    assert {"common", "ui"} <= CATALOGUES.domains()
    assert len(ALL_IDS) > 50


def test_every_domain_has_a_file_in_every_language() -> None:
    root = files("prioritise.text") / "locales"
    for lang in LANGUAGES:
        present = {p.name for p in (root / lang / "LC_MESSAGES").iterdir()}
        assert present == {f"{domain}.po" for domain in CATALOGUES.domains()}, lang


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("domain", sorted(CATALOGUES.domains()))
def test_file_header_and_no_duplicate_ids(lang: str, domain: str) -> None:
    path = files("prioritise.text") / "locales" / lang / "LC_MESSAGES" / f"{domain}.po"
    raw = path.read_text(encoding="utf-8")
    assert f'"Language: {LOCALES[lang]}\\n"' in raw
    assert '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"' in raw
    assert '"Content-Type: text/plain; charset=UTF-8\\n"' in raw
    ids = re.findall(r'^msgid "(.+)"$', raw, flags=re.MULTILINE)
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    assert not duplicates, f"{lang}/{domain}.po repeats {duplicates}"


@pytest.mark.parametrize("message_id", ALL_IDS)
def test_message_in_both_languages(message_id: str) -> None:
    """Present in both, same placeholders, renders with dummy values, no English in Spanish."""
    entries = {lang: CATALOGUES.entry(message_id, lang) for lang in LANGUAGES}
    assert entries["es"].plural == entries["en"].plural, "plural in one language only"
    assert entries["es"].parameters == entries["en"].parameters, "placeholders differ"

    dummies = {name: f"<{name}>" for name in entries["en"].parameters - {COUNT}}
    counts = (1, 3) if entries["en"].plural else (None,)
    for count in counts:
        params = dummies if count is None else {**dummies, COUNT: count}
        for lang in LANGUAGES:
            rendered = render(Message(message_id, params), lang)
            assert rendered.strip(), f"empty {lang} text"
            assert rendered == rendered.strip(), f"{lang} text has stray spaces"

    for es_text, en_text in zip(texts(message_id, "es"), texts(message_id, "en"), strict=True):
        if es_text == en_text:
            foreign = [w for w in words(es_text) if w not in SAME_IN_BOTH]
            assert not foreign, f"Spanish text is the English one: {es_text!r}"
        english = [w for w in words(es_text) if w.lower() in ENGLISH_ONLY]
        assert not english, f"English words {english} in Spanish text {es_text!r}"


def test_the_helix_group_is_translated_one_way() -> None:
    """The glossary's term: civil society / sociedad civil, in both languages alike."""
    assert render(Message("common.group.civil"), "en") == "civil society"
    assert render(Message("common.group.civil"), "es") == "sociedad civil"


SHEET_IDS = [  # the names of workbook sheets (scenario.sheet.* are messages about sheets)
    i for i in ALL_IDS if re.search(r"\.sheet(\.|$)", i) and not i.startswith("scenario.sheet.")
]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_workbook_sheet_name_fits_excels_31_characters(lang: str) -> None:
    """A longer name is cut by the workbook ("Sensibilidad de las ponderacion")."""
    assert len(SHEET_IDS) >= 10
    long = {}
    for message_id in SHEET_IDS:
        entry = CATALOGUES.entry(message_id, lang)
        if any(entry.form_parameters):  # a name made with parameters is checked where made
            continue
        text = render(Message(message_id), lang)
        if len(text) > 31:
            long[message_id] = text
    assert not long


def test_spanish_uses_the_glossarys_word_for_enabling_areas() -> None:
    """"ámbito habilitante" (the glossary), never "área habilitante", in every Spanish text."""
    texts = {i: " ".join(CATALOGUES.entry(i, "es").forms) for i in ALL_IDS}
    found = [i for i, text in texts.items() if re.search(r"áreas? habilitantes?", text, re.I)]
    assert not found


def test_spanish_percentages_keep_their_sign_on_the_same_line() -> None:
    """Every "90 %" is written with a no-break space, as `text.format` writes each Spanish
    percentage: a plain space lets the sign wrap onto a line of its own."""
    texts = {i: " ".join(CATALOGUES.entry(i, "es").forms) for i in ALL_IDS}
    plain = [i for i, text in texts.items() if re.search(r"\d %", text)]
    assert not plain
    assert any("\u00a0%" in text for text in texts.values())
