"""``MesaServiceModel``: the population, the warm-up, the day's schedule, staffing, learning,
the ledger and the run summary.

The day follows core/engine.py's recipe: roll-call, the customers' daily pass, time pressure,
the calls and the queue, resolution, escalations, word of mouth, paid acquisition, staff's day
end, the staffing review, organisational learning, the survey, the ledger. A run first plays
``run.warmup_days`` under the scenario's status quo (in the constructor, as ``ServiceModel``
does); the first measured day switches to the policy under study (or ``switch_from`` until
``run.switch_at``), fixes the paid-acquisition budget and starts the records
(``begin_measurement``). ``day`` counts from the warm-up's start, as the fast engine's does;
``measured_day`` from the measured period's. Staffing mirrors core/workforce.py, the market
``market.py``, learning core/learning.py, the ledger core/ledger.py.
"""

from __future__ import annotations

import math
from collections import deque

import mesa
import numpy as np

from servicesim.bench.mesa_reference import centre, market
from servicesim.bench.mesa_reference.customer import Customer
from servicesim.bench.mesa_reference.rules import ACTIVE, COUNTERS, rules_of
from servicesim.bench.mesa_reference.staff import Staff
from servicesim.params.policy import PolicyParams
from servicesim.params.simconfig import SimConfig


class MesaServiceModel(mesa.Model):
    """Customers, staff and managers: the warm-up, then ``cfg.run.days`` measured days; one
    step is one day."""

    def __init__(self, cfg: SimConfig) -> None:
        super().__init__(rng=int(cfg.run.seed))
        self.cfg, self.warmup = cfg, cfg.run.warmup_days
        self.adopt(cfg.status_quo_policy if self.warmup > 0 else self.starting_policy())
        r, n0 = self.r, cfg.run.customers
        self.day = 0
        self.coverage, self.problem_mult, self.problem_p = r.rule_coverage, 1.0, r.problem_p
        self.learn_signal, self.fixes_made = 0.0, 0
        self.pressure, self.mgr_intensity, self.team_aht_s = 1.0, 0.0, self.standard_s
        self.offered_history: list[float] = []
        self.lost_history: list[float] = []  # churned - referral joins, every day (warm-up too)
        self.acquisition_per_day: float | None = None  # fixed when the measured period begins
        self.start_active = 0  # customers active on the first measured day
        self.count: dict[str, float] = {}
        # closed episodes: (day, outcome, satisfaction after), the warm-up's included, as in the
        # fast model's episode log
        self.episodes: list[tuple[int, int, float]] = []
        n = n0 + int(round(n0 * r.prospects_per_customer))
        self.people = [Customer(self, i < n0) for i in range(n)]
        for i, person in enumerate(self.people):  # Poisson(degree) ties, uniform, no self-ties
            degree = int(self.rng.poisson(r.network_degree))
            picks = [int(self.random.random() * n) for _ in range(degree)]
            person.ties = [self.people[(j + 1) % n if j == i else j] for j in picks]
        # paid acquisition visits everyone in a fixed random order, cycling
        self.market_order, self.market_ptr = self.random.sample(self.people, n), 0
        self.escalated: deque[Customer] = deque()
        # day 0: the plan's frontline staff (an experienced team) and their managers
        self.expected_contacts = self.expected_contacts_per_day()
        n_front = self.staff_needed(self.expected_contacts)
        for _ in range(n_front):
            agent = Staff(self, 0)
            share = r.initial_skill_floor + r.initial_skill_spread * self.random.random()
            agent.skill = agent.cap * share
        for _ in range(max(1, math.ceil(n_front / r.manager_span))):
            Staff(self, 0, manager=True)
        self.datacollector = mesa.DataCollector(  # the measured days only
            model_reporters={
                "day": lambda m: m.measured_day,
                "customers_active": lambda m: m.count["active"],
                "mean_satisfaction": lambda m: m.count["sat_sum"] / max(m.count["active"], 1.0),
                "contacts": lambda m: m.count["contacts"],
                "abandoned": lambda m: m.count["abandoned"],
                "churned": lambda m: m.count["churned"],
                "problems": lambda m: m.count["problems"],
                "new_customers_referral": lambda m: m.count["new_referral"],
                "new_customers_paid": lambda m: m.count["new_paid"],
                "wom_positive": lambda m: m.count["wom_positive"],
                "wom_negative": lambda m: m.count["wom_negative"],
                "unfair_comparisons": lambda m: m.count["unfair_comparisons"],
                "survey_asked": lambda m: m.count["survey_asked"],
                "survey_yes": lambda m: m.count["survey_yes"],
                "staff_count": lambda m: len(m.frontline(working=True)),
                "profit": lambda m: m.count["revenue"] - m.count["cost_total"],
            }
        )
        while self.day < self.warmup:  # the warm-up, under the status quo
            self.step()

    # ---- policies and the measured period (core/engine.py, core/state.py) --------------------
    def starting_policy(self) -> PolicyParams:
        """The policy of measured day 0: the one switched from, or the one under study."""
        cfg = self.cfg
        if cfg.run.switch_at is not None and cfg.switch_from_policy is not None:
            return cfg.switch_from_policy
        return cfg.policy

    def adopt(self, policy: PolicyParams) -> None:
        """Run ``policy`` from now on: its parameters, and its handling-time standard."""
        self.r = rules_of(self.cfg, policy)
        self.standard_s = self.r.aht_target_s

    @property
    def measured_day(self) -> int:
        """The day in the measured period (negative during the warm-up)."""
        return self.day - self.warmup

    def begin_measurement(self) -> None:
        """The starting policy takes over; the paid-acquisition budget is fixed to what replaced
        the status quo's churn over the warm-up's last half year (with calibration)."""
        self.adopt(self.starting_policy())
        r, window = self.r, self.lost_history[-min(self.warmup, 182) :]
        if r.calibrate_acquisition != 0 and window:
            self.acquisition_per_day = max(sum(window) / len(window), 0.0)
        else:
            self.acquisition_per_day = r.paid_acquisition_per_year * self.cfg.run.customers / 365.0
        self.start_active = sum(c.status == ACTIVE for c in self.people)

    def switch_costs(self) -> None:
        """What the switch costs the frontline staff at work today (core/kernels/workforce.py
        ``switch_costs``): a skill dip, a morale shock, and training days off the phones in
        waves of ``switch_training_wave_share`` of the team, in a random order."""
        r, day = self.r, self.day
        team = self.frontline(working=True)
        self.random.shuffle(team)
        wave = max(1, math.ceil(r.switch_training_wave_share * len(team) - 1e-9))
        days = round(r.switch_training_days)
        for rank, a in enumerate(team):
            a.skill *= 1.0 - r.switch_skill_dip
            a.morale = min(max(a.morale + r.switch_morale_shock, 0.0), 1.0)
            if days > 0:
                a.switch_from = day + (rank // wave) * days
                a.switch_until = a.switch_from + days

    # ---- staffing (core/workforce.py) ----------------------------------------------------------
    def expected_contacts_per_day(self) -> float:
        """Offered contacts a day the plan expects: requests + voiced problems x repeats."""
        r, z = self.r, np.linspace(-6, 6, 2001)
        w = np.exp(-0.5 * z * z) / np.exp(-0.5 * z * z).sum()
        voice = 1.0 / (1.0 + np.exp(-(r.voice_a + r.voice_b * (r.sev_mu + r.sev_sigma * z))))
        voiced = float((w * voice).sum())
        return self.cfg.run.customers * (
            r.request_p + r.problem_p * voiced * r.planning_repeat_factor
        )

    def staff_needed(self, contacts_per_day: float) -> int:
        """Frontline staff the handling-time standard says ``contacts_per_day`` need."""
        r = self.r
        servers = contacts_per_day * self.standard_s / (r.open_s * r.target_occupancy)
        avail = 1.0 - r.training_share - r.shrinkage  # training days and shrinkage
        return max(1, math.ceil(servers * r.staffing_ratio / avail))

    def day_wage(self) -> float:
        """What one frontline staff day costs (outsourced staff are cheaper per hour)."""
        r = self.r
        return r.wage_per_day * (r.outsourced_wage_factor if r.outsourced != 0 else 1.0)

    def frontline(self, working: bool = False) -> list[Staff]:
        staff = self.agents_by_type.get(Staff, [])
        return [a for a in staff if not a.manager and (not working or a.start_day <= self.day)]

    def managers(self) -> list[Staff]:
        return [a for a in self.agents_by_type.get(Staff, []) if a.manager]

    # ---- one day ------------------------------------------------------------------------------
    def step(self) -> None:
        if self.day == self.warmup:
            self.begin_measurement()
        elif self.cfg.run.switch_at is not None and self.measured_day == self.cfg.run.switch_at:
            self.adopt(self.cfg.policy)
            if self.cfg.policy != self.cfg.switch_from_policy:
                self.switch_costs()
        r, day = self.r, self.day
        self.count = dict.fromkeys(COUNTERS, 0.0)
        # 1. the roll-call: who trains or is away, who dares, which managers take calls
        front, mgrs = self.frontline(working=True), self.managers()
        lead = r.dare_lead_base + r.dare_servant * r.servant_leadership
        script = 1.0 - r.dare_efficiency_penalty * (1.0 - r.metric_focus)
        for a in front + mgrs:
            a.start_shift(lead, script)
        mgr_front = [a for a in mgrs if self.random.random() < r.visit_share]
        on_shift = [a for a in front if not a.off_phones] + mgr_front
        # 2. customers (the problem rate carries the demand pulse and the fixes so far)
        in_pulse = r.pulse_start <= day < r.pulse_end
        self.problem_p = (
            r.problem_p * self.problem_mult * (1.0 + r.pulse_extra if in_pulse else 1.0)
        )
        self.agents_by_type[Customer].shuffle_do("step")
        # 3. the contact centre; 4. managers decide escalations, oldest first
        effort = centre.time_pressure(self, on_shift)
        calls = centre.todays_calls(self, on_shift, effort)
        overtime_s = centre.queue(self, calls, on_shift)
        for call in calls:
            centre.resolve(self, call, effort)
        centre.escalations(self, len(mgrs))
        # 5. word of mouth, referrals, paid acquisition
        market.word_of_mouth(self)
        market.paid_acquisition(self)
        # 6. staff: morale, quits, the staffing review; organisational learning
        self.mgr_intensity = len(mgr_front) / max(len(mgrs), 1)
        handled = sum(a.handled for a in front)
        self.team_aht_s = sum(a.busy for a in front) / handled if handled > 0 else self.standard_s
        self.agents_by_type[Staff].do("end_of_day")
        hiring_cost = self.staffing_review()
        self.learn(
            self.count["refusals"]
            + self.count["escalations"]
            + self.count["misfires"]
            + r.frontline_day_signals * len(mgr_front)
        )
        market.survey(self)  # 7. on its days, a sample says whether they would buy again
        self.offered_history.append(self.count["contacts"])
        self.lost_history.append(self.count["churned"] - self.count["new_referral"])
        self.account(overtime_s, hiring_cost)
        if self.day >= self.warmup:
            self.datacollector.collect(self)
        self.day += 1

    def staffing_review(self) -> float:
        """Every ``staffing_review_days``: hire toward the staff the standard says recent demand
        needs (new hires start after the hiring delay); keep the manager span. Returns the
        hiring cost."""
        r = self.r
        review = int(r.staffing_review_days)
        if self.day % review != review - 1:
            return 0.0
        recent = self.offered_history[-int(r.staffing_lookback_days) :] or [self.expected_contacts]
        desired, employed = self.staff_needed(sum(recent) / len(recent)), len(self.frontline())
        sel = r.hiring_selectivity
        delay = int(round(r.hiring_delay_days * (1.0 + r.selective_hiring_delay * sel)))
        hires = max(0, desired - employed)
        for _ in range(hires):
            Staff(self, self.day + 1 + delay)
        want_mgr = max(1, math.ceil(max(desired, employed) / r.manager_span))
        for _ in range(max(0, want_mgr - len(self.managers()))):
            Staff(self, self.day + 1, manager=True)
        wage = self.day_wage()
        return (
            hires * r.replacement_cost_share * wage * 365.0 * (1.0 + r.selective_hiring_cost * sel)
        )

    def learn(self, signal: float) -> None:
        """Fixes go stale (coverage and the problem rate relax toward the scenario's); heard
        complaints x openness buy new ones, alternately a wider rulebook and fewer problems."""
        r = self.r
        stale = 1.0 - math.exp(-r.fix_obsolescence_per_year / 365.0)
        self.coverage -= stale * (self.coverage - r.rule_coverage)
        self.problem_mult += stale * (1.0 - self.problem_mult)
        self.learn_signal += signal * r.feedback_openness
        fixes = 0
        while self.learn_signal >= r.fix_threshold:
            self.learn_signal -= r.fix_threshold
            fixes += 1
            self.fixes_made += 1
            if self.fixes_made % 2:  # alternate over the run, not within a day
                self.coverage += r.fix_coverage_step * (r.fix_coverage_max - self.coverage)
            else:
                self.problem_mult *= r.fix_problem_factor
        self.count["fixes"] = fixes

    def account(self, overtime_s: float, hiring_cost: float) -> None:
        """The day's ledger (the same items as core/ledger.py)."""
        r, c = self.r, self.count
        wage = self.day_wage()
        c["cost_total"] = (
            c["revenue"] * (1.0 - r.margin)
            + len(self.frontline(working=True)) * wage
            + overtime_s / r.open_s * wage * r.overtime_premium
            + len(self.managers()) * r.manager_wage_per_day
            + c["goodwill"]
            + c["cost_gifts"]
            + c["cost_promotions"]
            + hiring_cost
            + c["new_paid"] * r.cost_per_acquisition
            + c["recognitions"] * r.recognition_bonus
            + c["fixes"] * r.fix_cost
            + r.rule_transparency * r.transparency_cost_per_customer_per_year / 365.0 * c["active"]
            + c["second_looks"] * r.second_look_cost
        )

    def summary(self) -> dict[str, float]:
        """The measured period: retention of its first day's customers (never having left),
        end satisfaction and a few totals."""
        ts = self.datacollector.get_model_vars_dataframe()
        active = [c for c in self.people if c.status == ACTIVE]
        stayed = sum(c.join_day < self.warmup for c in active)
        years = ts["customers_active"].sum() / 365.0
        return {
            "retention_rate": stayed / self.start_active if self.start_active else math.nan,
            "mean_satisfaction": float(np.mean([c.sat for c in active])),
            "customers_active_end": float(len(active)),
            "contacts": float(ts["contacts"].sum()),
            "problems": float(ts["problems"].sum()),
            "churned": float(ts["churned"].sum()),
            "churn_rate_per_year": float(ts["churned"].sum() / years) if years else math.nan,
            "new_customers_referral": float(ts["new_customers_referral"].sum()),
            "new_customers_paid": float(ts["new_customers_paid"].sum()),
            "unfair_comparisons": float(ts["unfair_comparisons"].sum()),
            "abandonment_rate": float(ts["abandoned"].sum() / max(ts["contacts"].sum(), 1)),
            "would_buy_again": float(ts["survey_yes"].sum() / max(ts["survey_asked"].sum(), 1)),
            "staff_count": float(ts["staff_count"].mean()),
        }

    def run_all(self) -> None:
        """Play the measured period to its horizon (the warm-up was played on construction)."""
        while self.measured_day < self.cfg.run.days:
            self.step()
