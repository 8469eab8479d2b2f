"""Where the money comes from, as a list a reader scans: every row written to the same places
(0,50 beside 0,50, not 0,5), each row's parts still adding up to its amount as written."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

from prioritise.allocate import optimise_scenario
from prioritise.scenario import load

CLUSTERS = Path(__file__).resolve().parents[2] / "scenarios" / "chile_clusters_2008.toml"
AMOUNT = re.compile(r"(\d+\.\d+|\d+) M USD")


def test_the_rows_shown_share_their_places_and_still_add_up() -> None:
    result = optimise_scenario(load(CLUSTERS), price_seconds=0)
    sources = result.sources
    shown = sources[(sources["held"] > 0) | (sources["committed"] > 0)]
    assert len(shown) > 10  # a list, as the command line and the report show it
    places = set()
    for note in shown["note"]:
        amounts = AMOUNT.findall(note.text("en"))
        places |= {len(a.split(".")[1]) if "." in a else 0 for a in amounts}
        total, *parts = (Decimal(a) for a in amounts)
        assert sum(parts) == total, note.text("en")
    assert places == {2}, places  # without the list's places, rows read 0.5 beside 0.50
