"""Spanish renderings of file problems, value-tree notes and trade-off errors, checked on the
messages the library really produces (the scenario checks are in test_messages_es.py)."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from prioritise.allocate.input import AllocationError
from prioritise.scenario import ScenarioError
from prioritise.scenario import io as sio
from prioritise.scoring.tree import value_tree
from prioritise.tradeoffs import budget_sweep
from prioritise.tradeoffs.concentration import concentration_frontier, pick_region
from prioritise.tradeoffs.frontier import check_steps, equity_frontier
from prioritise.translations.messages_es import to_spanish
from tests.factories import make_scenario, scenario_dict
from tests.translations.helpers import problems_of
from tests.translations.helpers import raw_scenario as _raw


@pytest.mark.parametrize(
    ("content", "english", "spanish"),
    [
        (b"", "the file is empty", "el archivo está vacío"),
        (
            b"\x89PNG\r\n\x1a\n\x00\x00",
            "this is a binary file, not a TOML scenario",
            "es un archivo binario, no un escenario TOML",
        ),
        (
            b"ok\xff\xfe",
            "byte 2: the file is not UTF-8 text",
            "byte 2: el archivo no es texto UTF-8",
        ),
        (
            b"[1, 2, 3]",
            "line 1, column 3: not valid TOML: Expected ']' at the end of a table declaration",
            "line 1, column 3: no es TOML válido: Expected ']' at the end of a table declaration",
        ),
    ],
)
def test_unreadable_text_reads_in_spanish(content: bytes, english: str, spanish: str) -> None:
    with pytest.raises(ScenarioError) as info:
        sio.loads(content)
    line = str(info.value.problems[0])
    assert line == english
    assert to_spanish(line) == spanish


def test_file_problems_read_in_spanish(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def first(path: Path) -> str:
        with pytest.raises(ScenarioError) as info:
            sio.load(path)
        return info.value.problems[0].message

    assert to_spanish(first(tmp_path / "absent.toml")) == "el archivo no existe"
    assert to_spanish(first(tmp_path)) == "es una carpeta, no un archivo"
    big = tmp_path / "big.toml"
    big.write_bytes(b"#" * (2 * 1024 * 1024))
    monkeypatch.setattr(sio, "MAX_FILE_BYTES", 1024 * 1024)
    assert to_spanish(first(big)) == (
        "el archivo es demasiado grande para ser un escenario (más de 1 MB)"
    )
    small = tmp_path / "small.toml"
    small.write_text("format = 1\n", encoding="utf-8")

    def refuse(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "read_bytes", refuse)
    assert to_spanish(first(small)) == "no se puede leer (Permission denied)"


def test_a_checker_failure_reads_in_spanish(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(raw: dict) -> list:
        raise KeyError("p0")

    monkeypatch.setattr(sio, "cross_check", broken)
    found = problems_of(_raw(("budget.total", "thirty")))
    assert found[-1] == "could not finish checking the file ('p0')"
    assert to_spanish(found[-1]) == "no se pudo terminar de revisar el archivo ('p0')"


def _notes(raw: dict) -> list[str]:
    return value_tree(sio.validate_dict(raw)).notes


def test_value_tree_notes_read_in_spanish() -> None:
    silent = copy.deepcopy(scenario_dict(0))
    for person in silent["stakeholders"]:
        person["influence"] = 0.0
    notes = _notes(silent)
    assert "No stakeholder with influence stated criterion weights: all weigh the same." in notes
    spanish = [to_spanish(note) for note in notes]
    assert (
        "Ningún actor con influencia entregó ponderaciones de los criterios: todas pesan lo "
        "mismo." in spanish
    )
    assert (
        "Ningún actor con influencia entregó ponderaciones de los ámbitos habilitantes: "
        "todas pesan lo mismo." in spanish
    )
    assert (
        "Ningún actor con influencia entregó ponderaciones de los criterios regionales: "
        "todas pesan lo mismo." in spanish
    )

    no_need = _raw(("tables.need.p1", {"a0": 0.0, "a1": 0.0}))
    note = "No enabling-area need recorded for p1: their areas are treated alike."
    assert note in _notes(no_need)
    assert to_spanish(note) == (
        "No hay necesidad por ámbito habilitante registrada para p1: sus ámbitos se tratan "
        "por igual."
    )

    blend = _notes(_raw(("priority.programme_blend", 0.5)))
    assert to_spanish(blend[-1]) == (
        "programme_blend está definido, pero nadie entregó ponderaciones directas de los "
        "programas: las prioridades vienen solo de los criterios."
    )


def test_a_tree_without_programme_criteria_notes_it_in_spanish() -> None:
    raw = scenario_dict(0)
    raw["criteria"] = [c for c in raw["criteria"] if c["level"] != "programme"]
    for row in raw["programmes"]:
        row["performance"] = {}
    for person in raw["stakeholders"]:
        del person["criteria"]
    notes = _notes(raw)
    english = (
        "There are no programme-level criteria: programmes share equally before any direct "
        "programme weights."
    )
    assert english in notes
    assert to_spanish(english) == (
        "No hay criterios a nivel de programa: los programas se reparten por igual antes de "
        "las ponderaciones directas de los programas."
    )


def _allocation_error(call) -> str:
    with pytest.raises((AllocationError, ValueError)) as info:
        call()
    return str(info.value)


def test_trade_off_errors_read_in_spanish() -> None:
    scenario = make_scenario(0)
    assert to_spanish(_allocation_error(lambda: budget_sweep(scenario, []))) == (
        "un barrido de presupuesto necesita a lo menos un presupuesto"
    )
    assert to_spanish(_allocation_error(lambda: budget_sweep(scenario, ["many"]))) == (
        "los presupuestos deben ser números (se recibió ['many'])"
    )
    assert to_spanish(_allocation_error(lambda: check_steps(1))) == (
        "una frontera eficiente necesita a lo menos 2 pasos (se recibió 1)"
    )
    assert to_spanish(_allocation_error(lambda: pick_region(scenario, "atlantis"))) == (
        "no existe la región 'atlantis'; las regiones son r0, r1, r2"
    )
    assert to_spanish(
        _allocation_error(lambda: concentration_frontier(scenario, which="capital"))
    ) == ("which debe ser 'programme' o 'metropolitan' (se recibió 'capital')")


def test_trade_offs_without_population_read_in_spanish() -> None:
    raw = _raw(("returns.capacity_basis", "equal"))
    for row in raw["regions"]:
        del row["population"]
    scenario = sio.validate_dict(raw)
    assert to_spanish(_allocation_error(lambda: pick_region(scenario))) == (
        "indique la región: no existe 'metropolitana' y ninguna región tiene población para "
        "saber cuál es la más grande"
    )
    assert to_spanish(_allocation_error(lambda: equity_frontier(scenario, steps=2))) == (
        "la frontera de equidad necesita la población de las regiones, y ninguna la tiene"
    )


def test_an_unknown_total_reads_in_spanish() -> None:
    sweep = budget_sweep(make_scenario(0), [30.0])
    english = _allocation_error(lambda: sweep.composition("sector"))
    assert english.startswith("'sector' is not a total; use one of programme")
    assert to_spanish(english).startswith("'sector' no es un total; use uno de programme")
