"""The contact-centre queue on its own: Poisson arrivals, c servers, FCFS, impatient customers.

Its service and patience distributions are in ``core/distributions.py`` (re-exported here).

``simulate_queue`` draws arrivals, work and patience from seeded streams and runs the numba
kernel :func:`servicesim.core.kernels.queue.queue_day`, returning per-contact records
(:class:`QueueResult`). It is the public face of the queue that the model uses each day, and
the thing the analytic checks (Erlang C, Erlang A, Little's law) and Ciw are compared with.

Random numbers: one ``numpy.random.SeedSequence(seed)`` spawns three child streams, for
arrivals, service work and patience, each a ``Generator(PCG64)``. Changing the patience
distribution therefore leaves the arrival times and the service work untouched (common random
numbers), and scaling a mean scales the same underlying draws.

Closing rule (from the kernel): arrivals stop at closing time; contacts still waiting are served
in paid overtime and may still abandon; ``overtime_s`` is the busy server time after closing.
See docs/queue.md for the definitions of every statistic.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cached_property
from numbers import Integral
from typing import TYPE_CHECKING, Any

import numpy as np

from servicesim.core.distributions import (
    PATIENCE_FORMS,
    SERVICE_FORMS,
    Distribution,
    Exponential,
    Fixed,
    Infinite,
    LogNormal,
    parse_dist,
    positive,
)
from servicesim.core.kernels.queue import queue_day
from servicesim.core.theory import erlang_a_stats, erlang_c_stats, service_level_key
from servicesim.errors import InputError

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "PATIENCE_FORMS",
    "SERVICE_FORMS",
    "Distribution",
    "Exponential",
    "Fixed",
    "Infinite",
    "LogNormal",
    "QueueResult",
    "analytic_stats",
    "default_warmup_hours",
    "parse_dist",
    "simulate_queue",
]

# The per-contact records of a QueueResult, in to_frame() column order.
RECORDS = (
    "arrival_s",
    "wait_s",
    "abandoned",
    "server",
    "service_s",
    "end_s",
    "work_s",
    "patience_s",
)

# Guard against runs that would not fit in memory (about 60 bytes per contact).
MAX_EXPECTED_CONTACTS = 50_000_000


def default_warmup_hours(hours: float) -> float:
    """The warm-up used when none is given: 10% of the horizon, at most 1 hour."""
    return min(1.0, 0.1 * hours)


def analytic_stats(
    arrivals_per_hour: float,
    servers: int,
    service: Distribution,
    patience: Distribution,
    sl_threshold_s: float = 20.0,
) -> dict[str, Any] | None:
    """Erlang C (infinite patience) or Erlang A (exponential patience) values for a Markovian
    queue (exponential service); None for any other case."""
    if not isinstance(service, Exponential):
        return None
    rate_per_s = arrivals_per_hour / 3600.0
    if isinstance(patience, Infinite):
        return erlang_c_stats(rate_per_s, service.mean_s, servers, sl_threshold_s)
    if isinstance(patience, Exponential):
        return erlang_a_stats(rate_per_s, service.mean_s, servers, patience.mean_s, sl_threshold_s)
    return None


@dataclass
class QueueResult:
    """Per-contact records of one run, in arrival order, plus the run's settings.

    Records (one entry per contact, numpy arrays): ``arrival_s`` seconds from opening;
    ``wait_s`` time in queue (for an abandoner, until it left); ``abandoned``; ``server``
    (-1 if abandoned); ``service_s`` (0 if abandoned); ``end_s`` time the contact left;
    ``work_s`` and ``patience_s`` the drawn work and patience.
    """

    arrival_s: np.ndarray
    wait_s: np.ndarray
    abandoned: np.ndarray
    server: np.ndarray
    service_s: np.ndarray
    end_s: np.ndarray
    work_s: np.ndarray
    patience_s: np.ndarray
    servers: int
    close_s: float
    warmup_s: float
    overtime_s: float
    arrivals_per_hour: float
    service: Distribution
    patience: Distribution
    seed: int

    @cached_property
    def _longest_stay_s(self) -> float:
        return float(np.max(self.end_s - self.arrival_s)) if self.arrival_s.shape[0] else 0.0

    def stats(
        self,
        after_s: float | None = None,
        until_s: float | None = None,
        sl_threshold_s: float = 20.0,
    ) -> dict[str, float]:
        """Statistics of the contacts arriving in ``[after_s, until_s)``.

        Defaults: from the end of the warm-up to closing. ``occupancy`` is the busy server time
        inside the window over ``servers x window length``. Shares are of all arrivals in the
        window; NaN when there are none. See docs/queue.md for each definition.
        """
        after = self.warmup_s if after_s is None else float(after_s)
        until = self.close_s if until_s is None else float(until_s)
        if not 0.0 <= after < until <= self.close_s:
            raise InputError(
                "after_s/until_s", (after_s, until_s), f"0 <= after_s < until_s <= {self.close_s:g}"
            )
        # Arrivals are sorted, so the window's contacts are one slice.
        lo, hi = np.searchsorted(self.arrival_s, [after, until], side="left")
        wait = self.wait_s[lo:hi]
        abandoned = self.abandoned[lo:hi]
        served = ~abandoned
        n = int(hi - lo)
        n_served = int(np.count_nonzero(served))

        # Busy server time inside the window, from every service that overlaps it (contacts
        # that arrived more than the longest stay before the window cannot overlap it).
        first = int(np.searchsorted(self.arrival_s, after - self._longest_stay_s, side="left"))
        part = slice(first, int(hi))
        start = self.arrival_s[part] + self.wait_s[part]
        overlap = np.minimum(self.end_s[part], until) - np.maximum(start, after)
        busy_s = float(np.sum(np.clip(overlap, 0.0, None)[~self.abandoned[part]]))

        def share(mask: np.ndarray) -> float:
            return float(np.count_nonzero(mask)) / n if n else math.nan

        service_s = self.service_s[lo:hi][served]

        return {
            "contacts": n,
            "served": n_served,
            "abandoned": n - n_served,
            "p_wait": share(wait > 0.0),
            "mean_wait_s": float(np.mean(wait)) if n else math.nan,
            service_level_key(sl_threshold_s): share(served & (wait <= sl_threshold_s)),
            "p_abandon": share(abandoned),
            "occupancy": busy_s / (self.servers * (until - after)),
            "mean_service_s": float(np.mean(service_s)) if n_served else math.nan,
            "measured_s": until - after,
        }

    def summary(self, sl_threshold_s: float = 20.0) -> dict[str, float]:
        """``stats()`` after the warm-up plus whole-day figures (all contacts, overtime)."""
        out = self.stats(sl_threshold_s=sl_threshold_s)
        out["contacts_total"] = int(self.arrival_s.shape[0])
        out["overtime_s"] = self.overtime_s
        return out

    def batch_stats(
        self, n_batches: int = 20, after_s: float | None = None, sl_threshold_s: float = 20.0
    ) -> dict[str, dict[str, float]]:
        """Batch means: split ``[after_s, close)`` into equal windows and take ``stats`` of each.

        Returns ``{"mean": {...}, "se": {...}}`` for the rate statistics; ``se`` is the standard
        deviation of the batch values over ``sqrt(n_batches)``, the usual standard error of a
        steady-state mean when batches are long compared with the queue's memory.
        """
        if isinstance(n_batches, bool) or not isinstance(n_batches, Integral) or n_batches < 2:
            raise InputError("n_batches", n_batches, "an integer >= 2")
        after = self.warmup_s if after_s is None else float(after_s)
        edges = np.linspace(after, self.close_s, int(n_batches) + 1)
        rows = [
            self.stats(a, b, sl_threshold_s) for a, b in zip(edges[:-1], edges[1:], strict=True)
        ]
        sl_key = service_level_key(sl_threshold_s)
        keys = ["p_wait", "mean_wait_s", sl_key, "p_abandon", "occupancy", "mean_service_s"]
        values = {k: np.array([r[k] for r in rows], dtype=np.float64) for k in keys}
        return {
            "mean": {k: float(np.mean(v)) for k, v in values.items()},
            "se": {k: float(np.std(v, ddof=1) / math.sqrt(len(v))) for k, v in values.items()},
        }

    def theory(self, sl_threshold_s: float = 20.0) -> dict[str, Any] | None:
        """Erlang C / Erlang A values for this run's inputs when Markovian, else None."""
        return analytic_stats(
            self.arrivals_per_hour, self.servers, self.service, self.patience, sl_threshold_s
        )

    def to_frame(self) -> pd.DataFrame:
        """The records as a pandas DataFrame, one row per contact."""
        import pandas as pd

        return pd.DataFrame({name: getattr(self, name) for name in RECORDS})


def _poisson_arrivals(rng: np.random.Generator, rate_per_s: float, close_s: float) -> np.ndarray:
    """Arrival times of a Poisson process on ``[0, close_s)``: cumulated exponential gaps."""
    expected = rate_per_s * close_s
    chunk = int(expected + 6.0 * math.sqrt(expected) + 16)
    times = np.cumsum(rng.standard_exponential(chunk) / rate_per_s)
    while times[-1] < close_s:  # rare: more than six standard deviations above the mean
        more = np.cumsum(rng.standard_exponential(chunk) / rate_per_s) + times[-1]
        times = np.concatenate([times, more])
    return times[: int(np.searchsorted(times, close_s, side="left"))]


def simulate_queue(
    arrivals_per_hour: float,
    servers: int,
    service: Distribution | str,
    patience: Distribution | str,
    hours: float,
    seed: int,
    warmup_hours: float | None = None,
) -> QueueResult:
    """Simulate an FCFS M/G/c+G queue from opening for ``hours``, with closing rule and records.

    Args:
        arrivals_per_hour: Poisson arrival rate, contacts per hour, > 0.
        servers: number of identical servers (speed 1), an integer >= 1.
        service: service-time distribution (seconds), or a string for :func:`parse_dist`.
        patience: patience distribution (seconds), ``Infinite()`` / ``"inf"`` for none.
        hours: opening hours; arrivals happen in ``[0, hours)``, > 0.
        seed: non-negative integer; the same seed gives identical records.
        warmup_hours: start of the measured window, hours, ``0 <= warmup < hours``; default
            :func:`default_warmup_hours` (10% of ``hours``, at most 1). Used by ``stats``.

    Raises:
        InputError: for any invalid input, naming it.
    """
    rate_h = positive("arrivals_per_hour", arrivals_per_hour)
    if isinstance(servers, bool) or not isinstance(servers, Integral) or servers < 1:
        raise InputError("servers", servers, "an integer >= 1")
    if isinstance(service, str):
        service = parse_dist(service, "service", allow_infinite=False)
    if isinstance(patience, str):
        patience = parse_dist(patience, "patience")
    if isinstance(service, Infinite) or not isinstance(service, Exponential | LogNormal | Fixed):
        raise InputError("service", str(service), SERVICE_FORMS)
    if not isinstance(patience, Exponential | LogNormal | Fixed | Infinite):
        raise InputError("patience", str(patience), PATIENCE_FORMS)
    hours_f = positive("hours", hours)
    warm = default_warmup_hours(hours_f) if warmup_hours is None else warmup_hours
    warm_f = positive("warmup_hours", warm, zero_ok=True)
    if warm_f >= hours_f:
        raise InputError("warmup_hours", warm, f"a number >= 0 and < hours ({hours_f:g})")
    if isinstance(seed, bool) or not isinstance(seed, Integral) or seed < 0:
        raise InputError("seed", seed, "an integer >= 0")
    if rate_h * hours_f > MAX_EXPECTED_CONTACTS:
        raise InputError(
            "arrivals_per_hour",
            arrivals_per_hour,
            f"arrivals_per_hour x hours <= {MAX_EXPECTED_CONTACTS:.0e} contacts",
        )

    arrivals_ss, service_ss, patience_ss = np.random.SeedSequence(int(seed)).spawn(3)
    close_s = hours_f * 3600.0
    arrival_s = _poisson_arrivals(
        np.random.Generator(np.random.PCG64(arrivals_ss)), rate_h / 3600.0, close_s
    )
    n = int(arrival_s.shape[0])
    work_s = service.sample(np.random.Generator(np.random.PCG64(service_ss)), n)
    patience_s = patience.sample(np.random.Generator(np.random.PCG64(patience_ss)), n)
    speed = np.ones(int(servers), dtype=np.float64)
    wait_s, abandoned, server, service_s, end_s, overtime_s = queue_day(
        arrival_s, work_s, patience_s, speed, close_s
    )
    return QueueResult(
        arrival_s=arrival_s,
        wait_s=wait_s,
        abandoned=abandoned,
        server=server,
        service_s=service_s,
        end_s=end_s,
        work_s=work_s,
        patience_s=patience_s,
        servers=int(servers),
        close_s=close_s,
        warmup_s=warm_f * 3600.0,
        overtime_s=float(overtime_s),
        arrivals_per_hour=rate_h,
        service=service,
        patience=patience,
        seed=int(seed),
    )
