"""The verdict across worlds: paired differences, how often B beats A, what decides it, and how
much of it is replicate noise.

For each outcome and world, the paired difference ``B - A`` is taken replicate by replicate
(common random numbers) and averaged over the world's replicates. Across the headline worlds
(full design, status quo within the industry band, every run finished) this reports the median
difference and its 5th-95th percentile range, and ``p_b_better``: the share of worlds whose
mean difference goes the metric's better way (``core.metrics`` direction; a tie is not
better), with a Wilson interval at 90%.

Replicate noise: ``var_within`` is the variance of one replicate's difference around its
world's mean (pooled over worlds), ``var_between`` the variance of the worlds' true differences
(the spread of world means less the noise in a mean of ``reps`` replicates, one-way random
effects), and ``noise_share`` the share of the spread of world means that is replicate noise.
``p_b_better_by_replicate`` reads the verdict from each replicate alone: when those disagree,
the verdict rests on noise.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd
from scipy.stats import norm

from servicesim.core.metrics import SUMMARY
from servicesim.experiments.drivers import DUMMY, drivers_table

LEVEL = 0.90
#: outcomes every robustness analysis reports
DEFAULT_METRICS = (
    "profit",
    "retention_rate",
    "churn_rate_per_year",
    "mean_satisfaction",
    "staff_morale",
    "customers_active_end",
)
#: outcomes whose drivers are sought
DRIVER_METRICS = ("profit", "retention_rate")
#: above this share of replicate noise in the spread of world means, the verdict is flagged
NOISE_SHARE_WARN = 0.5
_HALVED_KEYS = (
    "worlds",
    "median_diff",
    "p05",
    "p95",
    "wins",
    "p_b_better",
    "p_b_better_low",
    "p_b_better_high",
)
#: fewer headline worlds than this make the drivers rough
FEW_WORLDS = 20


def wilson(k: int, n: int, level: float = LEVEL) -> tuple[float, float]:
    """Wilson score interval of a proportion ``k / n`` at ``level``; NaN when ``n`` is 0."""
    if n == 0:
        return math.nan, math.nan
    z = float(norm.ppf(0.5 + level / 2.0))
    p = k / n
    den = 1.0 + z * z / n
    centre = (p + z * z / (2.0 * n)) / den
    half = z * math.sqrt(p * (1.0 - p) / n + z * z / (4.0 * n * n)) / den
    return max(0.0, centre - half), min(1.0, centre + half)


def differences(rows: pd.DataFrame, metric: str) -> pd.DataFrame:
    """``B - A`` of ``metric``: one row per world (``sample``), one column per replicate."""
    ab = rows[rows["arm"].isin(["A", "B"])]
    if ab.empty:
        return pd.DataFrame()
    wide = ab.pivot_table(
        index=["sample", "replicate"], columns="arm", values=metric, aggfunc="first"
    )
    return (wide["B"] - wide["A"]).unstack("replicate")


def summary(d: pd.DataFrame, direction: int, reps: int) -> dict[str, Any]:
    """The verdict over the worlds of ``d`` (worlds x replicates of ``B - A``)."""
    means = d.mean(axis=1).to_numpy(float) if not d.empty else np.array([])
    n = len(means)
    out: dict[str, Any] = {"worlds": n}
    if n == 0:
        nan = math.nan
        out.update(median_diff=nan, p05=nan, p95=nan, mean_diff=nan, wins=0, p_b_better=nan)
        out.update(p_b_better_low=nan, p_b_better_high=nan, var_between=nan, var_within=nan)
        out.update(noise_share=nan, p_b_better_by_replicate=[])
        return out
    p05, median, p95 = np.percentile(means, [5.0, 50.0, 95.0])
    out.update(median_diff=float(median), p05=float(p05), p95=float(p95))
    out["mean_diff"] = float(means.mean())
    if direction:
        wins = int((direction * means > 0).sum())
        out.update(wins=wins, p_b_better=wins / n)
        out["p_b_better_low"], out["p_b_better_high"] = wilson(wins, n)
        by_rep = [float((direction * d[r].to_numpy(float) > 0).mean()) for r in d.columns]
    else:
        out.update(wins=None, p_b_better=math.nan, p_b_better_low=math.nan)
        out["p_b_better_high"] = math.nan
        by_rep = []
    within = float(d.var(axis=1, ddof=1).mean()) if reps > 1 else math.nan
    spread = float(means.var(ddof=1)) if n > 1 else math.nan
    noise = within / reps
    between = max(spread - noise, 0.0) if math.isfinite(spread + noise) else math.nan
    total = noise + between
    out.update(var_between=between, var_within=within)
    out["noise_share"] = noise / total if math.isfinite(total) and total > 0 else math.nan
    out["p_b_better_by_replicate"] = by_rep
    return out


def _boxes(x: pd.DataFrame, y: np.ndarray, v: np.ndarray) -> dict[str, Any] | None:
    """PRIM's box (EMA Workbench's, as ``discover`` runs it) on "B wins" over the driver
    columns of ``x``: the densest box keeping half the wins, with its quasi-p-values."""
    from servicesim.experiments import prim_boxes as pb
    from servicesim.experiments.discover import Box
    from servicesim.experiments.workbench import prim, quiet

    if x.empty or y.sum() == 0 or y.all():
        return None
    frame = pb.design_frame(x.reset_index(drop=True), list(x.columns))
    with quiet():
        finder = prim().Prim(frame, np.asarray(y, dtype=bool), peel_alpha=0.1, mass_min=0.05)
        found = finder.find_box()
    traj = found.peeling_trajectory.reset_index(drop=True)
    i = pb.choose(traj, 0.5)
    limits = pb.limits_of(found.box_lims[i], finder.box_init)
    if not limits:
        return None
    row = traj.loc[i]
    box = Box.from_trajectory(limits, row, float("nan"))
    return {
        "limits": limits,
        "description": box.describe(),
        "worlds": box.n,
        "coverage": box.coverage,
        "density": box.density,
        "quasi_p": pb.quasi_p(found, i, limits),
    }


def drivers(
    head: pd.DataFrame, keys: list[str], diffs: dict[str, pd.DataFrame], seed: int
) -> tuple[pd.DataFrame, dict[str, Any]]:
    """``drivers.csv`` and the ``drivers`` object of the JSON: per driver metric the assumptions
    whose delta index stands clear of the dummy's, and PRIM's box on "B wins" over them."""
    worlds = head[(head["arm"] == "A") & (head["replicate"] == 0)].set_index("sample")
    outputs = {}
    for metric, d in diffs.items():
        outputs[metric] = d.mean(axis=1).reindex(worlds.index).to_numpy(float)
    table = drivers_table(worlds[[*keys, DUMMY]], outputs, seed=seed)
    out: dict[str, Any] = {}
    for metric, y in outputs.items():
        rows = table[table["outcome"] == metric]
        if rows.empty:
            out[metric] = {"worlds": int(np.isfinite(y).sum()), "dummy_upper": None, "drivers": []}
            continue
        found = rows[rows["driver"]]
        direction = SUMMARY[metric].direction
        wins = direction * y > 0
        out[metric] = {
            "worlds": int(rows["worlds"].iloc[0]),
            "dummy_upper": float(rows["dummy_upper"].iloc[0]),
            "drivers": [
                {
                    "parameter": r.parameter,
                    "delta": r.delta,
                    "delta_conf": r.delta_conf,
                    "spearman": r.spearman,
                }
                for r in found.itertuples()
            ],
            "b_wins_box": _boxes(worlds[list(found["parameter"])], wins, y),
        }
    return table, out


def analyse(
    table: pd.DataFrame,
    keys: list[str],
    reps: int,
    metrics: tuple[str, ...] | list[str] | None = None,
    seed: int = 0,
) -> dict[str, Any]:
    """The ``--json`` object from ``runs.parquet`` (plus ``drivers_table``, a DataFrame)."""
    metrics = list(metrics or DEFAULT_METRICS)
    per_world = table.drop_duplicates("sample")
    full = per_world[per_world["design"] == "full"]
    head = table[table["in_headline"]]
    halved = table[(table["design"] == "halved_c") & (table["world"] == "headline")]
    outcomes = []
    diffs = {}
    for metric in metrics:
        direction = SUMMARY[metric].direction
        d = differences(head, metric)
        diffs[metric] = d
        row = {"metric": metric, "direction": direction, **summary(d, direction, reps)}
        h = summary(differences(halved, metric), direction, reps)
        row["halved_c"] = {k: h[k] for k in _HALVED_KEYS}
        outcomes.append(row)
    drivers_csv, drivers_json = drivers(
        head, keys, {m: diffs[m] for m in DRIVER_METRICS if m in diffs}, seed
    )
    counts = full["world"].value_counts()
    result: dict[str, Any] = {
        "kind": "robustness",
        "samples": len(full),
        "reps": reps,
        "headline": int(counts.get("headline", 0)),
        "apart": int(counts.get("apart", 0)),
        "failed": int(counts.get("failed", 0)),
        "halved_samples": int((per_world["design"] == "halved_c").sum()),
        "outcomes": outcomes,
        "drivers": drivers_json,
        "warnings": warnings_for(outcomes, reps, int(counts.get("headline", 0)), len(full)),
        "drivers_table": drivers_csv,
    }
    return result


def warnings_for(
    outcomes: list[dict[str, Any]], reps: int, headline: int, samples: int
) -> list[str]:
    """Plain warnings: replicate noise, too few worlds."""
    out = []
    advice = "use a larger centre (--customers) or more replicates (--reps)"
    if reps == 1:
        out.append(
            "one replicate per world: replicate noise cannot be told apart from the worlds' "
            f"spread, and each world's winner may be noise; {advice}"
        )
    noisy = [
        f"{o['metric']} ({o['noise_share']:.0%})"
        for o in outcomes
        if math.isfinite(o["noise_share"]) and o["noise_share"] > NOISE_SHARE_WARN
    ]
    if noisy:
        out.append(
            "replicate noise is more than half of the spread of the paired difference across "
            f"worlds for {', '.join(noisy)}: which worlds B wins in, and what seems to decide "
            f"it, is partly noise; {advice}"
        )
    split = [
        o["metric"]
        for o in outcomes
        if len(o["p_b_better_by_replicate"]) > 1
        and max(o["p_b_better_by_replicate"]) - min(o["p_b_better_by_replicate"]) > 0.2
    ]
    if split:
        out.append(
            f"read from one replicate at a time, the share of worlds where B wins differs by more "
            f"than 20 points for {', '.join(split)}: the verdict rests on replicate noise; {advice}"
        )
    if headline < FEW_WORLDS:
        out.append(
            f"{headline} of {samples} worlds in the headline: shares and drivers are rough "
            "(more --samples)"
        )
    return out


def outcomes_frame(result: dict[str, Any]) -> pd.DataFrame:
    """``robustness.csv``: one row per outcome and design (``full`` = the headline,
    ``halved_c`` = grade-C ranges halved)."""
    rows = []
    for o in result["outcomes"]:
        flat = {k: v for k, v in o.items() if k not in ("halved_c", "p_b_better_by_replicate")}
        flat["p_b_better_by_replicate"] = " ".join(f"{p:.4g}" for p in o["p_b_better_by_replicate"])
        rows.append({"design": "full", **flat})
        rows.append({"design": "halved_c", "metric": o["metric"], **o["halved_c"]})
    return pd.DataFrame(rows)
