"""The same daily rules as ``ServiceModel``, written the way a Mesa user would write them.

A baseline for the benchmark (``servicesim.bench.harness``): one ``Customer(mesa.Agent)`` object per
person (customers and prospects), ``Staff`` agents, a ``mesa.DataCollector``, and each day's
work done in plain Python: ``shuffle_do("step")`` over customers, a first-come-first-served queue
in a Python loop, resolution contact by contact, word of mouth over lists of tie agents.
No arrays, no numba. Parameter values come from the same ``SimConfig`` (through
``param_vector``, so derived values such as the severity distribution are identical); random
draws come from Mesa's ``model.random``, so runs agree with the fast model in aggregate, not
draw for draw (``tests/test_mesa_reference.py``).

Rules mirrored: kernels/customers.py (daily pass), episode.py (justice, stay or leave, episode
word of mouth), resolution.py (contacts), queue.py (FCFS with abandonment and overtime),
network.py (word of mouth, referrals, paid acquisition, escalations), workforce.py and
engine.py (shifts, time pressure, morale, quits, hiring, organisational learning).
"""

from __future__ import annotations

import math
from collections import deque
from types import SimpleNamespace

import mesa
import numpy as np

from servicesim.core.kernels import layout as L
from servicesim.core.vector import param_vector
from servicesim.params.simconfig import SimConfig, pulse_days

PROSPECT, ACTIVE, FORMER = 0, 1, 2
SILENT, UNRESOLVED, RESOLVED, QUICK = 0, 1, 2, 3  # how an episode ended (the repurchase table)
FAIL_DECAY = math.exp(-1.0 / 365.0)
PROMO_DAYS = 90
#: the day's tallies (reset every morning)
COUNTERS = [
    "revenue",
    "cost_promotions",
    "cost_gifts",
    "churned",
    "problems",
    "contacts",
    "abandoned",
    "answered",
    "first",
    "fcr",
    "escalations",
    "refusals",
    "misfires",
    "goodwill",
    "wom_positive",
    "wom_negative",
    "recognitions",
    "staff_quits",
    "new_paid",
]


def clip01(x: float) -> float:
    return 0.0 if x < 0.0 else (1.0 if x > 1.0 else x)


def rules_of(cfg: SimConfig) -> SimpleNamespace:
    """The kernels' parameter values under readable names."""
    prm = param_vector(cfg)
    names = {
        k[2:].lower(): float(prm[v]) for k, v in vars(L).items() if k.startswith("K_") and k != "K_"
    }
    return SimpleNamespace(**names)


class Customer(mesa.Agent):
    """A person: prospect, customer or former customer, with an open problem or none."""

    def __init__(self, model: MesaServiceModel, is_customer: bool) -> None:
        super().__init__(model)
        s, rnd = model.cfg.scenario, model.random
        self.base = min(max(s.satisfaction_mean + s.satisfaction_sd * rnd.gauss(0, 1), 0.05), 0.98)
        self.expect = s.justice_expectation
        self.value = (
            s.revenue_per_customer_per_year
            / 365.0
            * math.exp(-0.5 * 0.2231 + 0.4724 * rnd.gauss(0, 1))
        )
        self.patience = math.exp(-0.5 * 0.2231 + 0.4724 * rnd.gauss(0, 1))
        self.voice = math.exp(0.5 * rnd.gauss(0, 1))
        self.sev = self.wait = self.comp = self.courtesy = self.fails = 0.0
        self.leave_day = self.next_contact = self.esc_day = -1
        self.promo_until = self.contract_end = -1
        self.prob_day = 0
        self.pstate = self.covered = self.contacts = self.refused = self.explained = 0
        self.delight = self.cohort = self.channel = self.abandons = 0
        self.contact_today = self.talk_today = 0
        self.talk_positive = False
        self.ties: list[Customer] = []
        if is_customer:
            self.status, self.sat = ACTIVE, self.base
            self.join_day = -int(730 * rnd.random())
            if rnd.random() < s.contract_share:
                self.contract_end = int(s.contract_length_days * rnd.random())
        else:
            self.status, self.sat, self.join_day = PROSPECT, 0.5, -1

    # ---- the daily pass (kernels/customers.py) ---------------------------------------------------
    def step(self) -> None:
        m, r, day, rnd = self.model, self.model.r, self.model.day, self.model.random
        self.contact_today = self.talk_today = 0
        if self.status != ACTIVE:
            return
        sat = self.sat
        tenure = day - self.join_day
        value = self.value
        if self.promo_until >= day:
            m.count["cost_promotions"] += value * r.promo
            value *= 1.0 - r.promo
        m.count["revenue"] += value
        if tenure > 365:
            sat -= r.promo_resent * r.promo
        if r.gift_per_year > 0 and tenure > 0 and tenure % 365 == 0:
            m.count["cost_gifts"] += r.gift_per_year
            sat += r.gift_effect * (1.0 - math.exp(-r.gift_per_year / 50.0))
        sat += (self.base - sat) * r.relax
        if self.pstate in (1, 2, 3):  # an open problem erodes, voiced or silent
            sat -= r.erosion
        self.sat = clip01(sat)
        self.fails *= FAIL_DECAY
        closed = False
        if self.pstate in (1, 4) and day >= self.next_contact:
            closed = True
            if self.close_episode(False, False):
                m.count["churned"] += 1
                return
        if self.pstate == 0 and not closed and rnd.random() < m.problem_p:
            self.new_problem()
        if self.pstate == 2 and self.next_contact == day:
            self.contact_today = 2
        elif rnd.random() < r.request_p:
            self.contact_today = 1
        sat = self.sat
        gone = False
        if self.contract_end == day:
            if rnd.random() >= self.stay_probability(sat):
                gone = True
            else:
                self.contract_end = day + int(r.contract_len)
        elif self.contract_end < day:
            hazard = r.base_churn_p * math.exp(0.5 * r.stay_slope * max(r.stay_mid - sat, 0.0))
            gone = rnd.random() < hazard
        if gone:
            m.count["churned"] += 1
            self.leave()
            self.contact_today = 0
        neutral = r.talk_neutral
        lo = max(neutral - sat, 0.0) / max(neutral, 1e-6)
        hi = max(sat - neutral, 0.0) / max(1.0 - neutral, 1e-6)
        if rnd.random() < r.talk_base + r.talk_unhappy * lo * lo + r.talk_happy * hi * hi:
            self.talk_today = min(self.talk_today + 1, 100)
            self.talk_positive = sat >= neutral

    def new_problem(self) -> None:
        m, r, day, rnd = self.model, self.model.r, self.model.day, self.model.random
        sev = math.exp(r.sev_mu + r.sev_sigma * rnd.gauss(0, 1))
        self.sev, self.wait, self.comp, self.courtesy = sev, 0.0, 0.0, 0.0
        self.prob_day, self.esc_day = day, -1
        self.covered = 1 if rnd.random() < m.coverage else 0
        self.contacts = self.refused = self.explained = self.delight = self.abandons = 0
        ln_sev = math.log(max(sev, 0.01))
        self.sat = clip01(self.sat - clip01(r.loss_a + r.loss_b * ln_sev))
        self.fails += 1.0
        m.count["problems"] += 1
        voice_p = 1.0 / (1.0 + math.exp(-(r.voice_a + r.voice_b * ln_sev + math.log(self.voice))))
        if rnd.random() < voice_p:
            self.pstate, self.next_contact = 2, day
        else:
            self.pstate, self.next_contact = 1, day + int(r.silent_days)

    def stay_probability(self, sat: float) -> float:
        r = self.model.r
        return 1.0 / (1.0 + math.exp(-r.stay_slope * (sat - r.stay_mid)))

    def leave(self) -> None:
        self.status, self.leave_day, self.pstate = FORMER, self.model.day, 0

    # ---- ending an episode (kernels/episode.py) ----------------------------------------------------
    def justice(self, resolved: bool) -> tuple[float, float, float]:
        r, day = self.model.r, self.model.day
        sev = max(self.sev, 0.01)
        d = 0.7 * resolved + 0.3 * (1.0 - math.exp(-self.comp / (r.comp_scale * sev)))
        inter = self.courtesy
        if self.refused > 0 and not resolved:
            inter = self.courtesy * (1.0 - r.coldness) + r.explain_bonus * self.explained
        if self.delight:
            inter += r.delight_bonus
        contacts = max(self.contacts, 1)
        days_open = max(day - self.prob_day, 0)
        proc = math.exp(
            -(contacts - 1) / r.proc_contacts
            - days_open / r.proc_days
            - self.wait / contacts / r.proc_wait_s
        )
        return clip01(d), clip01(inter), clip01(proc)

    def close_episode(self, resolved: bool, quick: bool) -> bool:
        """Judge the episode, update attitude, maybe tell others, decide to stay. True if left."""
        r, rnd = self.model.r, self.model.random
        voiced = self.contacts > 0 or self.esc_day >= 0
        sat = self.sat
        if voiced:
            d, inter, proc = self.justice(resolved)
            j = (r.wd * d + r.wi * inter + r.wp * proc) / (r.wd + r.wi + r.wp)
            fatigue = math.exp(-r.fatigue * max(self.fails - 1.0, 0.0))
            dsat = r.gain * fatigue * (j - self.expect)
            if not resolved:
                dsat -= r.double_dev * (1.0 - inter)
            sat = clip01(sat + dsat)
            if self.delight:
                self.expect = min(self.expect + r.delight_step, 1.0)
        self.cohort = 1 if (voiced and resolved) else 2
        self.sat, self.pstate, self.next_contact = sat, 0, -1
        outcome = (QUICK if quick else RESOLVED) if resolved else (UNRESOLVED if voiced else SILENT)
        self.model.episodes.append((self.model.day, outcome, sat))
        if voiced:
            neutral = r.talk_neutral
            unhappy = clip01((neutral - sat) / max(neutral - 0.15, 1e-6))
            p_tell = r.tell_resolved + (r.tell_unhappy - r.tell_resolved) * unhappy
            if self.delight:
                p_tell = min(1.0, p_tell + 0.3)
            if rnd.random() < p_tell:
                extra = (r.audience_unhappy - 1.0) * unhappy + self.delight
                told = 1 + int(self.model.rng.poisson(extra))
                self.talk_today = min(self.talk_today + told, 100)
                self.talk_positive = sat >= neutral
        if self.contract_end < self.model.day and rnd.random() >= self.stay_probability(sat):
            self.leave()
            return True
        return False

    def join(self, channel: int) -> None:
        """Become a customer today (referral 1, paid 2)."""
        m, r = self.model, self.model.r
        self.status, self.channel, self.cohort, self.pstate = ACTIVE, channel, 0, 0
        self.join_day, self.leave_day, self.next_contact = m.day, -1, -1
        self.promo_until = m.day + m.promo_days - 1
        self.sat, self.fails = self.base, 0.0
        self.contract_end = (
            m.day + int(r.contract_len) if m.random.random() < r.contract_share else -1
        )


class Staff(mesa.Agent):
    """A frontline agent or a manager."""

    def __init__(self, model: MesaServiceModel, start_day: int, manager: bool = False) -> None:
        super().__init__(model)
        p, rnd = model.cfg.policy, model.random
        self.manager, self.start_day = manager, start_day
        self.recog = self.empower = 0.0
        self.training = False
        self.reset_day()
        if manager:
            self.skill = self.cap = 0.9
            self.judgment, self.empathy, self.morale, self.confidence = 0.85, 0.7, 0.7, 1.5
            return
        z = [rnd.gauss(0, 1) for _ in range(4)]
        sel = p.hiring_selectivity
        self.cap = min(
            0.92 - (0.15 if p.outsourced else 0.0) + min(0.004 * p.training_days_per_year, 0.06),
            0.98,
        )
        self.skill = 0.3
        self.judgment = min(max(0.55 + 0.25 * sel + 0.12 * z[0], 0.05), 0.99)
        self.empathy = min(max(0.55 + 0.20 * sel + 0.15 * z[1], 0.05), 0.99)
        self.morale = min(max(0.65 - (0.08 if p.outsourced else 0.0) + 0.05 * z[2], 0.05), 0.95)
        self.confidence = math.exp(0.3 * z[3])

    def reset_day(self) -> None:
        self.busy = self.handled = self.angry = self.grateful = self.heroes = 0.0
        self.discretion = self.justice_sum = self.problems = 0.0

    def courtesy(self) -> float:
        script = 0.50 + 0.15 * self.morale
        own = 0.15 + 0.85 * self.empathy * (0.4 + 0.6 * self.morale)
        return (1.0 - self.empower) * script + self.empower * own

    def end_of_day(self) -> None:
        """Recognition, morale, learning, and maybe quitting (frontline staff at work only)."""
        m, p, s = self.model, self.model.cfg.policy, self.model.cfg.scenario
        if self.manager or self.start_day > m.day:
            return
        served = max(self.handled, 1.0)
        aht = self.busy / served if self.handled > 0 else m.team_aht_s
        grateful = self.grateful / served
        merit_eff = self.handled > 0 and aht < m.team_aht_s  # faster than the team today
        merit_cust = clip01((self.grateful + 0.5 * self.heroes) / max(self.problems, 1.0))
        merit = (1.0 - p.metric_focus) * merit_eff + p.metric_focus * merit_cust
        recognised = self.handled > 0 and m.random.random() < p.recognition * merit * 0.2
        m.count["recognitions"] += recognised
        self.recog = self.recog * 0.97 + recognised
        e, serv = self.empower, p.servant_leadership
        target = (
            0.45
            + 0.20 * e * (0.5 + 0.5 * serv)
            + 0.12 * serv
            + 0.10 * min(self.recog, 1.5)
            + 0.10 * grateful
            - 0.35 * max(self.busy / m.open_s - 0.85, 0.0)
            - 0.15 * self.angry / served
            - 0.15 * e * (1.0 - serv)
            - 0.30 * (1.0 - p.metric_focus) * self.discretion / served
            - (0.08 if p.outsourced else 0.0)
            - 0.05 * m.mgr_intensity * (1.0 - p.feedback_openness)
        )
        self.morale = clip01(self.morale + s.morale_rate * (target - self.morale))
        if self.handled > 0:
            self.skill += (
                s.learning_rate * (1.0 + p.training_days_per_year / 10.0) * (self.cap - self.skill)
            )
        base = s.base_quit_per_year / 365.0 * (1.5 if p.outsourced else 1.0)
        if m.random.random() < base * math.exp(s.quit_morale_slope * (0.6 - self.morale)):
            m.count["staff_quits"] += 1
            self.remove()


class MesaServiceModel(mesa.Model):
    """Customers, staff and managers over ``cfg.run.days`` days; one step is one day."""

    def __init__(self, cfg: SimConfig) -> None:
        super().__init__(rng=int(cfg.run.seed))
        self.cfg, self.r = cfg, rules_of(cfg)
        s, p, n0 = cfg.scenario, cfg.policy, cfg.run.customers
        self.day, self.open_s = 0, s.opening_hours * 3600.0
        self.standard_s = float(p.aht_target_s)  # the handling-time standard, s
        self.coverage, self.problem_mult, self.problem_p = s.rule_coverage, 1.0, self.r.problem_p
        self.learn_signal, self.fix_threshold = 0.0, max(20.0, 0.0005 * n0)
        self.pulse = pulse_days(s, cfg.run.days)
        self.promo_days = PROMO_DAYS if p.promotion_discount > 0 else 0
        self.pressure, self.mgr_intensity, self.offered_history = 1.0, 0.0, []
        self.count: dict[str, float] = {}
        self.episodes: list[tuple[int, int, float]] = []  # (day, outcome, satisfaction after)
        self.people = [
            Customer(self, i < n0) for i in range(n0 + int(round(n0 * s.prospects_per_customer)))
        ]
        n = len(self.people)
        for i, person in enumerate(self.people):  # Poisson(degree) ties, uniform, no self-ties
            degree = int(self.rng.poisson(s.network_degree))
            picks = [int(self.random.random() * n) for _ in range(degree)]
            person.ties = [self.people[(j + 1) % n if j == i else j] for j in picks]
        self.initial = self.people[:n0]
        self.prospect_queue = deque(self.random.sample(self.people[n0:], len(self.people) - n0))
        self.escalated: deque[Customer] = deque()
        n_front = self.staff_needed(self.expected_contacts_per_day())
        for _ in range(n_front):
            agent = Staff(self, 0)
            agent.skill = agent.cap * (0.6 + 0.4 * self.random.random())  # an experienced team
        for _ in range(max(1, math.ceil(n_front / p.manager_span))):
            Staff(self, 0, manager=True)
        self.datacollector = mesa.DataCollector(
            model_reporters={
                "customers_active": lambda m: sum(1 for c in m.people if c.status == ACTIVE),
                "mean_satisfaction": lambda m: float(
                    np.mean([c.sat for c in m.people if c.status == ACTIVE])
                ),
                "contacts": lambda m: m.count["contacts"],
                "abandoned": lambda m: m.count["abandoned"],
                "churned": lambda m: m.count["churned"],
                "problems": lambda m: m.count["problems"],
                "wom_positive": lambda m: m.count["wom_positive"],
                "wom_negative": lambda m: m.count["wom_negative"],
                "staff_count": lambda m: len(m.frontline()),
                "profit": lambda m: m.count["revenue"] - m.count["cost_total"],
            }
        )

    # ---- staffing (engine.py) -----------------------------------------------------------------------
    def expected_contacts_per_day(self) -> float:
        r, z = self.r, np.linspace(-6, 6, 2001)
        w = np.exp(-0.5 * z * z) / np.exp(-0.5 * z * z).sum()
        voice = 1.0 / (1.0 + np.exp(-(r.voice_a + r.voice_b * (r.sev_mu + r.sev_sigma * z))))
        return self.cfg.run.customers * (r.request_p + r.problem_p * float((w * voice).sum()) * 1.3)

    def staff_needed(self, contacts_per_day: float) -> int:
        p = self.cfg.policy
        servers = contacts_per_day * self.standard_s / (self.open_s * 0.85)
        return max(
            1, math.ceil(servers * p.staffing_ratio / (1.0 - p.training_days_per_year / 250.0))
        )

    def frontline(self, working: bool = False) -> list[Staff]:
        staff = self.agents_by_type.get(Staff, [])
        return [a for a in staff if not a.manager and (not working or a.start_day <= self.day)]

    def managers(self) -> list[Staff]:
        return [a for a in self.agents_by_type.get(Staff, []) if a.manager]

    # ---- one day ----------------------------------------------------------------------------------------
    def step(self) -> None:
        s, p, r, day = self.cfg.scenario, self.cfg.policy, self.r, self.day
        self.count = dict.fromkeys(COUNTERS, 0.0)
        # 1. who is on the phones
        front, mgrs = self.frontline(working=True), self.managers()
        for a in front + mgrs:
            a.reset_day()
            a.training = (not a.manager) and self.random.random() < p.training_days_per_year / 250.0
            dare = (
                a.confidence
                * (0.55 + 0.45 * p.servant_leadership)
                * (0.6 + 0.4 * a.morale)
                * (1.0 - 0.3 * (1.0 - p.metric_focus))
            )
            a.empower = 0.9 if a.manager else p.empowerment * clip01(dare)
        mgr_front = [a for a in mgrs if self.random.random() < p.frontline_days_per_month / 21.0]
        on_shift = [a for a in front if not a.training] + mgr_front
        # 2. customers
        in_pulse = self.pulse[0] <= day < self.pulse[1]
        self.problem_p = (
            r.problem_p * self.problem_mult * (1.0 + s.pulse_extra if in_pulse else 1.0)
        )
        self.agents_by_type[Customer].shuffle_do("step")
        # 3. the contact centre
        offered_prev = (
            self.offered_history[-1] if self.offered_history else self.expected_contacts_per_day()
        )
        self.pressure = (
            offered_prev * self.standard_s / (max(len(on_shift), 1) * self.open_s * 0.85)
        )
        cut = 1.0 if self.pressure <= 1.0 else max(0.6, self.pressure**-0.6)
        if not p.standards_anchored:
            self.standard_s += (self.standard_s * cut - self.standard_s) / 30.0
        effort = cut * (1.0 - 0.08 * (1.0 - p.metric_focus))
        calls = self.todays_calls(on_shift, effort)
        overtime_s = self.queue(calls, on_shift)
        for call in calls:
            self.resolve(call, effort)
        # 4. managers decide escalations, oldest first
        capacity = int(
            round(
                len(mgrs)
                * p.escalations_per_manager_day
                * max(0.0, 1.0 - 0.3 * p.servant_leadership - p.frontline_days_per_month / 21.0)
            )
        )
        while self.escalated and capacity > 0:
            c = self.escalated[0]
            if c.status == ACTIVE and c.pstate == 3 and c.esc_day >= day:
                break  # escalated today: a manager calls back tomorrow at the earliest
            self.escalated.popleft()
            if c.status == ACTIVE and c.pstate == 3:
                capacity -= 1
                c.comp += r.manager_comp * c.sev
                self.count["goodwill"] += r.manager_comp * c.sev
                c.courtesy = r.manager_courtesy
                self.count["churned"] += c.close_episode(self.random.random() < 0.9, False)
        # 5. word of mouth, referrals, paid acquisition
        self.word_of_mouth(s.tie_strength * r.wom_impact)
        lam = (
            p.paid_acquisition_per_year
            * self.cfg.run.customers
            / 365.0
            * (1.0 + 1.5 * p.promotion_discount)
        )
        n_paid = int(self.rng.poisson(lam)) if lam < 30 else int(round(lam))
        while n_paid > 0 and self.prospect_queue:
            c = self.prospect_queue.popleft()
            if c.status == PROSPECT:
                c.join(2)
                n_paid -= 1
                self.count["new_paid"] += 1
        # 6. staff: morale, quits, weekly staffing review; organisational learning
        self.mgr_intensity = len(mgr_front) / max(len(mgrs), 1)
        working = [a for a in self.agents_by_type[Staff] if not a.manager and a.start_day <= day]
        handled = sum(a.handled for a in working)
        self.team_aht_s = sum(a.busy for a in working) / handled if handled > 0 else self.standard_s
        self.agents_by_type[Staff].do("end_of_day")
        hiring_cost = self.staffing_review()
        self.learn(
            self.count["refusals"]
            + self.count["escalations"]
            + self.count["misfires"]
            + 5.0 * len(mgr_front)
        )
        self.offered_history.append(self.count["contacts"])
        self.account(overtime_s, hiring_cost)
        self.datacollector.collect(self)
        self.day += 1

    def todays_calls(self, on_shift: list[Staff], effort: float) -> list[dict]:
        """Callers in arrival order, with their work (s at full skill) and patience (s)."""
        s, r, rnd = self.cfg.scenario, self.r, self.random
        mean_e = sum(a.empower for a in on_shift) / len(on_shift) if on_shift else 0.0
        uncovered = 1.0 + (s.judgment_time_factor - 1.0) * mean_e
        calls = []
        for c in self.people:
            if not c.contact_today:
                continue
            mult = math.exp(r.service_mu + r.service_sigma * rnd.gauss(0, 1))
            if c.contact_today == 1:
                work = r.request_s * mult
            else:
                work = r.problem_s * mult * (1.0 if c.covered else uncovered)
            if s.patience_dist == "infinite":
                patience = math.inf
            elif s.patience_dist == "lognormal":
                patience = r.patience_s * c.patience * math.exp(-0.5 + rnd.gauss(0, 1))
            else:
                patience = r.patience_s * c.patience * rnd.expovariate(1.0)
            calls.append(
                {
                    "customer": c,
                    "kind": c.contact_today,
                    "arrival": self.open_s * rnd.random(),
                    "work": work * effort,
                    "patience": patience,
                }
            )
        calls.sort(key=lambda call: call["arrival"])
        self.count["contacts"] = len(calls)
        return calls

    def queue(self, calls: list[dict], on_shift: list[Staff]) -> float:
        """First come, first served: the earliest-free agent takes each call; returns overtime s."""
        free_at = [0.0] * len(on_shift)
        overtime = 0.0
        for call in calls:
            if not on_shift:  # nobody on the phones: every caller waits out their patience
                call["wait"] = min(call["patience"], self.open_s - call["arrival"])
                call["abandoned"] = True
                continue
            k = min(range(len(free_at)), key=free_at.__getitem__)
            start = max(call["arrival"], free_at[k])
            call["wait"] = start - call["arrival"]
            call["abandoned"] = call["wait"] > call["patience"]
            if call["abandoned"]:  # hung up when patience ran out
                call["wait"] = call["patience"]
                continue
            agent = on_shift[k]
            call["agent"] = agent
            call["service"] = call["work"] / (0.9 if agent.manager else 0.6 + 0.4 * agent.skill)
            free_at[k] = start + call["service"]
            if free_at[k] > self.open_s:
                overtime += free_at[k] - max(start, self.open_s)
        return overtime

    def resolve(self, call: dict, effort: float) -> None:
        """One contact (kernels/resolution.py): diagnosis, script, discretion, escalation, refusal."""
        r, rnd, count, day = self.r, self.random, self.count, self.day
        c, err_mult = call["customer"], 1.0 + 2.5 * (1.0 - effort)
        if call["kind"] == 1:  # a routine request
            if call["abandoned"]:
                count["abandoned"] += 1
                c.sat = clip01(c.sat - r.request_annoy)
                return
            agent = call["agent"]
            agent.busy += call["service"]
            agent.handled += 1
            loss = r.request_annoy * (1.0 - math.exp(-call["wait"] / r.proc_wait_s))
            if rnd.random() < (0.02 + 0.10 * (1.0 - agent.skill)) * err_mult:
                loss += 0.5 * r.request_annoy
            c.sat = clip01(c.sat - loss)
            return
        if c.status != ACTIVE or c.pstate != 2:
            return
        c.contacts = min(c.contacts + 1, 100)
        c.wait += call["wait"]
        count["first"] += c.contacts == 1
        if call["abandoned"]:
            count["abandoned"] += 1
            c.abandons += 1
            if rnd.random() >= r.retry:
                c.pstate = 4  # gives up: decides after a while
            c.next_contact = day + 1
            return
        agent = call["agent"]
        agent.busy += call["service"]
        agent.handled += 1
        agent.problems += 1
        sat_before = c.sat
        agent.angry += sat_before < 0.5
        c.courtesy = agent.courtesy()
        resolved = False
        if rnd.random() < (0.04 + 0.30 * (1.0 - agent.skill)) * err_mult:
            pass  # wrong diagnosis: the fix will not work
        elif c.covered:
            c.comp += r.script_comp * c.sev
            count["goodwill"] += r.script_comp * c.sev
            resolved = True
        elif rnd.random() < agent.empower:
            agent.discretion += 1
            spend = min(
                c.sev
                * r.spend_share
                * math.exp(r.spend_sigma * (1.5 - agent.judgment) * rnd.gauss(0, 1)),
                r.cap,
            )
            c.comp += spend
            count["goodwill"] += spend
            resolved = rnd.random() < agent.judgment
            count["misfires"] += not resolved
        elif rnd.random() < r.esc_share:
            count["escalations"] += 1
            c.pstate, c.esc_day, c.next_contact = 3, day, -1
            self.escalated.append(c)
            return
        else:  # 'our policy is...'
            count["refusals"] += 1
            c.refused = min(c.refused + 1, 100)
            if rnd.random() < r.transparency:
                c.explained = 1
            if rnd.random() < 0.5 * r.retry:
                c.next_contact = day + 1
            else:
                count["churned"] += c.close_episode(False, False)
            return
        if resolved:
            count["fcr"] += c.contacts == 1
            if rnd.random() < r.surprise_rate * agent.empower:
                count["cost_gifts"] += r.surprise_cost * rnd.expovariate(1.0)
                c.delight = 1
            count["churned"] += c.close_episode(True, c.contacts == 1)
            agent.justice_sum += c.sat
            agent.grateful += c.sat >= 0.7
            agent.heroes += (not c.covered) and sat_before < 0.5 and c.sat >= 0.85
        elif rnd.random() < r.retry:
            c.next_contact = day + 2
        else:
            count["churned"] += c.close_episode(False, False)

    def word_of_mouth(self, impact: float) -> None:
        """Deliver today's messages: attitudes of customers, referrals of prospects."""
        r, rnd = self.r, self.random
        for talker in [c for c in self.people if c.talk_today]:
            if not talker.ties:
                continue
            for _ in range(talker.talk_today):
                listener = talker.ties[int(rnd.random() * len(talker.ties))]
                self.count["wom_positive" if talker.talk_positive else "wom_negative"] += 1
                if listener.status == ACTIVE:
                    listener.sat = clip01(
                        listener.sat
                        + (impact if talker.talk_positive else -impact * r.wom_neg_weight)
                    )
                elif listener.status == PROSPECT:
                    if not talker.talk_positive:
                        listener.sat = clip01(listener.sat - impact * r.wom_neg_weight)
                    elif rnd.random() < r.ref_act and rnd.random() < r.ref_conv * min(
                        2.0 * listener.sat, 1.5
                    ):
                        listener.join(1)

    def staffing_review(self) -> float:
        """Weekly: hire toward the staff the standard says recent demand needs (with a delay)."""
        s, p = self.cfg.scenario, self.cfg.policy
        if self.day % 7 != 6:
            return 0.0
        recent = self.offered_history[-28:] or [self.expected_contacts_per_day()]
        desired, employed = self.staff_needed(sum(recent) / len(recent)), len(self.frontline())
        delay = int(round(s.hiring_delay_days * (1.0 + p.hiring_selectivity)))
        wage = s.wage_per_day * (0.65 if p.outsourced else 1.0)
        for _ in range(max(0, desired - employed)):
            Staff(self, self.day + 1 + delay)
        for _ in range(
            max(
                0, max(1, math.ceil(max(desired, employed) / p.manager_span)) - len(self.managers())
            )
        ):
            Staff(self, self.day + 1, manager=True)
        return (
            max(0, desired - employed)
            * s.replacement_cost_share
            * wage
            * 365.0
            * (1.0 + 0.5 * p.hiring_selectivity)
        )

    def learn(self, signal: float) -> None:
        """Heard complaints x openness remove root causes and widen the rules."""
        self.learn_signal += signal * self.cfg.policy.feedback_openness
        fixes = 0
        while self.learn_signal >= self.fix_threshold:
            self.learn_signal -= self.fix_threshold
            fixes += 1
            if fixes % 2:
                self.coverage += 0.02 * (0.98 - self.coverage)
            else:
                self.problem_mult *= 0.99
        self.count["fixes"] = fixes

    def account(self, overtime_s: float, hiring_cost: float) -> None:
        """The day's ledger (the same items as ledger.py)."""
        s, p, c = self.cfg.scenario, self.cfg.policy, self.count
        wage = s.wage_per_day * (0.65 if p.outsourced else 1.0)
        active = sum(1 for x in self.people if x.status == ACTIVE)
        c["cost_total"] = (
            c["revenue"] * (1.0 - s.margin)
            + len(self.frontline(working=True)) * wage
            + overtime_s / self.open_s * wage * 1.5
            + len(self.managers()) * s.manager_wage_per_day
            + c["goodwill"]
            + c["cost_gifts"]
            + c["cost_promotions"]
            + hiring_cost
            + c["new_paid"] * s.cost_per_acquisition
            + c["recognitions"] * p.recognition_bonus
            + c["fixes"] * p.fix_cost
            + p.rule_transparency * p.transparency_cost_per_customer_per_year / 365.0 * active
        )

    def summary(self) -> dict[str, float]:
        """Retention of the initial customers, end satisfaction and a few run totals."""
        ts = self.datacollector.get_model_vars_dataframe()
        active = [c.sat for c in self.people if c.status == ACTIVE]
        return {
            "retention_rate": sum(c.status == ACTIVE for c in self.initial) / len(self.initial),
            "mean_satisfaction": float(np.mean(active)),
            "customers_active_end": float(len(active)),
            "contacts": float(ts["contacts"].sum()),
            "problems": float(ts["problems"].sum()),
            "churned": float(ts["churned"].sum()),
            "abandonment_rate": float(ts["abandoned"].sum() / max(ts["contacts"].sum(), 1)),
            "staff_count": float(ts["staff_count"].mean()),
        }

    def run_all(self) -> None:
        while self.day < self.cfg.run.days:
            self.step()
