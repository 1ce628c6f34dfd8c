"""The ``Customer`` agent: traits, the daily pass, new problems, leaving, ending an episode,
joining.

Mirrors core/kernels/population.py (traits), core/kernels/customers.py (the daily pass),
core/kernels/leaving.py (the hazard of leaving, the survey's answer) and core/kernels/episode.py
(justice, episode word of mouth); joining and being in the market are core/kernels/network.py's
``join`` and ``in_market``.
"""

from __future__ import annotations

import math

import mesa

from servicesim.bench.mesa_reference.rules import (
    ACTIVE,
    FORMER,
    PROSPECT,
    QUICK,
    RESOLVED,
    SHARE_CAP,
    SILENT,
    UNRESOLVED,
    clip01,
)

#: stakes lie between 1 cent and $10 million (as kernels/customers.py clips them)
LN_SEV_MIN, LN_SEV_MAX = math.log(0.01), math.log(1e7)


class Customer(mesa.Agent):
    """A person: prospect, customer or former customer, with an open problem or none."""

    def __init__(self, model: mesa.Model, is_customer: bool) -> None:
        super().__init__(model)
        r, rnd = model.r, model.random
        base = r.satisfaction_mean + r.satisfaction_sd * rnd.gauss(0, 1)
        self.base = min(max(base, r.baseline_min), r.baseline_max)
        self.expect = r.justice_expectation
        self.value = r.value_per_day * math.exp(
            r.value_log_mu + r.value_log_sigma * rnd.gauss(0, 1)
        )
        self.patience = math.exp(r.patience_log_mu + r.patience_log_sigma * rnd.gauss(0, 1))
        self.voice = math.exp(r.voice_log_sd * rnd.gauss(0, 1))
        self.sev = self.wait = self.comp = self.courtesy = self.fails = 0.0
        self.leave_day = self.next_contact = self.esc_day = -1
        self.promo_until = self.contract_end = -1
        self.prob_day = 0
        self.pstate = self.covered = self.contacts = self.refused = self.explained = 0
        self.delight = self.cohort = self.channel = self.abandons = 0
        # this episode: a discretionary fix failed (a promise broken), the claim is inflated;
        # helped: an agent's discretion has paid this customer before (never reset)
        self.broken = self.claim = self.helped = 0
        self.contact_today = self.talk_today = 0
        self.talk_positive = False
        self.ties: list[Customer] = []
        # how the last episode ended (0 none, else its category + 1), the day it ended, and the
        # survey answer it left (0 none, 1 would buy again, 2 not)
        self.last_outcome, self.episode_end, self.survey = 0, -1, 0
        # the last voiced episode: compensation / stake (capped; -1 none or silent) and whether
        # its problem was covered by the rules, for comparisons with what others got
        self.last_share, self.last_covered = -1.0, 0
        if is_customer:  # tenure exponential with mean initial_tenure_days
            self.status, self.sat = ACTIVE, self.base
            self.join_day = -int(r.initial_tenure_days * rnd.expovariate(1.0))
            if rnd.random() < r.contract_share:
                self.contract_end = int(r.contract_length_days * rnd.random())
        else:
            self.status, self.sat, self.join_day = PROSPECT, r.prospect_satisfaction, -1

    # ---- the daily pass (core/kernels/customers.py) -------------------------------------------
    def step(self) -> None:
        m, r, day, rnd = self.model, self.model.r, self.model.day, self.model.random
        self.contact_today = self.talk_today = 0
        if self.status != ACTIVE:
            return
        sat = self.sat
        m.count["active"] += 1
        m.count["sat_sum"] += sat  # the day's opening attitude
        tenure = day - self.join_day
        value, promo = self.value, r.promotion_discount
        if self.promo_until >= day:
            m.count["cost_promotions"] += value * promo
            value *= 1.0 - promo
        m.count["revenue"] += value
        if tenure > 365:  # promotion resentment of the tenured
            sat -= r.promotion_resentment_per_day * promo
        gift = r.loyalty_gift_per_year
        if gift > 0 and tenure > 0 and tenure % 365 == 0:
            m.count["cost_gifts"] += gift
            sat += r.gift_lift * (1.0 - math.exp(-gift / r.gift_saturation_usd))
        sat += (self.base - sat) * r.relax
        if self.pstate in (1, 2, 3):  # an open problem erodes, voiced or silent
            sat -= r.open_erosion_per_day
        self.sat = clip01(sat)
        self.fails *= r.fail_decay
        closed = False
        if self.pstate in (1, 4) and day >= self.next_contact:
            closed = True
            self.close_episode(False, False)
        if self.pstate == 0 and not closed and rnd.random() < m.problem_p:
            self.new_problem()
        if self.pstate == 2 and self.next_contact == day:
            self.contact_today = 2
        elif rnd.random() < r.request_p:
            self.contact_today = 1
        sat = self.sat
        # leaving (core/kernels/leaving.py): under contract only at its end, with renewal_churn,
        # out of contract with the daily hazard; each times the customer's leave factor
        gone = False
        if self.contract_end == day:
            if rnd.random() < r.renewal_churn * self.leave_factor(sat):
                gone = True
            else:
                self.contract_end = day + int(r.contract_length_days)
        elif self.contract_end < day:
            gone = rnd.random() < r.base_churn_p * self.leave_factor(sat)
        if gone:
            m.count["churned"] += 1
            self.leave()
            self.contact_today = 0
        if rnd.random() < self.talk_probability(sat):
            self.talk_today = min(self.talk_today + 1, 100)
            self.talk_positive = sat >= r.talk_neutral

    def talk_probability(self, sat: float) -> float:
        """Everyday word of mouth: U-shaped in satisfaction, steeper on the unhappy side."""
        r = self.model.r
        neutral = r.talk_neutral
        if sat < neutral:
            dev = (neutral - sat) / max(neutral, 1e-6)
            return r.talk_base_per_day + r.talk_unhappy_slope * dev * dev
        dev = (sat - neutral) / max(1.0 - neutral, 1e-6)
        return r.talk_base_per_day + r.talk_happy_slope * dev * dev

    def new_problem(self) -> None:
        m, r, day, rnd = self.model, self.model.r, self.model.day, self.model.random
        ln_sev = r.sev_mu + r.sev_sigma * rnd.gauss(0, 1)
        sev = math.exp(min(max(ln_sev, LN_SEV_MIN), LN_SEV_MAX))
        self.sev, self.wait, self.comp, self.courtesy = sev, 0.0, 0.0, 0.0
        self.prob_day, self.esc_day = day, -1
        self.covered = 1 if rnd.random() < m.coverage else 0
        self.contacts = self.refused = self.explained = self.delight = self.abandons = 0
        self.broken = self.claim = 0
        ln_stake = math.log(max(sev, 0.01))
        self.sat = clip01(self.sat - clip01(r.loss_a + r.loss_b * ln_stake))
        self.fails += 1.0
        m.count["problems"] += 1
        z = r.voice_a + r.voice_b * ln_stake + math.log(self.voice)
        if rnd.random() < 1.0 / (1.0 + math.exp(-z)):
            self.pstate, self.next_contact = 2, day
            if r.claim_rate > 0.0:
                self.claim = self.inflated_claim()
        else:
            self.pstate, self.next_contact = 1, day + int(r.silent_days)

    def inflated_claim(self) -> int:
        """Whether a voiced problem comes with an inflated claim: more likely after an episode
        that ended unresolved and once discretion has paid, less in a long relationship."""
        m, r = self.model, self.model.r
        p = r.claim_rate
        if self.last_outcome == UNRESOLVED + 1:
            p *= 1.0 + r.claim_grievance
        if self.helped:
            p *= 1.0 + r.claim_learned
        p *= 1.0 - r.claim_relationship * min((m.day - self.join_day) / 365.0 / 5.0, 1.0)
        return 1 if m.random.random() < p else 0

    def leave_factor(self, sat: float) -> float:
        """How much more (or less) likely than the base this customer is to leave today: the
        satisfaction term times 1 + the last episode's fading shock (none without an episode)."""
        r = self.model.r
        factor = math.exp(r.hazard_satisfaction_slope * (r.hazard_reference_satisfaction - sat))
        if self.last_outcome:
            shock = (
                r.episode_shock_silent,
                r.episode_shock_unresolved,
                r.episode_shock_resolved,
                r.episode_shock_quick,
            )[self.last_outcome - 1]
            age = self.model.day - self.episode_end
            factor *= 1.0 + shock * math.exp(-age / r.episode_shock_days)
        return factor

    def intent_probability(self) -> float:
        """Chance of answering "I would buy again" (a survey answer, never a decision)."""
        r = self.model.r
        return 1.0 / (1.0 + math.exp(-r.intent_slope * (self.sat - r.intent_midpoint)))

    def in_market(self) -> bool:
        """A prospect, or a former customer who left at least ``win_back_days`` ago."""
        if self.status == PROSPECT:
            return True
        m = self.model
        return self.status == FORMER and m.day - self.leave_day >= m.r.win_back_days

    def leave(self) -> None:
        self.status, self.leave_day, self.pstate = FORMER, self.model.day, 0

    # ---- ending an episode (core/kernels/episode.py) ------------------------------------------
    def justice(self, resolved: bool) -> tuple[float, float, float]:
        """Distributive, interactional and procedural justice of a voiced episode, each 0-1."""
        r, day = self.model.r, self.model.day
        sev = max(self.sev, 0.01)
        comp_util = 1.0 - math.exp(-self.comp / (r.comp_scale * sev))
        d = r.distributive_fix_weight * resolved + r.distributive_comp_weight * comp_util
        if self.refused > 0 and not resolved:
            inter = (
                self.courtesy * (1.0 - r.refusal_coldness) + r.explanation_bonus * self.explained
            )
        else:
            inter = self.courtesy
        if self.broken and not resolved:  # a discretionary fix failed: a promise broken
            inter *= 1.0 - r.broken_promise
        if self.delight:
            inter += r.delight_bonus
        contacts = max(self.contacts, 1)
        days_open = max(day - self.prob_day, 0)
        proc = (
            math.exp(-(contacts - 1) / r.procedural_contacts_scale)
            * math.exp(-days_open / r.procedural_days_scale)
            * math.exp(-self.wait / contacts / r.procedural_wait_scale_s)
        )
        return clip01(d), clip01(inter), clip01(proc)

    def close_episode(self, resolved: bool, quick: bool) -> int:
        """Judge the episode, update attitude, maybe tell others, answer the survey; returns the
        episode's category. Nobody leaves here: the outcome and its day raise the hazard."""
        r, rnd = self.model.r, self.model.random
        voiced = self.contacts > 0 or self.esc_day >= 0
        sat, j = self.sat, 0.0
        if voiced:
            d, inter, proc = self.justice(resolved)
            wsum = r.w_distributive + r.w_interactional + r.w_procedural
            j = (r.w_distributive * d + r.w_interactional * inter + r.w_procedural * proc) / wsum
            fatigue = math.exp(-r.recovery_fatigue * max(self.fails - 1.0, 0.0))
            dsat = r.recovery_gain * fatigue * (j - self.expect)
            if not resolved:
                dsat -= r.double_deviation * (1.0 - inter)
            sat = clip01(sat + dsat)
            # expectations adapt to what is received (Oliver 1980): toward j, either way
            self.expect += r.expectation_adaptation * (j - self.expect)
            if self.delight:
                self.expect = min(self.expect + r.delight_expectation_step, 1.0)
            self.last_share = min(self.comp / max(self.sev, 0.01), SHARE_CAP)
            self.last_covered = self.covered
        else:
            self.last_share = -1.0
        self.cohort = 1 if (voiced and resolved) else 2
        self.sat, self.pstate, self.next_contact = sat, 0, -1
        outcome = (QUICK if quick else RESOLVED) if resolved else (UNRESOLVED if voiced else SILENT)
        self.model.episodes.append((self.model.day, outcome, sat))
        if voiced:  # episode word of mouth: what is told is how it was handled (its justice)
            neutral = r.talk_neutral
            unhappy = clip01((neutral - j) / max(neutral - r.very_unhappy_satisfaction, 1e-6))
            p_tell = (
                r.episode_tell_resolved
                + (r.episode_tell_unhappy - r.episode_tell_resolved) * unhappy
            )
            if self.delight:
                p_tell = min(1.0, p_tell + r.delight_tell_bonus)
            if rnd.random() < p_tell:
                extra = (r.episode_audience_unhappy - 1.0) * unhappy + r.delight_audience * (
                    self.delight
                )
                told = 1 + int(self.model.rng.poisson(extra))
                self.talk_today = min(self.talk_today + told, 100)
                self.talk_positive = j >= neutral
        self.last_outcome, self.episode_end = outcome + 1, self.model.day
        self.survey = 1 if rnd.random() < self.intent_probability() else 2
        return outcome

    def join(self, channel: int) -> None:
        """Become a customer today (referral 1, paid 2), at the personal baseline, no history."""
        m, r = self.model, self.model.r
        self.status, self.channel, self.cohort, self.pstate = ACTIVE, channel, 0, 0
        self.last_outcome, self.survey, self.episode_end = 0, 0, -1
        self.last_share = -1.0
        self.join_day, self.leave_day, self.next_contact = m.day, -1, -1
        promo_days = int(r.promotion_days) if r.promotion_discount > 0 else 0
        self.promo_until = m.day + promo_days - 1
        self.sat, self.fails = self.base, 0.0
        self.contract_end = (
            m.day + int(r.contract_length_days) if m.random.random() < r.contract_share else -1
        )
