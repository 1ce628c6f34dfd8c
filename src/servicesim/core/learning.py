"""Organisational learning: heard complaints, times the firm's openness, remove root causes.

Refusals, escalations and misfired fixes are signals; so is each manager's day at the front
line (seed 003). Signals, weighted by ``feedback_openness`` (seeds 002-004; Tucker & Singer
2015: walk-rounds help only when problems are acted on), accumulate; each ``fix_threshold`` of
them buys one fix, at ``fix_cost``: alternately a wider rulebook and a lower problem rate.
Fixes go stale (``fix_obsolescence_per_year``): coverage relaxes toward the scenario's
``rule_coverage`` and the problem rate toward its own, so a firm's learning settles where new
fixes balance the old ones going stale.
"""

from __future__ import annotations

import math

from servicesim.core.kernels.resolution import R_ESCALATIONS, R_MISFIRES, R_REFUSALS
from servicesim.core.state import Today, World
from servicesim.core.vector import K


def root_causes(w: World, t: Today) -> None:
    """Turn today's heard signals into root-cause fixes (MODEL.md sec. 5)."""
    prm = w.values
    out = t.contacts
    signal = (
        out[R_REFUSALS]
        + out[R_ESCALATIONS]
        + out[R_MISFIRES]
        + prm[K.frontline_day_signals] * t.managers_on_phones.size
    )
    stale = 1.0 - math.exp(-prm[K.fix_obsolescence_per_year] / 365.0)
    w.coverage -= stale * (w.coverage - prm[K.rule_coverage])
    w.problem_mult += stale * (1.0 - w.problem_mult)
    w.learn_signal += signal * prm[K.feedback_openness]
    threshold = prm[K.fix_threshold]
    fixes = 0
    while w.learn_signal >= threshold:
        w.learn_signal -= threshold
        fixes += 1
        w.fixes_made += 1
        if w.fixes_made % 2:  # alternate over the run, not within a day
            w.coverage += prm[K.fix_coverage_step] * (prm[K.fix_coverage_max] - w.coverage)
        else:
            w.problem_mult *= prm[K.fix_problem_factor]
    t.fixes = fixes
