"""Customers' day: the daily pass over everyone, word of mouth, referrals, paid acquisition,
and the periodic survey.

The daily pass (``kernels/customers.py``) plays revenue, attitude, problems, voice, requests,
silent endings, leaving (``kernels/leaving.py``) and everyday talk for every person. Messages
are then delivered over the implicit network (``kernels/network.py``), positive ones to people
in the market becoming referrals; paid acquisition buys a budgeted number of them a day.
"""

from __future__ import annotations

from servicesim.core import rng
from servicesim.core.kernels import layout as L
from servicesim.core.kernels.customers import customer_day, customer_day_serial
from servicesim.core.kernels.leaving import log_leavers, periodic_survey
from servicesim.core.kernels.network import W_NEW_PAID, acquire_paid, deliver_wom
from servicesim.core.kernels.twins import nonzero_index
from servicesim.core.state import CHUNK, Today, World
from servicesim.core.vector import K

# Below 4 chunks (65,536 people, about 44,000 customers) the daily pass runs on the calling
# thread. Tried on 2026-11-22: chunks of 4,096, so that 10,000 customers use both cores, were
# 1.2-1.35x faster on a quiet machine but 4.7x slower while the host kept the second core busy
# (the OpenMP team waits for its slowest thread), so small runs stay serial.
PARALLEL_MIN_CHUNKS = 4


def daily_pass(w: World, t: Today) -> None:
    """Every person's day (parallel over fixed chunks); the problem rate carries the demand
    pulse and the root-cause fixes so far."""
    v = w.values
    pulse = v[K.pulse_start] <= t.day < v[K.pulse_end]
    mult = w.problem_mult * (1.0 + v[K.pulse_extra] if pulse else 1.0)
    day_pass = customer_day if w.acc.shape[0] >= PARALLEL_MIN_CHUNKS else customer_day_serial
    pe = w.people
    t.customers = day_pass(
        t.day, w.key, pe.f, pe.i, pe.b, w.prm, mult, w.coverage, CHUNK, w.acc, w.left
    )
    # customers who left soon after an episode, as events for the feed
    w.n_events = log_leavers(w.left, t.day, w.events, w.n_events, pe.i, pe.b)


def word_of_mouth(w: World, t: Today) -> None:
    """Today's messages over the network; positive ones to prospects may become customers."""
    pe = w.people
    talkers = nonzero_index(pe.b[L.B_TALK_TODAY])
    deliver_wom(t.day, w.key, talkers, pe.f, pe.i, pe.b, w.prm, t.network)


def acquisition_budget(w: World) -> float:
    """Paid acquisitions a day before a promotion's lift.

    Fixed for the measured period (``World.acquisition_per_day``, set when it begins: the same
    for every policy, never tracking a run's churn). During the warm-up the status quo replaces
    what left in the last four weeks, net of referrals (calibrating); without calibration, or
    before any history, ``paid_acquisition_per_year`` of the initial base.
    """
    v = w.values
    if w.acquisition_per_day is not None:
        return w.acquisition_per_day
    recent = w.records[-28:]
    if v[K.calibrate_acquisition] == 0 or not recent:
        return v[K.paid_acquisition_per_year] * w.customers / 365.0
    lost = sum(r["churned"] - r["new_customers_referral"] for r in recent) / len(recent)
    return max(lost, 0.0)


def paid_acquisition(w: World, t: Today) -> None:
    """The day's paid acquisitions (a Poisson draw around the budget; a discount buys more)."""
    v = w.values
    lam = acquisition_budget(w) * (1.0 + v[K.promotion_acquisition_lift] * v[K.promotion_discount])
    n_paid = rng.poisson(lam, w.key, rng.S_ACQUIRE, 0, t.day, 0) if lam < 30 else int(round(lam))
    pe = w.people
    w.market_ptr, got = acquire_paid(
        t.day, w.key, n_paid, pe.market_order, w.market_ptr, pe.f, pe.i, pe.b, w.prm
    )
    t.network[W_NEW_PAID] = got


def survey(w: World, t: Today) -> None:
    """Every ``survey_interval_days`` a keyed sample of customers answers "would you buy
    again?" (stated intention; being asked changes nothing)."""
    run = w.cfg.run
    if w.measured_day % run.survey_interval_days != 0 or run.survey_sample_share <= 0:
        return
    pe = w.people
    t.survey_asked, t.survey_yes = periodic_survey(
        t.day, w.key, pe.f, pe.b, w.prm, run.survey_sample_share
    )
