"""Initiatives and pools are named in the language the command speaks, whether it is the
scenario's own or the one `--lang` asks for, in the text, in `score` and in the Markdown
report (which has a section of initiatives when the scenario funds some)."""

from __future__ import annotations

from pathlib import Path

import pytest

from prioritise.cli import main
from prioritise.scenario import load

ROOT = Path(__file__).parents[2]
FILE = str(ROOT / "scenarios" / "chile_transforma_initiatives_2017.toml")


def _names(kind: str, lang: str) -> list[str]:
    scenario = load(FILE)
    items = scenario.initiatives if kind == "initiatives" else scenario.pools
    return [item.names[lang] for item in items if item.names.get(lang)]


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    assert main(list(argv)) in (0, 1)
    return capsys.readouterr().out


@pytest.mark.parametrize(("lang", "other"), [("es", "en"), ("en", "es")])
def test_optimise_names_initiatives_and_pools_in_its_language(
    capsys: pytest.CaptureFixture[str], lang: str, other: str
) -> None:
    out = _run(capsys, "--lang", lang, "optimise", FILE, "--price-seconds", "0")
    for kind in ("initiatives", "pools"):
        own, foreign = _names(kind, lang), _names(kind, other)
        differ = [(a, b) for a, b in zip(own, foreign, strict=True) if a != b]
        assert differ, kind
        assert any(a in out for a, _ in differ), kind
        assert not [b for _, b in differ if b in out], kind


def test_score_names_initiatives_in_its_language(capsys: pytest.CaptureFixture[str]) -> None:
    out = _run(capsys, "score", FILE)  # the file speaks Spanish
    spanish, english = _names("initiatives", "es"), _names("initiatives", "en")
    assert all(name in out for name in spanish)
    assert not [b for a, b in zip(spanish, english, strict=True) if a != b and b in out]


def test_the_markdown_report_has_the_initiatives(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out = tmp_path / "informe.md"
    _run(capsys, "optimise", FILE, "--price-seconds", "0", "--out", str(out))
    text = out.read_text(encoding="utf-8")
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    assert "## Iniciativas" in headings
    assert headings.index("## Iniciativas") > headings.index("## Por programa")
    section = text.split("## Iniciativas", 1)[1].split("\n## ", 1)[0]
    assert all(name in section for name in _names("initiatives", "es"))
    assert "alta_ley_expande" not in section  # names, not ids
    assert "Se financian" in section
