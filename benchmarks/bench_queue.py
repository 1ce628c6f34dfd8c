"""Throughput of the queue kernel: contacts per second through ``queue_day`` on one core.

Usage::

    python benchmarks/bench_queue.py                      # c=50, rho=0.9, 5 million arrivals
    python benchmarks/bench_queue.py --servers 5 --contacts 1e6 --json out.json
    python benchmarks/bench_queue.py --compare-scan       # heap vs linear scan, several c

Inputs (Poisson arrivals, exponential work and patience) are drawn before timing; the kernel is
compiled (or loaded from numba's cache) by a small call first, and the best of ``--repeats``
timed calls is reported. Not a test: timings depend on the machine.
"""

from __future__ import annotations

import argparse
import json
import platform
import time
from pathlib import Path

import numba
import numpy as np

from servicesim.core.kernels.queue import queue_day, queue_day_core


def make_inputs(
    contacts: int,
    servers: int,
    rho: float,
    mean_service_s: float,
    mean_patience_s: float,
    seed: int,
) -> tuple[np.ndarray, ...]:
    """Arrival times, work and patience for ``contacts`` arrivals at offered load ``rho``."""
    rng = np.random.Generator(np.random.PCG64(np.random.SeedSequence(seed)))
    rate_per_s = rho * servers / mean_service_s
    arrival_s = np.cumsum(rng.standard_exponential(contacts) / rate_per_s)
    work_s = rng.standard_exponential(contacts) * mean_service_s
    patience_s = rng.standard_exponential(contacts) * mean_patience_s
    return arrival_s, work_s, patience_s, np.ones(servers)


def time_kernel(
    inputs: tuple[np.ndarray, ...], repeats: int, use_scan: bool | None = None
) -> float:
    """Best wall time of ``repeats`` calls, seconds, after one small warm-up call."""
    arrival_s, work_s, patience_s, speed = inputs
    close_s = float(arrival_s[-1]) + 1.0

    def call(a, w, p):
        if use_scan is None:
            return queue_day(a, w, p, speed, close_s)
        return queue_day_core(a, w, p, speed, close_s, use_scan)

    call(arrival_s[:100], work_s[:100], patience_s[:100])  # compile or load from cache
    best = float("inf")
    for _ in range(repeats):
        t0 = time.perf_counter()
        call(arrival_s, work_s, patience_s)
        best = min(best, time.perf_counter() - t0)
    return best


def main(argv: list[str] | None = None) -> dict:
    """Run the benchmark, print contacts per second, optionally write a JSON record."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--contacts", type=float, default=5e6, help="arrivals per run")
    ap.add_argument("--servers", type=int, default=50)
    ap.add_argument("--rho", type=float, default=0.9, help="offered load per server")
    ap.add_argument("--mean-service-s", type=float, default=300.0)
    ap.add_argument("--mean-patience-s", type=float, default=600.0)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument(
        "--compare-scan",
        action="store_true",
        help="also time heap vs linear scan for c = 1, 2, 4, 8, 16, 50, 500",
    )
    ap.add_argument("--json", type=Path, default=None, help="write the results to this file")
    args = ap.parse_args(argv)
    numba.set_num_threads(1)

    contacts = int(args.contacts)
    inputs = make_inputs(
        contacts, args.servers, args.rho, args.mean_service_s, args.mean_patience_s, args.seed
    )
    best_s = time_kernel(inputs, args.repeats)
    rate = contacts / best_s
    print(
        f"queue_day: {contacts:,} contacts, c={args.servers}, rho={args.rho}: "
        f"{best_s:.3f} s, {rate / 1e6:.2f} million contacts/s (best of {args.repeats})"
    )
    result: dict = {
        "contacts": contacts,
        "servers": args.servers,
        "rho": args.rho,
        "mean_service_s": args.mean_service_s,
        "mean_patience_s": args.mean_patience_s,
        "best_s": best_s,
        "contacts_per_s": rate,
        "repeats": args.repeats,
        "numba": numba.__version__,
        "numpy": np.__version__,
        "machine": platform.machine(),
        "processor": platform.processor(),
        "python": platform.python_version(),
    }
    if args.compare_scan:
        rows = []
        n = min(contacts, 2_000_000)
        for c in (1, 2, 4, 8, 16, 50, 500):
            inp = make_inputs(n, c, args.rho, args.mean_service_s, args.mean_patience_s, args.seed)
            heap = n / time_kernel(inp, args.repeats, use_scan=False)
            scan = n / time_kernel(inp, args.repeats, use_scan=True)
            rows.append({"servers": c, "heap_per_s": heap, "scan_per_s": scan})
            print(f"  c={c:4d}: heap {heap / 1e6:6.2f} M/s   scan {scan / 1e6:6.2f} M/s")
        result["compare_scan"] = rows
    if args.json is not None:
        args.json.write_text(json.dumps(result, indent=2) + "\n")
    return result


if __name__ == "__main__":
    main()
