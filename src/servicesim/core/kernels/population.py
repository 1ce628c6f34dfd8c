"""Initial traits of every person (customers and prospects), keyed by person id."""

import math

import numba as nb

from servicesim.core import rng
from servicesim.core.kernels.layout import (
    B_STATUS,
    F_BASE,
    F_EXPECT,
    F_PATIENCE,
    F_SAT,
    F_VALUE,
    F_VOICE,
    I_CONTRACT_END,
    I_ESC_DAY,
    I_JOIN,
    I_LAST_STAFF,
    I_LEAVE,
    I_NEXT_CONTACT,
    I_PROMO_UNTIL,
)


@nb.njit(cache=True, parallel=True)
def init_people(
    key,
    n_customers,
    pf,
    pi,
    pb,
    sat_mean,
    sat_sd,
    value_per_day,
    expect,
    contract_share,
    contract_len,
):
    """Draw traits; the first ``n_customers`` ids are today's customers, the rest prospects.

    Initial customers have tenures spread over the past two years and contracts at random
    points of their term, so renewals and anniversaries do not all fall on one day.
    """
    n = pf.shape[1]
    for i in nb.prange(n):
        base = sat_mean + sat_sd * rng.normal(key, rng.S_INIT, i, 0, 0)
        base = min(max(base, 0.05), 0.98)
        pf[F_BASE, i] = base
        pf[F_EXPECT, i] = expect
        # revenue per day: lognormal, cv 0.5, mean value_per_day
        pf[F_VALUE, i] = value_per_day * math.exp(
            -0.5 * 0.2231 + 0.4724 * rng.normal(key, rng.S_INIT, i, 0, 1)
        )
        pf[F_PATIENCE, i] = math.exp(-0.5 * 0.2231 + 0.4724 * rng.normal(key, rng.S_INIT, i, 0, 2))
        pf[F_VOICE, i] = math.exp(0.5 * rng.normal(key, rng.S_INIT, i, 0, 3))
        pi[I_LEAVE, i] = -1
        pi[I_NEXT_CONTACT, i] = -1
        pi[I_ESC_DAY, i] = -1
        pi[I_LAST_STAFF, i] = -1
        pi[I_PROMO_UNTIL, i] = -1
        pi[I_CONTRACT_END, i] = -1
        if i < n_customers:
            pb[B_STATUS, i] = 1
            pf[F_SAT, i] = base
            pi[I_JOIN, i] = -int(730 * rng.uniform(key, rng.S_INIT, i, 0, 4))
            if rng.uniform(key, rng.S_INIT, i, 0, 5) < contract_share:
                pi[I_CONTRACT_END, i] = int(contract_len * rng.uniform(key, rng.S_INIT, i, 0, 6))
        else:
            pb[B_STATUS, i] = 0
            pf[F_SAT, i] = 0.5  # a neutral prospect
            pi[I_JOIN, i] = -1
