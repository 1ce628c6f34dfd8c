"""Analytic references for the queue: Erlang B, Erlang C (M/M/c), Erlang A (M/M/c+M), Little.

All rates are per second and all times in seconds. Every function works in log space (or with
the stable Erlang B recursion), so it stays finite for hundreds or thousands of servers and for
overloaded Erlang A systems.

Definitions match :meth:`servicesim.core.queue.QueueResult.stats` (steady state, Poisson arrivals,
so by PASTA an arrival sees the time-stationary state):

* ``p_wait``: share of arrivals that wait at all (> 0 s), abandoners included;
* ``mean_wait_s``: mean time in queue over all arrivals, abandoners counted until they leave;
* ``p_abandon``: share of arrivals that abandon;
* ``service_level_<t>s``: share of all arrivals that are served with a wait of at most ``t``;
* ``occupancy``: time-average share of servers busy, ``rho * (1 - p_abandon)``.

Erlang A (Palm 1943; Garnett, Mandelbaum and Reiman 2002) with arrival rate ``lam``, service
rate ``mu``, patience rate ``theta``, ``c`` servers. With ``x = c mu / theta``,
``y = lam / theta`` and ``A(x, y) = x e^y gamma(x, y) / y^x`` (``gamma`` the lower incomplete
gamma function) and ``B`` the Erlang B blocking probability of ``c`` servers at load
``lam / mu``::

    P(wait > 0)            = A B / (1 + (A - 1) B)
    P(abandon | wait > 0)  = 1 - 1/rho + 1/(rho A)
    E[wait]                = P(abandon) / theta                (all arrivals)
    P(served, wait <= t)   = 1 - P(wait > 0)
                             + (P(wait > 0) - P(abandon)) (1 - gamma(x+1, y e^{-theta t}) / gamma(x+1, y))

The last line integrates the density of the offered wait of a delayed arrival,
``pi_c c mu exp(-c mu v + y (1 - e^{-theta v}))``, against the chance ``e^{-theta v}`` that the
customer is still there; it is derived in docs/queue.md.
"""

from __future__ import annotations

import math

import numpy as np
from scipy import special


def service_level_key(threshold_s: float) -> str:
    """Name of the service-level statistic for a threshold: 20 -> ``'service_level_20s'``."""
    return f"service_level_{threshold_s:g}s"


def _log_inverse_erlang_b(servers: int, offered_load: float) -> float:
    """``log(1 / B(servers, offered_load))`` by the recursion ``1/B_k = 1 + (k/a) / B_{k-1}``."""
    log_a = math.log(offered_load)
    log_inv = 0.0  # 1/B_0 = 1
    for k in range(1, servers + 1):
        log_inv = float(np.logaddexp(0.0, math.log(k) - log_a + log_inv))
    return log_inv


def erlang_b(servers: int, offered_load: float) -> float:
    """Erlang B: probability that all ``servers`` are busy in M/M/c/c at ``offered_load`` erlangs.

    Args:
        servers: number of servers, >= 0.
        offered_load: arrival rate x mean service time (erlangs), > 0.
    """
    _check_servers_load(servers, offered_load, min_servers=0)
    return math.exp(-_log_inverse_erlang_b(servers, offered_load))


def erlang_c(servers: int, offered_load: float) -> float:
    """Erlang C: probability that an arrival waits in M/M/c (1.0 when ``offered_load >= servers``).

    Args:
        servers: number of servers, >= 1.
        offered_load: arrival rate x mean service time (erlangs), > 0.
    """
    _check_servers_load(servers, offered_load)
    rho = offered_load / servers
    if rho >= 1.0:
        return 1.0
    # C = 1 / (rho + (1 - rho) / B), evaluated in logs
    log_inv_b = _log_inverse_erlang_b(servers, offered_load)
    return math.exp(-float(np.logaddexp(math.log(rho), math.log1p(-rho) + log_inv_b)))


def erlang_c_stats(
    arrival_rate_per_s: float, mean_service_s: float, servers: int, sl_threshold_s: float = 20.0
) -> dict[str, float | str | bool]:
    """Steady-state statistics of M/M/c with infinite patience (Erlang C).

    Args:
        arrival_rate_per_s: Poisson arrival rate, contacts per second.
        mean_service_s: mean of the exponential service time, seconds.
        servers: number of servers.
        sl_threshold_s: service-level threshold, seconds.

    Returns:
        A dict with ``model``, ``stable``, ``p_wait``, ``mean_wait_s``, ``service_level_<t>s``,
        ``p_abandon`` (0), ``occupancy`` and ``mean_service_s``. When the offered load is at or
        above the number of servers there is no steady state: ``stable`` is False and the
        limits are returned (``p_wait`` 1, ``mean_wait_s`` inf, service level 0, occupancy 1).
    """
    _check_rate_time(arrival_rate_per_s, mean_service_s, sl_threshold_s)
    load = arrival_rate_per_s * mean_service_s
    _check_servers_load(servers, load)
    rho = load / servers
    stable = rho < 1.0
    p_wait = erlang_c(servers, load)
    if stable:
        drain_per_s = servers / mean_service_s - arrival_rate_per_s
        mean_wait_s = p_wait / drain_per_s
        service_level = 1.0 - p_wait * math.exp(-drain_per_s * sl_threshold_s)
    else:
        mean_wait_s, service_level = math.inf, 0.0
    return {
        "model": "Erlang C (M/M/c)",
        "stable": stable,
        "p_wait": p_wait,
        "mean_wait_s": mean_wait_s,
        service_level_key(sl_threshold_s): service_level,
        "p_abandon": 0.0,
        "occupancy": min(rho, 1.0),
        "mean_service_s": mean_service_s,
    }


def _erlang_a_series(x: float, y: float, chunk: int = 4096) -> tuple[float, np.ndarray, np.ndarray]:
    """The terms of ``A(x, y) = sum_k t_k``, ``t_k = prod_{j<=k} y / (x + j)``.

    ``t_k`` is proportional to the chance that a delayed arrival finds ``k`` others waiting.
    Returns ``(log t_peak, k, t_k / t_peak)`` for the ``k`` whose terms exceed ``e^-45`` of the
    largest; summed outwards from the largest term. All later sums have positive terms only,
    so, unlike ``1 - 1/rho + 1/(rho A)``, they stay precise when patience is long (x, y large).
    """
    k_peak = max(0, math.floor(y - x))  # t_k grows while y / (x + k) > 1
    log_y = math.log(y)
    # log(t_peak) by gammaln: exact (0) when not overloaded, and only a common factor otherwise.
    log_t_peak = k_peak * log_y - float(
        special.gammaln(x + k_peak + 1.0) - special.gammaln(x + 1.0)
    )
    rel: list[np.ndarray] = [np.zeros(1)]  # log(t_k / t_peak)
    ks: list[np.ndarray] = [np.array([float(k_peak)])]
    top, level = k_peak, 0.0
    while level > -45.0:  # upwards: k = k_peak + 1, ...
        j = np.arange(top + 1, top + 1 + chunk, dtype=np.float64)
        logs = level + np.cumsum(log_y - np.log(x + j))
        rel.append(logs)
        ks.append(j)
        top, level = top + chunk, float(logs[-1])
    bottom, level = k_peak, 0.0
    while bottom > 0 and level > -45.0:  # downwards: k = k_peak - 1, ..., 0
        j = np.arange(bottom, max(bottom - chunk, 0), -1, dtype=np.float64)  # j = k + 1
        logs = level - np.cumsum(log_y - np.log(x + j))
        rel.append(logs)
        ks.append(j - 1.0)
        bottom, level = int(j[-1]) - 1, float(logs[-1])
    return log_t_peak, np.concatenate(ks), np.exp(np.concatenate(rel))


def erlang_a_stats(
    arrival_rate_per_s: float,
    mean_service_s: float,
    servers: int,
    mean_patience_s: float,
    sl_threshold_s: float = 20.0,
) -> dict[str, float | str | bool]:
    """Steady-state statistics of M/M/c+M, exponential patience (Erlang A / Palm).

    Stable at any load (abandonment bounds the queue).

    Args:
        arrival_rate_per_s: Poisson arrival rate, contacts per second.
        mean_service_s: mean of the exponential service time, seconds.
        servers: number of servers.
        mean_patience_s: mean of the exponential patience, seconds (``inf`` gives Erlang C).
        sl_threshold_s: service-level threshold, seconds.

    Returns:
        The same keys as :func:`erlang_c_stats`.
    """
    _check_rate_time(arrival_rate_per_s, mean_service_s, sl_threshold_s)
    if not mean_patience_s > 0:
        raise ValueError(f"mean_patience_s: got {mean_patience_s!r}; allowed: > 0 seconds")
    if math.isinf(mean_patience_s):
        return erlang_c_stats(arrival_rate_per_s, mean_service_s, servers, sl_threshold_s)
    load = arrival_rate_per_s * mean_service_s
    _check_servers_load(servers, load)
    rho = load / servers
    theta = 1.0 / mean_patience_s
    x = servers / (mean_service_s * theta)
    y = arrival_rate_per_s / theta

    log_t_peak, k, weight = _erlang_a_series(x, y)
    log_a = log_t_peak + math.log(float(np.sum(weight)))
    # A delayed arrival that finds k waiting abandons with probability (k + 1) / (x + k + 1).
    p_abandon_if_wait = float(np.sum(weight * (k + 1.0) / (x + k + 1.0))) / float(np.sum(weight))
    served_weight = weight * x / (x + k + 1.0)
    log_inv_b = _log_inverse_erlang_b(servers, load)
    log_inv_b_minus_1 = log_inv_b + math.log1p(-math.exp(-log_inv_b))  # log(1/B - 1)
    p_wait = float(special.expit(log_a - log_inv_b_minus_1))  # A B / (1 + (A - 1) B)
    p_abandon = p_wait * p_abandon_if_wait

    # Of the delayed arrivals that are served, the share that starts within the threshold: with
    # k waiting ahead, P(V <= t, V <= patience) / P(served) = I_{1 - e^(-theta t)}(k + 1, x + 1).
    within = special.betainc(k + 1.0, x + 1.0, -math.expm1(-theta * sl_threshold_s))
    share = float(np.sum(served_weight * within)) / float(np.sum(served_weight))
    service_level = 1.0 - p_wait + (p_wait - p_abandon) * share
    return {
        "model": "Erlang A (M/M/c+M)",
        "stable": True,
        "p_wait": p_wait,
        "mean_wait_s": p_abandon * mean_patience_s,
        service_level_key(sl_threshold_s): service_level,
        "p_abandon": p_abandon,
        "occupancy": min(rho * (1.0 - p_abandon), 1.0),
        "mean_service_s": mean_service_s,
    }


def little_l(arrival_rate_per_s: float, mean_time_s: float) -> float:
    """Little's law: mean number present = arrival rate x mean time spent (L = lambda W)."""
    return arrival_rate_per_s * mean_time_s


def little_w(mean_number: float, arrival_rate_per_s: float) -> float:
    """Little's law solved for the mean time spent, seconds: W = L / lambda."""
    return mean_number / arrival_rate_per_s


def time_average_count(
    start_s: np.ndarray, end_s: np.ndarray, window_start_s: float, window_end_s: float
) -> float:
    """Time-average number of intervals ``[start, end)`` open during a window.

    For example the mean number in queue from records: ``start = arrival``,
    ``end = arrival + wait``. Equals the overlap of the intervals with the window, summed,
    divided by the window length.
    """
    if not window_end_s > window_start_s:
        raise ValueError(
            f"window_end_s: got {window_end_s!r}; allowed: > window_start_s ({window_start_s!r})"
        )
    lo = np.maximum(np.asarray(start_s, dtype=np.float64), window_start_s)
    hi = np.minimum(np.asarray(end_s, dtype=np.float64), window_end_s)
    return float(np.sum(np.clip(hi - lo, 0.0, None)) / (window_end_s - window_start_s))


def _check_servers_load(servers: int, offered_load: float, min_servers: int = 1) -> None:
    if isinstance(servers, bool) or int(servers) != servers or servers < min_servers:
        raise ValueError(f"servers: got {servers!r}; allowed: an integer >= {min_servers}")
    if not (offered_load > 0 and math.isfinite(offered_load)):
        raise ValueError(f"offered_load: got {offered_load!r}; allowed: a finite number > 0")


def _check_rate_time(arrival_rate_per_s: float, mean_service_s: float, t_s: float) -> None:
    if not (arrival_rate_per_s > 0 and math.isfinite(arrival_rate_per_s)):
        raise ValueError(f"arrival_rate_per_s: got {arrival_rate_per_s!r}; allowed: finite > 0")
    if not (mean_service_s > 0 and math.isfinite(mean_service_s)):
        raise ValueError(f"mean_service_s: got {mean_service_s!r}; allowed: finite > 0 seconds")
    if not (t_s >= 0 and math.isfinite(t_s)):
        raise ValueError(f"sl_threshold_s: got {t_s!r}; allowed: finite >= 0 seconds")
