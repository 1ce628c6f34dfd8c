"""The ``Staff`` agent: a frontline agent or a manager.

Mirrors core/workforce.py (a new hire's traits) and core/kernels/workforce.py (the discretion
an agent dares to use, speed, recognition, morale, learning and quits); courtesy is
core/kernels/resolution.py's ``courtesy_of``.
"""

from __future__ import annotations

import math

import mesa

from servicesim.bench.mesa_reference.rules import clip01


class Staff(mesa.Agent):
    """A frontline agent or a manager, starting work on ``start_day``."""

    def __init__(self, model: mesa.Model, start_day: int, manager: bool = False) -> None:
        super().__init__(model)
        r, rnd = model.r, model.random
        self.manager, self.start_day = manager, start_day
        self.recog = self.empower = 0.0
        self.granted = self.granted_cap = 0.0
        self.off_phones = False
        self.switch_from = self.switch_until = -1  # training for a policy switched to
        self.reset_day()
        if manager:
            self.skill = self.cap = r.manager_skill
            self.judgment, self.empathy = r.manager_judgment, r.manager_empathy
            self.morale, self.confidence = r.manager_morale, r.manager_confidence
            return
        z = [rnd.gauss(0, 1) for _ in range(4)]
        sel, outsourced = r.hiring_selectivity, r.outsourced != 0
        cap = (
            r.skill_cap
            - (r.outsourced_skill_penalty if outsourced else 0.0)
            + min(r.training_cap_gain_per_day * r.training_days_per_year, r.training_cap_gain_max)
        )
        lo, hi = r.trait_min, r.trait_max
        self.cap = max(min(cap, r.skill_cap_max), 0.0)  # a skill, never negative
        self.skill = r.novice_skill
        judgment = r.judgment_mean + r.judgment_selectivity * sel + r.judgment_sd * z[0]
        self.judgment = min(max(judgment, lo), hi)
        empathy = r.empathy_mean + r.empathy_selectivity * sel + r.empathy_sd * z[1]
        self.empathy = min(max(empathy, lo), hi)
        morale = (
            r.hire_morale_mean
            - (r.outsourced_morale_penalty if outsourced else 0.0)
            + r.hire_morale_sd * z[2]
        )
        self.morale = min(max(morale, lo), r.hire_morale_max)
        self.confidence = math.exp(r.confidence_log_sd * z[3])

    def reset_day(self) -> None:
        self.busy = self.handled = self.angry = self.grateful = self.heroes = 0.0
        self.discretion = self.justice_sum = self.problems = 0.0

    def start_shift(self, lead: float, script: float) -> None:
        """The morning roll-call: training today, away (shrinkage), or on the phones, with the
        discretion one dares (``lead``: servant leaders' backing; ``script``: the efficiency
        metric's pull). ``off_phones`` marks training or away."""
        r = self.model.r
        self.reset_day()
        if self.manager:
            self.off_phones, self.empower = False, r.manager_empowerment
            self.granted, self.granted_cap = r.manager_empowerment, r.discretion_cap
            return
        # one draw: under training_share training, under that plus shrinkage away
        self.off_phones = self.model.random.random() < r.training_share + r.shrinkage
        if self.switch_from <= self.model.day < self.switch_until:
            self.off_phones = True  # training for a policy switched to (model.switch_costs)
        # the tier's grant: the senior tier (skill >= senior_skill) may get more latitude and cap
        self.granted, self.granted_cap = r.empowerment, r.discretion_cap
        if self.skill >= r.senior_skill:
            self.granted = min(self.granted + r.senior_extra_latitude, 1.0)
            self.granted_cap *= r.senior_cap_multiple
        dare = self.confidence * lead * (r.dare_morale_floor + r.dare_morale_weight * self.morale)
        self.empower = self.granted * clip01(dare * script)

    def speed(self) -> float:
        """Work done per second, relative to a fully skilled agent's standard."""
        r = self.model.r
        return r.manager_speed if self.manager else r.novice_speed + r.skill_speed * self.skill

    def courtesy(self) -> float:
        """Scripts give a steady floor; the agent's own courtesy varies with empathy and morale;
        the two are blended by the discretion used."""
        r, e, m = self.model.r, self.empower, self.morale
        script = r.script_courtesy_base + r.script_courtesy_morale * m
        shown = r.courtesy_morale_floor + r.courtesy_morale_weight * m
        own = r.own_courtesy_base + r.own_courtesy_empathy * self.empathy * shown
        return (1.0 - e) * script + e * own

    def end_of_day(self) -> None:
        """Recognition, morale, learning, and maybe quitting (frontline staff at work only)."""
        m, r = self.model, self.model.r
        if self.manager or self.start_day > m.day:
            return
        focus, serv, outsourced = r.metric_focus, r.servant_leadership, r.outsourced != 0
        occ = self.busy / max(r.open_s, 1.0)
        served = max(self.handled, 1.0)
        aht = self.busy / served if self.handled > 0 else m.team_aht_s
        angry, grateful = self.angry / served, self.grateful / served
        e, disc_share = self.empower, self.discretion / served
        merit_eff = 1.0 if self.handled > 0 and aht < m.team_aht_s else 0.0  # faster than the team
        praised = self.grateful + r.hero_merit_weight * self.heroes
        merit_cust = clip01(praised / max(self.problems, 1.0))
        merit = (1.0 - focus) * merit_eff + focus * merit_cust
        recognised = self.handled > 0 and (
            m.random.random() < r.recognition * merit * r.recognition_daily_share
        )
        m.count["recognitions"] += recognised
        self.recog = self.recog * r.recognition_decay + (1.0 if recognised else 0.0)
        support = r.autonomy_support_floor + r.autonomy_support_servant * serv
        target = (
            r.morale_base
            + r.morale_autonomy * e * support
            + r.morale_servant * serv
            + r.morale_recognition * min(self.recog, r.recognition_cap)
            + r.morale_grateful * grateful
            - r.morale_overload * max(occ - r.overload_occupancy, 0.0)
            - r.morale_angry * angry
            - r.morale_role_stress * e * (1.0 - serv)
            - r.morale_script_punishment * (1.0 - focus) * disc_share
            - (r.outsourced_morale_penalty if outsourced else 0.0)
            - r.morale_unheeded_visits * m.mgr_intensity * (1.0 - r.feedback_openness)
        )
        self.morale = clip01(self.morale + r.morale_rate * (target - self.morale))
        if self.handled > 0:
            learn = min(
                r.learning_rate * (1.0 + r.training_days_per_year / r.training_learning_days), 1.0
            )
            self.skill += learn * (self.cap - self.skill)
        factor = r.outsourced_quit_factor if outsourced else 1.0
        base = r.base_quit_per_year / 365.0 * factor
        hazard = base * math.exp(r.quit_morale_slope * (r.quit_reference_morale - self.morale))
        if m.random.random() < hazard:
            m.count["staff_quits"] += 1
            self.remove()
