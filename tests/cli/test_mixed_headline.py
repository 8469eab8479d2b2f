"""`optimise`'s first figures for a scenario with initiatives: the split gets only the lines'
part of the budget, so its headline names the whole budget and the part set aside for
initiatives before it, in both languages, with the figures of the JSON. A scenario without
initiatives keeps the plain headline."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from prioritise.cli import main
from prioritise.text import Money, t

ROOT = Path(__file__).parents[2]
MIXED = ROOT / "scenarios" / "chile_transforma_initiatives_2017.toml"
PLAIN = ROOT / "scenarios" / "chile_transforma_2017.toml"
NUM = r"\d+(?:[.,]\d+)?"
WORDS = {
    "es": (
        rf"Presupuesto total ({NUM}) MM USD: ({NUM}) MM USD para líneas y ({NUM}) MM USD "
        rf"reservados para iniciativas .*Líneas: gastado ({NUM}) MM USD; (\d+) líneas financiadas"
    ),
    "en": (
        rf"Whole budget ({NUM}) M USD: ({NUM}) M USD for lines and ({NUM}) M USD set aside for "
        rf"initiatives .*Lines: spent ({NUM}) M USD; (\d+) funded lines"
    ),
}


def number(text: str) -> float:
    return float(text.replace(",", "."))


def run(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    main(["--lang", args[0], "optimise", *args[1:], "--price-seconds", "0"])
    return capsys.readouterr().out


@pytest.mark.parametrize("lang", ["es", "en"])
def test_the_headline_of_a_scenario_with_initiatives_names_the_whole_budget_first(
    capsys: pytest.CaptureFixture[str], lang: str
) -> None:
    found = json.loads(run(capsys, lang, str(MIXED), "--json"))
    text = run(capsys, lang, str(MIXED))
    headline = text.splitlines()[3]
    match = re.fullmatch(WORDS[lang], headline)
    assert match, headline
    whole, lines_part, reserved, spent, lines = match.groups()
    assert number(whole) == pytest.approx(found["with_initiatives"]["budget"], abs=0.0501)
    assert number(lines_part) == pytest.approx(found["budget"], abs=0.0501)
    part = found["with_initiatives"]["budget"] - found["budget"]
    assert number(reserved) == pytest.approx(part, abs=0.0501)
    assert part > 0
    assert number(spent) == pytest.approx(sum(r["amount"] for r in found["allocation"]), abs=0.0501)
    assert int(lines) == found["lines"]
    # the initiatives the headline points to are there, under that word
    assert re.search(r"^(Iniciativas|Initiatives): ", text, re.MULTILINE)
    # the tables that follow say whose money they count
    note = t("cli.optimise.lines_tables", lang, budget=Money(found["budget"], 1e6, "USD", 2))
    assert note in text.splitlines()
    # the share rules are shares of the lines' part, and say so
    words = {"es": "del presupuesto para líneas", "en": "of the budget for lines"}[lang]
    shares = [c for c in found["constraints"] if c["kind"] in ("programme_share", "region_share")]
    assert shares and all(words in c["sentence"] for c in shares)


@pytest.mark.parametrize("lang", ["es", "en"])
def test_a_scenario_without_initiatives_keeps_the_plain_headline(
    capsys: pytest.CaptureFixture[str], lang: str
) -> None:
    found = json.loads(run(capsys, lang, str(PLAIN), "--json"))
    text = run(capsys, lang, str(PLAIN))
    headline = text.splitlines()[3]
    assert headline.startswith(
        {"es": "Presupuesto 175,0 MM USD;", "en": "Budget 175.0 M USD;"}[lang]
    )
    assert not re.search(r"total|Whole|iniciativas|initiatives", headline)
    budget = Money(found["budget"], 1e6, "USD", 1)
    assert t("cli.optimise.lines_tables", lang, budget=budget) not in text
    words = {"es": "para líneas", "en": "for lines"}[lang]
    assert not any(words in c["sentence"] for c in found["constraints"])


@pytest.mark.parametrize("lang", ["es", "en"])
def test_every_figure_of_the_whole_budget_is_written_alike(
    capsys: pytest.CaptureFixture[str], lang: str
) -> None:
    """The headline's whole budget, the together section's and the initiatives' part are
    each written one way in one output: 175,00 and 43,75 everywhere, never 175,0 or 43,8."""
    out = run(capsys, lang, str(MIXED))
    whole, reserved = ("175,00", "43,75") if lang == "es" else ("175.00", "43.75")
    short = ("175,0 ", "43,8 ") if lang == "es" else ("175.0 ", "43.8 ")
    assert out.count(f"{whole} M") >= 2 and out.count(f"{reserved} M") >= 2
    assert not any(figure in out for figure in short), out
