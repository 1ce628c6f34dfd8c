"""The decomposition's waterfall: from policy A's level to B's, one lever's Shapley value at a
time, largest first, with each value's 95% interval over replicates."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from servicesim.core.metrics import label
from servicesim.present.fmt import compact_signed
from servicesim.present.style import finish, new_figure, styled, suptitle


def waterfall_figure(decomposition: dict[str, Any], metric: str = "profit") -> Figure:
    """A waterfall of ``metric`` from a ``decomposition.json`` object (``Decomposition.to_json``)."""
    rows = [
        (
            r["name"],
            r["shapley"][metric],
            r["shapley_ci"][metric],
        )
        for r in decomposition["levers"]
    ]
    rows.sort(key=lambda r: -abs(r[1]) if np.isfinite(r[1]) else 0.0)
    gap = decomposition["gap"][metric]
    a, b = Path(str(decomposition["a"])).stem, Path(str(decomposition["b"])).stem
    with styled():
        fig = new_figure((9.0, 0.45 * len(rows) + 2.4))
        ax = fig.add_subplot()
        start = 0.0
        for y, (_name, value, ci) in enumerate(rows):
            color = "#2a7ab0" if value >= 0 else "#c0504d"
            ax.barh(y, value, left=start, color=color, height=0.6)
            lo, hi = ci
            if lo is not None and hi is not None and np.isfinite(lo) and np.isfinite(hi):
                mid = start + value
                ax.errorbar(
                    mid, y, xerr=[[value - lo], [hi - value]], color="0.25", capsize=3, lw=1
                )
            start += value
        y_gap = len(rows)
        ax.barh(y_gap, gap, color="0.45", height=0.6)
        ax.set_yticks(range(len(rows) + 1), [r[0] for r in rows] + ["the whole gap"])
        ax.invert_yaxis()
        ax.axvline(0.0, color="0.3", lw=0.8)
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: compact_signed(metric, v)))
        ax.set_xlabel(f"{label(metric)}: {b} minus {a}, Shapley value per lever")
        n = decomposition.get("reps", 0)
        how = "exact" if decomposition.get("exact") else "sampled orderings"
        suptitle(
            fig,
            f"What carries the gap in {label(metric)} from {a} to {b}: each lever's Shapley value ({how}; 95% interval over "
            f"{n} paired replicates; bars add up to the gap)",
        )
        return finish(fig)


def write_waterfalls(out: Path, metrics: list[str] | None = None) -> list[Path]:
    """``figures/waterfall_<metric>.png`` for a decompose folder (profit and retention by default)."""
    import json

    data = json.loads((out / "decomposition.json").read_text())
    paths = []
    for metric in metrics or [m for m in ("profit", "retention_rate") if m in data["gap"]]:
        fig = waterfall_figure(data, metric)
        path = out / "figures" / f"waterfall_{metric}.png"
        path.parent.mkdir(parents=True, exist_ok=True)
        with styled():
            fig.savefig(path, dpi=120)
        paths.append(path)
    return paths


def table_for(decomposition: dict[str, Any], metric: str) -> pd.DataFrame:
    """One metric's rows, largest Shapley value first: lever, a, b, shapley, interval, alone."""
    rows = [
        {
            "lever": r["name"],
            "a": r["a"],
            "b": r["b"],
            "shapley": r["shapley"][metric],
            "ci_low": r["shapley_ci"][metric][0],
            "ci_high": r["shapley_ci"][metric][1],
            "alone_from_a": r["alone_from_a"][metric],
            "alone_from_b": r["alone_from_b"][metric],
        }
        for r in decomposition["levers"]
    ]
    frame = pd.DataFrame(rows)
    return frame.reindex(frame["shapley"].abs().sort_values(ascending=False).index)
