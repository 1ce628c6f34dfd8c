"""The story of a run in numbers and one sentence: the scoreboard and its verdict.

Two views of a :class:`~servicesim.dashboard.session.Snapshot`, one column per policy (plus the
gap, policy 2 minus policy 1, side by side):

- **so far**: the whole run since day 0 (the day the policies took over from the warm-up):
  profit so far, the share of the starting customers still customers, customers won and lost,
  first-contact resolution, staff who quit;
- **this month**: today's customers, satisfaction, NPS, morale and staff, and money over the
  last 30 days.

Money per month spreads hiring and training costs over the year after they are paid
(:func:`smoothed_profit`): the model books a batch of hires on one day, which would otherwise
read as a month-long trough of tens of thousands of dollars. Profit *so far* counts every cost
on the day it is paid, as the ledger does.
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from servicesim.dashboard.session import Snapshot, per_month
from servicesim.dashboard.settings import DAYS_PER_MONTH

#: days over which the page spreads a hiring and training cost, from the day it is paid
HIRING_SPREAD_DAYS = 365
#: profit gaps smaller than this read as "about the same profit", dollars
SAME_PROFIT = 500.0


@dataclass(frozen=True)
class Row:
    """A scoreboard row: its label, how a value reads, and which way is better."""

    label: str
    kind: str  # "millions", "thousands", "share", "count", "score", "nps"
    better: int = +1  # +1 higher is better, -1 lower is better, 0 neither


SO_FAR_ROWS = (
    Row("Profit so far", "millions"),
    Row("Starting customers kept", "share"),
    Row("Customers won", "count"),
    Row("Customers lost", "count", -1),
    Row("First-contact resolution", "share"),
    Row("Staff who quit", "count", -1),
)
THIS_MONTH_ROWS = (
    Row("Customers", "count"),
    Row("Satisfaction (0-1)", "score"),
    Row("NPS (-100 to 100)", "nps"),
    Row("Revenue per month", "thousands"),
    Row("Profit per month", "thousands"),
    Row("Staff morale (0-1)", "score"),
    Row("Front-line staff", "count", 0),
)
ROWS = {row.label: row for row in SO_FAR_ROWS + THIS_MONTH_ROWS}


def spread_cost(daily: pd.Series, days: int = HIRING_SPREAD_DAYS) -> pd.Series:
    """A cost paid on some days, spread evenly over the ``days`` days from each payment.

    What falls after the last day so far is not shown yet, so the sum is at most the original's.
    """
    values = np.asarray(daily, dtype=float)
    spread = np.convolve(values, np.full(days, 1.0 / days))[: values.size]
    return pd.Series(spread, index=daily.index)


def smoothed_profit(ts: pd.DataFrame) -> pd.Series:
    """Profit a day with hiring and training costs spread over the year after they are paid."""
    return ts["profit"] + ts["cost_hiring"] - spread_cost(ts["cost_hiring"])


def _table(snap: Snapshot, rows: dict[str, list[float]]) -> pd.DataFrame:
    table = pd.DataFrame(rows, index=snap.labels).T
    if len(snap.labels) == 2:
        table["gap"] = table.iloc[:, 1] - table.iloc[:, 0]
    return table


def so_far(snap: Snapshot) -> pd.DataFrame:
    """The run since day 0, one column per policy (plus 'gap' side by side), rows in words.

    'Starting customers kept' is the share of the customers of day 0 still customers today,
    never having left (the run summary's ``retention_rate``).
    """
    rows: dict[str, list[float]] = {row.label: [] for row in SO_FAR_ROWS}
    for k, ts in enumerate(snap.timeseries):
        started = len(ts) > 0
        values = {
            "Profit so far": float(ts["profit"].sum()) if started else math.nan,
            "Starting customers kept": snap.kept[k] / snap.start_customers[k]
            if started and snap.start_customers[k] > 0
            else math.nan,
            "Customers won": float(
                ts["new_customers_referral"].sum() + ts["new_customers_paid"].sum()
            )
            if started
            else math.nan,
            "Customers lost": float(ts["churned"].sum()) if started else math.nan,
            "First-contact resolution": snap.fcr[k] if started else math.nan,
            "Staff who quit": float(ts["staff_quits"].sum()) if started else math.nan,
        }
        for label, value in values.items():
            rows[label].append(value)
    return _table(snap, rows)


def this_month(snap: Snapshot) -> pd.DataFrame:
    """Today's numbers and money over the last 30 days (per month; hiring spread over a year)."""
    rows: dict[str, list[float]] = {row.label: [] for row in THIS_MONTH_ROWS}
    for ts in snap.timeseries:
        if len(ts) == 0:
            for label in rows:
                rows[label].append(math.nan)
            continue
        last = ts.iloc[-1]
        values = {
            "Customers": float(last["customers_active"]),
            "Satisfaction (0-1)": float(last["mean_satisfaction"]),
            "NPS (-100 to 100)": float(last["nps"]),
            "Revenue per month": float(per_month(ts["revenue"]).iloc[-1]),
            "Profit per month": float(per_month(smoothed_profit(ts)).iloc[-1]),
            "Staff morale (0-1)": float(last["staff_morale"]),
            "Front-line staff": float(last["staff_count"]),
        }
        for label, value in values.items():
            rows[label].append(value)
    return _table(snap, rows)


# --- how numbers read ----------------------------------------------------------------------------


def money_words(value: float, signed: bool = False) -> str:
    """Dollars for a room: '$8.29M', '$412k', '$80'; '+$0.39M' when ``signed``."""
    if not math.isfinite(value):
        return "-"
    sign = "-" if value < 0 else ("+" if signed and value > 0 else "")
    size = abs(value)
    if size >= 1e6:
        return f"{sign}${size / 1e6:,.2f}M"
    if size >= 1e3:
        return f"{sign}${size / 1e3:,.0f}k"
    return f"{sign}${size:,.0f}"


#: the step each kind of row is shown to ('$8.29M', '$1,457k', '80.1%', '0.756', '-12.2', '389')
_STEP = {"millions": 1e4, "thousands": 1e3, "share": 1e-3, "score": 1e-3, "nps": 0.1, "count": 1.0}


def rounded(label: str, value: float) -> float:
    """A value as the scoreboard shows it: a gap that reads '0.0' is no gap."""
    if not math.isfinite(value):
        return value
    kind = ROWS[label].kind
    step = 1e3 if kind == "millions" and abs(value) < 1e6 else _STEP[kind]
    return round(value / step) * step + 0.0  # + 0.0: no '-0'


def show(label: str, value: float, signed: bool = False) -> str:
    """A scoreboard cell: '$8.29M', '$1,457k', '80.1%', '+0.9 pp', '0.756', '-12.2'."""
    if value is None or not math.isfinite(value):
        return "-"
    kind = ROWS[label].kind
    value = rounded(label, value)
    if kind == "millions":
        return money_words(value, signed)
    sign = "+" if signed and value > 0 else ("-" if value < 0 else "")
    size = abs(value)
    if kind == "thousands":
        return f"{sign}${size / 1e3:,.0f}k"
    if kind == "share":
        return f"{sign}{100 * size:.1f} pp" if signed else f"{100 * size:.1f}%"
    if kind == "score":
        return f"{sign}{size:.3f}"
    if kind == "nps":
        return f"{sign}{size:.1f}"
    return f"{sign}{size:,.0f}"


def judged(label: str, gap: float) -> str:
    """'better', 'worse' or '' for a gap (policy 2 minus policy 1) in a row, as shown."""
    better = ROWS[label].better
    gap = rounded(label, gap)
    if not better or not math.isfinite(gap) or gap == 0:
        return ""
    return "better" if gap * better > 0 else "worse"


def row_html(label: str, values: pd.Series, n: int, side: bool, prefix: str = "") -> str:
    """One scoreboard row as an HTML ``<tr>``: the label, each policy's value as shown, and
    side by side the gap (2 - 1), classed ``{prefix}better`` or ``{prefix}worse``. The page's
    scoreboard (``prefix`` "ss-") and the handout build their rows here, so they cannot differ."""
    cells = [f"<td>{html.escape(label)}</td>"]
    cells += [f"<td>{show(label, float(v))}</td>" for v in values.iloc[:n]]
    if side:
        gap = float(values["gap"])
        judgement = judged(label, gap)
        cls = f"{prefix}{judgement}" if judgement else ""
        cells.append(f'<td class="{cls}">{show(label, gap, signed=True)}</td>')
    return "<tr>" + "".join(cells) + "</tr>"


# --- the verdict ---------------------------------------------------------------------------------

_NUMBER_WORDS = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five"}


def span_words(day: int) -> str:
    """How long a run has played, in words: 'two years', '7 months', '12 days', 'one day'."""
    if day >= 365 and day % 365 == 0:
        years = day // 365
        return f"{_NUMBER_WORDS.get(years, str(years))} year{'s' if years > 1 else ''}"
    if day >= 60:
        return f"{round(day / DAYS_PER_MONTH)} months"
    return f"{_NUMBER_WORDS.get(day, str(day))} day{'s' if day != 1 else ''}"


def verdict(snap: Snapshot) -> str:
    """The run so far in one sentence, from the cumulative numbers at the current day.

    Side by side it compares policy 2 with policy 1: 'Empowered kept 259 more of the starting
    customers than Rule-bound and made $389k (4.7%) less profit over two years.' Before the
    end it says 'So far, after 7 months, ...'.
    """
    if snap.day == 0:
        return "Press Play or Step: this line will say which policy is ahead, in plain words."
    table = so_far(snap)
    profit = table.loc["Profit so far"].iloc[: len(snap.labels)].tolist()
    kept = list(snap.kept)
    done = snap.day >= snap.days
    span = span_words(snap.day)
    if len(snap.labels) == 1:
        share = table.loc["Starting customers kept"].iloc[0]
        has = "" if done else "has "
        text = (
            f"{snap.titles[0]} {has}kept {100 * share:.1f}% of its starting customers "
            f"({kept[0]:,}) and {has}made {money_words(profit[0])} profit"
        )
        return f"{text} over {span}." if done else f"So far, after {span}, {text}.{_coming(snap)}"
    first, second = snap.titles
    more = kept[1] - kept[0]
    if more == 0:
        customers = f"kept as many of the starting customers as {first}"
    else:
        word = "more" if more > 0 else "fewer"
        customers = f"kept {abs(more):,} {word} of the starting customers than {first}"
    gap = profit[1] - profit[0]
    if abs(gap) < SAME_PROFIT:
        money = "made about the same profit"
    else:
        pct = f" ({100 * abs(gap) / profit[0]:.1f}%)" if profit[0] > 0 else ""
        money = f"made {money_words(abs(gap))}{pct} {'more' if gap > 0 else 'less'} profit"
    if done:
        return f"{second} {customers} and {money} over {span}."
    customers = customers.replace("kept", "has kept", 1)
    money = money.replace("made", "has made", 1)
    return f"So far, after {span}, {second} {customers} and {money}.{_coming(snap)}"


def _coming(snap: Snapshot) -> str:
    """' Policy 2 switches to Empowered on day 180.' while a switch is still to come."""
    ahead = [m for m in snap.marks if m.kind == "switch" and m.start >= snap.day]
    return "".join(f" {m.what[0].upper()}{m.what[1:]} on day {m.start}." for m in ahead)
