"""Closing a problem episode: justice judgment, satisfaction update, talk, a survey answer.

Reads and writes one person's row only, so it is safe inside parallel loops. Called by the
customer pass (silent problems), the resolution kernel (contacts) and the escalation kernel.
Nobody decides to leave here: the episode's outcome and its end day raise the hazard of
leaving in the days after (``kernels/leaving.py``).
"""

import math

import numba as nb

from servicesim.core import rng
from servicesim.core.kernels.layout import (
    B_BROKEN,
    B_CLAIM,
    B_COHORT,
    B_CONTACTS,
    B_COVERED,
    B_DELIGHT,
    B_EVENT,
    B_EXPLAINED,
    B_LAST_COVERED,
    B_LAST_OUTCOME,
    B_PSTATE,
    B_REFUSED,
    B_STATUS,
    B_SURVEY,
    B_TALK_SIGN,
    B_TALK_TODAY,
    CAT_QUICK,
    CAT_RESOLVED,
    CAT_SILENT,
    CAT_UNRESOLVED,
    F_COMP,
    F_COURTESY,
    F_EXPECT,
    F_FAILS,
    F_LAST_SHARE,
    F_SAT,
    F_SEV,
    F_WAIT,
    I_EPISODE_END,
    I_ESC_DAY,
    I_LEAVE,
    I_NEXT_CONTACT,
    I_PROB_DAY,
)
from servicesim.core.kernels.leaving import intent_probability
from servicesim.core.vector import K

#: the most compensation / stake a customer's last episode is remembered as (F_LAST_SHARE)
SHARE_CAP = 2.0


@nb.njit(cache=True, nogil=True)
def clip01(x):
    return 0.0 if x < 0.0 else (1.0 if x > 1.0 else x)


@nb.njit(cache=True, nogil=True)
def leave(i, day, pb, pi):
    """Mark person ``i`` a former customer from ``day`` (slots are never reused)."""
    pb[B_STATUS, i] = 2
    pi[I_LEAVE, i] = day
    pb[B_PSTATE, i] = 0


@nb.njit(cache=True, nogil=True)
def justice(i, day, resolved, pf, pi, pb, prm):
    """Distributive, interactional and procedural justice of a voiced episode, each 0-1."""
    sev = max(pf[F_SEV, i], 0.01)
    comp_util = 1.0 - math.exp(-pf[F_COMP, i] / (prm[K.comp_scale] * sev))
    d = prm[K.distributive_fix_weight] * resolved + prm[K.distributive_comp_weight] * comp_util
    courtesy = pf[F_COURTESY, i]
    if pb[B_REFUSED, i] > 0 and resolved == 0:
        # 'our policy is...': nothing given, little warmth, softened by an explanation
        inter = (
            courtesy * (1.0 - prm[K.refusal_coldness])
            + prm[K.explanation_bonus] * pb[B_EXPLAINED, i]
        )
    else:
        inter = courtesy
    if pb[B_BROKEN, i] > 0 and resolved == 0:
        inter *= 1.0 - prm[K.broken_promise]  # a discretionary fix failed: a promise broken
    if pb[B_DELIGHT, i] > 0:
        inter += prm[K.delight_bonus]
    contacts = max(int(pb[B_CONTACTS, i]), 1)
    days_open = max(day - pi[I_PROB_DAY, i], 0)  # includes any escalation delay
    mean_wait = pf[F_WAIT, i] / contacts
    proc = (
        math.exp(-(contacts - 1) / prm[K.procedural_contacts_scale])
        * math.exp(-days_open / prm[K.procedural_days_scale])
        * math.exp(-mean_wait / prm[K.procedural_wait_scale_s])
    )
    return clip01(d), clip01(inter), clip01(proc)


@nb.njit(cache=True, nogil=True)
def close_episode(i, day, resolved, quick, pf, pi, pb, prm, key):
    """End person ``i``'s open problem; returns its category (the repurchase table's columns).

    Voiced episodes are judged on the three justice dimensions against what the customer
    expects; a failed recovery adds a double-deviation loss; repeated failures blunt recovery.
    Silent episodes keep their loss. After a voiced episode the expectation moves toward the
    justice received (``expectation_adaptation``: generous handling raises the bar, stingy
    handling lowers it), and what the customer got as a share of the stake is kept, with the
    problem's kind, for comparisons with what others say they got (``network.deliver_wom``).
    The customer may tell others about it, and answers the survey after a problem ("would you
    buy again?"; its own stream: the answer changes nothing).
    Writes: the person's satisfaction, expectation, last share and kind, cohort, last outcome
    and its day, survey answer, problem state, talk flags.
    """
    voiced = pb[B_CONTACTS, i] > 0 or pi[I_ESC_DAY, i] >= 0
    sat = float(pf[F_SAT, i])
    neutral = prm[K.talk_neutral]
    j = 0.0
    if voiced:
        d, inter, proc = justice(i, day, resolved, pf, pi, pb, prm)
        wsum = prm[K.w_distributive] + prm[K.w_interactional] + prm[K.w_procedural]
        j = (
            prm[K.w_distributive] * d + prm[K.w_interactional] * inter + prm[K.w_procedural] * proc
        ) / wsum
        fatigue = math.exp(-prm[K.recovery_fatigue] * max(pf[F_FAILS, i] - 1.0, 0.0))
        dsat = prm[K.recovery_gain] * fatigue * (j - pf[F_EXPECT, i])
        if resolved == 0:
            dsat -= prm[K.double_deviation] * (1.0 - inter)
        sat = clip01(sat + dsat)
        # expectations adapt to what is received (Oliver 1980): toward j, either way
        pf[F_EXPECT, i] += prm[K.expectation_adaptation] * (j - pf[F_EXPECT, i])
        if pb[B_DELIGHT, i] > 0:
            pf[F_EXPECT, i] = min(pf[F_EXPECT, i] + prm[K.delight_expectation_step], 1.0)
        if resolved:
            cat = CAT_QUICK if quick else CAT_RESOLVED
            pb[B_COHORT, i] = 1
        else:
            cat = CAT_UNRESOLVED
            pb[B_COHORT, i] = 2
        # what was given as a share of the true stake (capped: a comparison needs no more)
        pf[F_LAST_SHARE, i] = min(pf[F_COMP, i] / max(pf[F_SEV, i], 0.01), SHARE_CAP)
        pb[B_LAST_COVERED, i] = pb[B_COVERED, i]
    else:
        cat = CAT_SILENT
        pb[B_COHORT, i] = 2
        pf[F_LAST_SHARE, i] = -1.0  # nothing asked, nothing to compare
    pf[F_SAT, i] = sat
    pb[B_PSTATE, i] = 0
    pi[I_NEXT_CONTACT, i] = -1
    pb[B_EVENT, i] = cat + 1
    # episode word of mouth (SQM): FCR -> ~41% tell ~1 person; very unhappy -> ~74% tell ~5
    if voiced:
        # what is told is the episode: how it was handled (its justice), not the whole history
        unhappy = clip01((neutral - j) / max(neutral - prm[K.very_unhappy_satisfaction], 1e-6))
        p_tell = (
            prm[K.episode_tell_resolved]
            + (prm[K.episode_tell_unhappy] - prm[K.episode_tell_resolved]) * unhappy
        )
        if pb[B_DELIGHT, i] > 0:
            p_tell = min(1.0, p_tell + prm[K.delight_tell_bonus])
        if rng.uniform(key, rng.S_WOM, i, day, 7) < p_tell:
            extra = (prm[K.episode_audience_unhappy] - 1.0) * unhappy + prm[
                K.delight_audience
            ] * pb[B_DELIGHT, i]
            n = 1 + rng.poisson(extra, key, rng.S_WOM, i, day, 8)
            pb[B_TALK_TODAY, i] = min(int(pb[B_TALK_TODAY, i]) + n, 100)
            pb[B_TALK_SIGN, i] = 1 if j >= neutral else 0
    pi[I_EPISODE_END, i] = day
    pb[B_LAST_OUTCOME, i] = cat + 1
    yes = rng.uniform(key, rng.S_SURVEY, i, day, 0) < intent_probability(sat, prm)
    pb[B_SURVEY, i] = 1 if yes else 2
    return cat


@nb.njit(cache=True, nogil=True)
def reset_episode(i, day, sev, covered, pf, pi, pb):
    """Open a new problem episode for person ``i``."""
    pf[F_SEV, i] = sev
    pf[F_WAIT, i] = 0.0
    pf[F_COMP, i] = 0.0
    pf[F_COURTESY, i] = 0.0
    pi[I_PROB_DAY, i] = day
    pi[I_ESC_DAY, i] = -1
    pb[B_COVERED, i] = covered
    pb[B_CONTACTS, i] = 0
    pb[B_REFUSED, i] = 0
    pb[B_EXPLAINED, i] = 0
    pb[B_DELIGHT, i] = 0
    pb[B_BROKEN, i] = 0
    pb[B_CLAIM, i] = 0
