"""The dashboard charts' look: sizes and fonts for a projector, and the morale colours.

Shared by ``charts.py`` (the line and bar charts) and ``staffview.py`` (the staff squares).
"""

from __future__ import annotations

from typing import Any

from matplotlib.colors import LinearSegmentedColormap

FONT_PT = 15
FIGSIZE = (7.6, 4.2)
#: the presentation layout's charts: as wide, shorter (two stack beside the scoreboard)
WIDE = (7.6, 3.4)
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
#: morale colours: red (low) through pale to blue (high), readable by most colour-blind eyes
MORALE_CMAP = LinearSegmentedColormap.from_list(
    "morale", ["#B2182B", "#F4A582", "#F7F7F7", "#92C5DE", "#2166AC"]
)

#: characters of a bold title that fit across a chart at FONT_PT
TITLE_CHARS = 52
