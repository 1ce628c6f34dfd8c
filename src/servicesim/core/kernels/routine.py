"""Everyone's routine day in a block of people, without branches, so that LLVM vectorises it.

The first two of the daily pass's three passes (``kernels/customers.py``): ``block_sums`` adds
revenue, promotion and gift costs and satisfaction in person order; ``block_scan`` plays the
routine day (head counts, attitude, the decay of recent failures, the day's four draws) and
flags the people the third pass must visit.

**Traps for whoever edits this code:** give the scan its rows as slices, so indices stay
affine; keep its output arrays few (more stopped the vectoriser); do no integer division in
the scan.
"""

import math

import numba as nb
import numpy as np

from servicesim.core import rng
from servicesim.core.kernels.layout import CAT_UNRESOLVED
from servicesim.core.kernels.leaving import largest_shock
from servicesim.core.vector import K

# counters (int64) of a chunk: exact in any order
C_ACTIVE = 0
C_PROMOTERS = 1
C_DETRACTORS = 2
C_EXPOSURE0 = 3  # by cohort: 3, 4, 5
C_TENURED = 6
C_PROBLEMS = 7
C_SILENT = 8
C_COMPLAINTS = 9
C_REQUESTS = 10
C_CHURN0 = 11  # by cohort: 11, 12, 13
C_EXPOSURE_U12 = 14  # customer-days whose last episode ended unresolved in the past year
C_CHURN_U12 = 15  # ... and who left
NC = 16

INV365 = 1.0 / 365.0
UNRESOLVED = CAT_UNRESOLVED + 1  # as B_LAST_OUTCOME codes it


@nb.njit(cache=True, inline="always")
def talk_probability(sat, neutral, base, unhappy_w, happy_w):
    """Everyday word of mouth: U-shaped in satisfaction, steeper on the unhappy side.

    p = base + unhappy_w x lo^2 + happy_w x hi^2 with lo = (neutral - sat)+ / neutral and
    hi = (sat - neutral)+ / (1 - neutral): one side is zero, so one division and no branch
    (adding the zero side's 0.0 changes no bit).
    """
    unhappy = sat < neutral
    dev = (neutral - sat if unhappy else sat - neutral) / (
        max(neutral, 1e-6) if unhappy else max(1.0 - neutral, 1e-6)
    )
    return base + (unhappy_w if unhappy else happy_w) * dev * dev


@nb.njit(cache=True, nogil=True)
def block_sums(s0, m, day, status_r, sat_r, value_r, promo_r, join_r, prm, sums):
    """Add a block's satisfaction, revenue, promotion cost and gift cost to ``sums``.

    Satisfaction is the day's opening value (before ``block_scan`` updates it). Non-customers
    add 0.0, which changes no bit; each total is one chain of additions in person order.
    """
    promo = prm[K.promotion_discount]
    keep = 1.0 - promo
    gift = prm[K.loyalty_gift_per_year]
    gifts = gift > 0.0
    s_sat = sums[0]
    s_rev = sums[1]
    s_promo = sums[2]
    s_gift = sums[3]
    e = s0 + m
    status_r = status_r[s0:e]
    sat_r = sat_r[s0:e]
    value_r = value_r[s0:e]
    promo_r = promo_r[s0:e]
    join_r = join_r[s0:e]
    for j in range(m):
        w = 1.0 if status_r[j] == 1 else 0.0
        value = float(value_r[j])
        on_promo = promo_r[j] >= day
        tenure = day - join_r[j]
        # (the scan tests the same without integer division, which would stop it vectorising;
        # here, on one thread, the division by a constant is the faster of the two)
        anniversary = gifts and tenure > 0 and tenure % 365 == 0
        s_sat += float(sat_r[j]) * w
        s_rev += (value * keep if on_promo else value) * w
        s_promo += value * promo * (w if on_promo else 0.0)
        s_gift += gift * (w if anniversary else 0.0)
    sums[0] = s_sat
    sums[1] = s_rev
    sums[2] = s_promo
    sums[3] = s_gift


@nb.njit(cache=True, nogil=True)
def block_scan(
    s0,
    m,
    day,
    key,
    sat_r,
    base_r,
    fails_r,
    join_r,
    ce_r,
    status_r,
    ps_r,
    cohort_r,
    outcome_r,
    end_r,
    contact_r,
    talk_r,
    event_r,
    prm,
    p_problem,
    flag,
    cnt,
):
    """Everyone's routine day in a block, without branches (LLVM vectorises the loop).

    Updates customers' satisfaction and recent failures and adds head counts to ``cnt``.
    ``flag[j]`` tells ``customers.visit_block`` what to do: bit 0, clear a scratch row; bit 1, play
    the rest of a customer's day (0: nothing to do). Bit 1 may be set for someone to whom
    nothing happens (a defection draw is tested against the hazard's upper bound: satisfaction 0
    below the reference, the reference above it, and the largest episode shock), never missed
    for someone to whom something does.

    Each argument ``*_r`` is a whole row; the block is ``[s0, s0 + m)``. Slicing the rows
    first keeps every index affine, which the vectoriser needs.
    """
    p_request = prm[K.request_p]
    neutral = prm[K.talk_neutral]
    promo = prm[K.promotion_discount]
    gift = prm[K.loyalty_gift_per_year]
    talk_lo = prm[K.talk_unhappy_slope]
    talk_hi = prm[K.talk_happy_slope]
    talk_base = prm[K.talk_base_per_day]
    resent = prm[K.promotion_resentment_per_day] * promo
    gift_lift = prm[K.gift_lift] * (1.0 - math.exp(-gift / prm[K.gift_saturation_usd]))
    relax = prm[K.relax]
    erosion = prm[K.open_erosion_per_day]
    base_churn = prm[K.base_churn_p]
    ref = prm[K.hazard_reference_satisfaction]
    gifts = gift > 0.0
    promoter = prm[K.promoter_threshold]
    detractor = prm[K.detractor_threshold]
    fail_decay = prm[K.fail_decay]
    # the hazard of leaving is highest at satisfaction 0 right after the worst episode: the scan
    # flags against that bound (below the reference satisfaction) or the reference's (above it),
    # with a margin for rounding in exp; the visit decides with the exact hazard
    shock_bound = (1.0 + largest_shock(prm)) * (1.0 + 1e-9)
    cap_high = base_churn * shock_bound
    cap_low = cap_high * math.exp(max(prm[K.hazard_satisfaction_slope], 0.0) * max(ref, 0.0))
    # first hashing stage of each stream, once per block (the draws are the same bits)
    sk_problem = rng.stream_key(key, rng.S_PROBLEM)
    sk_request = rng.stream_key(key, rng.S_REQUEST)
    sk_churn = rng.stream_key(key, rng.S_CHURN)
    sk_wom = rng.stream_key(key, rng.S_WOM)
    n_active = 0
    promoters = 0
    detractors = 0
    exposed0 = 0
    exposed1 = 0
    exposed2 = 0
    exposed_u12 = 0
    tenured = 0
    e = s0 + m
    sat_r = sat_r[s0:e]
    base_r = base_r[s0:e]
    fails_r = fails_r[s0:e]
    join_r = join_r[s0:e]
    ce_r = ce_r[s0:e]
    status_r = status_r[s0:e]
    ps_r = ps_r[s0:e]
    cohort_r = cohort_r[s0:e]
    outcome_r = outcome_r[s0:e]
    end_r = end_r[s0:e]
    contact_r = contact_r[s0:e]
    talk_r = talk_r[s0:e]
    event_r = event_r[s0:e]
    for j in range(m):
        i = s0 + j
        act = status_r[j] == 1
        sat32 = sat_r[j]
        fails32 = fails_r[j]
        sat = float(sat32)
        cohort = cohort_r[j]
        tenure = day - join_r[j]
        ps = ps_r[j]
        ce = ce_r[j]
        scratch = (contact_r[j] != 0) | (talk_r[j] != 0) | (event_r[j] != 0)
        n_active += act
        promoters += act & (sat >= promoter)
        detractors += act & (sat < detractor)
        exposed0 += act & (cohort == 0)
        exposed1 += act & (cohort == 1)
        exposed2 += act & (cohort == 2)
        exposed_u12 += act & (outcome_r[j] == UNRESOLVED) & (day - end_r[j] <= 365)
        loyal = tenure > 365
        tenured += act & loyal
        # a whole number of years, without integer division (which does not vectorise):
        # t / 365 rounded to the nearest integer, times 365, is t exactly only when it is one
        t = float(tenure)
        anniversary = gifts & (tenure > 0) & (math.floor(t * INV365 + 0.5) * 365.0 == t)
        # attitude: promotion resentment, a thank-you gift, relaxation to the baseline, erosion
        # by an open problem (adding 0.0 where a term does not apply changes no bit)
        x = sat - (resent if loyal else 0.0)
        x = x + (gift_lift if anniversary else 0.0)
        x = x + (float(base_r[j]) - x) * relax
        x = x - (erosion if (ps != 0) & (ps != 4) else 0.0)
        new = np.float32(min(max(x, 0.0), 1.0))
        sat_r[j] = new if act else sat32
        decayed = np.float32(float(fails32) * fail_decay)
        fails_r[j] = decayed if act else fails32
        # the day's draws, and whether any of them (or anything else) calls for a visit
        sf = float(new)
        p_talk = talk_probability(sf, neutral, talk_base, talk_lo, talk_hi)
        busy = (
            (ps != 0)
            | (rng.uniform_sk(sk_problem, i, day, 0) < p_problem)
            | (rng.uniform_sk(sk_request, i, day, 0) < p_request)
            | (ce == day)
            | (
                (ce < day)
                & (rng.uniform_sk(sk_churn, i, day, 3) < (cap_low if ref - sf > 0.0 else cap_high))
            )
            | (rng.uniform_sk(sk_wom, i, day, 0) < p_talk)
        )
        flag[j] = scratch | ((act & busy) << 1)
    cnt[C_ACTIVE] += n_active
    cnt[C_PROMOTERS] += promoters
    cnt[C_DETRACTORS] += detractors
    cnt[C_EXPOSURE0] += exposed0
    cnt[C_EXPOSURE0 + 1] += exposed1
    cnt[C_EXPOSURE0 + 2] += exposed2
    cnt[C_EXPOSURE_U12] += exposed_u12
    cnt[C_TENURED] += tenured
