"""The paired difference between two policies against each swept parameter, with intervals.

A sweep over several policies answers "where does B beat A?" by the paired difference of an
outcome at each design point (B minus A on the same replicate seeds). This figure puts it
against each swept parameter, one panel per parameter: a dot and its 95% interval per design
point (over replicates), zero marked. On a grid the points of one level line up, and a line
joins the mean per level; on a Latin hypercube or random design every point has its own value,
so the panel is a scatter (the others' values vary along it: read it as a partial view, not a
curve).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import LogLocator, ScalarFormatter

from servicesim.core.metrics import SUMMARY, label
from servicesim.experiments.stats import summarise
from servicesim.present.fmt import money_scale
from servicesim.present.style import (
    finish,
    money_label,
    new_figure,
    nice_policy,
    require_columns,
    styled,
    suptitle,
)

#: a positive range at least this many times wide is drawn on a log axis
LOG_RATIO = 10.0


def paired_differences(
    runs: pd.DataFrame, outcome: str, a: str, b: str, swept: Sequence[str]
) -> pd.DataFrame:
    """One row per design point: its ``swept`` values and the ``mean``, ``low``, ``high`` and
    ``n`` of the paired difference ``outcome[b] - outcome[a]`` over its replicates, as the
    sweep's ``summary.csv`` has it (``experiments.stats.summarise``; failed runs left out)."""
    keys = list(swept)
    require_columns(runs, ["policy", "replicate", outcome, *keys], "runs")
    pair = pd.concat([runs[runs["policy"] == a], runs[runs["policy"] == b]])  # a first: the base
    if "point" not in pair:  # a folder without design point numbers: one per combination
        pair = pair.assign(point=pair.groupby(keys, sort=False).ngroup())
    if "status" not in pair:
        pair = pair.assign(status="ok")
    table = summarise(pair, keys, [outcome])
    d = table[table["policy"] == b][["point", *keys, "diff", "diff_ci_low", "diff_ci_high"]]
    d = d.rename(columns={"diff": "mean", "diff_ci_low": "low", "diff_ci_high": "high"})
    ok = pair[(pair["status"] == "ok") & (pair["policy"] == b)]
    n = ok.groupby("point").size().rename("n")
    return d.join(n, on="point")[[*keys, "mean", "low", "high", "n"]].reset_index(drop=True)


def _is_log(values: pd.Series) -> bool:
    v = pd.to_numeric(values, errors="coerce").dropna()
    return bool(len(v) and v.min() > 0 and v.max() / v.min() >= LOG_RATIO)


def difference_figure(
    runs: pd.DataFrame,
    swept: Sequence[str],
    outcome: str,
    a: str,
    b: str,
    grid: bool,
) -> Figure:
    """``outcome[b] - outcome[a]`` per design point against each swept parameter (95% intervals
    over paired replicates; a line through the level means on a grid)."""
    d = paired_differences(runs, outcome, a, b, swept)
    money = SUMMARY[outcome].unit == "$"
    scale, unit = money_scale(d[["mean", "low", "high"]].to_numpy()) if money else (1.0, "")
    points_pp = SUMMARY[outcome].unit in ("share", "share/year")
    factor = 100.0 if points_pp else 1.0 / scale
    ncols = min(len(swept), 3)
    nrows = int(np.ceil(len(swept) / ncols))
    with styled():
        fig = new_figure((max(4.6 * ncols, 8.0), 3.6 * nrows + 1.2))
        for i, param in enumerate(swept):
            ax = fig.add_subplot(nrows, ncols, i + 1)
            x = pd.to_numeric(d[param], errors="coerce")
            numeric = x.notna().all()
            xs = x if numeric else d[param].astype(str)
            y = d["mean"] * factor
            has_ci = d["low"].notna().any()
            err = (
                np.vstack([(d["mean"] - d["low"]) * factor, (d["high"] - d["mean"]) * factor])
                if has_ci
                else None
            )
            ax.errorbar(xs, y, yerr=err, fmt="o", ms=5, color="#0072B2", ecolor="0.55", lw=1)
            if grid:
                level = d.assign(_x=xs).groupby("_x", sort=True)["mean"].mean() * factor
                ax.plot(level.index, level.to_numpy(), color="#0072B2", lw=1.4)
            ax.axhline(0.0, color="black", lw=0.9, ls="--")
            if numeric and _is_log(x):
                ax.set_xscale("log")
                ax.xaxis.set_major_formatter(ScalarFormatter())
                ax.xaxis.set_minor_locator(LogLocator(subs=(2.0, 5.0)))
                ax.xaxis.set_minor_formatter(ScalarFormatter())
            ax.set_xlabel(param)
            if i % ncols == 0:
                name = label(outcome).split(" (")[0]
                if points_pp:
                    ax.set_ylabel(f"{name} (pp)")
                else:
                    ax.set_ylabel(money_label(name, unit) if money else label(outcome))
        n = int(d["n"].max()) if len(d) else 0
        interval = (
            f"95% interval over {n} paired replicates" if n >= 2 else "one replicate: no interval"
        )
        design = "grid: a line through the level means" if grid else "each point a design point"
        suptitle(
            fig,
            f"Paired difference in {label(outcome)}, {nice_policy(b)} minus {nice_policy(a)}, "
            f"against each swept parameter ({interval}; {design})",
        )
    return finish(fig)
