"""Frontline staff and managers, the daily work on the staff table: roll-call, morale, quits.

Staff tables are small (dozens to thousands of rows), so the daily work on them (the morning
roll-call ``start_shift``, the morale loop, quits) is numba: as a few dozen small numpy calls a
day it was a large share of a 10,000-customer run. Hiring, once a week at most, stays numpy
(``core/workforce.py``). Draws are keyed by hire number, so a replacement's traits do not
depend on which slot it got. Every number comes from the parameter vector ``prm``.
"""

from __future__ import annotations

import math

import numba as nb
import numpy as np

from servicesim.core import rng
from servicesim.core.kernels.layout import (
    S_ACTIVE,
    S_ANGRY,
    S_BUSY,
    S_CAP,
    S_CONFIDENCE,
    S_DISCRETION,
    S_EMPOWER,
    S_GRANTED,
    S_GRANTED_CAP,
    S_GRATEFUL,
    S_HANDLED,
    S_HEROES,
    S_HIRE_ID,
    S_JUSTICE,
    S_MORALE,
    S_PROBLEMS,
    S_RECOG,
    S_ROLE,
    S_SKILL,
    S_START_DAY,
    S_SWITCH_FROM,
    S_SWITCH_UNTIL,
    S_TRAINING,
)
from servicesim.core.kernels.twins import row_mean, row_sum
from servicesim.core.vector import K

SCRATCH_ROWS = np.array(
    [S_BUSY, S_HANDLED, S_ANGRY, S_GRATEFUL, S_HEROES, S_DISCRETION, S_JUSTICE, S_PROBLEMS],
    np.int64,
)


@nb.njit(cache=True, nogil=True)
def keyed_uniforms(key, stream, ids, day, k):
    """One keyed uniform per id (vectorised helper for numpy code)."""
    out = np.empty(ids.shape[0])
    for j in range(ids.shape[0]):
        out[j] = rng.uniform(key, stream, ids[j], day, k)
    return out


@nb.njit(cache=True, nogil=True)
def keyed_normals(key, stream, ids, day, k):
    out = np.empty(ids.shape[0])
    for j in range(ids.shape[0]):
        out[j] = rng.normal(key, stream, ids[j], day, k)
    return out


@nb.njit(cache=True, nogil=True)
def grant(st, r, prm):
    """The latitude and the cap the firm grants a frontline agent today: its tier's. An agent
    whose skill reached ``senior_skill`` is senior: ``senior_extra_latitude`` more latitude
    (at most 1) and a cap ``senior_cap_multiple`` times ``discretion_cap``."""
    latitude = prm[K.empowerment]
    cap = prm[K.discretion_cap]
    if st[S_SKILL, r] >= prm[K.senior_skill]:
        latitude = min(latitude + prm[K.senior_extra_latitude], 1.0)
        cap = cap * prm[K.senior_cap_multiple]
    st[S_GRANTED, r] = latitude
    st[S_GRANTED_CAP, r] = cap


@nb.njit(cache=True, nogil=True)
def empowerment_used(granted, confidence, morale, lead, script, prm):
    """Discretion an agent dares to use: the latitude it is granted, more under servant leaders
    (``lead`` = dare_lead_base + dare_servant x servant leadership) and with high morale, less
    where the efficiency metric punishes deviation from the script (``script`` = 1 -
    dare_efficiency_penalty x (1 - metric focus); seed 004)."""
    dare = confidence * lead * (prm[K.dare_morale_floor] + prm[K.dare_morale_weight] * morale)
    dare = dare * script
    return granted * min(max(dare, 0.0), 1.0)


@nb.njit(cache=True, nogil=True)
def morale_day(st, rows, prm, open_s, standard_s, frontline_intensity, key, day):
    """Recognition, morale and learning for the staff in ``rows`` after a day's work.

    Morale's target rises with autonomy (backed by servant leaders), recognition and grateful
    customers; it falls with overload, angry customers (Schneider et al. 1998), role stress
    from discretion without support (Hartline & Ferrell 1996), punishment for deviating from
    the script under an efficiency metric (seed 004), outsourcing, and front-line visits whose
    findings are not acted on (Tucker & Singer 2015). Whom managers recognise depends on what
    they measure (seed 004): faster than the team today, or the share of this agent's problem
    callers who left satisfied (heroes count extra). Returns the number recognised.
    """
    serv = prm[K.servant_leadership]
    focus = prm[K.metric_focus]
    recognition = prm[K.recognition]
    outsourced_penalty = prm[K.outsourced_morale_penalty] if prm[K.outsourced] != 0 else 0.0
    visit_penalty = (
        prm[K.morale_unheeded_visits] * frontline_intensity * (1.0 - prm[K.feedback_openness])
    )
    morale_rate = prm[K.morale_rate]
    learn = min(
        prm[K.learning_rate]
        * (1.0 + prm[K.training_days_per_year] / prm[K.training_learning_days]),
        1.0,
    )
    handled = row_sum(st, S_HANDLED, rows)
    team_aht_s = row_sum(st, S_BUSY, rows) / handled if handled > 0 else standard_s
    n_recog = 0
    for r in rows:
        handled = st[S_HANDLED, r]
        busy = st[S_BUSY, r]
        occ = busy / max(open_s, 1.0)
        served = max(handled, 1.0)
        aht = busy / served if handled > 0 else team_aht_s
        angry = st[S_ANGRY, r] / served
        grateful = st[S_GRATEFUL, r] / served
        e = st[S_EMPOWER, r]
        disc_share = st[S_DISCRETION, r] / served
        merit_eff = 1.0 if handled > 0 and aht < team_aht_s else 0.0
        problems = max(st[S_PROBLEMS, r], 1.0)
        praised = st[S_GRATEFUL, r] + prm[K.hero_merit_weight] * st[S_HEROES, r]
        merit_cust = min(max(praised / problems, 0.0), 1.0)
        merit = (1.0 - focus) * merit_eff + focus * merit_cust
        u = rng.uniform(key, rng.S_STAFF, int(st[S_HIRE_ID, r]), day, 11)
        recognised = handled > 0 and u < recognition * merit * prm[K.recognition_daily_share]
        st[S_RECOG, r] = st[S_RECOG, r] * prm[K.recognition_decay] + (1.0 if recognised else 0.0)
        n_recog += 1 if recognised else 0
        support = prm[K.autonomy_support_floor] + prm[K.autonomy_support_servant] * serv
        target = (
            prm[K.morale_base]
            + prm[K.morale_autonomy] * e * support
            + prm[K.morale_servant] * serv
            + prm[K.morale_recognition] * min(st[S_RECOG, r], prm[K.recognition_cap])
            + prm[K.morale_grateful] * grateful
            - prm[K.morale_overload] * max(occ - prm[K.overload_occupancy], 0.0)
            - prm[K.morale_angry] * angry
            - prm[K.morale_role_stress] * e * (1.0 - serv)
            - prm[K.morale_script_punishment] * (1.0 - focus) * disc_share
            - outsourced_penalty
            - visit_penalty
        )
        m = st[S_MORALE, r]
        st[S_MORALE, r] = min(max(m + morale_rate * (target - m), 0.0), 1.0)
        if handled > 0:
            st[S_SKILL, r] += learn * (st[S_CAP, r] - st[S_SKILL, r])
    return n_recog


@nb.njit(cache=True, nogil=True)
def quits(st, rows, prm, key, day):
    """Staff who quit today, as rows (now vacant): the hazard rises as morale falls below the
    reference (Gallup, correlational); outsourced staff quit more (seed 004)."""
    factor = prm[K.outsourced_quit_factor] if prm[K.outsourced] != 0 else 1.0
    base = prm[K.base_quit_per_year] / 365.0 * factor
    slope = prm[K.quit_morale_slope]
    ref = prm[K.quit_reference_morale]
    gone = np.zeros(rows.shape[0], np.bool_)
    for j in range(rows.shape[0]):
        r = rows[j]
        hazard = base * math.exp(slope * (ref - st[S_MORALE, r]))
        gone[j] = rng.uniform(key, rng.S_STAFF, np.int64(st[S_HIRE_ID, r]), day, 12) < hazard
        if gone[j]:
            st[S_ACTIVE, r] = 0.0
    return rows[gone]


@nb.njit(cache=True, nogil=True)
def staff_counts(st, day):
    """(frontline staff employed and started by ``day``, managers employed)."""
    front = mgr = 0
    for r in range(st.shape[1]):
        if st[S_ACTIVE, r] == 1:
            if st[S_ROLE, r] == 0:
                if st[S_START_DAY, r] <= day:
                    front += 1
            elif st[S_ROLE, r] == 1:
                mgr += 1
    return front, mgr


@nb.njit(cache=True, nogil=True)
def start_shift(st, day, key, prm):
    """The morning roll-call: who works, who trains, who dares, which managers take calls.

    Clears the day's scratch rows; marks frontline staff in training or away today (one keyed
    draw: under ``training_share`` training, under that plus ``shrinkage`` away; on the days
    of its switch-training window, ``S_SWITCH_FROM`` to ``S_SWITCH_UNTIL``, training); sets
    each agent's granted latitude and cap (``grant``) and the discretion it dares to use
    (``empowerment_used``); sends
    managers to the phones with chance ``visit_share`` (their front-line days / working days
    a month). Returns (front, managers, managers on the front line, on shift, speed of each on
    shift, mean empowerment on shift).
    """
    for r in SCRATCH_ROWS:
        st[r, :] = 0.0
    n_front, n_mgr = staff_counts(st, day)
    front = np.empty(n_front, np.int64)
    mgr = np.empty(n_mgr, np.int64)
    jf = jm = 0
    for r in range(st.shape[1]):
        if st[S_ACTIVE, r] == 1:
            if st[S_ROLE, r] == 0 and st[S_START_DAY, r] <= day:
                front[jf] = r
                jf += 1
            elif st[S_ROLE, r] == 1:
                mgr[jm] = r
                jm += 1
    train_share = prm[K.training_share]
    away_share = train_share + prm[K.shrinkage]
    visit_share = prm[K.visit_share]
    lead = prm[K.dare_lead_base] + prm[K.dare_servant] * prm[K.servant_leadership]
    script = 1.0 - prm[K.dare_efficiency_penalty] * (1.0 - prm[K.metric_focus])
    n_on = 0
    for r in front:
        u = rng.uniform(key, rng.S_STAFF, np.int64(st[S_HIRE_ID, r]), day, 13)
        # 1 on training, 2 away (breaks, meetings, absence: shrinkage), 0 on the phones
        st[S_TRAINING, r] = 1.0 if u < train_share else (2.0 if u < away_share else 0.0)
        if st[S_SWITCH_FROM, r] <= day < st[S_SWITCH_UNTIL, r]:
            st[S_TRAINING, r] = 1.0  # training for a policy switched to (switch_costs)
        n_on += 1 if st[S_TRAINING, r] == 0.0 else 0
        grant(st, r, prm)
        st[S_EMPOWER, r] = empowerment_used(
            st[S_GRANTED, r], st[S_CONFIDENCE, r], st[S_MORALE, r], lead, script, prm
        )
    visiting = np.zeros(n_mgr, np.bool_)
    for j in range(n_mgr):
        r = mgr[j]
        st[S_EMPOWER, r] = st[S_GRANTED, r] = prm[K.manager_empowerment]
        st[S_GRANTED_CAP, r] = prm[K.discretion_cap]
        u = rng.uniform(key, rng.S_STAFF, np.int64(st[S_HIRE_ID, r]), day, 14)
        visiting[j] = u < visit_share
    mgr_front = mgr[visiting]
    on_shift = np.empty(n_on + mgr_front.shape[0], np.int64)
    j = 0
    for r in front:
        if st[S_TRAINING, r] == 0:
            on_shift[j] = r
            j += 1
    on_shift[j:] = mgr_front
    speed = np.empty(on_shift.shape[0])
    for j in range(on_shift.shape[0]):
        r = on_shift[j]
        if st[S_ROLE, r] == 1:
            speed[j] = prm[K.manager_speed]
        else:
            speed[j] = prm[K.novice_speed] + prm[K.skill_speed] * st[S_SKILL, r]
    mean_e = row_mean(st, S_EMPOWER, on_shift) if on_shift.shape[0] else 0.0
    return front, mgr, mgr_front, on_shift, speed, mean_e


@nb.njit(cache=True, nogil=True)
def switch_costs(st, day, key, prm):
    """What a switch of policy costs the frontline staff on the switch day ``day`` (MODEL.md
    sec. 4; called once, only when a run switches to a policy that differs from its own).

    Every frontline agent at work by ``day`` loses ``switch_skill_dip`` of its skill (it
    recovers through the normal learning), has ``switch_morale_shock`` added to its morale
    (clipped to 0-1), and gets a training window of ``switch_training_days`` whole days: in a
    random order (one keyed draw per hire number), the team trains in waves of
    ``switch_training_wave_share`` of it (at least one agent), the first from ``day``, each
    wave after the last. Writes ``S_SKILL``, ``S_MORALE``, ``S_SWITCH_FROM``,
    ``S_SWITCH_UNTIL``; later hires learn the policy at induction (no window). Returns the
    number of agents.
    """
    n_front = staff_counts(st, day)[0]
    rows = np.empty(n_front, np.int64)
    order_key = np.empty(n_front)
    j = 0
    for r in range(st.shape[1]):
        if st[S_ACTIVE, r] == 1 and st[S_ROLE, r] == 0 and st[S_START_DAY, r] <= day:
            rows[j] = r
            order_key[j] = rng.uniform(key, rng.S_STAFF, np.int64(st[S_HIRE_ID, r]), day, 31)
            j += 1
    dip = prm[K.switch_skill_dip]
    shock = prm[K.switch_morale_shock]
    days = float(round(prm[K.switch_training_days]))
    wave = max(1, int(math.ceil(prm[K.switch_training_wave_share] * n_front - 1e-9)))
    order = np.argsort(order_key, kind="mergesort")
    for rank in range(n_front):
        r = rows[order[rank]]
        st[S_SKILL, r] *= 1.0 - dip
        st[S_MORALE, r] = min(max(st[S_MORALE, r] + shock, 0.0), 1.0)
        if days > 0:
            start = day + (rank // wave) * days
            st[S_SWITCH_FROM, r] = start
            st[S_SWITCH_UNTIL, r] = start + days
    return n_front
