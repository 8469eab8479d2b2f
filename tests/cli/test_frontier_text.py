"""`prioritise frontier`'s text read back against its JSON: the first level with a portfolio
lists what it funds; each next level names what came in, went out and changed its share, which
must be the set differences of the JSON's funded lists, with points and money recomputed from
the JSON's values, costs and shares; and an initiative that costs nothing is said in words."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

import pytest

from prioritise.allocate import initiative_names, value_frontier
from prioritise.allocate.portfolio_input import portfolio_input
from prioritise.cli.command_line import main
from prioritise.scenario import Scenario, dumps, load, validate_dict
from prioritise.text import t
from tests.allocate.language_checks import check_language
from tests.initiative_factories import with_initiatives

NUM = r"[+-]?\d(?:[\d.,]*\d)?"
"""A number as the text writes it, signed or not, ending in a digit (not the comma after it)."""
SHIPPED = Path(__file__).parents[2] / "scenarios" / "chile_transforma_initiatives_2017.toml"
WORDS = {
    "en": {
        "in": "in: ",
        "out": "out: ",
        "change": "changes: ",
        "points": "index points",
        "index": "index",
        "spending": "spending",
        "gain": "points",
        "pools": rf"({NUM}) M USD of it from the funding pools",
        "part": r", (\d+(?:\.\d+)?)% of it",
        "instead": r", (\d+(?:\.\d+)?)% of it instead of (\d+(?:\.\d+)?)%",
        "same": "the same portfolio as the level before",
        "none": "no portfolio meets every rule",
        "run": rf"({NUM}) M USD to ({NUM}) M USD \((\d+) levels\): no portfolio meets every rule",
        "way_out": "Way out: ",
        "free": "at no cost",
        "nothing": "it funds no initiative",
    },
    "es": {
        "in": "entra: ",
        "out": "sale: ",
        "change": "cambia: ",
        "points": "puntos del índice",
        "index": "índice",
        "spending": "gasto",
        "gain": "puntos",
        "pools": rf"de ello ({NUM}) MM USD de los fondos",
        "part": r", financiada al (\d+(?:,\d+)?)\u00a0%",
        "instead": r", financiada al (\d+(?:,\d+)?)\u00a0% en vez del (\d+(?:,\d+)?)\u00a0%",
        "same": "la misma cartera que el nivel anterior",
        "none": "ninguna cartera cumple todas las reglas",
        "run": rf"De ({NUM}) MM USD a ({NUM}) MM USD \((\d+) niveles\): ninguna cartera cumple",
        "way_out": "Salida posible: ",
        "free": "sin costo",
        "nothing": "no financia ninguna iniciativa",
    },
}
MONEY = rf"({NUM}) M{{1,2}} USD"


def number(text: str, lang: str) -> float:
    """A number as the language writes it: '1.234,5' in Spanish, '1,234.5' in English."""
    plain = text.replace(".", "").replace(",", ".") if lang == "es" else text.replace(",", "")
    return float(plain)


@dataclass
class Item:
    """An initiative line under a level: what the text says it brings or takes."""

    name: str
    points: float
    amount: float
    share: float | None = None
    before: float | None = None


@dataclass
class Level:
    line: str
    items: dict[str, list[Item]] = field(default_factory=dict)
    ways_out: list[str] = field(default_factory=list)


def read_levels(text: str, lang: str, names: list[str]) -> list[Level]:
    """The levels of the text (two spaces in) and, under each, its initiative lines (six in),
    sorted by kind: 'funds' for a level listed whole, else 'in', 'out' and 'change'."""
    words = WORDS[lang]
    levels: list[Level] = []
    for line in text.splitlines():
        if line.startswith("      " + words["way_out"]):  # under a level without a portfolio
            levels[-1].ways_out.append(line[6:])
        elif line.startswith("      "):
            body = line[6:]
            kind = next((k for k in ("in", "out", "change") if body.startswith(words[k])), "funds")
            rest = body[len(words[kind]) :] if kind != "funds" else body
            name = max((n for n in names if rest.startswith(n)), key=len)
            tail = rest[len(name) :]
            figures = re.search(rf"({NUM}) {words['points']}, {MONEY}", tail)
            assert figures, line
            item = Item(name, number(figures[1], lang), number(figures[2], lang))
            if kind == "change":
                shares = re.match(words["instead"], tail)
                assert shares, line
                item.share, item.before = (number(s, lang) / 100 for s in shares.groups())
            elif part := re.match(words["part"], tail):
                item.share = number(part[1], lang) / 100
            levels[-1].items.setdefault(kind, []).append(item)
        elif line.startswith("  ") and not re.match(r"  \d+\. ", line):  # not the order of buy
            levels.append(Level(line[2:]))
    return levels


def check_words(text: str, lang: str, scenario: Scenario) -> None:
    """One language only, its number formats, once the initiatives' own names are taken out
    (a name such as "Programa Tranque" is shown as the scenario spells it)."""
    names = {n for item in scenario.initiatives for n in (item.name, *item.names.values())}
    for name in sorted(names, key=len, reverse=True):
        text = text.replace(name, "")
    check_language(text, lang, scenario)


def frontier_of(path: str, lang: str, capsys: pytest.CaptureFixture[str]) -> tuple[str, dict]:
    assert main(["frontier", path, "--lang", lang]) == 0
    text = capsys.readouterr().out
    assert main(["frontier", path, "--json"]) == 0
    return text, json.loads(capsys.readouterr().out)


def check_against_json(text: str, found: dict, lang: str, scenario: Scenario) -> dict[str, int]:
    """Every level of `text` against the JSON's point at that level; how many lines of each
    kind were read."""
    words = WORDS[lang]
    names = {item.id: item.names.get(lang, item.name) for item in scenario.initiatives}
    value = {row["id"]: row["value"] for row in found["initiatives"]}
    cost = {row["id"]: row["cost"] for row in found["initiatives"]}
    full = found["full_value"]
    levels = read_levels(text, lang, list(names.values()))
    seen = dict.fromkeys(["funds", "in", "out", "change", "same", "none", "run"], 0)
    points = iter(found["points"])

    def check(item: Item, ident: str, share: float) -> None:
        """The points and money of `share` of an initiative, from the JSON's value and cost."""
        points = 100 * value[ident] * share / full
        assert item.points == pytest.approx(points, rel=0.06, abs=0.06)
        assert item.amount == pytest.approx(cost[ident] * share, abs=0.006)

    previous = None
    for level in levels:
        point = next(points)
        if point["value_index"] is None:
            assert level.line.endswith(words["none"]) and not level.items, level.line
            run = re.match(words["run"], level.line)
            together = [point] + [next(points) for _ in range(int(run[3]) - 1 if run else 0)]
            if run:  # levels in a row with the same ways out, written once
                assert len(together) > 1 and run[1] != run[2]
                assert number(run[1], lang) == pytest.approx(together[0]["budget"], abs=0.0051)
                assert number(run[2], lang) == pytest.approx(together[-1]["budget"], abs=0.0051)
                seen["run"] += 1
            assert all(p["value_index"] is None and p["cost"] is None for p in together)
            assert all(p["repairs"] == point["repairs"] for p in together)
            assert len(level.ways_out) == len(point["repairs"])  # each said, none invented
            seen["none"] += len(together)
            previous = None
            continue
        index = re.search(rf"{words['index']} ({NUM})", level.line)
        spending = re.search(rf"{words['spending']} {MONEY}", level.line)
        assert index and spending, level.line
        assert number(index[1], lang) == pytest.approx(point["value_index"], abs=0.051)
        assert number(spending[1], lang) == pytest.approx(point["cost"], abs=0.0051)
        pooled = re.search(words["pools"], level.line)
        if point["from_pools"] > 1e-9 * max(point["cost"], 1.0):
            assert pooled and number(pooled[1], lang) == pytest.approx(
                point["from_pools"], abs=0.0051
            )
        else:
            assert pooled is None, level.line
        after = point["shares"]
        assert list(after) == point["initiatives"]
        if previous is None:  # listed whole, in the JSON's order
            listed = level.items.get("funds", [])
            assert [item.name for item in listed] == [names[i] for i in point["initiatives"]]
            for item, ident in zip(listed, point["initiatives"], strict=True):
                check(item, ident, after[ident])
            seen["funds"] += len(listed)
            previous = point
            continue
        before = previous["shares"]
        came = [i for i in point["initiatives"] if i not in before]
        went = [i for i in previous["initiatives"] if i not in after]
        changed = [i for i in after if i in before and abs(after[i] - before[i]) > 1e-4]
        assert "funds" not in level.items
        for kind, ids in (("in", came), ("out", went), ("change", changed)):
            items = level.items.get(kind, [])
            assert [item.name for item in items] == [names[i] for i in ids], (kind, level.line)
            seen[kind] += len(items)
        for item, ident in zip(level.items.get("in", []), came, strict=True):
            check(item, ident, after[ident])
            assert (item.share is None) == (after[ident] >= 1 - 1e-4)
        for item, ident in zip(level.items.get("out", []), went, strict=True):
            check(item, ident, -before[ident])
        for item, ident in zip(level.items.get("change", []), changed, strict=True):
            check(item, ident, after[ident] - before[ident])
            assert item.share == pytest.approx(after[ident], abs=0.005)
            assert item.before == pytest.approx(before[ident], abs=0.005)
        if not (came or went or changed):
            assert level.line.endswith(words["same"]) and not level.items
            seen["same"] += 1
        else:  # the change of the index and the spending: differences of the shown figures
            gain = re.search(rf"\(({NUM}) {words['gain']}\)", level.line)
            more = re.search(rf"USD \({MONEY}\)", level.line)
            assert gain and more, level.line
            shown = round(point["value_index"], 1) - round(previous["value_index"], 1)
            change = point["value_index"] - previous["value_index"]
            if round(shown, 1) == 0 and abs(change) >= 1e-4:  # too small for one decimal:
                # the change itself, to two significant digits, never "0.0"
                assert number(gain[1], lang) == pytest.approx(change, rel=0.05)
            else:
                assert number(gain[1], lang) == pytest.approx(shown, abs=0.1001)
            assert number(more[1], lang) == pytest.approx(
                point["cost"] - previous["cost"], abs=0.0101
            )
            # the lines account for the whole change of the index, by the JSON's own figures
            moved = sum(value[i] * after[i] for i in came) - sum(value[i] * before[i] for i in went)
            moved += sum(value[i] * (after[i] - before[i]) for i in changed)
            assert 100 * moved / full == pytest.approx(
                point["value_index"] - previous["value_index"], abs=1e-6
            )
        previous = point
    assert next(points, None) is None  # every level of the JSON is in the text
    return seen


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("seed", [1, 7, 11])
def test_each_level_says_what_came_in_and_went_out_as_the_json_has_it(
    seed: int, lang: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    raw = with_initiatives(seed, 8, partial=True)
    path = tmp_path / "initiatives.toml"
    path.write_text(dumps(validate_dict(raw)), encoding="utf-8")
    text, found = frontier_of(str(path), lang, capsys)
    seen = check_against_json(text, found, lang, validate_dict(raw))
    assert seen["in"] > 0 and seen["out"] > 0 and seen["change"] > 0
    assert seen["funds"] > 0 or WORDS[lang]["nothing"] in text  # seed 1: index 0 at first
    assert "inf" not in text
    check_words(text, lang, validate_dict(raw))
    pooled = any((point["from_pools"] or 0) > 0 for point in found["points"])
    assert pooled == any(w in text for w in ("funding pools add", "aparte de lo que aportan"))
    either = ("which of the two pays", "cuál de los dos paga")  # not unique: said so
    assert pooled == any(w in text for w in either)


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_shipped_frontier_reads_as_changes_with_pools_and_levels_without_a_portfolio(
    lang: str, capsys: pytest.CaptureFixture[str]
) -> None:
    text, found = frontier_of(str(SHIPPED), lang, capsys)
    scenario = load(SHIPPED)
    seen = check_against_json(text, found, lang, scenario)
    assert seen["none"] > 0 and seen["out"] > 0 and seen["same"] > 0
    check_words(text, lang, scenario)
    assert len(text) < 25_000  # was 59 KB, every funded initiative at every level
    level_lines = [line for line in text.splitlines() if line.startswith("  ") and ": " in line]
    assert all(len(line) < 250 for line in level_lines)
    assert not re.search(r"\b(?:inf|nan)\b", text)
    ids = [item.id for item in scenario.initiatives]
    assert not [i for i in ids if re.search(rf"(?<![\w-]){re.escape(i)}(?![\w-])", text)]
    # the order of buy is a spreadsheet's: it lists what the rules keep out, and says so
    ruled = {"en": "(ruled out by the scenario's rules", "es": "(excluida por las reglas"}[lang]
    names = initiative_names(scenario, lang)
    order = text[text.index(t("allocate.frontier.order_heading", lang)) :].splitlines()[1:]
    marked = [line for line in order if ruled in line]
    kept_out = [item.id for item in scenario.initiatives if item.must_not]
    assert kept_out and len(marked) == len(kept_out)
    assert all(any(f". {names[i]}: " in line for line in marked) for i in kept_out)
    # the pools add to what a level spends, and the heading says a level is the budget's part
    besides = {"en": "besides what the funding pools add", "es": "aparte de lo que aportan"}
    assert besides[lang] in text.splitlines()[0]
    assert any((point["from_pools"] or 0) > 0 for point in found["points"])


@pytest.mark.parametrize("lang", ["en", "es"])
def test_an_initiative_that_costs_nothing_is_said_in_words(
    lang: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    raw = with_initiatives(3, 6, partial=True)
    raw["initiatives"][2]["cost"] = [0.0, 0.0]
    path = tmp_path / "free.toml"
    path.write_text(dumps(validate_dict(raw)), encoding="utf-8")
    text, found = frontier_of(str(path), lang, capsys)
    free = next(row for row in found["initiatives"] if row["id"] == "i2")
    assert free["cost"] == 0 and free["value_per_cost"] is None and free["order_of_buy"] == 1
    line = next(row for row in text.splitlines() if row.startswith("  1. "))
    words = WORDS[lang]
    assert line.startswith("  1. Initiative 2: ") and words["free"] in line
    points = re.search(rf"({NUM}) {words['points']}", line)
    assert points and number(points[1], lang) == pytest.approx(free["points"], rel=0.06)
    assert "inf" not in text and "–" not in line and "MM USD" not in line and "M USD" not in line
    paid = [row for row in text.splitlines() if re.match(r"  [2-6]\. ", row)]
    per = "points per M USD" if lang == "en" else "puntos por MM USD"
    assert len(paid) == 5 and all(per in row for row in paid)
    check_against_json(text, found, lang, validate_dict(raw))


def test_the_text_shows_the_points_value_index_and_no_recomputed_index() -> None:
    """One source of truth: the index a level shows is its FrontierPoint's `value_index`."""
    data = portfolio_input(validate_dict(with_initiatives(1, 6)))
    frontier = value_frontier(data, [8.0, 12.0])
    first, second = frontier.points
    assert first.value_index is not None and second.value_index is not None
    frontier.points = [replace(first, value_index=12.34), replace(second, value_index=56.78)]
    text = frontier.text("en")
    assert "index 12.3, spending" in text and "index 56.8" in text
    assert first.initiatives == second.initiatives or "(+44.5 points)" in text


@pytest.mark.parametrize("lang", ["en", "es"])
def test_levels_follow_the_buy_and_levels_without_a_portfolio_say_the_way_out(
    lang: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """The shipped file commits to Laguna Carén (7.00 M USD), which two pilot plants require:
    the default levels start there, not at the cheapest initiative, and a level without a
    portfolio says how to get one; levels in a row with the same ways out are one line."""
    text, found = frontier_of(str(SHIPPED), lang, capsys)
    assert found["points"][0]["budget"] == pytest.approx(7.0)
    first = found["points"][0]
    assert first["value_index"] is None and first["repairs"]
    assert first["cost"] is None and first["from_pools"] is None
    assert [step["rule"] for step in first["repairs"][0]] == ["must[ceta_laguna_caren]"]
    words = WORDS[lang]
    lines = text.splitlines()
    at = next(n for n, line in enumerate(lines) if line.endswith(words["none"]))
    assert lines[at + 1].startswith("      " + words["way_out"])
    scenario = load(SHIPPED)
    names = initiative_names(scenario, lang)
    order = text[text.index(t("allocate.frontier.order_heading", lang)) :].splitlines()[1:]
    committed = [line for line in order if t("allocate.frontier.order_must", lang, line="") in line]
    assert len(committed) == 1 and names["ceta_laguna_caren"] in committed[0]
    talca = next(line for line in order if f". {names['ceta_talca']}: " in line)
    assert talca.endswith(names["ceta_laguna_caren"] + ")")
    per_cost = {row["id"]: row for row in found["initiatives"]}["ceta_talca"]
    assert per_cost["points_per_cost"] == pytest.approx(
        per_cost["points"] / per_cost["cost"], rel=1e-12
    )
    # asked for levels below the commitment: the same way out, so one line for the three
    assert main(["frontier", str(SHIPPED), "--budgets", "1,2,3,9", "--lang", lang]) == 0
    below = capsys.readouterr().out
    run = [line for line in below.splitlines() if re.match("  " + words["run"], line)]
    assert len(run) == 1, below
    assert main(["frontier", str(SHIPPED), "--budgets", "1,2,3,9", "--json"]) == 0
    asked = json.loads(capsys.readouterr().out)
    check_against_json(below, asked, lang, scenario)


def test_a_chart_that_does_not_say_the_ways_out_does_not_solve_for_them() -> None:
    """The app's value-for-money chart says only below which level no portfolio meets the
    rules: its frontier (`explain=False`) has the same points, without the repairs' solves."""
    data = portfolio_input(load(SHIPPED))
    levels = [1.0, 7.0, 9.0]
    told, quiet = value_frontier(data, levels), value_frontier(data, levels, explain=False)
    assert [p.objective for p in told.points] == [p.objective for p in quiet.points]
    assert told.points[0].repairs and not any(p.repairs for p in quiet.points)
