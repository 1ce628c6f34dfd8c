"""Figures of runs and comparisons: time series, the cost ledger, experience cohorts.

Pure functions: tidy tables in (``policy, replicate, ...``), a ``matplotlib.figure.Figure`` out.
"""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from servicesim.core.metrics import LEDGER, SUMMARY, label
from servicesim.present.data import mean_ci
from servicesim.present.fmt import money_scale, number
from servicesim.present.style import (
    FIGSIZE_GRID,
    FIGSIZE_WIDE,
    finish,
    legend_below,
    new_figure,
    nice_policy,
    policies_present,
    policy_colors,
    policy_linestyle,
    require_columns,
    styled,
    suptitle,
)

#: (daily column, panel title, axis label) of the time-series figure
TIMESERIES_PANELS = [
    ("customers_active", "Active customers", label("customers_active")),
    ("mean_satisfaction", "Mean satisfaction", label("mean_satisfaction")),
    ("cumulative_profit", "Cumulative profit", None),  # label depends on the money scale
    ("staff_morale", "Frontline staff morale", label("staff_morale")),
]
COHORTS = [
    ("never_failed", "never failed"),
    ("recovered", "recovered"),
    ("unrecovered", "not recovered"),
]
_TIME_LABEL = "time (days)"


def _spread_text(n: int, level: float) -> str:
    return f"mean and {level:.0%} CI over {n} replicates" if n > 1 else "one replicate"


def timeseries_figure(
    timeseries: pd.DataFrame, policies: Sequence[str] | None = None, level: float = 0.95
) -> Figure:
    """Active customers, satisfaction, cumulative profit and morale by day, one line per policy.

    Args:
        timeseries: rows of ``policy, replicate, day`` + daily metrics (``metrics.DAILY``).
        policies: order and selection of policies (default: as found).
        level: confidence level of the band across replicates (t-interval per day).
    """
    require_columns(timeseries, ["policy", "replicate", "day", "customers_active"], "timeseries")
    ts = timeseries.sort_values(["policy", "replicate", "day"]).copy()
    if "profit" not in ts:
        ts["profit"] = ts["revenue"] - ts["cost_total"]
    ts["cumulative_profit"] = ts.groupby(["policy", "replicate"])["profit"].cumsum()
    scale, unit = money_scale(ts["cumulative_profit"])
    ts["cumulative_profit"] /= scale
    pols = policies_present(ts, policies)
    colors = policy_colors(pols)
    n_reps = int(ts.groupby("policy")["replicate"].nunique().max())
    days = int(ts["day"].max()) + 1
    with styled():
        fig = new_figure(FIGSIZE_GRID)
        axes = fig.subplots(2, 2, sharex=True)
        for ax, (column, title, ylabel) in zip(axes.flat, TIMESERIES_PANELS, strict=True):
            for i, p in enumerate(pols):
                s = mean_ci(ts[ts["policy"] == p], ["day"], column, level)
                ax.plot(
                    s["day"],
                    s["mean"],
                    color=colors[p],
                    ls=policy_linestyle(i),
                    label=nice_policy(p),
                )
                if n_reps > 1:
                    ax.fill_between(s["day"], s["low"], s["high"], color=colors[p], alpha=0.2, lw=0)
            ax.set_title(title)
            ax.set_ylabel(ylabel or f"cumulative profit ({unit})")
        for ax in axes[1]:
            ax.set_xlabel(_TIME_LABEL)
        legend_below(fig, axes[0, 0], len(pols))
        suptitle(
            fig,
            f"Customers, satisfaction, profit and morale over {days} days by policy: "
            f"{_spread_text(n_reps, level)}",
        )
    return finish(fig)


def ledger_figure(
    runs: pd.DataFrame, policies: Sequence[str] | None = None, level: float = 0.95
) -> Figure:
    """Whole-run service costs stacked by item beside the gross margin, per policy, profit annotated.

    The cost of goods is taken off revenue (gross margin = revenue - cost of goods) rather than
    stacked: it dwarfs the service costs, which are what policies change. Profit = gross margin -
    service costs, as in the ledger.

    Args:
        runs: one row per run with ``policy``, ``revenue``, ``profit`` and the ``LEDGER`` items.
        policies: order and selection of policies (default: as found).
        level: confidence level of the profit interval in the annotation.
    """
    require_columns(runs, ["policy", "revenue", *LEDGER], "runs")
    frame = runs.copy()
    if "profit" not in frame:
        frame["profit"] = frame["revenue"] - frame[LEDGER].sum(axis=1)
    pols = policies_present(frame, policies)
    frame["gross_margin"] = frame["revenue"] - frame["cost_of_goods"]
    items = [k for k in LEDGER if k != "cost_of_goods"]
    means = frame.groupby("policy")[[*items, "gross_margin"]].mean().loc[pols]
    profit = mean_ci(frame, ["policy"], "profit", level).set_index("policy").loc[pols]
    scale, unit = money_scale(means.to_numpy())
    means, profit = means / scale, profit[["mean", "low", "high", "n"]] / [scale, scale, scale, 1]
    colors = policy_colors(pols)
    item_colors = list(matplotlib.colormaps["cividis"](np.linspace(0.0, 0.95, len(items))))
    n_runs = int(profit["n"].max())
    width = 0.36
    with styled():
        fig = new_figure(FIGSIZE_WIDE)
        ax = fig.subplots()
        x = np.arange(len(pols), dtype=float)
        bottom = np.zeros(len(pols))
        for item, color in zip(items, item_colors, strict=True):
            values = means[item].to_numpy()
            ax.bar(
                x - width / 2 - 0.02,
                values,
                width,
                bottom=bottom,
                color=color,
                edgecolor="white",
                lw=0.5,
                label=_ledger_item(item),
            )
            bottom += values
        ax.bar(
            x + width / 2 + 0.02,
            means["gross_margin"],
            width,
            color=[colors[p] for p in pols],
            edgecolor="black",
            lw=0.8,
        )
        top = np.maximum(bottom, means["gross_margin"].to_numpy())
        for xi, p, height in zip(x, pols, top, strict=True):
            row = profit.loc[p]
            text = f"profit {number(row['mean'])} {unit}"
            if row["n"] > 1:
                text += f"\n({level:.0%} CI {number(row['low'])} to {number(row['high'])})"
            ax.annotate(
                text,
                (xi, height),
                xytext=(0, 6),
                textcoords="offset points",
                ha="center",
                va="bottom",
            )
        ax.set_xticks(
            np.concatenate([x - width / 2 - 0.02, x + width / 2 + 0.02]),
            ["costs"] * len(pols) + ["margin"] * len(pols),
            minor=True,
        )
        ax.set_xticks(x, [nice_policy(p) for p in pols])
        ax.tick_params(axis="x", which="major", pad=24, length=0)
        ax.tick_params(axis="x", which="minor", length=0)
        ax.grid(axis="x", visible=False)
        ax.set_ylim(0, top.max() * 1.22)
        pad = 0.6 if len(pols) >= 3 else 1.1  # keep one or two pairs of bars from filling the axis
        ax.set_xlim(-pad, len(pols) - 1 + pad)
        ax.set_xlabel("policy")
        ax.set_ylabel(f"money over the whole run ({unit})")
        handles, labels = ax.get_legend_handles_labels()  # stack order, bottom first
        revenue = "gross margin (policy colour)"
        ax.legend(
            [*handles[::-1], Patch(facecolor="white", edgecolor="black", label=revenue)],
            [*labels[::-1], revenue],
            title="cost item",
            loc="upper left",
            bbox_to_anchor=(1.01, 1.0),
            frameon=False,
        )
        suptitle(
            fig,
            f"Service costs by item beside gross margin, per policy ({unit}, whole run): "
            f"{'mean over ' + str(n_runs) + ' runs' if n_runs > 1 else 'one run'}",
        )
    return finish(fig)


def _ledger_item(name: str) -> str:
    return "goods sold" if name == "cost_of_goods" else name.removeprefix("cost_").replace("_", " ")


def cohorts_figure(
    runs: pd.DataFrame, policies: Sequence[str] | None = None, level: float = 0.95
) -> Figure:
    """End satisfaction and retention of customers by experience: never failed, recovered, not.

    Args:
        runs: one row per run with ``policy`` and ``satisfaction_*`` / ``retention_*`` cohorts.
        policies: order and selection of policies (default: as found).
        level: confidence level of the error bars across replicates.
    """
    columns = [f"{m}_{c}" for m in ("satisfaction", "retention") for c, _ in COHORTS]
    require_columns(runs, ["policy", *columns], "runs")
    pols = policies_present(runs, policies)
    colors = policy_colors(pols)
    n_reps = int(runs.groupby("policy").size().max())
    width = 0.8 / len(pols)
    with styled():
        fig = new_figure(FIGSIZE_WIDE)
        axes = fig.subplots(1, 2)
        for ax, measure, title in zip(
            axes,
            ("satisfaction", "retention"),
            ("End satisfaction", "Annualised retention"),
            strict=True,
        ):
            x = np.arange(len(COHORTS), dtype=float)
            for i, p in enumerate(pols):
                sub = runs[runs["policy"] == p]
                stats = [
                    mean_ci(sub.assign(g=0), ["g"], f"{measure}_{c}", level).iloc[0]
                    for c, _ in COHORTS
                ]
                mean = np.array([s["mean"] for s in stats])
                err = np.array([s["mean"] - s["low"] for s in stats]) if n_reps > 1 else None
                ax.bar(
                    x - 0.4 + width * (i + 0.5),
                    mean,
                    width * 0.92,
                    yerr=err,
                    capsize=4,
                    color=colors[p],
                    edgecolor="black",
                    lw=0.6,
                    label=nice_policy(p),
                )
            ax.set_xticks(x, [name for _, name in COHORTS])
            ax.set_xlabel("customer experience (last problem)")
            ax.set_ylabel(f"{title.lower()} ({SUMMARY[f'{measure}_never_failed'].unit})")
            ax.set_title(title)
            ax.set_ylim(0, 1.05)
            ax.grid(axis="x", visible=False)
        legend_below(fig, axes[0], len(pols))
        suptitle(
            fig,
            f"Satisfaction and retention by service experience, per policy: "
            f"{_spread_text(n_reps, level)}",
        )
    return finish(fig)
