"""The contact-centre queue of one day: FCFS, many servers, impatient customers (M/G/c+G).

``queue_day`` is the numba core used by :func:`servicesim.core.queue.simulate_queue` and by the
model. ``servicesim.core.kernels.queue_py.queue_day_py`` is its pure-Python twin (same inputs, same
outputs bit for bit); tests hold the two together.

Why processing arrivals in order is exact: under first-come-first-served a contact's fate
depends only on the contacts that arrived before it. Each server keeps the time at which it
becomes free; contact ``i`` would start on the earliest-free server (ties: the lowest index), at
``start = max(arrival, free_at)``. If the wait ``start - arrival`` exceeds the contact's patience
it abandons at ``arrival + patience`` and uses no server; otherwise it is served and that server's
free-at time moves to the end of the service. Abandoning contacts never delay later ones, so one
pass gives the exact continuous-time sample path.

When several servers are idle at an arrival, the earliest-free one (the one idle longest) takes
the contact. With equal speeds this choice does not change any wait; with unequal speeds it is
the routing rule of the model.

Closing rule: arrivals happen before ``close_s``. Contacts still waiting at closing are served
in paid overtime; their patience still applies, so some of them abandon after closing.
``overtime_s`` is the total busy server time after ``close_s`` (the part of each service that
lies after closing, summed over servers); nobody is turned away at closing.
"""

from __future__ import annotations

import numba as nb
import numpy as np

# Up to this many servers a linear scan for the earliest-free server beats a binary heap
# (benchmarks/bench_queue.py --compare-scan: the crossover lies between 32 and 50 servers on
# x86-64). Both searches give identical results.
SCAN_MAX_SERVERS = 32


@nb.njit(cache=True, inline="always")
def _before(free_a, idx_a, free_b, idx_b):
    """Heap order: earlier free-at time first, then lower server index."""
    return free_a < free_b or (free_a == free_b and idx_a < idx_b)


@nb.njit(cache=True, nogil=True)
def _sift_down(heap_free, heap_idx, pos):
    """Restore the heap below ``pos`` after its key grew (a server became busy for longer)."""
    n = heap_free.shape[0]
    free = heap_free[pos]
    idx = heap_idx[pos]
    while True:
        child = 2 * pos + 1
        if child >= n:
            break
        right = child + 1
        if right < n and _before(
            heap_free[right], heap_idx[right], heap_free[child], heap_idx[child]
        ):
            child = right
        if _before(heap_free[child], heap_idx[child], free, idx):
            heap_free[pos] = heap_free[child]
            heap_idx[pos] = heap_idx[child]
            pos = child
        else:
            break
    heap_free[pos] = free
    heap_idx[pos] = idx


@nb.njit(cache=True, nogil=True)
def queue_day(arrival_s, work_s, patience_s, server_speed, close_s):
    """Simulate one day of an FCFS multi-server queue with abandonment (M/G/c+G).

    Args:
        arrival_s: arrival times, seconds from opening, float64, sorted ascending, all
            ``< close_s`` (not checked: the caller draws them).
        work_s: work content of each contact, seconds at speed 1, float64, ``>= 0``.
        patience_s: how long each contact will wait before abandoning, seconds, float64,
            ``>= 0``; ``np.inf`` for a contact that never abandons.
        server_speed: one entry per server, ``> 0``; a contact's service time on server ``k``
            is ``work_s[i] / server_speed[k]``.
        close_s: closing time, seconds from opening.

    Returns:
        ``(wait_s, abandoned, server, service_s, end_s, overtime_s)``, one entry per contact:
        ``wait_s`` time in queue (for an abandoning contact its patience: it left then);
        ``abandoned`` bool; ``server`` int32 index, ``-1`` if abandoned; ``service_s`` service
        time, ``0`` if abandoned; ``end_s`` time the contact left (service end, or
        ``arrival + patience``); ``overtime_s`` busy server time after ``close_s``, summed over
        servers (see the closing rule in the module docstring).

    Reads the inputs only; allocates the outputs. Invariants: a served contact waits at most
    its patience; no server serves two contacts at once; service starts are non-decreasing in
    arrival order (FCFS).
    """
    return queue_day_core(
        arrival_s,
        work_s,
        patience_s,
        server_speed,
        close_s,
        server_speed.shape[0] <= SCAN_MAX_SERVERS,
    )


@nb.njit(cache=True, nogil=True)
def queue_day_core(arrival_s, work_s, patience_s, server_speed, close_s, use_scan):
    """``queue_day`` with the search for the earliest-free server chosen by the caller.

    ``use_scan=True`` scans all servers; ``False`` keeps a binary heap. Results are identical;
    only the speed differs (the benchmark measures both).
    """
    n = arrival_s.shape[0]
    c = server_speed.shape[0]
    if work_s.shape[0] != n or patience_s.shape[0] != n:
        raise ValueError("queue_day: arrival_s, work_s and patience_s must have the same length")
    if c < 1:
        raise ValueError("queue_day: server_speed must have at least one entry")

    wait_s = np.empty(n, dtype=np.float64)
    abandoned = np.zeros(n, dtype=np.bool_)
    server = np.empty(n, dtype=np.int32)
    service_s = np.empty(n, dtype=np.float64)
    end_s = np.empty(n, dtype=np.float64)
    overtime_s = 0.0

    # Servers' free-at times: a min-heap keyed (free_at, index), or a flat array when c is small.
    heap_free = np.zeros(c, dtype=np.float64)
    heap_idx = np.arange(c).astype(np.int32)
    for i in range(n):
        arrival = arrival_s[i]
        if use_scan:
            pos = 0
            for j in range(1, c):
                if heap_free[j] < heap_free[pos]:  # strict: ties keep the lowest index
                    pos = j
        else:
            pos = 0
        free = heap_free[pos]
        k = heap_idx[pos]
        start = arrival if arrival >= free else free
        wait = start - arrival
        if wait > patience_s[i]:
            abandoned[i] = True
            wait_s[i] = patience_s[i]
            server[i] = -1
            service_s[i] = 0.0
            end_s[i] = arrival + patience_s[i]
        else:
            service = work_s[i] / server_speed[k]
            end = start + service
            wait_s[i] = wait
            server[i] = k
            service_s[i] = service
            end_s[i] = end
            if end > close_s:
                overtime_s += end - (start if start > close_s else close_s)
            heap_free[pos] = end
            if not use_scan:
                _sift_down(heap_free, heap_idx, 0)
    return wait_s, abandoned, server, service_s, end_s, overtime_s
