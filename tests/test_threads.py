"""Results do not depend on the number of numba threads (fixed chunks, sums in chunk order)."""

from __future__ import annotations

import math

import numba
import numpy as np
import pandas as pd
import pytest

from servicesim.bench.harness import SETS
from servicesim.core.engine import Engine
from servicesim.core.kernels.customers import customer_day, reduce_rows
from servicesim.core.state import CHUNK
from servicesim.experiments.simulate import run_config
from servicesim.params.config import resolve

pytestmark = pytest.mark.skipif(
    numba.config.NUMBA_NUM_THREADS < 2, reason="needs at least two numba threads"
)


def with_threads(k: int, f, *args):  # noqa: ANN001, ANN202
    numba.set_num_threads(k)
    try:
        return f(*args)
    finally:
        numba.set_num_threads(numba.config.NUMBA_NUM_THREADS)


def same(a: float, b: float) -> bool:
    return a == b or (math.isnan(a) and math.isnan(b))


@pytest.fixture(scope="module")
def cfg(compiled):  # noqa: ANN001
    # 40k customers + 20k prospects: four chunks, so the parallel pass really splits the work
    return resolve("empowered", "default", SETS, customers=40_000, days=40, seed=5)


def test_population_spans_several_chunks(cfg) -> None:  # noqa: ANN001
    from servicesim.core.customers import PARALLEL_MIN_CHUNKS

    assert Engine(cfg).people.n > (PARALLEL_MIN_CHUNKS - 1) * CHUNK


def test_run_is_identical_with_one_and_two_threads(cfg) -> None:  # noqa: ANN001
    one = with_threads(1, run_config, cfg)
    two = with_threads(2, run_config, cfg)
    assert one.summary.keys() == two.summary.keys()
    differ = [k for k in one.summary if not same(one.summary[k], two.summary[k])]
    assert not differ, f"summary differs in {differ}"
    pd.testing.assert_frame_equal(one.timeseries, two.timeseries, check_exact=True)
    pd.testing.assert_frame_equal(one.events, two.events, check_exact=True)


def test_customer_pass_is_bitwise_identical_with_one_and_two_threads(cfg) -> None:  # noqa: ANN001
    """The parallel kernel itself, several days in a row, on two copies of the same state."""
    base = Engine(cfg)
    runs = []
    for k in (1, 2):
        eng = Engine(cfg)
        pe = eng.people
        sums = []
        for day in range(5):
            with_threads(
                k,
                customer_day,
                day,
                eng.key,
                pe.f,
                pe.i,
                pe.b,
                eng.prm,
                1.3,
                0.7,
                CHUNK,
                eng.acc,
                eng.left,
            )
            sums.append(reduce_rows(eng.acc))
        runs.append((pe.f.copy(), pe.i.copy(), pe.b.copy(), np.array(sums)))
    for x, y in zip(runs[0], runs[1], strict=True):
        assert np.array_equal(x, y)
    # and the pass did change the state (a test on untouched arrays would prove nothing)
    assert not np.array_equal(runs[0][0], base.people.f)
