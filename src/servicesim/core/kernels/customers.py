"""The daily pass over every person: revenue, attitude, problems, voice, requests, churn, talk.

Parallel over fixed chunks of people; each person's row is written only by its own iteration,
and per-chunk accumulators are summed in chunk order afterwards, so results do not depend on
the number of threads. All draws are keyed by (person, day, purpose): common random numbers.

Inside a chunk, people go in blocks of ``BLOCK`` and each block in three passes:

1. ``_block_sums`` adds revenue, promotion and gift costs and satisfaction in person order, on
   one chain of additions per total, so the sums are the same bits as one loop's;
2. ``_block_scan`` plays everyone's routine day without branches, so that LLVM vectorises it:
   head counts, attitude (promotion resentment, gifts, relaxation, erosion), the decay of
   recent failures, and the day's four draws (problem, request, defection, talk). It flags
   each person something may happen to: a scratch row to clear, an open problem, a new
   problem, a request, a contract end, a possible defection or a message;
3. ``_block_events`` plays the rest of the day for the flagged people (about 4% of everyone
   at 1M customers), as one loop over people would.

No pass reads what another person's iteration writes, so the result is the same as one loop
over people, to the bit (``tests/test_kernels.py`` checks this against that loop, kept in
``tests/day_reference.py``).
"""

import math

import numba as nb
import numpy as np

from servicesim.core import rng
from servicesim.core.kernels.episode import (
    clip01,
    close_episode,
    leave,
    reset_episode,
    stay_probability,
)
from servicesim.core.kernels.layout import (
    B_ABANDONS,
    B_COHORT,
    B_CONTACT_TODAY,
    B_EVENT,
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
    I_JOIN,
    I_NEXT_CONTACT,
    I_PROMO_UNTIL,
    K_BASE_CHURN_P,
    K_CONTRACT_LEN,
    K_EROSION,
    K_GIFT_EFFECT,
    K_GIFT_PER_YEAR,
    K_LOSS_A,
    K_LOSS_B,
    K_PROBLEM_P,
    K_PROMO,
    K_PROMO_RESENT,
    K_RELAX,
    K_REQUEST_P,
    K_SEV_MU,
    K_SEV_SIGMA,
    K_SILENT_DAYS,
    K_STAY_MID,
    K_STAY_SLOPE,
    K_TALK_BASE,
    K_TALK_HAPPY,
    K_TALK_NEUTRAL,
    K_TALK_UNHAPPY,
    K_VOICE_A,
    K_VOICE_B,
)

# accumulator columns
A_ACTIVE = 0
A_SAT_SUM = 1
A_PROMOTERS = 2
A_DETRACTORS = 3
A_REVENUE = 4
A_PROMO_COST = 5
A_GIFT_COST = 6
A_PROBLEMS = 7
A_SILENT = 8
A_COMPLAINTS = 9
A_CHURNED = 10
A_REQUESTS = 11
A_EXPOSURE0 = 12  # customer-days at risk by cohort (never failed, recovered, unrecovered)
A_EXPOSURE1 = 13
A_EXPOSURE2 = 14
A_CHURN0 = 15  # churn by cohort
A_CHURN1 = 16
A_CHURN2 = 17
A_TENURED = 18  # customers of over a year's tenure (for promotion resentment/gifts)
NA = 19

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
NC = 14

BLOCK = 1024  # people per block inside a chunk (any chunk size works; CHUNK is 16 blocks)
FAIL_DECAY = math.exp(-1.0 / 365.0)
INV365 = 1.0 / 365.0
LN_SEV_MIN = math.log(0.01)
LN_SEV_MAX = math.log(1e7)


@nb.njit(cache=True)
def severity_loss(sev, prm):
    return clip01(prm[K_LOSS_A] + prm[K_LOSS_B] * math.log(max(sev, 0.01)))


@nb.njit(cache=True)
def voice_probability(sev, voice_factor, prm):
    z = prm[K_VOICE_A] + prm[K_VOICE_B] * math.log(max(sev, 0.01)) + math.log(voice_factor)
    return 1.0 / (1.0 + math.exp(-z))


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


@nb.njit(cache=True, parallel=True)
def customer_day(day, key, pf, pi, pb, prm, problem_mult, coverage, chunk, acc):
    """One day for every person (see module docstring); returns the day's totals (NA,).

    ``acc`` is (n_chunks, NA): each chunk's totals, zeroed here, summed in chunk order.

    Parallel over fixed chunks; ``customer_day_serial`` is the same on one thread (faster below
    a few chunks, where starting a thread team costs more than it saves). Both call
    ``_chunk_day``, so they give identical results.

    Reads/writes: every row of the person tables for active customers; scratch rows
    B_CONTACT_TODAY, B_TALK_TODAY, B_TALK_SIGN and B_EVENT are reset for everyone.
    Invariant: a person's status only moves prospect -> active -> former.
    """
    for c in nb.prange(acc.shape[0]):
        _chunk_day(c, day, key, pf, pi, pb, prm, problem_mult, coverage, chunk, acc[c])
    return reduce_rows(acc)


@nb.njit(cache=True)
def customer_day_serial(day, key, pf, pi, pb, prm, problem_mult, coverage, chunk, acc):
    """``customer_day`` on the calling thread."""
    for c in range(acc.shape[0]):
        _chunk_day(c, day, key, pf, pi, pb, prm, problem_mult, coverage, chunk, acc[c])
    return reduce_rows(acc)


@nb.njit(cache=True)
def _chunk_day(c, day, key, pf, pi, pb, prm, problem_mult, coverage, chunk, a):
    """One chunk of people, block by block: ``a`` is the chunk's accumulator row."""
    n = pf.shape[1]
    p_problem = prm[K_PROBLEM_P] * problem_mult
    cnt = np.zeros(NC, np.int64)
    sums = np.zeros(4)  # satisfaction, revenue, promotion cost, gift cost
    flag = np.empty(BLOCK, np.uint8)
    stop = min(n, (c + 1) * chunk)
    for s0 in range(c * chunk, stop, BLOCK):
        m = min(stop, s0 + BLOCK) - s0
        _block_sums(
            s0,
            m,
            day,
            pb[B_STATUS],
            pf[F_SAT],
            pf[F_VALUE],
            pi[I_PROMO_UNTIL],
            pi[I_JOIN],
            prm,
            sums,
        )
        _block_scan(
            s0,
            m,
            day,
            key,
            pf[F_SAT],
            pf[F_BASE],
            pf[F_FAILS],
            pi[I_JOIN],
            pi[I_CONTRACT_END],
            pb[B_STATUS],
            pb[B_PSTATE],
            pb[B_COHORT],
            pb[B_CONTACT_TODAY],
            pb[B_TALK_TODAY],
            pb[B_EVENT],
            prm,
            p_problem,
            flag,
            cnt,
        )
        _block_events(s0, m, day, key, pf, pi, pb, prm, p_problem, coverage, flag, cnt)
    a[:] = 0.0
    a[A_ACTIVE] = cnt[C_ACTIVE]
    a[A_SAT_SUM] = sums[0]
    a[A_PROMOTERS] = cnt[C_PROMOTERS]
    a[A_DETRACTORS] = cnt[C_DETRACTORS]
    a[A_REVENUE] = sums[1]
    a[A_PROMO_COST] = sums[2]
    a[A_GIFT_COST] = sums[3]
    a[A_PROBLEMS] = cnt[C_PROBLEMS]
    a[A_SILENT] = cnt[C_SILENT]
    a[A_COMPLAINTS] = cnt[C_COMPLAINTS]
    a[A_CHURNED] = cnt[C_CHURN0] + cnt[C_CHURN0 + 1] + cnt[C_CHURN0 + 2]
    a[A_REQUESTS] = cnt[C_REQUESTS]
    for k in range(3):
        a[A_EXPOSURE0 + k] = cnt[C_EXPOSURE0 + k]
        a[A_CHURN0 + k] = cnt[C_CHURN0 + k]
    a[A_TENURED] = cnt[C_TENURED]


@nb.njit(cache=True)
def _block_sums(s0, m, day, status_r, sat_r, value_r, promo_r, join_r, prm, sums):
    """Add a block's satisfaction, revenue, promotion cost and gift cost to ``sums``.

    Satisfaction is the day's opening value (before ``_block_scan`` updates it). Non-customers
    add 0.0, which changes no bit; each total is one chain of additions in person order.
    """
    promo = prm[K_PROMO]
    keep = 1.0 - promo
    gift = prm[K_GIFT_PER_YEAR]
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


@nb.njit(cache=True)
def _block_scan(
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
    ``flag[j]`` tells ``_block_events`` what to do: bit 0, clear a scratch row; bit 1, play
    the rest of a customer's day (0: nothing to do). Bit 1 may be set for someone to whom
    nothing happens (below the hazard's midpoint a defection draw is tested against the
    hazard's upper bound), never missed for someone to whom something does.

    Each argument ``*_r`` is a whole row; the block is ``[s0, s0 + m)``. Slicing the rows
    first keeps every index affine, which the vectoriser needs.
    """
    p_request = prm[K_REQUEST_P]
    neutral = prm[K_TALK_NEUTRAL]
    promo = prm[K_PROMO]
    gift = prm[K_GIFT_PER_YEAR]
    talk_lo = prm[K_TALK_UNHAPPY]
    talk_hi = prm[K_TALK_HAPPY]
    talk_base = prm[K_TALK_BASE]
    resent = prm[K_PROMO_RESENT] * promo
    gift_lift = prm[K_GIFT_EFFECT] * (1.0 - math.exp(-gift / 50.0))
    relax = prm[K_RELAX]
    erosion = prm[K_EROSION]
    base_churn = prm[K_BASE_CHURN_P]
    stay_mid = prm[K_STAY_MID]
    gifts = gift > 0.0
    # the defection hazard is highest at satisfaction 0: the scan flags against that bound
    # (with a margin for rounding in exp), the visit decides with the exact hazard
    hazard_cap = base_churn * math.exp(0.5 * max(prm[K_STAY_SLOPE], 0.0) * max(stay_mid, 0.0))
    hazard_cap *= 1.0 + 1e-9
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
        promoters += act & (sat >= 0.85)
        detractors += act & (sat < 0.65)
        exposed0 += act & (cohort == 0)
        exposed1 += act & (cohort == 1)
        exposed2 += act & (cohort == 2)
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
        decayed = np.float32(float(fails32) * FAIL_DECAY)
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
                & (
                    rng.uniform_sk(sk_churn, i, day, 3)
                    < (hazard_cap if stay_mid - sf > 0.0 else base_churn)
                )
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
    cnt[C_TENURED] += tenured


@nb.njit(cache=True)
def _block_events(s0, m, day, key, pf, pi, pb, prm, p_problem, coverage, flag, cnt):
    """The rest of the day for the people ``_block_scan`` flagged: clear their scratch rows,
    close episodes due, start new problems, place contacts, decide defections, and talk."""
    p_request = prm[K_REQUEST_P]
    neutral = prm[K_TALK_NEUTRAL]
    talk_lo = prm[K_TALK_UNHAPPY]
    talk_hi = prm[K_TALK_HAPPY]
    sk_problem = rng.stream_key(key, rng.S_PROBLEM)
    sk_request = rng.stream_key(key, rng.S_REQUEST)
    sk_churn = rng.stream_key(key, rng.S_CHURN)
    sk_wom = rng.stream_key(key, rng.S_WOM)
    for j in range(m):
        if flag[j] == 0:
            continue
        i = s0 + j
        # scratch rows are almost always zero already: write only where they are not, so that
        # at 1M customers the pass does not dirty three rows of cache lines
        if pb[B_CONTACT_TODAY, i] != 0:
            pb[B_CONTACT_TODAY, i] = 0
        if pb[B_TALK_TODAY, i] != 0:
            pb[B_TALK_TODAY, i] = 0
        if pb[B_EVENT, i] != 0:
            pb[B_EVENT, i] = 0
        if flag[j] < 2:  # scratch rows only
            continue
        ps = pb[B_PSTATE, i]
        closed = False
        if (ps == 1 or ps == 4) and day >= pi[I_NEXT_CONTACT, i]:
            cat, left = close_episode(i, day, 0, False, pf, pi, pb, prm, key)
            closed = True
            if left:
                cnt[C_CHURN0 + pb[B_COHORT, i]] += 1
                continue
        # a new problem
        if pb[B_PSTATE, i] == 0 and not closed:
            if rng.uniform_sk(sk_problem, i, day, 0) < p_problem:
                ln_sev = prm[K_SEV_MU] + prm[K_SEV_SIGMA] * rng.normal(
                    key, rng.S_SEVERITY, i, day, 0
                )
                # stakes between 1 cent and $10 million (extreme band shares stretch the tails)
                sev = math.exp(min(max(ln_sev, LN_SEV_MIN), LN_SEV_MAX))
                covered = 1 if rng.uniform(key, rng.S_COVERED, i, day, 0) < coverage else 0
                reset_episode(i, day, sev, covered, pf, pi, pb)
                pb[B_ABANDONS, i] = 0
                pf[F_SAT, i] = clip01(pf[F_SAT, i] - severity_loss(sev, prm))
                pf[F_FAILS, i] += 1.0
                cnt[C_PROBLEMS] += 1
                if rng.uniform(key, rng.S_VOICE, i, day, 0) < voice_probability(
                    sev, pf[F_VOICE, i], prm
                ):
                    pb[B_PSTATE, i] = 2
                    pi[I_NEXT_CONTACT, i] = day
                    cnt[C_COMPLAINTS] += 1
                else:
                    pb[B_PSTATE, i] = 1
                    pi[I_NEXT_CONTACT, i] = day + int(prm[K_SILENT_DAYS])
                    cnt[C_SILENT] += 1
        # contacts today: about the problem, or a routine request
        if pb[B_PSTATE, i] == 2 and pi[I_NEXT_CONTACT, i] == day:
            pb[B_CONTACT_TODAY, i] = 2
        elif rng.uniform_sk(sk_request, i, day, 0) < p_request:
            pb[B_CONTACT_TODAY, i] = 1
            cnt[C_REQUESTS] += 1
        sat = float(pf[F_SAT, i])
        # contract ends: decide; otherwise a base hazard, raised by dissatisfaction
        ce = pi[I_CONTRACT_END, i]
        gone = False
        if ce == day:
            if rng.uniform_sk(sk_churn, i, day, 2) >= stay_probability(sat, prm):
                gone = True
            else:
                pi[I_CONTRACT_END, i] = day + int(prm[K_CONTRACT_LEN])
        elif ce < day:
            gap = prm[K_STAY_MID] - sat
            h = prm[K_BASE_CHURN_P]
            if gap > 0.0:
                h *= math.exp(0.5 * prm[K_STAY_SLOPE] * gap)
            if rng.uniform_sk(sk_churn, i, day, 3) < h:
                gone = True
        if gone:
            cnt[C_CHURN0 + pb[B_COHORT, i]] += 1
            leave(i, day, pb, pi)
            pb[B_CONTACT_TODAY, i] = 0
        # everyday word of mouth
        p_talk = talk_probability(sat, neutral, prm[K_TALK_BASE], talk_lo, talk_hi)
        if rng.uniform_sk(sk_wom, i, day, 0) < p_talk:
            pb[B_TALK_TODAY, i] = min(int(pb[B_TALK_TODAY, i]) + 1, 100)
            pb[B_TALK_SIGN, i] = 1 if sat >= neutral else 0


@nb.njit(cache=True)
def reduce_rows(acc):
    """Sum per-chunk accumulators in chunk order (deterministic for any thread count)."""
    out = np.zeros(acc.shape[1])
    for c in range(acc.shape[0]):
        for k in range(acc.shape[1]):
            out[k] += acc[c, k]
    return out
