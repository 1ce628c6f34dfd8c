"""Figures of sweeps and sensitivity analyses: loyalty-cost frontier, heatmap, indices.

Pure functions: tidy tables in (one row per sweep run, or the indices table), a
``matplotlib.figure.Figure`` out.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from servicesim.core.metrics import SUMMARY, label
from servicesim.errors import InputError
from servicesim.present.data import pareto_mask
from servicesim.present.fmt import money_scale, number
from servicesim.present.style import (
    FIGSIZE_WIDE,
    MARKERS,
    finish,
    legend_below,
    money_label,
    new_figure,
    nice_policy,
    policies_present,
    policy_colors,
    require_columns,
    styled,
    suptitle,
)


def frontier_figure(
    runs: pd.DataFrame,
    swept: Sequence[str] = (),
    x: str = "cost_total",
    y: str = "retention_rate",
    policies: Sequence[str] | None = None,
) -> Figure:
    """Loyalty versus cost for every sweep run, coloured by policy, with the Pareto front.

    Replicates of one design point (same policy and swept values) are averaged; the front is
    drawn through the design points no other beats on both axes (directions from ``metrics``).

    Args:
        runs: one row per sweep run with ``policy``, ``x``, ``y`` and the ``swept`` columns.
        swept: swept parameter columns identifying a design point.
        x, y: summary metrics on the axes (default: total cost and retention rate).
    """
    frame = runs if "policy" in runs else runs.assign(policy="sweep")
    require_columns(frame, [x, y, *swept], "runs")
    keys = ["policy", *[c for c in swept if c != "policy"]]
    points = frame.groupby(keys, sort=False, dropna=False)[[x, y]].mean().reset_index()
    pols = policies_present(frame, policies)
    colors = policy_colors(pols)
    x_scale, x_unit = money_scale(frame[x]) if SUMMARY[x].unit.startswith("$") else (1.0, "")
    averaged = len(points) < len(frame)
    x_dir = SUMMARY[x].direction or -1
    y_dir = SUMMARY[y].direction or +1
    front = points[pareto_mask(points[x], points[y], x_dir, y_dir)].sort_values(x)
    with styled():
        fig = new_figure(FIGSIZE_WIDE)
        ax = fig.subplots()
        for i, p in enumerate(pols):
            if averaged:
                sub = frame[frame["policy"] == p]
                ax.scatter(sub[x] / x_scale, sub[y], s=14, color=colors[p], alpha=0.3, lw=0)
            pts = points[points["policy"] == p]
            ax.scatter(
                pts[x] / x_scale,
                pts[y],
                s=70,
                color=colors[p],
                marker=MARKERS[i % len(MARKERS)],
                edgecolor="black",
                lw=0.6,
                label=nice_policy(p),
                zorder=3,
            )
        ax.plot(
            front[x] / x_scale,
            front[y],
            color="0.35",
            ls="--",
            lw=1.8,
            drawstyle="steps-post" if x_dir < 0 < y_dir else "default",
            label="Pareto front",
            zorder=2,
        )
        ax.scatter(
            front[x] / x_scale, front[y], s=200, facecolor="none", edgecolor="0.2", lw=1.4, zorder=4
        )
        if averaged:
            ax.scatter([], [], s=14, color="0.5", alpha=0.5, lw=0, label="single runs")
        ax.set_xlabel(money_label(x, x_unit) if x_unit else label(x))
        ax.set_ylabel(label(y))
        ax.legend(title="policy", loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
        what = "design points (mean of replicates)" if averaged else "runs"
        suptitle(
            fig,
            f"{_name(y).capitalize()} versus {_name(x)} for {len(points)} sweep {what}, "
            "Pareto front circled",
        )
    return finish(fig)


def _name(metric: str) -> str:
    return metric.replace("_", " ")


def heatmap_figure(runs: pd.DataFrame, params: Sequence[str], outcome: str = "profit") -> Figure:
    """Mean ``outcome`` per cell of a two-parameter sweep, one panel per policy, annotated.

    Args:
        runs: one row per sweep run with the two ``params`` columns and ``outcome``.
        params: (x parameter, y parameter).
        outcome: summary metric shown in the cells (default: profit).
    """
    if len(params) != 2:
        raise InputError("--params", ",".join(params), "exactly two swept parameters")
    px, py = params
    require_columns(runs, [px, py, outcome], "runs")
    frame = runs.copy()
    if "policy" not in frame or px == "policy" or py == "policy":
        frame["_panel"] = ""
    else:
        frame["_panel"] = frame["policy"]
    panels = [str(p) for p in pd.unique(frame["_panel"])]
    money = SUMMARY.get(outcome) is not None and SUMMARY[outcome].unit == "$"
    scale, unit = money_scale(frame[outcome]) if money else (1.0, "")
    table = frame.pivot_table(index=["_panel", py], columns=px, values=outcome, aggfunc="mean")
    vmin, vmax = np.nanmin(table.to_numpy()) / scale, np.nanmax(table.to_numpy()) / scale
    n_per_cell = int(frame.groupby(["_panel", px, py]).size().max())
    cbar_label = money_label(outcome, unit) if money else label(outcome)
    with styled():
        fig = new_figure((min(6.0 * len(panels) + 2.0, 20.0), 6.75))
        axes = np.atleast_1d(fig.subplots(1, len(panels), squeeze=False)[0])
        image = None
        for ax, panel in zip(axes, panels, strict=True):
            grid = table.loc[panel] / scale
            image = ax.imshow(
                grid.to_numpy(), origin="lower", cmap="cividis", vmin=vmin, vmax=vmax, aspect="auto"
            )
            norm_mid = (vmin + vmax) / 2
            for (r, c), value in np.ndenumerate(grid.to_numpy()):
                ax.text(
                    c,
                    r,
                    number(value),
                    ha="center",
                    va="center",
                    color="black" if value > norm_mid else "white",
                )
            ax.set_xticks(range(grid.shape[1]), [_tick(v) for v in grid.columns])
            ax.set_yticks(range(grid.shape[0]), [_tick(v) for v in grid.index])
            ax.set_xlabel(px)
            ax.set_ylabel(py)
            ax.grid(False)
            if panel:
                ax.set_title(nice_policy(panel))
        assert image is not None  # one panel at least
        fig.colorbar(image, ax=list(axes), label=cbar_label)
        suptitle(
            fig,
            f"Mean {outcome.replace('_', ' ')} over {px} x {py}"
            f"{' per policy' if panels != [''] else ''}"
            f" ({n_per_cell} run{'s' if n_per_cell > 1 else ''} per cell)",
        )
    return finish(fig)


def _tick(value: Any) -> str:
    return f"{value:g}" if isinstance(value, int | float | np.number) else str(value)


def sensitivity_figure(indices: pd.DataFrame, method: str = "sobol") -> Figure:
    """Sensitivity indices per outcome: a bar per parameter and index, ±CI error bars.

    Args:
        indices: rows ``outcome, parameter, index, value, ci`` (ci: half-width of the interval).
        method: ``sobol`` (S1, ST: shares of output variance) or ``morris`` (mu_star, sigma).
    """
    require_columns(indices, ["outcome", "parameter", "index", "value"], "indices")
    outcomes = [str(o) for o in pd.unique(indices["outcome"])]
    kinds = [str(k) for k in pd.unique(indices["index"])]
    params = [str(p) for p in pd.unique(indices["parameter"])]
    shades = ["0.2", "0.6", "0.85", "0.45"]
    hatches = ["", "//", "", ".."]
    ncols = min(len(outcomes), 2)
    nrows = int(np.ceil(len(outcomes) / ncols))
    height = 0.8 / len(kinds)

    def x_label(outcome: str) -> str:
        if method == "sobol":
            return "index (share of output variance)"
        # Morris effects are in the outcome's own unit (a paired difference keeps the unit)
        return f"effect on {label(outcome.removesuffix('_diff'))}"

    with styled():
        fig = new_figure((14.0, max(4.5, 0.5 * len(params) * nrows + 3.0)))
        axes = list(fig.subplots(nrows, ncols, squeeze=False).flat)
        for ax, outcome in zip(axes, outcomes, strict=False):
            sub = indices[indices["outcome"] == outcome]
            y = np.arange(len(params), dtype=float)
            for j, k in enumerate(kinds):
                rows = sub[sub["index"] == k].set_index("parameter").reindex(params)
                err = rows["ci"].to_numpy() if "ci" in rows else None
                ax.barh(
                    y - 0.4 + height * (j + 0.5),
                    rows["value"],
                    height * 0.92,
                    xerr=err,
                    capsize=3,
                    color=shades[j % 4],
                    hatch=hatches[j % 4],
                    edgecolor="black",
                    lw=0.6,
                    label=k,
                )
            ax.set_yticks(y, [p.split(".", 1)[-1].replace("_", " ") for p in params])
            ax.invert_yaxis()
            ax.set_title(label(outcome))
            ax.set_xlabel(x_label(outcome))
            ax.grid(axis="y", visible=False)
            ax.xaxis.set_major_locator(MaxNLocator(nbins=4))  # money ticks are wide
        for ax in axes[len(outcomes) :]:
            ax.set_visible(False)
        legend_below(fig, axes[0], len(kinds))
        suptitle(
            fig,
            f"{method.capitalize()} sensitivity of each outcome to each parameter "
            f"({', '.join(kinds)}; bars: 95% CI)",
        )
    return finish(fig)
