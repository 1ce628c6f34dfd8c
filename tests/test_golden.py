"""Results do not change unless ``tools/golden.py --write`` says they should.

Every shipped policy x scenario x 2 seeds at 20,000 customers x 365 days: the SHA-256 of each
run's summary and daily series must equal ``tests/golden.json``. On a mismatch the message names
each run and the summary values that moved, with their relative change.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

TOOL = Path(__file__).resolve().parents[1] / "tools" / "golden.py"


def _golden():
    spec = importlib.util.spec_from_file_location("golden_tool", TOOL)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.mark.slow
def test_every_preset_run_is_bit_identical_to_the_golden_file(compiled):
    golden = _golden()
    stored = json.loads(golden.GOLDEN.read_text())
    assert stored["meta"] == {
        "customers": golden.CUSTOMERS,
        "days": golden.DAYS,
        "seeds": list(golden.SEEDS),
    }
    diff = golden.differences(stored["runs"], golden.run_all())
    assert not diff, "results changed:\n" + "\n".join(diff)


@pytest.mark.slow
def test_with_the_new_mechanisms_at_zero_results_equal_the_previous_model(compiled):
    """Opportunistic claims, broken promises, scripts that help novices, judgment that learns,
    sweethearting, unfairness felt through word of mouth and expectations that adapt, each at
    zero: every run equals the steady-state model's (before they existed; the outputs added
    since, such as ``unfair_comparisons``, are left out of the hashes)."""
    golden = _golden()
    previous = json.loads(golden.PREVIOUS.read_text())["runs"]
    new = golden.run_all(sets=golden.ZERO_SETS, leave_out=golden.ADDED_OUTPUTS)
    assert set(previous) <= set(new)
    diff = golden.differences(previous, {k: v for k, v in new.items() if k in previous})
    assert not diff, "the mechanisms at zero changed results:\n" + "\n".join(diff)


def test_a_changed_value_is_reported_with_its_size():
    golden = _golden()
    a = {"summary_sha256": "x", "timeseries_sha256": "y", "summary": {"profit": (1.0).hex()}}
    b = {"summary_sha256": "z", "timeseries_sha256": "y", "summary": {"profit": (1.5).hex()}}
    (line,) = golden.differences({"p/s/0": a}, {"p/s/0": b})
    assert line.startswith("p/s/0: profit 1.0 -> 1.5 (relative 5.0e-01)")
