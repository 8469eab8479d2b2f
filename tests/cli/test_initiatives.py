"""`score`, `optimise` and `frontier` on scenarios with initiatives, checked by recomputation and
brute force over every subset."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from prioritise.allocate.portfolio_input import portfolio_input
from prioritise.cli.command_line import main
from prioritise.scenario import dumps, validate_dict
from tests.allocate.portfolio_helpers import best_subset
from tests.initiative_factories import with_initiatives


def _file(tmp_path: Path, raw: dict) -> str:
    path = tmp_path / "initiatives.toml"
    path.write_text(dumps(validate_dict(raw)), encoding="utf-8")
    return str(path)


def _json(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict]:
    code = main(list(args))
    return code, json.loads(capsys.readouterr().out)


def test_score_json_values_are_own_score_times_line_priority(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    raw = with_initiatives(2, 6)
    _, found = _json(capsys, "score", _file(tmp_path, raw), "--json")
    items = raw["initiatives"]
    rows = []
    for person in raw["stakeholders"]:
        points = np.array([person["criteria"]["impact"], person["criteria"]["readiness"]])
        rows.append(points / points.sum())
    weights = np.mean(rows, axis=0)
    impact = np.array([i["scores"]["impact"] for i in items]) / 10.0  # scale [0, 10]
    ready = np.array([i["scores"]["readiness"] for i in items])
    ready = (ready - ready.min()) / (ready.max() - ready.min())  # min-max, no scale
    own = weights[0] * impact + weights[1] * ready
    cells = found["cells"]
    top = max(c["value"] for c in cells)
    for k, item in enumerate(items):
        served = [
            c["value"]
            for c in cells
            if all(
                item.get(key) in (None, c[key]) for key in ("programme", "enabling_area", "region")
            )
        ]
        expected = own[k] * np.mean(served) / top
        assert found["initiatives"][item["id"]] == pytest.approx(expected, rel=1e-9)
    assert main(["score", _file(tmp_path, raw), "--lang", "en"]) == 0
    text = capsys.readouterr().out  # each value also in points: 100 = every one in full
    full = sum(found["initiatives"].values())
    for item in items:
        points = 100 * found["initiatives"][item["id"]] / full
        line = next(row for row in text.splitlines() if row.strip().startswith(item["name"]))
        assert line.endswith(" index points")
        assert float(line.split("), ")[-1].split()[0]) == pytest.approx(points, rel=0.05)


@pytest.mark.parametrize("seed", range(6))
def test_optimise_json_value_equals_brute_force(
    seed: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    raw = with_initiatives(seed, 12, budget=14.0, years=2)
    raw["constraints"] = {}
    path = _file(tmp_path, raw)
    code, found = _json(capsys, "optimise", path, "--json", "--price-seconds", "0")
    best = best_subset(portfolio_input(validate_dict(raw)))
    if best is None:
        assert code == 1 and found["status"] == "infeasible" and found["initiatives"] == []
        assert found["portfolio"]["repairs"]
        return
    assert code == 0 and found["status"] == "optimal"
    values = {
        k: v
        for k, v in zip(
            [i["id"] for i in raw["initiatives"]],
            portfolio_input(validate_dict(raw)).values,
            strict=True,
        )
    }
    funded = found["initiatives"]
    assert sum(values[i["id"]] * i["share"] for i in funded) == pytest.approx(best[0], abs=1e-7)
    assert found["objective"] == pytest.approx(best[0], abs=1e-7)
    costs = {i["id"]: sum(i["cost"]) for i in raw["initiatives"]}
    assert all(i["share"] == 1.0 and i["amount"] == pytest.approx(costs[i["id"]]) for i in funded)


def test_frontier_json_points_equal_brute_force(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    raw = with_initiatives(21, 10, budget=12.0)
    raw["constraints"] = {"max_region_share": 0.5}
    path = _file(tmp_path, raw)
    code, found = _json(capsys, "frontier", path, "--json")
    assert code == 0
    data = portfolio_input(validate_dict(raw))
    assert len(found["points"]) >= 10
    for point in found["points"]:
        best = best_subset(data.with_budget(point["budget"]))
        expected = None if best is None else best[0]
        assert point["objective"] == pytest.approx(expected, abs=1e-7)
        index = None if best is None else 100 * best[0] / float(data.values.sum())
        assert point["value_index"] == pytest.approx(index, abs=1e-6)  # 100 = all in full
    assert sum(i["points"] for i in found["initiatives"]) == pytest.approx(100)
    order = [i["value_per_cost"] for i in found["initiatives"]]
    assert order == sorted(order, reverse=True)
    code, chosen = _json(capsys, "frontier", path, "--json", "--budgets", "3,7.5")
    assert [p["budget"] for p in chosen["points"]] == [3.0, 7.5]


def test_frontier_text_in_both_languages_and_usage_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _file(tmp_path, with_initiatives(3, 6))
    assert main(["frontier", path, "--lang", "es"]) == 0
    text = capsys.readouterr().out
    assert "Orden por valor por costo:" in text and "Primeras en salir" in text
    assert main(["frontier", path, "--json"]) == 0
    found = json.loads(capsys.readouterr().out)
    point = next(p for p in found["points"] if p["value_index"] is not None)
    index = f"{point['value_index']:.1f}".replace(".", ",")
    assert f"índice {index}, gasto" in text  # value in points of the portfolio index
    assert "100 = las 6 iniciativas financiadas por completo" in text
    assert "puntos por M" in text and "valor 0," not in text
    assert main(["frontier", path, "--lang", "en"]) == 0
    english = capsys.readouterr().out
    own = f"{found['budget']:.2f} M"
    for side in ("first_out", "first_in"):
        level = found["marginal"]["lower_budget" if side == "first_out" else "higher_budget"]
        said = "falls" if side == "first_out" else "rises"
        head = f"First {side[6:]} if the money for initiatives {said} from the scenario's {own}"
        if level is None:
            assert f"{head} USD: none at the levels shown" in english
        else:
            assert f"{head} USD to {level:.2f} M USD: " in english
    below = found["budget"] / 4
    assert main(["frontier", path, "--lang", "es", "--budgets", f"{below / 2},{below}"]) == 0
    spanish = capsys.readouterr().out  # every level below the scenario's: none comes in
    propio = f"{found['budget']:.2f} MM USD".replace(".", ",")
    assert f"sube de los {propio} del escenario: ninguna en los niveles mostrados" in spanish
    assert f"baja de los {propio} del escenario a " in spanish
    assert "Ruled out at every budget" not in english  # nothing is
    raw = with_initiatives(3, 6)
    raw["initiatives"][1]["must_not"] = True
    assert main(["frontier", _file(tmp_path, raw), "--lang", "en"]) == 0
    ruled = capsys.readouterr().out.split("Ruled out at every budget by the scenario's rules: ")
    assert len(ruled) == 2 and ruled[1].startswith(raw["initiatives"][1]["name"] + " (")
    assert main(["frontier", path, "--budgets", "0,-1"]) == 2
    assert "--budgets" in capsys.readouterr().err
    plain = with_initiatives(3, 2)
    del plain["initiatives"]
    assert main(["frontier", _file(tmp_path, plain)]) == 2


def test_a_mixed_scenario_splits_the_rest_and_keeps_the_caps_on_both(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    raw = with_initiatives(4, 10, share=0.4, budget=30.0, dependencies=False)
    raw["constraints"] = {"spend_all": True, "max_region_share": 0.5, "max_programme_share": 0.6}
    path = _file(tmp_path, raw)
    code, found = _json(capsys, "optimise", path, "--json", "--price-seconds", "0")
    assert code == 0
    assert found["budget"] == pytest.approx(18.0)  # the split: 60 % of 30
    assert found["portfolio"]["budget"] == pytest.approx(12.0)
    spent = sum(i["amount"] for i in found["initiatives"])
    assert 0 < spent <= 12.0 + 1e-6
    region_money = dict.fromkeys([r["id"] for r in raw["regions"]], 0.0)
    for line in found["allocation"]:
        region_money[line["region"]] += line["amount"]
    items = {i["id"]: i for i in raw["initiatives"]}
    for funded in found["initiatives"]:
        region = items[funded["id"]].get("region")
        if region is not None:
            region_money[region] += funded["amount"]
    assert max(region_money.values()) <= 0.5 * 30.0 + 1e-6
    assert main(["optimise", path, "--lang", "es", "--price-seconds", "0"]) == 0
    assert "Iniciativas:" in capsys.readouterr().out


def test_a_scenario_of_initiatives_only_writes_its_report_in_every_format(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """No split to report: the workbook, the CSV file and the Markdown report hold the
    initiatives and the decisions `optimise --json` gives."""
    import openpyxl

    raw = with_initiatives(3, 8, budget=14.0, years=2)
    raw["constraints"] = {}
    raw["scenario"]["language"] = "es"
    path = _file(tmp_path, raw)
    code, found = _json(capsys, "optimise", path, "--json", "--price-seconds", "0")
    assert code == 0 and found["initiatives"]
    funded = {i["id"]: (i["share"], i["amount"]) for i in found["initiatives"]}
    for suffix in (".xlsx", ".csv", ".md"):
        out = tmp_path / f"report{suffix}"
        assert main(["optimise", path, "--out", str(out), "--price-seconds", "0"]) == 0
        assert str(out) in capsys.readouterr().out  # says where the report went
        assert out.is_file()
    rows = (tmp_path / "report.csv").read_text(encoding="utf-8").splitlines()
    assert rows[0] == "initiative,share,amount" and len(rows) == 1 + len(raw["initiatives"])
    for line in rows[1:]:
        ident, share, amount = line.split(",")
        expected = funded.get(ident, (0.0, 0.0))
        assert float(share) == pytest.approx(expected[0]) and float(amount) == pytest.approx(
            expected[1]
        )
    sheet = openpyxl.load_workbook(tmp_path / "report.xlsx").worksheets[0]
    ids = [row[0] for row in sheet.iter_rows(values_only=True)]
    assert all(i["id"] in ids for i in raw["initiatives"])
    text = (tmp_path / "report.md").read_text(encoding="utf-8")
    assert f"Se financian {len(funded)} de {len(raw['initiatives'])} iniciativas" in text
    assert all(i["name"] in text for i in raw["initiatives"])
