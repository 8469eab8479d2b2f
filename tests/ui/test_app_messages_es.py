"""The Spanish interface shows the library's problems in Spanish."""

from __future__ import annotations

from tests.ui.apptools import ROOT, assert_clean, start

TUTORIAL = ROOT / "scenarios" / "tutorial.toml"
BROKEN = TUTORIAL.read_text(encoding="utf-8").replace("total = 30.0", 'total = "thirty"')
LINE = BROKEN.split("\n").index('total = "thirty"') + 1


def test_a_broken_upload_in_spanish_shows_spanish_problems() -> None:
    at = start("chile_transforma_2017", "es")
    before = at.session_state["scenario_text"]
    at.file_uploader[0].set_value(("broken.toml", BROKEN.encode(), "application/toml")).run()
    assert_clean(at)
    message = "\n".join(e.value for e in at.error)
    assert f"`budget.total` (línea {LINE}): debe ser un número (se recibió 'thirty')" in message
    assert "must be a number" not in message
    assert "el escenario sigue como estaba" in message
    assert at.session_state["scenario_text"] == before


def test_a_broken_upload_in_english_keeps_the_english_problems() -> None:
    at = start("chile_transforma_2017", "en")
    at.file_uploader[0].set_value(("broken.toml", BROKEN.encode(), "application/toml")).run()
    message = "\n".join(e.value for e in at.error)
    assert f"`budget.total` (line {LINE}): must be a number (got 'thirty')" in message


def test_the_scenario_page_describes_the_scenario_in_the_readers_language() -> None:
    spanish = start("chile_transforma_2017", "es")
    shown = "\n".join(m.value for m in spanish.markdown)
    assert "Estrategia Transforma de CORFO" in shown, shown
    assert "CORFO's Transforma strategy" not in shown
    english = start("chile_transforma_2017", "en")
    shown = "\n".join(m.value for m in english.markdown)
    assert "CORFO's Transforma strategy" in shown, shown
    assert "Estrategia Transforma" not in shown


def test_a_problem_met_in_many_places_of_an_upload_is_said_once_with_their_count() -> None:
    text = (ROOT / "scenarios" / "chile_transforma_2017.toml").read_text(encoding="utf-8")
    twice = text.replace('id = "tarapaca"', 'id = "arica"').encode()
    at = start("chile_transforma_2017", "es")
    at.file_uploader[0].set_value(("dos.toml", twice, "application/toml")).run()
    assert_clean(at)
    message = "\n".join(e.value for e in at.error)
    rows = text.split("\n")  # the first place: mining's row of the specialisation table
    header = rows.index("[tables.specialisation]")
    line = next(n for n, row in enumerate(rows[header:], header + 1) if row.startswith("mining"))
    assert f"(línea {line}; y 16 lugares más): región desconocida 'tarapaca'" in message
    assert message.count("tarapaca'") == 1
