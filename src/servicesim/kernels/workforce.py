"""Frontline staff and managers: traits at hire, learning, morale, recognition, quits, hiring.

Staff tables are small (dozens to thousands of rows). Most of this is plain numpy; the daily
morale loop is numba because, measured with cProfile on a 10,000-customer year, its few dozen
small numpy calls a day cost about 0.07 s of a 0.5 s run. Draws are keyed by hire number, so a
replacement's traits do not depend on which slot it got.
"""

from __future__ import annotations

import numba as nb
import numpy as np

from .. import rng
from .layout import (
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

SCRATCH_ROWS = (
    S_BUSY,
    S_HANDLED,
    S_ANGRY,
    S_GRATEFUL,
    S_HEROES,
    S_DISCRETION,
    S_JUSTICE,
    S_PROBLEMS,
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


def empowerment_used(st: np.ndarray, policy) -> np.ndarray:
    """Discretion staff dare to use: the policy's latitude, more under servant leaders and with
    high morale, less where the efficiency metric punishes deviation from the script (seed 004)."""
    dare = (
        st[S_CONFIDENCE]
        * (0.55 + 0.45 * policy.servant_leadership)
        * (0.6 + 0.4 * st[S_MORALE])
        * (1.0 - 0.3 * (1.0 - policy.metric_focus))
    )
    return policy.empowerment * np.clip(dare, 0.0, 1.0)


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
    handled = st[S_HANDLED, rows].sum()
    team_aht_s = st[S_BUSY, rows].sum() / handled if handled > 0 else standard_s
    n = _morale_kernel(
        st,
        rows.astype(np.int64),
        open_s,
        team_aht_s,
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
    team_aht_s,
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
    """Rows of staff who quit today: hazard rises as morale falls (Gallup, correlational)."""
    if rows.size == 0:
        return rows
    base = scen.base_quit_per_year / 365.0 * (1.5 if policy.outsourced else 1.0)
    hazard = base * np.exp(scen.quit_morale_slope * (0.6 - st[S_MORALE, rows]))
    ids = st[S_HIRE_ID, rows].astype(np.int64)
    u = keyed_uniforms(key, rng.S_STAFF, ids, day, 12)
    return rows[u < hazard]


def reset_scratch(st: np.ndarray) -> None:
    for r in SCRATCH_ROWS:
        st[r] = 0.0


def training_today(st: np.ndarray, rows: np.ndarray, policy, key: int, day: int) -> None:
    """Mark staff off the phones for training today (training_days_per_year / 250 working days)."""
    ids = st[S_HIRE_ID, rows].astype(np.int64)
    u = keyed_uniforms(key, rng.S_STAFF, ids, day, 13)
    st[S_TRAINING, rows] = (u < policy.training_days_per_year / 250.0).astype(float)
