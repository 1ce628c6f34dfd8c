"""Inconsistency felt as unfairness through word of mouth (Adams 1965), and expectations that
adapt to what customers get (Oliver 1980): MODEL.md sec. 4. Each where it acts, its direction
under common random numbers, and on both sides of the policy question. At zero they change
nothing (``test_golden.py``)."""

from __future__ import annotations

import numpy as np

from servicesim.core.kernels import layout as L
from servicesim.core.kernels.episode import close_episode
from servicesim.core.kernels.network import NW, W_UNFAIR, deliver_wom
from servicesim.core.model import ServiceModel
from servicesim.core.vector import K, param_vector
from servicesim.experiments.simulate import run_config
from servicesim.params.config import resolve

DAY = 400


def _pair(share_talker: float, share_listener: float, covered=(1, 1), ended=(390, 380)):
    """Two customers: person 0 tells person 1 one positive message today."""
    pf = np.zeros((L.NF_PEOPLE, 2), np.float32)
    pi = np.full((L.NI_PEOPLE, 2), -1, np.int32)
    pb = np.zeros((L.NB_PEOPLE, 2), np.int8)
    pb[L.B_STATUS] = 1
    pf[L.F_SAT] = 0.7
    pf[L.F_LAST_SHARE] = (share_talker, share_listener)
    pb[L.B_LAST_COVERED] = covered
    pi[L.I_EPISODE_END] = ended
    pb[L.B_TALK_TODAY, 0] = 1
    pb[L.B_TALK_SIGN, 0] = 1
    return pf, pi, pb


def _told(pair, weight: float) -> tuple[float, float]:
    """The listener's satisfaction after the message, and the comparisons counted."""
    prm = param_vector(resolve("empowered", sets=[f"behaviour.unfairness_weight={weight}"]))
    prm[K.network_degree] = 50.0  # surely a tie (the only other person)
    pf, pi, pb = pair
    out = np.zeros(NW)
    deliver_wom(DAY, 7, np.array([0], np.int64), pf, pi, pb, prm, out)
    return float(pf[L.F_SAT, 1]), float(out[W_UNFAIR])


def test_hearing_that_someone_got_more_for_the_same_problem_hurts_by_the_gap():
    plain, n0 = _told(_pair(0.8, 0.3), 0.0)
    hurt, n = _told(_pair(0.8, 0.3), 1.5)
    prm = param_vector(resolve("empowered"))
    impact = prm[K.wom_impact] * prm[K.tie_strength]
    assert n0 == 0 and n == 1
    assert np.isclose(plain - hurt, impact * 1.5 * 0.5, atol=1e-6)
    assert _told(_pair(2.0, 0.0), 1.0)[0] == np.float32(plain - impact * 1.0)  # gap capped at 1


def test_only_a_comparable_recent_under_reward_is_felt():
    plain, _ = _told(_pair(0.8, 0.3), 0.0)
    for pair in (
        _pair(0.3, 0.8),  # the listener got more: over-reward's guilt is left out
        _pair(0.8, 0.3, covered=(1, 0)),  # not the same kind of problem
        _pair(0.8, -1.0),  # the listener's last problem was never voiced
        _pair(0.8, 0.3, ended=(390, DAY - 181)),  # the listener's episode is too old
        _pair(0.8, 0.3, ended=(-1, 380)),  # the talker has no episode in this spell
    ):
        assert _told(pair, 2.0) == (plain, 0.0)


def test_expectations_move_toward_the_justice_received_either_way():
    prm = param_vector(resolve("empowered", sets=["behaviour.expectation_adaptation=0.2"]))
    seen = {}
    for case in ("generous", "refused"):
        pf, pi, pb = _pair(-1.0, -1.0)
        pf[L.F_EXPECT, 0] = 0.5
        pf[L.F_SEV, 0] = 50.0
        pb[L.B_CONTACTS, 0] = 1
        pi[L.I_PROB_DAY, 0] = DAY
        if case == "generous":
            pf[L.F_COMP, 0], pf[L.F_COURTESY, 0] = 100.0, 1.0
            close_episode(0, DAY, 1, True, pf, pi, pb, prm, 7)
        else:
            pb[L.B_REFUSED, 0] = 1
            close_episode(0, DAY, 0, False, pf, pi, pb, prm, 7)
        seen[case] = float(pf[L.F_EXPECT, 0])
        share = 2.0 if case == "generous" else 0.0  # what it got, as a share of the stake
        assert pf[L.F_LAST_SHARE, 0] == share and pb[L.B_LAST_COVERED, 0] == 0
    assert seen["generous"] > 0.5 > seen["refused"]


def _summary(policy: str, sets: list[str]) -> dict[str, float]:
    cfg = resolve(policy, "default", sets, customers=10_000, days=365, seed=4, warmup_days=0)
    return run_config(cfg).summary


#: more voiced episodes (customers voice most problems), so more customers can compare
LOUD = ["behaviour.voice_p_minor=0.5", "behaviour.voice_p_major=0.95"]


def test_unfairness_lowers_satisfaction_in_an_empowered_firm(compiled):
    off = _summary("empowered", [*LOUD, "behaviour.unfairness_weight=0"])
    on = _summary("empowered", [*LOUD, "behaviour.unfairness_weight=2"])
    assert off["unfair_comparisons"] == 0
    assert on["unfair_comparisons"] > 20
    assert on["mean_satisfaction"] < off["mean_satisfaction"]


def test_rules_that_compensate_some_escalations_are_inconsistent_too(compiled):
    """Under rule_bound, with scripts that pay nothing, the only shares that differ are the
    uncovered problems a manager compensated and those refused: escalation makes them unequal,
    and a firm that never escalates has nothing to compare."""
    sets = [*LOUD, "behaviour.unfairness_weight=1", "policy.script_comp_share=0"]
    escalating = _summary("rule_bound", [*sets, "policy.escalation_share=0.3"])
    refusing = _summary("rule_bound", [*sets, "policy.escalation_share=0"])
    assert escalating["unfair_comparisons"] > 0
    assert refusing["unfair_comparisons"] == 0


def test_generous_handling_raises_what_its_customers_expect(compiled):
    """Adaptation makes an empowered firm's helped customers expect more next time (the bar
    its later recoveries are judged against)."""
    means = {}
    for rate in ("0", "0.3"):
        cfg = resolve(
            "empowered",
            "default",
            [f"behaviour.expectation_adaptation={rate}"],
            customers=10_000,
            days=365,
            seed=4,
            warmup_days=0,
        )
        model = ServiceModel(cfg)
        model.run_all()
        pe = model.engine.people
        helped = (pe.b[L.B_STATUS] == 1) & (pe.b[L.B_HELPED] == 1)
        means[rate] = float(pe.f[L.F_EXPECT, helped].mean())
    assert means["0"] < 0.26  # the starting 0.25, and the odd delight
    assert means["0.3"] > means["0"] + 0.05
