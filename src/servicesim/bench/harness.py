"""The performance benchmark: throughput, set-up, memory, a plain-Mesa baseline, sweeps, caching.

Every measurement runs in a fresh process (``multiprocessing`` spawn), so one does not warm,
fill or fragment another's memory, and a compile is seen as a compile. What is measured:

* **Throughput** at each size: customer-days per second = customers x days / stepping time;
  set-up (``ServiceModel`` construction: arrays, network, staff) timed apart. Best of repeats.
* **Peak memory**: the process's peak resident set (``VmHWM``, reset through
  ``/proc/self/clear_refs`` just before the model is built) minus its resident set at that
  moment, for build + the whole run; per customer at each size, and the slope between the two
  largest sizes (fixed costs cancel). Falls back to ``ru_maxrss`` where /proc is missing.
* **Plain Mesa**: ``servicesim.bench.mesa_reference`` (Agent objects, DataCollector) against the
  fast model at the same size and horizon; the ratio of customer-days per second.
* **Sweeps**: runs per minute of one sweep with 1 and 2 single-threaded pool workers,
  start-up included (the target); also ``servicesim.experiments.sweep.run_many`` as the CLI runs it (one
  worker in-process on every numba thread, two in a pool). Runs of the size the shipped
  sweeps use (50,000 customers x 730 days).
* **Compilation**: ``warm_up()`` in a fresh process against an empty numba cache, then in a
  second process against the cache the first wrote: seconds and functions compiled.
* **Threads**: stepping time with one numba thread and with all, at a small and a large size.
* **Hotspots**: seconds per stage of ``Engine.step`` (kernel calls timed from outside).

Library code: returns data; ``servicesim bench`` and ``benchmarks/bench_model.py`` print it.
"""

from __future__ import annotations

import contextlib
import os
import platform
import resource
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
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
TARGETS = {"mesa_ratio": 100.0, "year_1m_s": 20.0, "bytes_per_customer": 200.0, "sweep_ratio": 1.8}


@dataclass(frozen=True)
class Plan:
    """Sizes and horizons of one benchmark run."""

    sizes: tuple[int, ...]  # customers, each over ``days``
    days: int
    repeats: tuple[int, ...]  # timed runs per size (best kept)
    threads: tuple[tuple[int, int], ...]  # (customers, days): 1 numba thread vs all
    mesa: tuple[int, int]  # (customers, days) of the plain-Mesa comparison
    sweep: tuple[int, int, int]  # (runs, customers, days)
    hotspots: tuple[int, int]  # (customers, days)
    cold_compile: bool  # also compile once against an empty numba cache


# The sweep is a typical shipped spec (experiments/: 30-40 runs of 50,000 customers x 2 years,
# besides quick.toml's 12 and when_empowerment_pays.toml's 128): a pool starts once per sweep,
# so fewer runs would weigh its start-up more than a researcher's sweep does.
FULL = Plan(
    sizes=(10_000, 100_000, 1_000_000), days=365, repeats=(3, 2, 1),
    threads=((10_000, 365), (1_000_000, 30)), mesa=(10_000, 30), sweep=(32, 50_000, 730),
    hotspots=(1_000_000, 30), cold_compile=True,
)  # fmt: skip
QUICK = Plan(
    sizes=(5_000, 20_000, 50_000), days=60, repeats=(2, 1, 1),
    threads=((5_000, 60), (50_000, 20)), mesa=(2_000, 10), sweep=(4, 5_000, 60),
    hotspots=(50_000, 20), cold_compile=False,
)  # fmt: skip


def bench_config(customers: int, days: int, seed: int = 0) -> SimConfig:
    return resolve(POLICY, SCENARIO, SETS, customers, days, seed)


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
    from servicesim.experiments.simulate import warm_up

    warm_up()
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

    from servicesim.experiments.simulate import warm_up

    warm_up()
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
    from servicesim.experiments.simulate import warm_up

    warm_up()
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
    """``warm_up()`` in this fresh process: seconds, functions compiled and loaded from the cache."""
    import numba

    from servicesim.experiments.simulate import warm_up

    seconds = warm_up()
    compiled, loaded = _cache_counts()
    return {
        "warm_up_s": seconds,
        "compiled": compiled,
        "loaded": loaded,
        "cache_dir": numba.config.CACHE_DIR,  # type: ignore[attr-defined]
    }


def measure_hotspots(customers: int, days: int) -> dict[str, Any]:
    """Seconds per stage of ``Engine.step``: the kernels and numpy calls it makes, timed from outside."""
    import types

    import numpy as np

    from servicesim.core import engine as E
    from servicesim.core.model import ServiceModel
    from servicesim.experiments.simulate import warm_up

    warm_up()
    seconds: dict[str, float] = {}

    def timed(name: str, f: Callable[..., Any]) -> Callable[..., Any]:
        def g(*a: Any, **k: Any) -> Any:
            t = time.perf_counter()
            out = f(*a, **k)
            seconds[name] = seconds.get(name, 0.0) + time.perf_counter() - t
            return out

        return g

    for name in (
        "customer_day",
        "customer_day_serial",
        "todays_contacts",
        "nonzero_index",
        "queue_day",
        "resolve_contacts",
        "process_escalations",
        "deliver_wom",
        "acquire_paid",
        "day_metrics",
    ):
        setattr(E, name, timed(name, getattr(E, name)))
    fake_np = types.SimpleNamespace(
        **{k: getattr(np, k) for k in dir(np) if not k.startswith("__")}
    )
    fake_np.flatnonzero = timed("flatnonzero (staff slots)", np.flatnonzero)
    E.np = fake_np  # type: ignore[assignment]  # this process only
    for name in ("start_shift", "update_morale", "quits"):
        setattr(E.wf, name, timed("workforce", getattr(E.wf, name)))
    model = ServiceModel(bench_config(customers, days))
    model._sync_staff = timed("ServiceModel._sync_staff", model._sync_staff)  # type: ignore[method-assign]
    t0 = time.perf_counter()
    for _ in range(days):
        model.step()
    total = time.perf_counter() - t0
    seconds["other (Python in Engine.step)"] = total - sum(seconds.values())
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


def in_fresh_process(
    func: Callable[..., dict[str, Any]], *args: Any, env: dict[str, str] | None = None
) -> dict[str, Any]:
    """``func(*args)`` in a new spawned interpreter (nothing shared with this one), with ``env``
    added to its environment."""
    saved = {k: os.environ.get(k) for k in env or {}}
    os.environ.update(env or {})
    try:
        with ProcessPoolExecutor(1, mp_context=get_context("spawn")) as pool:
            return pool.submit(func, *args).result()
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


# ---- sweeps ---------------------------------------------------------------------------------------
def _sweep_tasks(runs: int, customers: int, days: int) -> list[dict[str, Any]]:
    from servicesim.core.rng import replicate_seeds
    from servicesim.experiments.spec import make_task

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
    from servicesim.experiments.spec import run_task

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
    from servicesim.experiments.simulate import warm_up
    from servicesim.experiments.sweep import run_many

    warm_up()  # run_many with one worker runs in this process
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


@contextlib.contextmanager
def _empty_cache_dir() -> Iterator[str]:
    with tempfile.TemporaryDirectory(prefix="servicesim-bench-cache-") as d:
        yield d


def run_benchmark(
    quick: bool = False,
    progress: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    """Every measurement (see the module docstring); returns a JSON-ready dict."""
    plan = QUICK if quick else FULL
    say = progress or (lambda _msg: None)
    res: dict[str, Any] = {
        "quick": quick,
        "machine": machine(),
        "policy": POLICY,
        "scenario": SCENARIO,
        "sets": SETS,
        "started": time.strftime("%Y-%m-%d %H:%M:%S"),
        "load_average_start": os.getloadavg(),  # a shared machine: other work skews timings
        "cpu_reference_start_s": cpu_reference(),
    }
    with _empty_cache_dir() as cache:
        env = {"NUMBA_CACHE_DIR": cache} if plan.cold_compile else None
        if env:
            say("compile: a fresh process, empty numba cache")
            res["compile_first"] = in_fresh_process(measure_compile, env=env)
        say("compile: a second fresh process, against that cache")
        res["compile_second"] = in_fresh_process(measure_compile, env=env)
    res["sizes"] = []
    for n, reps in zip(plan.sizes, plan.repeats, strict=True):
        say(f"full model: {n:,} customers x {plan.days} days")
        res["sizes"].append(in_fresh_process(measure_size, n, plan.days, reps))
    a, b = res["sizes"][-2], res["sizes"][-1]
    res["memory_slope_bytes_per_customer"] = (b["peak_bytes"] - a["peak_bytes"]) / (
        b["customers"] - a["customers"]
    )
    res["threads"] = []
    for n, days in plan.threads:
        say(f"numba threads: 1 vs all, {n:,} customers x {days} days")
        res["threads"].append(in_fresh_process(measure_threads, n, days))
    say(f"plain Mesa: {plan.mesa[0]:,} customers x {plan.mesa[1]} days")
    res["mesa"] = in_fresh_process(measure_mesa, *plan.mesa)
    say("sweeps: 1 and 2 workers")
    res["sweep"] = in_fresh_process(measure_sweep, *plan.sweep)
    say(f"hotspots: {plan.hotspots[0]:,} customers x {plan.hotspots[1]} days")
    res["hotspots"] = in_fresh_process(measure_hotspots, *plan.hotspots)
    res["targets"] = targets(res)
    res["load_average_end"] = os.getloadavg()
    res["cpu_reference_end_s"] = cpu_reference()
    return res


def targets(res: dict[str, Any]) -> list[dict[str, Any]]:
    """Each target of issue 7 with the measured value and whether it is met (None: not measured)."""
    big = res["sizes"][-1]
    year_1m = big["total_s"] * (1_000_000 / big["customers"]) * (365 / big["days"])
    exact = big["customers"] == 1_000_000 and big["days"] == 365
    mesa = res.get("mesa", {})
    rows = [
        (
            "plain Mesa / fast (x, same size and horizon)",
            f">= {TARGETS['mesa_ratio']:g}",
            mesa.get("ratio"),
            None if "ratio" not in mesa else mesa["ratio"] >= TARGETS["mesa_ratio"],
        ),
        (
            "the same, fast model on 1 numba thread",
            f">= {TARGETS['mesa_ratio']:g}",
            mesa.get("ratio_1_thread"),
            None if "ratio" not in mesa else mesa["ratio_1_thread"] >= TARGETS["mesa_ratio"],
        ),
        (
            "1M customers x 365 days, set-up included (s)" + ("" if exact else ", extrapolated"),
            f"< {TARGETS['year_1m_s']:g}",
            year_1m,
            year_1m < TARGETS["year_1m_s"] if exact else None,
        ),
        (
            "peak memory slope (bytes/customer)",
            f"< {TARGETS['bytes_per_customer']:g}",
            res["memory_slope_bytes_per_customer"],
            res["memory_slope_bytes_per_customer"] < TARGETS["bytes_per_customer"],
        ),
        (
            "sweep: 2 workers / 1 worker (fresh pools, start-up included)",
            f">= {TARGETS['sweep_ratio']:g}",
            res["sweep"]["pool"]["ratio"],
            res["sweep"]["pool"]["ratio"] >= TARGETS["sweep_ratio"],
        ),
        (
            "functions compiled by a second process",
            "0",
            res["compile_second"]["compiled"],
            res["compile_second"]["compiled"] == 0,
        ),
    ]
    return [{"target": t, "goal": g, "measured": m, "met": ok} for t, g, m, ok in rows]
