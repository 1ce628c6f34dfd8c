"""The run summary: every key of metrics.SUMMARY, over the measured period (after the warm-up),
computed from the arrays, the daily records and the ledger's totals."""

from __future__ import annotations

import math

import numpy as np

from servicesim.core.kernels import layout as L
from servicesim.core.ledger import share
from servicesim.core.metrics import LEDGER
from servicesim.core.state import World
from servicesim.core.vector import K


def summarize(eng: World) -> dict[str, float]:
    """Summary of a run so far (seeded outcomes only: the same seed gives the same numbers)."""
    pe, prm, t = eng.people, eng.values, eng.ledger.totals
    promoter, detractor = prm[K.promoter_threshold], prm[K.detractor_threshold]
    rec = eng.records[eng.warmup :]
    days = max(len(rec), 1)
    status = pe.b[L.B_STATUS]
    active = status == 1
    cohort = pe.b[L.B_COHORT]
    sat = pe.f[L.F_SAT].astype(np.float64)

    def col(name: str) -> np.ndarray:
        return np.array([r[name] for r in rec], dtype=float)

    contacts = col("contacts").sum() if rec else 0.0
    out: dict[str, float] = {
        "customers_active_end": float(active.sum()),
        # customers of the first measured day still customers, without having left meanwhile
        "retention_rate": share(
            float((active & (pe.i[L.I_JOIN] < eng.warmup)).sum()), float(eng.start_active)
        ),
        "churned": float(col("churned").sum()) if rec else 0.0,
        "mean_satisfaction": float(sat[active].mean()) if active.any() else float("nan"),
        "nps": 100.0
        * share(
            float((sat[active] >= promoter).sum() - (sat[active] < detractor).sum()),
            float(active.sum()),
        ),
        "promoters_share": share(float((sat[active] >= promoter).sum()), float(active.sum())),
        "detractors_share": share(float((sat[active] < detractor).sum()), float(active.sum())),
        "satisfaction_p10": float(np.percentile(sat[active], 10)) if active.any() else float("nan"),
        "satisfaction_p90": float(np.percentile(sat[active], 90)) if active.any() else float("nan"),
        "wom_positive": float(col("wom_positive").sum()),
        "wom_negative": float(col("wom_negative").sum()),
        "unfair_comparisons": float(col("unfair_comparisons").sum()),
        "referrals": float(t.get("_referrals", 0.0)),
        "new_customers_referral": float(col("new_customers_referral").sum()),
        "new_customers_paid": float(col("new_customers_paid").sum()),
        "contacts": float(contacts),
        "fcr_rate": share(t.get("_fcr", 0.0), t.get("_first", 0.0)),
        "repeat_contacts": float(col("repeat_contacts").sum()),
        "abandonment_rate": share(col("abandoned").sum(), contacts),
        "mean_wait_s": share(t.get("_wait_sum", 0.0), contacts),
        "service_level_20s": share(t.get("_within", 0.0), contacts),
        "escalations": float(col("escalations").sum()),
        "mean_escalation_delay_days": share(t.get("_esc_delay", 0.0), t.get("_esc_done", 0.0)),
        "refusals": float(col("refusals").sum()),
        "complaints": float(col("complaints").sum()),
        "silent_problems": float(col("silent_problems").sum()),
        "aht_s": share(t.get("_service_sum", 0.0), t.get("_answered", 0.0)),
        "aht_standard_s_end": float(eng.standard_s),
        "occupancy": min(
            share(t.get("_service_sum", 0.0), t.get("_occ_den", 0.0)), 1.0
        ),  # rounding
        "overtime_hours": float(col("overtime_hours").sum()) if rec else 0.0,
        "staff_morale": _finite_mean(col("staff_morale")),
        "staff_quits": float(col("staff_quits").sum()),
    }
    mean_staff = float(col("staff_count").mean()) if rec else 0.0
    out["staff_turnover_per_year"] = share(out["staff_quits"], mean_staff * days / 365.0)
    for k in LEDGER + ["revenue", "cost_total", "profit"]:
        out[k] = float(t.get(k, 0.0))
    service = out["cost_total"] - out["cost_of_goods"]
    out["cost_per_contact"] = share(
        out["cost_labour"] + out["cost_managers"] + out["cost_goodwill"], contacts
    )
    out["cost_per_retained_customer"] = share(service, out["customers_active_end"])
    # experience cohorts: end satisfaction, and retention annualised per customer-year at risk
    names = ("never_failed", "recovered", "unrecovered")
    retention = {}
    for c, name in enumerate(names):
        in_c = active & (cohort == c)
        out[f"satisfaction_{name}"] = float(sat[in_c].mean()) if in_c.any() else float("nan")
        churn = t.get(f"_churn{c}", 0.0)
        exposure = t.get(f"_exposure{c}", 0.0)
        r = math.exp(-365.0 * churn / exposure) if exposure > 0 else float("nan")
        retention[c] = r
        out[f"retention_{name}"] = r
    # leaving as behaviour, over the measured period
    at_risk_years = float(col("customers_active").sum()) / 365.0 if rec else 0.0
    out["churn_rate_per_year"] = share(out["churned"], at_risk_years)
    start, end = float(eng.start_active), out["customers_active_end"]
    out["base_change_per_year"] = (
        (end / start) ** (365.0 / days) - 1.0 if start > 0 and rec else float("nan")
    )
    out["profit_margin"] = share(out["profit"], out["revenue"])
    never = share(t.get("_churn0", 0.0), t.get("_exposure0", 0.0))
    after_unresolved = share(t.get("_churn_u12", 0.0), t.get("_exposure_u12", 0.0))
    out["churn_rr_unresolved_12m"] = share(after_unresolved, never)
    out["would_buy_again"] = share(t.get("_survey_yes", 0.0), t.get("_survey_asked", 0.0))
    out["problem_contact_share"] = share(t.get("_problem_contacts", 0.0), contacts)
    # customer equity: annual margin x sum_{t=1..H} (r / (1 + d))^t, r the annualised
    # retention of the customer's cohort (a finite horizon H keeps it finite when d = 0, r = 1)
    d = prm[K.discount_rate_per_year]
    years = int(prm[K.equity_horizon_years])
    margin_year = pe.f[L.F_VALUE].astype(np.float64) * 365.0 * prm[K.margin]
    eq = 0.0
    for c in range(3):
        r = retention[c]
        if not math.isfinite(r):
            continue
        q = r / (1.0 + d)
        multiple = float(years) if q == 1.0 else q * (1.0 - q**years) / (1.0 - q)
        eq += float(margin_year[active & (cohort == c)].sum()) * multiple
    out["customer_equity_end"] = eq
    return out


def _finite_mean(x: np.ndarray) -> float:
    """The mean of the finite values, NaN (without a warning) when there are none."""
    x = x[np.isfinite(x)]
    return float(x.mean()) if x.size else float("nan")
