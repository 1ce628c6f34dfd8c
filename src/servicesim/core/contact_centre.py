"""The contact centre's day: time pressure, the queue, resolving contacts, managers' escalations.

Time pressure is yesterday's offered work against today's capacity; above 1 staff cut the time
they take (and err more), and an unanchored handling-time standard drifts toward what is
actually done (Oliva & Sterman 2001). The queue is ``kernels/queue.py``; each answered contact
is played by ``kernels/resolution.py``; managers decide escalated cases within their capacity,
which servant leadership and front-line days take time from.
"""

from __future__ import annotations

import numpy as np

from servicesim.core.kernels.network import NW, process_escalations
from servicesim.core.kernels.queue import queue_day
from servicesim.core.kernels.resolution import NR, resolve_contacts, todays_contacts
from servicesim.core.state import Today, World
from servicesim.core.vector import K


def time_pressure(w: World, t: Today) -> None:
    """Pressure from yesterday's load; the share of needed time staff take; standards' drift."""
    prm = w.values
    offered_prev = w.offered_history[-1] if w.offered_history else w.expected_contacts
    cap = max(t.on_shift.size, 1) * w.open_s * prm[K.target_occupancy]
    w.pressure = offered_prev * w.standard_s / cap
    if w.pressure <= 1.0:
        w.cut = 1.0
    else:
        w.cut = max(prm[K.pressure_cut_floor], w.pressure ** -prm[K.pressure_cut_exponent])
    if prm[K.standards_anchored] == 0:  # the standard drifts toward what is actually done
        w.standard_s += (w.standard_s * w.cut - w.standard_s) / prm[K.standard_drift_days]
    # an efficiency metric makes staff rush a little on every contact (seed 004)
    t.effort = w.cut * (1.0 - prm[K.efficiency_rush] * (1.0 - prm[K.metric_focus]))


def answer(w: World, t: Today) -> None:
    """The day's callers arrive over the opening hours and queue for the staff on shift."""
    uncovered = 1.0 + (w.values[K.judgment_time_factor] - 1.0) * t.mean_empowerment
    pe = w.people
    ids, arrival, work, patience, kind = todays_contacts(
        t.day, w.key, pe.b, pe.f, w.prm, uncovered, t.effort
    )
    t.callers, t.kind = ids, kind
    if t.on_shift.size == 0:  # nobody on the phones: every caller waits out their patience
        t.wait = np.minimum(patience, w.open_s - arrival)
        t.abandoned = np.ones(ids.size, np.bool_)
        t.server = np.full(ids.size, -1, np.int32)
        t.service = np.zeros(ids.size)
        t.overtime_s = 0.0
    else:
        t.wait, t.abandoned, t.server, t.service, _end, t.overtime_s = queue_day(
            arrival, work, patience, t.speed, w.open_s
        )


def resolve(w: World, t: Today) -> None:
    """Each answered contact, in arrival order: diagnosis, script, discretion, escalation or
    refusal, gestures, and the episode's end (``kernels/resolution.py``)."""
    pe = w.people
    t.contacts = np.zeros(NR)
    w.esc_tail, w.n_events = resolve_contacts(
        t.day,
        w.key,
        t.callers,
        t.kind,
        t.wait,
        t.abandoned,
        t.server,
        t.service,
        t.on_shift,
        pe.f,
        pe.i,
        pe.b,
        w.st,
        w.prm,
        t.effort,
        _escalation_room(w),
        w.esc_tail,
        w.events,
        w.n_events,
        t.contacts,
    )


def escalations(w: World, t: Today) -> None:
    """Managers decide escalated cases, oldest first, within the day's capacity."""
    prm = w.values
    pe = w.people
    t.network = np.zeros(NW)
    free = 1.0 - prm[K.servant_manager_time] * prm[K.servant_leadership] - prm[K.visit_share]
    capacity = int(round(t.managers.size * prm[K.escalations_per_manager_day] * max(0.0, free)))
    w.esc_head = process_escalations(
        t.day,
        w.key,
        w.esc_person,
        w.esc_head,
        w.esc_tail,
        capacity,
        pe.f,
        pe.i,
        pe.b,
        w.prm,
        t.network,
    )


def _escalation_room(w: World) -> np.ndarray:
    """The escalation FIFO, compacted when its tail nears the end of the buffer."""
    if w.esc_tail > w.esc_person.size - 10_000 or w.esc_tail >= w.esc_person.size // 2:
        live = w.esc_person[w.esc_head : w.esc_tail].copy()
        if live.size > w.esc_person.size // 2:
            w.esc_person = np.zeros(w.esc_person.size * 2, np.int64)
        w.esc_person[: live.size] = live
        w.esc_head, w.esc_tail = 0, live.size
    return w.esc_person
