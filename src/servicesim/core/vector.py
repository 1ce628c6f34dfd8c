"""The one road from a validated configuration to the model: a float64 vector with named slots.

Every numeric ``scenario``, ``policy`` and ``behaviour`` parameter has a slot of its own name,
so a new lever reaches the kernels by being declared: kernels and phases read
``prm[K.discretion_cap]``, where ``K`` is a namedtuple of slot indices (a compile-time constant
for numba). A few quantities are derived from parameters here, each with its reason (daily
probabilities from yearly rates, the severity distribution from the TARP bands, curves between
the band medians); the parameters a derivation replaces have no slot, so no slot is written
and never read (``tests/test_vector.py`` checks both). Nothing else turns a configuration into
numbers for the model: no kernel or phase reads a pydantic object.
"""

from __future__ import annotations

import math
from collections import namedtuple
from typing import Any, get_args

import numpy as np

from servicesim.params.policy import PolicyParams
from servicesim.params.simconfig import SimConfig, pulse_days

#: the sections whose numeric fields are slots, in slot order
SECTIONS = ("scenario", "policy", "behaviour")

#: derived slot -> (the parameters it replaces, why it is derived)
DERIVED: dict[str, tuple[tuple[str, ...], str]] = {
    "problem_p": ((), "daily problem probability (before pulse and fixes)"),
    "request_p": (("request_rate_per_year",), "daily routine-request probability"),
    "sev_mu": (("minor_share", "major_share"), "lognormal mu of the stake in $"),
    "sev_sigma": ((), "lognormal sigma of the stake in $"),
    "voice_a": (("voice_p_minor", "voice_p_major"), "voice logit = a + b x ln(stake)"),
    "voice_b": ((), "slope of the voice logit in ln(stake)"),
    "loss_a": (("loss_minor", "loss_major"), "loss = clip(a + b x ln(stake), 0, 1)"),
    "loss_b": ((), "slope of the loss in ln(stake)"),
    "relax": (("memory_days",), "daily relaxation of satisfaction to the baseline"),
    "base_churn_p": (
        ("base_churn_per_year",),
        "daily defection probability of a satisfied customer",
    ),
    "open_s": (("opening_hours",), "opening seconds a day"),
    "patience_kind": (("patience_dist",), "0 exponential, 1 lognormal, 2 infinite"),
    "patience_call_mu": ((), "log mean of a call's lognormal patience factor (mean 1)"),
    "service_sigma": (("service_cv",), "lognormal sigma of handling-time multipliers"),
    "service_mu": ((), "lognormal mu giving handling-time multipliers of mean 1"),
    "spend_sigma": (
        ("spend_sigma_base", "spend_sigma_servant"),
        "spread of discretionary spending under this policy's leadership",
    ),
    "fail_decay": (("failure_memory_days",), "daily decay of the recent-failure count"),
    "value_per_day": (("revenue_per_customer_per_year",), "mean revenue a customer-day"),
    "value_log_mu": (("value_cv",), "lognormal mu of a customer's value factor"),
    "value_log_sigma": ((), "lognormal sigma of a customer's value factor"),
    "patience_log_mu": (("patience_cv",), "lognormal mu of a customer's patience factor"),
    "patience_log_sigma": ((), "lognormal sigma of a customer's patience factor"),
    "pulse_start": (
        ("pulse_start_frac", "pulse_end_frac", "pulse_start_day", "pulse_end_day"),
        "first day of the demand pulse",
    ),
    "pulse_end": ((), "one past the last day of the demand pulse"),
    "training_share": (("working_days_per_year",), "share of working days spent training"),
    "visit_share": (
        ("frontline_days_per_month", "working_days_per_month"),
        "share of working days a manager is on the phones",
    ),
    "fix_threshold": (
        ("fix_signals_min", "fix_signals_per_customer"),
        "heard signals one root-cause fix needs in a firm of this size",
    ),
}

#: TARP's severity bands: "under $5" and "over $100" (definitions of the data, not parameters)
MINOR_USD = 5.0
MAJOR_USD = 100.0
_PATIENCE_KINDS = {"exponential": 0, "lognormal": 1, "infinite": 2}


def _is_numeric(annotation: Any) -> bool:
    args = set(get_args(annotation)) or {annotation}
    return bool(args & {int, float, bool}) and type(None) not in args


def _replaced() -> set[str]:
    return {name for replaces, _ in DERIVED.values() for name in replaces}


def raw_slot_names() -> list[tuple[str, str]]:
    """``(section, name)`` of every parameter that is a slot as it is, in slot order."""
    replaced = _replaced()
    out = []
    for section in SECTIONS:
        for name, field in SimConfig.model_fields[section].annotation.model_fields.items():  # type: ignore[union-attr]
            extra = field.json_schema_extra if isinstance(field.json_schema_extra, dict) else {}
            if extra.get("reference"):
                continue  # a label or published data the checks read, not the model
            if name not in replaced and _is_numeric(field.annotation):
                out.append((section, name))
    return out


_RAW = raw_slot_names()
#: every slot's name, raw parameters first, then the derived ones
NAMES: tuple[str, ...] = tuple(name for _, name in _RAW) + tuple(DERIVED)
if len(set(NAMES)) != len(NAMES):  # pragma: no cover - a programming error caught at import
    raise RuntimeError("two parameters of different sections share a name: slots must be unique")
#: slot indices by name: ``prm[K.stay_slope]``
K = namedtuple("Slots", NAMES)(*range(len(NAMES)))  # type: ignore[misc]
NK = len(NAMES)
#: the vector as kernels take it (an array) or as Python phases read it (a list of floats)
Vector = np.ndarray | list[float]


def _z(q: float) -> float:
    """The standard normal quantile of ``q`` (scipy's ``ndtri``, imported only when needed)."""
    from scipy.special import ndtri  # = scipy.stats.norm.ppf, without importing scipy.stats

    return float(ndtri(q))


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


def _lognormal_factor(cv: float) -> tuple[float, float]:
    """(mu, sigma) of a lognormal factor of mean about 1 and coefficient of variation ``cv``.

    Both are rounded to 4 decimals, as the model has always written them (at cv 0.5: -0.5 x
    0.2231 and 0.4724); the factor's mean is then 1 within 1e-4.
    """
    log_var = math.log1p(cv * cv)
    return -0.5 * round(log_var, 4), round(math.sqrt(log_var), 4)


def derive(cfg: SimConfig, policy: PolicyParams | None = None) -> dict[str, float]:
    """The derived slots of ``cfg`` (see ``DERIVED``), under ``policy`` if given (the warm-up's
    status quo, or a policy switched from) instead of ``cfg.policy``."""
    s, b = cfg.scenario, cfg.behaviour
    p = cfg.policy if policy is None else policy
    d: dict[str, float] = {}
    d["problem_p"] = 1.0 - math.exp(-s.problem_rate_per_year / 365.0)
    d["request_p"] = 1.0 - math.exp(-s.request_rate_per_year / 365.0)
    mu, sigma = severity_lognormal(s.minor_share, s.major_share)
    d["sev_mu"], d["sev_sigma"] = mu, sigma
    lo, hi = band_medians(mu, sigma, s.minor_share, s.major_share)
    d["voice_a"], d["voice_b"] = _line(
        math.log(lo), _logit(b.voice_p_minor), math.log(hi), _logit(b.voice_p_major)
    )
    d["loss_a"], d["loss_b"] = _line(math.log(lo), b.loss_minor, math.log(hi), b.loss_major)
    d["relax"] = 1.0 / s.memory_days
    d["base_churn_p"] = 1.0 - math.exp(-s.base_churn_per_year / 365.0)
    d["open_s"] = s.opening_hours * 3600.0
    d["patience_kind"] = _PATIENCE_KINDS[s.patience_dist]
    d["patience_call_mu"] = -0.5 * s.patience_lognormal_sd**2
    sig2 = math.log(1.0 + s.service_cv**2)
    d["service_sigma"] = math.sqrt(sig2)
    d["service_mu"] = -0.5 * sig2
    # command and control buys consistency: less spread in what agents give away
    d["spend_sigma"] = b.spend_sigma_base + b.spend_sigma_servant * p.servant_leadership
    d["fail_decay"] = math.exp(-1.0 / b.failure_memory_days)
    d["value_per_day"] = s.revenue_per_customer_per_year / 365.0
    d["value_log_mu"], d["value_log_sigma"] = _lognormal_factor(s.value_cv)
    d["patience_log_mu"], d["patience_log_sigma"] = _lognormal_factor(b.patience_cv)
    start, end = pulse_days(s, cfg.run.days)  # measured days; the kernels count from the warm-up
    d["pulse_start"], d["pulse_end"] = start + cfg.run.warmup_days, end + cfg.run.warmup_days
    d["training_share"] = p.training_days_per_year / s.working_days_per_year
    d["visit_share"] = p.frontline_days_per_month / s.working_days_per_month
    d["fix_threshold"] = max(b.fix_signals_min, b.fix_signals_per_customer * cfg.run.customers)
    return d


def param_vector(cfg: SimConfig, policy: PolicyParams | None = None) -> np.ndarray:
    """The model's parameter vector for ``cfg``: ``prm[K.name]`` is parameter or derived ``name``.

    ``policy`` replaces ``cfg.policy`` (the warm-up's status quo, a policy switched from).
    """
    v = np.zeros(NK)
    for j, (section, name) in enumerate(_RAW):
        params = policy if (section == "policy" and policy is not None) else getattr(cfg, section)
        v[j] = float(getattr(params, name))
    for name, value in derive(cfg, policy).items():
        v[getattr(K, name)] = value
    return v
