"""The daily pass over every person: revenue, attitude, problems, voice, requests, churn, talk.

Parallel over fixed chunks of people; each person's row is written only by its own iteration,
and per-chunk accumulators are summed in chunk order afterwards, so results do not depend on
the number of threads. All draws are keyed by (person, day, purpose): common random numbers.

Inside a chunk, people go in blocks of ``BLOCK`` and each block in three passes:

1. ``block_sums`` adds revenue, promotion and gift costs and satisfaction in person order, on
   one chain of additions per total, so the sums are the same bits as one loop's;
2. ``block_scan`` plays everyone's routine day without branches, so that LLVM vectorises it:
   head counts, attitude (promotion resentment, gifts, relaxation, erosion), the decay of
   recent failures, and the day's four draws (problem, request, defection, talk). It flags
   each person something may happen to: a scratch row to clear, an open problem, a new
   problem, a request, a contract end, a possible defection or a message;
3. ``visit_block`` plays the rest of the day for the flagged people (about 4% of everyone
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
)
from servicesim.core.kernels.layout import (
    B_ABANDONS,
    B_CLAIM,
    B_COHORT,
    B_CONTACT_TODAY,
    B_EVENT,
    B_HELPED,
    B_LAST_OUTCOME,
    B_PSTATE,
    B_STATUS,
    B_TALK_SIGN,
    B_TALK_TODAY,
    CAT_UNRESOLVED,
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
from servicesim.core.kernels.routine import (
    C_ACTIVE,
    C_CHURN0,
    C_CHURN_U12,
    C_COMPLAINTS,
    C_DETRACTORS,
    C_EXPOSURE0,
    C_EXPOSURE_U12,
    C_PROBLEMS,
    C_PROMOTERS,
    C_REQUESTS,
    C_SILENT,
    C_TENURED,
    NC,
    block_scan,
    block_sums,
    talk_probability,
)
from servicesim.core.vector import K

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
A_EXPOSURE_U12 = 19  # customer-days after an episode that ended unresolved (past year)
A_CHURN_U12 = 20  # ... of which left
NA = 21

BLOCK = 1024  # people per block inside a chunk (any chunk size works; CHUNK is 16 blocks)
LN_SEV_MIN = math.log(0.01)
LN_SEV_MAX = math.log(1e7)


@nb.njit(cache=True, nogil=True)
def severity_loss(sev, prm):
    return clip01(prm[K.loss_a] + prm[K.loss_b] * math.log(max(sev, 0.01)))


@nb.njit(cache=True, nogil=True)
def voice_probability(sev, voice_factor, prm):
    z = prm[K.voice_a] + prm[K.voice_b] * math.log(max(sev, 0.01)) + math.log(voice_factor)
    return 1.0 / (1.0 + math.exp(-z))


@nb.njit(cache=True, nogil=True, parallel=True)
def customer_day(day, key, pf, pi, pb, prm, problem_mult, coverage, chunk, acc, left):
    """One day for every person (see module docstring); returns the day's totals (NA,).

    ``acc`` is (n_chunks, NA): each chunk's totals, zeroed here, summed in chunk order.
    ``left`` is (n_chunks, LEFT_CAPACITY + 1): each chunk's leavers whose last episode was
    recent (``left[c, 0]`` of them), for the feed.

    Parallel over fixed chunks; ``customer_day_serial`` is the same on one thread (faster below
    a few chunks, where starting a thread team costs more than it saves). Both call
    ``_chunk_day``, so they give identical results.

    Reads/writes: every row of the person tables for active customers; scratch rows
    B_CONTACT_TODAY, B_TALK_TODAY, B_TALK_SIGN and B_EVENT are reset for everyone.
    Invariant: a person's status only moves prospect -> active -> former.
    """
    for c in nb.prange(acc.shape[0]):
        _chunk_day(c, day, key, pf, pi, pb, prm, problem_mult, coverage, chunk, acc[c], left[c])
    return reduce_rows(acc)


@nb.njit(cache=True, nogil=True)
def customer_day_serial(day, key, pf, pi, pb, prm, problem_mult, coverage, chunk, acc, left):
    """``customer_day`` on the calling thread."""
    for c in range(acc.shape[0]):
        _chunk_day(c, day, key, pf, pi, pb, prm, problem_mult, coverage, chunk, acc[c], left[c])
    return reduce_rows(acc)


@nb.njit(cache=True, nogil=True)
def _chunk_day(c, day, key, pf, pi, pb, prm, problem_mult, coverage, chunk, a, left):
    """One chunk of people, block by block: ``a`` is the chunk's accumulator row, ``left`` its
    recent-episode leavers (``left[0]`` of them)."""
    n = pf.shape[1]
    p_problem = prm[K.problem_p] * problem_mult
    cnt = np.zeros(NC, np.int64)
    sums = np.zeros(4)  # satisfaction, revenue, promotion cost, gift cost
    flag = np.empty(BLOCK, np.uint8)
    left[0] = 0
    stop = min(n, (c + 1) * chunk)
    for s0 in range(c * chunk, stop, BLOCK):
        m = min(stop, s0 + BLOCK) - s0
        block_sums(
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
        block_scan(
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
            pb[B_LAST_OUTCOME],
            pi[I_EPISODE_END],
            pb[B_CONTACT_TODAY],
            pb[B_TALK_TODAY],
            pb[B_EVENT],
            prm,
            p_problem,
            flag,
            cnt,
        )
        visit_block(s0, m, day, key, pf, pi, pb, prm, p_problem, coverage, flag, cnt, left)
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
    a[A_EXPOSURE_U12] = cnt[C_EXPOSURE_U12]
    a[A_CHURN_U12] = cnt[C_CHURN_U12]


@nb.njit(cache=True, nogil=True)
def visit_block(s0, m, day, key, pf, pi, pb, prm, p_problem, coverage, flag, cnt, left):
    """The rest of the day for the people ``block_scan`` flagged: clear their scratch rows,
    close episodes due, start new problems, place contacts, decide defections, and talk.

    Leaving (``kernels/leaving.py``): out of contract with the daily hazard, under contract
    only at its end with ``renewal_churn``, each times the customer's leave factor
    (satisfaction and the last episode's fading shock)."""
    p_request = prm[K.request_p]
    neutral = prm[K.talk_neutral]
    talk_lo = prm[K.talk_unhappy_slope]
    talk_hi = prm[K.talk_happy_slope]
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
                cnt[C_PROBLEMS] += 1
                if rng.uniform(key, rng.S_VOICE, i, day, 0) < voice_probability(
                    sev, pf[F_VOICE, i], prm
                ):
                    pb[B_PSTATE, i] = 2
                    pi[I_NEXT_CONTACT, i] = day
                    cnt[C_COMPLAINTS] += 1
                    if prm[K.claim_rate] > 0.0:
                        pb[B_CLAIM, i] = inflated_claim(i, day, key, pi, pb, prm)
                else:
                    pb[B_PSTATE, i] = 1
                    pi[I_NEXT_CONTACT, i] = day + int(prm[K.silent_days])
                    cnt[C_SILENT] += 1
        # contacts today: about the problem, or a routine request
        if pb[B_PSTATE, i] == 2 and pi[I_NEXT_CONTACT, i] == day:
            pb[B_CONTACT_TODAY, i] = 2
        elif rng.uniform_sk(sk_request, i, day, 0) < p_request:
            pb[B_CONTACT_TODAY, i] = 1
            cnt[C_REQUESTS] += 1
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
            cnt[C_CHURN0 + pb[B_COHORT, i]] += 1
            if recent_unresolved(i, day, pi, pb):
                cnt[C_CHURN_U12] += 1
            recent = pb[B_LAST_OUTCOME, i] != 0 and day - pi[I_EPISODE_END, i] <= RECENT_DAYS
            if recent and left[0] < left.shape[0] - 1:
                left[0] += 1
                left[left[0]] = i
            leave(i, day, pb, pi)
            pb[B_CONTACT_TODAY, i] = 0
        # everyday word of mouth
        p_talk = talk_probability(sat, neutral, prm[K.talk_base_per_day], talk_lo, talk_hi)
        if rng.uniform_sk(sk_wom, i, day, 0) < p_talk:
            pb[B_TALK_TODAY, i] = min(int(pb[B_TALK_TODAY, i]) + 1, 100)
            pb[B_TALK_SIGN, i] = 1 if sat >= neutral else 0


@nb.njit(cache=True, nogil=True)
def inflated_claim(i, day, key, pi, pb, prm):
    """Whether a voiced problem comes with an inflated claim (1) or not (0): more likely after
    an episode that ended unresolved (felt unjust) and once discretion has paid the customer
    before, less in a long relationship (Wirtz & McColl-Kennedy 2010; Ma, Sun & Kekre 2015)."""
    p = prm[K.claim_rate]
    if pb[B_LAST_OUTCOME, i] == CAT_UNRESOLVED + 1:
        p *= 1.0 + prm[K.claim_grievance]
    if pb[B_HELPED, i] == 1:
        p *= 1.0 + prm[K.claim_learned]
    tenure_years = (day - pi[I_JOIN, i]) / 365.0
    p *= 1.0 - prm[K.claim_relationship] * min(tenure_years / 5.0, 1.0)
    return 1 if rng.uniform(key, rng.S_CLAIM, i, day, 0) < p else 0


@nb.njit(cache=True, nogil=True)
def reduce_rows(acc):
    """Sum per-chunk accumulators in chunk order (deterministic for any thread count)."""
    out = np.zeros(acc.shape[1])
    for c in range(acc.shape[0]):
        for k in range(acc.shape[1]):
            out[k] += acc[c, k]
    return out
