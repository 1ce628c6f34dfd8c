"""The benchmark's measurements, each run in a fresh process by ``harness.run_benchmark``.

Throughput and set-up at a size, numba threads, the plain-Mesa baseline, compilation and its
cache, where a day's time goes (the engine's phases), and sweeps with one and two workers;
also the machine's description and a CPU reference (see ``harness.py`` for what each means).
"""

from __future__ import annotations

import contextlib
import os
import platform
import resource
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from typing import Any

from servicesim.params.config import resolve
from servicesim.params.simconfig import SimConfig

#: every mechanism on at default contact rates: the empowered preset (discretion, escalation,
#: surprise gestures, managers' front-line days, learning) plus gifts, promotions and a pulse
POLICY, SCENARIO = "empowered", "default"
SETS = [
    "policy.loyalty_gift_per_year=20.0",
    "policy.promotion_discount=0.1",
    "scenario.pulse_extra=0.3",
]


def bench_config(customers: int, days: int, seed: int = 0) -> SimConfig:
    """The timed configuration: no warm-up, so that set-up and stepping time the engine itself
    (a run's warm-up is ``warmup_days`` more days of the same stepping; sweeps keep theirs)."""
    return resolve(POLICY, SCENARIO, SETS, customers, days, seed, warmup_days=0)


# ---- helpers run in fresh processes ---------------------------------------------------------------
def _status_kb() -> dict[str, int]:
    out = {}
    with contextlib.suppress(OSError), open("/proc/self/status") as f:
        for line in f:
            if line.startswith(("VmRSS:", "VmHWM:")):
                key, value = line.split(":")
                out[key] = int(value.split()[0])
    return out


def _reset_peak() -> int:
    """Reset the peak-RSS mark; returns the current RSS in bytes (ru_maxrss if no /proc)."""
    with contextlib.suppress(OSError), open("/proc/self/clear_refs", "w") as f:
        f.write("5")
    now = _status_kb()
    return 1024 * now.get("VmRSS", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


def _peak() -> int:
    return 1024 * _status_kb().get("VmHWM", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


def _cache_counts() -> tuple[int, int]:
    """(functions compiled, loaded from the cache) over every servicesim numba function."""
    from numba.core.registry import CPUDispatcher

    misses = hits = 0
    for name, mod in list(sys.modules.items()):
        if name.startswith("servicesim"):
            for obj in vars(mod).values():
                if isinstance(obj, CPUDispatcher):
                    misses += sum(obj.stats.cache_misses.values())
                    hits += sum(obj.stats.cache_hits.values())
    return misses, hits


def measure_size(customers: int, days: int, repeats: int) -> dict[str, Any]:
    """Set-up and stepping of one size (best of ``repeats``), peak memory of the first run."""
    import numba

    from servicesim.core.model import ServiceModel
    from servicesim.experiments.simulate import compile_kernels

    compile_kernels()
    cfg = bench_config(customers, days)
    setup, step, peak_delta, row = [], [], 0, {}
    for r in range(repeats):
        before = _reset_peak()
        t0 = time.perf_counter()
        model = ServiceModel(cfg)
        t1 = time.perf_counter()
        for _ in range(days):
            model.step()
        t2 = time.perf_counter()
        setup.append(t1 - t0)
        step.append(t2 - t1)
        if r == 0:
            peak_delta = _peak() - before
            ts = model.timeseries()
            row = {
                "contacts_per_day": float(ts["contacts"].mean()),
                "staff": float(ts["staff_count"].mean()),
                "people_bytes_per_customer": model.engine.people.nbytes() / customers,
            }
        del model
    best_step = min(step)
    return {
        "customers": customers,
        "days": days,
        "repeats": repeats,
        "setup_s": min(setup),
        "step_s": best_step,
        "total_s": min(setup) + best_step,
        "customer_days_per_s": customers * days / best_step,
        "peak_bytes": peak_delta,
        "peak_bytes_per_customer": peak_delta / customers,
        "numba_threads": numba.get_num_threads(),
        **row,
    }


def _stepped(cfg: SimConfig, threads: int) -> tuple[float, Any]:
    """A fresh ``ServiceModel(cfg)`` stepped to its horizon on ``threads`` numba threads:
    (seconds of stepping, the model)."""
    import numba

    from servicesim.core.model import ServiceModel

    numba.set_num_threads(threads)
    model = ServiceModel(cfg)
    t = time.perf_counter()
    model.run_all()
    return time.perf_counter() - t, model


def measure_threads(customers: int, days: int) -> dict[str, Any]:
    """Stepping time with one numba thread and with all of them (alternating, best of 2 each)."""
    import numba

    from servicesim.experiments.simulate import compile_kernels

    compile_kernels()
    cfg = bench_config(customers, days)
    most = numba.config.NUMBA_NUM_THREADS  # type: ignore[attr-defined]
    best = {1: float("inf"), most: float("inf")}
    for _ in range(2):
        for k in best:
            best[k] = min(best[k], _stepped(cfg, k)[0])
    numba.set_num_threads(most)
    return {
        "customers": customers,
        "days": days,
        "step_s_1_thread": best[1],
        "threads": most,
        "step_s_all_threads": best[most],
        "speedup": best[1] / best[most],
    }


def measure_mesa(customers: int, days: int, repeats: int = 2) -> dict[str, Any]:
    """Plain Mesa vs the fast model, same config; stepping time only.

    Both are timed the same way on a shared machine: ``repeats`` rounds, each one plain-Mesa
    run followed by three runs of the fast model as shipped (all numba threads) and three on
    one thread; each figure is the best of its runs, so a burst of load on the machine hits
    both sides alike.
    """
    import numba

    from servicesim.bench import mesa_reference as mesa_ref
    from servicesim.experiments.simulate import compile_kernels

    compile_kernels()
    cfg = bench_config(customers, days)
    most = numba.config.NUMBA_NUM_THREADS  # type: ignore[attr-defined]
    mesa_setup, mesa_step = [], []
    fast_s: dict[int, list[float]] = {most: [], 1: []}
    for _ in range(repeats):
        t0 = time.perf_counter()
        slow = mesa_ref.MesaServiceModel(cfg)
        t1 = time.perf_counter()
        slow.run_all()
        mesa_setup.append(t1 - t0)
        mesa_step.append(time.perf_counter() - t1)
        for _ in range(3):
            for k in fast_s:
                seconds, model = _stepped(cfg, k)
                fast_s[k].append(seconds)
    numba.set_num_threads(most)
    cd = customers * days
    mesa, fast, fast1 = min(mesa_step), min(fast_s[most]), min(fast_s[1])
    return {
        "customers": customers,
        "days": days,
        "repeats": repeats,
        "mesa_setup_s": min(mesa_setup),
        "mesa_step_s": mesa,
        "mesa_step_s_runs": mesa_step,
        "mesa_customer_days_per_s": cd / mesa,
        "fast_step_s": fast,
        "fast_step_s_runs": fast_s[most],
        "fast_customer_days_per_s": cd / fast,
        "ratio": mesa / fast,
        "fast_step_s_1_thread": fast1,
        "ratio_1_thread": mesa / fast1,
        "mesa_retention": slow.summary()["retention_rate"],
        "fast_retention": model.summary()["retention_rate"],
    }


def measure_compile() -> dict[str, Any]:
    """``compile_kernels()`` in this fresh process: seconds, functions compiled and loaded from
    the cache."""
    import numba

    from servicesim.experiments.simulate import compile_kernels

    seconds = compile_kernels()
    compiled, loaded = _cache_counts()
    return {
        "warm_up_s": seconds,
        "compiled": compiled,
        "loaded": loaded,
        "cache_dir": numba.config.CACHE_DIR,  # type: ignore[attr-defined]
    }


def measure_hotspots(customers: int, days: int) -> dict[str, Any]:
    """Seconds per phase of the day (``core/engine.py``'s recipe) and for keeping the Mesa
    agents in step with hires and quits; the rest of ``ServiceModel.step`` is "other"."""
    from servicesim.core.model import ServiceModel
    from servicesim.experiments.simulate import compile_kernels

    compile_kernels()
    model = ServiceModel(bench_config(customers, days))
    seconds: dict[str, float] = {}
    model.engine.phase_seconds = seconds
    sync = model._sync_staff

    def timed_sync() -> None:
        t = time.perf_counter()
        sync()
        seconds["ServiceModel._sync_staff"] = (
            seconds.get("ServiceModel._sync_staff", 0.0) + time.perf_counter() - t
        )

    model._sync_staff = timed_sync  # type: ignore[method-assign]
    t0 = time.perf_counter()
    for _ in range(days):
        model.step()
    total = time.perf_counter() - t0
    seconds["other (Python in ServiceModel.step)"] = total - sum(seconds.values())
    stages = sorted(seconds.items(), key=lambda kv: -kv[1])
    return {
        "customers": customers,
        "days": days,
        "total_s": total,
        "stages": [
            {"stage": k, "s": v, "ms_per_day": 1000 * v / days, "share": v / total}
            for k, v in stages
        ],
    }


def _sweep_tasks(runs: int, customers: int, days: int) -> list[dict[str, Any]]:
    from servicesim.core.rng import replicate_seeds
    from servicesim.experiments.tasks import make_task

    seeds = replicate_seeds(0, runs)
    return [
        make_task(
            POLICY, SCENARIO, {}, seeds[r], replicate=r, customers=customers, days=days, sets=SETS
        )
        for r in range(runs)
    ]


def _pool_task(task: dict[str, Any]) -> dict[str, Any]:
    """``run_task`` on one numba thread in a pool worker, with what that worker has compiled
    and loaded from numba's cache so far (a worker should compile nothing)."""
    from servicesim.experiments.tasks import run_task

    record = run_task(task, 1)
    compiled, loaded = _cache_counts()
    return {**record, "pid": os.getpid(), "compiled": compiled, "loaded": loaded}


def _cold_pool(tasks: list[dict[str, Any]], workers: int) -> dict[str, Any]:
    """A fresh pool of ``workers`` single-threaded workers, timed from its creation to the last
    result: interpreter start, imports and kernel loading included (the pool a sweep with
    several workers uses, ``sweep.executor_for``, here also for one worker).

    ``startup_s`` is what the runs do not explain: wall time minus the runs' own seconds
    divided among the workers.
    """
    from servicesim.experiments.sweep import _worker_init

    t0 = time.perf_counter()
    with ProcessPoolExecutor(
        workers, mp_context=get_context("spawn"), initializer=_worker_init
    ) as pool:
        records = list(pool.map(_pool_task, tasks))
    wall = time.perf_counter() - t0
    run_s = [r["wall_s"] for r in records]
    per_worker: dict[int, dict[str, int]] = {}
    for r in records:  # counts are cumulative: keep each worker's last
        per_worker[r["pid"]] = {"compiled": r["compiled"], "loaded": r["loaded"]}
    return {
        "workers": workers,
        "wall_s": wall,
        "runs_per_min": 60 * len(tasks) / wall,
        "failed": sum(r["status"] != "ok" for r in records),
        "run_s": run_s,
        "startup_s": wall - sum(run_s) / workers,
        "worker_cache": list(per_worker.values()),
    }


def measure_sweep(runs: int, customers: int, days: int, repeats: int = 2) -> dict[str, Any]:
    """Runs per minute of one sweep with 1 and with 2 workers, two ways:

    * ``pool`` (the target): a fresh pool of single-threaded workers, start-up included;
      1 and 2 workers alternate, ``repeats`` times each, the best of each kept;
    * ``run_many``: as ``servicesim sweep --workers N`` runs it, once each: one worker runs in
      this (warm) process on every numba thread, two start a pool of one-thread workers.
    """
    from servicesim.experiments.simulate import compile_kernels
    from servicesim.experiments.sweep import run_many

    compile_kernels()  # run_many with one worker runs in this process
    tasks = _sweep_tasks(runs, customers, days)
    out: dict[str, Any] = {"runs": runs, "customers": customers, "days": days, "repeats": repeats}
    pools: dict[int, dict[str, Any]] = {}
    for _ in range(repeats):
        for workers in (1, 2):
            row = _cold_pool(tasks, workers)
            if workers not in pools or row["wall_s"] < pools[workers]["wall_s"]:
                pools[workers] = row
    out["pool"] = {**pools, "ratio": pools[2]["runs_per_min"] / pools[1]["runs_per_min"]}
    cli: dict[int, dict[str, Any]] = {}
    for workers in (1, 2):
        t0 = time.perf_counter()
        records = list(run_many(tasks, workers=workers))
        wall = time.perf_counter() - t0
        failed = sum(r["status"] != "ok" for r in records)
        cli[workers] = {"wall_s": wall, "runs_per_min": 60 * runs / wall, "failed": failed}
    out["run_many"] = {**cli, "ratio": cli[2]["runs_per_min"] / cli[1]["runs_per_min"]}
    return out


# ---- the whole benchmark --------------------------------------------------------------------------
def machine() -> dict[str, Any]:
    import numba

    from servicesim.experiments.provenance import versions

    cpu = platform.processor()
    with contextlib.suppress(OSError), open("/proc/cpuinfo") as f:
        cpu = next((ln.split(":", 1)[1].strip() for ln in f if ln.startswith("model name")), cpu)
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "numba_threads": numba.config.NUMBA_NUM_THREADS,  # type: ignore[attr-defined]
        "memory_gb": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
        "platform": platform.platform(),
        "host": platform.node(),
        "versions": versions(),
    }


def cpu_reference() -> float:
    """Seconds for a fixed pure-Python loop (best of 3): how fast this machine is right now.

    On a shared machine the same code runs at different speeds at different hours; this number,
    taken at the start and the end of a benchmark, lets two benchmark runs be compared.
    """
    best = float("inf")
    for _ in range(3):
        t0 = time.perf_counter()
        x = 0
        for i in range(3_000_000):
            x += i
        best = min(best, time.perf_counter() - t0)
    return best
