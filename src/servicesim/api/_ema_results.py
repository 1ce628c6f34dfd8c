"""EMA Workbench's results (``experiments``, ``outcomes``) as servicesim's runs: one row per
experiment, policy and replication, as ``runs.parquet`` has them (``servicesim.ema``)."""

# No ``from __future__ import annotations``: see ``_run.py``.

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from servicesim.api._ema_model import Simulation
from servicesim.api._inputs import resolve_config
from servicesim.errors import InputError

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

FAILED = "failed in EMA Workbench (its log, EMA.servicesim, has the error)"


def _values(outcomes: Mapping[str, Any], name: str, n: int, reps: int) -> "np.ndarray":
    """Outcome ``name`` as an experiments x replications float array (NaN where EMA has none)."""
    import numpy as np

    if name not in outcomes and f"{name}_mean" not in outcomes:
        raise InputError("outcomes", name, "the outcomes perform_experiments returned")
    raw = outcomes[name] if name in outcomes else outcomes[f"{name}_mean"]
    arr = np.ma.filled(np.ma.asarray(raw, dtype=float), np.nan)
    if arr.ndim == 1:
        arr = arr[:, None]
    if arr.shape[0] != n or arr.shape[1] not in (1, reps):
        raise InputError(
            f"outcomes[{name!r}]", arr.shape, f"{n} rows (one per experiment) of 1 or {reps}"
        )
    return arr


def label(sim: Simulation, policy: str) -> str:
    """A policy's name as servicesim labels its runs (a preset's name, a file's label)."""
    config = resolve_config(policy, sim.scenario, [], sim.customers, sim.days, 0, sim.warmup_days)
    return str(config.policy_name)


def head(sim: Simulation, model: Any) -> dict[str, Any]:
    """The manifest's fields of a folder of this model's results."""
    config = resolve_config(
        sim.policy, sim.scenario, [], sim.customers, sim.days, 0, sim.warmup_days
    )
    policies = [label(sim, sim.policy)]
    if sim.baseline is not None:
        policies.insert(0, label(sim, sim.baseline))
    return {
        "source": "ema_workbench",
        "model": str(model.name),
        "policies": policies,
        "scenario": config.scenario_name,
        "seed": sim.seed,
        "customers": config.run.customers,
        "days": config.run.days,
        "warmup_days": config.run.warmup_days,
        "held": {k: v for k, v in sim.held.items()},
        "uncertainties": [k for n, k in sim.keys.items() if n not in sim.levers],
        "levers": [k for n, k in sim.keys.items() if n in sim.levers],
    }


def _cell(value: Any) -> Any:
    return value.item() if hasattr(value, "item") else value


def run_rows(
    experiments: "pd.DataFrame",
    outcomes: Mapping[str, Any],
    sim: Simulation,
    model: Any,
    offset: int = 0,
) -> tuple[list[dict[str, Any]], list[str]]:
    """``(rows, swept keys)``: per experiment (design point ``offset + row``), replication and
    policy a run, metrics from the outcomes (the baseline's: the policy's minus its diff)."""
    seeds = [int(r["seed"]) for r in model.replications]
    n, reps = len(experiments), len(seeds)
    missing = [name for name in sim.keys if name not in experiments]
    if missing:
        raise InputError("experiments", missing[0], "the experiments this model ran (its columns)")
    swept = list(sim.keys.values())
    values = {m: _values(outcomes, m, n, reps) for m in sim.outcomes}
    diffs = (
        {m: _values(outcomes, f"{m}_diff", n, reps) for m in sim.outcomes} if sim.baseline else {}
    )
    has_failed = "failed" in outcomes or "failed_mean" in outcomes
    failed = _values(outcomes, "failed", n, reps) if has_failed else None
    # means over the replications (per_replicate=False): one run per experiment, no seed
    mean_only = any(v.shape[1] == 1 for v in values.values()) and reps > 1
    pol = label(sim, sim.policy)
    base = label(sim, sim.baseline) if sim.baseline is not None else None
    rows = []
    for i in range(n):
        point = {k: _cell(experiments[name].iloc[i]) for name, k in sim.keys.items()}
        for r in range(1 if mean_only else reps):
            own = {m: float(v[i, r]) for m, v in values.items()}
            bad = all(x != x for x in own.values()) or (failed is not None and failed[i, r] != 0)
            common = {
                "point": offset + i,
                "replicate": r,
                "seed": None if mean_only else seeds[r],
                "status": "failed" if bad else "ok",
                "error": FAILED if bad else None,
                **point,
            }
            runs = [(pol, own)]
            if base is not None:
                runs.insert(0, (base, {m: own[m] - float(d[i, r]) for m, d in diffs.items()}))
            for name, metrics in runs:
                rows.append(
                    {"run_id": f"ema-{offset + i}-{name}-{r}", "policy": name, **common, **metrics}
                )
    return rows, swept
