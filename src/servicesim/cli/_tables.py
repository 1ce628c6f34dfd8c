"""The experiment commands' tables, sized by the terminal: rich picks the width (``COLUMNS`` when
output is not a terminal), nothing forces one.

Comparisons read long, not wide: one block per outcome, one row per policy, so that two policies
or five, and long policy names, fit a 100-column terminal. Each row gives the policy's mean and
95% interval, and its paired difference from the first policy with its interval. Numbers come
from ``present.fmt.estimate`` (one scale and precision per estimate, every number with its
unit; differences of shares in percentage points). With one replicate there is no interval, and
the interval columns give way to a note saying so. Where a table is still too wide, intervals
stack on two lines; only then do the numbers wrap, and nothing is ever cut off.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import partial
from typing import Any

import pandas as pd
from rich import box
from rich.console import Console
from rich.markup import escape
from rich.measure import Measurement
from rich.table import Table

from servicesim.core import metrics
from servicesim.present.fmt import estimate, finite, plain
from servicesim.present.verdict import NO_INTERVAL, verdicts

CI = "95% CI"
BOLD = "; bold: the interval excludes zero"


def make_table(title: str, caption: str | None = None) -> Table:
    """A table in the house's plain style: a rule under the header, no vertical lines."""
    return Table(
        title=title,
        title_justify="left",
        caption=caption,
        caption_justify="left",
        box=box.SIMPLE_HEAD,
        padding=(0, 0, 0, 1),
        pad_edge=False,
    )


def number_column(table: Table, header: str) -> None:
    """A column of numbers: never wrapped (a header breaks only where it says so)."""
    table.add_column(header, justify="right", no_wrap=True)


def label_column(table: Table, header: str, labels: list[str], most: int = 24) -> None:
    """A column of labels that gives way first: wrapped at spaces, never narrower than its
    longest word (up to ``most``)."""
    words = [len(w) for text in labels for w in text.split()] or [len(header)]
    table.add_column(header, overflow="fold", min_width=min(max(words), most))


def _name_column(table: Table, header: str) -> None:
    """A column of names (policies): each whole on one line."""
    table.add_column(header, no_wrap=True, overflow="fold")


def estimate_cells(
    metric: str, values: tuple[float, float, float], signed: bool, ci: bool, stack: bool
) -> list[str]:
    """Cells for a mean (and its interval when ``ci``; on two lines when ``stack``); a
    difference whose interval excludes zero is bold."""
    mean, low, high = values
    m, interval = estimate(metric, mean, low, high, signed)
    if not ci:
        return [m]
    if stack:
        interval = interval.replace(" to ", " to\n")
    if signed and finite(low, high) and (low > 0 or high < 0):
        return [f"[bold]{m}[/bold]", f"[bold]{interval}[/bold]"]
    return [m, interval]


def _has_interval(table: pd.DataFrame) -> bool:
    return bool(table[["ci_low", "ci_high"]].notna().all(axis=1).any())


def _caption(versus: str, ci: bool, styled: bool) -> str:
    text = f"difference: from {versus}, paired by replicate; pp: percentage points"
    if not ci:
        return f"{NO_INTERVAL}; {text}"
    return text + (BOLD if styled else "")


def comparison_table(
    table: pd.DataFrame, head: dict[str, Any], styled: bool = False, stack: bool = False
) -> Table:
    """The key outcomes of a comparison (``Comparison.table``, ``comparison.csv``), long.

    ``styled``: the console shows bold, and the caption says what bold marks; ``stack``: each
    interval on two lines (a narrow terminal)."""
    pols = list(head["policies"])
    base = pols[0]
    ci = _has_interval(table)
    reps = head["reps"]
    crn = head.get("crn", True)
    runs = "one replicate" if reps == 1 else f"{reps} {'paired ' if crn else ''}replicates"
    title = (
        f"{escape(str(head['scenario']))}: {runs}, {head['customers']:,} customers, "
        f"{head['days']} days, seed {head['seed']}, "
        f"{'common' if crn else 'independent'} random numbers"
    )
    out = make_table(title, _caption(escape(base), ci, styled))
    rows = table.set_index(["metric", "policy"])
    shown = [m for m in metrics.KEY_OUTCOMES if (m, base) in rows.index]
    label_column(out, "outcome (unit)", [metrics.label(m) for m in shown])
    _name_column(out, "policy")
    diff = f"policy -\n{escape(base)}"
    for header in ("mean", CI, diff, CI) if ci else ("mean", diff):
        number_column(out, header)
    for m in shown:
        for i, p in enumerate(pols):
            r = rows.loc[(m, p)]
            cells = estimate_cells(m, (r["mean"], r["ci_low"], r["ci_high"]), False, ci, stack)
            if i:
                d = (r["diff"], r["diff_ci_low"], r["diff_ci_high"])
                cells += estimate_cells(m, d, True, ci, stack)
            label = metrics.label(m) if i == 0 else ""
            out.add_row(label, escape(p), *cells, end_section=i == len(pols) - 1)
    return out


def summary_table(
    rows: pd.DataFrame, swept: list[str], metric: str, styled: bool = False, stack: bool = False
) -> Table:
    """One outcome of a sweep's ``summary.csv``: per design point and policy the mean and the
    paired difference (from the first policy, or with one policy from design point 0)."""
    policies = list(dict.fromkeys(rows["policy"]))
    versus = escape(str(rows["versus"].iloc[0]))
    ci = _has_interval(rows)
    out = make_table(metrics.label(metric), _caption(versus, ci, styled))
    label_column(out, "design point", [f"{k} =" for k in swept], most=40)
    if len(policies) > 1:
        _name_column(out, "policy")
    diff = f"policy -\n{versus}" if len(policies) > 1 else f"difference\nfrom {versus}"
    for header in ("mean", CI, diff, CI) if ci else ("mean", diff):
        number_column(out, header)
    for _, point in rows.groupby("point", sort=True):
        first = point.iloc[0]
        where = "\n".join(f"{k} = {plain(first[k])}" for k in swept) or str(first["point"])
        for i, (_, r) in enumerate(point.iterrows()):
            cells = [escape(where) if i == 0 else ""]
            cells += [escape(str(r["policy"]))] if len(policies) > 1 else []
            cells += estimate_cells(
                metric, (r["mean"], r["ci_low"], r["ci_high"]), False, ci, stack
            )
            if not math.isnan(r["diff"]):
                d = (r["diff"], r["diff_ci_low"], r["diff_ci_high"])
                cells += estimate_cells(metric, d, True, ci, stack)
            out.add_row(*cells, end_section=i == len(point) - 1)
    return out


def print_fitted(console: Console, build: Callable[[bool], Table]) -> None:
    """Print the table ``build(stack)`` makes, fitted to the console: intervals on one line
    where they fit, else stacked; where even that is too wide, every column may wrap rather
    than be cut off."""
    table = build(False)
    if _narrowest(console, table) > console.width:
        table = build(True)
        if _narrowest(console, table) > console.width:
            for column in table.columns:
                column.no_wrap, column.min_width = False, None
    console.print(table)


def _narrowest(console: Console, table: Table) -> int:
    """The narrowest ``table`` can be with its unwrapped columns whole (rich's own minimum
    lets those shrink too)."""
    unbounded = console.options.update_width(1_000_000)
    slack = 0
    for column in table.columns:
        if column.no_wrap:
            continue
        sizes = [Measurement.get(console, unbounded, c) for c in [column.header, *column.cells]]
        narrowest = max(max(m.minimum for m in sizes), column.min_width or 0)
        slack += max(m.maximum for m in sizes) - narrowest
    return Measurement.get(console, unbounded, table).maximum - slack


def print_comparison(console: Console, table: pd.DataFrame, head: dict[str, Any]) -> None:
    """The comparison's table, then its verdict in plain words (one line per policy compared)."""
    styled = console.color_system is not None
    print_fitted(console, partial(comparison_table, table, head, styled))
    for line in verdicts(table, list(head["policies"]), head.get("days")):
        console.print(line, markup=False, highlight=False)


def print_summary(console: Console, summary: pd.DataFrame, swept: list[str]) -> None:
    """A sweep's ``summary.csv``: one table per outcome."""
    styled = console.color_system is not None
    for metric, rows in summary.groupby("metric", sort=False):
        print_fitted(console, partial(summary_table, rows, swept, str(metric), styled))
