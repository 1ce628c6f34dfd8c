"""Is a firm in its steady state? A trend test over a run's daily series.

A run's measured period should start from a firm that has settled under its status quo: the
warm-up (``run.warmup_days``) is long enough when, after it, the status quo's key series show no
trend worth the name. ``trend_test`` cuts a daily series into blocks (default: quarters),
takes each block's mean and fits the Theil-Sen slope (median of pairwise slopes, robust to a
noisy block) with its 95% interval (``scipy.stats.theilslopes``). A series counts as steady
when its slope is within ``tolerance`` of its level a year, or when the interval holds zero.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

#: the series that say whether the firm has settled (MODEL.md sec. 1)
TREND_SERIES = (
    "customers_active",
    "mean_satisfaction",
    "staff_morale",
    "mean_skill",
    "escalation_backlog",
    "rule_coverage",
)
#: a trend smaller than this share of the level a year counts as steady
TOLERANCE_PER_YEAR = 0.01


def trend_test(
    ts: pd.DataFrame,
    series: tuple[str, ...] = TREND_SERIES,
    block_days: int = 91,
    tolerance: float = TOLERANCE_PER_YEAR,
) -> pd.DataFrame:
    """One row per series: its mean, the Theil-Sen slope of its block means (per year, and
    relative to the mean), the slope's 95% interval, and ``steady``.

    ``ts``: daily rows (``ServiceModel.timeseries()`` or a ``timeseries.parquet``), in day order.
    """
    from scipy.stats import theilslopes

    n_blocks = len(ts) // block_days
    if n_blocks < 4:
        from servicesim.errors import InputError

        raise InputError(
            "timeseries", f"{len(ts)} days", f"at least {4 * block_days} days (four blocks)"
        )
    rows = []
    t_years = (np.arange(n_blocks) + 0.5) * block_days / 365.0
    for name in series:
        values = ts[name].to_numpy(float)[: n_blocks * block_days]
        blocks = np.nanmean(values.reshape(n_blocks, block_days), axis=1)
        level = float(np.nanmean(blocks))
        slope, _, lo, hi = theilslopes(blocks, t_years, alpha=0.95)
        rel = slope / abs(level) if level else math.nan
        rows.append(
            {
                "series": name,
                "mean": level,
                "slope_per_year": float(slope),
                "relative_per_year": float(rel),
                "ci_low": float(lo),
                "ci_high": float(hi),
                "steady": bool(abs(rel) <= tolerance or lo <= 0.0 <= hi),
            }
        )
    return pd.DataFrame(rows)
