"""A comparison in one line of plain words: which policy did better on the key outcomes.

Read from the paired table (``comparison.csv``, ``Comparison.table``): for each policy after the
first, the paired difference from the first on profit, yearly churn and the customers left at
the end, with its 95% interval. A difference is called only when its interval excludes zero
("rule_bound better", by the metric's direction in the registry); otherwise "no clear
difference"; one replicate has no interval, and the line says so instead of calling anything.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from servicesim.core.metrics import describe
from servicesim.present.fmt import estimate, finite

#: the outcomes a verdict speaks of, in order, with their names in prose
VERDICT_METRICS = {
    "profit": "profit",
    "churn_rate_per_year": "yearly churn",
    "customers_active_end": "customers at the end",
}
NO_INTERVAL = "one replicate: no interval"


def judgement(metric: str, diff: float, low: float, high: float, base: str, policy: str) -> str:
    """Which policy ``diff = policy - base`` favours: ``"<policy> better"`` or ``"<base>
    better"`` when the interval ``[low, high]`` excludes zero, else ``"no clear difference"``;
    ``"one replicate: no interval"`` without an interval. A metric with no better direction is
    only ``"clear difference"``."""
    if not finite(low, high):
        return NO_INTERVAL
    if low <= 0 <= high:
        return "no clear difference"
    m = describe(metric)
    direction = m.direction if m else 0
    if direction == 0:
        return "clear difference"
    return f"{policy if (diff > 0) == (direction > 0) else base} better"


def _row(table: pd.DataFrame, metric: str, policy: str) -> pd.Series | None:
    hit = table[(table["metric"] == metric) & (table["policy"] == policy)]
    return None if hit.empty else hit.iloc[0]


def sentence(table: pd.DataFrame, base: str, policy: str, days: Any = None) -> str:
    """``policy`` against ``base`` in one sentence (see the module's rules)."""
    clauses, intervals = [], False
    for metric, name in VERDICT_METRICS.items():
        row = _row(table, metric, policy)
        if row is None:
            continue
        diff, low, high = (float(row[k]) for k in ("diff", "diff_ci_low", "diff_ci_high"))
        d, interval = estimate(metric, diff, low, high, signed=True)
        if interval:
            intervals = True
            verdict = judgement(metric, diff, low, high, base, policy)
            clauses.append(f"{name} {d} (95% CI {interval}: {verdict})")
        else:
            clauses.append(f"{name} {d}")
    over = f" over {days} days" if days else ""
    text = f"{policy} vs {base}{over}: {', '.join(clauses) or 'no key outcome recorded'}"
    return text + ("." if intervals or not clauses else f" ({NO_INTERVAL}, so no verdict).")


def verdicts(table: pd.DataFrame, policies: list[str], days: Any = None) -> list[str]:
    """One sentence per policy after the first, each against the first."""
    return [sentence(table, policies[0], p, days) for p in policies[1:]]


def verdict(table: pd.DataFrame, policies: list[str], days: Any = None) -> str:
    """The verdicts of :func:`verdicts` as one string (``""`` with a single policy)."""
    return " ".join(verdicts(table, policies, days))
