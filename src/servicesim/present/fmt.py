"""Numbers as people read them: money, shares, counts, times, and differences between them.

One module for every place servicesim shows a number (the CLI's tables, the report, the
figures' labels, the dashboard), so they agree: money is ``-$437,205`` (the sign before the
dollar), shares are ``45.3%``, a difference of shares is in percentage points ``+1.7 pp``,
counts have thousands separators, a missing value is ``n/a``. Two registers: ``value`` and
``signed`` write a number in full (tables); ``compact`` and ``compact_signed`` round money to
``$0.41 M`` or ``$437 k`` (prose and handouts). ``estimate`` writes a mean and its interval at
one scale and precision, with their unit (``-$7.06 k``, ``-$8.96 k to -$5.16 k``): the CLI's
comparison tables and the verdict. Units come from the metrics registry.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from servicesim.core.metrics import describe

NA = "n/a"
SHARE_UNITS = ("share", "share/year")


def finite(*values: Any) -> bool:
    """Whether every value is a finite number."""
    return all(v is not None and math.isfinite(v) for v in values)


def _unit(metric: str) -> str:
    m = describe(metric)
    return m.unit if m else ""


def number(value: float, digits: int = 3) -> str:
    """A number with ``digits`` significant figures, no scientific notation for usual sizes."""
    if not finite(value):
        return NA
    if value == 0:
        return "0"
    magnitude = math.floor(math.log10(abs(value)))
    decimals = max(0, digits - 1 - magnitude)
    return f"{value:,.{decimals}f}"


def money(value: float) -> str:
    """Dollars in full: ``-$437,205``, ``$12.50`` (cents below $100)."""
    if not finite(value):
        return NA
    sign = "-" if value < 0 else ""
    digits = f"{abs(value):,.0f}" if abs(value) >= 100 else f"{abs(value):,.2f}"
    return f"{sign}${digits}"


def money_scale(values: Any) -> tuple[float, str]:
    """(divisor, unit) so that money reads in $, thousand $ or million $."""
    arr = np.asarray(values, dtype=float)
    peak = float(np.nanmax(np.abs(arr))) if arr.size and np.isfinite(arr).any() else 0.0
    if peak >= 1e6:
        return 1e6, "million $"
    if peak >= 1e3:
        return 1e3, "thousand $"
    return 1.0, "$"


def money_short(value: float, scale: float | None = None, unit: str | None = None) -> str:
    """Dollars rounded for prose: ``$0.41 M``, ``-$437 k``, ``$80`` (scale chosen if not given)."""
    if not finite(value):
        return NA
    if scale is None or unit is None:
        scale, unit = money_scale([value])
    suffix = {"million $": " M", "thousand $": " k", "$": ""}[unit]
    sign = "-" if value < 0 else ""
    digits = number(abs(value) / scale)
    if "." in digits:  # $0.41 M, $80: trailing zeros add nothing to money
        digits = digits.rstrip("0").rstrip(".")
    return f"{sign}${digits}{suffix}"


def thousands(value: float, signed: bool = False) -> str:
    """Dollars in thousands, as a scoreboard shows them: ``$1,457k``, ``+$12k``, ``-$3k``."""
    if not finite(value):
        return "-"
    sign = "+" if signed and value > 0 else ("-" if value < 0 else "")
    return f"{sign}${abs(value):,.0f}k"


def share(value: float, decimals: int = 1) -> str:
    """A share as a percentage: ``45.3%``."""
    return f"{100 * value:.{decimals}f}%" if finite(value) else NA


def points(diff: float, decimals: int = 1) -> str:
    """A difference of shares in percentage points: ``+1.7 pp``, ``-0.4 pp``."""
    if not finite(diff):
        return NA
    sign = "+" if diff > 0 else ""
    return f"{sign}{100 * diff:.{decimals}f} pp"


def value(metric: str, v: float) -> str:
    """A metric's value in full, with its unit: money, shares, 0-1 scores, seconds, counts."""
    if v is None or (isinstance(v, float) and not math.isfinite(v)):
        return NA
    unit = _unit(metric)
    if unit == "$" or unit.startswith("$/"):
        return money(v)
    if unit in SHARE_UNITS:
        return share(v)
    if unit == "0-1":
        return f"{v:.3f}"
    if unit == "s":
        return f"{v:,.1f} s"
    if unit == "days":
        return f"{v:,.1f} days"
    if float(v).is_integer() or abs(v) >= 100:  # counts: 70,318 [70,170, 70,466]
        return f"{v:,.0f}"
    return f"{v:,.2f}"


def signed(metric: str, diff: float) -> str:
    """A difference of a metric in full: shares in percentage points, others with a sign."""
    if diff is None or (isinstance(diff, float) and not math.isfinite(diff)):
        return NA
    if _unit(metric) in SHARE_UNITS:
        return points(diff)
    text = value(metric, diff)
    return f"+{text}" if diff > 0 else text


def compact(metric: str, v: float) -> str:
    """A metric's value for prose: shares in %, money in $, k or M, other numbers to 3 figures."""
    if not finite(v):
        return NA
    unit = _unit(metric)
    if unit in SHARE_UNITS:
        return share(v)
    if unit == "$":
        return money_short(v)
    if unit.startswith("$/"):
        return f"${number(v)}"
    return number(v)


def compact_signed(metric: str, diff: float) -> str:
    """A signed difference for prose: shares in percentage points, money in $, k or M."""
    if not finite(diff):
        return NA
    if _unit(metric) in SHARE_UNITS:
        return points(diff)
    sign = "+" if diff > 0 else ""
    return f"{sign}{compact(metric, diff)}"


def plain(v: Any) -> str:
    """A parameter value as a reader wants it: ``0.0005``, ``250``, ``1e+05``, ``true``; ``""``
    for none."""
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        return f"{v:g}"
    return str(v)


def span(low: Any, high: Any) -> str:
    """A range of parameter values, ``0.2..0.8`` (open ends blank); ``""`` when there is none."""
    return "" if low is None and high is None else f"{plain(low)}..{plain(high)}"


#: units written after a number of an estimate (money, shares and points carry their own)
_SUFFIX = {"s": " s", "days": " days", "hours": " h"}


def _decimals(values: list[float], digits: int) -> int:
    """Decimals that give the largest of ``values`` ``digits`` significant figures (whole
    numbers keep every digit; all zero: none)."""
    peak = max((abs(v) for v in values), default=0.0)
    if peak == 0:
        return 0
    return max(0, digits - 1 - math.floor(math.log10(peak)))


def estimate(
    metric: str, mean: float, low: float = math.nan, high: float = math.nan, signed: bool = False
) -> tuple[str, str]:
    """A mean and its interval as ``(mean, interval)`` at one scale and precision:
    ``("-$7.06 k", "-$8.96 k to -$5.16 k")``, ``("+5.3 pp", "+1.2 to +9.5 pp")``,
    ``("43.8 s", "26.0 to 61.6 s")``; the interval is ``""`` when there is none (one replicate).

    Money shares one scale (``$``, ``k``, ``M``) and three significant figures of the largest
    number (cents at most), its ``$`` on each end; shares are percentages (differences: percentage points,
    ``pp``) to two significant figures and at least one decimal; other numbers three
    significant figures. A unit written after numbers stands once at the end of the interval.
    ``signed``: a difference, every number with its sign. A missing mean is ``n/a``.
    """
    unit = _unit(metric)
    numbers = [v for v in (mean, low, high) if finite(v)]
    scale, suffix, prefix = 1.0, _SUFFIX.get(unit, ""), ""
    if unit == "$" or unit.startswith("$/"):
        scale, name = money_scale(numbers)
        prefix, suffix = "$", {"million $": " M", "thousand $": " k", "$": ""}[name]
        decimals = min(2, _decimals([v / scale for v in numbers], 3))  # cents at most
    elif unit in SHARE_UNITS:
        scale, suffix = 0.01, (" pp" if signed else "%")
        decimals = max(1, _decimals([v / scale for v in numbers], 2))
    else:
        decimals = _decimals(numbers, 3)

    def one(v: float, unit: bool = True) -> str:
        if not finite(v):
            return NA
        sign = "-" if v < 0 else ("+" if signed and v > 0 else "")
        text = f"{sign}{prefix}{abs(v) / scale:,.{decimals}f}"
        return text + (suffix if unit or prefix else "")

    interval = f"{one(low, unit=False)} to {one(high)}" if finite(low, high) else ""
    return one(mean), interval
