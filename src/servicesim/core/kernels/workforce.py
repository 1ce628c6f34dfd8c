"""Frontline staff and managers: traits at hire, learning, morale, recognition, quits, hiring.

Staff tables are small (dozens to thousands of rows), so the daily work on them (the morning
roll-call ``start_shift``, the morale loop, quits) is numba: as a few dozen small numpy calls a
day it was a large share of a 10,000-customer run. Hiring, once a week at most, stays numpy.
Draws are keyed by hire number, so a replacement's traits do not depend on which slot it got.
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
    S_EMPATHY,
    S_EMPOWER,
    S_GRATEFUL,
    S_HANDLED,
    S_HEROES,
    S_HIRE_ID,
    S_JUDGMENT,
    S_JUSTICE,
    S_MORALE,
    S_PROBLEMS,
    S_RECOG,
    S_ROLE,
    S_SKILL,
    S_START_DAY,
    S_TRAINING,
)
from servicesim.core.kernels.twins import row_mean, row_sum

SCRATCH_ROWS = np.array(
    [S_BUSY, S_HANDLED, S_ANGRY, S_GRATEFUL, S_HEROES, S_DISCRETION, S_JUSTICE, S_PROBLEMS],
    np.int64,
)


@nb.njit(cache=True)
def keyed_uniforms(key, stream, ids, day, k):
    """One keyed uniform per id (vectorised helper for numpy code)."""
    out = np.empty(ids.shape[0])
    for j in range(ids.shape[0]):
        out[j] = rng.uniform(key, stream, ids[j], day, k)
    return out


@nb.njit(cache=True)
def keyed_normals(key, stream, ids, day, k):
    out = np.empty(ids.shape[0])
    for j in range(ids.shape[0]):
        out[j] = rng.normal(key, stream, ids[j], day, k)
    return out


def hire(
    st: np.ndarray, slot: int, hire_id: int, start_day: int, key: int, policy, manager: bool = False
) -> None:
    """Fill ``slot`` with a new hire starting on ``start_day``.

    Selective hiring raises judgment and empathy (seed 001: bad judgment 'weeded out during the
    hiring process'); outsourcing lowers the skill cap and starting morale (seed 004).
    """
    ids = np.array([hire_id], np.int64)
    z = [float(keyed_normals(key, rng.S_STAFF, ids, 0, k)[0]) for k in range(5)]
    sel = policy.hiring_selectivity
    st[:, slot] = 0.0
    st[S_HIRE_ID, slot] = hire_id
    st[S_ACTIVE, slot] = 1.0
    st[S_START_DAY, slot] = start_day
    st[S_ROLE, slot] = 1.0 if manager else 0.0
    if manager:
        st[S_SKILL, slot] = st[S_CAP, slot] = 0.9
        st[S_JUDGMENT, slot] = 0.85
        st[S_EMPATHY, slot] = 0.7
        st[S_MORALE, slot] = 0.7
        st[S_CONFIDENCE, slot] = 1.5
        return
    cap = (
        0.92
        - (0.15 if policy.outsourced else 0.0)
        + min(0.004 * policy.training_days_per_year, 0.06)
    )
    st[S_CAP, slot] = min(cap, 0.98)
    st[S_SKILL, slot] = 0.3
    st[S_JUDGMENT, slot] = np.clip(0.55 + 0.25 * sel + 0.12 * z[0], 0.05, 0.99)
    st[S_EMPATHY, slot] = np.clip(0.55 + 0.20 * sel + 0.15 * z[1], 0.05, 0.99)
    st[S_MORALE, slot] = np.clip(
        0.65 - (0.08 if policy.outsourced else 0.0) + 0.05 * z[2], 0.05, 0.95
    )
    st[S_CONFIDENCE, slot] = float(np.exp(0.3 * z[3]))


@nb.njit(cache=True)
def empowerment_used(confidence, morale, lead, script, empowerment):
    """Discretion an agent dares to use: the policy's latitude, more under servant leaders
    (``lead`` = 0.55 + 0.45 x servant leadership) and with high morale, less where the
    efficiency metric punishes deviation from the script (``script`` = 1 - 0.3 x (1 - metric
    focus); seed 004)."""
    dare = confidence * lead * (0.6 + 0.4 * morale) * script
    return empowerment * min(max(dare, 0.0), 1.0)


def update_morale(
    st: np.ndarray,
    rows: np.ndarray,
    open_s: float,
    standard_s: float,
    policy,
    scen,
    frontline_intensity: float,
    key: int,
    day: int,
) -> tuple[int, float]:
    """Recognition, morale, learning for the staff in ``rows`` after a day's work.

    Morale target rises with autonomy (backed by servant leaders), recognition, grateful
    customers; it falls with overload, angry customers (Schneider et al. 1998), role stress from
    discretion without support (Hartline & Ferrell 1996), punishment for deviating from the
    script under an efficiency metric (seed 004), outsourcing, and front-line visits whose
    findings are not acted on (Tucker & Singer 2015). Returns (recognitions, bonus cost).
    """
    if rows.size == 0:
        return 0, 0.0
    learn = min(scen.learning_rate * (1.0 + policy.training_days_per_year / 10.0), 1.0)
    n = _morale_kernel(
        st,
        rows.astype(np.int64),
        open_s,
        standard_s,
        policy.servant_leadership,
        policy.metric_focus,
        policy.recognition,
        0.08 if policy.outsourced else 0.0,
        0.05 * frontline_intensity * (1.0 - policy.feedback_openness),
        scen.morale_rate,
        learn,
        key,
        day,
    )
    return n, n * policy.recognition_bonus


@nb.njit(cache=True)
def _morale_kernel(
    st,
    rows,
    open_s,
    standard_s,
    serv,
    focus,
    recognition,
    outsourced_penalty,
    visit_penalty,
    morale_rate,
    learn,
    key,
    day,
):
    """The per-agent loop of ``update_morale``. Returns the number recognised."""
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
        # recognition: whom managers reward depends on what they measure (seed 004)
        # efficiency: faster than the team today; the customer's verdict: the share of this
        # agent's problem callers who left satisfied (heroes count extra)
        merit_eff = 1.0 if handled > 0 and aht < team_aht_s else 0.0
        problems = max(st[S_PROBLEMS, r], 1.0)
        merit_cust = min(max((st[S_GRATEFUL, r] + 0.5 * st[S_HEROES, r]) / problems, 0.0), 1.0)
        merit = (1.0 - focus) * merit_eff + focus * merit_cust
        u = rng.uniform(key, rng.S_STAFF, int(st[S_HIRE_ID, r]), day, 11)
        recognised = handled > 0 and u < recognition * merit * 0.2
        st[S_RECOG, r] = st[S_RECOG, r] * 0.97 + (1.0 if recognised else 0.0)
        n_recog += 1 if recognised else 0
        target = (
            0.45
            + 0.20 * e * (0.5 + 0.5 * serv)
            + 0.12 * serv
            + 0.10 * min(st[S_RECOG, r], 1.5)
            + 0.10 * grateful
            - 0.35 * max(occ - 0.85, 0.0)
            - 0.15 * angry
            - 0.15 * e * (1.0 - serv)
            - 0.30 * (1.0 - focus) * disc_share
            - outsourced_penalty
            - visit_penalty
        )
        m = st[S_MORALE, r]
        st[S_MORALE, r] = min(max(m + morale_rate * (target - m), 0.0), 1.0)
        if handled > 0:
            st[S_SKILL, r] += learn * (st[S_CAP, r] - st[S_SKILL, r])
    return n_recog


def quits(st: np.ndarray, rows: np.ndarray, policy, scen, key: int, day: int) -> np.ndarray:
    """Staff who quit today, as rows (now vacant): hazard rises as morale falls (Gallup,
    correlational)."""
    base = scen.base_quit_per_year / 365.0 * (1.5 if policy.outsourced else 1.0)
    return _quits_kernel(st, rows, base, scen.quit_morale_slope, key, day)


@nb.njit(cache=True)
def _quits_kernel(st, rows, base, slope, key, day):
    gone = np.zeros(rows.shape[0], np.bool_)
    for j in range(rows.shape[0]):
        r = rows[j]
        hazard = base * math.exp(slope * (0.6 - st[S_MORALE, r]))
        gone[j] = rng.uniform(key, rng.S_STAFF, np.int64(st[S_HIRE_ID, r]), day, 12) < hazard
        if gone[j]:
            st[S_ACTIVE, r] = 0.0
    return rows[gone]


@nb.njit(cache=True)
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


@nb.njit(cache=True)
def start_shift(st, day, key, empowerment, serv, focus, train_share, visit_share):
    """The morning roll-call: who works, who trains, who dares, which managers take calls.

    Clears the day's scratch rows; marks frontline staff in training today (a keyed draw under
    ``train_share`` = training days / 250 working days); sets the discretion each dares to use
    (``empowerment_used``); sends managers to the phones with chance ``visit_share`` (their
    front-line days / 21). Returns (front, managers, managers on the front line, on shift,
    speed of each on shift, mean empowerment on shift).
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
    lead = 0.55 + 0.45 * serv
    script = 1.0 - 0.3 * (1.0 - focus)
    n_on = 0
    for r in front:
        u = rng.uniform(key, rng.S_STAFF, np.int64(st[S_HIRE_ID, r]), day, 13)
        st[S_TRAINING, r] = 1.0 if u < train_share else 0.0
        n_on += 1 if u >= train_share else 0
        st[S_EMPOWER, r] = empowerment_used(
            st[S_CONFIDENCE, r], st[S_MORALE, r], lead, script, empowerment
        )
    visiting = np.zeros(n_mgr, np.bool_)
    for j in range(n_mgr):
        r = mgr[j]
        st[S_EMPOWER, r] = 0.9
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
        speed[j] = 0.9 if st[S_ROLE, r] == 1 else 0.6 + 0.4 * st[S_SKILL, r]
    mean_e = row_mean(st, S_EMPOWER, on_shift) if on_shift.shape[0] else 0.0
    return front, mgr, mgr_front, on_shift, speed, mean_e
