"""Write the dashboard's side-by-side run as a compare folder, and the workshop report from it.

The folder has the shape ``servicesim compare`` writes (``docs/figures.md``), with one replicate
per policy, so ``servicesim report`` and ``servicesim plot`` read it like any other comparison:

- ``runs.parquet``: policy, replicate, seed and every summary metric, one row per policy;
- ``timeseries.parquet``: policy, replicate and the daily metrics, one row per policy and day;
- ``comparison.csv``: metric, policy, mean, ci_low, ci_high, diff, diff_ci_low, diff_ci_high
  (one replicate: the interval columns are empty);
- ``manifest.json``: kind "compare", the policies, scenario, seed, ``crn`` true, the lever values
  of each policy, each switch of policy mid-run (``switches``: label -> from, at), and
  ``source`` "dashboard".

Beside them the page writes ``dashboard.json`` (what the debrief needs to reopen the run without
simulating: ``saved.py``), ``handout.html`` (the one-page handout for the room, ``handout.py``)
and, from the compare folder, the full ``report.html`` of ``servicesim report``.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from servicesim.core.metrics import SUMMARY
from servicesim.dashboard.handout import build_handout
from servicesim.dashboard.saved import write_sidecar
from servicesim.dashboard.session import Snapshot, WorkshopRun
from servicesim.dashboard.settings import Settings
from servicesim.dashboard.setups import matching
from servicesim.dashboard.worlds import robustness_sentence
from servicesim.experiments.provenance import manifest
from servicesim.experiments.store import atomic_write_csv, atomic_write_json, atomic_write_parquet
from servicesim.present.data import paired_comparison


@dataclass
class Exported:
    """Where an export went; ``report`` is None when the report could not be written."""

    folder: Path
    report: Path | None
    message: str
    #: the one-page handout for the room (None when it could not be written)
    handout: Path | None = None


def folder_name(labels: list[str], day: int, when: _dt.datetime | None = None) -> str:
    """'20250101-093000_rule-bound_vs_empowered_day365': sortable, safe on every file system."""
    when = when or _dt.datetime.now()
    names = "_vs_".join(re.sub(r"[^A-Za-z0-9]+", "-", label).strip("-") for label in labels)
    return f"{when:%Y%m%d-%H%M%S}_{names}_day{day}"


def compare_tables(snap: Snapshot, seed: int) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(runs, timeseries, comparison) of a snapshot."""
    runs = pd.DataFrame(
        [
            {"policy": label, "replicate": 0, "seed": seed, **summary}
            for label, summary in zip(snap.labels, snap.summaries, strict=True)
        ]
    )
    timeseries = pd.concat(
        [
            ts.assign(policy=label, replicate=0)
            for ts, label in zip(snap.timeseries, snap.labels, strict=True)
        ],
        ignore_index=True,
    )
    front = ["policy", "replicate", "day"]
    timeseries = timeseries[front + [c for c in timeseries.columns if c not in front]]
    metrics = [m for m in SUMMARY if m in runs.columns]
    comparison = paired_comparison(runs, snap.labels, metrics)
    return runs, timeseries, comparison


def write_compare(run: WorkshopRun, parent: str | Path, snap: Snapshot | None = None) -> Path:
    """Write the run so far as a compare folder under ``parent`` (each file atomically).

    One snapshot (``snap``, else one taken now under the run's lock) feeds every file: a run
    still being played cannot make the files disagree about the day.
    """
    snap = snap or run.snapshot()
    if snap.day == 0:
        raise ValueError("nothing to export yet: run at least one day")
    folder = Path(parent) / folder_name(snap.labels, snap.day)
    settings = run.settings
    runs, timeseries, comparison = compare_tables(snap, settings.seed)
    atomic_write_parquet(folder / "runs.parquet", runs)
    atomic_write_parquet(folder / "timeseries.parquet", timeseries)
    atomic_write_csv(folder / "comparison.csv", comparison)
    atomic_write_json(
        folder / "manifest.json",
        manifest(
            "compare",
            policies=list(snap.labels),
            scenario=settings.scenario,
            reps=1,
            seed=settings.seed,
            crn=True,
            customers=settings.customers,
            days=snap.day,
            horizon_days=settings.days,
            source="dashboard",
            levers={
                label: cfg.policy.model_dump()
                for label, cfg in zip(snap.labels, run.configs, strict=True)
            },
            switches={
                label: {"from": side.switch_from, "at": side.switch_at}
                for label, side in zip(snap.labels, settings.sides, strict=True)
                if side.switches
            },
        ),
    )
    return folder


def write_handout(snap: Snapshot, settings: Settings, folder: Path) -> Path:
    """Write ``handout.html`` (the one-page handout) into ``folder``."""
    shown = matching(settings)
    text = build_handout(
        snap,
        settings.scenario,
        robustness_sentence(shown.button if shown else None),
        {
            "scenario": settings.scenario,
            "policies": ", ".join(snap.labels),
            "switches": "; ".join(w for w in settings.switch_words() if w) or "none",
            "customers": f"{settings.customers:,}",
            "days": f"{snap.day} of {snap.days}",
            "seed": str(settings.seed),
            "guide_scenario": shown.button if shown else "none",
            "saved_folder": folder.name,
        },
    )
    path = folder / "handout.html"
    path.write_text(text, encoding="utf-8")
    return path


def export_run(run: WorkshopRun, parent: str | Path) -> Exported:
    """Write a compare folder under ``parent``, the page's record, the handout and the workshop
    report in it, if possible. One snapshot feeds them all: their numbers are the screen's."""
    snap = run.snapshot()
    folder = write_compare(run, parent, snap)
    write_sidecar(folder, snap, run.settings)
    handout = write_handout(snap, run.settings, folder)
    try:
        from servicesim.present.report import write_report
    except ImportError:
        return Exported(
            folder,
            None,
            "The results and the handout are saved, but this servicesim has no report "
            "module: run `servicesim report` on the folder with a newer version.",
            handout,
        )
    try:
        report = write_report(folder)
    except Exception as err:  # the report is a bonus: the folder itself is the export
        return Exported(
            folder,
            None,
            f"The results and the handout are saved, but the report failed: {err}",
            handout,
        )
    return Exported(folder, report, "Saved the results and the workshop report.", handout)
