"""Word of mouth over the social network, the referral funnel, acquisition, escalations.

The network is a directed graph over everyone, customers and prospects alike, held implicitly
(``ties_of``, ``tie``). Messages to customers nudge their attitude; positive messages to people
in the market (prospects, and leavers back in it after ``win_back_days``) become referrals with
the Kumar et al. (2007) funnel. Paid acquisition buys people in the market in a fixed random
order. The market never runs dry: leavers return to it.

A customer who hears from someone who got more for the same kind of problem (both inside, or
both outside, the rulebook; both episodes recent) judges their own outcome worse: distributive
justice is comparative (Adams 1965). Only being under-rewarded is felt here; Adams found the
guilt of being over-rewarded weaker and more easily rationalised, so it is left out.
"""

import numba as nb

from servicesim.core import rng
from servicesim.core.kernels.episode import clip01, close_episode
from servicesim.core.kernels.layout import (
    B_CHANNEL,
    B_COHORT,
    B_LAST_COVERED,
    B_LAST_OUTCOME,
    B_PSTATE,
    B_STATUS,
    B_SURVEY,
    B_TALK_SIGN,
    B_TALK_TODAY,
    F_BASE,
    F_COMP,
    F_COURTESY,
    F_FAILS,
    F_LAST_SHARE,
    F_SAT,
    F_SEV,
    I_CONTRACT_END,
    I_EPISODE_END,
    I_ESC_DAY,
    I_JOIN,
    I_LEAVE,
    I_NEXT_CONTACT,
    I_PROMO_UNTIL,
)
from servicesim.core.vector import K

W_POSITIVE = 0
W_NEGATIVE = 1
W_REFERRALS = 2
W_NEW_REFERRAL = 3
W_NEW_PAID = 4
W_ESC_DONE = 5
W_ESC_DELAY_SUM = 6
W_ESC_RESOLVED = 7
W_ESC_GOODWILL = 8
W_UNFAIR = 9  # comparisons with a talker who got more for the same kind of problem
NW = 10


@nb.njit(cache=True, nogil=True)
def ties_of(key, t, degree):
    """Number of word-of-mouth ties of person ``t`` (Poisson with mean ``degree``).

    The network is implicit: a person's ties are a pure function of the seed and the person's
    id, recomputed when the person talks, so no adjacency list is stored (60 bytes a customer
    saved) and the same person always talks to the same people.
    """
    return rng.poisson(degree, key, rng.S_NETWORK, t, 0, 0)


@nb.njit(cache=True, nogil=True)
def tie(key, t, e, n):
    """The ``e``-th tie of person ``t``: someone drawn uniformly among the ``n`` people, not ``t``."""
    target = int(rng.uniform(key, rng.S_NETWORK, t, 1, e) * n)
    if target == t:
        target = (target + 1) % n
    return target


@nb.njit(cache=True, nogil=True)
def promotion_days(prm):
    """Days a newcomer's discount lasts (0 when the firm offers none)."""
    return int(prm[K.promotion_days]) if prm[K.promotion_discount] > 0 else 0


@nb.njit(cache=True, nogil=True)
def in_market(i, day, pi, pb, prm):
    """Whether person ``i`` can become a customer today: a prospect, or a former customer who
    left at least ``win_back_days`` ago (the market replenishes: leavers come back into it)."""
    status = pb[B_STATUS, i]
    if status == 0:
        return True
    return status == 2 and day - pi[I_LEAVE, i] >= prm[K.win_back_days]


@nb.njit(cache=True, nogil=True)
def join(i, day, key, channel, pf, pi, pb, prm):
    """Person ``i`` becomes a customer today: fresh attitude at their baseline, no episode
    history (no last episode to compare with others'); what a returning customer learned before
    stays (the expectation a gesture raised, and that asking paid: ``B_HELPED``)."""
    promo_days = promotion_days(prm)
    pb[B_STATUS, i] = 1
    pb[B_CHANNEL, i] = channel
    pb[B_COHORT, i] = 0
    pb[B_LAST_OUTCOME, i] = 0
    pb[B_SURVEY, i] = 0
    pi[I_EPISODE_END, i] = -1
    pf[F_LAST_SHARE, i] = -1.0
    pb[B_PSTATE, i] = 0
    pi[I_JOIN, i] = day
    pi[I_LEAVE, i] = -1
    pi[I_NEXT_CONTACT, i] = -1
    pi[I_PROMO_UNTIL, i] = day + promo_days - 1
    pf[F_SAT, i] = pf[F_BASE, i]
    pf[F_FAILS, i] = 0.0
    if rng.uniform(key, rng.S_ACQUIRE, i, day, 5) < prm[K.contract_share]:
        pi[I_CONTRACT_END, i] = day + int(prm[K.contract_length_days])
    else:
        pi[I_CONTRACT_END, i] = -1


@nb.njit(cache=True, nogil=True)
def share_gap(t, r, day, pf, pi, pb, window):
    """How much more of the stake talker ``t`` got than listener ``r`` for the same kind of
    problem (covered by the rules or not), both voiced episodes ended within ``window`` days;
    0 when they are not comparable or ``r`` got as much. At most 1 (a whole stake)."""
    share_t = pf[F_LAST_SHARE, t]
    share_r = pf[F_LAST_SHARE, r]
    if share_t < 0.0 or share_r < 0.0 or share_t <= share_r:
        return 0.0
    if pb[B_LAST_COVERED, t] != pb[B_LAST_COVERED, r]:
        return 0.0
    end_t = pi[I_EPISODE_END, t]
    end_r = pi[I_EPISODE_END, r]
    if end_t < 0 or end_r < 0 or day - end_t > window or day - end_r > window:
        return 0.0
    return min(share_t - share_r, 1.0)


@nb.njit(cache=True, nogil=True)
def deliver_wom(day, key, talkers, pf, pi, pb, prm, out):
    """Deliver today's messages in talker order. Writes attitudes, joins, and ``out`` totals.

    A customer told by someone who got a larger share of the stake for the same kind of
    problem (``share_gap``) loses ``impact x unfairness_weight x gap`` on top of the message
    itself, whatever its sign; ``out[W_UNFAIR]`` counts these comparisons.
    """
    degree = prm[K.network_degree]
    impact = prm[K.wom_impact] * prm[K.tie_strength]
    unfair = impact * prm[K.unfairness_weight]
    window = prm[K.unfairness_window_days]
    n = pf.shape[1]
    for t in talkers:
        deg = ties_of(key, t, degree)
        if deg == 0:
            continue
        positive = pb[B_TALK_SIGN, t] == 1
        for m in range(int(pb[B_TALK_TODAY, t])):
            r = tie(key, t, int(rng.uniform(key, rng.S_WOM, t, day, 100 + m) * deg), n)
            if positive:
                out[W_POSITIVE] += 1.0
            else:
                out[W_NEGATIVE] += 1.0
            if pb[B_STATUS, r] == 1:
                if positive:
                    pf[F_SAT, r] = clip01(pf[F_SAT, r] + impact)
                else:
                    pf[F_SAT, r] = clip01(pf[F_SAT, r] - impact * prm[K.wom_negative_weight])
                if unfair > 0.0:
                    gap = share_gap(t, r, day, pf, pi, pb, window)
                    if gap > 0.0:
                        out[W_UNFAIR] += 1.0
                        pf[F_SAT, r] = clip01(pf[F_SAT, r] - unfair * gap)
            elif in_market(r, day, pi, pb, prm):
                if positive:
                    if rng.uniform(key, rng.S_ACQUIRE, r, day, 2 * m) < prm[K.referral_act_prob]:
                        out[W_REFERRALS] += 1.0
                        # the prospect's own attitude scales conversion (a neutral prospect: x1)
                        conv = prm[K.referral_conversion] * min(
                            pf[F_SAT, r] / prm[K.prospect_satisfaction],
                            prm[K.referral_attitude_cap],
                        )
                        if rng.uniform(key, rng.S_ACQUIRE, r, day, 2 * m + 1) < conv:
                            join(r, day, key, 1, pf, pi, pb, prm)
                            out[W_NEW_REFERRAL] += 1.0
                else:
                    pf[F_SAT, r] = clip01(pf[F_SAT, r] - impact * prm[K.wom_negative_weight])


@nb.njit(cache=True, nogil=True)
def acquire_paid(day, key, count, order, pointer, pf, pi, pb, prm):
    """Paid acquisition: the next ``count`` people in the market, in a fixed random order of
    everyone (cycling), become customers; a full cycle finding nobody stops it."""
    got = 0
    n = order.shape[0]
    seen = 0
    while got < count and seen < n:
        i = order[pointer]
        pointer = (pointer + 1) % n
        seen += 1
        if in_market(i, day, pi, pb, prm):
            join(i, day, key, 2, pf, pi, pb, prm)
            got += 1
            seen = 0
    return pointer, got


@nb.njit(cache=True, nogil=True)
def process_escalations(day, key, esc_person, head, tail, capacity, pf, pi, pb, prm, out):
    """Managers decide up to ``capacity`` escalated cases, oldest first (FIFO).

    A manager has authority: the case is resolved with probability ``manager_fix_rate`` and compensated at
    ``manager_comp_share`` of the stake, but only after the days it waited (procedural cost).
    """
    done = 0
    while head < tail and done < capacity:
        i = esc_person[head]
        if pb[B_STATUS, i] == 1 and pb[B_PSTATE, i] == 3 and pi[I_ESC_DAY, i] >= day:
            break  # escalated today: a manager calls back tomorrow at the earliest
        head += 1
        if pb[B_STATUS, i] != 1 or pb[B_PSTATE, i] != 3:
            continue  # left meanwhile
        done += 1
        delay = day - pi[I_ESC_DAY, i]
        out[W_ESC_DONE] += 1.0
        out[W_ESC_DELAY_SUM] += delay
        resolved = 1 if rng.uniform(key, rng.S_ESCALATE, i, day, 1) < prm[K.manager_fix_rate] else 0
        comp = prm[K.manager_comp_share] * pf[F_SEV, i]
        pf[F_COMP, i] += comp
        out[W_ESC_GOODWILL] += comp
        pf[F_COURTESY, i] = prm[K.manager_courtesy]
        out[W_ESC_RESOLVED] += resolved
        close_episode(i, day, resolved, False, pf, pi, pb, prm, key)
    return head
