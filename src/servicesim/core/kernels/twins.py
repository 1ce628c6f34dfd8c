"""Numba twins of numpy calls the day's kernels need, each giving numpy's exact result.

Calling numpy from Python between kernels costs a few microseconds a call, which at 10,000
customers was a fair share of a day; inside a kernel these cost nothing extra. Each twin is
checked against numpy in ``tests/test_kernels.py`` (bits, order, ties), so replacing one
changes no result.
"""

import numba as nb
import numpy as np

PW_BLOCK = 128  # numpy's pairwise-summation block (numpy/_core/src/umath/loops_utils.h.src)


@nb.njit(cache=True, nogil=True)
def _block_sum(x, lo, n):
    """numpy's pairwise_sum leaf (n <= PW_BLOCK): 8 accumulators, then the remainder."""
    if n < 8:
        res = 0.0
        for j in range(lo, lo + n):
            res += x[j]
        return res
    r0, r1, r2, r3 = x[lo], x[lo + 1], x[lo + 2], x[lo + 3]
    r4, r5, r6, r7 = x[lo + 4], x[lo + 5], x[lo + 6], x[lo + 7]
    j = 8
    while j < n - (n % 8):
        r0 += x[lo + j]
        r1 += x[lo + j + 1]
        r2 += x[lo + j + 2]
        r3 += x[lo + j + 3]
        r4 += x[lo + j + 4]
        r5 += x[lo + j + 5]
        r6 += x[lo + j + 6]
        r7 += x[lo + j + 7]
        j += 8
    res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7))
    while j < n:
        res += x[lo + j]
        j += 1
    return res


@nb.njit(cache=True, nogil=True)
def _pairwise(x):
    """numpy's pairwise sum of ``x``: halves (rounded to multiples of 8) until a block fits.

    The recursion of numpy's C code, unrolled with an explicit stack (numba's cache does not
    handle recursive functions well). Addition is commutative, so the order in which the two
    halves are added back does not change a bit.
    """
    lo_s = np.empty(128, np.int64)
    n_s = np.empty(128, np.int64)
    done_s = np.empty(128, np.bool_)
    vals = np.empty(128)
    nv = 0
    lo_s[0], n_s[0], done_s[0] = 0, x.shape[0], False
    top = 1
    while top > 0:
        top -= 1
        lo, n, done = lo_s[top], n_s[top], done_s[top]
        if n <= PW_BLOCK:
            vals[nv] = _block_sum(x, lo, n)
            nv += 1
        elif done:  # both halves summed: combine them
            nv -= 1
            vals[nv - 1] = vals[nv - 1] + vals[nv]
        else:
            n2 = n // 2
            n2 -= n2 % 8
            lo_s[top], n_s[top], done_s[top] = lo, n, True
            lo_s[top + 1], n_s[top + 1], done_s[top + 1] = lo + n2, n - n2, False
            lo_s[top + 2], n_s[top + 2], done_s[top + 2] = lo, n2, False
            top += 3
    return vals[0]


@nb.njit(cache=True, nogil=True)
def row_mean(st, row, rows):
    """``st[row, rows].mean()`` with numpy's summation order, so bit-identical to it.

    The staff tables are small; this saves the fancy-index copy and numpy's call overhead,
    which at 10,000 customers cost more than the arithmetic. NaN for no rows.
    """
    if rows.shape[0] == 0:
        return np.nan
    return row_sum(st, row, rows) / rows.shape[0]


@nb.njit(cache=True, nogil=True)
def row_sum(st, row, rows):
    """``st[row, rows].sum()`` with numpy's pairwise summation order (bit-identical)."""
    x = np.empty(rows.shape[0])
    for j in range(rows.shape[0]):
        x[j] = st[row, rows[j]]
    return 0.0 + _pairwise(x)


@nb.njit(cache=True, nogil=True)
def nonzero_index(row):
    """``np.flatnonzero(row != 0)``: indices of the non-zero entries, ascending.

    Counts first (branch-free), then fills, skipping runs of eight zeros at a time.
    """
    n = row.shape[0]
    count = 0
    for i in range(n):
        count += row[i] != 0
    out = np.empty(count, np.int64)
    j = 0
    b = 0
    while b + 8 <= n:
        if (
            row[b] | row[b + 1] | row[b + 2] | row[b + 3] | row[b + 4] | row[b + 5] | row[b + 6]
        ) | row[b + 7] != 0:
            for i in range(b, b + 8):
                if row[i] != 0:
                    out[j] = i
                    j += 1
        b += 8
    for i in range(b, n):
        if row[i] != 0:
            out[j] = i
            j += 1
    return out


@nb.njit(cache=True, nogil=True)
def stable_order(x, hi):
    """``np.argsort(x, kind="stable")`` for values in [0, ``hi``] (arrival times in a day).

    A bucket sort: one bucket per value, by value / hi, then insertion within each bucket,
    moving an entry only past strictly greater ones, so equal values keep index order. For
    uniform-ish values that is O(n) against the O(n log n) of a comparison sort (15,000
    callers: 0.25 ms against numpy's 1.4 ms).
    """
    n = x.shape[0]
    order = np.empty(n, np.int64)
    if n == 0:
        return order
    start = np.zeros(n + 1, np.int64)
    key = np.empty(n, np.int64)
    scale = n / hi if hi > 0 else 0.0
    for i in range(n):
        k = min(max(int(x[i] * scale), 0), n - 1)
        key[i] = k
        start[k + 1] += 1
    for k in range(n):
        start[k + 1] += start[k]
    pos = start[:-1].copy()
    for i in range(n):
        order[pos[key[i]]] = i
        pos[key[i]] += 1
    for k in range(n):
        lo, up = start[k], start[k + 1]
        for a in range(lo + 1, up):
            v = order[a]
            xv = x[v]
            b = a - 1
            while b >= lo and x[order[b]] > xv:
                order[b + 1] = order[b]
                b -= 1
            order[b + 1] = v
    return order
