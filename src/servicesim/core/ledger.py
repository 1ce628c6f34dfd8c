"""The daily ledger and the day's metrics, read from the kernels' day totals and the arrays."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from servicesim.core.kernels import layout as L
from servicesim.core.kernels.customers import (
    A_ACTIVE,
    A_CHURNED,
    A_COMPLAINTS,
    A_DETRACTORS,
    A_EXPOSURE0,
    A_GIFT_COST,
    A_PROBLEMS,
    A_PROMO_COST,
    A_PROMOTERS,
    A_REVENUE,
    A_SAT_SUM,
    A_SILENT,
)
from servicesim.core.kernels.network import (
    W_ESC_CHURNED,
    W_ESC_DELAY_SUM,
    W_ESC_DONE,
    W_ESC_GOODWILL,
    W_NEGATIVE,
    W_NEW_PAID,
    W_NEW_REFERRAL,
    W_POSITIVE,
    W_REFERRALS,
)
from servicesim.core.kernels.resolution import (
    R_ABANDONED,
    R_ANSWERED,
    R_CHURNED,
    R_ESCALATIONS,
    R_FCR,
    R_FIRST_CONTACTS,
    R_GESTURE_COST,
    R_GOODWILL,
    R_REFUSALS,
    R_REPEAT,
    R_SERVICE_SUM,
    R_WAIT_SUM,
    R_WITHIN_20S,
)
from servicesim.core.kernels.twins import row_mean
from servicesim.core.kernels.workforce import staff_counts
from servicesim.core.metrics import LEDGER

if TYPE_CHECKING:
    from servicesim.core.engine import Engine


class Ledger:
    """Running totals of every ledger item and counter, for the run summary."""

    def __init__(self) -> None:
        self.totals: dict[str, float] = {}

    def add(self, day: dict[str, float]) -> None:
        for k, v in day.items():
            self.totals[k] = self.totals.get(k, 0.0) + float(v)


def share(num: float, den: float) -> float:
    """num / den, or NaN when there is nothing to divide by."""
    return float(num / den) if den > 0 else float("nan")


def day_metrics(
    eng: Engine,
    a: np.ndarray,
    out: np.ndarray,
    wo: np.ndarray,
    led: dict[str, float],
    contacts: int,
    overtime_s: float,
    occ_den: float,
    front: np.ndarray,
    quits: int,
    recognitions: int,
    bonus: float,
    hiring_cost: float,
    fixes: int,
) -> dict[str, float]:
    """The day's metrics (names as metrics.DAILY); also adds the day to the running totals."""
    cfg = eng.cfg
    s, p = cfg.scenario, cfg.policy
    st = eng.st
    active = a[A_ACTIVE]
    wage = s.wage_per_day * (0.65 if p.outsourced else 1.0)
    employed, n_mgr = staff_counts(st, eng.day)
    led["revenue"] = a[A_REVENUE]
    led["cost_of_goods"] = a[A_REVENUE] * (1.0 - s.margin)
    led["cost_labour"] = employed * wage + overtime_s / eng.open_s * wage * 1.5
    led["cost_managers"] = n_mgr * s.manager_wage_per_day
    led["cost_goodwill"] = out[R_GOODWILL] + wo[W_ESC_GOODWILL]
    led["cost_gifts"] = out[R_GESTURE_COST] + a[A_GIFT_COST]
    led["cost_promotions"] = a[A_PROMO_COST]
    led["cost_hiring"] = hiring_cost
    led["cost_acquisition"] = wo[W_NEW_PAID] * s.cost_per_acquisition
    led["cost_other"] = (
        bonus
        + fixes * p.fix_cost
        + p.rule_transparency * p.transparency_cost_per_customer_per_year / 365.0 * active
    )
    total = 0.0
    for k in LEDGER:
        total += led[k]
    led["cost_total"] = total
    led["profit"] = led["revenue"] - led["cost_total"]
    answered = out[R_ANSWERED]
    morale = row_mean(st, L.S_MORALE, front)
    m: dict[str, float] = {
        "day": eng.day,
        "customers_active": active,
        "mean_satisfaction": share(a[A_SAT_SUM], active),
        "nps": 100.0 * share(a[A_PROMOTERS] - a[A_DETRACTORS], active),
        "churned": a[A_CHURNED] + out[R_CHURNED] + wo[W_ESC_CHURNED],
        "new_customers_referral": wo[W_NEW_REFERRAL],
        "new_customers_paid": wo[W_NEW_PAID],
        "problems": a[A_PROBLEMS],
        "contacts": contacts,
        "abandoned": out[R_ABANDONED],
        "mean_wait_s": share(out[R_WAIT_SUM], contacts),
        "service_level_20s": share(out[R_WITHIN_20S], contacts),
        "fcr_rate": share(out[R_FCR], out[R_FIRST_CONTACTS]),
        "repeat_contacts": out[R_REPEAT],
        "escalations": out[R_ESCALATIONS],
        "escalation_backlog": eng.esc_tail - eng.esc_head,
        "refusals": out[R_REFUSALS],
        "complaints": a[A_COMPLAINTS],
        "silent_problems": a[A_SILENT],
        "wom_positive": wo[W_POSITIVE],
        "wom_negative": wo[W_NEGATIVE],
        "aht_s": share(out[R_SERVICE_SUM], answered),
        "aht_standard_s": eng.standard_s,
        "time_pressure": eng.pressure,
        "occupancy": share(out[R_SERVICE_SUM], occ_den),
        "overtime_hours": overtime_s / 3600.0,
        "staff_count": employed,
        "staff_morale": morale,
        "staff_quits": quits,
        "mean_skill": row_mean(st, L.S_SKILL, front),
        "rule_coverage": eng.coverage,
        "problem_rate_per_year": s.problem_rate_per_year * eng.problem_mult,
    }
    m.update(led)
    eng.ledger.add(led)
    eng.ledger.add(
        {
            "_exposure0": a[A_EXPOSURE0],
            "_exposure1": a[A_EXPOSURE0 + 1],
            "_exposure2": a[A_EXPOSURE0 + 2],
            "_answered": answered,
            "_service_sum": out[R_SERVICE_SUM],
            "_occ_den": occ_den,
            "_wait_sum": out[R_WAIT_SUM],
            "_within": out[R_WITHIN_20S],
            "_first": out[R_FIRST_CONTACTS],
            "_fcr": out[R_FCR],
            "_recognitions": recognitions,
            "_fixes": fixes,
            "_referrals": wo[W_REFERRALS],
            "_esc_delay": wo[W_ESC_DELAY_SUM],
            "_esc_done": wo[W_ESC_DONE],
        }
    )
    return m
