"""The look of every servicesim figure: palette, fonts, money units, provenance, saving.

One colour per policy in every figure, from the Okabe-Ito palette (safe for the common forms of
colour blindness); known policies always get the same colour. Fonts are sized for a slide.
Figures are built on ``matplotlib.figure.Figure`` objects with the Agg canvas: no pyplot, no
global state beyond a ``rc_context`` held while a figure is built or saved.
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, cast

import matplotlib
import pandas as pd
from matplotlib.figure import Figure

from servicesim.core.metrics import label
from servicesim.errors import InputError

#: Okabe & Ito (2008) colour-blind-safe palette, by name
OKABE_ITO = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "bluish_green": "#009E73",
    "reddish_purple": "#CC79A7",
    "vermillion": "#D55E00",
    "sky_blue": "#56B4E9",
    "yellow": "#F0E442",
    "black": "#000000",
}

#: the presets keep their colour in every figure
KNOWN_POLICY_COLORS = {
    "rule_bound": OKABE_ITO["blue"],
    "empowered": OKABE_ITO["orange"],
    "guardrailed": OKABE_ITO["bluish_green"],
    "outsourced_efficiency": OKABE_ITO["reddish_purple"],
    "positively_outrageous": OKABE_ITO["vermillion"],
}

# Other policies take these in order (the Pareto front is drawn in grey, not black).
_SPARE_COLORS = [OKABE_ITO["sky_blue"], OKABE_ITO["yellow"], OKABE_ITO["black"]]
_LINESTYLES = ["-", "--", "-.", ":", (0, (5, 1, 1, 1, 1, 1)), (0, (1, 3))]
MARKERS = ["o", "s", "^", "D", "v", "P", "X", "*"]

#: a base of 13 pt on a 12-inch-wide figure stays readable when projected on a slide
BASE_FONT_PT = 13
FIGSIZE_WIDE = (12.0, 6.75)
FIGSIZE_GRID = (12.0, 8.5)
DPI = 150

STYLE: dict[str, Any] = {
    "font.size": BASE_FONT_PT,
    "axes.titlesize": BASE_FONT_PT + 1,
    "axes.labelsize": BASE_FONT_PT,
    "xtick.labelsize": BASE_FONT_PT - 1,
    "ytick.labelsize": BASE_FONT_PT - 1,
    "legend.fontsize": BASE_FONT_PT - 1,
    "figure.titlesize": BASE_FONT_PT + 3,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "lines.linewidth": 2.2,
    "svg.fonttype": "none",  # text stays text in SVG: searchable, editable
    "pdf.fonttype": 42,  # embed TrueType so slides can edit the text
    "savefig.dpi": DPI,
}


@contextmanager
def styled() -> Iterator[None]:
    """Hold the servicesim style while a figure is built or saved."""
    with matplotlib.rc_context(cast(Any, STYLE)):  # stubs want literal keys
        yield


def new_figure(figsize: tuple[float, float] = FIGSIZE_WIDE) -> Figure:
    """A pyplot-free figure with constrained layout (nothing clipped, legends outside)."""
    return Figure(figsize=figsize, layout="constrained")


def finish(fig: Figure) -> Figure:
    """Fix tick label sizes on every axis, so they survive outside ``styled()``."""
    for ax in fig.axes:
        ax.tick_params(labelsize=BASE_FONT_PT - 1)
    return fig


def suptitle(fig: Figure, text: str) -> None:
    """Set the figure title, wrapped to the figure's width so it is never clipped."""
    size = STYLE["figure.titlesize"]
    width_chars = int(fig.get_figwidth() * 72 / (size * 0.58))
    fig.suptitle(textwrap.fill(text, width=width_chars), fontsize=size)


def policy_colors(policies: Sequence[str]) -> dict[str, str]:
    """One fixed colour per policy: presets keep theirs, others take the spare colours in order.

    Beyond three unknown policies the spare colours repeat (line styles and markers still differ).
    """
    colors: dict[str, str] = {}
    unknown = 0
    for p in policies:
        if p in KNOWN_POLICY_COLORS:
            colors[p] = KNOWN_POLICY_COLORS[p]
        else:
            colors[p] = _SPARE_COLORS[unknown % len(_SPARE_COLORS)]
            unknown += 1
    return colors


def policy_linestyle(index: int) -> Any:
    """A line style per policy position, so lines differ without colour too."""
    return _LINESTYLES[index % len(_LINESTYLES)]


def money_label(name: str, unit: str, prefix: str = "") -> str:
    """'profit' + 'million $' -> 'profit (million $)'; other units pass through ``label``."""
    text = label(name)
    text = text.replace("($)", f"({unit})") if "($)" in text else f"{text} ({unit})"
    return f"{prefix}{text}"


def nice_policy(name: str) -> str:
    """A policy name as a legend reads it: 'rule_bound' -> 'rule bound'."""
    return name.replace("_", " ")


# --- provenance -------------------------------------------------------------------------------


def provenance(manifest: dict[str, Any], kind: str) -> dict[str, str]:
    """The facts a figure file carries about where it came from."""
    facts = {
        "servicesim_version": str(manifest.get("version", "unknown")),
        "seed": str(manifest.get("seed", "unknown")),
        "results_kind": str(manifest.get("kind", "unknown")),
        "figure_kind": kind,
    }
    for key in ("policy", "policies", "scenario", "reps", "customers", "days", "spec", "method"):
        if key in manifest:
            value = manifest[key]
            facts[key] = value if isinstance(value, str) else json.dumps(value, sort_keys=True)
    return facts


def file_metadata(facts: dict[str, str], title: str, fmt: str) -> dict[str, Any]:
    """Provenance as each format allows it: PNG takes any key, PDF and SVG standard keys only."""
    summary = "; ".join(f"{k}={v}" for k, v in facts.items())
    creator = f"servicesim {facts['servicesim_version']}"
    if fmt == "png":
        return {"Title": title, "Software": creator, "Description": summary, **facts}
    if fmt == "pdf":
        # No dates: the same results give byte-identical files.
        return {
            "Title": title,
            "Subject": summary,
            "Keywords": f"servicesim, seed {facts['seed']}",
            "Creator": creator,
            "CreationDate": None,
            "ModDate": None,
        }
    if fmt == "svg":
        return {"Title": title, "Description": summary, "Creator": creator, "Date": None}
    return {}


def save(fig: Figure, path: Path, facts: dict[str, str], fmt: str) -> Path:
    """Write ``fig`` to ``path`` with provenance metadata; returns the path."""
    title = fig.get_suptitle() or (fig.axes[0].get_title() if fig.axes else "")
    path.parent.mkdir(parents=True, exist_ok=True)
    with styled():
        fig.savefig(path, format=fmt, metadata=file_metadata(facts, title, fmt), dpi=DPI)
    return path


# --- helpers shared by the figure modules ------------------------------------------------------


def require_columns(frame: pd.DataFrame, columns: Sequence[str], what: str) -> None:
    """Raise ``InputError`` naming the columns of ``what`` that are missing."""
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise InputError(what, ", ".join(missing), "the columns results folders hold", "missing")


def policies_present(frame: pd.DataFrame, policies: Sequence[str] | None) -> list[str]:
    """``policies`` (default: as found) restricted to those with rows in ``frame``."""
    found = [str(p) for p in pd.unique(frame["policy"])]
    return [p for p in (policies or found) if p in found]


def legend_below(fig: Figure, ax: Any, ncols: int) -> None:
    """The legend of ``ax`` under the whole figure, outside every axis."""
    handles, labels = ax.get_legend_handles_labels()
    fig.legend(handles, labels, loc="outside lower center", ncols=max(1, min(ncols, 5)))
