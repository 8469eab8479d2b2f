"""The command line's lists of binding rules and of where money comes from: headed by the order
they are in, and cut short with a pointer to where the rest is."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from prioritise.cli import main
from prioritise.cli.text import TOP_LINES

CHILE = str(Path(__file__).resolve().parents[2] / "scenarios" / "chile_transforma_2017.toml")


def _optimise(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    assert main(["optimise", CHILE, *argv]) == 0
    return capsys.readouterr().out


def _binding_count(text: str, heading: str) -> int:
    found = re.search(rf"^{re.escape(heading)} \((\d+)\)", text, re.MULTILINE)
    assert found is not None, text
    return int(found.group(1))


def test_rules_not_priced_are_not_said_to_be_costliest_first(
    capsys: pytest.CaptureFixture[str],
) -> None:
    text = _optimise(capsys, "--lang", "en", "--price-seconds", "0")
    assert "costliest first" not in text
    count = _binding_count(text, "Binding rules")
    assert (
        f"Binding rules ({count}), highest price per unit first (not priced by solving again: "
        "each figure is a rate at the margin, which a whole step may not reach):" in text
    )
    assert "at the margin, as much as" in text  # and each sentence says so
    spanish = _optimise(capsys, "--lang", "es", "--price-seconds", "0")
    assert "de mayor a menor precio por unidad (sin valorar resolviendo de nuevo: " in spanish
    assert "al margen, lo mismo que" in spanish
    assert "más costosa" not in spanish


def test_priced_rules_are_costliest_first_and_the_rest_is_in_json_or_a_report(
    capsys: pytest.CaptureFixture[str],
) -> None:
    text = _optimise(capsys, "--lang", "es")
    count = _binding_count(text, "Restricciones activas")
    assert count > TOP_LINES  # the list is cut short on the default scenario
    assert f"Restricciones activas ({count}), de la más costosa a la menos costosa:" in text
    assert f"… y {count - TOP_LINES} más (vea --json o --out)" in text


@pytest.mark.parametrize(("suffix", "in_report"), [(".md", True), (".xlsx", True), (".csv", False)])
def test_a_report_that_lists_every_rule_is_where_the_rest_is(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, suffix: str, in_report: bool
) -> None:
    """A CSV holds the split alone: the rest of the rules are then still in --json or --out."""
    out = tmp_path / f"report{suffix}"
    text = _optimise(
        capsys,
        "--lang",
        "en",
        "--price-seconds",
        "0",
        "--sensitivity-seconds",
        "0",
        "--out",
        str(out),
    )
    count = _binding_count(text, "Binding rules")
    assert (f"… and {count - TOP_LINES} more, in the report" in text) is in_report
    assert ("(see --json or --out)" in text) is not in_report
    if suffix == ".md":
        report = out.read_text(encoding="utf-8")
        cut = text.split("Binding rules")[1].split("\n\n")[0]
        shown = [line[4:] for line in cut.splitlines() if line.startswith("  - ")]
        assert len(shown) == TOP_LINES and all(sentence in report for sentence in shown)
