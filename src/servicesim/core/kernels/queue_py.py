"""Pure-Python twin of :func:`servicesim.core.kernels.queue.queue_day`.

Same signature, same outputs bit for bit, written independently of the numba kernel (it keeps
the servers in a ``heapq`` of ``(free_at, index)`` tuples for every number of servers). Slow;
used by the tests to check the kernel and as readable reference code.
"""

from __future__ import annotations

import heapq

import numpy as np


def queue_day_py(
    arrival_s: np.ndarray,
    work_s: np.ndarray,
    patience_s: np.ndarray,
    server_speed: np.ndarray,
    close_s: float,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, float]:
    """One day of an FCFS M/G/c+G queue; see ``queue_day`` for arguments, outputs and rules."""
    n = len(arrival_s)
    if len(work_s) != n or len(patience_s) != n:
        raise ValueError("queue_day: arrival_s, work_s and patience_s must have the same length")
    if len(server_speed) < 1:
        raise ValueError("queue_day: server_speed must have at least one entry")
    speeds = [float(s) for s in server_speed]
    close = float(close_s)
    free_at = [(0.0, k) for k in range(len(speeds))]  # already a heap

    wait_s = np.empty(n, dtype=np.float64)
    abandoned = np.zeros(n, dtype=np.bool_)
    server = np.empty(n, dtype=np.int32)
    service_s = np.empty(n, dtype=np.float64)
    end_s = np.empty(n, dtype=np.float64)
    overtime_s = 0.0

    for i in range(n):
        arrival = float(arrival_s[i])
        patience = float(patience_s[i])
        free, k = free_at[0]
        start = max(arrival, free)
        if start - arrival > patience:
            abandoned[i] = True
            wait_s[i] = patience
            server[i] = -1
            service_s[i] = 0.0
            end_s[i] = arrival + patience
            continue
        service = float(work_s[i]) / speeds[k]
        end = start + service
        wait_s[i] = start - arrival
        server[i] = k
        service_s[i] = service
        end_s[i] = end
        if end > close:
            overtime_s += end - max(start, close)
        heapq.heapreplace(free_at, (end, k))
    return wait_s, abandoned, server, service_s, end_s, overtime_s
