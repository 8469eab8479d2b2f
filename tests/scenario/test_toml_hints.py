"""A file hand-edited as a spreadsheet is written (a decimal comma, a % sign, a lost quote, an
accent saved as Windows-1252) is refused at its line with what to write instead, in the
reader's language."""

from __future__ import annotations

from pathlib import Path

import pytest

from prioritise.scenario import ScenarioError, loads

TUTORIAL = (Path(__file__).parents[2] / "scenarios" / "tutorial.toml").read_text(encoding="utf-8")


def _line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.split("\n"), start=1) if needle in line)


@pytest.mark.parametrize(
    ("before", "after", "english", "spanish"),
    [
        (
            "total = 30.0",
            "total = 30,5",
            "write decimals with a point: 30.5, not 30,5",
            "escriba los decimales con punto: 30.5, no 30,5",
        ),
        (
            "criteria = { growth = 50,",
            "criteria = { growth = 50%,",
            "write numbers without a % sign",
            "escriba los números sin el signo %",
        ),
        (
            'name = "Ministry of Economy"',
            'name = "Ministry of Economy',
            'a text needs its closing quote " on the same line',
            'un texto necesita su comilla de cierre " en la misma línea',
        ),
    ],
)
def test_a_spreadsheet_habit_gets_what_to_write_instead(
    before: str, after: str, english: str, spanish: str
) -> None:
    assert before in TUTORIAL
    text = TUTORIAL.replace(before, after, 1)
    with pytest.raises(ScenarioError) as caught:
        loads(text)
    (problem,) = caught.value.problems
    assert problem.location.startswith(f"line {_line_of(text, after)}, column ")
    assert english in problem.line("en")
    assert spanish in problem.line("es")


def test_an_error_with_no_such_habit_gets_no_hint() -> None:
    text = TUTORIAL.replace("[budget]", "[budget", 1)
    with pytest.raises(ScenarioError) as caught:
        loads(text)
    (problem,) = caught.value.problems
    said = problem.line("en")
    assert "not valid TOML" in said
    assert not any(hint in said for hint in ("decimals", "% sign", "closing quote"))


def test_windows_1252_is_refused_at_its_line_with_how_to_save_it() -> None:
    text = TUTORIAL.replace('name = "Ministry of Economy"', 'name = "Ministerio de Economía"', 1)
    data = text.encode("cp1252", errors="replace")
    first = next(i for i, byte in enumerate(data) if byte >= 0x80)  # cp1252: never UTF-8 alone
    line = data[:first].count(b"\n") + 1
    column = first - (data.rfind(b"\n", 0, first) + 1) + 1
    with pytest.raises(ScenarioError) as caught:
        loads(data)
    (problem,) = caught.value.problems
    assert problem.location == f"line {line}, column {column}"
    assert "save it again as UTF-8" in problem.line("en")
    assert "guárdelo de nuevo como UTF-8" in problem.line("es")


def test_a_line_past_a_thousand_is_given_in_plain_digits_in_both_languages() -> None:
    """An editor's "go to line" takes 1198: never 'línea 1.198' (or 'line 1,198'), which a
    reader could take for line 1, for a syntax error and for a value at its own line alike."""
    padding = "# a comment\n" * 1100
    with pytest.raises(ScenarioError) as caught:
        loads(TUTORIAL.replace("total = 30.0", padding + "total = 30,5", 1))
    (problem,) = caught.value.problems
    line = _line_of(TUTORIAL, "total = 30.0") + 1100
    assert line > 1000
    assert f"line {line}, column" in problem.line("en")
    assert f"línea {line}, columna" in problem.line("es")
    weight = TUTORIAL.replace("growth = 50,", 'growth = "abc",', 1)
    with pytest.raises(ScenarioError) as caught:
        loads(weight.replace("[budget]", padding + "[budget]", 1))
    (problem,) = caught.value.problems
    line = _line_of(weight, 'growth = "abc"') + (
        1100 if weight.index("[budget]") < weight.index('growth = "abc"') else 0
    )
    assert f"(line {line})" in problem.line("en"), problem.line("en")
    assert f"(línea {line})" in problem.line("es"), problem.line("es")


@pytest.mark.parametrize(
    ("before", "after", "said"),
    [
        ('language = "en"', 'langauge = "en"', "scenario (line {line}): unknown key 'langauge'"),
        ("total = 30.0", "totl = 30.0", "budget (line {line}): unknown key 'totl'"),
        (
            'format = "prioritise-scenario/1"',
            'format = "prioritise-scenario/1"\nformt = "x"',
            "(top level) (line {line}): unknown key 'formt'",
        ),
        ("[budget]", "[budgets]", "(top level) (line {line}): unknown key 'budgets'"),
        ('name = "Mining"', 'nmae = "Mining"', 'programmes no. 1 (id = "mining") (line {line})'),
    ],
)
def test_an_unknown_key_is_given_the_line_it_is_written_on(
    before: str, after: str, said: str
) -> None:
    """Said of the section it is in, but at its own line, not the section's header: the
    header's line is for a value left out, which has no line of its own."""
    text = TUTORIAL.replace(before, after, 1)
    line = _line_of(text, after.split("\n")[-1])
    with pytest.raises(ScenarioError) as caught:
        loads(text)
    lines = [problem.line("en") for problem in caught.value.problems]
    assert any(said.format(line=line) in found for found in lines), lines
    unknown = [p for p in caught.value.problems if "unknown key" in p.line("en")]
    assert [p.at_line for p in unknown] == [line]
