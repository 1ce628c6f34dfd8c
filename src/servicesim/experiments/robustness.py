"""Robustness: how often a verdict between two policies holds over the model's own assumptions.

A **world** is one setting of every assumption: each ``behaviour`` row and each scenario row
marked ``uncertain`` (``params/fields.py``), drawn from its plausible range (``low``..``high``,
uniform: no row says its range is logarithmic) by a Latin hypercube (SciPy) from the seed.
Policy levers are never drawn. Rows the scenario preset or ``--set`` gives a value are held
there: they are what defines the business (the prepaid scenario's base churn of 27% a year is
far outside the default's range). A last column of the hypercube is a dummy the model never
reads: the drivers' noise floor (``drivers.py``).

In each world both policies run on the same replicate seeds (common random numbers), drawn
per world (``replicate_seeds`` of the world's own key), so that replicate noise is independent
between worlds rather than one shock shared by all of them. Every run's warm-up plays the
scenario's status quo in that world and fixes paid acquisition to what replaced its churn
(``Engine.begin_measurement``): each world starts from its own steadied firm. A and B of one
world and replicate start from the same warm-up, played once (``group``: they go to one worker
together). Whether that firm is realistic is read from the warm-up's own churn over its last
year (``experiments.simulate.warmup_churn``, replicate 0): a world whose status quo churns
outside the scenario's industry band is reported apart, and a world whose configuration fails
validation, or one of whose runs fails, is a failed world; neither enters the headline. Without
a warm-up (``--warmup-days 0``) the status quo's measured run is read instead (the run of A or B
when one of them is the status quo, else one extra run per world).

A second, smaller hypercube draws the same rows with every grade-C range halved around its
default (``halved_c``): the verdict again, leaning less on the widest guesses. Everything runs
on the sweep machinery (``DIR/runs/``, local processes or Dask, kill and resume).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from servicesim.core.metrics import SUMMARY
from servicesim.core.rng import derive_seed, replicate_seeds
from servicesim.errors import InputError
from servicesim.experiments.robust_draws import Assumption, assumptions, unit_design
from servicesim.experiments.simulate import WARMUP_CHURN_DAYS
from servicesim.experiments.store import atomic_write_csv, atomic_write_json, atomic_write_parquet
from servicesim.experiments.sweep import Outcome, execute
from servicesim.experiments.tasks import make_task
from servicesim.params.config import resolve

#: seed paths of the two hypercubes and of each world's replicate seeds
FULL_PATH = (11, 1)
HALVED_PATH = (11, 2)
WORLD_PATH = (11, 3)
DEFAULT_SAMPLES = 64
DUMMY = "dummy"
ARMS = ("A", "B", "status_quo")
#: ``Plan.status_quo_arm`` when the status quo's churn is read from the warm-up (of arm A)
WARMUP = "warmup"


@dataclass
class World:
    """One draw of every assumption, with its replicate seeds."""

    sample: int
    design: str  # "full" or "halved_c"
    values: dict[str, Any]
    dummy: float
    seeds: list[int]
    error: str | None = None  # its configuration failed validation


@dataclass
class Plan:
    """Everything a robustness analysis runs, decided before any run starts."""

    a: str
    b: str
    scenario: str
    reps: int
    drawn: list[Assumption]
    held: list[str]
    worlds: list[World]
    tasks: list[dict[str, Any]]
    arms: dict[str, str]  # arm -> the policy as given
    status_quo_arm: str  # the arm whose replicate 0 gives a world's status-quo churn (WARMUP:
    # the warm-up's churn, read from arm A's replicate 0)
    band: tuple[float, float]
    labels: dict[str, tuple[int, str]] = field(default_factory=dict)  # run id -> (sample, arm)


def check_inputs(
    a: str,
    b: str,
    scenario: str = "default",
    samples: int = DEFAULT_SAMPLES,
    reps: int = 2,
    seed: int = 0,
    halved_samples: int | None = None,
    sets: list[str] | None = None,
) -> int:
    """Refuse bad input before anything runs (an InputError naming it); returns the number of
    worlds with halved grade-C ranges."""
    from servicesim.experiments.decompose import levers

    halved = max(2, samples // 2) if halved_samples is None else halved_samples
    if samples < 2:
        raise InputError("--samples", samples, "an integer >= 2 (worlds drawn)")
    if reps < 1:
        raise InputError("--reps", reps, "an integer >= 1")
    if seed < 0:
        raise InputError("--seed", seed, "an integer >= 0")
    if halved < 0 or halved == 1:
        raise InputError("--halved-samples", halved, "0 (none) or an integer >= 2")
    try:
        levers(a, b, scenario, sets)  # names A or B if unreadable
    except InputError as err:
        if err.name != "POLICY":
            raise
        allowed = "a policy that differs from A in at least one lever"
        raise InputError("B", b, allowed, f"A is {a}, and sets every lever alike") from None
    return halved


def plan(
    a: str,
    b: str,
    scenario: str = "default",
    samples: int = DEFAULT_SAMPLES,
    reps: int = 2,
    seed: int = 0,
    customers: int | None = None,
    days: int | None = None,
    warmup_days: int | None = None,
    sets: list[str] | None = None,
    halved_samples: int | None = None,
) -> Plan:
    """The worlds and every run (world x arm x replicate), validated: a world whose
    configuration is refused becomes a failed world, not an error."""
    halved = check_inputs(a, b, scenario, samples, reps, seed, halved_samples, sets)
    drawn, held = assumptions(scenario, sets)
    base = [
        resolve(p, scenario, sets, customers, days, seed, warmup_days=warmup_days) for p in (a, b)
    ]
    sq_name = base[0].scenario.status_quo
    arms = {"A": a, "B": b}
    sq_arm = next(
        (arm for arm, cfg in zip("AB", base, strict=True) if cfg.policy == cfg.status_quo_policy),
        "",
    )
    if base[0].run.warmup_days > 0:
        sq_arm = WARMUP  # the warm-up is the status quo's run in that world: nothing extra runs
    elif not sq_arm:
        arms["status_quo"] = sq_name
        sq_arm = "status_quo"
    worlds: list[World] = []
    for design, n, path, rows in (
        ("full", samples, FULL_PATH, drawn),
        ("halved_c", halved, HALVED_PATH, [r.halved() for r in drawn]),
    ):
        if n == 0:
            continue
        unit = unit_design(len(rows), n, seed, path)
        for u in unit:
            sample = len(worlds)
            values = {r.key: r.at(float(u[j])) for j, r in enumerate(rows)}
            world_seed = derive_seed(seed, *WORLD_PATH, sample)
            worlds.append(
                World(sample, design, values, float(u[-1]), replicate_seeds(world_seed, reps))
            )
    scen = base[0].scenario
    band = (scen.churn_band_low_per_year, scen.churn_band_high_per_year)
    result = Plan(a, b, scenario, reps, drawn, held, worlds, [], arms, sq_arm, band)
    # the status quo runs as the warm-up plays it: --set changes no lever of it
    sq_sets = [s for s in sets or [] if not s.strip().startswith("policy.")]
    for world in worlds:
        made = []
        try:
            for r in range(reps):
                for arm, policy in arms.items():
                    if arm == "status_quo" and r > 0:
                        continue
                    task = make_task(
                        policy,
                        scenario,
                        world.values,
                        world.seeds[r],
                        replicate=r,
                        point=world.sample,
                        customers=customers,
                        days=days,
                        sets=sq_sets if arm == "status_quo" else sets,
                        warmup_days=warmup_days,
                    )
                    made.append((arm, task))
        except InputError as err:
            world.error = str(err)
            continue
        for arm, task in made:
            # one world's replicate starts A and B from one warm-up: one worker plays it once
            task["group"] = f"{world.sample}:{task['replicate']}"
            result.tasks.append(task)
            result.labels[task["run_id"]] = (world.sample, arm)
    return result


def head(
    p: Plan, seed: int, customers: int, days: int, warmup_days: int, sets: list[str] | None
) -> dict[str, Any]:
    """The manifest's own fields (a resumed folder must hold the same ``kind``, ``spec`` and
    ``samples``)."""
    n_full = sum(w.design == "full" for w in p.worlds)
    return {
        "kind": "robustness",
        "spec": {
            "a": p.a,
            "b": p.b,
            "scenario": p.scenario,
            "reps": p.reps,
            "seed": seed,
            "customers": customers,
            "days": days,
            "warmup_days": warmup_days,
            "sets": list(sets or []),
            "halved_samples": len(p.worlds) - n_full,
            "status_quo_churn": (
                f"warm-up, last {WARMUP_CHURN_DAYS} days"
                if p.status_quo_arm == WARMUP
                else "measured status quo"
            ),
        },
        "samples": n_full,
        "arms": p.arms,
        "status_quo_arm": p.status_quo_arm,
        "churn_band_per_year": list(p.band),
        "assumptions": [
            {"key": r.key, "low": r.low, "high": r.high, "default": r.default, "grade": r.grade}
            for r in p.drawn
        ],
        "held": p.held,
        "n_runs": len(p.tasks),
    }


def runs_frame(p: Plan, outcome: Outcome) -> pd.DataFrame:
    """``runs.parquet``: one row per world, arm and replicate (failed worlds too), with the
    drawn assumptions, every summary metric, the world's status-quo churn and ``in_headline``."""
    keys = [r.key for r in p.drawn]
    done = {
        (int(rec["point"]), p.labels[rec["run_id"]][1], int(rec["replicate"])): rec
        for rec in outcome.table.to_dict("records")
    }
    rows = []
    for w in p.worlds:
        for r in range(p.reps):
            for arm, policy in p.arms.items():
                if arm == "status_quo" and r > 0:
                    continue
                rec = done.get((w.sample, arm, r))
                row: dict[str, Any] = {
                    "sample": w.sample,
                    "design": w.design,
                    "arm": arm,
                    "policy": policy,
                    "replicate": r,
                    "seed": w.seeds[r],
                    "run_id": rec["run_id"] if rec is not None else None,
                    "status": rec["status"] if rec is not None else "failed",
                }
                row.update(w.values)
                row[DUMMY] = w.dummy
                row.update({m: rec[m] if rec is not None else np.nan for m in SUMMARY})
                row["error"] = w.error if rec is None else rec["error"]
                rows.append(row)
    frame = pd.DataFrame(rows, columns=[*_LEAD, *keys, DUMMY, *SUMMARY, "error"])
    frame[list(SUMMARY)] = frame[list(SUMMARY)].astype(float)
    failed = frame.groupby("sample")["status"].agg(lambda s: (s != "ok").any())
    if p.status_quo_arm == WARMUP:
        churn = pd.Series(
            {
                w.sample: _warmup_churn(outcome.records.get(str(rec["run_id"])))
                for w in p.worlds
                if (rec := done.get((w.sample, "A", 0))) is not None
            },
            dtype=float,
        )
    else:
        sq = frame[(frame["arm"] == p.status_quo_arm) & (frame["replicate"] == 0)]
        churn = sq.set_index("sample")["churn_rate_per_year"]
    frame["status_quo_churn"] = frame["sample"].map(churn)
    lo, hi = p.band
    in_band = frame["status_quo_churn"].between(lo, hi)
    frame["world"] = np.where(
        frame["sample"].map(failed), "failed", np.where(in_band, "headline", "apart")
    )
    frame["in_headline"] = (
        (frame["world"] == "headline") & (frame["design"] == "full") & frame["arm"].isin(["A", "B"])
    )
    frame["error"] = frame["error"].astype(object)
    return frame[
        [*_LEAD, *keys, DUMMY, *SUMMARY, "status_quo_churn", "world", "in_headline", "error"]
    ]


def _warmup_churn(record: dict[str, Any] | None) -> float:
    """The warm-up's churn a year from a run's record (NaN if it has none)."""
    value = ((record or {}).get("warmup") or {}).get("churn_rate_per_year")
    return float(value) if value is not None else np.nan


_LEAD = ["sample", "design", "arm", "policy", "replicate", "seed", "run_id", "status"]


def robustness(
    a: str,
    b: str,
    out: str | Path,
    scenario: str = "default",
    samples: int = DEFAULT_SAMPLES,
    reps: int = 2,
    seed: int = 0,
    customers: int | None = None,
    days: int | None = None,
    warmup_days: int | None = None,
    sets: list[str] | None = None,
    halved_samples: int | None = None,
    metrics: tuple[str, ...] | list[str] | None = None,
    **kwargs: Any,
) -> dict[str, Any]:
    """Run every world into folder ``out`` (resumable; keyword arguments as for
    :func:`servicesim.experiments.sweep.execute`), analyse, and write ``runs.parquet``,
    ``robustness.csv``, ``drivers.csv`` and the manifest. Returns the ``--json`` object."""
    from servicesim.experiments import robust_stats

    p = plan(
        a, b, scenario, samples, reps, seed, customers, days, warmup_days, sets, halved_samples
    )
    cfg = resolve(a, scenario, sets, customers, days, seed, warmup_days=warmup_days)
    h = head(p, seed, cfg.run.customers, cfg.run.days, cfg.run.warmup_days, sets)
    outcome = execute(p.tasks, out, h, [], **kwargs)
    if outcome.missing:
        raise RuntimeError(f"{outcome.missing} runs are missing: --resume runs them")
    table = runs_frame(p, outcome)
    result = robust_stats.analyse(table, [r.key for r in p.drawn], p.reps, metrics, seed)
    result.update(a=a, b=b, scenario=scenario, assumptions=len(p.drawn), band=list(p.band))
    folder = Path(out)
    atomic_write_parquet(folder / "runs.parquet", table)
    atomic_write_csv(folder / "robustness.csv", robust_stats.outcomes_frame(result))
    atomic_write_csv(folder / "drivers.csv", result.pop("drivers_table"))
    man = json.loads((folder / "manifest.json").read_text())
    man["result"] = result
    atomic_write_json(folder / "manifest.json", man)
    result["out"] = str(folder)
    return result


__all__ = [
    "Assumption",
    "Plan",
    "World",
    "assumptions",
    "check_inputs",
    "plan",
    "robustness",
    "runs_frame",
    "unit_design",
]
