"""Regression baselines: SHA-256 of every preset x scenario run's summary and daily series.

    python tools/golden.py            # print how today's results compare with tests/golden.json
    python tools/golden.py --write    # refresh tests/golden.json (only when results should change)
    python tools/golden.py --zero     # with the Fair-fight mechanisms at zero, compare with the
                                      # steady-state model's file (tests/golden_steady_state.json)

Each run is a shipped policy preset x a shipped scenario preset x seed 0 and 1, at 20,000
customers x 365 days. The summary is hashed from its values written exactly (``float.hex``,
keys sorted); the daily series from each column's float64 bytes, columns sorted by name. The
file also keeps every summary value (as ``float.hex``), so that a changed hash can be shown to
be one last bit or a real change. ``tests/test_golden.py`` compares against this file at every
commit; only this script rewrites it.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import sys
from pathlib import Path
from typing import Any

import numpy as np

GOLDEN = Path(__file__).resolve().parents[1] / "tests" / "golden.json"
#: the model before the costs of discretion and what rules give (kept, never rewritten)
PREVIOUS = GOLDEN.with_name("golden_steady_state.json")
#: those mechanisms switched off: the results must equal PREVIOUS bit for bit
ZERO_SETS = [
    "behaviour.broken_promise=0",
    "behaviour.claim_rate=0",
    "behaviour.script_novice_help=0",
    "behaviour.judgment_learning_rate=0",
    "behaviour.sweetheart_rate=0",
    "behaviour.unfairness_weight=0",
    "behaviour.expectation_adaptation=0",
    # the survey answer was fitted to TARP again afterwards (it changes no behaviour)
    "behaviour.intent_slope=9.3",
    "behaviour.intent_midpoint=0.52",
]
#: outputs added since PREVIOUS (zero when their mechanism is): left out of the comparison
ADDED_OUTPUTS = ("unfair_comparisons",)
CUSTOMERS = 20_000
DAYS = 365
SEEDS = (0, 1)


def _hex(v: float) -> str:
    return float(v).hex() if not math.isnan(v) else "nan"


def fingerprint(
    summary: dict[str, float], timeseries: Any, leave_out: tuple[str, ...] = ()
) -> dict[str, Any]:
    """The hashes of one run, and its summary values written exactly (outputs named in
    ``leave_out`` are left out of both, so a run can be compared with a file from before them)."""
    values = {k: _hex(summary[k]) for k in sorted(summary) if k not in leave_out}
    h_sum = hashlib.sha256(json.dumps(values, sort_keys=True).encode()).hexdigest()
    h_ts = hashlib.sha256()
    for col in sorted(c for c in timeseries.columns if c not in leave_out):
        h_ts.update(col.encode())
        h_ts.update(np.ascontiguousarray(timeseries[col].to_numpy(np.float64)).tobytes())
    return {"summary_sha256": h_sum, "timeseries_sha256": h_ts.hexdigest(), "summary": values}


def run_all(
    progress: bool = False, sets: list[str] | None = None, leave_out: tuple[str, ...] = ()
) -> dict[str, dict[str, Any]]:
    """Fingerprints of every shipped policy x scenario x seed, keyed ``policy/scenario/seed``
    (``sets`` applied to every run; ``leave_out``: outputs not hashed, see ``fingerprint``)."""
    from servicesim.experiments.simulate import run_config
    from servicesim.params.config import preset_names, resolve

    out = {}
    for policy in preset_names("policies"):
        for scenario in preset_names("scenarios"):
            for seed in SEEDS:
                cfg = resolve(
                    policy, scenario, list(sets or []), customers=CUSTOMERS, days=DAYS, seed=seed
                )
                r = run_config(cfg)
                key = f"{policy}/{scenario}/{seed}"
                out[key] = fingerprint(r.summary, r.timeseries, leave_out)
                if progress:
                    print(key, file=sys.stderr)
    return out


def differences(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """One line per run whose hashes differ, naming the summary values that moved and by how much."""
    lines = []
    for key in sorted(set(old) | set(new)):
        a, b = old.get(key), new.get(key)
        if a is None or b is None:
            lines.append(f"{key}: {'new' if a is None else 'missing'}")
            continue
        if a["summary_sha256"] == b["summary_sha256"] and (
            a["timeseries_sha256"] == b["timeseries_sha256"]
        ):
            continue
        moved = []
        for k in sorted(set(a["summary"]) | set(b["summary"])):
            va, vb = a["summary"].get(k), b["summary"].get(k)
            if va != vb:
                fa = float.fromhex(va) if va not in (None, "nan") else math.nan
                fb = float.fromhex(vb) if vb not in (None, "nan") else math.nan
                rel = abs(fb - fa) / max(abs(fa), 1e-300) if math.isfinite(fa + fb) else math.nan
                moved.append(f"{k} {fa!r} -> {fb!r} (relative {rel:.1e})")
        series = "" if a["timeseries_sha256"] == b["timeseries_sha256"] else "daily series differ; "
        lines.append(f"{key}: {series}{'; '.join(moved) or 'summary equal'}")
    return lines


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--write", action="store_true", help="rewrite tests/golden.json")
    ap.add_argument(
        "--zero", action="store_true", help="the new mechanisms at zero against the previous model"
    )
    args = ap.parse_args()
    if args.zero:
        old = json.loads(PREVIOUS.read_text())["runs"]
        new = run_all(progress=True, sets=ZERO_SETS, leave_out=ADDED_OUTPUTS)
        diff = differences(old, {k: v for k, v in new.items() if k in old})  # presets since
        print("\n".join(diff) if diff else f"IDENTICAL to {PREVIOUS.name}: {len(old)} runs")
        return 1 if diff else 0
    runs = run_all(progress=True)
    if args.write:
        meta = {"customers": CUSTOMERS, "days": DAYS, "seeds": list(SEEDS)}
        GOLDEN.write_text(json.dumps({"meta": meta, "runs": runs}, indent=1, sort_keys=True) + "\n")
        print(f"wrote {GOLDEN} ({len(runs)} runs)")
        return 0
    old = json.loads(GOLDEN.read_text())["runs"]
    diff = differences(old, runs)
    print("\n".join(diff) if diff else f"IDENTICAL: {len(runs)} runs")
    return 1 if diff else 0


if __name__ == "__main__":
    sys.exit(main())
