"""A robustness analysis, read in Spanish and in English."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from prioritise.robustness import RobustnessError, RobustnessResult, run_robustness
from prioritise.scenario import load
from prioritise.scenario.schema import Scenario
from prioritise.text import LocalizedError
from tests.allocate.language_checks import check_language

CHILE = Path(__file__).resolve().parents[2] / "scenarios" / "chile_transforma_2017.toml"


@pytest.fixture(scope="module")
def chile() -> Scenario:
    return load(CHILE)


@pytest.fixture(scope="module")
def result(chile: Scenario) -> RobustnessResult:
    return run_robustness(chile, draws=12, seed=3, workers=1, compromise=False)


@pytest.mark.parametrize("lang", ["es", "en"])
def test_the_summary_reads_in_one_language(
    chile: Scenario, result: RobustnessResult, lang: str
) -> None:
    text = result.format_text(lang=lang, limit=3)
    check_language(text, lang, chile)
    if lang == "es":
        assert text.startswith("Robustez: 12 sorteos") and "MM USD" in text
        assert "… y " in text  # more lines than shown
    else:
        assert text.startswith("Robustness: 12 draws") and " M USD" in text
        assert "… and " in text
    for note in result.notes_in(lang):
        check_language(note, lang, chile)


JARGON = re.compile(
    r"\bP[159]0\b|Dirichlet|percentil|simplex|símplex|muestreo|sampling|minimax|relaxation|"
    r"relajación lineal|aceptabilidad|acceptability",
    re.IGNORECASE,
)
"""A statistician's words: the room reads plain ones ("in 8 of 10 draws", "typical")."""
PLAIN = {
    "es": ("en 8 de cada 10 sorteos", "típico", "lugar 1"),
    "en": ("in 8 of 10 draws", "typically", "rank 1"),
}


@pytest.mark.parametrize("lang", ["es", "en"])
def test_the_summary_says_the_ranges_in_plain_words(
    chile: Scenario, result: RobustnessResult, lang: str
) -> None:
    text = result.format_text(lang=lang, limit=3)
    assert JARGON.findall(text) == []
    for words in PLAIN[lang]:
        assert words in text
    unit = "MM USD" if lang == "es" else " M USD"
    for region in chile.regions:  # from, up to, typical and the group split: each with its unit
        line = next(row for row in text.splitlines() if row.startswith(f"  {region.names[lang]} "))
        same = {"es": "en al menos 8 de cada 10 sorteos", "en": "in at least 8 of 10 draws"}
        # one amount in 8 draws of 10 (a floor held): it and the group's; else all four
        assert line.count(unit) == (2 if same[lang] in line else 4), line
    head = text.splitlines()[0]
    if lang == "es":
        assert "ponderaciones en torno a las del grupo" in head
    else:
        assert "weights around the group's" in head


def test_json_notes_follow_the_language(result: RobustnessResult) -> None:
    spanish, english = result.to_json("es"), result.to_json("en")
    assert set(spanish) == set(english)
    assert spanish["notes"] == result.notes_in("es") and english["notes"] == result.notes_in("en")
    assert result.to_json()["notes"] == spanish["notes"]  # Chile's scenario speaks Spanish
    json.dumps(english, allow_nan=False)


def test_errors_are_localized(chile: Scenario) -> None:
    with pytest.raises(RobustnessError) as caught:
        run_robustness(chile, draws=0)
    assert isinstance(caught.value, LocalizedError) and isinstance(caught.value, ValueError)
    assert caught.value.text("es").startswith("El número de sorteos debe ser un entero")


@pytest.mark.parametrize("lang", ["es", "en"])
def test_stakeholders_are_named_in_the_readers_language(
    chile: Scenario, result: RobustnessResult, lang: str
) -> None:
    """The regrets name stakeholders: as the file names them in the reader's language."""
    other = "en" if lang == "es" else "es"
    for person in chile.stakeholders:
        assert result.name(person.id, lang) == person.names[lang] != person.names[other]


@pytest.mark.parametrize("lang", ["es", "en"])
def test_each_list_is_in_the_order_its_heading_says(result: RobustnessResult, lang: str) -> None:
    """The robust core reads largest typical amount first, the contested lines most often
    funded first, as their headings say (each row leads with its share of draws)."""
    text = result.format_text(lang=lang, limit=50).splitlines()
    words = {
        "es": ("de mayor a menor monto típico", "de la que más se financia a la que menos"),
        "en": ("largest typical amount first", "most often funded first"),
    }[lang]
    number = r"(\d+(?:[.,]\d+)?)"
    for heading, column in zip(words, ("amount", "share"), strict=True):
        start = next(i for i, line in enumerate(text) if heading in line)
        rows = []
        for line in text[start + 1 :]:
            found = re.match(rf"\s+{number}[ \u00a0]?%\s.*?{number} M{{1,2}} USD$", line)
            if not found:
                break
            share, amount = (float(g.replace(",", ".")) for g in found.groups())
            rows.append(amount if column == "amount" else share)
        assert len(rows) >= 2, heading
        assert rows == sorted(rows, reverse=True), (heading, rows)


@pytest.mark.parametrize(
    ("lang", "held"),
    [
        ("es", "Arica y Parinacota {pad}2,63 MM USD en al menos 8 de cada 10 sorteos; grupo 2,63"),
        ("en", "Arica y Parinacota {pad}2.63 M USD in at least 8 of 10 draws; group 2.63"),
    ],
)
def test_a_region_held_at_its_floor_reads_as_one_amount(
    result: RobustnessResult, lang: str, held: str
) -> None:
    """A region at its floor in every draw gets 2,625 in each, up to float noise: one amount,
    not 'between 2,62 and 2,63; typical 2,63; group 2,62'."""
    text = result.format_text(lang=lang)
    row = next(line for line in text.splitlines() if "Arica" in line and "USD" in line)
    assert re.sub(r"\s+", " ", row.strip()).startswith(held.replace("{pad}", "")), row
    assert "2,62" not in row and "2.62" not in row


@pytest.mark.parametrize(("lang", "said"), [("es", "típicamente 158,"), ("en", "typically 158,")])
def test_the_typical_number_of_lines_is_a_whole_number(lang: str, said: str) -> None:
    """An even number of draws may put the median between two counts (157.5): a count of
    lines is said whole."""
    from types import SimpleNamespace

    from prioritise.robustness.analysis import _notes

    prepared = SimpleNamespace(problem=SimpleNamespace(start=SimpleNamespace(integer=False)))
    lines = {"median": 157.5, "max": 163.0, "cap": 150.0, "over_cap": 40.0}
    notes = _notes(prepared, SimpleNamespace(degenerate=False), lines, 40)  # type: ignore[arg-type]
    (note,) = notes
    assert said in note.text(lang) and "157,5" not in note.text(lang)
    assert "157.5" not in note.text(lang)


@pytest.mark.parametrize(
    ("kept", "said"),
    [
        (0, "No stakeholder gave weights, so there is no disagreement to draw from"),
        (1, "Only one stakeholder gave weights, so there is nobody to disagree with"),
    ],
)
def test_draws_without_disagreement_say_why(chile: Scenario, kept: int, said: str) -> None:
    """Not "the stakeholders agree on every weight" when there are none, or only one."""
    panel = chile.model_copy(update={"stakeholders": chile.stakeholders[:kept]})
    text = run_robustness(panel, draws=2, seed=1, workers=1, compromise=False).format_text(
        lang="en"
    )
    assert said in text and "stakeholders agree" not in text  # nor "none: the stakeholders agree"
    assert "none: every draw is the group's weights" in text
    several = run_robustness(chile, draws=2, seed=1, workers=1, compromise=False)
    assert "there is no disagreement" not in several.format_text(lang="en")


def _relaxed_note(over: int, draws: int, lang: str) -> str:
    """The note on relaxed draws, `over` of `draws` past a limit of 150 lines."""
    from types import SimpleNamespace

    from prioritise.robustness.analysis import _notes

    prepared = SimpleNamespace(problem=SimpleNamespace(start=SimpleNamespace(integer=False)))
    lines = {"median": 157.0, "max": 169.0, "cap": 150.0, "over_cap": float(over)}
    notes = _notes(prepared, SimpleNamespace(degenerate=False), lines, draws)  # type: ignore[arg-type]
    (note,) = notes
    return note.text(lang)


@pytest.mark.parametrize(
    ("over", "draws", "lang", "said"),
    [
        (40, 40, "es", "como máximo 169; los 40 sorteos financian más que el límite de 150."),
        (40, 40, "en", "at most 169; all 40 draws fund more than the limit of 150."),
        (1, 1, "es", "como máximo 169; el único sorteo financia más que el límite de 150."),
        (1, 1, "en", "at most 169; the one draw funds more than the limit of 150."),
        (1, 40, "es", "como máximo 169; 1 sorteo financia más que el límite de 150."),
        (1, 40, "en", "at most 169; 1 draw funds more than the limit of 150."),
        (12, 40, "es", "como máximo 169; 12 sorteos financian más que el límite de 150."),
        (12, 40, "en", "at most 169; 12 draws fund more than the limit of 150."),
    ],
)
def test_the_draws_past_the_limit_of_lines_are_counted_in_words(
    over: int, draws: int, lang: str, said: str
) -> None:
    """'all 40 draws' when every draw is past the limit, one draw in the singular, never
    '1 draws fund' nor '40 draws fund' for all 40 of 40."""
    assert said in _relaxed_note(over, draws, lang)


@pytest.mark.parametrize("lang", ["es", "en"])
def test_no_draw_past_the_limit_is_not_said_to_spread_money_past_it(lang: str) -> None:
    text = _relaxed_note(0, 40, lang)
    assert ("límite de 150" not in text) and ("limit of 150" not in text)
    assert "0 " not in text
    assert ("típicamente 157, como máximo 169." in text) or ("typically 157, at most 169." in text)


EMPTY = {
    "es": (
        "Núcleo robusto: ninguna línea se financia en al menos el 90\u00a0% de los sorteos.",
        "En disputa: ninguna línea se financia entre el 10\u00a0% y el 90\u00a0% de los sorteos.",
    ),
    "en": (
        "Robust core: no line is funded in at least 90% of draws.",
        "Contested: no line is funded in 10% to 90% of draws.",
    ),
}


@pytest.mark.parametrize("lang", ["es", "en"])
@pytest.mark.parametrize("empty", ["core", "contested"])
def test_an_empty_list_of_lines_is_one_sentence_without_a_heading(
    result: RobustnessResult, lang: str, empty: str
) -> None:
    """No line in the robust core (any weights at all) or none contested (a single draw):
    one sentence saying so, then the next part, not a heading with nothing under it."""
    from dataclasses import replace

    cells = result.cells.copy()
    other = "contested" if empty == "core" else "core"
    cells.loc[cells["class"] == empty, "class"] = other
    text = replace(result, cells=cells).format_text(lang=lang, limit=3).splitlines()
    sentence = EMPTY[lang][0 if empty == "core" else 1]
    at = text.index(sentence)
    assert text[at + 1] == ""  # no rows under it
    heading = ("Núcleo robusto", "Robust core") if empty == "core" else ("En disputa", "Contested")
    assert [line for line in text if line.startswith(heading)] == [sentence]
    kept = EMPTY[lang][1 if empty == "core" else 0]
    assert kept not in text  # the other list still has its heading and rows


@pytest.mark.parametrize(
    ("lang", "several"),
    [
        (
            "es",
            "dentro del optimizador {time} (sumado sobre los procesos, que resuelven en paralelo)",
        ),
        ("en", "inside the solver {time} (added over the workers, who solve side by side)"),
    ],
)
def test_the_solver_time_is_added_over_workers_only_when_there_are_several(
    result: RobustnessResult, lang: str, several: str
) -> None:
    from dataclasses import replace

    from prioritise.text import duration

    inside = several.replace("{time}", duration(result.seconds["solver"], lang))
    alone = inside.split(" (")[0]
    one = replace(result, workers=1).format_text(lang=lang).splitlines()[-1]
    two = replace(result, workers=2).format_text(lang=lang).splitlines()[-1]
    assert inside in two
    assert alone in one and inside not in one and "(" not in one


@pytest.mark.parametrize(
    ("lang", "share"), [("es", "en el 2,5\u00a0% de los"), ("en", "in 2.5% of")]
)
def test_every_share_of_draws_is_written_to_one_decimal(
    result: RobustnessResult, lang: str, share: str
) -> None:
    """1 draw in 40 is 2,5 % of the draws, not 3 % beside the lines' 97,5 %: shares of draws
    (lines, regions, ranks) all take one decimal."""
    from dataclasses import replace

    regions = result.regions.copy()
    regions.iloc[0, regions.columns.get_loc("p_population_share")] = 1 / 40
    text = replace(result, regions=regions).format_text(lang=lang)
    first = result.name(str(regions.index[0]), lang)
    row = next(line for line in text.splitlines() if line.startswith(f"  {first} "))
    assert row.endswith(f"{share} draws" if lang == "en" else f"{share} sorteos")
    rows = "\n".join(line for line in text.splitlines() if line.startswith(" "))  # no headings
    shares = re.findall(r"(\d+(?:[.,]\d+)?)\u00a0?%", rows)  # lines, regions and ranks
    whole = [s for s in shares if not re.fullmatch(r"\d+[.,]\d", s)]
    assert len(shares) > 4 * len(result.regions) and whole == []
