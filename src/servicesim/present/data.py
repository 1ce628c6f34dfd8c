"""Results folders read back as tidy tables, and the small statistics the figures show.

A folder holds ``manifest.json`` whose ``kind`` is ``run``, ``compare``, ``sweep`` or
``sensitivity`` (formats in ``docs/figures.md``). ``load_results`` gives every kind the same
shape: a run becomes a compare of one policy and one replicate, so one set of figure functions
serves both. Nothing here touches a live model.
"""

from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from servicesim.errors import InputError
from servicesim.experiments.stats import paired_table

RESULT_KINDS = ("run", "compare", "sweep", "sensitivity")
_FOLDER_ALLOWED = "a results folder with manifest.json (from run, compare, sweep or sensitivity)"


@dataclass
class Results:
    """One results folder, read back.

    ``runs`` has one row per policy x replicate (run, compare) or per sweep run (ok runs only),
    ``timeseries`` one row per policy x replicate x day, ``indices`` the sensitivity table.
    """

    path: Path
    kind: str
    manifest: dict[str, Any]
    runs: pd.DataFrame = field(default_factory=pd.DataFrame)
    timeseries: pd.DataFrame = field(default_factory=pd.DataFrame)
    comparison: pd.DataFrame = field(default_factory=pd.DataFrame)
    indices: pd.DataFrame = field(default_factory=pd.DataFrame)
    config: dict[str, Any] = field(default_factory=dict)

    @property
    def policies(self) -> list[str]:
        """Policy names in the manifest's order, then any others found in the runs."""
        named = list(self.manifest.get("policies") or [])
        if not named and self.manifest.get("policy"):
            named = [str(self.manifest["policy"])]
        if "policy" in self.runs:
            named += [p for p in pd.unique(self.runs["policy"].astype(str)) if p not in named]
        return named

    @property
    def swept(self) -> list[str]:
        """Swept parameter columns of a sweep (manifest, else dotted columns that vary)."""
        if self.manifest.get("swept"):
            return [c for c in self.manifest["swept"] if c in self.runs]
        return [c for c in self.runs.columns if "." in c and self.runs[c].nunique() > 1]

    @property
    def replicates(self) -> int:
        """Replicates per policy (the largest count)."""
        if self.runs.empty or "policy" not in self.runs:
            return 0
        return int(self.runs.groupby("policy").size().max())


def _read_json(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text())
    except json.JSONDecodeError as err:
        raise InputError(str(path), "unreadable JSON", "a JSON object", hint=str(err)) from err
    if not isinstance(data, dict):
        raise InputError(str(path), type(data).__name__, "a JSON object")
    return data


def load_results(directory: str | Path) -> Results:
    """Read a results folder into a ``Results``; ``InputError`` names what is missing."""
    path = Path(directory)
    if not path.is_dir():
        raise InputError("DIR", str(directory), _FOLDER_ALLOWED, hint="no such folder")
    manifest_path = path / "manifest.json"
    if not manifest_path.is_file():
        raise InputError("DIR", str(directory), _FOLDER_ALLOWED, hint="no manifest.json in it")
    manifest = _read_json(manifest_path)
    kind = str(manifest.get("kind", ""))
    if kind not in RESULT_KINDS:
        raise InputError("manifest.json kind", kind, ", ".join(RESULT_KINDS))
    res = Results(path=path, kind=kind, manifest=manifest)
    if (path / "config.toml").is_file():
        res.config = tomllib.loads((path / "config.toml").read_text())
    needed = {
        "run": "summary.json",
        "compare": "runs.parquet",
        "sweep": "runs.parquet",
        "sensitivity": "indices.csv",
    }[kind]
    if not (path / needed).is_file():
        raise InputError("DIR", str(directory), f"a {kind} folder holding {needed}", "no results")
    if kind == "run":
        policy = str(manifest.get("policy", "run"))
        summary = _read_json(path / "summary.json")
        res.runs = pd.DataFrame([{"policy": policy, "replicate": 0, **summary}])
        if (path / "timeseries.parquet").is_file():
            ts = pd.read_parquet(path / "timeseries.parquet")
            res.timeseries = ts.assign(policy=policy, replicate=0)
    elif kind in ("compare", "sweep"):
        runs = pd.read_parquet(path / "runs.parquet")
        if "status" in runs:
            runs = runs[runs["status"].astype(str) == "ok"].reset_index(drop=True)
        if "policy" in runs:
            runs["policy"] = runs["policy"].astype(str)
        res.runs = runs
        if (path / "timeseries.parquet").is_file():
            res.timeseries = pd.read_parquet(path / "timeseries.parquet")
        if (path / "comparison.csv").is_file():
            res.comparison = pd.read_csv(path / "comparison.csv")
        if res.runs.empty:
            raise InputError("DIR", str(directory), "at least one successful run", "no results")
    else:
        res.indices = pd.read_csv(path / "indices.csv")
        if res.indices.empty:
            raise InputError("DIR", str(directory), "indices.csv with rows", "no results")
    return res


# --- statistics ------------------------------------------------------------------------------


def t_halfwidth(sd: Any, n: Any, level: float = 0.95) -> Any:
    """Half-width of the t-interval for a mean: t(level, n-1) * sd / sqrt(n); NaN when n < 2."""
    n_arr = np.asarray(n, dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        df = np.where(n_arr >= 2, n_arr - 1, np.nan)
        q = stats.t.ppf(0.5 + level / 2, df)
        return q * np.asarray(sd, dtype=float) / np.sqrt(n_arr)


def mean_ci(frame: pd.DataFrame, by: list[str], column: str, level: float = 0.95) -> pd.DataFrame:
    """Mean and t-interval of ``column`` per group: columns ``by + [mean, low, high, n]``."""
    g = frame.groupby(by, sort=False)[column]
    out = g.agg(mean="mean", sd="std", n="count").reset_index()
    half = t_halfwidth(out["sd"].to_numpy(), out["n"].to_numpy(), level)
    out["low"] = out["mean"] - half
    out["high"] = out["mean"] + half
    return out.drop(columns="sd")


def pareto_mask(x: Any, y: Any, x_better: int = -1, y_better: int = +1) -> np.ndarray:
    """True for points no other point beats on both axes (``*_better``: +1 higher, -1 lower)."""
    xs = np.asarray(x, dtype=float) * -x_better  # turn both into "lower is better"
    ys = np.asarray(y, dtype=float) * -y_better
    keep = np.ones(xs.size, dtype=bool)
    for i in range(xs.size):
        dominated = (xs <= xs[i]) & (ys <= ys[i]) & ((xs < xs[i]) | (ys < ys[i]))
        keep[i] = not dominated.any()
    return keep


def paired_comparison(
    runs: pd.DataFrame, policies: list[str], metrics: list[str], level: float = 0.95
) -> pd.DataFrame:
    """``comparison.csv`` rebuilt from runs (the same statistics ``servicesim compare`` writes)."""
    return paired_table(runs, policies, metrics, level)
