"""Inside the contact centre: every front-line agent, its morale and its latitude.

Each agent is a square coloured by morale (a star: recently recognised). Under each square a
bar shows the agent's latitude to use its own judgment, from 0 (the bar's left end) to 1 (the
square's width): the outline is what the firm grants that agent today, the filled part what
the agent dares to use of it (less when its morale or confidence is low). Policies that grant
every agent the same latitude draw equal outlines; a senior tier (``policy.senior_skill``,
``senior_extra_latitude``, ``senior_cap_multiple``) draws longer outlines for its members.

Everything is drawn in data units on axes whose units are as tall as they are wide, so the
squares and bars keep their shape whatever the number of staff.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from matplotlib.cm import ScalarMappable
from matplotlib.colors import Normalize
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from servicesim.dashboard.chartstyle import FIGSIZE, FONT_PT, MORALE_CMAP, TITLE_CHARS
from servicesim.dashboard.session import Snapshot

#: squares in a row, and the layout in data units (one unit: the distance between two squares)
PER_ROW = 16
SIDE = 0.74  # a square's side; a bar's full length (latitude 1)
BAR_GAP, BAR_H = 0.08, 0.3  # the bar under a square: gap and height
PITCH = 1.3  # from one row of squares to the next
LEFT, RIGHT = 0.02, 0.98  # axes across the figure
#: inches of one data unit (the axes span PER_ROW units across the figure)
UNIT_IN = FIGSIZE[0] * (RIGHT - LEFT) / PER_ROW
#: inches above each policy's squares (two title lines), and below the last (colour scale, key)
TITLE_IN, FOOT_IN, TOP_IN, BELOW_IN = 0.78, 1.35, 0.08, 0.12
#: characters of the latitude line that fit across the figure at FONT_PT - 3
LINE_CHARS = 84
USED_COLOR, GRANTED_EDGE, TRACK = "#222222", "#222222", "#dcdcdc"


def _range(values: np.ndarray, fmt: str) -> str:
    """'0.80', or '0.80-1.00' when agents differ."""
    low, high = float(values.min()), float(values.max())
    return fmt.format(low) if np.isclose(low, high) else f"{fmt.format(low)}-{fmt.format(high)}"


def latitude_words(granted: np.ndarray, used: np.ndarray, cap: np.ndarray) -> str:
    """One line under a policy's name: latitude granted and used, the cap, the senior tier."""
    if granted.size == 0:
        return "no front-line staff today"
    if not (granted > 0).any():
        return "latitude granted: none (the rulebook or a manager decides)"
    senior = granted > granted.min() + 1e-9
    tier = f" ({int(senior.sum())} senior)" if senior.any() else ""
    return (
        f"latitude granted {_range(granted, '{:.2f}')}{tier}, used {float(used.mean()):.2f} "
        f"on average; cap {_range(cap, '${:,.0f}')} a case"
    )


def _agents(ax: Any, snap: Snapshot, k: int) -> None:
    """Policy ``k``'s squares and latitude bars, row by row, on axes in data units."""
    moral = snap.staff_morale[k]
    n = moral.size
    granted = snap.staff_granted[k] if snap.staff_granted else np.zeros(n)
    used = snap.staff_used[k] if snap.staff_used else np.zeros(n)
    recognised = snap.staff_recognised[k] > 0.5
    colors = MORALE_CMAP(np.clip(moral, 0.0, 1.0))
    for i in range(n):
        x = i % PER_ROW + (1 - SIDE) / 2
        y = -(i // PER_ROW) * PITCH - SIDE
        ax.add_patch(Rectangle((x, y), SIDE, SIDE, facecolor=colors[i], edgecolor="#333", lw=1))
        bar_y = y - BAR_GAP - BAR_H
        ax.add_patch(Rectangle((x, bar_y), SIDE, BAR_H, facecolor=TRACK, lw=0))
        if granted[i] > 0:
            grant = Rectangle((x, bar_y), SIDE * granted[i], BAR_H, facecolor="white", lw=0)
            ax.add_patch(grant)
            ax.add_patch(Rectangle((x, bar_y), SIDE * used[i], BAR_H, facecolor=USED_COLOR, lw=0))
            edge = Rectangle((x, bar_y), SIDE * granted[i], BAR_H, fill=False, lw=1.5)
            edge.set_edgecolor(GRANTED_EDGE)
            ax.add_patch(edge)
        if recognised[i]:
            ax.plot(x + SIDE / 2, y + SIDE / 2, marker="*", ms=13, color="#111", lw=0)


def staff(snap: Snapshot) -> Figure:
    """Every front-line agent as a square coloured by morale, with its latitude bar under it."""
    rows = [max(1, int(np.ceil(m.size / PER_ROW))) for m in snap.staff_morale]
    content = [(r * PITCH - (PITCH - SIDE - BAR_GAP - BAR_H)) * UNIT_IN for r in rows]
    heights = [TITLE_IN + c + BELOW_IN for c in content]
    total = TOP_IN + sum(heights) + FOOT_IN
    fig = Figure(figsize=(FIGSIZE[0], total))
    top = total - TOP_IN
    for k, (name, color) in enumerate(zip(snap.titles, snap.colors, strict=True)):
        bottom = top - heights[k]
        ax = fig.add_axes((LEFT, (bottom + BELOW_IN) / total, RIGHT - LEFT, content[k] / total))
        ax.set_xlim(0, PER_ROW)
        ax.set_ylim(-content[k] / UNIT_IN, 0)
        ax.set_axis_off()
        _agents(ax, snap, k)
        moral = snap.staff_morale[k]
        title = f"{name}: {moral.size} front-line staff"
        # a long policy name shrinks the title rather than running off the figure
        size = FONT_PT * min(1.0, TITLE_CHARS / len(title))
        fig.text(
            LEFT, (top - 0.08) / total, title, color=color, fontsize=size, va="top", weight="bold"
        )
        line = _line(snap, k)
        small = (FONT_PT - 3) * min(1.0, LINE_CHARS / max(len(line), 1))
        # '\$': two dollar signs on a line would read as mathematics to matplotlib
        fig.text(LEFT, (top - 0.43) / total, line.replace("$", r"\$"), fontsize=small, va="top")
        top = bottom
    cax = fig.add_axes((0.2, 0.78 / total, 0.6, 0.16 / total))
    scale = ScalarMappable(norm=Normalize(0.0, 1.0), cmap=MORALE_CMAP)
    bar = fig.colorbar(scale, cax=cax, orientation="horizontal")
    bar.set_label("morale: red = low, blue = high;  \u2605 = recently recognised", labelpad=2)
    fig.text(
        0.5,
        0.06 / total,
        "bar under a square: latitude, 0 to 1 (outline: granted; filled: used)",
        ha="center",
        va="bottom",
        fontsize=FONT_PT - 3,
    )
    return fig


def _line(snap: Snapshot, k: int) -> str:
    n = snap.staff_morale[k].size
    if not snap.staff_granted:
        return ""
    cap = snap.staff_cap[k] if snap.staff_cap else np.zeros(n)
    return latitude_words(snap.staff_granted[k], snap.staff_used[k], cap)
