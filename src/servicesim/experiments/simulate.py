"""Run one simulation from Python or the CLI, and write its results folder.

``run(...)`` resolves the configuration (presets + overrides, validated), builds a
``ServiceModel``, steps it to the horizon and returns a ``RunResult``. ``write_run`` writes
``summary.json``, ``timeseries.parquet``, ``config.toml`` and ``manifest.json`` atomically.

Every run starts with a warm-up under the scenario's status quo. The warm-up depends on the
business, behaviour, status quo, size, seed and its length, not on the policy under study, so
it is simulated once per process and shared (``warmed_engine``): a comparison's policies start
from a copy of the same warmed-up firm, bit for bit.
"""

from __future__ import annotations

import copy
import hashlib
import json
import time
import warnings
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from servicesim.experiments.provenance import manifest
from servicesim.experiments.store import atomic_write_json, atomic_write_parquet, atomic_write_text
from servicesim.params.config import outside_plausible, resolve, to_toml
from servicesim.params.simconfig import SimConfig


@dataclass
class RunResult:
    """What one run produced.

    Attributes
    ----------
    config : SimConfig
        The resolved configuration: every parameter the run used (``config.toml``).
    summary : dict of str to float
        The run's outcomes by metric name (``summary.json``; docs/metrics.md), e.g.
        ``summary["profit"]``, ``summary["retention_rate"]``.
    timeseries : pandas.DataFrame
        One row per measured day, a column per daily metric (``timeseries.parquet``).
    events : pandas.DataFrame
        The run's logged events (staff quits and hires, ...).
    wall_s : float
        Seconds the run took.
    episodes : pandas.DataFrame or None
        One row per problem episode, when the run recorded them.
    warmup : dict of str to float
        What the warm-up (the status quo) ended on: ``churn_rate_per_year`` over its last
        ``days`` days (at most ``WARMUP_CHURN_DAYS``), as the summary counts churn; empty
        without a warm-up.
    """

    config: SimConfig
    summary: dict[str, float]
    timeseries: pd.DataFrame
    events: pd.DataFrame
    wall_s: float
    episodes: pd.DataFrame | None = field(default=None, repr=False)
    warmup: dict[str, float] = field(default_factory=dict)


#: warmed-up engines by their key, most recently used last (a few, up to this many bytes)
_WARMUPS: OrderedDict[str, tuple[Any, int]] = OrderedDict()
WARMUP_CACHE_BYTES = 1 << 30


def warmup_key(config: SimConfig, record_episodes: bool = False) -> str:
    """What a warm-up depends on (not the policy under study, the horizon or a switch)."""
    parts = {
        "scenario": config.scenario.model_dump(),
        "behaviour": config.behaviour.model_dump(),
        "status_quo": config.status_quo_policy.model_dump(),
        "run": config.run.model_dump(exclude={"days", "switch_at"}),
        "episodes": record_episodes,
    }
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()


def _size(engine: Any) -> int:
    pe = engine.people
    return pe.nbytes() + engine.st.nbytes + engine.events.nbytes + engine.acc.nbytes + 2_000_000


def warmed_engine(config: SimConfig, record_episodes: bool = False) -> Any:
    """An engine of ``config`` with its warm-up played: a copy of the one this process already
    played for the same firm, size, seed and warm-up, or a new one (then kept for next time)."""
    from servicesim.core.engine import Engine

    if config.run.warmup_days == 0:
        return Engine(config, record_episodes=record_episodes)
    key = warmup_key(config, record_episodes)
    if key in _WARMUPS:
        _WARMUPS.move_to_end(key)
        engine = copy.deepcopy(_WARMUPS[key][0])
    else:
        engine = Engine(config, record_episodes=record_episodes)
        engine.run_warmup()
        size = _size(engine)
        while _WARMUPS and sum(s for _, s in _WARMUPS.values()) + size > WARMUP_CACHE_BYTES:
            _WARMUPS.popitem(last=False)
        if size <= WARMUP_CACHE_BYTES:
            _WARMUPS[key] = (copy.deepcopy(engine), size)
    engine.cfg = config  # the same firm; the policy, horizon and switch are this run's
    engine.days = config.run.days
    return engine


#: the warm-up's last days over which its churn is read (a year: no season is left out)
WARMUP_CHURN_DAYS = 365


def warmup_churn(engine: Any, window: int = WARMUP_CHURN_DAYS) -> dict[str, float]:
    """The status quo's churn over the warm-up's last ``window`` days (fewer if the warm-up is
    shorter): customers who left over customer-years at risk, as ``churn_rate_per_year`` in the
    summary counts it over the measured period. Empty without a warm-up."""
    from servicesim.core.ledger import share

    records = engine.records[max(engine.warmup - window, 0) : engine.warmup]
    if not records:
        return {}
    at_risk_years = sum(float(r["customers_active"]) for r in records) / 365.0
    churned = sum(float(r["churned"]) for r in records)
    return {"churn_rate_per_year": share(churned, at_risk_years), "days": float(len(records))}


def run_config(
    config: SimConfig,
    *,
    progress: Callable[[int], None] | None = None,
    record_episodes: bool = False,
    check_invariants: bool = False,
) -> RunResult:
    """Run ``config`` to its horizon."""
    from servicesim.core.model import ServiceModel

    t0 = time.perf_counter()
    model = ServiceModel(
        config,
        record_episodes=record_episodes,
        check_invariants=check_invariants,
        engine=warmed_engine(config, record_episodes),
    )
    model.run_all(progress)
    episodes = None
    if record_episodes:
        from servicesim.experiments.validation import episodes_frame

        episodes = episodes_frame(model)
    return RunResult(
        config,
        model.summary(),
        model.timeseries(),
        model.events(),
        time.perf_counter() - t0,
        episodes,
        warmup_churn(model.engine),
    )


def run(
    policy: str = "empowered",
    scenario: str = "default",
    sets: list[str] | None = None,
    customers: int | None = None,
    days: int | None = None,
    seed: int | None = None,
    *,
    warmup_days: int | None = None,
    switch_at: int | None = None,
    switch_from: str | None = None,
    **kwargs: object,
) -> RunResult:
    """Run one simulation: ``servicesim.run(policy="rule_bound", customers=20_000, days=365)``.

    ``warmup_days``: days of the status quo before the measured period (default 730);
    ``switch_at`` and ``switch_from``: run ``switch_from`` for measured days 0..switch_at-1,
    then ``policy``.
    """
    cfg = resolve(
        policy,
        scenario,
        sets,
        customers,
        days,
        seed,
        warmup_days=warmup_days,
        switch_at=switch_at,
        switch_from=switch_from,
    )
    return run_config(cfg, **kwargs)  # type: ignore[arg-type]


def write_run(result: RunResult, out: str | Path) -> Path:
    """Write a run folder (each file atomically: a temporary file, then a rename)."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    atomic_write_json(out / "summary.json", result.summary)
    atomic_write_parquet(out / "timeseries.parquet", result.timeseries)
    atomic_write_text(out / "config.toml", to_toml(result.config))
    cfg = result.config
    atomic_write_json(
        out / "manifest.json",
        manifest(
            "run",
            seed=cfg.run.seed,
            wall_s=result.wall_s,
            policy=cfg.policy_name,
            scenario=cfg.scenario_name,
            customers=cfg.run.customers,
            days=cfg.run.days,
            outside_plausible=outside_plausible(cfg),
        ),
    )
    return out


def compile_kernels() -> float:
    """Compile (or load from numba's on-disk cache) every kernel with a tiny run; returns seconds.

    Call before starting workers so that compilation happens once per machine, not per worker.
    (Not the simulated warm-up of a run, ``run.warmup_days``.)
    """
    t0 = time.perf_counter()
    cfg = SimConfig.model_validate(
        {"run": {"customers": 200, "days": 8, "seed": 0}, "scenario": {}, "policy": {}}
    )
    run_config(cfg)
    # Kernels that Python calls only on rare days (a staff member quits) may not be reached by
    # so short a run; a worker would compile them on its own.
    from servicesim.core.kernels.resolution import log_event

    log_event(np.zeros((1, 5), dtype=np.int64), 1, 0, 0, -1, 0, 0)
    return time.perf_counter() - t0


def warm_up() -> float:
    """Deprecated name of :func:`compile_kernels` (easily taken for the simulated warm-up)."""
    warnings.warn(
        "servicesim.experiments.simulate.warm_up() is now compile_kernels() (it compiles the "
        "kernels; the simulated warm-up is run.warmup_days); warm_up will be removed",
        DeprecationWarning,
        stacklevel=2,
    )
    return compile_kernels()


def small_centre_warnings(config: SimConfig, customers_option: str = "customers=") -> list[str]:
    """Why a run of ``config`` may mislead, one message each: a contact centre of under ten
    frontline staff, where queueing and morale mean little (one quit moves the costs a lot).
    Empty when nothing is amiss.

    ``customers_option``: how the advice names the population (the CLI: ``"--customers "``).
    """
    from servicesim.core.workforce import planned_staff

    staff = planned_staff(config)
    if staff >= 10:
        return []
    # the smallest round size (10,000s) that staffs ten
    enough = 10_000
    while (
        planned_staff(
            config.model_copy(update={"run": config.run.model_copy(update={"customers": enough})})
        )
        < 10
    ):
        enough += 10_000
    return [
        f"with {config.run.customers:,} customers the contact centre has only {staff} frontline "
        f"staff; queueing and morale dynamics need about ten or more (try {customers_option}"
        f"{enough})"
    ]
