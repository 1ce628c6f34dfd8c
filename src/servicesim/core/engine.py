"""The day's machinery behind ``ServiceModel.step``: arrays in, kernels called in order.

No Mesa here: the engine owns the arrays (the source of truth) and calls the numba kernels.
``ServiceModel`` (model.py) wraps it as a Mesa model with agents as views onto its rows.
"""

from __future__ import annotations

import math

import numpy as np

from servicesim.core import rng
from servicesim.core.kernels import layout as L
from servicesim.core.kernels import workforce as wf
from servicesim.core.kernels.customers import NA, customer_day, customer_day_serial
from servicesim.core.kernels.network import (
    NW,
    W_NEW_PAID,
    acquire_paid,
    deliver_wom,
    process_escalations,
)
from servicesim.core.kernels.queue import queue_day
from servicesim.core.kernels.resolution import (
    EV_STAFF_QUIT,
    NR,
    R_ESCALATIONS,
    R_MISFIRES,
    R_REFUSALS,
    log_event,
    resolve_contacts,
    todays_contacts,
)
from servicesim.core.kernels.twins import nonzero_index
from servicesim.core.ledger import Ledger, day_metrics
from servicesim.core.state import People, build_people
from servicesim.core.vector import param_vector
from servicesim.params.simconfig import SimConfig, pulse_days

CHUNK = 16384  # people per chunk of the daily pass: fixed, so sums do not depend on thread count
# Below 4 chunks (65,536 people, about 44,000 customers) the daily pass runs on the calling
# thread. Tried on 2026-11-22: chunks of 4,096, so that 10,000 customers use both cores, were
# 1.2-1.35x faster on a quiet machine but 4.7x slower while the host kept the second core busy
# (the OpenMP team waits for its slowest thread), so small runs stay serial.
PARALLEL_MIN_CHUNKS = 4
TARGET_OCCUPANCY = 0.85
PROMO_DAYS = 90
EVENT_CAPACITY = 50_000


def expected_contacts_per_day(cfg: SimConfig, prm: np.ndarray) -> float:
    """Offered contacts a day the plan expects: requests + voiced problems (+30% repeats)."""
    z = np.linspace(-6, 6, 2001)
    w = np.exp(-0.5 * z * z)
    w /= w.sum()
    ln_sev = prm[L.K_SEV_MU] + prm[L.K_SEV_SIGMA] * z
    voice = 1.0 / (1.0 + np.exp(-(prm[L.K_VOICE_A] + prm[L.K_VOICE_B] * ln_sev)))
    voiced = float((w * voice).sum())
    return cfg.run.customers * (prm[L.K_REQUEST_P] + prm[L.K_PROBLEM_P] * voiced * 1.3)


def staff_needed(cfg: SimConfig, standard_s: float, contacts_per_day: float) -> int:
    """Frontline staff the handling-time standard says ``contacts_per_day`` need."""
    p = cfg.policy
    avail = 1.0 - p.training_days_per_year / 250.0
    open_s = cfg.scenario.opening_hours * 3600.0
    servers = contacts_per_day * standard_s / (open_s * TARGET_OCCUPANCY)
    return max(1, math.ceil(servers * p.staffing_ratio / avail))


def planned_staff(cfg: SimConfig) -> int:
    """Frontline staff a run of ``cfg`` starts with (cheap: no population is built)."""
    contacts = expected_contacts_per_day(cfg, param_vector(cfg))
    return staff_needed(cfg, float(cfg.policy.aht_target_s), contacts)


class Engine:
    """Arrays and the daily recipe for one run of ``cfg``."""

    def __init__(self, cfg: SimConfig, record_episodes: bool = False) -> None:
        self.cfg = cfg
        self.key = rng.derive_seed(cfg.run.seed, 0)  # same for every policy: common random numbers
        self.prm = param_vector(cfg)
        self.people: People = build_people(cfg, self.key)
        s, p = cfg.scenario, cfg.policy
        self.open_s = s.opening_hours * 3600.0
        self.standard_s = float(p.aht_target_s)
        self.coverage = float(s.rule_coverage)
        self.problem_mult = 1.0
        self.learn_signal = 0.0
        self.fix_threshold = max(20.0, 0.0005 * cfg.run.customers)
        self.pulse = pulse_days(s, cfg.run.days)
        self.day = 0
        self.cut = 1.0
        self.pressure = 1.0
        n_chunks = max(1, math.ceil(self.people.n / CHUNK))
        self.acc = np.zeros((n_chunks, NA))
        self.esc_person = np.zeros(max(1024, cfg.run.customers // 4), np.int64)
        self.esc_head = 0
        self.esc_tail = 0
        self.events = np.zeros((EVENT_CAPACITY, 5), np.int64)
        self.n_events = 0
        self.offered_history: list[float] = []
        self.ledger = Ledger()
        self.records: list[dict[str, float]] = []
        self.record_episodes = record_episodes
        self.episodes: list[np.ndarray] = []
        self.expected_contacts = expected_contacts_per_day(cfg, self.prm)
        self._init_staff()

    # ---- staffing ---------------------------------------------------------------------------
    def _init_staff(self) -> None:
        p = self.cfg.policy
        n_front = staff_needed(self.cfg, self.standard_s, self.expected_contacts)
        n_mgr = max(1, math.ceil(n_front / p.manager_span))
        self.st = np.zeros((L.NS_STAFF, 3 * n_front + n_mgr + 16))
        self.next_hire_id = 0
        self.hired_today: list[int] = []
        self.quit_today: list[int] = []
        for _ in range(n_front):
            slot = self._hire(start_day=0)
            # the initial team is experienced
            u = wf.keyed_uniforms(self.key, rng.S_STAFF, np.array([slot], np.int64), 0, 21)[0]
            self.st[L.S_SKILL, slot] = self.st[L.S_CAP, slot] * (0.6 + 0.4 * u)
        for _ in range(n_mgr):
            self._hire(start_day=0, manager=True)
        self.prospect_ptr = 0

    def _hire(self, start_day: int, manager: bool = False) -> int:
        free = np.flatnonzero(self.st[L.S_ACTIVE] == 0)  # vacated slots are reused
        if free.size == 0:
            self.st = np.concatenate([self.st, np.zeros_like(self.st)], axis=1)
            free = np.flatnonzero(self.st[L.S_ACTIVE] == 0)
        slot = int(free[0])
        self.next_hire_id += 1
        wf.hire(self.st, slot, self.next_hire_id, start_day, self.key, self.cfg.policy, manager)
        self.hired_today.append(slot)
        return slot

    def manager_rows(self) -> np.ndarray:
        return np.flatnonzero((self.st[L.S_ACTIVE] == 1) & (self.st[L.S_ROLE] == 1))

    # ---- one day ------------------------------------------------------------------------------
    def step(self) -> dict[str, float]:
        """Advance one day; returns the day's metrics (see metrics.DAILY)."""
        cfg, day, key, prm = self.cfg, self.day, self.key, self.prm
        s, p = cfg.scenario, cfg.policy
        pe = self.people
        st = self.st
        led: dict[str, float] = {}
        # 1. workforce on shift: training rota, managers' front-line days, discretion in use
        self.hired_today, self.quit_today = [], []
        front, mgr, mgr_front, on_shift, speed, mean_e = wf.start_shift(
            st,
            day,
            key,
            p.empowerment,
            p.servant_leadership,
            p.metric_focus,
            p.training_days_per_year / 250.0,
            p.frontline_days_per_month / 21.0,
        )
        # 2. customers
        mult = self.problem_mult * (
            1.0 + s.pulse_extra if self.pulse[0] <= day < self.pulse[1] else 1.0
        )
        day_pass = customer_day if self.acc.shape[0] >= PARALLEL_MIN_CHUNKS else customer_day_serial
        a = day_pass(day, key, pe.f, pe.i, pe.b, prm, mult, self.coverage, CHUNK, self.acc)
        # 3. the contact centre: time pressure from yesterday's load, then the queue
        offered_prev = self.offered_history[-1] if self.offered_history else self.expected_contacts
        cap = max(on_shift.size, 1) * self.open_s * TARGET_OCCUPANCY
        self.pressure = offered_prev * self.standard_s / cap
        self.cut = 1.0 if self.pressure <= 1.0 else max(0.6, self.pressure**-0.6)
        if not p.standards_anchored:  # the standard drifts toward what is actually done
            self.standard_s += (self.standard_s * self.cut - self.standard_s) / 30.0
        effort = self.cut * (1.0 - 0.08 * (1.0 - p.metric_focus))
        uncovered = 1.0 + (s.judgment_time_factor - 1.0) * mean_e
        ids, arrival, work, patience, kind = todays_contacts(
            day, key, pe.b, pe.f, prm, uncovered, effort
        )
        if on_shift.size == 0:  # nobody on the phones: every caller waits out their patience
            wait = np.minimum(patience, self.open_s - arrival)
            abandoned = np.ones(ids.size, np.bool_)
            server = np.full(ids.size, -1, np.int32)
            service = np.zeros(ids.size)
            overtime_s = 0.0
        else:
            wait, abandoned, server, service, _end, overtime_s = queue_day(
                arrival, work, patience, speed, self.open_s
            )
        # 4. resolution
        out = np.zeros(NR)
        self.esc_tail, self.n_events = resolve_contacts(
            day,
            key,
            ids,
            kind,
            wait,
            abandoned,
            server,
            service,
            on_shift,
            pe.f,
            pe.i,
            pe.b,
            st,
            prm,
            effort,
            self._esc_room(),
            self.esc_tail,
            self.events,
            self.n_events,
            out,
        )
        # 5. managers decide escalations
        wo = np.zeros(NW)
        capacity = int(
            round(
                mgr.size
                * p.escalations_per_manager_day
                * max(0.0, 1.0 - 0.3 * p.servant_leadership - p.frontline_days_per_month / 21.0)
            )
        )
        self.esc_head, self.n_events = process_escalations(
            day,
            key,
            self.esc_person,
            self.esc_head,
            self.esc_tail,
            capacity,
            pe.f,
            pe.i,
            pe.b,
            prm,
            self.events,
            self.n_events,
            wo,
        )
        # 6. word of mouth, referrals, paid acquisition
        talkers = nonzero_index(pe.b[L.B_TALK_TODAY])
        promo_days = PROMO_DAYS if p.promotion_discount > 0 else 0
        deliver_wom(
            day,
            key,
            talkers,
            s.network_degree,
            s.tie_strength,
            promo_days,
            pe.f,
            pe.i,
            pe.b,
            prm,
            wo,
        )
        lam = (
            p.paid_acquisition_per_year
            * cfg.run.customers
            / 365.0
            * (1.0 + 1.5 * p.promotion_discount)
        )
        n_paid = rng.poisson(lam, key, rng.S_ACQUIRE, 0, day, 0) if lam < 30 else int(round(lam))
        self.prospect_ptr, got = acquire_paid(
            day,
            key,
            n_paid,
            pe.prospect_order,
            self.prospect_ptr,
            promo_days,
            pe.f,
            pe.i,
            pe.b,
            prm,
        )
        wo[W_NEW_PAID] = got
        # 7. staff: morale, recognition, learning, quits, hiring; organisational learning
        intensity = mgr_front.size / max(mgr.size, 1)
        n_recog, bonus = wf.update_morale(
            st, front, self.open_s, self.standard_s, p, s, intensity, key, day
        )
        quitters = wf.quits(st, front, p, s, key, day)  # (their slots are now vacant)
        self.quit_today = quitters.tolist()
        for q in quitters:
            self.n_events = log_event(
                self.events,
                self.n_events,
                day,
                EV_STAFF_QUIT,
                -1,
                int(st[L.S_HIRE_ID, q]),
                int(100 * st[L.S_MORALE, q]),
            )
        hiring_cost = self._staffing_review(day)
        signal = out[R_REFUSALS] + out[R_ESCALATIONS] + out[R_MISFIRES] + 5.0 * mgr_front.size
        fixes = self._learn(signal)
        # 8. ledger and metrics
        self.offered_history.append(float(ids.size))
        occ_den = max(on_shift.size, 1) * self.open_s + overtime_s  # paid time, overtime included
        m = day_metrics(
            self,
            a,
            out,
            wo,
            led,
            ids.size,
            overtime_s,
            occ_den,
            front,
            quitters.size,
            n_recog,
            bonus,
            hiring_cost,
            fixes,
        )
        if self.record_episodes:
            self._log_episodes(day)
        self.records.append(m)
        self.day += 1
        return m

    def _esc_room(self) -> np.ndarray:
        """The escalation FIFO, compacted when its tail nears the end of the buffer."""
        if (
            self.esc_tail > self.esc_person.size - 10_000
            or self.esc_tail >= self.esc_person.size // 2
        ):
            live = self.esc_person[self.esc_head : self.esc_tail].copy()
            if live.size > self.esc_person.size // 2:
                self.esc_person = np.zeros(self.esc_person.size * 2, np.int64)
            self.esc_person[: live.size] = live
            self.esc_head, self.esc_tail = 0, live.size
        return self.esc_person

    def _staffing_review(self, day: int) -> float:
        """Weekly: hire toward what the standard says recent demand needs (capacity comes late)."""
        p, s = self.cfg.policy, self.cfg.scenario
        cost = 0.0
        if day % 7 != 6:
            return cost
        recent = self.offered_history[-28:] or [self.expected_contacts]
        desired = staff_needed(self.cfg, self.standard_s, float(np.mean(recent)))
        employed = int(((self.st[L.S_ACTIVE] == 1) & (self.st[L.S_ROLE] == 0)).sum())
        delay = int(round(s.hiring_delay_days * (1.0 + p.hiring_selectivity)))
        for _ in range(max(0, desired - employed)):
            self._hire(start_day=day + 1 + delay)
            wage = s.wage_per_day * (0.65 if p.outsourced else 1.0)
            cost += s.replacement_cost_share * wage * 365.0 * (1.0 + 0.5 * p.hiring_selectivity)
        n_mgr = self.manager_rows().size
        want_mgr = max(1, math.ceil(max(desired, employed) / p.manager_span))
        for _ in range(max(0, want_mgr - n_mgr)):
            self._hire(start_day=day + 1, manager=True)
        return cost

    def _learn(self, signal: float) -> int:
        """Organisational learning: heard complaints x openness remove root causes (MODEL sec. 5)."""
        p = self.cfg.policy
        self.learn_signal += signal * p.feedback_openness
        fixes = 0
        while self.learn_signal >= self.fix_threshold:
            self.learn_signal -= self.fix_threshold
            fixes += 1
            if fixes % 2:
                self.coverage += 0.02 * (0.98 - self.coverage)
            else:
                self.problem_mult *= 0.99
        return fixes

    def _log_episodes(self, day: int) -> None:
        pe = self.people
        ids = np.flatnonzero(pe.b[L.B_EVENT] != 0)
        if ids.size == 0:
            return
        rec = np.empty((ids.size, 11))
        rec[:, 0] = ids
        rec[:, 1] = day
        rec[:, 2] = pe.b[L.B_EVENT, ids] - 1
        rec[:, 3] = pe.f[L.F_SEV, ids]
        rec[:, 4] = pe.i[L.I_CONTRACT_END, ids] >= day
        rec[:, 5] = pe.b[L.B_TALK_TODAY, ids]
        rec[:, 6] = pe.f[L.F_SAT, ids]
        rec[:, 7] = pe.b[L.B_CONTACTS, ids]
        rec[:, 8] = pe.i[L.I_ESC_DAY, ids] >= 0
        rec[:, 9] = day - pe.i[L.I_PROB_DAY, ids]
        rec[:, 10] = pe.f[L.F_COMP, ids]
        self.episodes.append(rec)
