"""Replication statistics shared by experiments and figures: t-intervals and paired differences.

Pure numpy/pandas/scipy, so that plotting can use it without importing the model.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd


def mean_ci(values: Any, level: float = 0.95) -> tuple[float, float, float]:
    """Mean and Student-t interval of the finite ``values``: ``(mean, low, high)``; NaN if n < 2."""
    from scipy import stats

    x = np.asarray(values, dtype=float)
    x = x[np.isfinite(x)]
    if x.size == 0:
        return math.nan, math.nan, math.nan
    mean = float(x.mean())
    if x.size < 2:
        return mean, math.nan, math.nan
    half = float(stats.t.ppf(0.5 + level / 2, x.size - 1) * x.std(ddof=1) / math.sqrt(x.size))
    return mean, mean - half, mean + half


@dataclass
class Paired:
    """One metric for one policy: its mean and interval, and its paired difference from the first."""

    metric: str
    policy: str
    mean: float
    ci_low: float
    ci_high: float
    diff: float
    diff_ci_low: float
    diff_ci_high: float


def paired_table(
    runs: pd.DataFrame, policies: list[Any], metrics: list[str], level: float = 0.95
) -> pd.DataFrame:
    """``comparison.csv``: per metric and policy the mean with its t-interval, and the paired
    difference from ``policies[0]`` (replicates matched by ``replicate``; NaN for the first)."""
    rows = []
    for metric in metrics:
        wide = runs.pivot(index="replicate", columns="policy", values=metric)
        for policy in policies:
            own = mean_ci(runs.loc[runs["policy"] == policy, metric], level)
            diff = (math.nan,) * 3
            if policy != policies[0] and policy in wide and policies[0] in wide:
                diff = mean_ci(wide[policy] - wide[policies[0]], level)
            rows.append(Paired(metric, policy, *own, *diff).__dict__)
    return pd.DataFrame(rows)


def summarise(
    runs: pd.DataFrame, swept: list[str], metrics: list[str], level: float = 0.95
) -> pd.DataFrame:
    """``summary.csv`` of a sweep: per design point, policy and metric the mean with its interval
    and a paired difference (successful runs only; replicates matched by ``replicate``).

    With several policies the difference is from the first policy at the same point; with one
    policy it is from design point 0 (all points share the replicate seeds). Column ``versus``
    says which.
    """
    ok = runs[runs["status"] == "ok"]
    policies = list(dict.fromkeys(ok["policy"]))
    points = ok.drop_duplicates("point").set_index("point")[swept]
    if len(policies) > 1:
        parts = [
            paired_table(group, policies, metrics, level).assign(point=point, versus=policies[0])
            for point, group in ok.groupby("point", sort=True)
        ]
        table = pd.concat(parts, ignore_index=True)
    else:
        order = sorted(points.index)
        table = paired_table(ok.assign(policy=ok["point"]), order, metrics, level)
        table = table.rename(columns={"policy": "point"}).assign(
            policy=policies[0], versus="point 0"
        )
    table = table.join(points, on="point")
    first = ["point", *swept, "policy", "metric"]
    return table[first + [c for c in table.columns if c not in first]]


#: each policy's absolute levels a reader needs beside the differences (a policy that loses
#: fewer customers may still shrink; a higher profit may be a thinner margin)
LEVEL_METRICS = (
    "churn_rate_per_year",
    "base_change_per_year",
    "revenue",
    "profit",
    "profit_margin",
)


def levels(
    runs: pd.DataFrame,
    policies: list[Any] | None = None,
    metrics: tuple[str, ...] | list[str] = LEVEL_METRICS,
    level: float = 0.95,
) -> pd.DataFrame:
    """Each policy's absolute level of each metric over its replicates: one row per policy and
    metric with ``mean``, ``ci_low``, ``ci_high`` (Student-t) and ``n`` (replicates with a
    value). ``runs``: one row per run with a ``policy`` column (``runs.parquet`` of a compare,
    ``Comparison.runs``); ``policies``: their order (default: as they first appear)."""
    if policies is None:
        policies = list(dict.fromkeys(runs["policy"]))
    rows = []
    for policy in policies:
        mine = runs[runs["policy"] == policy]
        for metric in metrics:
            values = mine[metric].to_numpy(float) if metric in mine else np.array([])
            mean, low, high = mean_ci(values, level)
            n = int(np.isfinite(values).sum())
            rows.append(
                {
                    "policy": policy,
                    "metric": metric,
                    "mean": mean,
                    "ci_low": low,
                    "ci_high": high,
                    "n": n,
                }
            )
    return pd.DataFrame(rows)
