"""The live dashboard lists the initiatives that the group's portfolio funds."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from prioritise import scenario as scenario_io
from prioritise.cli.command_line import main
from prioritise.workshop import WorkshopStore, submissions_to_stakeholders
from tests.ui.apptools import ROOT, assert_clean
from tests.ui.workshop_tools import facilitator

TEXT = (ROOT / "scenarios" / "chile_transforma_initiatives_2017.toml").read_text(encoding="utf-8")
SETS = ("criteria", "enabling_areas", "regional_criteria")


def test_the_dashboard_lists_the_funded_initiatives(
    store: WorkshopStore, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    scenario = scenario_io.loads(TEXT)
    _, code, secret = store.create_workshop("T", TEXT)
    own = [c.id for c in scenario.criteria_at("initiative")]
    pointed = [p for p in scenario.stakeholders if all(getattr(p, n) for n in SETS)]
    for k, person in enumerate(pointed * 2):
        _, token = store.join(code, f"{person.id}{k}", "", "public")
        weights = {name: dict(getattr(person, name)) for name in SETS}
        weights["criteria"]["growth"] += 10 * k  # four different answers
        for ident in own:  # a workshop asks for the lines' weights only
            weights["criteria"].pop(ident, None)
        store.submit(code, token, weights)
    at = facilitator(store, code, secret, lang="es")
    deadline = time.monotonic() + 120
    while not any("Proporción de su costo" in d.value.columns for d in at.dataframe):
        assert time.monotonic() < deadline, "the initiatives never appeared"
        time.sleep(0.5)
        at.run()
    assert_clean(at)
    shown = next(d.value for d in at.dataframe if "Proporción de su costo" in d.value.columns)
    # the same answers as the scenario's stakeholders, optimised by the command line
    answers = submissions_to_stakeholders(store.latest_submissions(code, secret))
    raw = scenario_io.validate_dict(
        scenario.model_dump(mode="json", exclude_none=True) | {"stakeholders": answers}
    )
    path = tmp_path / "answers.toml"
    path.write_text(scenario_io.dumps(raw), encoding="utf-8")
    assert main(["optimise", str(path), "--json"]) == 0
    funded = json.loads(capsys.readouterr().out)["initiatives"]
    names = {item.id: item.names.get("es", item.name) for item in scenario.initiatives}
    assert list(shown["Iniciativa"]) == [names[row["id"]] for row in funded]
    assert shown["Monto (MM USD)"].to_numpy() == pytest.approx([r["amount"] for r in funded])
    heading = f"Iniciativas financiadas: {len(funded)} de {len(names)}"
    assert any(heading in m.value for m in at.markdown)
