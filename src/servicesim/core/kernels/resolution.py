"""The day's contacts: who calls when, how long the work takes, and how each contact ends.

``prepare_contacts`` draws arrival times, work and patience for the day's callers (keyed by
person and day). After the queue (``kernels/queue.py``) has assigned servers, ``resolve_contacts``
plays each answered contact in arrival order: diagnosis under time pressure, the script for
covered problems, discretion / escalation / refusal for uncovered ones, surprise gestures, and
the episode's end. Serial: contacts touch staff accumulators and the escalation queue.
"""

import math

import numba as nb
import numpy as np

from servicesim.core import rng
from servicesim.core.kernels.episode import clip01, close_episode
from servicesim.core.kernels.layout import (
    B_ABANDONS,
    B_BROKEN,
    B_CLAIM,
    B_CONTACT_TODAY,
    B_CONTACTS,
    B_COVERED,
    B_DELIGHT,
    B_EXPLAINED,
    B_HELPED,
    B_PSTATE,
    B_REFUSED,
    B_STATUS,
    F_COMP,
    F_COURTESY,
    F_PATIENCE,
    F_SAT,
    F_SEV,
    F_VALUE,
    F_WAIT,
    I_ESC_DAY,
    I_LAST_STAFF,
    I_NEXT_CONTACT,
    S_ANGRY,
    S_BUSY,
    S_DISCRETION,
    S_EMPATHY,
    S_EMPOWER,
    S_GRANTED_CAP,
    S_GRATEFUL,
    S_HANDLED,
    S_HEROES,
    S_HIRE_ID,
    S_JUDGMENT,
    S_JUSTICE,
    S_MORALE,
    S_PROBLEMS,
    S_SKILL,
)
from servicesim.core.kernels.twins import nonzero_index, stable_order
from servicesim.core.vector import K

# day-total columns written by resolve_contacts
R_ANSWERED = 0
R_ABANDONED = 1
R_WAIT_SUM = 2
R_WITHIN_20S = 3
R_SERVICE_SUM = 4
R_FIRST_CONTACTS = 5  # first contacts about a problem
R_FCR = 6  # ... resolved there and then
R_REPEAT = 7
R_ESCALATIONS = 8
R_REFUSALS = 9
R_GOODWILL = 10
R_GESTURES = 11
R_GESTURE_COST = 12
R_DISCRETION = 13
R_MISFIRES = 14
R_RESOLVED = 15
R_SECOND_LOOKS = 16  # discretionary spends above second_look_above a manager re-checked
R_CLAIMS_CAUGHT = 17  # ... of which inflated claims caught (paid on the true stake)
R_SWEETHEARTS = 18  # unauthorised giveaways to a favoured customer (sweethearting)
R_SWEET_COST = 19  # ... their cost, $
NR = 20

# event kinds for the dashboard's feed (leavers' kinds: kernels/leaving.py)
EV_HERO = 2  # discretion turned an unhappy customer into a promoter
EV_DELIGHT = 3  # surprise gesture
EV_MISFIRE = 4  # goodwill spent, problem not fixed
EV_STAFF_QUIT = 6


@nb.njit(cache=True, nogil=True)
def sweetheart(i, k, day, key, pf, st, prm, out):
    """Agent ``k`` may give customer ``i`` an unauthorised giveaway (sweethearting: Brady,
    Voorhees & Brusco 2012), more often when morale is low (job dissatisfaction) and where
    discretion is in use (permissive norms). It costs the firm and lifts the recipient's
    satisfaction, which then fades like any other gain."""
    p = (
        prm[K.sweetheart_rate]
        * math.exp(
            prm[K.sweetheart_morale_slope] * (prm[K.quit_reference_morale] - st[S_MORALE, k])
        )
        * (1.0 + prm[K.sweetheart_norms] * st[S_EMPOWER, k])
    )
    if rng.uniform(key, rng.S_SWEET, i, day, 0) < p:
        out[R_SWEETHEARTS] += 1.0
        out[R_SWEET_COST] += prm[K.sweetheart_value] * rng.exponential(key, rng.S_SWEET, i, day, 1)
        pf[F_SAT, i] = clip01(pf[F_SAT, i] + prm[K.sweetheart_lift])


@nb.njit(cache=True, nogil=True)
def log_event(events, n_events, day, kind, person, staff, value):
    """Append (day, kind, person, staff hire id, value) to the event log if there is room."""
    if n_events < events.shape[0]:
        events[n_events, 0] = day
        events[n_events, 1] = kind
        events[n_events, 2] = person
        events[n_events, 3] = staff
        events[n_events, 4] = value
        n_events += 1
    return n_events


@nb.njit(cache=True, nogil=True)
def courtesy_of(k, st, prm):
    """Courtesy an agent shows: scripts give a steady floor; judgment varies with empathy and morale.

    The scripted and the agent's own courtesy are blended by the discretion the agent uses.
    """
    e = st[S_EMPOWER, k]
    m = st[S_MORALE, k]
    script = prm[K.script_courtesy_base] + prm[K.script_courtesy_morale] * m
    shown = prm[K.courtesy_morale_floor] + prm[K.courtesy_morale_weight] * m
    own = prm[K.own_courtesy_base] + prm[K.own_courtesy_empathy] * st[S_EMPATHY, k] * shown
    return (1.0 - e) * script + e * own


@nb.njit(cache=True, nogil=True)
def case_latitude(e, claimed, value, prm):
    """The discretion an agent who uses ``e`` brings to an uncovered case: the firm may grant
    more or less on a major case (a claimed stake of ``major_case_stake`` or more) and for a
    valued customer (``value`` $/day of ``valued_customer_multiple`` x the mean or more); the
    multiples compound and the result is at most 1. At multiples of 1 it is ``e`` itself."""
    mult = 1.0
    if claimed >= prm[K.major_case_stake]:
        mult *= prm[K.major_case_latitude]
    if value >= prm[K.valued_customer_multiple] * prm[K.value_per_day]:
        mult *= prm[K.valued_customer_latitude]
    return e if mult == 1.0 else min(e * mult, 1.0)


@nb.njit(cache=True, nogil=True)
def arrival_share(key, i, day, peak_share, center, width):
    """When in the opening hours a contact arrives, as a share of them: in the daily peak (a
    normal around ``center`` with sd ``width``, kept inside the day) with chance
    ``peak_share``, else evenly spread (Gans et al. 2003; Brown et al. 2005: intraday peaks)."""
    if rng.uniform(key, rng.S_ARRIVAL, i, day, 5) < peak_share:
        x = center + width * rng.normal(key, rng.S_ARRIVAL, i, day, 1)
        return min(max(x, 0.0), 1.0 - 1e-9)
    return rng.uniform(key, rng.S_ARRIVAL, i, day, 0)


@nb.njit(cache=True, nogil=True)
def prepare_contacts(day, key, ids, pb, pf, prm, uncovered_factor):
    """Arrival time (s after opening), work (s at full skill) and patience (s) per contact."""
    n = ids.shape[0]
    arrival = np.empty(n)
    work = np.empty(n)
    patience = np.empty(n)
    kind = np.empty(n, np.int8)
    open_s = prm[K.open_s]
    peak_share = prm[K.arrival_peak_share]
    center = prm[K.arrival_peak_center]
    width = prm[K.arrival_peak_width]
    for j in range(n):
        i = ids[j]
        kd = pb[B_CONTACT_TODAY, i]
        kind[j] = kd
        arrival[j] = open_s * arrival_share(key, i, day, peak_share, center, width)
        mult = math.exp(
            prm[K.service_mu] + prm[K.service_sigma] * rng.normal(key, rng.S_SERVICE, i, day, 0)
        )
        if kd == 1:
            work[j] = prm[K.request_time_s] * mult
        elif pb[B_COVERED, i] == 1:
            work[j] = prm[K.problem_time_s] * mult
        else:
            work[j] = prm[K.problem_time_s] * mult * uncovered_factor
        pk = int(prm[K.patience_kind])
        if pk == 2:
            patience[j] = np.inf
        elif pk == 1:
            patience[j] = (
                prm[K.patience_mean_s]
                * pf[F_PATIENCE, i]
                * math.exp(
                    prm[K.patience_call_mu]
                    + prm[K.patience_lognormal_sd] * rng.normal(key, rng.S_PATIENCE, i, day, 0)
                )
            )
        else:
            patience[j] = (
                prm[K.patience_mean_s]
                * pf[F_PATIENCE, i]
                * rng.exponential(key, rng.S_PATIENCE, i, day, 0)
            )
    return arrival, work, patience, kind


@nb.njit(cache=True, nogil=True)
def todays_contacts(day, key, pb, pf, prm, uncovered_factor, effort):
    """The day's callers in order of arrival: (ids, arrival, work, patience, kind).

    Callers are the people whose ``B_CONTACT_TODAY`` is set, by index; ``prepare_contacts``
    draws their times; a stable sort puts them in arrival order (ties keep index order), and
    work is scaled by today's ``effort`` (the time-pressure cut).
    """
    ids = nonzero_index(pb[B_CONTACT_TODAY])
    arrival, work, patience, kind = prepare_contacts(day, key, ids, pb, pf, prm, uncovered_factor)
    order = stable_order(arrival, prm[K.open_s])
    return ids[order], arrival[order], work[order] * effort, patience[order], kind[order]


@nb.njit(cache=True, nogil=True)
def resolve_contacts(
    day,
    key,
    ids,
    kind,
    wait,
    abandoned,
    server,
    service,
    staff_row,
    pf,
    pi,
    pb,
    st,
    prm,
    effort,
    esc_person,
    esc_tail,
    events,
    n_events,
    out,
):
    """Play each contact (in arrival order). Returns the new escalation-queue tail and event count.

    ``staff_row[server]`` maps a queue server to its row in the staff table ``st``.
    ``effort`` (<= 1) is the share of the needed time staff take (the time-pressure cut, trimmed
    further under an efficiency metric); less time means more wrong diagnoses (Oliva & Sterman
    2001). Writes ``out`` (NR day totals).
    """
    err_mult = 1.0 + prm[K.rush_error_factor] * (1.0 - effort)
    angry = prm[K.angry_satisfaction]
    retry = prm[K.retry_prob]
    for j in range(ids.shape[0]):
        i = ids[j]
        w = wait[j]
        if w <= 20.0 and not abandoned[j]:
            out[R_WITHIN_20S] += 1.0
        out[R_WAIT_SUM] += w
        if kind[j] == 1:  # routine request
            if abandoned[j]:
                out[R_ABANDONED] += 1.0
                pf[F_SAT, i] = clip01(pf[F_SAT, i] - prm[K.request_annoyance])
                continue
            k = staff_row[server[j]]
            out[R_ANSWERED] += 1.0
            out[R_SERVICE_SUM] += service[j]
            st[S_BUSY, k] += service[j]
            st[S_HANDLED, k] += 1.0
            # procedural annoyance of a long wait; a botched request costs half as much again
            p_err = (
                prm[K.request_error_base] + prm[K.request_error_novice] * (1.0 - st[S_SKILL, k])
            ) * err_mult
            loss = prm[K.request_annoyance] * (1.0 - math.exp(-w / prm[K.procedural_wait_scale_s]))
            if rng.uniform(key, rng.S_DIAGNOSIS, i, day, 1) < p_err:
                loss += prm[K.botched_request_annoyance] * prm[K.request_annoyance]
            pf[F_SAT, i] = clip01(pf[F_SAT, i] - loss)
            if prm[K.sweetheart_rate] > 0.0:
                sweetheart(i, k, day, key, pf, st, prm, out)
            continue
        # a problem contact
        if pb[B_STATUS, i] != 1 or pb[B_PSTATE, i] != 2:
            continue
        contacts = int(pb[B_CONTACTS, i]) + 1
        pb[B_CONTACTS, i] = min(contacts, 100)
        pf[F_WAIT, i] += w
        if contacts == 1:
            out[R_FIRST_CONTACTS] += 1.0
        else:
            out[R_REPEAT] += 1.0
        if abandoned[j]:
            out[R_ABANDONED] += 1.0
            pb[B_ABANDONS, i] = min(int(pb[B_ABANDONS, i]) + 1, 100)
            if rng.uniform(key, rng.S_RETRY, i, day, 0) < retry:
                pi[I_NEXT_CONTACT, i] = day + 1
            else:
                pb[B_PSTATE, i] = 4  # gives up: decides after a while
                pi[I_NEXT_CONTACT, i] = day + 1
            continue
        k = staff_row[server[j]]
        out[R_ANSWERED] += 1.0
        out[R_SERVICE_SUM] += service[j]
        st[S_BUSY, k] += service[j]
        st[S_HANDLED, k] += 1.0
        st[S_PROBLEMS, k] += 1.0
        sat_before = pf[F_SAT, i]
        if sat_before < angry:
            st[S_ANGRY, k] += 1.0
        pf[F_COURTESY, i] = courtesy_of(k, st, prm)
        pi[I_LAST_STAFF, i] = int(st[S_HIRE_ID, k])
        if prm[K.sweetheart_rate] > 0.0:
            sweetheart(i, k, day, key, pf, st, prm, out)
        sev = pf[F_SEV, i]
        resolved = False
        novice = prm[K.diagnosis_error_novice] * (1.0 - st[S_SKILL, k])
        if pb[B_COVERED, i] == 1:
            novice *= 1.0 - prm[K.script_novice_help]  # a script carries a green agent
        p_err = (prm[K.diagnosis_error_base] + novice) * err_mult
        if rng.uniform(key, rng.S_DIAGNOSIS, i, day, 0) < p_err:
            pass  # wrong diagnosis: the fix will not work (seed 001: don't make assumptions)
        elif pb[B_COVERED, i] == 1:
            pf[F_COMP, i] += prm[K.script_comp_share] * sev
            out[R_GOODWILL] += prm[K.script_comp_share] * sev
            resolved = True
        else:
            claimed = sev * (1.0 + prm[K.claim_inflation] * pb[B_CLAIM, i])
            e = case_latitude(st[S_EMPOWER, k], claimed, pf[F_VALUE, i], prm)
            if rng.uniform(key, rng.S_DISCRETION, i, day, 0) < e:
                out[R_DISCRETION] += 1.0
                st[S_DISCRETION, k] += 1.0
                # the agent judges the stake the customer claims (inflated, if the claim is)
                spread = math.exp(
                    prm[K.spend_sigma]
                    * (prm[K.spend_judgment_ref] - st[S_JUDGMENT, k])
                    * rng.normal(key, rng.S_DISCRETION, i, day, 1)
                )
                spend = min(claimed * prm[K.discretion_spend_share] * spread, st[S_GRANTED_CAP, k])
                look = prm[K.second_look_above]
                if look > 0.0 and spend > look:
                    # a second look above the limit: a manager checks, an inflated claim is paid
                    # on the true stake (a guardrail; the ledger counts second_look_cost a look)
                    out[R_SECOND_LOOKS] += 1.0
                    if pb[B_CLAIM, i] == 1:
                        out[R_CLAIMS_CAUGHT] += 1.0
                        spend = min(
                            sev * prm[K.discretion_spend_share] * spread, st[S_GRANTED_CAP, k]
                        )
                pf[F_COMP, i] += spend
                out[R_GOODWILL] += spend
                if spend > 0.0:
                    pb[B_HELPED, i] = 1  # asking paid: next time the customer asks more readily
                if rng.uniform(key, rng.S_DISCRETION, i, day, 2) < st[S_JUDGMENT, k]:
                    resolved = True
                else:
                    out[R_MISFIRES] += 1.0
                    pb[B_BROKEN, i] = 1  # a promise broken (kernels/episode.py: justice)
                    n_events = log_event(
                        events, n_events, day, EV_MISFIRE, i, int(st[S_HIRE_ID, k]), int(spend)
                    )
                # judgment grows with decisions and the feedback on them (the customer's
                # verdict measured, coaching)
                feedback = 0.5 * (prm[K.metric_focus] + prm[K.servant_leadership])
                st[S_JUDGMENT, k] += (
                    prm[K.judgment_learning_rate]
                    * feedback
                    * (prm[K.trait_max] - st[S_JUDGMENT, k])
                )
            elif rng.uniform(key, rng.S_ESCALATE, i, day, 0) < prm[K.escalation_share]:
                out[R_ESCALATIONS] += 1.0
                pb[B_PSTATE, i] = 3
                pi[I_ESC_DAY, i] = day
                pi[I_NEXT_CONTACT, i] = -1
                if esc_tail < esc_person.shape[0]:
                    esc_person[esc_tail] = i
                    esc_tail += 1
                continue
            else:
                # 'our policy is...'
                out[R_REFUSALS] += 1.0
                pb[B_REFUSED, i] = min(int(pb[B_REFUSED, i]) + 1, 100)
                if rng.uniform(key, rng.S_DISCRETION, i, day, 3) < prm[K.rule_transparency]:
                    pb[B_EXPLAINED, i] = 1
                if rng.uniform(key, rng.S_RETRY, i, day, 1) < prm[K.refused_retry_share] * retry:
                    pi[I_NEXT_CONTACT, i] = day + 1  # tries again, hoping for another answer
                    continue
                close_episode(i, day, 0, False, pf, pi, pb, prm, key)
                continue
        if resolved:
            out[R_RESOLVED] += 1.0
            if contacts == 1:
                out[R_FCR] += 1.0
            e = st[S_EMPOWER, k]
            if rng.uniform(key, rng.S_GESTURE, i, day, 0) < prm[K.surprise_rate] * e:
                cost = prm[K.surprise_cost] * rng.exponential(key, rng.S_GESTURE, i, day, 1)
                out[R_GESTURES] += 1.0
                out[R_GESTURE_COST] += cost
                pb[B_DELIGHT, i] = 1
                n_events = log_event(
                    events, n_events, day, EV_DELIGHT, i, int(st[S_HIRE_ID, k]), int(cost)
                )
            close_episode(i, day, 1, contacts == 1, pf, pi, pb, prm, key)
            sat_after = pf[F_SAT, i]
            st[S_JUSTICE, k] += sat_after
            if sat_after >= prm[K.grateful_satisfaction]:
                st[S_GRATEFUL, k] += 1.0
            hero = sat_before < angry and sat_after >= prm[K.promoter_threshold]
            if pb[B_COVERED, i] == 0 and hero:
                st[S_HEROES, k] += 1.0
                n_events = log_event(
                    events, n_events, day, EV_HERO, i, int(st[S_HIRE_ID, k]), int(100 * sat_after)
                )
        else:
            # the fix did not work: try again later or give up
            if rng.uniform(key, rng.S_RETRY, i, day, 2) < retry:
                pi[I_NEXT_CONTACT, i] = day + int(prm[K.failed_fix_retry_days])
            else:
                close_episode(i, day, 0, False, pf, pi, pb, prm, key)
    return esc_tail, n_events
