"""Initial traits of every person (customers and prospects), keyed by person id."""

import math

import numba as nb

from servicesim.core import rng
from servicesim.core.kernels.layout import (
    B_STATUS,
    F_BASE,
    F_EXPECT,
    F_LAST_SHARE,
    F_PATIENCE,
    F_SAT,
    F_VALUE,
    F_VOICE,
    I_CONTRACT_END,
    I_EPISODE_END,
    I_ESC_DAY,
    I_JOIN,
    I_LAST_STAFF,
    I_LEAVE,
    I_NEXT_CONTACT,
    I_PROMO_UNTIL,
)
from servicesim.core.vector import K


@nb.njit(cache=True, nogil=True, parallel=True)
def init_people(key, n_customers, pf, pi, pb, prm, first):
    """Draw traits of people ``first..n-1``; ids below ``n_customers`` are customers on day 0,
    the rest prospects (``first`` > 0: people entering the market later, all prospects).

    Initial customers' tenures are exponential with mean ``initial_tenure_days`` (the stationary
    tenure under a steady hazard), and they hold contracts at random points of their term, so
    renewals and anniversaries do not all fall on one day.
    Value and patience are lognormal factors of mean about 1 (``value_log_*``,
    ``patience_log_*``); voice propensity is a lognormal odds multiplier.
    """
    n = pf.shape[1]
    sat_mean = prm[K.satisfaction_mean]
    sat_sd = prm[K.satisfaction_sd]
    lo = prm[K.baseline_min]
    hi = prm[K.baseline_max]
    value_per_day = prm[K.value_per_day]
    expect = prm[K.justice_expectation]
    contract_share = prm[K.contract_share]
    contract_len = prm[K.contract_length_days]
    tenure = prm[K.initial_tenure_days]
    v_mu = prm[K.value_log_mu]
    v_sigma = prm[K.value_log_sigma]
    p_mu = prm[K.patience_log_mu]
    p_sigma = prm[K.patience_log_sigma]
    voice_sd = prm[K.voice_log_sd]
    prospect = prm[K.prospect_satisfaction]
    for i in nb.prange(first, n):
        base = sat_mean + sat_sd * rng.normal(key, rng.S_INIT, i, 0, 0)
        base = min(max(base, lo), hi)
        pf[F_BASE, i] = base
        pf[F_EXPECT, i] = expect
        pf[F_LAST_SHARE, i] = -1.0  # no voiced episode yet
        pf[F_VALUE, i] = value_per_day * math.exp(
            v_mu + v_sigma * rng.normal(key, rng.S_INIT, i, 0, 1)
        )
        pf[F_PATIENCE, i] = math.exp(p_mu + p_sigma * rng.normal(key, rng.S_INIT, i, 0, 2))
        pf[F_VOICE, i] = math.exp(voice_sd * rng.normal(key, rng.S_INIT, i, 0, 3))
        pi[I_LEAVE, i] = -1
        pi[I_NEXT_CONTACT, i] = -1
        pi[I_ESC_DAY, i] = -1
        pi[I_LAST_STAFF, i] = -1
        pi[I_PROMO_UNTIL, i] = -1
        pi[I_CONTRACT_END, i] = -1
        pi[I_EPISODE_END, i] = -1
        if i < n_customers:
            pb[B_STATUS, i] = 1
            pf[F_SAT, i] = base
            pi[I_JOIN, i] = -int(tenure * rng.exponential(key, rng.S_INIT, i, 0, 4))
            if rng.uniform(key, rng.S_INIT, i, 0, 5) < contract_share:
                pi[I_CONTRACT_END, i] = int(contract_len * rng.uniform(key, rng.S_INIT, i, 0, 6))
        else:
            pb[B_STATUS, i] = 0
            pf[F_SAT, i] = prospect
            pi[I_JOIN, i] = -1
