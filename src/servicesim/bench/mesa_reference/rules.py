"""The model's parameters under their slot names, and constants the agents share."""

from __future__ import annotations

from types import SimpleNamespace

from servicesim.core.vector import NAMES, param_vector
from servicesim.params.policy import PolicyParams
from servicesim.params.simconfig import SimConfig

PROSPECT, ACTIVE, FORMER = 0, 1, 2
SILENT, UNRESOLVED, RESOLVED, QUICK = 0, 1, 2, 3  # how an episode ended (the repurchase table)
#: the day's tallies (reset every morning)
COUNTERS = [
    "active",
    "sat_sum",
    "revenue",
    "cost_promotions",
    "cost_gifts",
    "churned",
    "problems",
    "contacts",
    "abandoned",
    "answered",
    "first",
    "fcr",
    "escalations",
    "refusals",
    "misfires",
    "goodwill",
    "second_looks",
    "wom_positive",
    "wom_negative",
    "unfair_comparisons",
    "referrals",
    "new_referral",
    "new_paid",
    "recognitions",
    "staff_quits",
    "fixes",
    "survey_asked",
    "survey_yes",
    "cost_total",
]


def rules_of(cfg: SimConfig, policy: PolicyParams | None = None) -> SimpleNamespace:
    """Every slot of the fast model's parameter vector, by name: ``r.base_churn_p``; under
    ``policy`` if given (the warm-up's status quo, a policy switched from), else ``cfg.policy``."""
    prm = param_vector(cfg, policy)
    return SimpleNamespace(**{name: float(v) for name, v in zip(NAMES, prm, strict=True)})


#: the most compensation / stake a customer's last episode is remembered as (kernels/episode.py)
SHARE_CAP = 2.0


def clip01(x: float) -> float:
    return 0.0 if x < 0.0 else (1.0 if x > 1.0 else x)
