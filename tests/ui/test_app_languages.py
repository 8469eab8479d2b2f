"""Every page in both languages: no English on a Spanish page and no Spanish on an English
one, and numbers written the language's way ("24,2 %", "175,0 MM USD" / "24.2%", "175.0 M USD").
"""

from __future__ import annotations

import io
import json
import re
import time

import pandas as pd
import pyarrow as pa
import pytest
from streamlit.testing.v1 import AppTest

from prioritise import scenario as scenario_io
from prioritise.ui.pages import PAGES
from prioritise.workshop import WorkshopStore
from tests.ui.apptools import ROOT, SHIPPED, assert_clean, go, start

TUTORIAL = (ROOT / "scenarios" / "tutorial.toml").read_text(encoding="utf-8")
ANALYSIS_PAGES = [p.name for p in PAGES if not p.name.startswith("workshop_")]

# Words that give a sentence away as English or as Spanish (whole words, lower case).
ENGLISH = frozenset(
    ["the", "and", "with", "which", "this", "that", "these", "those", "is", "are", "was", "were", "been", "not", "than", "by", "from", "into", "your", "you", "its", "there", "their", "they", "should", "would", "could", "cannot", "have", "budget", "weight", "weights", "region", "regions", "programme", "programmes", "stakeholder", "stakeholders", "share"]
)
SPANISH = frozenset(
    ["el", "los", "las", "del", "una", "con", "para", "por", "presupuesto", "región", "regiones", "programa", "programas", "actores", "ponderación", "ponderaciones", "según", "cada", "sin"]
)
WORD = re.compile(r"[^\W\d_]+")
# "24.2 %", "24,2%" (Spanish needs the comma and the space), "35.00" (a dot before decimals).
SPANISH_BAD_NUMBER = re.compile(r"\d\.\d+\s?%|\d,\d+%|(?<![\d.])\d{1,3}\.\d{1,2}(?![\d.])")
ENGLISH_BAD_NUMBER = re.compile(r"\d,\d{1,2}(?!\d)\s?%|\d\s%|\d+,\d+ M\b|\bMM USD\b")
CODE = re.compile(r"`[^`]*`|\(https?://[^)]*\)|https?://\S+")


def _display_values(element: object) -> list[str]:
    """What a table shows: its Styler's written values where it has them, else its data."""
    proto = getattr(element, "proto", None)
    styler = getattr(getattr(proto, "arrow_data", None), "styler", None)
    shown = getattr(styler, "display_values", b"")
    frame = element.value  # type: ignore[attr-defined]
    config = json.loads(getattr(proto, "columns", "") or "{}")
    labels = {name: (settings or {}).get("label") for name, settings in config.items()}
    values: list[str] = [str(labels.get(str(c)) or c) for c in frame.columns]
    if isinstance(frame.index, pd.Index) and frame.index.dtype == object:
        values += [str(i) for i in frame.index]
    if shown:
        table = pa.ipc.open_stream(io.BytesIO(shown)).read_all().to_pandas()
        values += [str(v) for v in table.to_numpy().ravel() if isinstance(v, str)]
    else:
        values += [str(v) for v in frame.to_numpy().ravel() if isinstance(v, str)]
    return values


def unformatted_decimals(at: AppTest) -> list[str]:
    """Columns of decimals that a table would show as raw numbers ("35.0" in any language)."""
    found = []
    for element in at.dataframe:
        frame = element.value
        styler = element.proto.arrow_data.styler
        if styler.display_values:
            continue
        for column in frame.columns:
            series = frame[column]
            if pd.api.types.is_float_dtype(series) and not (series.dropna() % 1 == 0).all():
                found.append(str(column))
    return found


def rendered_texts(at: AppTest) -> list[str]:
    """Every text a reader sees on the page: prose, labels, metrics and table cells."""
    texts: list[str] = []
    for kind in ("markdown", "caption", "title", "header", "subheader"):
        texts += [str(e.value) for e in getattr(at, kind)]
    for kind in ("info", "warning", "error", "success"):
        texts += [str(e.value) for e in getattr(at, kind)]
    for metric in at.metric:
        texts += [str(metric.label), str(metric.value)]
    for kind in ("button", "selectbox", "radio", "slider", "number_input", "text_input"):
        texts += [str(e.label) for e in getattr(at, kind)]
    for element in at.dataframe:
        texts += _display_values(element)
    return [CODE.sub(" ", text) for text in texts]


def words_of(texts: list[str], vocabulary: frozenset[str]) -> list[str]:
    return sorted({w for text in texts for w in WORD.findall(text) if w.lower() in vocabulary})


def file_texts(scenario: str) -> list[str]:
    """Texts the scenario file gives in one language only (descriptions, source titles and
    notes): the file's author's words, not the app's."""
    loaded = scenario_io.load(ROOT / "scenarios" / f"{scenario}.toml")
    found = [loaded.scenario.description]
    for pool in (loaded.programmes, loaded.regions, loaded.criteria, loaded.enabling_areas):
        found += [str(getattr(item, "description", "") or "") for item in pool]
    for pool in (loaded.programmes, loaded.regions, loaded.criteria, loaded.enabling_areas):
        found += [name for item in pool for name in item.names.values()]  # proper nouns
    for item in loaded.initiatives:  # proposals, named as their proposers name them
        found += [item.name, *item.names.values()]
    for person in loaded.stakeholders:  # people and organisations, as they wrote themselves
        found += [person.name, person.organisation]
    for source in loaded.sources:  # a note may quote an English title, even in Spanish
        found += [source.title or "", source.note or "", *source.notes.values()]
    for table in loaded.tables.values():  # a table's note and unit, as the file gives them
        for key in ("note", "unit"):
            texts = table.get(f"{key}s")
            more = texts.values() if isinstance(texts, dict) else ()
            found += [str(table.get(key) or ""), *more]
    return sorted((text for text in found if text), key=len, reverse=True)


def check_language(at: AppTest, lang: str, where: str, scenario: str = "tutorial") -> None:
    texts = rendered_texts(at)
    for own in file_texts(scenario):
        texts = [text.replace(own, " ") for text in texts]
    assert texts, where
    if lang == "es":
        assert not words_of(texts, ENGLISH), (where, words_of(texts, ENGLISH))
        bad = [t for t in texts if SPANISH_BAD_NUMBER.search(t)]
    else:
        assert not words_of(texts, SPANISH), (where, words_of(texts, SPANISH))
        bad = [t for t in texts if ENGLISH_BAD_NUMBER.search(t)]
    assert not bad, (where, bad[:5])


@pytest.mark.parametrize("lang", ["es", "en"])
@pytest.mark.parametrize("scenario", SHIPPED)
def test_every_page_speaks_one_language(scenario: str, lang: str) -> None:
    at = start(scenario, lang)
    for page in ANALYSIS_PAGES:
        at = go(at, page)
        assert_clean(at)
        check_language(at, lang, f"{scenario}/{page}", scenario)


def test_english_optimiser_sentences_write_percent_the_english_way() -> None:
    at = go(start("tutorial", "en"), "portfolio")
    check_language(at, "en", "portfolio")


def test_spanish_tables_write_their_numbers() -> None:
    at = start("chile_transforma_2017", "es")
    for page in ("scenario", "priorities", "portfolio", "compare"):
        at = go(at, page)
        assert not unformatted_decimals(at), (page, unformatted_decimals(at))
        check_language(at, "es", page, "chile_transforma_2017")


def test_spanish_portfolio_money_and_percentages() -> None:
    at = go(start("chile_transforma_2017", "es"), "portfolio")
    texts = rendered_texts(at)
    assert any(re.search(r"\d+,\d MM USD", t) for t in texts)
    assert any(re.search(r"\d+,\d\u00a0%", t) for t in texts)
    at = go(start("chile_transforma_2017", "en"), "portfolio")
    texts = rendered_texts(at)
    assert any(re.search(r"\d+\.\d M USD", t) for t in texts)


# ---------------------------------------------------------------- the live workshop


def _answer(growth: float) -> dict:
    return {
        "criteria": {"growth": growth, "exports": 30.0, "jobs": 20.0},
        "enabling_areas": {"rd": 60.0, "human_capital": 40.0},
        "regional_criteria": {"specialisation": 50.0, "lagging": 50.0},
    }


@pytest.mark.parametrize("lang", ["es", "en"])
def test_workshop_dashboard_and_participant_view_speak_one_language(
    store: WorkshopStore, lang: str
) -> None:
    _, code, secret = store.create_workshop("Taller", TUTORIAL)
    tokens = []
    people = (("Ana", "public", 60.0), ("Bo", "private", 10.0), ("Cy", "private", 30.0))
    for name, group, growth in people:  # three: results show from k = 3 answers
        _, token = store.join(code, name, "", group)
        store.submit(code, token, _answer(growth))
        tokens.append(token)
    at = start("tutorial", lang)
    at.session_state["wf_code"] = code
    at.session_state["wf_secret"] = secret
    at = go(at, "workshop_facilitator")
    assert_clean(at)
    deadline = time.monotonic() + 30
    while len(at.dataframe) < 3:
        assert time.monotonic() < deadline, "the portfolio never appeared"
        time.sleep(0.3)
        at.run()
    check_language(at, lang, "dashboard")
    assert not unformatted_decimals(at)
    if lang == "es":
        shown = rendered_texts(at)
        assert any(re.fullmatch(r"\d+,\d\u00a0%", t) for t in shown), shown
        assert not any("UTC" in t for t in shown)
    view = start(join=code, me=tokens[0], lang=lang)
    assert_clean(view)
    check_language(view, lang, "participant")
    assert not unformatted_decimals(view)
