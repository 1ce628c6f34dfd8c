"""Frontline staff and managers: staffing to plan, hiring, the morning roll-call, the day's end.

The firm plans its frontline staff from the handling-time standard and expected demand (at
``target_occupancy``), hires toward that plan at each staffing review (with a hiring delay:
capacity comes late), and a new hire's traits are drawn keyed by hire number. The daily work
on the staff table is numba (``kernels/workforce.py``); these are the phases around it.
"""

from __future__ import annotations

import math

import numpy as np

from servicesim.core import rng
from servicesim.core.kernels import layout as L
from servicesim.core.kernels import workforce as wf
from servicesim.core.kernels.resolution import EV_STAFF_QUIT, log_event
from servicesim.core.state import Today, World
from servicesim.core.vector import K, Vector, param_vector
from servicesim.params.simconfig import SimConfig


def expected_contacts_per_day(customers: int, prm: np.ndarray) -> float:
    """Offered contacts a day the plan expects: requests + voiced problems x repeats."""
    z = np.linspace(-6, 6, 2001)
    w = np.exp(-0.5 * z * z)
    w /= w.sum()
    ln_sev = prm[K.sev_mu] + prm[K.sev_sigma] * z
    voice = 1.0 / (1.0 + np.exp(-(prm[K.voice_a] + prm[K.voice_b] * ln_sev)))
    voiced = float((w * voice).sum())
    return customers * (
        prm[K.request_p] + prm[K.problem_p] * voiced * prm[K.planning_repeat_factor]
    )


def staff_needed(prm: Vector, standard_s: float, contacts_per_day: float) -> int:
    """Frontline staff the handling-time standard says ``contacts_per_day`` need."""
    avail = 1.0 - prm[K.training_share] - prm[K.shrinkage]
    servers = contacts_per_day * standard_s / (prm[K.open_s] * prm[K.target_occupancy])
    return max(1, math.ceil(servers * prm[K.staffing_ratio] / avail))


def planned_staff(cfg: SimConfig) -> int:
    """Frontline staff a run of ``cfg`` starts with (cheap: no population is built)."""
    prm = param_vector(cfg)
    contacts = expected_contacts_per_day(cfg.run.customers, prm)
    return staff_needed(prm, float(prm[K.aht_target_s]), contacts)


def day_wage(prm: Vector) -> float:
    """What one frontline staff day costs (outsourced staff are cheaper per hour)."""
    factor = prm[K.outsourced_wage_factor] if prm[K.outsourced] != 0 else 1.0
    return prm[K.wage_per_day] * factor


def hire(w: World, start_day: int, manager: bool = False) -> int:
    """Fill a vacant slot (or grow the table) with a new hire starting on ``start_day``.

    Selective hiring raises judgment and empathy (seed 001: bad judgment 'weeded out during the
    hiring process'); outsourcing lowers the skill cap and starting morale (seed 004). Returns
    the slot.
    """
    free = np.flatnonzero(w.st[L.S_ACTIVE] == 0)  # vacated slots are reused
    if free.size == 0:
        w.st = np.concatenate([w.st, np.zeros_like(w.st)], axis=1)
        free = np.flatnonzero(w.st[L.S_ACTIVE] == 0)
    slot = int(free[0])
    w.next_hire_id += 1
    _traits(w.st, slot, w.next_hire_id, start_day, w.key, w.values, manager)
    w.hired_today.append(slot)
    return slot


def _traits(
    st: np.ndarray,
    slot: int,
    hire_id: int,
    start_day: int,
    key: int,
    prm: Vector,
    manager: bool,
) -> None:
    ids = np.array([hire_id], np.int64)
    z = [float(wf.keyed_normals(key, rng.S_STAFF, ids, 0, k)[0]) for k in range(5)]
    st[:, slot] = 0.0
    st[L.S_HIRE_ID, slot] = hire_id
    st[L.S_ACTIVE, slot] = 1.0
    st[L.S_START_DAY, slot] = start_day
    st[L.S_ROLE, slot] = 1.0 if manager else 0.0
    if manager:
        st[L.S_SKILL, slot] = st[L.S_CAP, slot] = prm[K.manager_skill]
        st[L.S_JUDGMENT, slot] = prm[K.manager_judgment]
        st[L.S_EMPATHY, slot] = prm[K.manager_empathy]
        st[L.S_MORALE, slot] = prm[K.manager_morale]
        st[L.S_CONFIDENCE, slot] = prm[K.manager_confidence]
        return
    sel = prm[K.hiring_selectivity]
    outsourced = prm[K.outsourced] != 0
    cap = (
        prm[K.skill_cap]
        - (prm[K.outsourced_skill_penalty] if outsourced else 0.0)
        + min(
            prm[K.training_cap_gain_per_day] * prm[K.training_days_per_year],
            prm[K.training_cap_gain_max],
        )
    )
    lo, hi = prm[K.trait_min], prm[K.trait_max]
    st[L.S_CAP, slot] = max(min(cap, prm[K.skill_cap_max]), 0.0)  # a skill, never negative
    st[L.S_SKILL, slot] = prm[K.novice_skill]
    st[L.S_JUDGMENT, slot] = np.clip(
        prm[K.judgment_mean] + prm[K.judgment_selectivity] * sel + prm[K.judgment_sd] * z[0], lo, hi
    )
    st[L.S_EMPATHY, slot] = np.clip(
        prm[K.empathy_mean] + prm[K.empathy_selectivity] * sel + prm[K.empathy_sd] * z[1], lo, hi
    )
    st[L.S_MORALE, slot] = np.clip(
        prm[K.hire_morale_mean]
        - (prm[K.outsourced_morale_penalty] if outsourced else 0.0)
        + prm[K.hire_morale_sd] * z[2],
        lo,
        prm[K.hire_morale_max],
    )
    st[L.S_CONFIDENCE, slot] = float(np.exp(prm[K.confidence_log_sd] * z[3]))


def initial_staff(w: World) -> None:
    """Day 0: the plan's frontline staff (experienced) and their managers."""
    prm = w.values
    w.expected_contacts = expected_contacts_per_day(w.customers, w.prm)
    n_front = staff_needed(prm, w.standard_s, w.expected_contacts)
    n_mgr = max(1, math.ceil(n_front / prm[K.manager_span]))
    w.st = np.zeros((L.NS_STAFF, 3 * n_front + n_mgr + 16))
    for _ in range(n_front):
        slot = hire(w, start_day=0)
        # the initial team is experienced
        u = wf.keyed_uniforms(w.key, rng.S_STAFF, np.array([slot], np.int64), 0, 21)[0]
        share = prm[K.initial_skill_floor] + prm[K.initial_skill_spread] * u
        w.st[L.S_SKILL, slot] = w.st[L.S_CAP, slot] * share
    for _ in range(n_mgr):
        hire(w, start_day=0, manager=True)


def switch_costs(w: World) -> None:
    """The switch day of a run that changes policy: training waves, a learning curve and a
    morale response for the frontline staff (``kernels/workforce.switch_costs``), from today,
    under the new policy's vector. Customers' expectations are left as they are: they adjust
    only through their own episodes after the switch (no anticipation)."""
    wf.switch_costs(w.st, w.day, w.key, w.prm)


def start_shift(w: World, t: Today) -> None:
    """Morning roll-call: training rota, managers' front-line days, the discretion each dares."""
    w.hired_today, w.quit_today = [], []
    (t.front, t.managers, t.managers_on_phones, t.on_shift, t.speed, t.mean_empowerment) = (
        wf.start_shift(w.st, t.day, w.key, w.prm)
    )


def end_shift(w: World, t: Today) -> None:
    """Recognition, morale and learning after the day's work; then who quits (slots vacant)."""
    intensity = t.managers_on_phones.size / max(t.managers.size, 1)
    t.recognitions = wf.morale_day(
        w.st, t.front, w.prm, w.open_s, w.standard_s, intensity, w.key, t.day
    )
    t.bonus = t.recognitions * w.values[K.recognition_bonus]
    t.quitters = wf.quits(w.st, t.front, w.prm, w.key, t.day)
    w.quit_today = t.quitters.tolist()
    for q in t.quitters:
        w.n_events = log_event(
            w.events,
            w.n_events,
            t.day,
            EV_STAFF_QUIT,
            -1,
            int(w.st[L.S_HIRE_ID, q]),
            int(100 * w.st[L.S_MORALE, q]),
        )


def staffing_review(w: World, t: Today) -> None:
    """Every ``staffing_review_days``: hire toward what the standard says recent demand needs
    (new hires start after the hiring delay: capacity comes late); keep the manager span."""
    prm = w.values
    review = int(prm[K.staffing_review_days])
    if t.day % review != review - 1:
        return
    lookback = int(prm[K.staffing_lookback_days])
    recent = w.offered_history[-lookback:] or [w.expected_contacts]
    desired = staff_needed(prm, w.standard_s, float(np.mean(recent)))
    employed = int(((w.st[L.S_ACTIVE] == 1) & (w.st[L.S_ROLE] == 0)).sum())
    sel = prm[K.hiring_selectivity]
    delay = int(round(prm[K.hiring_delay_days] * (1.0 + prm[K.selective_hiring_delay] * sel)))
    cost = 0.0
    for _ in range(max(0, desired - employed)):
        hire(w, start_day=t.day + 1 + delay)
        wage = day_wage(prm)
        cost += (
            prm[K.replacement_cost_share]
            * wage
            * 365.0
            * (1.0 + prm[K.selective_hiring_cost] * sel)
        )
    n_mgr = int(((w.st[L.S_ACTIVE] == 1) & (w.st[L.S_ROLE] == 1)).sum())
    want_mgr = max(1, math.ceil(max(desired, employed) / prm[K.manager_span]))
    for _ in range(max(0, want_mgr - n_mgr)):
        hire(w, start_day=t.day + 1, manager=True)
    t.hiring_cost = cost
