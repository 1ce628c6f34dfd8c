"""Which assumptions decide a verdict: the delta moment-independent index on a given sample.

Borgonovo's delta (Plischke, Borgonovo & Smith 2013) measures how far the distribution of an
output moves when one input is known: the output's density, estimated with a Gaussian kernel
(Silverman's bandwidth) on a grid of 100 points, against its density inside each of ``M``
equal-frequency classes of the input, ``delta = sum_j n_j / (2N) * integral |f - f_j|``. It
needs no particular design, so it runs on the robustness analysis's own Latin hypercube.

The estimator is SALib's (``SALib.analyze.delta.calc_delta``, same classes, grid and kernel; a
test checks the two agree), vectorised over the bootstrap: SALib 1.5 calls SciPy's
``gaussian_kde`` once per class and resample, which took 14 minutes for 64 worlds x 192
assumptions on this machine, and cannot run below 20 worlds in its balanced mode. Bias
reduction and interval as Plischke et al. (eqn 30): ``2 delta_hat - delta_b`` over ``B``
bootstrap resamples of the worlds, its mean and a normal interval from its spread.

The noise floor is a dummy input that the model never reads (a uniform column of the same
hypercube). One dummy's index is itself one noisy draw: on pure noise (64 points, 40 inputs, 20
trials) 13% of the inputs had a point estimate above the dummy's upper limit, in one trial half
of them. So an assumption *drives* the verdict when its whole interval lies above the dummy's
upper limit (its lower limit exceeds it: 0.5% of pure-noise inputs in the same trials);
``above_dummy`` keeps the looser reading (its point estimate exceeds it).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from scipy.stats import norm

#: points of the grid the densities are compared on (SALib's)
GRID_POINTS = 100
#: bootstrap resamples of the worlds
RESAMPLES = 100
#: the dummy input's column name
DUMMY = "dummy"


def n_classes(n: int) -> int:
    """SALib's number of equal-frequency classes for ``n`` points (Plischke et al. 2013)."""
    exp = 2.0 / (7.0 + math.tanh((1500.0 - n) / 500.0))
    return int(np.round(min(int(np.ceil(n**exp)), 48)))


def _kde(samples: np.ndarray, grid: np.ndarray) -> np.ndarray:
    """Gaussian kernel densities with Silverman's bandwidth, one per row of ``samples``
    (rows x points) on ``grid``: rows x grid points (SciPy's ``gaussian_kde`` in one dimension)."""
    n = samples.shape[1]
    h = samples.std(axis=1, ddof=1) * (0.75 * n) ** -0.2
    z = (grid[None, None, :] - samples[:, :, None]) / h[:, None, None]
    return np.exp(-0.5 * z * z).sum(axis=1) / (n * h[:, None] * math.sqrt(2.0 * math.pi))


def delta_rows(x: np.ndarray, y: np.ndarray, grid: np.ndarray) -> np.ndarray:
    """The delta estimate of each row pair: ``x`` and ``y`` are (resamples x points); NaN for a
    row whose output is constant (a bootstrap resample of a few worlds can be)."""
    spread = np.ptp(y, axis=1) > 0.0
    out = np.full(y.shape[0], np.nan)
    if spread.any():
        out[spread] = _delta_rows(x[spread], y[spread], grid)
    return out


def _delta_rows(x: np.ndarray, y: np.ndarray, grid: np.ndarray) -> np.ndarray:
    b, n = y.shape
    edges = np.linspace(0, n, n_classes(n) + 1)
    order = np.argsort(x, axis=1, kind="stable")  # ordinal ranks, ties in order of appearance
    ys = np.take_along_axis(y, order, axis=1)
    f = _kde(y, grid)
    out = np.zeros(b)
    ranks = np.arange(1, n + 1)
    for lo, hi in zip(edges[:-1], edges[1:], strict=True):
        cls = ys[:, (ranks > lo) & (ranks <= hi)]
        if cls.shape[1] < 2:
            continue
        varied = np.ptp(cls, axis=1) != 0.0  # SALib skips a class whose output is constant
        if not varied.any():
            continue
        fc = np.zeros_like(f)
        fc[varied] = _kde(cls[varied], grid)
        gap = np.trapezoid(np.abs(f - fc), grid, axis=1)
        out += np.where(varied, cls.shape[1] / (2.0 * n) * gap, 0.0)
    return out


def delta(
    x: np.ndarray,
    y: np.ndarray,
    resamples: int = RESAMPLES,
    conf_level: float = 0.95,
    seed: int = 0,
) -> tuple[np.ndarray, np.ndarray]:
    """Bias-reduced delta of each column of ``x`` (points x inputs) for output ``y`` and the
    half-width of its ``conf_level`` interval; NaN for a constant column. Every input is
    resampled with the same bootstrap indices (their indices are compared pairwise)."""
    n, d = x.shape
    grid = np.linspace(y.min(), y.max(), GRID_POINTS)
    idx = np.random.default_rng(seed).integers(0, n, size=(resamples, n))
    yb = y[idx]
    value = np.full(d, np.nan)
    half = np.full(d, np.nan)
    z = norm.ppf(0.5 + conf_level / 2.0)
    for j in range(d):
        col = x[:, j]
        if np.ptp(col) == 0.0:
            continue
        d_hat = delta_rows(col[None, :], y[None, :], grid)[0]
        reduced = 2.0 * d_hat - delta_rows(col[idx], yb, grid)
        reduced = reduced[np.isfinite(reduced)]
        if reduced.size < 2:
            continue
        value[j] = reduced.mean()
        half[j] = z * reduced.std(ddof=1)
    return value, half


def drivers_table(
    x: pd.DataFrame, outputs: dict[str, np.ndarray], seed: int = 0, resamples: int = RESAMPLES
) -> pd.DataFrame:
    """``drivers.csv``: for each output and input (the dummy included) the delta index, its 95%
    half-width, the Spearman correlation (which way the input pushes the output), the dummy's
    upper limit, ``above_dummy`` (the index above it) and ``driver`` (the index's lower limit
    above it); largest index first within an output, outputs in the order given."""
    from scipy.stats import spearmanr

    names = list(x.columns)
    rows = []
    for outcome, y in outputs.items():
        ok = np.isfinite(y)
        xs, ys = x.to_numpy(float)[ok], np.asarray(y, float)[ok]
        if len(ys) < 4 or np.ptp(ys) == 0.0:
            continue
        value, half = delta(xs, ys, resamples, seed=seed)
        j = names.index(DUMMY)
        floor = value[j] + half[j]
        for k, name in enumerate(names):
            rho = spearmanr(xs[:, k], ys).statistic if np.ptp(xs[:, k]) > 0 else math.nan
            rows.append(
                {
                    "outcome": outcome,
                    "parameter": name,
                    "delta": value[k],
                    "delta_conf": half[k],
                    "spearman": float(rho),
                    "dummy_upper": floor,
                    "above_dummy": bool(name != DUMMY and value[k] > floor),
                    "driver": bool(name != DUMMY and value[k] - half[k] > floor),
                    "worlds": len(ys),
                }
            )
    columns = [
        "outcome",
        "parameter",
        "delta",
        "delta_conf",
        "spearman",
        "dummy_upper",
        "above_dummy",
        "driver",
        "worlds",
    ]
    frame = pd.DataFrame(rows, columns=columns)
    if frame.empty:
        return frame
    rank = frame["outcome"].map({o: i for i, o in enumerate(outputs)})
    frame = frame.assign(_rank=rank).sort_values(
        ["_rank", "delta"], ascending=[True, False], na_position="last", kind="stable"
    )
    return frame.drop(columns="_rank").reset_index(drop=True)
