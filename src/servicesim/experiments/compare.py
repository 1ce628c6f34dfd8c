"""Policies side by side: paired replicates with common random numbers, and their statistics.

``compare`` runs every policy on the same replicate seeds (``replicate_seeds(seed, R)[r]``), so
replicate ``r`` of each policy meets the same customers and the same problems: differences
between policies are paired, and their intervals narrow by what the pairs share. ``crn=False``
gives each policy its own stream (``derive_seed(seed, r, policy_index + 1)``) to show what common
random numbers buy. Intervals are Student-t intervals over replicates.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from servicesim.core.metrics import SUMMARY
from servicesim.core.rng import derive_seed, replicate_seeds
from servicesim.errors import InputError
from servicesim.experiments.provenance import manifest
from servicesim.experiments.stats import paired_table
from servicesim.experiments.store import atomic_write_csv, atomic_write_json, atomic_write_parquet
from servicesim.experiments.sweep import run_many
from servicesim.experiments.tasks import make_task
from servicesim.params.config import from_toml_text, load_preset, outside_plausible


@dataclass
class Comparison:
    """Runs, daily series and the paired table of a policy comparison, and its manifest fields."""

    runs: pd.DataFrame
    timeseries: pd.DataFrame
    table: pd.DataFrame
    head: dict[str, Any]


def compare_tasks(
    policies: list[str],
    scenario: str = "default",
    reps: int = 10,
    seed: int = 0,
    crn: bool = True,
    customers: int | None = None,
    days: int | None = None,
    sets: list[str] | None = None,
) -> list[dict[str, Any]]:
    """Policies x replicates. With common random numbers replicate ``r`` uses the same seed for
    every policy; without, each policy draws its own independent stream."""
    if reps < 1:
        raise InputError("--reps", reps, "an integer >= 1")
    if not policies:
        raise InputError("POLICY", policies, "one or more policy preset names or .toml files")
    if seed < 0:
        raise InputError("--seed", seed, "an integer >= 0")
    seeds = replicate_seeds(seed, reps)
    for policy in policies:  # name the argument the user typed in an error
        try:
            load_preset("policy", policy)
        except InputError as err:
            raise InputError("POLICY", err.value, err.allowed, err.hint) from None
    tasks = [
        make_task(
            policy,
            scenario,
            {},
            seeds[r] if crn else derive_seed(seed, r, i + 1),
            replicate=r,
            customers=customers,
            days=days,
            sets=sets,
            timeseries=True,
        )
        for i, policy in enumerate(policies)
        for r in range(reps)
    ]
    labels = list(dict.fromkeys(t["policy"] for t in tasks))
    if len(labels) != len(policies):
        raise InputError("POLICY", policies, "distinct policies")
    return tasks


def compare(
    policies: list[str],
    scenario: str = "default",
    reps: int = 10,
    seed: int = 0,
    crn: bool = True,
    customers: int | None = None,
    days: int | None = None,
    sets: list[str] | None = None,
    workers: int = 1,
    scheduler: str | None = None,
    on_start: Callable[[int, int], None] | None = None,
    on_done: Callable[[dict[str, Any]], None] | None = None,
) -> Comparison:
    """Run each policy ``reps`` times (paired replicates) and tabulate means and differences."""
    tasks = compare_tasks(policies, scenario, reps, seed, crn, customers, days, sets)
    if on_start:
        on_start(len(tasks), len(tasks))
    if workers > 1 or scheduler:
        from servicesim.experiments.simulate import warm_up

        warm_up()
    records: dict[str, dict[str, Any]] = {}
    with contextlib.closing(run_many(tasks, workers, scheduler)) as stream:
        for record in stream:
            if record["status"] != "ok":
                raise RuntimeError(
                    f"{record['policy']} replicate {record['replicate']} failed: {record['error']}"
                )
            records[record["run_id"]] = record
            if on_done:
                on_done(record)
    ordered = [records[t["run_id"]] for t in tasks]
    runs = pd.DataFrame(
        [
            {
                "policy": r["policy"],
                "replicate": r["replicate"],
                "seed": r["seed"],
                **{m: r["summary"].get(m) for m in SUMMARY},
            }
            for r in ordered
        ]
    )
    series = pd.concat(
        [r["timeseries"].assign(policy=r["policy"], replicate=r["replicate"]) for r in ordered],
        ignore_index=True,
    )
    series = series[
        ["policy", "replicate", *[c for c in series.columns if c not in ("policy", "replicate")]]
    ]
    labels = list(dict.fromkeys(t["policy"] for t in tasks))
    cfg = from_toml_text(tasks[0]["config"])
    head = {
        "kind": "compare",
        "policies": labels,
        "scenario": cfg.scenario_name,
        "reps": reps,
        "seed": seed,
        "crn": crn,
        "customers": cfg.run.customers,
        "days": cfg.run.days,
        "sets": list(sets or []),
        "outside_plausible": {
            label: outside_plausible(from_toml_text(t["config"]))
            for label, t in zip(labels, tasks[::reps], strict=True)
        },
    }
    return Comparison(runs, series, paired_table(runs, labels, list(SUMMARY)), head)


def write_compare(result: Comparison, out: str | Path) -> Path:
    """Write a compare folder (manifest last, every file atomic); returns the folder.

    Figures are drawn by the caller (``servicesim.present.figures.plot_dir``): experiments
    never draw.
    """
    out = Path(out)
    atomic_write_parquet(out / "runs.parquet", result.runs)
    atomic_write_parquet(out / "timeseries.parquet", result.timeseries)
    atomic_write_csv(out / "comparison.csv", result.table)
    atomic_write_json(out / "manifest.json", manifest(**result.head))
    return out
