"""The day's close: the ledger (every item a named output), the day's metrics, the records.

Read from the kernels' day totals and the arrays; money from the parameter vector.
"""

from __future__ import annotations

import numpy as np

from servicesim.core.kernels import layout as L
from servicesim.core.kernels.customers import (
    A_ACTIVE,
    A_CHURN0,
    A_CHURN_U12,
    A_CHURNED,
    A_COMPLAINTS,
    A_DETRACTORS,
    A_EXPOSURE0,
    A_EXPOSURE_U12,
    A_GIFT_COST,
    A_PROBLEMS,
    A_PROMO_COST,
    A_PROMOTERS,
    A_REVENUE,
    A_SAT_SUM,
    A_SILENT,
)
from servicesim.core.kernels.network import (
    W_ESC_DELAY_SUM,
    W_ESC_DONE,
    W_ESC_GOODWILL,
    W_NEGATIVE,
    W_NEW_PAID,
    W_NEW_REFERRAL,
    W_POSITIVE,
    W_REFERRALS,
    W_UNFAIR,
)
from servicesim.core.kernels.resolution import (
    R_ABANDONED,
    R_ANSWERED,
    R_ESCALATIONS,
    R_FCR,
    R_FIRST_CONTACTS,
    R_GESTURE_COST,
    R_GOODWILL,
    R_REFUSALS,
    R_REPEAT,
    R_SECOND_LOOKS,
    R_SERVICE_SUM,
    R_SWEET_COST,
    R_WAIT_SUM,
    R_WITHIN_20S,
)
from servicesim.core.kernels.twins import row_mean
from servicesim.core.kernels.workforce import staff_counts
from servicesim.core.metrics import LEDGER
from servicesim.core.state import Today, World
from servicesim.core.vector import K
from servicesim.core.workforce import day_wage

#: columns of the episode log (``World.episodes``), one row per episode closed that day
EPISODE_COLUMNS = (
    "person",
    "day",
    "category",
    "severity",
    "under_contract",
    "told",
    "satisfaction",
    "contacts",
    "escalated",
    "days_open",
    "compensation",
    "survey",
)


def share(num: float, den: float) -> float:
    """num / den, or NaN when there is nothing to divide by."""
    return float(num / den) if den > 0 else float("nan")


def close_day(w: World, t: Today) -> dict[str, float]:
    """The day's ledger and metrics (names as metrics.DAILY), added to the run's totals and
    records; the day's offered contacts join the history the staffing plan reads."""
    prm = w.values
    a, out, wo = t.customers, t.contacts, t.network
    contacts = t.callers.size
    w.offered_history.append(float(contacts))
    occ_den = max(t.on_shift.size, 1) * w.open_s + t.overtime_s  # paid time, overtime included
    st = w.st
    active = a[A_ACTIVE]
    wage = day_wage(prm)
    employed, n_mgr = staff_counts(st, w.day)
    led: dict[str, float] = {}
    led["revenue"] = a[A_REVENUE]
    led["cost_of_goods"] = a[A_REVENUE] * (1.0 - prm[K.margin])
    led["cost_labour"] = employed * wage + t.overtime_s / w.open_s * wage * prm[K.overtime_premium]
    led["cost_managers"] = n_mgr * prm[K.manager_wage_per_day]
    led["cost_goodwill"] = out[R_GOODWILL] + wo[W_ESC_GOODWILL] + out[R_SWEET_COST]
    led["cost_gifts"] = out[R_GESTURE_COST] + a[A_GIFT_COST]
    led["cost_promotions"] = a[A_PROMO_COST]
    led["cost_hiring"] = t.hiring_cost
    led["cost_acquisition"] = wo[W_NEW_PAID] * prm[K.cost_per_acquisition]
    led["cost_other"] = (
        t.bonus
        + t.fixes * prm[K.fix_cost]
        + prm[K.rule_transparency] * prm[K.transparency_cost_per_customer_per_year] / 365.0 * active
        + out[R_SECOND_LOOKS] * prm[K.second_look_cost]
    )
    total = 0.0
    for k in LEDGER:
        total += led[k]
    led["cost_total"] = total
    led["profit"] = led["revenue"] - led["cost_total"]
    answered = out[R_ANSWERED]
    m: dict[str, float] = {
        "day": w.measured_day,
        "customers_active": active,
        "mean_satisfaction": share(a[A_SAT_SUM], active),
        "nps": 100.0 * share(a[A_PROMOTERS] - a[A_DETRACTORS], active),
        "churned": a[A_CHURNED],
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
        "escalation_backlog": w.esc_tail - w.esc_head,
        "refusals": out[R_REFUSALS],
        "complaints": a[A_COMPLAINTS],
        "silent_problems": a[A_SILENT],
        "wom_positive": wo[W_POSITIVE],
        "wom_negative": wo[W_NEGATIVE],
        "unfair_comparisons": wo[W_UNFAIR],
        "aht_s": share(out[R_SERVICE_SUM], answered),
        "aht_standard_s": w.standard_s,
        "time_pressure": w.pressure,
        "occupancy": min(share(out[R_SERVICE_SUM], occ_den), 1.0),  # sums round past 1
        "overtime_hours": t.overtime_s / 3600.0,
        "staff_count": employed,
        "staff_morale": row_mean(st, L.S_MORALE, t.front),
        "staff_quits": t.quitters.size,
        "mean_skill": row_mean(st, L.S_SKILL, t.front),
        "rule_coverage": w.coverage,
        "problem_rate_per_year": prm[K.problem_rate_per_year] * w.problem_mult,
    }
    m.update(led)
    w.ledger.add(led)
    w.ledger.add(
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
            "_recognitions": t.recognitions,
            "_fixes": t.fixes,
            "_referrals": wo[W_REFERRALS],
            "_esc_delay": wo[W_ESC_DELAY_SUM],
            "_esc_done": wo[W_ESC_DONE],
            "_churn0": a[A_CHURN0],
            "_churn1": a[A_CHURN0 + 1],
            "_churn2": a[A_CHURN0 + 2],
            "_exposure_u12": a[A_EXPOSURE_U12],
            "_churn_u12": a[A_CHURN_U12],
            "_survey_asked": t.survey_asked,
            "_survey_yes": t.survey_yes,
            "_problem_contacts": int((t.kind == 2).sum()),
        }
    )
    if w.record_episodes:
        log_episodes(w, t.day)
    w.records.append(m)
    return m


def log_episodes(w: World, day: int) -> None:
    """Append the episodes closed today (silent, given up, resolved or not) to ``w.episodes``."""
    pe = w.people
    ids = np.flatnonzero(pe.b[L.B_EVENT] != 0)
    if ids.size == 0:
        return
    rec = np.empty((ids.size, len(EPISODE_COLUMNS)))
    rec[:, 0] = ids
    rec[:, 1] = day
    rec[:, 2] = pe.b[L.B_EVENT, ids] - 1
    rec[:, 3] = pe.f[L.F_SEV, ids]
    rec[:, 4] = pe.i[L.I_CONTRACT_END, ids] >= day
    rec[:, 5] = pe.b[L.B_TALK_TODAY, ids]
    rec[:, 6] = pe.f[L.F_SAT, ids]
    rec[:, 7] = pe.b[L.B_CONTACTS, ids]
    rec[:, 8] = pe.i[L.I_ESC_DAY, ids] >= 0
    rec[:, 9] = day - pe.i[L.I_PROB_DAY, ids]
    rec[:, 10] = pe.f[L.F_COMP, ids]
    rec[:, 11] = pe.b[L.B_SURVEY, ids]  # 1: "would buy again", 2: not
    w.episodes.append(rec)
