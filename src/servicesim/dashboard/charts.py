"""The dashboard's charts: a :class:`~servicesim.dashboard.session.Snapshot` in, PNG bytes out.

Matplotlib only (Altair would fetch vega from a CDN; the workshop room may be offline), built on
``matplotlib.figure.Figure`` objects, never pyplot, so charts can be drawn from any thread. Fonts
are large for a projector; money is per month in thousands of dollars. Side by side, the space
between the two lines is shaded: that gap is the policy's effect.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any, cast

import matplotlib
import numpy as np
from matplotlib.cm import ScalarMappable
from matplotlib.colors import LinearSegmentedColormap, Normalize
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from servicesim.dashboard.session import DAYS_PER_MONTH, Snapshot, per_month

FONT_PT = 15
FIGSIZE = (7.6, 4.2)
DPI = 110
STYLE: dict[str, Any] = {
    "font.size": FONT_PT,
    "axes.titlesize": FONT_PT + 2,
    "axes.titleweight": "bold",
    "axes.labelsize": FONT_PT,
    "xtick.labelsize": FONT_PT - 1,
    "ytick.labelsize": FONT_PT - 1,
    "legend.fontsize": FONT_PT - 1,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "lines.linewidth": 3.0,
}
#: morale colours: red (low) through amber to green (high), readable by most colour-blind eyes
MORALE_CMAP = LinearSegmentedColormap.from_list(
    "morale", ["#B2182B", "#F4A582", "#F7F7F7", "#92C5DE", "#2166AC"]
)

#: ledger items in plain words (cost of goods is left out: it follows revenue, and would dwarf
#: the service costs the policies choose between)
COST_WORDS = {
    "cost_labour": "Front-line wages",
    "cost_managers": "Managers",
    "cost_goodwill": "Goodwill (put things right)",
    "cost_gifts": "Gifts and surprises",
    "cost_promotions": "Deals for newcomers",
    "cost_hiring": "Hiring and training",
    "cost_acquisition": "Advertising",
    "cost_other": "Bonuses, fixes, rule info",
}


def _empty(ax: Any, snap: Snapshot) -> None:
    ax.set_xlim(0, snap.days)
    ax.text(
        0.5,
        0.5,
        "Press Play or Step to start",
        ha="center",
        va="center",
        color="#555",
        transform=ax.transAxes,
        fontsize=FONT_PT + 1,
    )


def _figure(left: float = 0.13) -> tuple[Figure, Any]:
    """A figure with fixed margins: constrained layout would triple the drawing time."""
    fig = Figure(figsize=FIGSIZE)
    fig.subplots_adjust(left=left, right=0.98, bottom=0.17, top=0.89)
    return fig, fig.subplots()


def _legend(ax: Any, snap: Snapshot) -> None:
    if len(snap.labels) > 1 or snap.day > 0:
        ax.legend(loc="best", frameon=True, facecolor="white", edgecolor="none", framealpha=0.85)


def _lines(
    snap: Snapshot, title: str, ylabel: str, value: Callable[[Any], Any], fmt: str | None = None
) -> Figure:
    """A line per policy over the days so far; the gap between two policies shaded."""
    fig, ax = _figure()
    ax.set_title(title, loc="left")
    ax.set_xlabel("day")
    ax.set_ylabel(ylabel)
    if snap.day == 0:
        _empty(ax, snap)
        return fig
    series = [np.asarray(value(ts), dtype=float) for ts in snap.timeseries]
    days = np.asarray(snap.timeseries[0]["day"], dtype=float) + 1
    for y, name, color in zip(series, snap.titles, snap.colors, strict=True):
        ax.plot(days, y, color=color, label=name)
    if len(series) == 2:
        ax.fill_between(
            days, series[0], series[1], color="#999999", alpha=0.25, lw=0, label="gap = the policy"
        )
    ax.set_xlim(0, snap.days)
    ax.yaxis.set_major_locator(MaxNLocator(nbins=5, steps=[1, 2, 2.5, 5, 10]))
    if fmt:
        ax.yaxis.set_major_formatter(fmt)
    _legend(ax, snap)
    return fig


def customers(snap: Snapshot) -> Figure:
    return _lines(snap, "Customers", "customers", lambda ts: ts["customers_active"], "{x:,.0f}")


def satisfaction(snap: Snapshot) -> Figure:
    return _lines(
        snap,
        "Satisfaction (0 = furious, 1 = delighted)",
        "average",
        lambda ts: ts["mean_satisfaction"],
    )


def profit(snap: Snapshot) -> Figure:
    fig = _lines(
        snap,
        "Profit per month (last 30 days)",
        "$ thousand",
        lambda ts: per_month(ts["profit"]) / 1e3,
        "{x:,.0f}",
    )
    ax = fig.axes[0]
    if snap.day > 0 and ax.get_ylim()[0] <= 0.0:  # a loss is possible: show where zero is
        ax.axhline(0.0, color="#333", lw=1)
    return fig


def morale(snap: Snapshot) -> Figure:
    fig = _lines(
        snap, "Staff morale (0 = miserable, 1 = thriving)", "average", lambda ts: ts["staff_morale"]
    )
    return fig


def costs(snap: Snapshot) -> Figure:
    """Service costs per month by item, averaged over the run so far, policies side by side."""
    fig, ax = _figure(left=0.36)
    ax.set_title("Service costs per month (so far)", loc="left", x=-0.55)
    ax.set_xlabel("$ thousand a month")
    ax.grid(axis="y", visible=False)
    items = list(COST_WORDS)
    ypos = np.arange(len(items))[::-1].astype(float)
    if snap.day == 0:
        ax.set_yticks(ypos, [COST_WORDS[i] for i in items])
        _empty(ax, snap)
        ax.set_xlim(0, 1)
        return fig
    n = len(snap.labels)
    height = 0.8 / n
    values = np.array(
        [[ts[i].mean() * DAYS_PER_MONTH / 1e3 for i in items] for ts in snap.timeseries]
    )
    order = np.argsort(-values.max(axis=0), kind="stable")  # largest on top, legend room below
    items = [items[j] for j in order]
    for k, (row, name, color) in enumerate(
        zip(values[:, order], snap.titles, snap.colors, strict=True)
    ):
        offset = (n - 1) / 2 * height - k * height
        bars = ax.barh(ypos + offset, row, height=height, color=color, label=name)
        ax.bar_label(bars, fmt="{:,.1f}", padding=3, fontsize=FONT_PT - 3)
    ax.set_yticks(ypos, [COST_WORDS[i] for i in items])
    ax.set_xlim(0, ax.get_xlim()[1] * 1.15)
    ax.legend(loc="lower right", frameon=False, framealpha=0.9)
    return fig


def staff(snap: Snapshot) -> Figure:
    """Every front-line agent as a square coloured by morale; a star marks recent recognition."""
    n = len(snap.labels)
    height = 1.3 + 1.6 * n
    fig = Figure(figsize=(FIGSIZE[0], height))
    fig.subplots_adjust(
        left=0.02, right=0.98, bottom=1.2 / height, top=1 - 0.45 / height, hspace=0.6
    )
    axes = fig.subplots(n, 1, squeeze=False)[:, 0]
    per_row = 16
    for ax, name, color, moral, recog in zip(
        axes, snap.titles, snap.colors, snap.staff_morale, snap.staff_recognised, strict=True
    ):
        k = np.arange(moral.size)
        x, y = k % per_row, -(k // per_row)
        ax.scatter(
            x,
            y,
            c=moral,
            cmap=MORALE_CMAP,
            vmin=0,
            vmax=1,
            marker="s",
            s=520,
            edgecolors="#333",
            linewidths=1.0,
        )
        star = recog > 0.5
        ax.scatter(x[star], y[star], marker="*", s=160, color="#111")
        ax.set_title(
            f"{name}: {moral.size} front-line staff", loc="left", color=color, fontsize=FONT_PT
        )
        rows = max(1, int(np.ceil(moral.size / per_row)))
        ax.set_xlim(-0.7, per_row - 0.3)
        ax.set_ylim(-rows + 0.4, 0.6)
        ax.set_axis_off()
    cax = fig.add_axes((0.2, 0.55 / height, 0.6, 0.18 / height))
    scale = ScalarMappable(norm=Normalize(0.0, 1.0), cmap=MORALE_CMAP)
    bar = fig.colorbar(scale, cax=cax, orientation="horizontal")
    bar.set_label("morale: red = low, blue = high;  \u2605 = recently recognised")
    return fig


def satisfaction_spread(snap: Snapshot) -> Figure:
    """How satisfaction is spread over today's customers, with the NPS bands."""
    fig, ax = _figure()
    ax.set_title("How customers feel today", loc="left")
    ax.set_xlabel("satisfaction (0 = furious, 1 = delighted)")
    ax.set_ylabel("share of customers (%)")
    ax.axvspan(0, 0.65, color="#B2182B", alpha=0.08)
    ax.axvspan(0.85, 1, color="#2166AC", alpha=0.08)
    ax.text(0.02, 0.97, "detractors", transform=ax.transAxes, va="top", color="#B2182B")
    ax.text(0.98, 0.97, "promoters", transform=ax.transAxes, va="top", ha="right", color="#2166AC")
    bins = np.linspace(0, 1, 41)
    for sat, name, color in zip(snap.satisfaction, snap.titles, snap.colors, strict=True):
        if sat.size:
            weights = np.full(sat.size, 100.0 / sat.size)
            ax.hist(sat, bins=bins, weights=weights, histtype="step", lw=3, color=color, label=name)
    ax.set_xlim(0, 1)
    ax.legend(loc="center left", frameon=False)
    return fig


#: chart name -> builder, in page order
CHARTS: dict[str, Callable[[Snapshot], Figure]] = {
    "customers": customers,
    "satisfaction": satisfaction,
    "profit": profit,
    "costs": costs,
    "morale": morale,
    "spread": satisfaction_spread,
    "staff": staff,
}


def png(build: Callable[[Snapshot], Figure], snap: Snapshot) -> bytes:
    """Build a chart under the dashboard style and return it as PNG bytes."""
    with matplotlib.rc_context(cast(Any, STYLE)):
        fig = build(snap)
        buffer = io.BytesIO()
        # fast compression: the page redraws every chart on every frame of play
        fig.savefig(buffer, format="png", dpi=DPI, pil_kwargs={"compress_level": 1})
    return buffer.getvalue()
