"""Which lever carries the gap between two policies: one at a time, and Shapley values.

Two policies differ in some of their levers (the ``[policy]`` keys whose resolved values
differ). A *coalition* is a set of those levers: policy A with the coalition's levers set to
B's values. ``v(S)`` is a metric of coalition S's run; the empty coalition is A, the full one
is B, and the gap is ``v(full) - v(empty)``. For each lever this reports

- ``alone_from_a``: ``v({i}) - v(empty)``, the lever moved alone from A (exactly the paired
  difference a ``compare`` of A against A-with-that-lever gives, same seed and replicates);
- ``alone_from_b``: ``v(full) - v(full - {i})``, the lever's effect as seen from B;
- ``shapley``: its mean marginal contribution over orderings of the levers, exact (every
  coalition) when they are few, else averaged over sampled orderings, each with its reverse
  (antithetic pairs). Every ordering's contributions add up to the gap, so the values add up
  to the gap exactly, replicate by replicate;
- and the ``interaction``: the gap less the sum of the one-at-a-time effects from A.

Every coalition runs with the same replicate seeds (common random numbers) from the same
warmed-up firm, on the sweep machinery (``DIR/runs/``, workers or Dask, resume). Intervals are
Student-t over replicates of the per-replicate values.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from servicesim.core.rng import derive_seed, replicate_seeds
from servicesim.errors import InputError
from servicesim.experiments.stats import mean_ci
from servicesim.experiments.store import atomic_write_csv, atomic_write_json
from servicesim.experiments.sweep import Outcome, execute
from servicesim.experiments.tasks import make_task
from servicesim.params.config import resolve

#: outcomes every decomposition reports (more with ``metrics=``)
DEFAULT_METRICS = (
    "profit",
    "retention_rate",
    "churn_rate_per_year",
    "mean_satisfaction",
    "staff_morale",
)
#: up to this many levers every coalition runs (2^n); more are sampled over orderings
EXACT_MAX_LEVERS = 8
#: orderings sampled when the levers are many (in antithetic pairs)
DEFAULT_PERMUTATIONS = 16


#: policy field groups that are one nested table, so one lever (the issue: "a nested table,
#: such as empowerment tiers, counts as one lever"): the senior tier and latitude by the case
NESTED_GROUPS = ("tiers",)


@dataclass(frozen=True)
class Lever:
    """One policy key the two policies set differently, or one nested table (``members``:
    its keys that differ and B's values; ``a`` and ``b`` then say ``key=value, ...``)."""

    name: str
    a: Any
    b: Any
    members: tuple[tuple[str, Any], ...] = ()

    def settings(self) -> dict[str, Any]:
        """The ``policy.KEY`` values that move this lever from A's to B's."""
        if not self.members:
            return {f"policy.{self.name}": self.b}
        return {f"policy.{key}": value for key, value in self.members}


def _group(field: Any) -> str:
    extra = field.json_schema_extra if isinstance(field.json_schema_extra, dict) else {}
    return str(extra.get("group", ""))


def levers(a: str, b: str, scenario: str = "default", sets: list[str] | None = None) -> list[Lever]:
    """The levers policies ``a`` and ``b`` set differently (resolved values, ``sets`` applied);
    the keys of a nested table (``NESTED_GROUPS``) that differ are one lever, named after it,
    where its first differing key would be."""
    resolved = []
    for arg, name in (("A", a), ("B", b)):
        try:
            resolved.append(resolve(name, scenario, list(sets or [])).policy)
        except InputError as err:
            if err.name != "--policy":
                raise
            raise InputError(arg, err.value, err.allowed, err.hint) from None
    pa, pb = resolved
    out: list[Lever] = []
    nested: dict[str, list[str]] = {}
    for name, field in type(pa).model_fields.items():
        if getattr(pa, name) == getattr(pb, name):
            continue
        group = _group(field)
        if group not in NESTED_GROUPS:
            out.append(Lever(name, getattr(pa, name), getattr(pb, name)))
            continue
        if group not in nested:
            nested[group] = []
            out.append(Lever(group, None, None))  # a placeholder, filled below
        nested[group].append(name)
    for j, lv in enumerate(out):
        if lv.name in nested and lv.a is None:
            keys = nested[lv.name]
            out[j] = Lever(
                lv.name,
                ", ".join(f"{k}={getattr(pa, k)!r}" for k in keys),
                ", ".join(f"{k}={getattr(pb, k)!r}" for k in keys),
                tuple((k, getattr(pb, k)) for k in keys),
            )
    if not out:
        raise InputError("POLICY", f"{a} {b}", "two policies that differ in at least one lever")
    return out


def coalitions(n: int, permutations: int, seed: int) -> tuple[list[int], list[list[int]]]:
    """The coalitions (bitmasks over ``n`` levers) to run, and the orderings used for Shapley
    values (empty when exact: every coalition is run)."""
    full = (1 << n) - 1
    if n <= EXACT_MAX_LEVERS:
        return list(range(full + 1)), []
    rng = np.random.default_rng(derive_seed(seed, 5, 5))
    orders: list[list[int]] = []
    for _ in range(max(1, permutations // 2)):
        order = [int(i) for i in rng.permutation(n)]
        orders += [order, order[::-1]]
    masks = {0, full}
    masks |= {1 << i for i in range(n)} | {full ^ (1 << i) for i in range(n)}
    for order in orders:
        mask = 0
        for i in order:
            mask |= 1 << i
            masks.add(mask)
    return sorted(masks), orders


def _weights(n: int) -> list[float]:
    """Shapley weight of a coalition of size s not holding lever i: s!(n-s-1)!/n!."""
    return [math.factorial(s) * math.factorial(n - s - 1) / math.factorial(n) for s in range(n)]


def shapley(values: dict[int, float], n: int, orders: list[list[int]]) -> list[float]:
    """Shapley values of the ``n`` levers from coalition values (exact when ``orders`` is empty)."""
    if not orders:
        w = _weights(n)
        phi = [0.0] * n
        for mask, v in values.items():
            size = bin(mask).count("1")
            for i in range(n):
                if mask >> i & 1:
                    phi[i] += w[size - 1] * (v - values[mask ^ (1 << i)])
        return phi
    phi = [0.0] * n
    for order in orders:
        mask = 0
        for i in order:
            before = values[mask]
            mask |= 1 << i
            phi[i] += values[mask] - before
    return [p / len(orders) for p in phi]


def decompose_tasks(
    a: str,
    b: str,
    scenario: str = "default",
    reps: int = 2,
    seed: int = 0,
    customers: int | None = None,
    days: int | None = None,
    sets: list[str] | None = None,
    permutations: int = DEFAULT_PERMUTATIONS,
    warmup_days: int | None = None,
) -> tuple[list[Lever], list[int], list[list[int]], list[dict[str, Any]]]:
    """The levers, coalitions, orderings and one task per coalition and replicate (validated
    before anything runs: a coalition that fails validation is an error naming its levers)."""
    if reps < 1:
        raise InputError("--reps", reps, "an integer >= 1")
    if seed < 0:
        raise InputError("--seed", seed, "an integer >= 0")
    if permutations < 2:
        raise InputError("--permutations", permutations, "an integer >= 2")
    lev = levers(a, b, scenario, sets)
    masks, orders = coalitions(len(lev), permutations, seed)
    seeds = replicate_seeds(seed, reps)
    tasks = []
    for mask in masks:
        values = {
            k: v for i, lv in enumerate(lev) if mask >> i & 1 for k, v in lv.settings().items()
        }
        try:
            made = [
                make_task(
                    a,
                    scenario,
                    values,
                    seeds[r],
                    replicate=r,
                    point=mask,
                    customers=customers,
                    days=days,
                    sets=sets,
                    warmup_days=warmup_days,
                )
                for r in range(reps)
            ]
        except InputError as err:
            names = ", ".join(lv.name for i, lv in enumerate(lev) if mask >> i & 1) or "none"
            raise InputError(
                f"coalition ({names} from {b})", err.value, err.allowed, err.hint
            ) from None
        tasks += made
    return lev, masks, orders, tasks


@dataclass
class Decomposition:
    """The gap, the interaction and each lever's values for each metric.

    Attributes
    ----------
    a, b : str
        The policies the gap starts from and goes to.
    levers : list of Lever
        The levers they set differently (``name``, ``a``, ``b``).
    gap, interaction : dict of str to float
        By metric: ``b - a`` (mean over replicates), and the gap less the sum of the levers'
        effects alone from ``a``.
    table : pandas.DataFrame
        One row per lever and metric: ``a``, ``b``, ``shapley`` (adding up to the gap) with
        ``shapley_ci_low`` and ``shapley_ci_high``, ``alone_from_a``, ``alone_from_b``.
    reps : int
        Replicates.
    exact : bool
        Every coalition ran (else Shapley values over sampled orderings).
    outcome : Outcome or None
        The runs' folder, table (one row per coalition and replicate) and statuses.
    """

    a: str
    b: str
    levers: list[Lever]
    gap: dict[str, float]
    interaction: dict[str, float]
    table: pd.DataFrame  # lever x metric: a, b, shapley, shapley_ci_low/high, alone_from_a/b
    reps: int
    exact: bool
    outcome: Outcome | None = None

    def to_json(self) -> dict[str, Any]:
        """The ``--json`` object (full-precision floats; NaN as null)."""
        metrics = list(self.gap)
        rows = []
        t = self.table.set_index(["lever", "metric"])
        for lv in self.levers:
            rows.append(
                {
                    "name": lv.name,
                    "a": lv.a,
                    "b": lv.b,
                    "shapley": {m: t.loc[(lv.name, m), "shapley"] for m in metrics},
                    "shapley_ci": {
                        m: [
                            t.loc[(lv.name, m), "shapley_ci_low"],
                            t.loc[(lv.name, m), "shapley_ci_high"],
                        ]
                        for m in metrics
                    },
                    "alone_from_a": {m: t.loc[(lv.name, m), "alone_from_a"] for m in metrics},
                    "alone_from_b": {m: t.loc[(lv.name, m), "alone_from_b"] for m in metrics},
                }
            )
        return {
            "kind": "decompose",
            "a": self.a,
            "b": self.b,
            "reps": self.reps,
            "exact": self.exact,
            "gap": self.gap,
            "interaction": self.interaction,
            "levers": rows,
        }


def analyse(
    a: str,
    b: str,
    lev: list[Lever],
    masks: list[int],
    orders: list[list[int]],
    runs: pd.DataFrame,
    metrics: tuple[str, ...] | list[str] = DEFAULT_METRICS,
) -> Decomposition:
    """Shapley values, one-at-a-time effects, gap and interaction from finished coalition runs
    (``runs``: columns ``point`` = coalition mask, ``replicate``, ``status``, the metrics)."""
    n = len(lev)
    full = (1 << n) - 1
    ok = runs[runs["status"] == "ok"]
    reps = sorted(ok["replicate"].unique())
    missing = [m for m in masks if m not in set(ok["point"])]
    if missing:
        raise RuntimeError(f"{len(missing)} coalitions have no finished run")
    rows: list[dict[str, Any]] = []
    gap: dict[str, float] = {}
    interaction: dict[str, float] = {}
    for metric in metrics:
        wide = ok.pivot_table(index="point", columns="replicate", values=metric, aggfunc="first")
        per_rep = {
            r: {int(mask): float(wide.loc[mask, r]) for mask in masks} for r in reps if r in wide
        }
        phi = {r: shapley(v, n, orders) for r, v in per_rep.items()}
        gaps = [v[full] - v[0] for v in per_rep.values()]
        gap[metric] = float(np.mean(gaps))
        alone_a_sum = 0.0
        for i, lv in enumerate(lev):
            contrib = [phi[r][i] for r in per_rep]
            _, low, high = mean_ci(contrib)
            alone_a = float(np.mean([v[1 << i] - v[0] for v in per_rep.values()]))
            alone_b = float(np.mean([v[full] - v[full ^ (1 << i)] for v in per_rep.values()]))
            alone_a_sum += alone_a
            rows.append(
                {
                    "lever": lv.name,
                    "metric": metric,
                    "a": lv.a,
                    "b": lv.b,
                    "shapley": float(np.mean(contrib)),
                    "shapley_ci_low": low,
                    "shapley_ci_high": high,
                    "alone_from_a": alone_a,
                    "alone_from_b": alone_b,
                }
            )
        interaction[metric] = gap[metric] - alone_a_sum
    return Decomposition(a, b, lev, gap, interaction, pd.DataFrame(rows), len(reps), not orders)


def decompose(
    a: str,
    b: str,
    out: str | Path,
    scenario: str = "default",
    reps: int = 2,
    seed: int = 0,
    customers: int | None = None,
    days: int | None = None,
    sets: list[str] | None = None,
    permutations: int = DEFAULT_PERMUTATIONS,
    warmup_days: int | None = None,
    metrics: tuple[str, ...] | list[str] = DEFAULT_METRICS,
    **kwargs: Any,
) -> Decomposition:
    """Run every coalition into folder ``out`` (resumable; keyword arguments as for
    :func:`servicesim.experiments.sweep.execute`) and decompose the gap; writes
    ``decomposition.csv`` and ``decomposition.json``."""
    lev, masks, orders, tasks = decompose_tasks(
        a, b, scenario, reps, seed, customers, days, sets, permutations, warmup_days
    )
    cfg = resolve(a, scenario, list(sets or []), customers, days, seed, warmup_days=warmup_days)
    head = {
        "kind": "decompose",
        "spec": {
            "a": a,
            "b": b,
            "scenario": scenario,
            "reps": reps,
            "seed": seed,
            "customers": cfg.run.customers,
            "days": cfg.run.days,
            "warmup_days": cfg.run.warmup_days,
            "sets": list(sets or []),
            "permutations": permutations,
        },
        "levers": [lv.name for lv in lev],
        "n_runs": len(tasks),
    }
    outcome = execute(tasks, out, head, [], **kwargs)
    if outcome.failed or outcome.missing:
        raise RuntimeError(
            f"{outcome.failed} runs failed and {outcome.missing} are missing: see {out}/manifest.json"
            " (--resume retries them)"
        )
    result = analyse(a, b, lev, masks, orders, outcome.table, metrics)
    result.outcome = outcome
    atomic_write_csv(Path(out) / "decomposition.csv", result.table)
    atomic_write_json(Path(out) / "decomposition.json", result.to_json())
    return result


__all__ = [
    "DEFAULT_METRICS",
    "NESTED_GROUPS",
    "Decomposition",
    "Lever",
    "analyse",
    "coalitions",
    "decompose",
    "decompose_tasks",
    "levers",
    "shapley",
]
