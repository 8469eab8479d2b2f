"""Fixtures the report tests share."""

from __future__ import annotations

import pytest

from prioritise.allocate.mixed import optimise_mixed
from tests.initiative_factories import initiative_scenario


@pytest.fixture(scope="module")
def mixed():
    """A mixed scenario (half the budget for initiatives, some funded in part) and its
    optimised portfolio and split."""
    scenario = initiative_scenario(4, 7, partial=True, share=0.5)
    result = optimise_mixed(scenario, price_seconds=0)
    assert result.split is not None and result.portfolio is not None and result.solved
    return scenario, result
