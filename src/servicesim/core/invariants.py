"""State checks for debug runs (``--check-invariants``): off by default and free when off."""

from __future__ import annotations

import math

import numpy as np

from servicesim.core.kernels import layout as L
from servicesim.core.metrics import LEDGER
from servicesim.core.state import World


class InvariantError(AssertionError):
    """The model's state broke a rule it must keep (a bug, never bad input)."""


def check_invariants(eng: World) -> None:
    """Raise InvariantError if the state after a step is inconsistent.

    Checks: everyone is a prospect, customer or former customer; customers are conserved
    (initial + acquired = active + former); probabilities and attitudes lie in [0, 1]; no NaN or
    infinity in any table; the day's ledger adds up; staff counts are non-negative.
    """
    pe = eng.people
    status = pe.b[L.B_STATUS]
    if not np.isin(status, (0, 1, 2)).all():
        raise InvariantError("a person has a status other than prospect/customer/former")
    joined = int((pe.i[L.I_JOIN] != -1).sum() + ((pe.i[L.I_JOIN] == -1) & (status != 0)).sum())
    if joined != int((status == 1).sum() + (status == 2).sum()):
        raise InvariantError("customers not conserved: joined != active + former")
    for name, table in (("float", pe.f), ("staff", eng.st)):
        if not np.isfinite(table).all():
            raise InvariantError(f"NaN or infinity in the {name} table")
    sat = pe.f[L.F_SAT]
    if sat.min() < 0 or sat.max() > 1:
        raise InvariantError("satisfaction outside [0, 1]")
    morale = eng.st[L.S_MORALE]
    if morale.min() < 0 or morale.max() > 1:
        raise InvariantError("morale outside [0, 1]")
    if eng.records:
        day = eng.records[-1]
        total = sum(day[k] for k in LEDGER)
        if not math.isclose(total, day["cost_total"], rel_tol=1e-9, abs_tol=1e-6):
            raise InvariantError("the day's ledger items do not add up to cost_total")
        if not math.isclose(
            day["revenue"] - day["cost_total"], day["profit"], rel_tol=1e-9, abs_tol=1e-6
        ):
            raise InvariantError("profit != revenue - cost_total")
        for k, v in day.items():
            if isinstance(v, float) and math.isinf(v):
                raise InvariantError(f"daily metric {k} is infinite")
        for k in ("service_level_20s", "fcr_rate", "occupancy"):
            v = day[k]
            if math.isfinite(v) and not -1e-9 <= v <= 1 + 1e-9:
                raise InvariantError(f"daily {k}={v} outside [0, 1]")
