"""The contact centre's day, as functions of the model: time pressure, today's calls, the FCFS
queue, resolving a contact, and managers' escalations.

Mirrors core/contact_centre.py (time pressure, escalation capacity), core/kernels/resolution.py
(calls and contacts), core/kernels/queue.py (FCFS with abandonment and overtime) and
core/kernels/network.py's ``process_escalations``.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import mesa

from servicesim.bench.mesa_reference.rules import ACTIVE, clip01

if TYPE_CHECKING:
    from servicesim.bench.mesa_reference.customer import Customer
    from servicesim.bench.mesa_reference.staff import Staff


def time_pressure(m: mesa.Model, on_shift: list[Staff]) -> float:
    """Yesterday's load against today's capacity; the standard's drift; returns today's effort
    (the share of the needed time staff take)."""
    r = m.r
    offered_prev = m.offered_history[-1] if m.offered_history else m.expected_contacts
    m.pressure = (
        offered_prev * m.standard_s / (max(len(on_shift), 1) * r.open_s * r.target_occupancy)
    )
    if m.pressure <= 1.0:
        cut = 1.0
    else:
        cut = max(r.pressure_cut_floor, m.pressure**-r.pressure_cut_exponent)
    if r.standards_anchored == 0:  # the standard drifts toward what is actually done
        m.standard_s += (m.standard_s * cut - m.standard_s) / r.standard_drift_days
    # an efficiency metric makes staff rush a little on every contact
    return cut * (1.0 - r.efficiency_rush * (1.0 - r.metric_focus))


def todays_calls(m: mesa.Model, on_shift: list[Staff], effort: float) -> list[dict]:
    """Callers in arrival order, with their work (s at full skill) and patience (s); a share
    ``arrival_peak_share`` of them arrive in the daily peak, the rest evenly."""
    r, rnd = m.r, m.random
    mean_e = sum(a.empower for a in on_shift) / len(on_shift) if on_shift else 0.0
    uncovered = 1.0 + (r.judgment_time_factor - 1.0) * mean_e
    patience_kind = int(r.patience_kind)  # 0 exponential, 1 lognormal, 2 infinite
    calls = []
    for c in m.people:
        if not c.contact_today:
            continue
        if rnd.random() < r.arrival_peak_share:  # in the daily peak, kept inside the day
            x = r.arrival_peak_center + r.arrival_peak_width * rnd.gauss(0, 1)
            arrival = r.open_s * min(max(x, 0.0), 1.0 - 1e-9)
        else:  # evenly spread over the opening hours
            arrival = r.open_s * rnd.random()
        mult = math.exp(r.service_mu + r.service_sigma * rnd.gauss(0, 1))
        if c.contact_today == 1:
            work = r.request_time_s * mult
        else:
            work = r.problem_time_s * mult * (1.0 if c.covered else uncovered)
        if patience_kind == 2:
            patience = math.inf
        elif patience_kind == 1:
            factor = math.exp(r.patience_call_mu + r.patience_lognormal_sd * rnd.gauss(0, 1))
            patience = r.patience_mean_s * c.patience * factor
        else:
            patience = r.patience_mean_s * c.patience * rnd.expovariate(1.0)
        calls.append(
            {
                "customer": c,
                "kind": c.contact_today,
                "arrival": arrival,
                "work": work * effort,
                "patience": patience,
            }
        )
    calls.sort(key=lambda call: call["arrival"])
    m.count["contacts"] = len(calls)
    return calls


def queue(m: mesa.Model, calls: list[dict], on_shift: list[Staff]) -> float:
    """First come, first served: the earliest-free agent takes each call; returns overtime s."""
    open_s = m.r.open_s
    free_at = [0.0] * len(on_shift)
    speed = [a.speed() for a in on_shift]
    overtime = 0.0
    for call in calls:
        if not on_shift:  # nobody on the phones: every caller waits out their patience
            call["wait"] = min(call["patience"], open_s - call["arrival"])
            call["abandoned"] = True
            continue
        k = min(range(len(free_at)), key=free_at.__getitem__)
        start = max(call["arrival"], free_at[k])
        call["wait"] = start - call["arrival"]
        call["abandoned"] = call["wait"] > call["patience"]
        if call["abandoned"]:  # hung up when patience ran out
            call["wait"] = call["patience"]
            continue
        call["agent"] = on_shift[k]
        call["service"] = call["work"] / speed[k]
        free_at[k] = start + call["service"]
        if free_at[k] > open_s:
            overtime += free_at[k] - max(start, open_s)
    return overtime


def sweetheart(m: mesa.Model, c: Customer, agent: Staff) -> None:
    """An unauthorised giveaway, more likely with low morale and discretion in use."""
    r = m.r
    if r.sweetheart_rate <= 0.0:
        return
    p = (
        r.sweetheart_rate
        * math.exp(r.sweetheart_morale_slope * (r.quit_reference_morale - agent.morale))
        * (1.0 + r.sweetheart_norms * agent.empower)
    )
    if m.random.random() < p:
        m.count["goodwill"] += r.sweetheart_value * m.random.expovariate(1.0)
        c.sat = clip01(c.sat + r.sweetheart_lift)


def case_latitude(r: Any, e: float, c: Customer) -> float:
    """The discretion an agent who uses ``e`` brings to customer ``c``'s uncovered case: x
    ``major_case_latitude`` on a major case (claimed stake >= ``major_case_stake``), x
    ``valued_customer_latitude`` for a valued customer (revenue a day >=
    ``valued_customer_multiple`` x the mean), at most 1."""
    mult = 1.0
    if c.sev * (1.0 + r.claim_inflation * c.claim) >= r.major_case_stake:
        mult *= r.major_case_latitude
    if c.value >= r.valued_customer_multiple * r.value_per_day:
        mult *= r.valued_customer_latitude
    return e if mult == 1.0 else min(e * mult, 1.0)


def resolve(m: mesa.Model, call: dict, effort: float) -> None:
    """One contact: diagnosis, script, discretion, escalation or refusal, gestures."""
    r, rnd, count, day = m.r, m.random, m.count, m.day
    c = call["customer"]
    err_mult = 1.0 + r.rush_error_factor * (1.0 - effort)
    if call["kind"] == 1:  # a routine request
        if call["abandoned"]:
            count["abandoned"] += 1
            c.sat = clip01(c.sat - r.request_annoyance)
            return
        agent = call["agent"]
        count["answered"] += 1
        agent.busy += call["service"]
        agent.handled += 1
        # procedural annoyance of a long wait; a botched request costs a share more
        loss = r.request_annoyance * (1.0 - math.exp(-call["wait"] / r.procedural_wait_scale_s))
        p_err = (r.request_error_base + r.request_error_novice * (1.0 - agent.skill)) * err_mult
        if rnd.random() < p_err:
            loss += r.botched_request_annoyance * r.request_annoyance
        c.sat = clip01(c.sat - loss)
        sweetheart(m, c, agent)
        return
    if c.status != ACTIVE or c.pstate != 2:
        return
    c.contacts = min(c.contacts + 1, 100)
    c.wait += call["wait"]
    count["first"] += c.contacts == 1
    if call["abandoned"]:
        count["abandoned"] += 1
        c.abandons = min(c.abandons + 1, 100)
        if rnd.random() >= r.retry_prob:
            c.pstate = 4  # gives up: decides after a while
        c.next_contact = day + 1
        return
    agent = call["agent"]
    count["answered"] += 1
    agent.busy += call["service"]
    agent.handled += 1
    agent.problems += 1
    sat_before = c.sat
    agent.angry += sat_before < r.angry_satisfaction
    c.courtesy = agent.courtesy()
    sweetheart(m, c, agent)
    resolved = False
    novice = r.diagnosis_error_novice * (1.0 - agent.skill)
    if c.covered:
        novice *= 1.0 - r.script_novice_help  # a script carries a green agent
    if rnd.random() < (r.diagnosis_error_base + novice) * err_mult:
        pass  # wrong diagnosis: the fix will not work
    elif c.covered:
        c.comp += r.script_comp_share * c.sev
        count["goodwill"] += r.script_comp_share * c.sev
        resolved = True
    elif rnd.random() < case_latitude(r, agent.empower, c):
        agent.discretion += 1
        # the agent judges the stake the customer claims (inflated, if the claim is)
        spread = math.exp(r.spend_sigma * (r.spend_judgment_ref - agent.judgment) * rnd.gauss(0, 1))
        claimed = c.sev * (1.0 + r.claim_inflation * c.claim)
        spend = min(claimed * r.discretion_spend_share * spread, agent.granted_cap)
        if 0.0 < r.second_look_above < spend:  # a manager's second look pays the true stake
            count["second_looks"] += 1
            if c.claim:
                spend = min(c.sev * r.discretion_spend_share * spread, agent.granted_cap)
        c.comp += spend
        count["goodwill"] += spend
        if spend > 0.0:
            c.helped = 1  # asking paid: next time the customer asks more readily
        resolved = rnd.random() < agent.judgment
        if not resolved:
            count["misfires"] += 1
            c.broken = 1  # a promise broken
        # judgment grows with decisions and the feedback on them
        feedback = 0.5 * (r.metric_focus + r.servant_leadership)
        agent.judgment += r.judgment_learning_rate * feedback * (r.trait_max - agent.judgment)
    elif rnd.random() < r.escalation_share:
        count["escalations"] += 1
        c.pstate, c.esc_day, c.next_contact = 3, day, -1
        m.escalated.append(c)
        return
    else:  # 'our policy is...'
        count["refusals"] += 1
        c.refused = min(c.refused + 1, 100)
        if rnd.random() < r.rule_transparency:
            c.explained = 1
        if rnd.random() < r.refused_retry_share * r.retry_prob:
            c.next_contact = day + 1  # tries again, hoping for another answer
        else:
            c.close_episode(False, False)
        return
    if resolved:
        count["fcr"] += c.contacts == 1
        if rnd.random() < r.surprise_rate * agent.empower:
            count["cost_gifts"] += r.surprise_cost * rnd.expovariate(1.0)
            c.delight = 1
        c.close_episode(True, c.contacts == 1)
        agent.justice_sum += c.sat
        agent.grateful += c.sat >= r.grateful_satisfaction
        hero = sat_before < r.angry_satisfaction and c.sat >= r.promoter_threshold
        agent.heroes += (not c.covered) and hero
    elif rnd.random() < r.retry_prob:  # the fix did not work: try again later or give up
        c.next_contact = day + int(r.failed_fix_retry_days)
    else:
        c.close_episode(False, False)


def escalations(m: mesa.Model, n_managers: int) -> None:
    """Managers decide escalated cases, oldest first, within the day's capacity (servant
    leadership and front-line days take time from it)."""
    r, day = m.r, m.day
    free = 1.0 - r.servant_manager_time * r.servant_leadership - r.visit_share
    capacity = int(round(n_managers * r.escalations_per_manager_day * max(0.0, free)))
    while m.escalated and capacity > 0:
        c = m.escalated[0]
        if c.status == ACTIVE and c.pstate == 3 and c.esc_day >= day:
            break  # escalated today: a manager calls back tomorrow at the earliest
        m.escalated.popleft()
        if c.status != ACTIVE or c.pstate != 3:
            continue  # left meanwhile
        capacity -= 1
        resolved = m.random.random() < r.manager_fix_rate
        comp = r.manager_comp_share * c.sev
        c.comp += comp
        m.count["goodwill"] += comp
        c.courtesy = r.manager_courtesy
        c.close_episode(resolved, False)
