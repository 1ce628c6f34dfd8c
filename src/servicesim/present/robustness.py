"""A robustness analysis for readers: the verdict in plain words, the distribution of each
paired difference across worlds, and a tornado of the assumptions that decide it.

Reads a robustness folder (``runs.parquet``, ``drivers.csv``, ``manifest.json``), never a live
engine.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from servicesim.core.metrics import SUMMARY, label
from servicesim.present.fmt import SHARE_UNITS, compact_signed, points, share
from servicesim.present.style import (
    OKABE_ITO,
    finish,
    new_figure,
    provenance,
    save,
    styled,
    suptitle,
)

#: assumptions a tornado shows (largest delta first), besides the dummy
TORNADO_ROWS = 15


def _stem(name: str) -> str:
    return Path(str(name)).stem


def diff_text(metric: str, diff: float) -> str:
    """A paired difference for prose and tables: shares in percentage points to two decimals
    (a robustness difference is often a fraction of a point), others as ``compact_signed``."""
    unit = SUMMARY[metric].unit if metric in SUMMARY else ""
    return points(diff, 2) if unit in SHARE_UNITS else compact_signed(metric, diff)


def _better(metric: str) -> str:
    """'more profit', 'less churn' ... the better direction of a metric in words."""
    words = {
        "profit": "makes more profit",
        "retention_rate": "keeps more customers",
        "churn_rate_per_year": "loses fewer customers a year",
        "mean_satisfaction": "leaves customers more satisfied",
        "staff_morale": "keeps staff morale higher",
        "customers_active_end": "ends with more customers",
    }
    if metric in words:
        return words[metric]
    direction = SUMMARY[metric].direction if metric in SUMMARY else 0
    return f"has {'higher' if direction > 0 else 'lower'} {label(metric)}"


def _hinge(drivers: dict[str, Any] | None) -> str:
    """', mostly where ...' from PRIM's box on "B wins", or the strongest driver, or ''."""
    if not drivers:
        return ""
    box = drivers.get("b_wins_box")
    if box:
        return f", mostly where {box['description']} ({share(box['density'], 0)} of those worlds)"
    found = drivers.get("drivers") or []
    if found:
        names = " and ".join(d["parameter"] for d in found[:2])
        return f"; it hinges most on {names}"
    return "; no assumption stands out from the noise floor"


def verdict(data: dict[str, Any], metric: str) -> str:
    """One sentence: how often B beats A on ``metric`` across the headline worlds, and what it
    hinges on (``data``: the robustness ``--json`` object)."""
    o = next(x for x in data["outcomes"] if x["metric"] == metric)
    b, n = _stem(data["b"]), o["worlds"]
    if not n:
        return f"{b} versus {_stem(data['a'])} on {label(metric)}: no world in the headline"
    text = (
        f"{b} {_better(metric)} than {_stem(data['a'])} in {share(o['p_b_better'], 0)} of {n} "
        f"{'world' if n == 1 else 'worlds'} drawn from the stated ranges (90% interval {share(o['p_b_better_low'], 0)}-"
        f"{share(o['p_b_better_high'], 0)}; median difference "
        f"{diff_text(metric, o['median_diff'])})"
    )
    text += _hinge(data.get("drivers", {}).get(metric))
    h = o.get("halved_c") or {}
    if h.get("worlds"):
        text += f"; with the grade-C ranges halved, {share(h['p_b_better'], 0)} of {h['worlds']}"
    return text + "."


def differences_figure(runs: pd.DataFrame, metrics: list[str], a: str, b: str) -> Figure:
    """One panel per metric: each headline world's mean paired difference ``B - A`` (dots and a
    histogram), its median and 5th-95th percentile range, and zero; worlds with the grade-C
    ranges halved in a second colour."""
    ab = runs[runs["arm"].isin(["A", "B"]) & (runs["world"] == "headline")]
    ncols = min(3, len(metrics))
    nrows = int(np.ceil(len(metrics) / ncols))
    fig = new_figure((4.4 * ncols, 3.4 * nrows + 1.2))
    for i, metric in enumerate(metrics):
        ax = fig.add_subplot(nrows, ncols, i + 1)
        for design, color, name in (
            ("full", OKABE_ITO["blue"], "headline worlds"),
            ("halved_c", OKABE_ITO["orange"], "grade-C ranges halved"),
        ):
            rows = ab[ab["design"] == design]
            if rows.empty:
                continue
            wide = rows.pivot_table(index=["sample", "replicate"], columns="arm", values=metric)
            d = (wide["B"] - wide["A"]).groupby(level="sample").mean().to_numpy(float)
            d = d[np.isfinite(d)]
            if d.size == 0:
                continue
            ax.hist(d, bins=max(5, min(20, d.size // 2)), color=color, alpha=0.45, label=name)
            if design == "full":
                lo, mid, hi = np.percentile(d, [5, 50, 95])
                ax.axvspan(lo, hi, color=color, alpha=0.08)
                ax.axvline(mid, color=color, lw=2)
        ax.axvline(0.0, color="0.2", lw=1, ls="--")
        ax.xaxis.set_major_locator(MaxNLocator(4))
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _, m=metric: diff_text(m, v)))
        ax.set_title(label(metric))
        ax.set_ylabel("worlds")
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        if i == 0:
            ax.legend(loc="best", fontsize=9)
    suptitle(
        fig,
        f"{_stem(b)} minus {_stem(a)} in each world (mean over its replicates): median (line), "
        "5th-95th percentile (band), zero (dashed)",
    )
    return finish(fig)


def tornado_figure(drivers: pd.DataFrame, metric: str, rows: int = TORNADO_ROWS) -> Figure:
    """The assumptions with the largest delta index for ``metric`` (95% intervals), the dummy's
    upper limit as the noise floor; blue where a higher value favours B, red where it favours A."""
    own = drivers[drivers["outcome"] == metric]
    dummy = own[own["parameter"] == "dummy"]
    top = own[own["parameter"] != "dummy"].head(rows)
    shown = pd.concat([top, dummy])
    direction = SUMMARY[metric].direction or 1
    fig = new_figure((10.0, 0.42 * len(shown) + 2.2))
    ax = fig.add_subplot()
    y = np.arange(len(shown))
    colors = [
        "0.6"
        if p == "dummy"
        else (OKABE_ITO["blue"] if direction * (s if np.isfinite(s) else 0) >= 0 else "#c0504d")
        for p, s in zip(shown["parameter"], shown["spearman"], strict=True)
    ]
    ax.barh(y, shown["delta"], xerr=shown["delta_conf"], color=colors, capsize=3, height=0.6)
    if not own.empty:
        ax.axvline(float(own["dummy_upper"].iloc[0]), color="0.3", ls="--", lw=1)
    labels = [
        f"{p}{' *' if d else ''}" for p, d in zip(shown["parameter"], shown["driver"], strict=True)
    ]
    ax.set_yticks(y, labels)
    ax.invert_yaxis()
    ax.set_xlabel(
        f"delta index of {label(metric)} (B - A), 95% interval; dashed: the dummy's upper limit;"
        "\nblue: a higher value favours B, red: it favours A (Spearman)"
    )
    suptitle(
        fig,
        f"What decides {label(metric)}: the assumptions with the largest delta index "
        "(* a driver: its interval clears the noise floor)",
    )
    return finish(fig)


def write_figures(out: str | Path) -> list[Path]:
    """``figures/differences.png`` and ``figures/tornado_<metric>.png`` for a robustness folder."""
    folder = Path(out)
    man = json.loads((folder / "manifest.json").read_text())
    runs = pd.read_parquet(folder / "runs.parquet")
    result = man.get("result", {})
    metrics = [o["metric"] for o in result.get("outcomes", [])]
    facts = provenance(man, "robustness")
    paths = []
    if metrics:
        with styled():
            fig = differences_figure(runs, metrics, man["spec"]["a"], man["spec"]["b"])
        paths.append(save(fig, folder / "figures" / "differences.png", facts, "png"))
    path = folder / "drivers.csv"
    drivers = pd.read_csv(path) if path.is_file() and path.stat().st_size > 1 else pd.DataFrame()
    for metric in drivers["outcome"].unique() if not drivers.empty else []:
        with styled():
            fig = tornado_figure(drivers, metric)
        paths.append(save(fig, folder / "figures" / f"tornado_{metric}.png", facts, "png"))
    return paths
