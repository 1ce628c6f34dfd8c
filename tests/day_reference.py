"""The daily pass as one loop over people: the form ``kernels/customers.py`` had before it was
split into a vectorised scan and a visit to the flagged few. Kept here, not in the package, as
the reference the split form must match to the bit (``test_kernels.py``).
"""

import math

import numba as nb

from servicesim.core import rng
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
    A_REQUESTS,
    A_REVENUE,
    A_SAT_SUM,
    A_SILENT,
    A_TENURED,
    LN_SEV_MAX,
    LN_SEV_MIN,
    inflated_claim,
    severity_loss,
    voice_probability,
)
from servicesim.core.kernels.episode import (
    clip01,
    close_episode,
    leave,
    reset_episode,
)
from servicesim.core.kernels.layout import (
    B_ABANDONS,
    B_CLAIM,
    B_COHORT,
    B_CONTACT_TODAY,
    B_EVENT,
    B_LAST_OUTCOME,
    B_PSTATE,
    B_STATUS,
    B_TALK_SIGN,
    B_TALK_TODAY,
    F_BASE,
    F_FAILS,
    F_SAT,
    F_VALUE,
    F_VOICE,
    I_CONTRACT_END,
    I_EPISODE_END,
    I_JOIN,
    I_NEXT_CONTACT,
    I_PROMO_UNTIL,
)
from servicesim.core.kernels.leaving import RECENT_DAYS, leave_factor, recent_unresolved
from servicesim.core.vector import K


@nb.njit
def chunk_day(c, day, key, pf, pi, pb, prm, problem_mult, coverage, chunk, a, left):
    """One chunk of people in one loop: ``a`` is the chunk's accumulator row, ``left`` its
    recent-episode leavers."""
    n = pf.shape[1]
    p_problem = prm[K.problem_p] * problem_mult
    p_request = prm[K.request_p]
    neutral = prm[K.talk_neutral]
    promo = prm[K.promotion_discount]
    gift = prm[K.loyalty_gift_per_year]
    den_lo = max(neutral, 1e-6)
    den_hi = max(1.0 - neutral, 1e-6)
    talk_lo = prm[K.talk_unhappy_slope]
    talk_hi = prm[K.talk_happy_slope]
    # first hashing stage of each stream drawn for everyone, once per chunk (same bits)
    sk_problem = rng.stream_key(key, rng.S_PROBLEM)
    sk_request = rng.stream_key(key, rng.S_REQUEST)
    sk_churn = rng.stream_key(key, rng.S_CHURN)
    sk_wom = rng.stream_key(key, rng.S_WOM)
    a[:] = 0.0
    left[0] = 0
    for i in range(c * chunk, min(n, (c + 1) * chunk)):
        # scratch rows are almost always zero already: write only where they are not, so that
        # at 1M customers the pass does not dirty three rows of cache lines (4-9% faster there)
        if pb[B_CONTACT_TODAY, i] != 0:
            pb[B_CONTACT_TODAY, i] = 0
        if pb[B_TALK_TODAY, i] != 0:
            pb[B_TALK_TODAY, i] = 0
        if pb[B_EVENT, i] != 0:
            pb[B_EVENT, i] = 0
        if pb[B_STATUS, i] != 1:
            continue
        sat = float(pf[F_SAT, i])
        a[A_ACTIVE] += 1.0
        a[A_SAT_SUM] += sat
        a[A_PROMOTERS] += (
            1.0 if sat >= prm[K.promoter_threshold] else 0.0
        )  # (branch-free: sat is unpredictable)
        a[A_DETRACTORS] += 1.0 if sat < prm[K.detractor_threshold] else 0.0
        a[A_EXPOSURE0 + pb[B_COHORT, i]] += 1.0
        if recent_unresolved(i, day, pi, pb):
            a[A_EXPOSURE_U12] += 1.0
        tenure = day - pi[I_JOIN, i]
        # revenue, promotions offered to newcomers only, thank-you gifts to the loyal
        value = float(pf[F_VALUE, i])
        if pi[I_PROMO_UNTIL, i] >= day:
            a[A_PROMO_COST] += value * promo
            value *= 1.0 - promo
        a[A_REVENUE] += value
        if tenure > 365:
            a[A_TENURED] += 1.0
            sat -= prm[K.promotion_resentment_per_day] * promo
        if gift > 0.0 and tenure > 0 and tenure % 365 == 0:
            a[A_GIFT_COST] += gift
            sat += prm[K.gift_lift] * (1.0 - math.exp(-gift / prm[K.gift_saturation_usd]))
        # attitude relaxes toward the personal baseline; open problems erode it
        sat += (pf[F_BASE, i] - sat) * prm[K.relax]
        ps = pb[B_PSTATE, i]
        if ps != 0 and ps != 4:  # silent sufferers keep their problem too
            sat -= prm[K.open_erosion_per_day]
        pf[F_SAT, i] = clip01(sat)
        pf[F_FAILS, i] *= prm[K.fail_decay]
        closed = False
        if (ps == 1 or ps == 4) and day >= pi[I_NEXT_CONTACT, i]:
            close_episode(i, day, 0, False, pf, pi, pb, prm, key)
            closed = True
        # a new problem
        if pb[B_PSTATE, i] == 0 and not closed:
            if rng.uniform_sk(sk_problem, i, day, 0) < p_problem:
                ln_sev = prm[K.sev_mu] + prm[K.sev_sigma] * rng.normal(
                    key, rng.S_SEVERITY, i, day, 0
                )
                # stakes between 1 cent and $10 million (extreme band shares stretch the tails)
                sev = math.exp(min(max(ln_sev, LN_SEV_MIN), LN_SEV_MAX))
                covered = 1 if rng.uniform(key, rng.S_COVERED, i, day, 0) < coverage else 0
                reset_episode(i, day, sev, covered, pf, pi, pb)
                pb[B_ABANDONS, i] = 0
                pf[F_SAT, i] = clip01(pf[F_SAT, i] - severity_loss(sev, prm))
                pf[F_FAILS, i] += 1.0
                a[A_PROBLEMS] += 1.0
                if rng.uniform(key, rng.S_VOICE, i, day, 0) < voice_probability(
                    sev, pf[F_VOICE, i], prm
                ):
                    pb[B_PSTATE, i] = 2
                    pi[I_NEXT_CONTACT, i] = day
                    a[A_COMPLAINTS] += 1.0
                    if prm[K.claim_rate] > 0.0:
                        pb[B_CLAIM, i] = inflated_claim(i, day, key, pi, pb, prm)
                else:
                    pb[B_PSTATE, i] = 1
                    pi[I_NEXT_CONTACT, i] = day + int(prm[K.silent_days])
                    a[A_SILENT] += 1.0
        # contacts today: about the problem, or a routine request
        if pb[B_PSTATE, i] == 2 and pi[I_NEXT_CONTACT, i] == day:
            pb[B_CONTACT_TODAY, i] = 2
        elif rng.uniform_sk(sk_request, i, day, 0) < p_request:
            pb[B_CONTACT_TODAY, i] = 1
            a[A_REQUESTS] += 1.0
        sat = float(pf[F_SAT, i])
        # leaving: at a contract's end, or out of contract with the daily hazard
        ce = pi[I_CONTRACT_END, i]
        gone = False
        if ce == day:
            p_leave = prm[K.renewal_churn] * leave_factor(i, day, sat, pi, pb, prm)
            if rng.uniform_sk(sk_churn, i, day, 2) < p_leave:
                gone = True
            else:
                pi[I_CONTRACT_END, i] = day + int(prm[K.contract_length_days])
        elif ce < day:
            h = prm[K.base_churn_p] * leave_factor(i, day, sat, pi, pb, prm)
            if rng.uniform_sk(sk_churn, i, day, 3) < h:
                gone = True
        if gone:
            a[A_CHURNED] += 1.0
            a[A_CHURN0 + pb[B_COHORT, i]] += 1.0
            if recent_unresolved(i, day, pi, pb):
                a[A_CHURN_U12] += 1.0
            recent = pb[B_LAST_OUTCOME, i] != 0 and day - pi[I_EPISODE_END, i] <= RECENT_DAYS
            if recent and left[0] < left.shape[0] - 1:
                left[0] += 1
                left[left[0]] = i
            leave(i, day, pb, pi)
            pb[B_CONTACT_TODAY, i] = 0
        # everyday word of mouth: U-shaped in satisfaction, steeper on the unhappy side
        # p = base + unhappy x lo^2 + happy x hi^2 with lo = (neutral - sat)+ / neutral and
        # hi = (sat - neutral)+ / (1 - neutral): one side is zero, so one division and no
        # branch (adding the zero side's 0.0 changes no bit)
        unhappy = sat < neutral
        dev = (neutral - sat if unhappy else sat - neutral) / (den_lo if unhappy else den_hi)
        p_talk = prm[K.talk_base_per_day] + (talk_lo if unhappy else talk_hi) * dev * dev
        if rng.uniform_sk(sk_wom, i, day, 0) < p_talk:
            pb[B_TALK_TODAY, i] = min(int(pb[B_TALK_TODAY, i]) + 1, 100)
            pb[B_TALK_SIGN, i] = 1 if sat >= neutral else 0
