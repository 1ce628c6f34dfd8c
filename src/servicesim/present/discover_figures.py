"""Figures of a scenario discovery (``servicesim discover``): PRIM's trade-off curve and the boxes.

Pure functions of the discovery as ``discover_<outcome>.json`` holds it
(``servicesim.experiments.discover.to_json``): nothing here runs PRIM or touches a model.

* **trade-off**: every box on PRIM's trajectory by coverage and density, coloured by how many
  parameters it restricts; the box reported circled (one panel per box when covering);
* **boxes**: each box's limits on the swept ranges, one row per restricted parameter, with its
  quasi-p-value and how often resampled halves restricted it; categories kept filled, dropped
  hollow.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
from matplotlib import colormaps
from matplotlib.colors import BoundaryNorm
from matplotlib.figure import Figure

from servicesim.present.fmt import number
from servicesim.present.style import (
    OKABE_ITO,
    finish,
    new_figure,
    provenance,
    save,
    styled,
    suptitle,
)


def tradeoff_figure(data: dict[str, Any]) -> Figure:
    """Coverage against density along each PRIM trajectory, the reported box circled."""
    boxes = data["boxes"]
    n = max(1, len(boxes))
    dims = [r["res_dim"] for t in data["trajectories"] for r in t] or [0]
    top = max(dims) or 1
    cmap = colormaps["viridis"].resampled(top + 1)  # one colour per count of restrictions
    norm = BoundaryNorm(np.arange(-0.5, top + 1.5), top + 1)
    with styled():
        fig = new_figure((min(6.0 * n + 1.5, 18.0), 6.0))
        axes = list(np.atleast_1d(fig.subplots(1, n, squeeze=False)).flat)
        for k, ax in enumerate(axes):
            traj = data["trajectories"][k] if k < len(data["trajectories"]) else []
            cov = [r["coverage"] for r in traj]
            den = [r["density"] for r in traj]
            res = [r["res_dim"] for r in traj]
            points = ax.scatter(cov, den, c=res, cmap=cmap, norm=norm, s=45, zorder=3)
            ax.plot(cov, den, color="0.7", lw=1, zorder=2)
            if k < len(boxes):
                b = boxes[k]
                ax.scatter(
                    [b["coverage"]], [b["density"]], s=260, facecolor="none", edgecolor="black"
                )
                ax.annotate(
                    f"box {k + 1}",
                    (b["coverage"], b["density"]),
                    textcoords="offset points",
                    xytext=(8, 8),
                )
            ax.set_xlim(-0.02, 1.05)
            ax.set_ylim(-0.02, 1.05)
            ax.set_xlabel("coverage (share of all cases inside)")
            ax.set_ylabel("density (share of the box that are cases)")
            ax.set_title(f"box {k + 1}" if n > 1 else "PRIM trajectory")
        fig.colorbar(
            points, ax=axes, label="parameters restricted", shrink=0.8, ticks=range(top + 1)
        )
        suptitle(
            fig,
            f"Where {data['condition']}: PRIM's trade-off between coverage and density "
            f"({data['cases']} of {data['points']} design points are cases)",
        )
    return finish(fig)


def _row_label(dim: str, box: dict[str, Any]) -> str:
    qp = box["quasi_p"].get(dim)
    shares = box["stability"].get("dimensions", {})
    text = dim.split(".", 1)[-1].replace("_", " ")
    text += f"\nquasi-p {number(qp, 2)}" if qp is not None else "\nquasi-p n/a"
    if dim in shares and shares[dim] is not None:
        text += f", in {100 * shares[dim]:.0f}% of halves"
    return text


def _numeric_row(ax: Any, y: float, lim: list[Any], span: list[float]) -> None:
    lo0, hi0 = span
    width = (hi0 - lo0) or 1.0
    lo = lo0 if lim[0] is None else lim[0]
    hi = hi0 if lim[1] is None else lim[1]
    ax.plot([0, 1], [y, y], color="0.8", lw=8, solid_capstyle="butt", zorder=1)
    ax.plot(
        [(lo - lo0) / width, (hi - lo0) / width],
        [y, y],
        color=OKABE_ITO["blue"],
        lw=8,
        solid_capstyle="butt",
        zorder=2,
    )
    for value, side, align in ((lim[0], lo, "right"), (lim[1], hi, "left")):
        if value is not None:
            ax.annotate(
                f"{value:g}",
                ((side - lo0) / width, y),
                textcoords="offset points",
                xytext=(-4 if align == "right" else 4, 9),
                ha=align,
            )
    ax.annotate(f"{lo0:g}", (0, y), textcoords="offset points", xytext=(0, -16), color="0.4")
    ax.annotate(
        f"{hi0:g}", (1, y), textcoords="offset points", xytext=(0, -16), ha="right", color="0.4"
    )


def _categorical_row(ax: Any, y: float, kept: list[Any], values: list[Any]) -> None:
    xs = np.linspace(0.1, 0.9, len(values)) if len(values) > 1 else np.array([0.5])
    for x, value in zip(xs, values, strict=True):
        inside = value in kept
        ax.scatter(
            [x],
            [y],
            s=140,
            color=OKABE_ITO["blue"] if inside else "white",
            edgecolor=OKABE_ITO["blue"],
            zorder=3,
        )
        ax.annotate(str(value), (x, y), textcoords="offset points", xytext=(0, 9), ha="center")


def _no_box(data: dict[str, Any]) -> str:
    if not data["cases"]:
        return f"no box: no design point has {data['condition']}"
    return "no box: the cases are spread over the whole sweep"


def boxes_figure(data: dict[str, Any]) -> Figure:
    """Each box's restricted parameters within the swept ranges (blue: inside the box)."""
    boxes = data["boxes"]
    params = data["parameters"]
    rows = max([len(b["limits"]) for b in boxes] + [1])
    with styled():
        fig = new_figure((12.0, max(3.5, (1.1 * rows + 1.6) * max(1, len(boxes)))))
        axes = list(np.atleast_1d(fig.subplots(max(1, len(boxes)), 1, squeeze=False)).flat)
        for k, ax in enumerate(axes):
            ax.grid(False)
            ax.set_xticks([])
            ax.set_xlim(-0.05, 1.05)
            if k >= len(boxes) or not boxes[k]["limits"]:
                ax.axis("off")
                ax.text(0.5, 0.5, _no_box(data), ha="center")
                continue
            b = boxes[k]
            dims = list(b["limits"])
            for j, dim in enumerate(dims):
                y = float(len(dims) - 1 - j)
                if params[dim]["kind"] == "categorical":
                    _categorical_row(ax, y, b["limits"][dim], params[dim]["values"])
                else:
                    _numeric_row(ax, y, b["limits"][dim], params[dim]["range"])
            ax.set_yticks(
                [len(dims) - 1 - j for j in range(len(dims))], [_row_label(d, b) for d in dims]
            )
            ax.set_ylim(-0.8, len(dims) - 0.3)
            reps = [r["density"] for r in b["stability"].get("replicates", [])]
            per_rep = ", ".join("n/a" if d is None else f"{d:.2f}" for d in reps)
            same = b["stability"].get("same_dimensions")
            ax.set_title(
                f"box {k + 1}: {b['n']} points, coverage {b['coverage']:.2f}, density "
                f"{b['density']:.2f}\ndensity per replicate {per_rep or 'n/a'}; the same "
                "parameters restricted in "
                + ("n/a" if same is None else f"{100 * same:.0f}%")
                + " of resampled halves",
                loc="left",
            )
        suptitle(fig, f"Where {data['condition']}: the boxes PRIM found (blue: inside)")
    return finish(fig)


def plot_discovery(
    data: dict[str, Any], directory: str | Path, manifest: dict[str, Any], fmt: str = "png"
) -> list[Path]:
    """Write ``figures/discover_<outcome>_tradeoff`` and ``_boxes`` into a sweep folder."""
    folder = Path(directory) / "figures"
    written = []
    for name, make in (("tradeoff", tradeoff_figure), ("boxes", boxes_figure)):
        kind = f"discover_{name}"
        path = folder / f"discover_{data['outcome']}_{name}.{fmt}"
        written.append(save(make(data), path, provenance(manifest, kind), fmt))
    return written
