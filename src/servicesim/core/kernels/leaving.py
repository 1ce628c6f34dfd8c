"""Who leaves, and when: the hazard of leaving as behaviour, and what customers say in surveys.

Leaving is revealed behaviour (MODEL.md sec. 2.5): satisfaction lowers the hazard of leaving
(Bolton 1998), convexly (Mittal & Kamakura 2001); an episode raises it by a shock that depends
on how the episode ended (silent, unresolved, resolved, resolved quickly: TARP's order, taken
as ordinal) and fades within months (Knox & van Oest 2014). Out of contract a customer faces
the daily hazard; under contract nobody leaves before the contract ends, when the customer
leaves with ``renewal_churn`` times the same factors (seed 000: 'they have you under
contract').

What customers *say* is apart: ``intent_probability`` is the TARP-calibrated chance of
answering "I would buy again", used by the surveys only. Being asked changes nothing.
"""

import math

import numba as nb

from servicesim.core import rng
from servicesim.core.kernels.layout import (
    B_CONTACTS,
    B_LAST_OUTCOME,
    B_REFUSED,
    B_STATUS,
    CAT_RESOLVED,
    CAT_SILENT,
    CAT_UNRESOLVED,
    F_SAT,
    I_EPISODE_END,
    I_ESC_DAY,
    I_LAST_STAFF,
)
from servicesim.core.vector import K

#: a leaver whose last episode ended this many days ago or less is logged with it (the feed)
RECENT_DAYS = 60
#: leavers one chunk of the daily pass can log in a day (more are counted, not logged)
LEFT_CAPACITY = 256

# event kinds for the dashboard's feed (shared with resolution.py's)
EV_REFUSED_LEFT = 1  # left after refusals
EV_ESCALATION_LEFT = 5  # left after a long escalation
EV_DOUBLE_DEVIATION = 7  # left after a failed recovery
EV_SILENT_LEFT = 8  # left after a problem never reported


@nb.njit(cache=True, nogil=True)
def intent_probability(sat, prm):
    """Chance a customer answers "I would buy again": logistic in satisfaction (TARP's stated
    intentions). A survey answer, never a decision."""
    return 1.0 / (1.0 + math.exp(-prm[K.intent_slope] * (sat - prm[K.intent_midpoint])))


@nb.njit(cache=True, nogil=True)
def episode_factor(i, day, pi, pb, prm):
    """1 + the fading shock of the last episode, by how it ended (1 when there was none)."""
    outcome = pb[B_LAST_OUTCOME, i]
    if outcome == 0:
        return 1.0
    cat = outcome - 1
    if cat == CAT_SILENT:
        shock = prm[K.episode_shock_silent]
    elif cat == CAT_UNRESOLVED:
        shock = prm[K.episode_shock_unresolved]
    elif cat == CAT_RESOLVED:
        shock = prm[K.episode_shock_resolved]
    else:
        shock = prm[K.episode_shock_quick]
    age = day - pi[I_EPISODE_END, i]
    return 1.0 + shock * math.exp(-age / prm[K.episode_shock_days])


@nb.njit(cache=True, nogil=True)
def leave_factor(i, day, sat, pi, pb, prm):
    """How much more (or less) likely than the base this customer is to leave today."""
    satisfaction = math.exp(
        prm[K.hazard_satisfaction_slope] * (prm[K.hazard_reference_satisfaction] - sat)
    )
    return satisfaction * episode_factor(i, day, pi, pb, prm)


@nb.njit(cache=True, nogil=True)
def largest_shock(prm):
    """The largest episode shock: with the satisfaction term at 0 it bounds every hazard."""
    return max(
        max(prm[K.episode_shock_silent], prm[K.episode_shock_unresolved]),
        max(prm[K.episode_shock_resolved], prm[K.episode_shock_quick]),
    )


@nb.njit(cache=True, nogil=True)
def recent_unresolved(i, day, pi, pb):
    """Whether the customer's last episode ended unresolved within the past 365 days."""
    return pb[B_LAST_OUTCOME, i] == CAT_UNRESOLVED + 1 and day - pi[I_EPISODE_END, i] <= 365


@nb.njit(cache=True, nogil=True)
def log_leavers(left, day, events, n_events, pi, pb):
    """Log the day's recent-episode leavers, chunk by chunk (``left[c, 0]`` of them in
    ``left[c, 1:]``), as events for the feed: value = days since their episode ended."""
    for c in range(left.shape[0]):
        for k in range(min(left[c, 0], left.shape[1] - 1)):
            i = left[c, k + 1]
            cat = pb[B_LAST_OUTCOME, i] - 1
            if cat == CAT_SILENT:
                kind = EV_SILENT_LEFT
            elif cat != CAT_UNRESOLVED:
                continue  # recovered customers leave for other reasons
            elif pb[B_REFUSED, i] > 0:
                kind = EV_REFUSED_LEFT
            elif pi[I_ESC_DAY, i] >= 0:
                kind = EV_ESCALATION_LEFT
            else:
                kind = EV_DOUBLE_DEVIATION
            if n_events < events.shape[0]:
                events[n_events, 0] = day
                events[n_events, 1] = kind
                events[n_events, 2] = i
                events[n_events, 3] = pi[I_LAST_STAFF, i] if pb[B_CONTACTS, i] > 0 else -1
                events[n_events, 4] = day - pi[I_EPISODE_END, i]
                n_events += 1
    return n_events


@nb.njit(cache=True, nogil=True)
def periodic_survey(day, key, pf, pb, prm, share):
    """Ask a keyed sample (``share``) of active customers "would you buy again?".

    Returns (asked, answered yes). Draws its own stream: the answers change nothing.
    """
    asked = 0
    yes = 0
    for i in range(pf.shape[1]):
        if pb[B_STATUS, i] != 1:
            continue
        if rng.uniform(key, rng.S_SURVEY, i, day, 1) < share:
            asked += 1
            if rng.uniform(key, rng.S_SURVEY, i, day, 2) < intent_probability(pf[F_SAT, i], prm):
                yes += 1
    return asked, yes
