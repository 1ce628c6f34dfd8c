"""What discretion costs and what rules give (MODEL.md sec. 4): each mechanism where it acts,
and nowhere else. Directions under common random numbers are in ``test_levers.py``; with every
mechanism at zero the results equal the previous model's (``test_golden.py``)."""

from __future__ import annotations

import numpy as np

from servicesim.core.kernels import layout as L
from servicesim.core.kernels.episode import justice
from servicesim.core.model import ServiceModel
from servicesim.core.vector import K, param_vector
from servicesim.experiments.simulate import run_config
from servicesim.params.config import resolve


def _one_person():
    pf = np.zeros((L.NF_PEOPLE, 1), np.float32)
    pi = np.zeros((L.NI_PEOPLE, 1), np.int32)
    pb = np.zeros((L.NB_PEOPLE, 1), np.int8)
    pf[L.F_SEV, 0] = 60.0
    pf[L.F_COURTESY, 0] = 0.7
    pb[L.B_CONTACTS, 0] = 1
    return pf, pi, pb


def test_a_broken_promise_can_hurt_more_than_an_explained_refusal():
    prm = param_vector(resolve("empowered", sets=["behaviour.broken_promise=0.6"]))
    pf, pi, pb = _one_person()
    pb[L.B_REFUSED, 0] = 1
    pb[L.B_EXPLAINED, 0] = 1
    _, refused, _ = justice(0, 0, 0, pf, pi, pb, prm)
    pf, pi, pb = _one_person()
    pf[L.F_COMP, 0] = 5.0  # a little goodwill spent on a fix that failed
    pb[L.B_BROKEN, 0] = 1
    d_broken, broken, _ = justice(0, 0, 0, pf, pi, pb, prm)
    w = (prm[K.w_distributive], prm[K.w_interactional])
    assert w[0] * d_broken + w[1] * broken < w[1] * refused  # worse, money included
    prm0 = param_vector(resolve("empowered", sets=["behaviour.broken_promise=0"]))
    _, kept, _ = justice(0, 0, 0, pf, pi, pb, prm0)
    assert kept > refused  # without the mechanism a failed fix always beat a refusal


def test_rules_pay_no_inflated_claim():
    """Scripts and managers pay on the documented stake: under rule_bound (no discretion)
    claims change nothing at all; under empowerment they cost goodwill. (No warm-up: the
    status quo that plays it uses discretion.)"""
    kw = {"customers": 20_000, "days": 120, "seed": 2, "warmup_days": 0}
    runs = {}
    for policy in ("rule_bound", "empowered"):
        for rate in ("0", "0.2"):
            cfg = resolve(policy, "default", [f"behaviour.claim_rate={rate}"], **kw)
            runs[policy, rate] = run_config(cfg).summary
    assert runs["rule_bound", "0"] == runs["rule_bound", "0.2"]
    assert runs["empowered", "0.2"]["cost_goodwill"] > runs["empowered", "0"]["cost_goodwill"]


def test_judgment_grows_with_decisions_and_feedback(compiled):
    sets = ["policy.metric_focus=1", "policy.servant_leadership=1", "scenario.rule_coverage=0.3"]
    means = {}
    for rate in ("0", "0.01"):
        cfg = resolve(
            "empowered",
            "default",
            [*sets, f"behaviour.judgment_learning_rate={rate}"],
            20_000,
            120,
            3,
            warmup_days=0,
        )
        model = ServiceModel(cfg)
        st = model.engine.st
        front = (st[L.S_ACTIVE] == 1) & (st[L.S_ROLE] == 0)
        start = float(st[L.S_JUDGMENT, front].mean())
        model.run_all()
        st = model.engine.st
        front = (st[L.S_ACTIVE] == 1) & (st[L.S_ROLE] == 0)
        means[rate] = (start, float(st[L.S_JUDGMENT, front].mean()))
    assert means["0.01"][1] > means["0.01"][0] + 0.01
    assert means["0.01"][1] > means["0"][1]


def test_each_agent_carries_its_tiers_grant(compiled):
    """Empowerment per agent: an agent whose skill reached policy.senior_skill is granted
    senior_extra_latitude more latitude (at most 1) and senior_cap_multiple times the cap;
    the others, the policy's own. The staff view shows each agent's grant."""
    from servicesim.core.agents import FrontlineAgent

    sets = ["policy.senior_skill=0.7", "policy.senior_extra_latitude=0.3"]
    cfg = resolve("guardrailed", "default", [*sets, "policy.senior_cap_multiple=3"], 20_000, 5, 4)
    model = ServiceModel(cfg)
    model.run_all()
    emp, cap = cfg.policy.empowerment, cfg.policy.discretion_cap
    agents = list(model.agents_by_type[FrontlineAgent])
    # the grant is the morning's: skill learnt during the last day may have crossed the bar
    senior = [a for a in agents if a.skill >= 0.71]
    junior = [a for a in agents if a.skill < 0.69]
    assert senior and junior
    for a in senior:
        assert a.empowerment_granted == min(emp + 0.3, 1.0)
        assert a.discretion_cap_granted == 3 * cap
        assert a.empowerment_used <= a.empowerment_granted
    for a in junior:
        assert (a.empowerment_granted, a.discretion_cap_granted) == (emp, cap)
