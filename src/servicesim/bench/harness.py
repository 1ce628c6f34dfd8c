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
* **Compilation**: ``compile_kernels()`` in a fresh process against an empty numba cache, then in a
  second process against the cache the first wrote: seconds and functions compiled.
* **Threads**: stepping time with one numba thread and with all, at a small and a large size.
* **Hotspots**: seconds per phase of the day (the engine times its own phases).

Library code: returns data; ``servicesim bench`` and ``benchmarks/bench_model.py`` print it.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing import get_context
from typing import Any

from servicesim.bench.measures import (
    POLICY,
    SCENARIO,
    SETS,
    bench_config,
    cpu_reference,
    machine,
    measure_compile,
    measure_hotspots,
    measure_mesa,
    measure_size,
    measure_sweep,
    measure_threads,
)

__all__ = [
    "FULL",
    "QUICK",
    "SETS",
    "TARGETS",
    "Plan",
    "bench_config",
    "cpu_reference",
    "in_fresh_process",
    "machine",
    "measure_compile",
    "measure_hotspots",
    "measure_mesa",
    "measure_size",
    "measure_sweep",
    "measure_threads",
    "run_benchmark",
    "targets",
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
