"""The dashboard's charts: a :class:`~servicesim.dashboard.session.Snapshot` in, PNG bytes out.

Matplotlib only (Altair would fetch vega from a CDN; the workshop room may be offline), built on
``matplotlib.figure.Figure`` objects, never pyplot, so charts can be drawn from any thread. Fonts
are large for a projector; money is per month in thousands of dollars. Side by side, the space
between the two lines is shaded: that gap is the policy's effect.

Axes keep a sensible floor instead of zooming in on the data: a y-range fitted to two lines
0.01 apart would show a gap of 0.01 as a chasm. Satisfaction and morale show their whole useful
scale, customers at least a fifth of the starting base, money from zero.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any, cast

import matplotlib
import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from servicesim.dashboard.chartstyle import DPI, FIGSIZE, FONT_PT, STYLE, WIDE
from servicesim.dashboard.session import Snapshot, per_month
from servicesim.dashboard.settings import DAYS_PER_MONTH
from servicesim.dashboard.staffview import staff
from servicesim.dashboard.story import HIRING_SPREAD_DAYS, smoothed_profit

__all__ = ["CHARTS", "CHART_TITLES", "DPI", "FIGSIZE", "FONT_PT", "STYLE", "WIDE", "png", "staff"]

#: the shaded gap between two policies: dark enough to read on a washed-out projector
GAP_COLOR = "#7a7a7a"
GAP_ALPHA = 0.45

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


#: the business's surge of problems, shaded behind the lines of every chart over the days
SURGE_COLOR = "#E69F00"
SURGE_ALPHA = 0.22
#: a switch of policy: a dashed line on the switch day, the training rollout shaded after it
SWITCH_LINE = "#1a1a1a"
SWITCH_ALPHA = 0.35


def _marks(ax: Any, snap: Snapshot, in_legend: bool = True) -> None:
    """Shade the surge of problems and each switch of policy (a dashed line on its day, its
    training rollout shaded after it); drawn from day 0, so the room knows what is coming.

    ``in_legend``: named in the legend (which finds room for itself), else written beside them
    (the empty chart of day 0, which has no legend).
    """
    on_days = ax.get_xaxis_transform()  # x in days, y from 0 (bottom) to 1 (top)
    small: dict[str, Any] = {"fontsize": FONT_PT - 2, "transform": on_days, "va": "top"}
    for mark in snap.marks:
        label = mark.label if in_legend else None
        if mark.kind == "surge":
            ax.axvspan(
                mark.start,
                mark.end,
                color=SURGE_COLOR,
                alpha=SURGE_ALPHA,
                lw=0,
                zorder=0,
                label=label,
            )
        elif mark.kind == "switch":
            color = snap.colors[mark.side] if 0 <= mark.side < len(snap.colors) else SWITCH_LINE
            ax.axvspan(mark.start, mark.end, color=color, alpha=SWITCH_ALPHA, lw=0, zorder=0)
            ax.axvline(mark.start, color=SWITCH_LINE, lw=2, ls=(0, (4, 2)), zorder=1.5, label=label)
        if not in_legend:
            ax.text(mark.start + 6, 0.97, mark.label, ha="left", color=SWITCH_LINE, **small)


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


def _figure(left: float = 0.13, top: float = 0.89) -> tuple[Figure, Any]:
    """A figure with fixed margins: constrained layout would triple the drawing time."""
    fig = Figure(figsize=FIGSIZE)
    fig.subplots_adjust(left=left, right=0.98, bottom=0.17, top=top)
    return fig, fig.subplots()


def _caption(ax: Any, title: str, caption: str) -> None:
    """A bold title with a line of smaller text under it, above the plot."""
    ax.set_title(title, loc="left", pad=FONT_PT + 12)
    ax.text(0.0, 1.03, caption, transform=ax.transAxes, fontsize=FONT_PT - 3, color="#333")


def _floor(ax: Any, series: list[np.ndarray], low: float, high: float) -> None:
    """Y-limits that hold [low, high] and every value, with a little room around the data."""
    finite = np.concatenate([y[np.isfinite(y)] for y in series] + [np.array([low, high])])
    lo, hi = float(finite.min()), float(finite.max())
    room = 0.04 * (hi - lo)
    data = np.concatenate([y[np.isfinite(y)] for y in series])
    top_is_data = data.size > 0 and float(data.max()) >= high
    ax.set_ylim(lo - (room if lo < low else 0.0), hi + (room if top_is_data else 0.0))


def _legend(ax: Any, snap: Snapshot) -> None:
    if len(snap.labels) > 1 or snap.day > 0:
        ax.legend(loc="best", frameon=True, facecolor="white", edgecolor="none", framealpha=0.85)


def _lines(
    snap: Snapshot,
    title: str,
    ylabel: str,
    value: Callable[[Any], Any],
    fmt: str | Callable[[float, int | None], str] | None = None,
    span: Callable[[list[np.ndarray]], tuple[float, float]] | None = None,
    caption: str = "",
) -> Figure:
    """A line per policy over the days so far; the gap between two policies shaded.

    ``span(series)`` gives the (low, high) the y-axis always shows, so that a small gap reads
    as small; ``caption`` is a line under the title (what the numbers are, how smoothed).
    """
    fig, ax = _figure(top=0.82 if caption else 0.89)
    if caption:
        _caption(ax, title, caption)
    else:
        ax.set_title(title, loc="left")
    ax.set_xlabel("day")
    ax.set_ylabel(ylabel)
    if snap.day == 0:
        _empty(ax, snap)
        _marks(ax, snap, in_legend=False)
        return fig
    series = [np.asarray(value(ts), dtype=float) for ts in snap.timeseries]
    days = np.asarray(snap.timeseries[0]["day"], dtype=float) + 1
    for y, name, color in zip(series, snap.titles, snap.colors, strict=True):
        ax.plot(days, y, color=color, label=name)
    if len(series) == 2:  # under the lines, after them in the legend
        ax.fill_between(
            days,
            series[0],
            series[1],
            color=GAP_COLOR,
            alpha=GAP_ALPHA,
            lw=0,
            zorder=1,
            label="gap = the policy",
        )
    _marks(ax, snap)  # after the lines: last in the legend
    ax.set_xlim(0, snap.days)
    if span is not None:
        _floor(ax, series, *span(series))
    ax.yaxis.set_major_locator(MaxNLocator(nbins=5, steps=[1, 2, 2.5, 5, 10]))
    if fmt:
        ax.yaxis.set_major_formatter(fmt)
    _legend(ax, snap)
    return fig


def _base_span(series: list[np.ndarray]) -> tuple[float, float]:
    """Customers: at least 85% to 105% of the starting base."""
    start = float(series[0][0])
    return 0.85 * start, 1.05 * start


def customers(snap: Snapshot) -> Figure:
    return _lines(
        snap,
        "Customers",
        "customers",
        lambda ts: ts["customers_active"],
        "{x:,.0f}",
        span=_base_span,
    )


def satisfaction(snap: Snapshot) -> Figure:
    fig = _lines(
        snap,
        "Satisfaction (0 = furious, 1 = delighted)",
        "average",
        lambda ts: ts["mean_satisfaction"],
        span=lambda series: (0.5, 1.0),
    )
    if snap.day > 0:  # the bands NPS counts, so the scale means something
        ax = fig.axes[0]
        low, high = ax.get_ylim()
        ax.axhspan(0.85, high, color="#2166AC", alpha=0.07, lw=0)
        ax.axhspan(low, 0.65, color="#B2182B", alpha=0.07, lw=0)
        small: dict[str, Any] = {"fontsize": FONT_PT - 3, "transform": ax.get_yaxis_transform()}
        ax.text(0.01, 0.86, "promoters", va="bottom", color="#2166AC", **small)
        ax.text(0.01, 0.64, "detractors", va="top", color="#B2182B", **small)
    return fig


def _millions(x: float, pos: int | None = None) -> str:
    """A tick in millions with as many decimals as it needs: '0.05', '0.1', '2.5', '8'.

    One decimal for every tick wrote the 0.05 steps of a small firm's profit as '0.1, 0.1'.
    """
    text = f"{x:,.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _from_zero(series: list[np.ndarray]) -> tuple[float, float]:
    top = max(float(np.nanmax(y)) for y in series)
    return 0.0, max(top, 0.0)


def profit(snap: Snapshot) -> Figure:
    fig = _lines(
        snap,
        "Profit per month",
        "$ thousand",
        lambda ts: per_month(smoothed_profit(ts)) / 1e3,
        "{x:,.0f}",
        span=_from_zero,
        caption=f"rolling 30 days; hiring costs spread over {HIRING_SPREAD_DAYS} days",
    )
    ax = fig.axes[0]
    if snap.day > 0:
        ax.axhline(0.0, color="#333", lw=1)
    return fig


def profit_so_far(snap: Snapshot) -> Figure:
    fig = _lines(
        snap,
        "Profit so far",
        "$ million",
        lambda ts: ts["profit"].cumsum() / 1e6,
        _millions,
        span=_from_zero,
        caption="since day 0, every cost on the day it is paid",
    )
    return fig


def morale(snap: Snapshot) -> Figure:
    return _lines(
        snap,
        "Staff morale (0 = miserable, 1 = thriving)",
        "average",
        lambda ts: ts["staff_morale"],
        span=lambda series: (0.0, 1.0),
    )


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
    "profit_so_far": profit_so_far,
    "costs": costs,
    "morale": morale,
    "spread": satisfaction_spread,
    "staff": staff,
}


def _reshape(fig: Figure, size: tuple[float, float]) -> None:
    """Resize a figure keeping its top and bottom margins in inches (titles and ticks fit)."""
    height = float(fig.get_size_inches()[1])
    pars = fig.subplotpars
    top_in, bottom_in = (1.0 - pars.top) * height, pars.bottom * height
    fig.set_size_inches(*size)
    fig.subplots_adjust(top=1.0 - top_in / size[1], bottom=bottom_in / size[1])


def png(build: Callable[[Snapshot], Figure], snap: Snapshot, wide: bool = False) -> bytes:
    """Build a chart under the dashboard style and return it as PNG bytes.

    ``wide``: a shorter figure (``WIDE``) with the same fonts, for the presentation layout,
    where two charts stack beside the scoreboard (the staff squares keep their shape).
    """
    with matplotlib.rc_context(cast(Any, STYLE)):
        fig = build(snap)
        if wide and build is not staff:
            _reshape(fig, WIDE)
        buffer = io.BytesIO()
        # fast compression: the page redraws every chart on every frame of play
        fig.savefig(buffer, format="png", dpi=DPI, pil_kwargs={"compress_level": 1})
    return buffer.getvalue()


#: chart name -> what the page calls it (the presentation layout's chart menus)
CHART_TITLES: dict[str, str] = {
    "customers": "Customers",
    "satisfaction": "Satisfaction",
    "profit": "Profit per month",
    "profit_so_far": "Profit so far",
    "costs": "Service costs",
    "morale": "Staff morale",
    "spread": "How customers feel today",
    "staff": "Inside the contact centre",
}
