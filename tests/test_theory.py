"""Analytic queueing formulas against direct sums and a brute-force birth-death chain."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import linalg, special

from servicesim.core import theory


def direct_erlang_b(c: int, a: float) -> float:
    terms = [a**k / math.factorial(k) for k in range(c + 1)]
    return terms[-1] / sum(terms)


def direct_erlang_c(c: int, a: float) -> float:
    rho = a / c
    head = sum(a**k / math.factorial(k) for k in range(c))
    tail = a**c / math.factorial(c) / (1.0 - rho)
    return tail / (head + tail)


def brute_force_erlang_a(lam, mean_service, c, mean_patience, t, max_queue=300):
    """M/M/c+M by a truncated birth-death chain and a tagged-customer chain (matrix exponential)."""
    mu, theta = 1.0 / mean_service, 1.0 / mean_patience
    n = np.arange(c + max_queue + 1)
    death = np.minimum(n, c) * mu + np.maximum(n - c, 0) * theta
    log_pi = np.concatenate([[0.0], np.cumsum(np.log(lam) - np.log(death[1:]))])
    pi = np.exp(log_pi - special.logsumexp(log_pi))
    queue = np.maximum(n - c, 0)
    p_wait = pi[c:].sum()
    mean_queue = (pi * queue).sum()
    p_abandon = theta * mean_queue / lam
    # A delayed arrival with j waiting ahead: states j = 0..max_queue-1, then served, abandoned.
    m = max_queue
    q = np.zeros((m + 2, m + 2))
    for j in range(m):
        move = c * mu + j * theta
        q[j, j - 1 if j > 0 else m] = move
        q[j, m + 1] = theta
        q[j, j] = -(move + theta)
    served_by_t = linalg.expm(q * t)[:m, m]
    service_level = pi[:c].sum() + (pi[c : c + m] * served_by_t).sum()
    return {
        "p_wait": p_wait,
        "p_abandon": p_abandon,
        "mean_wait_s": mean_queue / lam,
        "service_level_20s": service_level,
        "occupancy": (pi * np.minimum(n, c)).sum() / c,
    }


@pytest.mark.parametrize("c", [0, 1, 2, 5, 12, 30])
@pytest.mark.parametrize("a", [0.3, 2.0, 9.5, 40.0])
def test_erlang_b_matches_direct_sum(c, a):
    assert theory.erlang_b(c, a) == pytest.approx(direct_erlang_b(c, a), rel=1e-12)


@pytest.mark.parametrize("c,a", [(1, 0.5), (2, 1.0), (5, 4.5), (12, 10.0), (30, 28.5)])
def test_erlang_c_matches_direct_sum(c, a):
    assert theory.erlang_c(c, a) == pytest.approx(direct_erlang_c(c, a), rel=1e-12)


def test_erlang_c_textbook_value_and_formulas():
    # Two servers at one erlang: C = 1/3 (textbook).
    assert theory.erlang_c(2, 1.0) == pytest.approx(1.0 / 3.0, rel=1e-14)
    lam, s, c = 1.0 / 60.0, 100.0, 2
    out = theory.erlang_c_stats(lam, s, c, sl_threshold_s=20.0)
    p = direct_erlang_c(c, lam * s)
    drain = c / s - lam
    assert out["p_wait"] == pytest.approx(p, rel=1e-12)
    assert out["mean_wait_s"] == pytest.approx(p / drain, rel=1e-12)
    assert out["service_level_20s"] == pytest.approx(1 - p * math.exp(-drain * 20.0), rel=1e-12)
    assert out["occupancy"] == pytest.approx(lam * s / c)
    assert out["p_abandon"] == 0.0 and out["stable"] is True


def test_erlang_c_unstable_returns_limits():
    out = theory.erlang_c_stats(1.0 / 50.0, 100.0, 2)
    assert out["stable"] is False
    assert out["p_wait"] == 1.0 and out["mean_wait_s"] == math.inf
    assert out["service_level_20s"] == 0.0 and out["occupancy"] == 1.0


@pytest.mark.parametrize(
    "lam,mean_service,c,mean_patience",
    [
        (1 / 60, 100.0, 2, 300.0),  # rho 0.83
        (0.05, 100.0, 5, 50.0),  # rho 1.0, impatient
        (0.5, 100.0, 30, 300.0),  # overloaded, rho 1.67
        (0.02, 100.0, 1, 1000.0),  # single server, patient
        (1 / 3, 300.0, 100, 600.0),  # rho 1.0, many servers
    ],
)
def test_erlang_a_matches_brute_force_chain(lam, mean_service, c, mean_patience):
    got = theory.erlang_a_stats(lam, mean_service, c, mean_patience, sl_threshold_s=20.0)
    want = brute_force_erlang_a(lam, mean_service, c, mean_patience, 20.0)
    for key, value in want.items():
        assert got[key] == pytest.approx(value, rel=1e-7, abs=1e-12), key


def test_erlang_a_tends_to_erlang_c_for_long_patience():
    c_out = theory.erlang_c_stats(1 / 60, 100.0, 2)
    a_out = theory.erlang_a_stats(1 / 60, 100.0, 2, 1e12)
    for key in ("p_wait", "mean_wait_s", "service_level_20s", "occupancy"):
        assert a_out[key] == pytest.approx(c_out[key], rel=1e-8), key
    assert a_out["p_abandon"] < 1e-9
    assert theory.erlang_a_stats(1 / 60, 100.0, 2, math.inf) == c_out


@pytest.mark.parametrize(
    "lam,mean_service,c,mean_patience",
    [(1 / 60, 100.0, 2, 300.0), (0.5, 100.0, 30, 300.0), (1.6, 300.0, 500, 600.0)],
)
def test_erlang_a_identities(lam, mean_service, c, mean_patience):
    out = theory.erlang_a_stats(lam, mean_service, c, mean_patience, sl_threshold_s=0.0)
    # P(abandon) = E[wait] / mean patience; occupancy = rho (1 - P(abandon)).
    assert out["p_abandon"] == pytest.approx(out["mean_wait_s"] / mean_patience, rel=1e-12)
    rho = lam * mean_service / c
    assert out["occupancy"] == pytest.approx(rho * (1 - out["p_abandon"]), rel=1e-12)
    # Service level: 1 - P(wait) at t = 0, rising with t to 1 - P(abandon).
    assert out["service_level_0s"] == pytest.approx(1 - out["p_wait"], abs=1e-14)
    levels = [
        theory.erlang_a_stats(lam, mean_service, c, mean_patience, t)[f"service_level_{t:g}s"]
        for t in (0.0, 5.0, 20.0, 60.0, 300.0, 1e6)
    ]
    assert all(b >= a for a, b in zip(levels[:-1], levels[1:], strict=True))
    assert levels[-1] == pytest.approx(1 - out["p_abandon"], abs=1e-12)


@pytest.mark.parametrize("c", [300, 800, 2000])
def test_large_numbers_of_servers_stay_finite(c):
    mean_service = 300.0
    for rho in (0.5, 0.9, 0.99, 1.2):
        lam = rho * c / mean_service
        a_out = theory.erlang_a_stats(lam, mean_service, c, 900.0)
        for key in ("p_wait", "p_abandon", "service_level_20s", "occupancy"):
            assert 0.0 <= a_out[key] <= 1.0, (rho, key, a_out[key])
        assert math.isfinite(a_out["mean_wait_s"])
        if rho < 1:
            c_out = theory.erlang_c_stats(lam, mean_service, c)
            assert 0.0 <= c_out["p_wait"] <= 1.0 and math.isfinite(c_out["mean_wait_s"])
            # patience only removes waiting customers: less waiting than Erlang C
            assert a_out["p_wait"] <= c_out["p_wait"] + 1e-12


def test_erlang_a_large_c_matches_brute_force_chain():
    lam, s, c, p = 0.95 * 300 / 300.0, 300.0, 300, 600.0
    got = theory.erlang_a_stats(lam, s, c, p)
    want = brute_force_erlang_a(lam, s, c, p, 20.0, max_queue=300)
    for key in ("p_wait", "p_abandon", "mean_wait_s", "occupancy", "service_level_20s"):
        assert got[key] == pytest.approx(want[key], rel=1e-7), key


def test_little_helpers():
    assert theory.little_l(0.5, 30.0) == 15.0
    assert theory.little_w(15.0, 0.5) == 30.0
    # intervals [0, 10), [5, 20), [30, 40) over the window [0, 20): (10 + 15) / 20
    start, end = np.array([0.0, 5.0, 30.0]), np.array([10.0, 20.0, 40.0])
    assert theory.time_average_count(start, end, 0.0, 20.0) == pytest.approx(1.25)
    with pytest.raises(ValueError, match="window_end_s"):
        theory.time_average_count(start, end, 5.0, 5.0)


@pytest.mark.parametrize(
    "call",
    [
        lambda: theory.erlang_c_stats(0.0, 100.0, 2),
        lambda: theory.erlang_c_stats(0.01, -1.0, 2),
        lambda: theory.erlang_c_stats(0.01, 100.0, 0),
        lambda: theory.erlang_a_stats(0.01, 100.0, 2, 0.0),
        lambda: theory.erlang_b(2.5, 1.0),
    ],
)
def test_bad_arguments_raise(call):
    with pytest.raises(ValueError):
        call()
