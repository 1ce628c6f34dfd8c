"""Scenario discovery: under which conditions does an outcome hold? (EMA Workbench's PRIM.)

From a sweep folder, each design point gets a case value: a summary metric, or a paired
difference between two policies (``profit_diff``: the second policy's profit minus the first's,
per replicate, then averaged over replicates). A point is a *case of interest* when that value
is above the threshold (below, for metrics where lower is better). PRIM
(``ema_workbench.analysis.prim``) peels ``alpha`` of the points off one edge of the box at a
time and pastes back what it can; each box on that trajectory has a **coverage** (share of all
cases of interest inside it) and a **density** (share of the points inside it that are cases).
The box reported is the densest one that keeps at least ``min_coverage``, with a quasi-p-value
per restricted dimension and its stability under resampling and across replicates
(``prim_boxes``). Covering: the points of that box are set aside and PRIM looks again, for up to
``boxes`` boxes. Booleans and strings are categorical parameters.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from servicesim.core.metrics import SUMMARY
from servicesim.errors import InputError, did_you_mean
from servicesim.experiments import prim_boxes as pb
from servicesim.experiments.workbench import prim, quiet

_FOLDER = "a sweep or sensitivity folder (manifest.json and runs.parquet)"
_RUN_COLUMNS = ("point", "policy", "replicate", "status")


@dataclass
class Box:
    """A box: limits of its restricted parameters (``[low, high]``, None for an open side, or
    the categories kept), how well it captures the cases, and how far to trust it."""

    limits: dict[str, Any]
    n: int
    mass: float
    coverage: float
    density: float
    mean_value: float
    quasi_p: dict[str, float] = field(default_factory=dict)
    stability: dict[str, Any] = field(default_factory=dict)
    index: int = 0
    categorical: list[str] = field(default_factory=list)

    @classmethod
    def from_trajectory(
        cls, limits: dict[str, Any], row: Any, mean_value: float, **rest: Any
    ) -> Box:
        """The box at one step of a PRIM peeling trajectory (``row``: its n, mass, coverage and
        density)."""
        return cls(
            limits,
            int(row["n"]),
            float(row["mass"]),
            float(row["coverage"]),
            float(row["density"]),
            mean_value,
            **rest,
        )

    def describe(self) -> str:
        """'scenario.rule_coverage <= 0.5 and 600 <= scenario.revenue... <= 1500'."""
        parts = []
        for k, lim in self.limits.items():
            if k in self.categorical:
                parts.append(f"{k} in {{{', '.join(str(v) for v in lim)}}}")
                continue
            lo, hi = lim
            if lo is not None and hi is not None:
                parts.append(f"{lo:g} <= {k} <= {hi:g}")
            else:
                parts.append(f"{k} >= {lo:g}" if lo is not None else f"{k} <= {hi:g}")
        return " and ".join(parts) or "anywhere in the sweep"


@dataclass
class Discovery:
    """What ``discover`` found: cases per point, the chosen boxes and each PRIM trajectory."""

    outcome: str
    condition: str
    cases: pd.DataFrame
    boxes: list[Box]
    trajectories: list[pd.DataFrame] = field(repr=False)
    notes: list[str] = field(default_factory=list)
    parameters: dict[str, Any] = field(default_factory=dict)

    @property
    def share(self) -> float:
        return float(self.cases["case"].mean())


def read_sweep(directory: str | Path) -> tuple[dict[str, Any], pd.DataFrame]:
    """A sweep folder's manifest and its successful runs; an InputError for anything else."""
    path = Path(directory)
    mpath, rpath = path / "manifest.json", path / "runs.parquet"
    if not (mpath.is_file() and rpath.is_file()):
        hint = "no such folder" if not path.is_dir() else "not found"
        raise InputError("DIR", str(directory), _FOLDER, hint)
    try:
        head = json.loads(mpath.read_text())
        kind = head.get("kind") if isinstance(head, dict) else None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        raise InputError(
            "DIR", str(directory), _FOLDER, f"unreadable manifest.json: {err}"
        ) from None
    if kind not in ("sweep", "sensitivity"):
        raise InputError("DIR", str(directory), _FOLDER, f"this is a {kind or 'unknown'} folder")
    try:
        runs = pd.read_parquet(rpath)
    except Exception as err:  # pyarrow raises several kinds for a damaged file
        raise InputError(
            "DIR", str(directory), _FOLDER, f"unreadable runs.parquet: {err}"
        ) from None
    missing = [c for c in _RUN_COLUMNS if c not in runs]
    if missing:
        raise InputError("DIR", str(directory), _FOLDER, f"runs.parquet lacks {', '.join(missing)}")
    return head, runs[runs["status"].astype(str) == "ok"]


def case_table(
    directory: str | Path, outcome: str, policy: str | None = None, baseline: str | None = None
) -> tuple[pd.DataFrame, list[str], str, list[str], pd.DataFrame]:
    """One row per design point: swept values and ``value``; plus the parameter columns, the
    metric, notes and the values per replicate (rows as the table, a column per replicate).
    ``outcome`` is a summary metric or ``METRIC_diff`` (policy - baseline)."""
    head, runs = read_sweep(directory)
    swept = [c for c in head.get("swept", []) if c in runs]
    if not swept:
        raise InputError("DIR", str(directory), "a sweep folder with swept parameters")
    metric = outcome[:-5] if outcome.endswith("_diff") else outcome
    if metric not in SUMMARY:
        allowed = "a summary metric, or METRIC_diff for a paired difference between two policies"
        raise InputError("--outcome", outcome, allowed, did_you_mean(metric, SUMMARY))
    if metric not in runs or runs[metric].isna().all():
        raise InputError("--outcome", outcome, "a metric the folder holds values of")
    labels = list(dict.fromkeys(runs["policy"].astype(str)))
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
        per_rep = (wide[other] - wide[base]).unstack("replicate")
        notes.append(f"{outcome} = {metric}[{other}] - {metric}[{base}], paired by replicate")
    else:
        if policy is None and len(labels) > 1:
            raise InputError(
                "--policy", None, f"one of {', '.join(labels)} (the sweep has several)"
            )
        sel = runs if policy is None else runs[runs["policy"] == policy]
        per_rep = sel.pivot_table(index="point", columns="replicate", values=metric)
    per_rep = per_rep.dropna(how="all")
    points = runs.drop_duplicates("point").set_index("point")[swept]
    cases = points.loc[per_rep.index].assign(value=per_rep.mean(axis=1).to_numpy())
    return cases.reset_index(), swept, metric, notes, per_rep.reset_index(drop=True)


def _check_settings(**values: float) -> None:
    limits = {
        "alpha": (0.01, 0.5),
        "paste_alpha": (0.0, 0.5),
        "min_mass": (0.0, 1.0),
        "min_coverage": (0.0, 1.0),
    }
    for name, val in values.items():
        lo, hi = limits[name]
        if not (isinstance(val, int | float) and lo <= val <= hi):
            raise InputError(f"--{name.replace('_', '-')}", val, f"a number between {lo} and {hi}")


def discover(
    directory: str | Path,
    outcome: str,
    threshold: float = 0.0,
    *,
    below: bool | None = None,
    policy: str | None = None,
    baseline: str | None = None,
    alpha: float = 0.1,
    paste_alpha: float = 0.05,
    min_mass: float = 0.05,
    min_coverage: float = 0.5,
    boxes: int = 1,
    resamples: int = 20,
    seed: int = 0,
) -> Discovery:
    """Boxes of parameter ranges where ``outcome`` is above ``threshold`` (``below``: under it;
    default: the metric's better direction).

    Args:
        alpha, paste_alpha: shares of the points PRIM peels off, and pastes back, per step.
        min_mass: the smallest box, as a share of the points.
        min_coverage: the box reported is the densest keeping at least this share of the cases.
        boxes: at most this many boxes (covering).
        resamples: PRIM runs on random halves of the points to measure stability (0: none).
        seed: seed of the resampling.
    """
    _check_settings(
        alpha=alpha, paste_alpha=paste_alpha, min_mass=min_mass, min_coverage=min_coverage
    )
    for name, val, least in (("--boxes", boxes, 1), ("--resamples", resamples, 0)):
        if isinstance(val, bool) or not isinstance(val, int) or val < least:
            raise InputError(name, val, f"an integer >= {least}")
    cases, params, metric, notes, per_rep = case_table(directory, outcome, policy, baseline)
    if cases.empty:
        raise InputError("DIR", str(directory), "design points with values", "no run succeeded")
    if below is None:
        below = SUMMARY[metric].direction < 0

    def is_case(v: np.ndarray) -> np.ndarray:
        return (v < threshold) if below else (v > threshold)

    v = cases["value"].to_numpy(float)
    y = is_case(v)
    cases["case"] = y
    condition = f"{outcome} {'<' if below else '>'} {threshold:g}"
    x = pb.design_frame(cases, params)
    settings = {"peel_alpha": alpha, "paste_alpha": paste_alpha, "mass_min": min_mass}
    found: list[Box] = []
    trajectories: list[pd.DataFrame] = []
    left = np.ones(len(y), dtype=bool)
    with quiet():
        finder = prim().Prim(x, y, **settings)
        while len(found) < boxes and y[left].any():
            ema_box = finder.find_box()
            traj = ema_box.peeling_trajectory.reset_index(drop=True)
            i = pb.choose(traj, min_coverage if not found else 0.0)
            limits = pb.limits_of(ema_box.box_lims[i], finder.box_init)
            row = traj.loc[i]
            if found and row["density"] <= y[left].mean():
                break  # nothing denser than what is left: stop covering
            ema_box.select(i)
            inside = pb.within(x, limits) & left
            box = Box.from_trajectory(
                limits,
                row,
                float(v[inside].mean()) if inside.any() else float("nan"),
                quasi_p=pb.quasi_p(ema_box, i, limits),
                index=i,
                categorical=[c for c in limits if isinstance(x[c].dtype, pd.CategoricalDtype)],
            )
            box.stability = {
                **pb.resampled(
                    x[left].reset_index(drop=True),
                    y[left],
                    limits,
                    min_coverage if not found else 0.0,
                    settings,
                    resamples,
                    seed + len(found),
                ),
                "replicates": pb.by_replicate(x, per_rep, limits, left, is_case),
            }
            trajectories.append(traj)
            found.append(box)
            if not limits:
                break
            left &= ~inside
    described = {c: _parameter(x[c]) for c in params}
    return Discovery(outcome, condition, cases, found, trajectories, notes, described)


def _parameter(col: pd.Series) -> dict[str, Any]:
    if isinstance(col.dtype, pd.CategoricalDtype):
        return {"kind": "categorical", "values": sorted((pb._plain(v) for v in set(col)), key=str)}
    return {"kind": "numeric", "range": [pb._plain(col.min()), pb._plain(col.max())]}


def _finite(value: Any) -> Any:
    """``value`` as strict JSON: NaN and infinities as None, numpy scalars as Python's."""
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_finite(v) for v in value]
    value = pb._plain(value)
    return None if isinstance(value, float) and not math.isfinite(value) else value


def to_json(d: Discovery) -> dict[str, Any]:
    """A plain dict of the discovery (strict JSON: no NaN): per box its limits, coverage,
    density, quasi-p-values and stability; the parameters' ranges; each PRIM trajectory."""

    def box(b: Box) -> dict[str, Any]:
        return {
            "limits": b.limits,
            "description": b.describe(),
            "n": b.n,
            "mass": b.mass,
            "coverage": b.coverage,
            "density": b.density,
            "mean_value": b.mean_value,
            "quasi_p": b.quasi_p,
            "stability": b.stability,
            "trajectory_index": b.index,
        }

    columns = ["coverage", "density", "mass", "n", "res_dim"]
    return _finite(
        {
            "outcome": d.outcome,
            "condition": d.condition,
            "points": len(d.cases),
            "cases": int(d.cases["case"].sum()),
            "share": d.share,
            "notes": d.notes,
            "parameters": d.parameters,
            "boxes": [box(b) for b in d.boxes],
            "trajectories": [t[columns].to_dict(orient="records") for t in d.trajectories],
        }
    )
