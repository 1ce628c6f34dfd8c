"""Turn validated parameters into the float vector the kernels read (``kernels/layout.py``).

Derived quantities live here, each with its reason: daily probabilities from yearly rates,
the severity distribution from the TARP bands, and the voice and loss curves interpolated in
log dollars between the band medians ("under $5" and "over $100").
"""

from __future__ import annotations

import math

import numpy as np
from scipy.special import ndtri  # = scipy.stats.norm.ppf, without importing scipy.stats

from servicesim.core.kernels import layout as L
from servicesim.params.simconfig import SimConfig


def _z(q: float) -> float:
    """The standard normal quantile of ``q``."""
    return float(ndtri(q))


MINOR_USD = 5.0
MAJOR_USD = 100.0


def severity_lognormal(minor_share: float, major_share: float) -> tuple[float, float]:
    """(mu, sigma) of ln(severity $) so that P(< $5) = minor_share and P(> $100) = major_share."""
    z_lo = _z(minor_share)
    z_hi = _z(1.0 - major_share)
    sigma = (math.log(MAJOR_USD) - math.log(MINOR_USD)) / (z_hi - z_lo)
    mu = math.log(MINOR_USD) - sigma * z_lo
    return float(mu), float(sigma)


def band_medians(
    mu: float, sigma: float, minor_share: float, major_share: float
) -> tuple[float, float]:
    """Median severity within the minor (< $5) and the major (> $100) band."""
    lo = math.exp(mu + sigma * _z(minor_share / 2.0))
    hi = math.exp(mu + sigma * _z(1.0 - major_share / 2.0))
    return lo, hi


def _line(x0: float, y0: float, x1: float, y1: float) -> tuple[float, float]:
    b = (y1 - y0) / (x1 - x0)
    return y0 - b * x0, b


def _logit(p: float) -> float:
    return math.log(p / (1.0 - p))


def param_vector(cfg: SimConfig) -> np.ndarray:
    """The kernels' parameter vector for ``cfg``."""
    s, p = cfg.scenario, cfg.policy
    v = np.zeros(L.NK)
    v[L.K_PROBLEM_P] = 1.0 - math.exp(-s.problem_rate_per_year / 365.0)
    v[L.K_REQUEST_P] = 1.0 - math.exp(-s.request_rate_per_year / 365.0)
    mu, sigma = severity_lognormal(s.minor_share, s.major_share)
    v[L.K_SEV_MU], v[L.K_SEV_SIGMA] = mu, sigma
    v[L.K_COVERAGE] = s.rule_coverage
    lo, hi = band_medians(mu, sigma, s.minor_share, s.major_share)
    v[L.K_VOICE_A], v[L.K_VOICE_B] = _line(
        math.log(lo), _logit(s.voice_p_minor), math.log(hi), _logit(s.voice_p_major)
    )
    v[L.K_LOSS_A], v[L.K_LOSS_B] = _line(math.log(lo), s.loss_minor, math.log(hi), s.loss_major)
    v[L.K_EROSION] = s.open_erosion_per_day
    v[L.K_SILENT_DAYS] = s.silent_days
    v[L.K_RELAX] = 1.0 / s.memory_days
    v[L.K_BASE_CHURN_P] = 1.0 - math.exp(-s.base_churn_per_year / 365.0)
    v[L.K_CONTRACT_LEN] = s.contract_length_days
    v[L.K_CONTRACT_SHARE] = s.contract_share
    v[L.K_STAY_SLOPE] = s.stay_slope
    v[L.K_STAY_MID] = s.stay_midpoint
    v[L.K_WD], v[L.K_WI], v[L.K_WP] = s.w_distributive, s.w_interactional, s.w_procedural
    v[L.K_GAIN] = s.recovery_gain
    v[L.K_COMP_SCALE] = s.comp_scale
    v[L.K_DOUBLE_DEV] = s.double_deviation
    v[L.K_COLDNESS] = s.refusal_coldness
    v[L.K_EXPLAIN_BONUS] = s.explanation_bonus
    v[L.K_FATIGUE] = s.recovery_fatigue
    v[L.K_DELIGHT_BONUS] = s.delight_bonus
    v[L.K_DELIGHT_STEP] = s.delight_expectation_step
    v[L.K_TALK_BASE] = s.talk_base_per_day
    v[L.K_TALK_UNHAPPY] = s.talk_unhappy_slope
    v[L.K_TALK_HAPPY] = s.talk_happy_slope
    v[L.K_TALK_NEUTRAL] = s.talk_neutral
    v[L.K_TELL_RESOLVED] = s.episode_tell_resolved
    v[L.K_TELL_UNHAPPY] = s.episode_tell_unhappy
    v[L.K_AUDIENCE_UNHAPPY] = s.episode_audience_unhappy
    v[L.K_WOM_IMPACT] = s.wom_impact
    v[L.K_WOM_NEG_WEIGHT] = s.wom_negative_weight
    v[L.K_REF_ACT] = s.referral_act_prob
    v[L.K_REF_CONV] = s.referral_conversion
    v[L.K_RETRY] = s.retry_prob
    v[L.K_OPEN_S] = s.opening_hours * 3600.0
    v[L.K_PATIENCE_S] = s.patience_mean_s
    v[L.K_PATIENCE_KIND] = {"exponential": 0, "lognormal": 1, "infinite": 2}[s.patience_dist]
    v[L.K_REQUEST_S] = s.request_time_s
    v[L.K_PROBLEM_S] = s.problem_time_s
    v[L.K_JUDGMENT_FACTOR] = s.judgment_time_factor
    sig2 = math.log(1.0 + s.service_cv**2)
    v[L.K_SERVICE_SIGMA] = math.sqrt(sig2)
    v[L.K_SERVICE_MU] = -0.5 * sig2
    v[L.K_EMPOWER] = p.empowerment
    v[L.K_CAP] = p.discretion_cap
    v[L.K_SPEND_SHARE] = p.discretion_spend_share
    v[L.K_SURPRISE_RATE] = p.surprise_rate
    v[L.K_SURPRISE_COST] = p.surprise_cost
    v[L.K_ESC_SHARE] = p.escalation_share
    v[L.K_SCRIPT_COMP] = p.script_comp_share
    v[L.K_MANAGER_COMP] = p.manager_comp_share
    v[L.K_TRANSPARENCY] = p.rule_transparency
    v[L.K_METRIC] = p.metric_focus
    v[L.K_SERVANT] = p.servant_leadership
    v[L.K_GIFT_PER_YEAR] = p.loyalty_gift_per_year
    v[L.K_PROMO] = p.promotion_discount
    # command and control buys consistency: less spread in what agents give away
    v[L.K_SPEND_SIGMA] = 0.6 + 0.6 * p.servant_leadership
    v[L.K_PROMO_RESENT] = 0.0005  # tenured customers resent deals they cannot have (seed 004)
    v[L.K_GIFT_EFFECT] = 0.1
    v[L.K_PROC_CONTACTS] = s.procedural_contacts_scale
    v[L.K_PROC_DAYS] = s.procedural_days_scale
    v[L.K_PROC_WAIT_S] = s.procedural_wait_scale_s
    v[L.K_MANAGER_COURTESY] = s.manager_courtesy
    v[L.K_REQUEST_ANNOY] = s.request_annoyance
    return v
