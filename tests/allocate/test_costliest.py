"""Binding rules, costliest first: one order for the command line, the reports and the app."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

from prioritise.allocate import costliest_first, in_reading_order
from prioritise.cli import main

DEFAULT_SCENARIO = Path(__file__).resolve().parents[2] / "scenarios" / "chile_transforma_2017.toml"


def _table() -> pd.DataFrame:
    rows = [
        ("budget", "budget", True, 0.5, None),
        ("floor[a]", "region_share_min", True, 0.2, 3.0),
        ("max_lines", "max_lines", True, math.nan, 9.0),
        ("cap[b]", "region_share_max", True, 0.4, math.nan),
        ("cap[c]", "region_share_max", False, 0.0, None),
        ("floor[d]", "region_share_min", True, 0.1, 1.0),
    ]
    columns = ["name", "kind", "binding", "shadow_price", "value_if_dropped"]
    return pd.DataFrame(rows, columns=columns)


def test_by_dual_prices_a_rule_without_one_comes_first_and_the_budget_last() -> None:
    ordered = costliest_first(_table(), priced=False)
    assert list(ordered["name"]) == ["max_lines", "cap[b]", "floor[a]", "floor[d]", "budget"]


def test_re_solved_a_rule_not_priced_in_time_comes_after_the_others() -> None:
    ordered = costliest_first(_table(), priced=True)
    assert list(ordered["name"]) == ["max_lines", "floor[a]", "floor[d]", "cap[b]", "budget"]


@pytest.mark.parametrize("priced", [False, True])
def test_every_rule_lists_the_binding_ones_as_the_summary_does_then_the_others(
    priced: bool,
) -> None:
    """The app's and the workbook's full lists: binding rules in the summary's order, the
    budget last among them, then the rules that do not bind; no row lost or doubled."""
    table = _table()
    ordered = in_reading_order(table, priced)
    summary = list(costliest_first(table, priced)["name"])
    assert list(ordered["name"]) == [*summary, "cap[c]"]
    assert "order" not in ordered.columns and sorted(ordered.index) == list(table.index)


def test_without_re_solved_prices_the_line_limit_leads_the_command_line_list(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The line limit has no dual price; it is often the costliest rule, and a list cut to ten
    must not leave it out (docs/model.md §8.2)."""
    assert main(["optimise", str(DEFAULT_SCENARIO), "--price-seconds", "0", "--lang", "en"]) == 0
    lines = capsys.readouterr().out.splitlines()
    heading = next(i for i, line in enumerate(lines) if line.startswith("Binding rules ("))
    assert "lines allowed" in lines[heading + 1]
