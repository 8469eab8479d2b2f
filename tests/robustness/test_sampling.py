"""Weight draws: Dirichlet precision fitted from disagreement, simplex draws, panel bootstrap."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from prioritise.robustness.sampling import (
    PRECISION_CEILING,
    Panel,
    WeightSampler,
    WeightSet,
    dirichlet_draw,
    dirichlet_precision,
    draw_rng,
    uniform_draw,
)


def test_precision_worked_example() -> None:
    """Two equal-say stakeholders (0.5, 0.5) and (0.7, 0.3) around m = (0.6, 0.4).

    Unbiased weighted variance per item: (0.5·0.01 + 0.5·0.01) / (1 - 0.5) = 0.02, so the
    pooled spread is 0.04; sum m(1 - m) = 0.48; a0 = 0.48 / 0.04 - 1 = 11 (by hand).
    """
    rows = np.array([[0.5, 0.5], [0.7, 0.3]])
    assert dirichlet_precision(np.array([0.6, 0.4]), rows) == pytest.approx(11.0)


def test_precision_recovers_a_known_dirichlet() -> None:
    """Rows drawn from Dirichlet(30 · m) give back a0 close to 30 (method of moments)."""
    rng = np.random.default_rng(5)
    mean = np.array([0.5, 0.3, 0.15, 0.05])
    rows = rng.dirichlet(30 * mean, size=20_000)
    assert dirichlet_precision(mean, rows) == pytest.approx(30.0, rel=0.05)


def test_precision_is_kept_within_floor_and_ceiling() -> None:
    wild = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]])
    assert dirichlet_precision(np.full(3, 1 / 3), wild) == pytest.approx(3.0)  # floor: k
    close = np.array([[0.5, 0.5], [0.5 + 1e-5, 0.5 - 1e-5]])
    assert dirichlet_precision(np.array([0.5, 0.5]), close) == PRECISION_CEILING


def test_agreement_or_a_single_voice_means_no_spread() -> None:
    same = np.array([[0.2, 0.8], [0.2, 0.8], [0.2, 0.8]])
    assert dirichlet_precision(np.array([0.2, 0.8]), same) == float("inf")
    assert dirichlet_precision(np.array([0.2, 0.8]), same[:1]) == float("inf")
    assert np.array_equal(dirichlet_draw(draw_rng(0, 0), np.array([0.2, 0.8]), np.inf), [0.2, 0.8])


def test_influence_weighs_the_spread() -> None:
    """A dissenter with no say adds no spread."""
    rows = np.array([[0.5, 0.5], [0.5, 0.5], [0.9, 0.1]])
    assert dirichlet_precision(np.array([0.5, 0.5]), rows, np.array([1.0, 1.0, 0.0])) == float(
        "inf"
    )
    assert np.isfinite(dirichlet_precision(np.array([0.5, 0.5]), rows, np.ones(3)))


weights = st.lists(st.floats(0.0, 10.0), min_size=1, max_size=8).filter(lambda w: sum(w) > 0.1)


@settings(max_examples=80, deadline=None)
@given(weights, st.floats(0.5, 1e4), st.integers(0, 2**32 - 1))
def test_dirichlet_draws_lie_on_the_simplex(raw: list[float], precision: float, seed: int) -> None:
    mean = np.array(raw) / sum(raw)
    draw = dirichlet_draw(draw_rng(seed, 0), mean, precision)
    assert draw.shape == mean.shape
    assert np.all(draw >= 0)
    assert draw.sum() == pytest.approx(1.0, abs=1e-12)
    assert np.all(draw[mean == 0] == 0)  # an item nobody weighs stays at zero


@settings(max_examples=30, deadline=None)
@given(
    st.lists(st.floats(0.05, 1.0), min_size=2, max_size=6),
    st.floats(2.0, 200.0),
    st.integers(0, 1000),
)
def test_sampled_means_approach_the_group_weights(
    raw: list[float], precision: float, seed: int
) -> None:
    """The mean of n draws is within 5 standard errors of m, se_i^2 = m(1-m)/((a0+1) n)."""
    mean = np.array(raw) / sum(raw)
    n = 2000
    draws = np.array([dirichlet_draw(draw_rng(seed, i), mean, precision) for i in range(n)])
    standard_error = np.sqrt(mean * (1 - mean) / ((precision + 1) * n))
    assert np.all(np.abs(draws.mean(axis=0) - mean) <= 5 * standard_error + 1e-12)


def test_uniform_draws_have_flat_dirichlet_marginals() -> None:
    """On the 4-item simplex, w_1 ~ Beta(1, 3): P(w_1 <= 0.5) = 1 - 0.5^3 = 0.875."""
    draws = np.array([uniform_draw(draw_rng(3, i), 4) for i in range(8000)])
    assert np.allclose(draws.sum(axis=1), 1.0)
    assert (draws[:, 0] <= 0.5).mean() == pytest.approx(0.875, abs=0.015)
    assert draws.mean(axis=0) == pytest.approx(np.full(4, 0.25), abs=0.01)


def _sets() -> tuple[list[WeightSet], Panel]:
    criteria = WeightSet(
        "criteria",
        ["a", "b", "c"],
        np.array([0.4, 0.4, 0.2]),
        ["s0", "s1"],
        np.array([[0.6, 0.2, 0.2], [0.2, 0.6, 0.2]]),
    )
    areas = WeightSet(
        "enabling_areas", ["x", "y"], np.array([0.5, 0.5]), ["s1"], np.array([[0.9, 0.1]])
    )
    panel = Panel(["s0", "s1"], np.array([1.0, 1.0]), ["public", "private"])
    return [criteria, areas], panel


@pytest.mark.parametrize("sampling", ["dirichlet", "uniform", "resample"])
def test_draw_i_depends_only_on_seed_and_i(sampling: str) -> None:
    sets, panel = _sets()
    sampler = WeightSampler.build(sets, panel, sampling)
    whole = sampler.draw_many(11, 0, 12)
    tail = sampler.draw_many(11, 5, 12)
    head = sampler.draw_many(11, 0, 5)
    for name in whole:
        assert np.array_equal(whole[name][5:], tail[name])
        assert np.array_equal(whole[name][:5], head[name])
    other = sampler.draw_many(12, 0, 12)
    assert not np.array_equal(whole["criteria"], other["criteria"])


def test_bootstrap_draws_are_aggregates_of_resampled_panels() -> None:
    """With two stakeholders a resample is {s0, s0}, {s0, s1} or {s1, s1}: three possible
    criteria vectors (their arithmetic means); the areas set has one holder, so any resample
    that includes s1 gives s1's weights and one without s1 keeps the group weights."""
    sets, panel = _sets()
    sampler = WeightSampler.build(sets, panel, "resample")
    allowed = [np.array([0.6, 0.2, 0.2]), np.array([0.4, 0.4, 0.2]), np.array([0.2, 0.6, 0.2])]
    seen = set()
    for i in range(200):
        draw = sampler.draw(4, i)
        matches = [k for k, vector in enumerate(allowed) if np.allclose(draw["criteria"], vector)]
        assert len(matches) == 1
        seen.add(matches[0])
        expected = [0.5, 0.5] if matches[0] == 0 else [0.9, 0.1]
        assert draw["enabling_areas"] == pytest.approx(expected)
    assert seen == {0, 1, 2}


def test_a_panel_in_agreement_is_degenerate() -> None:
    same = WeightSet(
        "criteria",
        ["a", "b"],
        np.array([0.3, 0.7]),
        ["s0", "s1"],
        np.array([[0.3, 0.7], [0.3, 0.7]]),
    )
    panel = Panel(["s0", "s1"], np.ones(2), ["public", "public"])
    sampler = WeightSampler.build([same], panel, "dirichlet")
    assert sampler.degenerate
    assert np.array_equal(sampler.draw_many(0, 0, 4)["criteria"], np.tile([0.3, 0.7], (4, 1)))
    assert not WeightSampler.build([same], panel, "uniform").degenerate


def test_bad_requests_are_explained() -> None:
    sets, panel = _sets()
    with pytest.raises(ValueError, match="sampling 'normal' is not known"):
        WeightSampler.build(sets, panel, "normal")
    with pytest.raises(ValueError, match="at least one stakeholder"):
        WeightSampler.build(sets, Panel([], np.zeros(0), []), "resample")
    with pytest.raises(ValueError, match="3 items but 2 group weights"):
        WeightSet("criteria", ["a", "b", "c"], np.array([0.5, 0.5]))
