"""Results folders from runs made elsewhere (EMA Workbench, through ``servicesim.ema``).

A table of runs, one row per run as ``runs.parquet`` has it (``run_id, point, policy, replicate,
seed, status``, the swept parameters, the summary metrics, ``error``), becomes a sweep folder
(``runs.parquet``, ``summary.csv``, ``manifest.json``) that ``servicesim discover`` and ``plot``
read; one design point of it becomes a compare folder (``runs.parquet``, ``comparison.csv``,
``manifest.json``) that ``servicesim report`` and ``plot`` read. The folders hold no
``runs/`` files: ``rerun`` and ``--resume`` are for sweeps servicesim ran itself.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from servicesim.core.metrics import SUMMARY
from servicesim.errors import InputError
from servicesim.experiments.provenance import manifest
from servicesim.experiments.stats import paired_table, summarise
from servicesim.experiments.store import atomic_write_csv, atomic_write_json, atomic_write_parquet

RUN_KEYS = ("run_id", "point", "policy", "replicate", "seed", "status")


def _new_folder(out: str | Path) -> Path:
    path = Path(out)
    if (path / "manifest.json").exists():
        raise InputError("out", str(out), "a new folder", "it already holds results")
    path.mkdir(parents=True, exist_ok=True)
    return path


def runs_frame(rows: list[dict[str, Any]], swept: list[str]) -> pd.DataFrame:
    """``runs.parquet``'s columns in its order: every summary metric (NaN where not given)."""
    frame = pd.DataFrame(rows)
    for m in SUMMARY:
        frame[m] = pd.to_numeric(frame[m], errors="coerce") if m in frame else float("nan")
    frame["error"] = frame["error"].astype(object) if "error" in frame else None
    return frame[[*RUN_KEYS, *swept, *SUMMARY, "error"]]


def write_sweep_folder(
    runs: pd.DataFrame, swept: list[str], outcomes: list[str], out: str | Path, **head: Any
) -> Path:
    """A sweep folder of ``runs`` (``runs_frame``); ``head``: the manifest's own fields."""
    path = _new_folder(out)
    atomic_write_parquet(path / "runs.parquet", runs)
    if (runs["status"] == "ok").any():
        atomic_write_csv(path / "summary.csv", summarise(runs, swept, outcomes))
    statuses = dict(zip(runs["run_id"], runs["status"], strict=True))
    atomic_write_json(
        path / "manifest.json",
        manifest("sweep", swept=swept, runs=statuses, n_runs=len(runs), **head),
    )
    return path


def write_compare_folder(
    runs: pd.DataFrame, policies: list[str], out: str | Path, **head: Any
) -> Path:
    """A compare folder of one design point's runs (``policy, replicate, seed`` and metrics)."""
    ok = runs[runs["status"] == "ok"]
    if ok.empty:
        raise InputError("experiment", head.get("experiment"), "an experiment whose runs succeeded")
    path = _new_folder(out)
    table = ok[["policy", "replicate", "seed", *SUMMARY]].reset_index(drop=True)
    metrics = [m for m in SUMMARY if table[m].notna().any()]
    atomic_write_parquet(path / "runs.parquet", table)
    atomic_write_csv(path / "comparison.csv", paired_table(table, policies, metrics))
    atomic_write_json(
        path / "manifest.json",
        manifest("compare", policies=policies, reps=int(table["replicate"].nunique()), **head),
    )
    return path
