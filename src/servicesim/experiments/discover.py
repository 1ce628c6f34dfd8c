"""Scenario discovery: under which conditions does an outcome hold? (PRIM, on numpy.)

From a sweep folder, each design point gets a case value: a summary metric, or a paired
difference between two policies (``profit_diff``: the second policy's profit minus the first's,
per replicate, then averaged over replicates). A point is a *case of interest* when that value
is above the threshold (below, for metrics where lower is better). PRIM (Friedman & Fisher
1999, as in the EMA Workbench) peels a small share ``alpha`` off one edge of the box at a time,
always the peel that leaves the highest share of cases inside, until the box holds less than
``min_mass`` of the points. Each box on that trajectory has a **coverage** (share of all cases
of interest inside it) and a **density** (share of the points inside it that are cases); the
box reported is the densest one that keeps at least ``min_coverage``. Covering: the points of
that box are set aside and PRIM runs again on the rest, for up to ``boxes`` boxes.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from servicesim.core.metrics import SUMMARY
from servicesim.errors import InputError, did_you_mean


@dataclass
class Box:
    """Limits of the restricted parameters (inclusive; an open side is infinite) and how well the
    box captures the cases."""

    limits: dict[str, tuple[float, float]]
    n: int
    mass: float
    coverage: float
    density: float
    mean_value: float

    def describe(self) -> str:
        """'scenario.rule_coverage <= 0.5 and 600 <= scenario.revenue... <= 1500'."""
        parts = []
        for k, (lo, hi) in self.limits.items():
            if np.isfinite(lo) and np.isfinite(hi):
                parts.append(f"{lo:g} <= {k} <= {hi:g}")
            else:
                parts.append(f"{k} >= {lo:g}" if np.isfinite(lo) else f"{k} <= {hi:g}")
        return " and ".join(parts) or "anywhere in the sweep"


@dataclass
class Discovery:
    """What ``discover`` found: cases per point, the chosen boxes and each PRIM trajectory."""

    outcome: str
    condition: str
    cases: pd.DataFrame
    boxes: list[Box]
    trajectories: list[list[Box]] = field(repr=False)
    notes: list[str] = field(default_factory=list)

    @property
    def share(self) -> float:
        return float(self.cases["case"].mean())


def _box(
    limits: dict[str, tuple[float, float]],
    x: np.ndarray,
    y: np.ndarray,
    v: np.ndarray,
    names: list[str],
    positives: int,
    n_total: int,
) -> Box:
    inside = within(x, names, limits)
    n = int(inside.sum())
    return Box(
        dict(limits),
        n,
        n / n_total,
        float(y[inside].sum() / max(positives, 1)),
        float(y[inside].mean()) if n else 0.0,
        float(v[inside].mean()) if n else float("nan"),
    )


def peel(
    x: np.ndarray,
    y: np.ndarray,
    v: np.ndarray,
    names: list[str],
    positives: int,
    alpha: float = 0.1,
    min_mass: float = 0.05,
    n_total: int | None = None,
) -> list[Box]:
    """PRIM's peeling trajectory: boxes from the whole space inwards.

    Args:
        x: points x parameters; y: 1 for a case of interest; v: the case value (reported only).
        positives: cases of interest in the whole sweep (coverage's denominator).
        n_total: points in the whole sweep (mass's denominator; default ``len(y)``).
    """
    n_total = n_total or len(y)
    limits: dict[str, tuple[float, float]] = {}
    trajectory = [_box(limits, x, y, v, names, positives, n_total)]
    while True:
        inside = within(x, names, limits)
        if trajectory[-1].density == 1.0:
            return trajectory  # a pure box: peeling further only loses coverage
        # the best peel even if it lowers the density (Friedman & Fisher): the analyst chooses
        best, best_mean = None, -np.inf
        for j, name in enumerate(names):
            xj = x[inside, j]
            for side, cut in ((0, np.quantile(xj, alpha)), (1, np.quantile(xj, 1 - alpha))):
                drop = (xj < cut) if side == 0 else (xj > cut)
                if not drop.any():  # discrete levels: peel the outermost level
                    drop = xj == (xj.min() if side == 0 else xj.max())
                keep = ~drop
                if keep.all() or keep.sum() < min_mass * n_total:
                    continue
                mean = y[inside][keep].mean()
                if mean > best_mean or (
                    best is not None and mean == best_mean and keep.sum() > best[2]
                ):
                    lo, hi = limits.get(name, (-np.inf, np.inf))
                    bound = (
                        (float(xj[keep].min()), hi) if side == 0 else (lo, float(xj[keep].max()))
                    )
                    best, best_mean = (name, bound, int(keep.sum())), mean
        if best is None:
            return trajectory
        limits = {**limits, best[0]: best[1]}
        trajectory.append(_box(limits, x, y, v, names, positives, n_total))


def choose(trajectory: list[Box], min_coverage: float = 0.5) -> Box:
    """The densest box that keeps at least ``min_coverage`` of the cases (ties: more coverage)."""
    fit = [b for b in trajectory if b.coverage >= min_coverage] or trajectory[:1]
    return max(fit, key=lambda b: (round(b.density, 12), b.coverage))


def within(x: np.ndarray, names: list[str], limits: dict[str, tuple[float, float]]) -> np.ndarray:
    """Which points lie inside ``limits`` (unnamed parameters are unrestricted)."""
    inside = np.ones(len(x), dtype=bool)
    for j, name in enumerate(names):
        lo, hi = limits.get(name, (-np.inf, np.inf))
        inside &= (x[:, j] >= lo) & (x[:, j] <= hi)
    return inside


def relax(
    box: Box,
    x: np.ndarray,
    y: np.ndarray,
    v: np.ndarray,
    names: list[str],
    positives: int,
    n_total: int,
) -> Box:
    """Drop each restriction whose removal does not lower the density: peeling on noise can
    restrict a parameter that does not matter, and a shorter box is easier to read."""
    limits = dict(box.limits)
    for name in list(limits):
        trial = {k: lim for k, lim in limits.items() if k != name}
        if y[within(x, names, trial)].mean() >= y[within(x, names, limits)].mean():
            limits = trial
    return _box(limits, x, y, v, names, positives, n_total)


def case_table(
    directory: str | Path, outcome: str, policy: str | None = None, baseline: str | None = None
) -> tuple[pd.DataFrame, list[str], str, list[str]]:
    """One row per design point: swept values and ``value``; plus the parameter columns, the
    metric and notes. ``outcome`` is a summary metric or ``METRIC_diff`` (policy - baseline)."""
    path = Path(directory)
    mpath, rpath = path / "manifest.json", path / "runs.parquet"
    if not (mpath.is_file() and rpath.is_file()):
        raise InputError(
            "DIR", str(directory), "a sweep folder (manifest.json and runs.parquet)", "not found"
        )
    head = json.loads(mpath.read_text())
    runs = pd.read_parquet(rpath)
    runs = runs[runs["status"] == "ok"]
    swept = [c for c in head.get("swept", []) if c in runs]
    if head.get("kind") not in ("sweep", "sensitivity") or not swept:
        raise InputError("DIR", str(directory), "a sweep folder with swept parameters")
    metric = outcome[:-5] if outcome.endswith("_diff") else outcome
    if metric not in SUMMARY:
        allowed = "a summary metric, or METRIC_diff for a paired difference between two policies"
        raise InputError("--outcome", outcome, allowed, did_you_mean(metric, SUMMARY))
    labels = list(dict.fromkeys(runs["policy"]))
    for opt, name in (("--policy", policy), ("--baseline", baseline)):
        if name is not None and name not in labels:
            raise InputError(
                opt, name, f"a policy of the sweep: {', '.join(labels)}", did_you_mean(name, labels)
            )
    notes = []
    if outcome.endswith("_diff"):
        base = baseline or labels[0]
        other = policy or next((p for p in labels if p != base), None)
        if other is None or other == base:
            raise InputError(
                "--outcome", outcome, "a sweep of two or more policies for a difference"
            )
        wide = runs.pivot_table(index=["point", "replicate"], columns="policy", values=metric)
        diff = (wide[other] - wide[base]).dropna().groupby(level="point").mean()
        notes.append(f"{outcome} = {metric}[{other}] - {metric}[{base}], paired by replicate")
        values = diff
    else:
        if policy is None and len(labels) > 1:
            raise InputError(
                "--policy", None, f"one of {', '.join(labels)} (the sweep has several)"
            )
        sel = runs if policy is None else runs[runs["policy"] == policy]
        values = sel.groupby("point")[metric].mean()
    points = runs.drop_duplicates("point").set_index("point")[swept]
    cases = points.loc[values.index].assign(value=values.to_numpy()).reset_index()
    params = []
    for c in swept:
        col = cases[c]
        if col.dtype == bool:
            cases[c] = col.astype(float)
        elif not pd.api.types.is_numeric_dtype(col):
            notes.append(f"{c} is not numeric and is left out of the boxes")
            continue
        params.append(c)
    return cases.dropna(subset=["value"]), params, metric, notes


def discover(
    directory: str | Path,
    outcome: str,
    threshold: float = 0.0,
    *,
    below: bool | None = None,
    policy: str | None = None,
    baseline: str | None = None,
    alpha: float = 0.1,
    min_mass: float = 0.05,
    min_coverage: float = 0.5,
    boxes: int = 1,
) -> Discovery:
    """Boxes of parameter ranges where ``outcome`` is above ``threshold`` (``below``: under it;
    default: the metric's better direction)."""
    for name, val, lo, hi in (
        ("--alpha", alpha, 0.01, 0.5),
        ("--min-mass", min_mass, 0.0, 1.0),
        ("--min-coverage", min_coverage, 0.0, 1.0),
    ):
        if not lo <= val <= hi:
            raise InputError(name, val, f"a number between {lo} and {hi}")
    if boxes < 1:
        raise InputError("--boxes", boxes, "an integer >= 1")
    cases, params, metric, notes = case_table(directory, outcome, policy, baseline)
    if not params or cases.empty:
        raise InputError(
            "DIR", str(directory), "design points with values and numeric swept parameters"
        )
    if below is None:
        below = SUMMARY[metric].direction < 0
    v = cases["value"].to_numpy(float)
    y = (v < threshold) if below else (v > threshold)
    cases["case"] = y
    condition = f"{outcome} {'<' if below else '>'} {threshold:g}"
    x = cases[params].to_numpy(float)
    positives = int(y.sum())
    found: list[Box] = []
    trajectories: list[list[Box]] = []
    left = np.ones(len(y), dtype=bool)
    while len(found) < boxes and y[left].sum() > 0:
        traj = peel(
            x[left],
            y[left].astype(float),
            v[left],
            params,
            positives,
            alpha,
            min_mass,
            len(y),
        )
        box = choose(traj, min_coverage if not found else 0.0)
        box = relax(box, x[left], y[left].astype(float), v[left], params, positives, len(y))
        if found and box.density <= y[left].mean():
            break  # nothing denser than what is left: stop covering
        trajectories.append(traj)
        found.append(box)
        if not box.limits:
            break
        left &= ~within(x, params, box.limits)
    return Discovery(outcome, condition, cases, found, trajectories, notes)


def to_json(d: Discovery) -> dict[str, Any]:
    """A plain dict of the discovery (boxes with limits, coverage and density; trajectories)."""

    def box(b: Box) -> dict[str, Any]:
        return {
            "limits": {k: list(v) for k, v in b.limits.items()},
            "n": b.n,
            "mass": b.mass,
            "coverage": b.coverage,
            "density": b.density,
            "mean_value": b.mean_value,
            "description": b.describe(),
        }

    return {
        "outcome": d.outcome,
        "condition": d.condition,
        "points": len(d.cases),
        "cases": int(d.cases["case"].sum()),
        "share": d.share,
        "notes": d.notes,
        "boxes": [box(b) for b in d.boxes],
        "trajectories": [[box(b) for b in t] for t in d.trajectories],
    }
