"""The command-line contract: exit codes, located messages, no tracebacks."""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib
from pathlib import Path

import openpyxl
import pytest

from prioritise.cli import main

ROOT = Path(__file__).parents[2]
SHIPPED = sorted((ROOT / "scenarios").glob("*.toml"))


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "prioritise", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )


def test_validate_accepts_every_shipped_scenario() -> None:
    result = run("validate", "--lang", "en", *map(str, SHIPPED))
    assert result.returncode == 0, result.stderr
    assert result.stdout.count(": ok") == len(SHIPPED)
    own = run("validate", *map(str, SHIPPED))  # each file in its own language
    spanish = sum(
        tomllib.loads(path.read_text("utf-8"))["scenario"]["language"] == "es" for path in SHIPPED
    )
    assert spanish >= 2
    assert own.returncode == 0 and own.stdout.count(": válido") == spanish, own.stdout


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (
            "typo",
            'stakeholders no. 1 (id = "ministry"), criteria.growht: '
            "unknown criterion 'growht' (did you mean 'growth'?)",
        ),
        ("missing", "budget: required, but missing"),
        ("wrong type", 'programmes no. 1 (id = "mining"), performance.growth: must be a number'),
        ("dangling", "tables.need.fishing: unknown programme 'fishing'"),
        ("impossible", "constraints.region_share: the regional minimum shares add up to"),
        ("invalid toml", "not valid TOML"),
        ("empty", "the file is empty"),
        ("binary", "binary file"),
    ],
)
def test_validate_reports_located_problems(tmp_path: Path, content: str, expected: str) -> None:
    text = (ROOT / "scenarios" / "tutorial.toml").read_text(encoding="utf-8")
    broken = {
        "typo": text.replace("criteria = { growth = 50", "criteria = { growht = 50"),
        "missing": text.replace("[budget]\ntotal = 30.0\n", "[budgeted]\ntotal = 30.0\n"),
        "wrong type": text.replace("performance = { growth = 2,", 'performance = { growth = "2",'),
        "dangling": text.replace("tourism = { rd = 1,", "fishing = { rd = 1,"),
        "impossible": text.replace(
            "region_share = { centre = { max = 0.6 } }",
            "region_share = { north = { min = 0.5 }, south = { min = 0.6 } }",
        ),
        "invalid toml": text.replace("[budget]", "[budget"),
        "empty": "",
        "binary": "\x00\x01\x02",
    }[content]
    # the line the problem's path points to, found here by the text changed
    marker = {
        "typo": "growht",
        "wrong type": 'growth = "2"',
        "dangling": "fishing = {",
        "impossible": "region_share = { north",
    }.get(content)
    if marker is not None:
        line = next(n for n, row in enumerate(broken.split("\n"), 1) if marker in row)
        expected = expected.replace(": ", f" (line {line}): ", 1)
    path = tmp_path / "broken.toml"
    path.write_text(broken, encoding="utf-8")
    result = run("validate", str(path))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert all(line.startswith(f"{path}: ") for line in lines), lines
    assert any(expected in line for line in lines), lines


def test_validate_mixes_good_and_bad_files(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("format = 1", encoding="utf-8")
    result = run("validate", str(SHIPPED[0]), str(bad), str(tmp_path / "absent.toml"))
    assert result.returncode == 2
    assert f"{SHIPPED[0]}: válido" in result.stdout  # a Spanish scenario, in its language
    assert f"{tmp_path / 'absent.toml'}: no such file" in result.stderr  # not loaded: English


def test_show_summarises_the_tutorial(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", str(ROOT / "scenarios" / "tutorial.toml")]) == 0
    out = capsys.readouterr().out
    assert "Budget: 30.0 M USD over 2025–2026" in out
    assert "2 priority sectors (Mining and Tourism); 1 horizontal platform (Solar energy)" in out
    assert "every region at least 10.0% of the budget" in out
    assert "illustrative (no source)" in out
    saturation = tomllib.loads((ROOT / "scenarios" / "tutorial.toml").read_text("utf-8"))
    times = f"{saturation['returns']['saturation']:g}"
    assert f"each line saturates at {times} times an even share of the budget" in out


def test_bad_arguments_exit_2_without_traceback() -> None:
    result = run("frobnicate")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    result = run("show")
    assert result.returncode == 2 and "Traceback" not in result.stderr


def test_score_json_has_the_documented_shape() -> None:
    result = run("score", str(ROOT / "scenarios" / "tutorial.toml"), "--json")
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    assert set(payload) == {
        "programmes",
        "enabling_areas",
        "regions",
        "cells",
        "weights",
        "consistency",
        "derived",
        "illustrative",
    }
    assert sum(payload["programmes"].values()) == pytest.approx(1.0)
    assert sum(c["value"] for c in payload["cells"]) == pytest.approx(1.0)
    assert set(payload["cells"][0]) == {"programme", "enabling_area", "region", "value"}
    assert payload["consistency"]["university"] < 0.1
    for method in ("topsis", "promethee"):
        other = json.loads(
            run(
                "score", str(ROOT / "scenarios" / "tutorial.toml"), "--json", "--method", method
            ).stdout
        )
        assert other["programmes"] != payload["programmes"]


def test_score_text_ranks_the_programmes() -> None:
    result = run("score", str(ROOT / "scenarios" / "tutorial.toml"))
    assert result.returncode == 0
    assert result.stdout.index("Solar energy") < result.stdout.index("Mining")


TUTORIAL = ROOT / "scenarios" / "tutorial.toml"
OPTIMISE_KEYS = {
    "status",
    "objective",
    "allocation",
    "totals",
    "constraints",
    "baselines",
    "diagnosis",
    "seconds",
}


def test_optimise_json_follows_the_contract(tmp_path: Path) -> None:
    result = run("optimise", str(TUTORIAL), "--json")
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    assert set(payload) >= OPTIMISE_KEYS
    assert payload["status"] == "optimal"
    assert set(payload["allocation"][0]) >= {
        "programme",
        "enabling_area",
        "region",
        "year",
        "amount",
    }
    assert sum(row["amount"] for row in payload["allocation"]) == pytest.approx(30.0)
    assert set(payload["totals"]) >= {"programme", "enabling_area", "region", "year"}
    assert set(payload["totals"]["year"]) == {"2025", "2026"}
    assert {"name", "binding", "shadow_price"} <= set(payload["constraints"][0])
    assert set(payload["baselines"]) >= {"proportional", "population"}
    assert payload["objective"] >= payload["baselines"]["proportional"]["objective"]
    assert set(payload["seconds"]) >= {"build", "solve"}
    cbc = json.loads(run("optimise", str(TUTORIAL), "--json", "--solver", "cbc").stdout)
    assert cbc["objective"] == pytest.approx(payload["objective"], rel=1e-6)


def test_optimise_prices_every_binding_rule_and_speaks_in_index_points(tmp_path: Path) -> None:
    text = TUTORIAL.read_text(encoding="utf-8") + "\n"
    lines = tmp_path / "lines.toml"
    lines.write_text(text.replace("[constraints]", "[constraints]\nmax_lines = 4"), "utf-8")
    payload = json.loads(run("optimise", str(lines), "--json").stdout)
    assert payload["rules_priced"] is True
    assert 0 < payload["value_index"] <= 100
    binding = [c for c in payload["constraints"] if c["binding"]]
    limit = next(c for c in binding if c["name"] == "max_lines")
    assert limit["shadow_price"] > 0 and limit["value_one_more_line"] == limit["shadow_price"]
    assert all(
        c["value_if_dropped"] >= 0 for c in binding if c["kind"] not in ("budget", "budget_year")
    )
    assert {b["obeys_rules"] for b in payload["baselines"].values()} == {True, False}
    for b in payload["baselines"].values():
        if b["obeys_rules"]:
            assert b["gain"] >= -2e-3 * payload["objective"]
    quick = json.loads(run("optimise", str(lines), "--json", "--price-seconds", "0").stdout)
    assert quick["rules_priced"] is False
    assert run("optimise", str(lines), "--price-seconds", "-1").returncode == 2
    spanish = run("optimise", str(lines), "--lang", "es").stdout
    assert "Índice de valor" in spanish and "puntos del índice" in spanish
    assert "Eliminar esta regla por completo" in spanish
    for english in ("index points", "Dropping", "chosen for", "held by", "budget would"):
        assert english not in spanish


def test_the_price_time_defaults_agree() -> None:
    from prioritise.allocate import PRICE_SECONDS
    from prioritise.cli.parser import PRICE_SECONDS as CLI_SECONDS
    from prioritise.ui.optimising import PRICE_SECONDS as UI_SECONDS

    assert CLI_SECONDS == UI_SECONDS == PRICE_SECONDS


def test_optimise_stops_at_the_default_gap_like_the_library() -> None:
    from prioritise.allocate import DEFAULT_GAP
    from prioritise.cli.parser import GAP, build_parser

    assert GAP == DEFAULT_GAP
    args = build_parser().parse_args(["optimise", str(TUTORIAL)])
    assert float(args.gap) == DEFAULT_GAP


def test_optimise_at_another_budget_and_with_reports(tmp_path: Path) -> None:
    payload = json.loads(run("optimise", str(TUTORIAL), "--json", "--budget", "20").stdout)
    assert sum(row["amount"] for row in payload["allocation"]) == pytest.approx(20.0)
    for suffix in ("xlsx", "csv", "md"):
        out = tmp_path / f"report.{suffix}"
        result = run("optimise", str(TUTORIAL), "--out", str(out))
        assert result.returncode == 0, result.stderr
        assert out.stat().st_size > 0
    assert len(openpyxl.load_workbook(tmp_path / "report.xlsx").sheetnames) >= 10
    bad = run("optimise", str(TUTORIAL), "--out", str(tmp_path / "report.pdf"))
    assert bad.returncode == 2 and "--out must end in" in bad.stderr


def test_infeasible_scenario_prints_its_diagnosis_and_exits_1(tmp_path: Path) -> None:
    text = (
        TUTORIAL.read_text(encoding="utf-8")
        .replace(
            "region_share = { centre = { max = 0.6 } }",
            "region_share = { centre = { min = 0.75 } }",
        )
        .replace("max_programme_share = 0.6", "max_programme_share = 0.6\nmax_region_share = 0.7")
    )
    path = tmp_path / "infeasible.toml"
    path.write_text(text, encoding="utf-8")
    result = run("optimise", str(path), "--json")
    assert result.returncode == 1
    payload = json.loads(result.stdout)
    assert payload["status"] == "infeasible"
    diagnosis = payload["diagnosis"]
    assert set(diagnosis) == {"conflict", "message", "checks", "repairs"}
    assert set(diagnosis["conflict"]) == {
        "constraints.region_share.centre.min",
        "constraints.max_region_share",
    }
    assert diagnosis["message"] == (
        "These rules cannot all hold: Centre at least 75%; no region above 70%."
    )
    first = diagnosis["repairs"][0]  # the cap moves 7 %, the floor 7 %: fewer points first
    assert [c["field"] for r in diagnosis["repairs"] for c in r["changes"]] == [
        "constraints.region_share.centre.min",
        "constraints.max_region_share",
    ]
    assert first["changes"][0]["suggested"] == pytest.approx(0.7)
    assert first["objective"] > 0 and first["message"].startswith("Every rule holds after")
    text_result = run("optimise", str(path))
    assert text_result.returncode == 1 and "Traceback" not in text_result.stderr
    lines = text_result.stdout.splitlines()
    assert lines[:2] == ["No allocation satisfies every rule.", diagnosis["message"]]
    assert "Ways out, each checked by solving the changed scenario (fewest changes first):" in lines
    assert f"  1. {first['message']}" in lines
    spanish = run("optimise", str(path), "--lang", "es").stdout
    assert "Estas reglas no pueden cumplirse todas a la vez: Centro al menos 75\u00a0%" in spanish
    assert (
        "  1. Todas las reglas se cumplen al bajar el piso de Centro de 75\u00a0% a 70\u00a0%"
        in spanish
    )


def test_sweep_json_has_one_point_per_budget() -> None:
    result = run("sweep", str(TUTORIAL), "--budgets", "10,30,60", "--json")
    assert result.returncode == 0, result.stderr
    points = json.loads(result.stdout)["points"]
    assert [p["budget"] for p in points] == [10.0, 30.0, 60.0]
    assert {"budget", "objective", "marginal", "totals"} <= set(points[0])
    assert points[0]["objective"] <= points[1]["objective"] <= points[2]["objective"]
    bad = run("sweep", str(TUTORIAL), "--budgets", "ten,20")
    assert bad.returncode == 2 and "--budgets must be numbers" in bad.stderr


def test_robustness_json_follows_the_contract() -> None:
    result = run(
        "robustness", str(TUTORIAL), "--draws", "20", "--seed", "3", "--json", "--workers", "1"
    )
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    assert {
        "draws",
        "seed",
        "cells",
        "programmes",
        "regions",
        "rank_acceptability",
        "compromise",
        "seconds",
    } <= set(payload)
    assert payload["draws"] == 20 and payload["seed"] == 3
    assert {"core_index", "p10", "p50", "p90"} <= set(payload["cells"][0])
    assert {"p10", "p50", "p90", "p_population_share"} <= set(payload["regions"]["north"])
    for shares in payload["rank_acceptability"].values():
        assert sum(shares) == pytest.approx(1.0)
    again = json.loads(
        run(
            "robustness", str(TUTORIAL), "--draws", "20", "--seed", "3", "--json", "--workers", "2"
        ).stdout
    )
    assert again["cells"] == payload["cells"]
    assert run("robustness", str(TUTORIAL), "--draws", "0").returncode == 2
