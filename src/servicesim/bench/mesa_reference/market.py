"""The market, as functions of the model: word of mouth and referrals, paid acquisition, and
the periodic survey.

Mirrors core/kernels/network.py (``deliver_wom``, ``share_gap``, ``acquire_paid``, ``in_market``),
core/customers.py (``acquisition_budget``, ``paid_acquisition``, ``survey``) and
core/kernels/leaving.py's ``periodic_survey``. People in the market are prospects and former
customers who left at least ``win_back_days`` ago (``Customer.in_market``).
"""

from __future__ import annotations

import mesa

from servicesim.bench.mesa_reference.customer import Customer
from servicesim.bench.mesa_reference.rules import ACTIVE, clip01


def share_gap(talker: Customer, listener: Customer, day: int, window: float) -> float:
    """How much more of the stake ``talker`` got than ``listener`` for the same kind of problem
    (covered by the rules or not), both voiced episodes ended within ``window`` days; 0 when not
    comparable or the listener got as much (only under-reward is felt: Adams 1965). At most 1."""
    a, b = talker.last_share, listener.last_share
    if a < 0.0 or b < 0.0 or a <= b or talker.last_covered != listener.last_covered:
        return 0.0
    ends = (talker.episode_end, listener.episode_end)
    if min(ends) < 0 or day - min(ends) > window:
        return 0.0
    return min(a - b, 1.0)


def word_of_mouth(m: mesa.Model) -> None:
    """Deliver today's messages: attitudes of customers, referrals of people in the market."""
    r, rnd, count = m.r, m.random, m.count
    impact = r.wom_impact * r.tie_strength
    unfair = impact * r.unfairness_weight
    for talker in [c for c in m.people if c.talk_today]:
        if not talker.ties:
            continue
        positive = talker.talk_positive
        for _ in range(talker.talk_today):
            listener = talker.ties[int(rnd.random() * len(talker.ties))]
            count["wom_positive" if positive else "wom_negative"] += 1
            if listener.status == ACTIVE:
                delta = impact if positive else -impact * r.wom_negative_weight
                listener.sat = clip01(listener.sat + delta)
                gap = share_gap(talker, listener, m.day, r.unfairness_window_days)
                if unfair > 0.0 and gap > 0.0:  # someone got more for the same problem
                    count["unfair_comparisons"] += 1
                    listener.sat = clip01(listener.sat - unfair * gap)
            elif listener.in_market():
                if not positive:
                    listener.sat = clip01(listener.sat - impact * r.wom_negative_weight)
                elif rnd.random() < r.referral_act_prob:
                    count["referrals"] += 1
                    # the listener's own attitude scales conversion (a neutral prospect: x1)
                    attitude = min(listener.sat / r.prospect_satisfaction, r.referral_attitude_cap)
                    if rnd.random() < r.referral_conversion * attitude:
                        listener.join(1)
                        count["new_referral"] += 1


def acquisition_budget(m: mesa.Model) -> float:
    """Paid acquisitions a day before a promotion's lift: fixed for the measured period (set
    when it begins); during the warm-up what left in the last four weeks net of referrals
    (with calibration and some history), else ``paid_acquisition_per_year`` of the base."""
    r = m.r
    if m.acquisition_per_day is not None:
        return m.acquisition_per_day
    recent = m.lost_history[-28:]
    if r.calibrate_acquisition == 0 or not recent:
        return r.paid_acquisition_per_year * m.cfg.run.customers / 365.0
    return max(sum(recent) / len(recent), 0.0)


def paid_acquisition(m: mesa.Model) -> None:
    """The day's paid acquisitions (a Poisson draw around the budget; a discount buys more):
    the next people in the market in a fixed random order of everyone, cycling; a full round
    finding nobody stops it."""
    r = m.r
    lam = acquisition_budget(m) * (1.0 + r.promotion_acquisition_lift * r.promotion_discount)
    n_paid = int(m.rng.poisson(lam)) if lam < 30 else int(round(lam))
    order, n, seen = m.market_order, len(m.market_order), 0
    while n_paid > 0 and seen < n:
        c = order[m.market_ptr]
        m.market_ptr = (m.market_ptr + 1) % n
        seen += 1
        if c.in_market():
            c.join(2)
            n_paid -= 1
            m.count["new_paid"] += 1
            seen = 0


def survey(m: mesa.Model) -> None:
    """Every ``survey_interval_days`` (of the measured calendar) a sample of active customers
    answers "would you buy again?" (being asked changes nothing)."""
    run, rnd, count = m.cfg.run, m.random, m.count
    if m.measured_day % run.survey_interval_days != 0 or run.survey_sample_share <= 0:
        return
    for c in m.people:
        if c.status == ACTIVE and rnd.random() < run.survey_sample_share:
            count["survey_asked"] += 1
            count["survey_yes"] += rnd.random() < c.intent_probability()
