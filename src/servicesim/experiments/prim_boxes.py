"""PRIM boxes from EMA Workbench's ``Prim``, and how far to trust them.

``ema_workbench.analysis.prim`` peels and pastes (Friedman & Fisher 1999; Bryant & Lempert 2010),
handles categorical parameters, and gives each restricted dimension of a box a quasi-p-value (a
one-sided binomial test: could the restriction have raised the density by chance?). Here a box
on EMA's trajectory is read back as plain limits, chosen (the densest that keeps a share of the
cases), and tested twice more:

* **resampling**: PRIM runs again on random halves of the points (EMA's own scheme, seeded) and
  chooses its box by the same rule; reported are the share of halves whose box restricts
  exactly the same dimensions, and per dimension the share that restrict it (EMA's
  ``PrimBox.resample`` compares the box of nearest coverage instead, which on a small sweep is
  often the unrestricted first box, full coverage too);
* **replicates**: the box's density and coverage recomputed from each replicate's values alone
  (servicesim's own test: does the box survive other seeds, or did one replicate make it?).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from servicesim.experiments.workbench import prim, quiet

#: a restricted numeric side or an open one (None); a categorical dimension's kept values
Limits = dict[str, Any]


def design_frame(cases: pd.DataFrame, params: list[str]) -> pd.DataFrame:
    """The parameters as PRIM reads them: numbers as numbers, booleans and strings as
    categories (EMA Workbench peels categories one at a time)."""
    x = cases[params].copy().reset_index(drop=True)
    for c in params:
        if x[c].dtype == bool or not pd.api.types.is_numeric_dtype(x[c]):
            x[c] = x[c].astype("category")
    return x


def _plain(v: Any) -> Any:
    return v.item() if hasattr(v, "item") else v


def limits_of(box_lim: pd.DataFrame, box_init: pd.DataFrame) -> Limits:
    """Restricted dimensions of an EMA box: ``[low, high]`` with None for an open side, or the
    sorted list of categories kept."""
    out: Limits = {}
    for c in box_init.columns:
        lo, hi = box_lim[c].iloc[0], box_lim[c].iloc[1]
        lo0, hi0 = box_init[c].iloc[0], box_init[c].iloc[1]
        if isinstance(lo0, set):
            if set(lo) != set(lo0):
                out[c] = sorted((_plain(v) for v in lo), key=str)
        elif lo != lo0 or hi != hi0:
            out[c] = [None if lo == lo0 else _plain(lo), None if hi == hi0 else _plain(hi)]
    return out


def within(x: pd.DataFrame, limits: Limits) -> np.ndarray:
    """Which rows of ``x`` lie inside ``limits`` (inclusive; unnamed dimensions are open)."""
    inside = np.ones(len(x), dtype=bool)
    for c, lim in limits.items():
        col = x[c]
        if isinstance(col.dtype, pd.CategoricalDtype):
            inside &= col.isin(lim).to_numpy()
            continue
        lo, hi = lim
        values = col.to_numpy(float)
        if lo is not None:
            inside &= values >= lo
        if hi is not None:
            inside &= values <= hi
    return inside


def choose(trajectory: pd.DataFrame, min_coverage: float) -> int:
    """The densest box on the trajectory holding at least ``min_coverage`` of the cases (ties:
    more coverage, then fewer restricted dimensions); the whole space if none does."""
    fit = trajectory[trajectory["coverage"] >= min_coverage - 1e-12]
    if fit.empty:
        return 0
    ranked = fit.assign(d=fit["density"].round(12), r=-fit["res_dim"])
    return int(ranked.sort_values(["d", "coverage", "r"], ascending=False).index[0])


def quasi_p(box: Any, i: int, limits: Limits) -> dict[str, float]:
    """Each restricted dimension's quasi-p-value (EMA's per side; here the larger of the
    restricted sides', so a dimension is as significant as its weaker limit)."""
    out = {}
    for dim in limits:
        sides = [float(p) for p in box.p_values[i].get(dim, []) if p is not None and p >= 0]
        out[dim] = max(sides) if sides else float("nan")
    return out


def resampled(
    x: pd.DataFrame,
    y: np.ndarray,
    limits: Limits,
    min_coverage: float,
    settings: dict[str, float],
    n: int,
    seed: int,
) -> dict[str, Any]:
    """PRIM on ``n`` random halves of ``(x, y)``, its box chosen as :func:`choose` does: how often
    it restricts the same dimensions as ``limits`` (``same_dimensions``), and how often each
    dimension (``dimensions``)."""
    dims = set(limits)
    counts = dict.fromkeys(x.columns, 0)
    same = done = 0
    rng = np.random.default_rng(seed)
    module = prim()
    for _ in range(n):
        pick = np.sort(rng.choice(len(y), size=max(2, len(y) // 2), replace=False))
        ys = y[pick]
        if not ys.any():
            continue  # no case in this half: PRIM has nothing to look for
        with quiet():
            box = module.Prim(x.iloc[pick].reset_index(drop=True), ys, **settings).find_box()
        j = choose(box.peeling_trajectory.reset_index(drop=True), min_coverage)
        found = set(box.p_values[j])
        same += found == dims
        for d in found:
            counts[d] += 1
        done += 1
    share = (lambda k: k / done) if done else (lambda k: float("nan"))
    return {
        "resamples": done,
        "same_dimensions": share(same),
        "dimensions": {d: share(k) for d, k in counts.items() if k or d in dims},
    }


def by_replicate(
    x: pd.DataFrame,
    values: pd.DataFrame,
    limits: Limits,
    left: np.ndarray,
    is_case: Any,
) -> list[dict[str, Any]]:
    """The box's points, cases, density and coverage computed from each replicate's values alone
    (``values``: one column per replicate, rows as ``x``; ``left``: points not set aside by an
    earlier box; ``is_case``: values -> booleans)."""
    inside = within(x, limits) & left
    rows = []
    for rep in values.columns:
        v = values[rep].to_numpy(float)
        ok = np.isfinite(v)
        case = is_case(v) & ok
        n_in, k_in = int((inside & ok).sum()), int((case & inside).sum())
        rows.append(
            {
                "replicate": int(rep),
                "points": n_in,
                "cases": k_in,
                "density": k_in / n_in if n_in else float("nan"),
                "coverage": k_in / int(case.sum()) if case.any() else float("nan"),
            }
        )
    return rows
