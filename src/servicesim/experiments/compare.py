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
from servicesim.experiments.stats import LEVEL_METRICS, levels, paired_table
from servicesim.experiments.store import atomic_write_csv, atomic_write_json, atomic_write_parquet
from servicesim.experiments.sweep import run_many
from servicesim.experiments.tasks import make_task
from servicesim.params.config import from_toml_text, outside_plausible
from servicesim.params.preset_files import load_preset


@dataclass
class Comparison:
    """Runs, daily series and the paired table of a policy comparison, and its manifest fields.

    Attributes
    ----------
    runs : pandas.DataFrame
        One row per run (``runs.parquet``): ``policy``, ``replicate``, ``seed`` and every
        summary metric.
    timeseries : pandas.DataFrame
        One row per run and measured day (``timeseries.parquet``): ``policy``, ``replicate``,
        ``day`` and the daily metrics.
    table : pandas.DataFrame
        Per ``metric`` and ``policy`` (``comparison.csv``): ``mean``, ``ci_low``, ``ci_high``
        (95%, Student-t over replicates) and ``diff``, ``diff_ci_low``, ``diff_ci_high``, the
        paired difference from the first policy (empty for the first policy itself).
    head : dict
        What was compared (policies, scenario, reps, seed, crn, customers, days, sets, warm-up,
        switch, parameters outside their plausible range): the manifest's fields.
    """

    runs: pd.DataFrame
    timeseries: pd.DataFrame
    table: pd.DataFrame
    head: dict[str, Any]

    def levels(self, metrics: tuple[str, ...] | list[str] = LEVEL_METRICS) -> pd.DataFrame:
        """Each policy's absolute levels, with their intervals over replicates.

        Parameters
        ----------
        metrics : sequence of str
            Summary metrics (default: yearly churn, yearly base change, revenue, profit and
            profit margin).

        Returns
        -------
        pandas.DataFrame
            One row per policy and metric: ``mean``, ``ci_low`` and ``ci_high`` (95%,
            Student-t over replicates) and ``n``, the replicates with a value
            (``servicesim.experiments.stats.levels``).
        """
        return levels(self.runs, self.head["policies"], metrics)


def compare_tasks(
    policies: list[str],
    scenario: str = "default",
    reps: int = 10,
    seed: int = 0,
    crn: bool = True,
    customers: int | None = None,
    days: int | None = None,
    sets: list[str] | None = None,
    warmup_days: int | None = None,
    switch_at: int | None = None,
    switch_from: str | None = None,
) -> list[dict[str, Any]]:
    """Replicates x policies. With common random numbers replicate ``r`` uses the same seed for
    every policy (and its policies start from the same warmed-up firm, simulated once when they
    run in the same process: so the policies of a replicate come one after another); without,
    each policy draws its own independent stream."""
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
            warmup_days=warmup_days,
            switch_at=switch_at,
            switch_from=switch_from,
        )
        for r in range(reps)
        for i, policy in enumerate(policies)
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
    warmup_days: int | None = None,
    switch_at: int | None = None,
    switch_from: str | None = None,
) -> Comparison:
    """Run each policy ``reps`` times (paired replicates) and tabulate means and differences."""
    tasks = compare_tasks(
        policies,
        scenario,
        reps,
        seed,
        crn,
        customers,
        days,
        sets,
        warmup_days=warmup_days,
        switch_at=switch_at,
        switch_from=switch_from,
    )
    if on_start:
        on_start(len(tasks), len(tasks))
    if workers > 1 or scheduler:
        from servicesim.experiments.simulate import compile_kernels

        compile_kernels()
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
    labels = list(dict.fromkeys(t["policy"] for t in tasks))
    # policy by policy, each in replicate order (as the tables read)
    ordered = sorted(
        (records[t["run_id"]] for t in tasks),
        key=lambda r: (labels.index(r["policy"]), r["replicate"]),
    )
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
        "warmup_days": cfg.run.warmup_days,
        "status_quo": cfg.scenario.status_quo,
        "switch_at": cfg.run.switch_at,
        "switch_from": cfg.switch_from_name,
        "outside_plausible": {
            t["policy"]: outside_plausible(from_toml_text(t["config"]))
            for t in tasks[: len(labels)]
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
