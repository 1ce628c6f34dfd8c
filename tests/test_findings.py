"""Published findings the model was not tuned to, checked as directions under common random numbers.

These are emergent: no parameter says "empowerment wins here". If a change to the mechanisms
reverses one of them, that is worth knowing (and documenting), not silently re-tuning.
"""

from __future__ import annotations

import pytest

from servicesim.experiments.simulate import run_config
from servicesim.params.config import resolve


def _diff(scenario: str, outcome: str, customers: int = 40_000, days: int = 365) -> float:
    vals = {}
    for pol in ("rule_bound", "empowered"):
        vals[pol] = run_config(resolve(pol, scenario, [], customers, days, seed=2)).summary[outcome]
    return vals["empowered"] - vals["rule_bound"]


@pytest.mark.slow
def test_bowen_lawler_empowerment_pays_more_in_complex_relational_contexts(compiled):
    """Bowen & Lawler (1992): empowerment suits complex, relational service, not routine work.

    Measured from the switch after the warm-up (seed 2, 40,000 customers): over two years the
    switch costs money in both contexts (routine -$278k, relational -$125k); over four years it
    pays in the relational one (+$2.24M) and not in the routine one (-$0.97M)."""
    routine = _diff("routine_transactional", "profit", days=1460)
    relational = _diff("complex_relational", "profit", days=1460)
    assert relational > routine, (routine, relational)
    assert routine < 0 < relational, (routine, relational)


@pytest.mark.slow
def test_empowerment_raises_first_contact_resolution_more_where_rules_cover_less(compiled):
    """Where the rulebook covers fewer problems, latitude at the front line matters more."""
    assert _diff("complex_relational", "fcr_rate") > _diff("routine_transactional", "fcr_rate") > 0


@pytest.mark.slow
def test_recovery_paradox_is_small(compiled):
    """A good recovery brings customers back to about where they were; a failed one leaves them
    below; any 'recovery paradox' is small (Maxham & Netemeyer 2002 find it does not survive
    a second failure). Measured at seed 2 after the warm-up: never failed 0.778, recovered
    0.768, unrecovered 0.682 (from a cold start the gap was wider, 0.78 vs 0.60: in a firm
    in its steady state many failures lie months back, and satisfaction has partly recovered)."""
    s = run_config(resolve("empowered", "default", [], 40_000, 365, seed=2)).summary
    assert s["satisfaction_unrecovered"] < s["satisfaction_recovered"] - 0.05
    assert abs(s["satisfaction_recovered"] - s["satisfaction_never_failed"]) < 0.05
