"""A spec's runs as tasks: plain dicts any process or Dask worker can run, and running one.

A task holds its run's full configuration as TOML (so ``rerun`` can repeat it bit for bit),
its design point, policy, replicate and seed, and a run id that hashes all of them.
"""

from __future__ import annotations

import hashlib
import platform
import time
import warnings
from typing import Any

from servicesim.core.rng import replicate_seeds
from servicesim.errors import InputError
from servicesim.experiments.spec import InertParameterWarning, Spec, design_points, split_parameters
from servicesim.params.config import from_toml_text, resolve, to_toml

TASK_KEYS = ("run_id", "point", "policy", "replicate", "seed", "params", "config")


def _toml(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return repr(value)


def make_task(
    policy: str,
    scenario: str,
    values: dict[str, Any],
    seed: int,
    *,
    replicate: int,
    point: int = 0,
    customers: int | None = None,
    days: int | None = None,
    sets: list[str] | None = None,
    timeseries: bool = False,
    warmup_days: int | None = None,
    switch_at: int | None = None,
    switch_from: str | None = None,
) -> dict[str, Any]:
    """One run as a plain dict: its id, labels, swept values and its full configuration (TOML)."""
    overrides = list(sets or []) + [f"{k}={_toml(v)}" for k, v in values.items()]
    cfg = resolve(
        policy,
        scenario,
        overrides,
        customers,
        days,
        seed,
        warmup_days=warmup_days,
        switch_at=switch_at,
        switch_from=switch_from,
    )
    config = to_toml(cfg)
    run_id = hashlib.sha256(f"{point}|{replicate}|{config}".encode()).hexdigest()[:16]
    return {
        "run_id": run_id,
        "point": point,
        "policy": cfg.policy_name,
        "replicate": replicate,
        "seed": seed,
        "params": dict(values),
        "config": config,
        "timeseries": timeseries,
    }


def spec_tasks(spec: Spec, points: list[dict[str, Any]] | None = None) -> list[dict[str, Any]]:
    """Every run of a spec: design points x policies x replicates, validated before any runs.

    Warns (``InertParameterWarning``) when a swept discretion cap meets zero empowerment: those
    runs repeat each other, which is allowed so that grids may include zero.
    """
    held, _ = split_parameters(spec)
    points = design_points(spec) if points is None else points
    seeds = replicate_seeds(spec.seed, spec.replicates)
    tasks = [
        make_task(
            policy,
            spec.scenario,
            {**held, **point},
            seeds[r],
            replicate=r,
            point=i,
            customers=spec.customers,
            days=spec.days,
            warmup_days=spec.warmup_days,
            switch_at=spec.switch_at,
            switch_from=spec.switch_from,
        )
        for i, point in enumerate(points)
        for policy in spec.policies
        for r in range(spec.replicates)
    ]
    if not tasks:
        raise InputError("spec", spec.name, "at least one run", "the design has no points")
    if "policy.discretion_cap" in split_parameters(spec)[1]:
        inert = [t for t in tasks if from_toml_text(t["config"]).policy.empowerment == 0]
        if inert:
            pols = sorted({t["policy"] for t in inert})
            warnings.warn(
                f"policy.discretion_cap has no effect where policy.empowerment = 0 ({len(inert)} of "
                f"{len(tasks)} runs, policies {', '.join(pols)}): those runs repeat each other",
                InertParameterWarning,
                stacklevel=2,
            )
    return tasks


def run_task(task: dict[str, Any], threads: int | None = None) -> dict[str, Any]:
    """Run one task (in any process); a run that raises comes back with ``status = 'failed'``.

    Args:
        task: from :func:`make_task`.
        threads: numba threads for this run (None: leave as is). Results do not depend on it.
    """
    from servicesim.experiments.simulate import run_config

    t0 = time.perf_counter()
    record = {k: task[k] for k in TASK_KEYS}
    try:
        if threads:
            import numba

            numba.set_num_threads(max(1, min(int(threads), numba.config.NUMBA_NUM_THREADS)))  # type: ignore[attr-defined]
        result = run_config(from_toml_text(task["config"]))
        record.update(status="ok", summary=dict(result.summary), error=None)
        record["warmup"] = dict(result.warmup)
        if task.get("timeseries"):
            record["timeseries"] = result.timeseries
    except Exception as err:  # recorded with the run; the sweep goes on
        record.update(status="failed", summary={}, error=f"{type(err).__name__}: {err}")
    record.update(wall_s=time.perf_counter() - t0, host=platform.node())
    return record
