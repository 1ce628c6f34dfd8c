"""Running many runs: executors (local processes or a Dask cluster) and a resumable results folder.

One code path serves both executors: tasks go to a ``concurrent.futures.Executor`` (a
``ProcessPoolExecutor``, or ``distributed.Client(address).get_executor()``), and each finished run
is written at once, atomically, as ``DIR/runs/<run_id>.json``. Those small files are the truth:
``runs.parquet`` and ``manifest.json`` are rebuilt from them at the end, after an interrupt and on
``--resume``, so a sweep killed at any moment loses only the runs in flight and never doubles a
row. Run ids hash the run's full configuration, design point and replicate.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import signal
import time
from collections import Counter
from collections.abc import Callable, Generator, Iterator
from concurrent.futures import BrokenExecutor, Executor, ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path
from typing import Any

import pandas as pd

from servicesim.core.metrics import SUMMARY
from servicesim.errors import InputError, did_you_mean
from servicesim.experiments.provenance import manifest
from servicesim.experiments.spec import Spec
from servicesim.experiments.store import atomic_write_csv, atomic_write_json, atomic_write_parquet
from servicesim.experiments.tasks import TASK_KEYS, run_task, spec_tasks

RUNS_DIR = "runs"
#: a local pool that breaks (a worker killed) is restarted; a run in flight that often is failed
MAX_ATTEMPTS = 3
#: seconds to wait for a Dask scheduler to answer
CONNECT_TIMEOUT_S = 10
_RECORD_KEYS = ("run_id", "point", "policy", "replicate", "seed", "status")


def _worker_init() -> None:
    """Pool workers leave Ctrl-C to the parent, which stops them and keeps what is finished."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _stop(pool: ProcessPoolExecutor) -> None:
    """Cancel what has not started and end the workers now (runs in flight are lost)."""
    procs = list((getattr(pool, "_processes", None) or {}).values())  # None after shutdown
    pool.shutdown(wait=False, cancel_futures=True)
    for proc in procs:
        with contextlib.suppress(Exception):
            proc.terminate()


@contextlib.contextmanager
def executor_for(
    workers: int, scheduler: str | None
) -> Iterator[tuple[Executor | None, int | None]]:
    """``(executor, numba threads per run)``: a Dask executor for ``scheduler``, a local process
    pool for ``workers`` > 1, or ``(None, None)`` (run in this process)."""
    if scheduler:
        try:
            from distributed import Client

            client = Client(scheduler, timeout=f"{CONNECT_TIMEOUT_S}s")
        except (OSError, TimeoutError, ValueError) as err:
            raise InputError(
                "--scheduler",
                scheduler,
                "the address of a running Dask scheduler, e.g. tcp://HOST:8786",
                str(err),
            ) from None
        try:
            yield client.get_executor(pure=False), 1
        finally:
            client.close()
        return
    if workers <= 1:
        yield None, None
        return
    pool = ProcessPoolExecutor(workers, mp_context=get_context("spawn"), initializer=_worker_init)
    try:
        yield pool, max(1, (os.cpu_count() or 1) // workers)
    except BaseException:
        _stop(pool)
        raise
    pool.shutdown(wait=True)


def _failed(task: dict[str, Any], error: str) -> dict[str, Any]:
    return {
        **{k: task[k] for k in TASK_KEYS},
        "status": "failed",
        "summary": {},
        "error": error,
        "wall_s": float("nan"),
        "host": None,
    }


def run_bundle(tasks: list[dict[str, Any]], threads: int | None = None) -> list[dict[str, Any]]:
    """Run tasks one after another in one process (their shared warm-up is played once there:
    ``experiments.simulate.warmed_engine``); one record each, in order."""
    return [run_task(task, threads) for task in tasks]


def bundles(tasks: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """The tasks in units of work: tasks with the same ``group`` (a key a task may carry, e.g.
    the policies that start from one warmed-up firm) go together, in the order of their first
    task; a task without one goes alone."""
    out: list[list[dict[str, Any]]] = []
    where: dict[Any, int] = {}
    for task in tasks:
        group = task.get("group")
        if group is None:
            out.append([task])
        elif group in where:
            out[where[group]].append(task)
        else:
            where[group] = len(out)
            out.append([task])
    return out


def run_many(
    tasks: list[dict[str, Any]], workers: int = 1, scheduler: str | None = None
) -> Generator[dict[str, Any], None, None]:
    """Run ``tasks``; yield each run's record as it finishes (in finishing order).

    Tasks of one ``group`` go to one worker together (``bundles``), so that a warm-up they
    share is played once; their records come back together.

    A local worker that dies takes its pool down: the pool is restarted and the unfinished runs
    resubmitted, up to ``MAX_ATTEMPTS`` times each. Dask retries runs of a dead worker itself and
    reports ``KilledWorker`` at last; either way the run is then recorded as failed.
    """
    attempts: Counter[str] = Counter()
    pending = bundles(tasks)
    while pending:
        with executor_for(workers, scheduler) as (executor, threads):
            if executor is None:
                for bundle in pending:
                    for task in bundle:
                        yield run_task(task)
                return
            futures = {executor.submit(run_bundle, b, threads): b for b in pending}
            pending = []
            for future in as_completed(futures):
                bundle = futures[future]
                try:
                    records = future.result()
                except BrokenExecutor as err:
                    key = bundle[0]["run_id"]
                    attempts[key] += 1
                    if attempts[key] < MAX_ATTEMPTS:
                        pending.append(bundle)
                        continue
                    records = [_failed(t, f"worker died ({type(err).__name__})") for t in bundle]
                except Exception as err:  # e.g. distributed.KilledWorker
                    records = [_failed(t, f"{type(err).__name__}: {err}") for t in bundle]
                yield from records


# --- the results folder ---------------------------------------------------------------------


@dataclass
class Store:
    """A sweep (or sensitivity) folder: ``runs/<run_id>.json`` per finished run, then tables."""

    path: Path

    @property
    def runs_dir(self) -> Path:
        return self.path / RUNS_DIR

    def records(self) -> dict[str, dict[str, Any]]:
        """Every finished run on disk by run id (temporary and unreadable files are skipped)."""
        out = {}
        if self.runs_dir.is_dir():
            for p in sorted(self.runs_dir.glob("*.json")):
                if p.name.startswith("."):
                    continue
                try:
                    rec = json.loads(p.read_text())
                except (OSError, json.JSONDecodeError):
                    continue  # cannot happen with atomic writes; such a run simply runs again
                out[rec["run_id"]] = rec
        return out

    def save(self, record: dict[str, Any]) -> None:
        data = {k: v for k, v in record.items() if k != "timeseries"}
        atomic_write_json(self.runs_dir / f"{record['run_id']}.json", data)

    def read_manifest(self) -> dict[str, Any] | None:
        p = self.path / "manifest.json"
        return json.loads(p.read_text()) if p.is_file() else None


def runs_table(
    tasks: list[dict[str, Any]], records: dict[str, dict[str, Any]], swept: list[str]
) -> pd.DataFrame:
    """``runs.parquet``: one row per task with a record, in design order; deterministic columns
    only (run id, labels, seed, status, swept values, every summary metric, error)."""
    rows = []
    for task in tasks:
        rec = records.get(task["run_id"])
        if rec is None:
            continue
        row = {k: rec[k] for k in _RECORD_KEYS}
        row.update({k: rec["params"].get(k) for k in swept})
        summary = rec.get("summary") or {}
        row.update({m: summary.get(m) for m in SUMMARY})
        row["error"] = rec.get("error")
        rows.append(row)
    columns = [*_RECORD_KEYS, *swept, *SUMMARY, "error"]
    frame = pd.DataFrame(rows, columns=columns)
    for m in SUMMARY:
        frame[m] = pd.to_numeric(frame[m], errors="coerce").astype(float)
    frame["error"] = frame["error"].astype(object)
    return frame


@dataclass
class Outcome:
    """What a sweep left in its folder."""

    path: Path
    table: pd.DataFrame
    statuses: dict[str, str]
    ran: int
    wall_s: float
    records: dict[str, dict[str, Any]] = field(repr=False, default_factory=dict)

    @property
    def failed(self) -> int:
        return sum(s == "failed" for s in self.statuses.values())

    @property
    def missing(self) -> int:
        return sum(s == "pending" for s in self.statuses.values())


def execute(
    tasks: list[dict[str, Any]],
    out: str | Path,
    head: dict[str, Any],
    swept: list[str],
    *,
    workers: int = 1,
    scheduler: str | None = None,
    resume: bool = False,
    on_start: Callable[[int, int], None] | None = None,
    on_done: Callable[[dict[str, Any]], None] | None = None,
) -> Outcome:
    """Run the tasks missing from folder ``out`` and (re)build its ``runs.parquet`` and manifest.

    Args:
        head: the manifest's own fields (``kind``, ``spec``, ...); a resumed folder must match.
        resume: continue a folder that holds this same experiment (failed runs are retried).
        on_start: called with (runs to do now, runs in the experiment) before the first run.
        on_done: called with each finished run's record.
    """
    store = Store(Path(out))
    old = store.read_manifest()
    if old is not None:
        if not resume:
            raise InputError(
                "--out",
                str(out),
                "a new folder, or --resume to continue the one there",
                "it already holds results",
            )
        for key in ("kind", "spec", "method", "samples"):
            if old.get(key) != head.get(key):
                diff = _first_difference(old.get(key), head.get(key))
                raise InputError(
                    "--resume",
                    str(out),
                    "the same experiment as the folder holds "
                    "(spec, --customers, --days, --reps, --samples)",
                    f"{key} differs: {diff}",
                )
    ids = [t["run_id"] for t in tasks]
    if len(set(ids)) != len(ids):
        raise InputError(
            "spec", head.get("spec", {}).get("name"), "distinct runs", "two runs share an id"
        )
    records = {k: v for k, v in store.records().items() if k in set(ids)}
    todo = [t for t in tasks if records.get(t["run_id"], {}).get("status") != "ok"]

    def finish() -> Outcome:
        statuses = {i: records[i]["status"] if i in records else "pending" for i in ids}
        table = runs_table(tasks, records, swept)
        atomic_write_parquet(store.path / "runs.parquet", table)
        timings = {
            i: {"wall_s": r.get("wall_s"), "host": r.get("host")} for i, r in records.items()
        }
        atomic_write_json(
            store.path / "manifest.json",
            manifest(**head, swept=swept, runs=statuses, timings=timings),
        )
        return Outcome(store.path, table, statuses, ran, time.perf_counter() - t0, records)

    t0 = time.perf_counter()
    ran = 0
    store.runs_dir.mkdir(parents=True, exist_ok=True)
    finish()  # the manifest exists from the start: a killed sweep's folder says what it is
    if on_start:
        on_start(len(todo), len(tasks))
    if todo:
        from servicesim.experiments.simulate import compile_kernels

        compile_kernels()  # compile or load numba's cache once, before workers start
    try:
        with contextlib.closing(run_many(todo, workers, scheduler)) as stream:
            for record in stream:
                store.save(record)
                records[record["run_id"]] = record
                ran += 1
                if on_done:
                    on_done(record)
    finally:
        outcome = finish()
    return outcome


def _first_difference(a: Any, b: Any) -> str:
    if isinstance(a, dict) and isinstance(b, dict):
        for key in sorted(set(a) | set(b), key=str):
            if a.get(key) != b.get(key):
                return f"{key}: {a.get(key)!r} there, {b.get(key)!r} now"
    return f"{a!r} there, {b!r} now"


def sweep(
    spec: Spec, out: str | Path, tasks: list[dict[str, Any]] | None = None, **kwargs: Any
) -> Outcome:
    """Run a spec's sweep into folder ``out`` (keyword arguments as for :func:`execute`), then
    write ``summary.csv``: the spec's outcomes per design point with intervals and paired
    differences (:func:`servicesim.experiments.stats.summarise`).

    ``tasks``: the spec's runs if already expanded (``spec_tasks(spec)``).
    """
    from servicesim.experiments.spec import split_parameters
    from servicesim.experiments.stats import summarise

    tasks = spec_tasks(spec) if tasks is None else tasks
    swept = list(split_parameters(spec)[1])
    head = {"kind": "sweep", "spec": spec.model_dump(), "n_runs": len(tasks)}
    outcome = execute(tasks, out, head, swept, **kwargs)
    if (outcome.table["status"] == "ok").any():
        atomic_write_csv(Path(out) / "summary.csv", summarise(outcome.table, swept, spec.outcomes))
    return outcome


def rerun(directory: str | Path, run_id: str) -> dict[str, Any]:
    """Run one recorded run again from its stored configuration and compare every metric.

    Returns ``{"run_id", "match", "differences": {metric: [recorded, now]}, "status", "wall_s"}``.
    """
    store = Store(Path(directory))
    if store.read_manifest() is None:
        raise InputError(
            "DIR", str(directory), "a sweep or sensitivity folder", "no manifest.json in it"
        )
    path = store.runs_dir / f"{run_id}.json"
    if not path.is_file():
        known = [p.stem for p in store.runs_dir.glob("*.json")]
        raise InputError(
            "RUN_ID",
            run_id,
            "a run id of DIR (column run_id of runs.parquet)",
            did_you_mean(run_id, known),
        )
    old = json.loads(path.read_text())
    new = run_task({**old, "timeseries": False})
    # both sides as JSON stores them (NaN and infinity as null)
    now = json.loads(json.dumps({k: _finite(v) for k, v in new["summary"].items()}))
    before = old.get("summary") or {}
    diffs = {
        m: [before.get(m), now.get(m)]
        for m in sorted(set(before) | set(now))
        if before.get(m) != now.get(m)
    }
    match = not diffs and old["status"] == new["status"] and old.get("error") == new.get("error")
    return {
        "run_id": run_id,
        "match": match,
        "differences": diffs,
        "status": new["status"],
        "error": new.get("error"),
        "wall_s": new["wall_s"],
    }


def _finite(v: Any) -> Any:
    return None if isinstance(v, float) and not math.isfinite(v) else v
