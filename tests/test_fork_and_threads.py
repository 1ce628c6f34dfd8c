"""A process that ran a simulation can fork workers that run simulations (EMA Workbench's
multiprocessing evaluator, ``multiprocessing`` with ``fork``), and two threads can run
simulations at once (the dashboard does): numba's TBB threading layer does both
(``core/_numba_cache.py``). Sizes reach the parallel daily pass (over 44,000 customers)."""

from __future__ import annotations

import multiprocessing as mp
import threading

import pytest

from servicesim.core import _numba_cache
from servicesim.experiments.simulate import run_config
from servicesim.params.config import resolve

needs_tbb = pytest.mark.skipif(
    _numba_cache.THREADING_LAYER != "tbb",
    reason="only numba's TBB layer is both fork-safe and thread-safe (no tbb wheel here)",
)


def _cfg(policy: str):
    return resolve(policy, "default", [], 60_000, 4, 3, warmup_days=0)


def _child(queue) -> None:  # noqa: ANN001
    queue.put(run_config(_cfg("rule_bound")).summary["profit"])


@needs_tbb
def test_a_process_that_ran_can_fork_workers_that_run(compiled):
    parent = run_config(_cfg("empowered")).summary["profit"]  # the parallel pass has run here
    ctx = mp.get_context("fork")
    queue = ctx.Queue()
    child = ctx.Process(target=_child, args=(queue,))
    child.start()
    child.join(180)
    alive = child.is_alive()
    if alive:
        child.terminate()
    assert not alive and child.exitcode == 0, f"forked worker: exit code {child.exitcode}"
    assert queue.get(timeout=5) == run_config(_cfg("rule_bound")).summary["profit"]
    assert parent == run_config(_cfg("empowered")).summary["profit"]


@needs_tbb
def test_two_threads_run_simulations_at_once(compiled):
    alone = {p: run_config(_cfg(p)).summary for p in ("rule_bound", "empowered")}
    together: dict[str, dict] = {}

    def one(policy: str) -> None:
        together[policy] = run_config(_cfg(policy)).summary

    threads = [threading.Thread(target=one, args=(p,)) for p in alone]
    for t in threads:
        t.start()
    for t in threads:
        t.join(180)
    assert together == alone
