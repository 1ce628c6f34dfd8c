"""The session's saved runs, for the debrief: listed side by side, reopened without simulating.

"Save for the workshop report" writes a compare folder (``export.py``); beside its files it
writes ``dashboard.json``, what the page needs to show the run again that a compare folder does
not hold: the names as the page shows them, the colours, the customers of day 0 and how many of
them stayed, first-contact resolution, the run's length, the guide's scenario button, if any,
the stretches the charts shade (a surge, a switch of policy) and the settings themselves.
With ``timeseries.parquet`` that rebuilds a :class:`Snapshot` whose scoreboard, verdict and
charts are the ones the page showed when the run was saved (the staff squares and today's
spread of satisfaction are not saved, so a reopened run has none).
"""

from __future__ import annotations

import datetime as _dt
import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from servicesim.dashboard import story
from servicesim.dashboard.session import Mark, Snapshot
from servicesim.dashboard.settings import Settings
from servicesim.dashboard.setups import matching
from servicesim.dashboard.texts import scenario_title
from servicesim.experiments.store import atomic_write_json

#: the page's own record in a saved folder
SIDECAR = "dashboard.json"
#: charts a reopened run can draw: every one that reads only the daily series
SAVED_CHARTS = ["customers", "satisfaction", "profit", "profit_so_far", "costs", "morale"]


def write_sidecar(folder: Path, snap: Snapshot, settings: Settings) -> None:
    """Write ``dashboard.json``: what a reopened run needs besides the compare folder."""
    shown = matching(settings)
    atomic_write_json(
        folder / SIDECAR,
        {
            "labels": list(snap.labels),
            "titles": list(snap.titles),
            "colors": list(snap.colors),
            "day": snap.day,
            "days": snap.days,
            "scenario": settings.scenario,
            "customers": settings.customers,
            "seed": settings.seed,
            "setup": shown.button if shown is not None else None,
            "start_customers": list(snap.start_customers),
            "kept": list(snap.kept),
            "fcr": [float(v) for v in snap.fcr],
            "marks": [m.to_record() for m in snap.marks],
            "settings": settings.to_record(),
            "saved": _dt.datetime.now().isoformat(timespec="seconds"),
        },
    )


def read_sidecar(folder: Path) -> dict[str, Any]:
    """The page's record of a saved run (``dashboard.json``)."""
    meta = json.loads((folder / SIDECAR).read_text(encoding="utf-8"))
    if not isinstance(meta, dict):
        raise ValueError(f"{folder / SIDECAR} holds no record")
    return meta


def today() -> _dt.date:
    return _dt.date.today()


def reopen(folder: str | Path) -> Snapshot:
    """The snapshot a saved run was saved from, rebuilt from its files (no simulation)."""
    folder = Path(folder)
    meta = read_sidecar(folder)
    daily = pd.read_parquet(folder / "timeseries.parquet")
    runs = pd.read_parquet(folder / "runs.parquet").set_index("policy")
    labels = list(meta["labels"])
    series = []
    for label in labels:
        ts = daily[daily["policy"] == label].drop(columns=["policy", "replicate"])
        series.append(ts.sort_values("day").reset_index(drop=True))
    summaries = [
        {k: float(v) for k, v in runs.loc[label].items() if isinstance(v, int | float)}
        for label in labels
    ]
    empty = [np.zeros(0) for _ in labels]
    return Snapshot(
        day=int(meta["day"]),
        days=int(meta["days"]),
        labels=labels,
        titles=list(meta["titles"]),
        colors=list(meta["colors"]),
        timeseries=series,
        staff_morale=list(empty),
        staff_ids=[np.zeros(0, dtype=np.int64) for _ in labels],
        staff_recognised=list(empty),
        satisfaction=list(empty),
        events=[pd.DataFrame(columns=["day", "label", "value", "text"]) for _ in labels],
        summaries=summaries,
        start_customers=[int(v) for v in meta["start_customers"]],
        kept=[int(v) for v in meta["kept"]],
        fcr=[float(v) for v in meta["fcr"]],
        marks=[Mark(**m) for m in meta.get("marks", [])],
    )


def saved_settings(folder: str | Path) -> Settings:
    """The settings a saved run was played with, its switches of policy included."""
    return Settings.from_record(read_sidecar(Path(folder))["settings"])


@dataclass(frozen=True)
class SavedRun:
    """One saved run as the debrief lists it; money in dollars, shares 0-1."""

    folder: Path
    saved: _dt.datetime
    setup: str | None
    business: str
    titles: list[str]
    day: int
    days: int
    profit: list[float]
    kept: list[int]
    retention: list[float]
    verdict: str


def summarise(folder: Path) -> SavedRun:
    """A saved folder's line in the debrief: its totals so far and its verdict, as saved."""
    meta = read_sidecar(folder)
    snap = reopen(folder)
    table = story.so_far(snap)
    n = len(snap.labels)
    return SavedRun(
        folder=folder,
        saved=_dt.datetime.fromisoformat(meta["saved"]),
        setup=meta.get("setup"),
        business=scenario_title(str(meta["scenario"])),
        titles=snap.titles,
        day=snap.day,
        days=snap.days,
        profit=[float(v) for v in table.loc["Profit so far"].iloc[:n]],
        kept=list(snap.kept),
        retention=[float(v) for v in table.loc["Starting customers kept"].iloc[:n]],
        verdict=story.verdict(snap),
    )


def saved_runs(parent: str | Path) -> list[SavedRun]:
    """The runs the page saved under ``parent``, newest first (unreadable folders are skipped)."""
    out = []
    for sidecar in Path(parent).glob(f"*/{SIDECAR}"):
        try:
            out.append(summarise(sidecar.parent))
        except (OSError, ValueError, KeyError):
            continue
    return sorted(out, key=lambda r: r.saved, reverse=True)


def retention_words(share: float) -> str:
    """'80.1%', or '-' when there is no share."""
    return f"{100 * share:.1f}%" if math.isfinite(share) else "-"
