"""Numba helpers that stand in for numpy or for a slower form of themselves give the same bits."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicesim.core import rng
from servicesim.core.kernels.twins import nonzero_index, row_mean, row_sum, stable_order
from servicesim.core.vector import K

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


# ---- the daily pass: split form (scan + visits) against the one loop it replaced ----------


@pytest.fixture(scope="module")
def day_state():  # noqa: ANN201
    """A small population 30 days into a run (open episodes, former customers, referrals)."""
    from servicesim.bench.harness import SETS
    from servicesim.core.engine import Engine
    from servicesim.params.config import resolve

    eng = Engine(resolve("empowered", "default", SETS, customers=3000, days=30, seed=11))
    for _ in range(30):
        eng.step()
    return eng


def _scramble(eng, seed: int):  # noqa: ANN001, ANN202
    """The state with every branch of the daily pass made common: boundary satisfactions,
    problems of each kind due today, contracts ending, anniversaries, set scratch rows."""
    from servicesim.core.kernels import layout as L

    gen = np.random.default_rng(seed)
    f, i, b = eng.people.f.copy(), eng.people.i.copy(), eng.people.b.copy()
    n, day, prm = f.shape[1], eng.day, eng.prm
    b[L.B_STATUS] = gen.choice([0, 1, 2], n, p=[0.2, 0.7, 0.1])
    sat = gen.random(n)
    edges = [
        0.0,
        1.0,
        prm[K.promoter_threshold],
        prm[K.detractor_threshold],
        prm[K.talk_neutral],
        prm[K.hazard_reference_satisfaction],
    ]
    pick = gen.random(n) < 0.2
    sat[pick] = gen.choice(edges, pick.sum())
    f[L.F_SAT] = sat
    b[L.B_PSTATE] = gen.choice(5, n, p=[0.75, 0.07, 0.07, 0.04, 0.07])
    i[L.I_NEXT_CONTACT] = day + gen.integers(-2, 3, n)
    i[L.I_CONTRACT_END] = np.where(gen.random(n) < 0.3, -1, day + gen.integers(-3, 4, n))
    tenure = gen.choice([0, 1, 364, 365, 366, 730, 1095, 40], n)
    i[L.I_JOIN] = day - tenure
    i[L.I_PROMO_UNTIL] = day + gen.integers(-2, 3, n)
    for row in (L.B_CONTACT_TODAY, L.B_TALK_TODAY, L.B_EVENT):
        b[row] = np.where(gen.random(n) < 0.05, gen.integers(1, 3, n), 0)
    b[L.B_COHORT] = gen.integers(0, 3, n)
    # every kind of last episode, ended from today to two years ago (recent and faded shocks)
    b[L.B_LAST_OUTCOME] = gen.integers(0, 5, n)
    i[L.I_EPISODE_END] = np.where(b[L.B_LAST_OUTCOME] > 0, day - gen.integers(0, 730, n), -1)
    return f, i, b


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("mult", [1.0, 40.0])
def test_split_daily_pass_is_the_one_loop_to_the_bit(day_state, seed: int, mult: float) -> None:  # noqa: ANN001
    """``customer_day`` (a vectorised scan, then visits to the flagged people) must leave every
    table and every total exactly as the one loop over people did, on states where each branch
    is common. Chunks of 2,500 leave a partial block at the end of each chunk."""
    from day_reference import chunk_day

    from servicesim.core.kernels.customers import NA, customer_day, customer_day_serial, reduce_rows
    from servicesim.core.kernels.leaving import LEFT_CAPACITY

    eng = day_state
    chunk = 2500
    prm = eng.prm.copy()
    if seed % 2:  # gifts and promotions on, then off
        prm[K.loyalty_gift_per_year], prm[K.promotion_discount] = 25.0, 0.2
    else:
        prm[K.loyalty_gift_per_year], prm[K.promotion_discount] = 0.0, 0.0
    if seed >= 3:  # leaving common: a missed bound in the scan's flags would show
        prm[K.base_churn_p] = 0.05
    start = _scramble(eng, seed)
    n_chunks = -(-start[0].shape[1] // chunk)
    ref = [t.copy() for t in start]
    acc = np.zeros((n_chunks, NA))
    ref_left = np.zeros((n_chunks, LEFT_CAPACITY + 1), np.int64)
    for c in range(n_chunks):
        chunk_day(c, eng.day, eng.key, *ref, prm, mult, eng.coverage, chunk, acc[c], ref_left[c])
    ref_totals = reduce_rows(acc)
    for kernel in (customer_day_serial, customer_day):
        got = [t.copy() for t in start]
        left = np.zeros_like(ref_left)
        totals = kernel(
            eng.day, eng.key, *got, prm, mult, eng.coverage, chunk, np.zeros_like(acc), left
        )
        assert totals.tobytes() == ref_totals.tobytes()
        assert left.tobytes() == ref_left.tobytes()
        for name, x, y in zip("fib", got, ref, strict=True):
            assert x.tobytes() == y.tobytes(), f"people.{name} differs"
    # the states were eventful: the pass changed them and something of each kind happened
    assert not np.array_equal(ref[0], start[0])
    from servicesim.core.kernels.customers import (
        A_CHURN_U12,
        A_CHURNED,
        A_GIFT_COST,
        A_PROBLEMS,
        A_REQUESTS,
    )

    assert ref_totals[A_CHURNED] > 0 and ref_totals[A_PROBLEMS] > 0 and ref_totals[A_REQUESTS] > 0
    assert ref_totals[A_CHURN_U12] > 0 and ref_left[:, 0].sum() > 0
    assert (ref_totals[A_GIFT_COST] > 0) == (seed % 2 == 1)
