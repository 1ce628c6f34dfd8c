"""Run one simulation from Python or the CLI, and write its results folder.

``run(...)`` resolves the configuration (presets + overrides, validated), builds a
``ServiceModel``, steps it to the horizon and returns a ``RunResult``. ``write_run`` writes
``summary.json``, ``timeseries.parquet``, ``config.toml`` and ``manifest.json`` atomically.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from servicesim.experiments.provenance import manifest
from servicesim.experiments.store import atomic_write_json, atomic_write_parquet, atomic_write_text
from servicesim.params.config import outside_plausible, resolve, to_toml
from servicesim.params.simconfig import SimConfig


@dataclass
class RunResult:
    """What one run produced."""

    config: SimConfig
    summary: dict[str, float]
    timeseries: pd.DataFrame
    events: pd.DataFrame
    wall_s: float
    episodes: pd.DataFrame | None = field(default=None, repr=False)


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
    model = ServiceModel(config, record_episodes=record_episodes, check_invariants=check_invariants)
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
    )


def run(
    policy: str = "empowered",
    scenario: str = "default",
    sets: list[str] | None = None,
    customers: int | None = None,
    days: int | None = None,
    seed: int | None = None,
    **kwargs: object,
) -> RunResult:
    """Run one simulation: ``servicesim.run(policy="rule_bound", customers=20_000, days=365)``."""
    cfg = resolve(policy, scenario, sets, customers, days, seed)
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


def warm_up() -> float:
    """Compile (or load from numba's on-disk cache) every kernel with a tiny run; returns seconds.

    Call before starting workers so that compilation happens once per machine, not per worker.
    """
    t0 = time.perf_counter()
    cfg = SimConfig.model_validate(
        {"run": {"customers": 200, "days": 8, "seed": 0}, "scenario": {}, "policy": {}}
    )
    run_config(cfg)
    return time.perf_counter() - t0
