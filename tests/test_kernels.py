"""Numba helpers that stand in for numpy or for a slower form of themselves give the same bits."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicesim import rng
from servicesim.kernels.twins import nonzero_index, row_mean, row_sum, stable_order

SIZES = [0, 1, 7, 8, 9, 15, 16, 17, 127, 128, 129, 130, 255, 256, 257, 1000, 1031, 5000, 70_001]


@pytest.mark.parametrize("n", SIZES)
@pytest.mark.parametrize("scale", [1.0, 1e-3, 1e6])
def test_row_sum_and_mean_are_numpys_bits(n: int, scale: float) -> None:
    """Staff means feed the model (empowerment in use, team handling time), so they must be
    numpy's pairwise sums exactly, not merely close: the block and split sizes matter."""
    gen = np.random.default_rng(n)
    table = gen.standard_normal((3, n + 11)) * scale
    rows = gen.permutation(n + 11)[:n].astype(np.int64)
    assert row_sum(table, 1, rows) == table[1, rows].sum()
    if n:
        assert row_mean(table, 1, rows) == table[1, rows].mean()
    else:
        assert np.isnan(row_mean(table, 1, rows))


@given(st.lists(st.floats(-1e9, 1e9, allow_nan=False), min_size=1, max_size=600))
@settings(max_examples=200, deadline=None)
def test_row_mean_matches_numpy_on_any_values(values: list[float]) -> None:
    table = np.array([values])
    rows = np.arange(len(values), dtype=np.int64)
    assert row_mean(table, 0, rows) == table[0].mean()


@given(
    st.integers(0, 2**62),
    st.integers(1, 40),
    st.integers(0, 10**7),
    st.integers(0, 5000),
    st.integers(0, 200),
)
@settings(max_examples=300, deadline=None)
def test_hoisted_stream_key_gives_the_same_draw(
    key: int, stream: int, ident: int, day: int, k: int
) -> None:
    assert rng.uniform_sk(rng.stream_key(key, stream), ident, day, k) == rng.uniform(
        key, stream, ident, day, k
    )


@given(st.lists(st.integers(0, 3), max_size=300), st.integers(0, 2))
@settings(max_examples=300, deadline=None)
def test_nonzero_index_is_flatnonzero(values: list[int], pad: int) -> None:
    row = np.array(values + [0] * pad, np.int8)
    assert np.array_equal(nonzero_index(row), np.flatnonzero(row != 0))


@given(
    st.lists(
        st.one_of(st.floats(0.0, 36_000.0), st.sampled_from([0.0, 17.5, 36_000.0])), max_size=400
    )
)
@settings(max_examples=300, deadline=None)
def test_stable_order_is_numpys_stable_argsort_ties_included(values: list[float]) -> None:
    """Callers are served in this order: ties (equal arrival times) must keep index order."""
    x = np.array(values, np.float64)
    assert np.array_equal(stable_order(x, 36_000.0), np.argsort(x, kind="stable"))


def test_stable_order_on_a_day_of_callers() -> None:
    x = np.random.default_rng(1).random(20_000) * 43_200.0
    assert np.array_equal(stable_order(x, 43_200.0), np.argsort(x, kind="stable"))
