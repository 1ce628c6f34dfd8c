"""How far each workshop scenario's verdict holds over the model's assumptions, computed ahead
for the dashboard (``make workshop-robustness``).

    python tools/workshop_robustness.py [--samples 16] [--reps 2] [--customers 30000]
        [--days 730] [--seed 0] [--workers N] [--work DIR] [--out FILE]

For each scenario button of the dashboard (``servicesim.dashboard.setups.SETUPS``) it runs a
robustness analysis of the button's two policies in its business, as ``servicesim robustness``
does (``docs/robustness.md``), and writes ``src/servicesim/dashboard/robustness.json``, which
ships in the wheel and which the dashboard reads::

    {"model": "<servicesim version> (<git commit>)",
     "settings": {"samples", "reps", "customers", "days", "seed"},
     "scenarios": {"<button label>": {"a", "b", "sentence", "worlds",
                                     "p_b_better": {"profit", "retention_rate"}}},
     "skipped": {"<button label>": "<why>"}}

``sentence`` is ``servicesim.present.robustness.verdict`` on profit, then on retention (two
sentences); ``worlds`` the headline worlds (status quo within the industry churn band).
A button whose policies carry levers (e.g. "Front-line days": empowered with 0 against 1 day
a month) runs as two policy files, the preset's table with that lever changed; ``a`` and ``b``
then name the lever, e.g. ``empowered (frontline_days_per_month = 0)``. A button that the
command cannot express (a policy switch mid-run) is listed under ``skipped`` with the reason.

The defaults (16 worlds and 8 with the grade-C ranges halved, 2 replicates, 30,000 customers,
two years: the guide's size) take some 10-15 minutes for the eight buttons on two cores. Each
button's runs are kept in ``--work`` (default ``results/workshop_robustness``): a killed tool
started again with the same settings goes on where it stopped.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "servicesim" / "dashboard" / "robustness.json"
WORK = ROOT / "results" / "workshop_robustness"
METRICS = ("profit", "retention_rate")


def _slug(label: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", label.lower()).strip("_")


def _value(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, str):
        return json.dumps(v)
    return repr(v)


def policy_file(preset: str, levers: dict[str, float], folder: Path) -> tuple[str, str]:
    """``(what the command reads, its label)``: the preset itself, or (with levers that differ
    from it) a policy file holding the preset's table with those levers changed."""
    from servicesim.params.preset_files import load_preset

    if not levers:
        return preset, preset
    _, table = load_preset("policy", preset)
    unknown = sorted(set(levers) - set(table))
    if unknown:
        raise ValueError(f"{preset} has no lever {unknown[0]}")
    table.update(levers)
    changed = ", ".join(f"{k} = {v:g}" for k, v in levers.items())
    label = f"{preset} ({changed})"
    path = folder / f"{preset}__{_slug(changed)}.toml"
    lines = ["[policy]", *(f"{k} = {_value(v)}" for k, v in table.items())]
    path.write_text("\n".join(lines) + "\n")
    return str(path), label


def why_not(setup: Any) -> str | None:
    """Why ``servicesim robustness`` cannot express a button, or None."""
    if getattr(setup, "switch_at", None) is not None:
        return "a policy switch mid-run: servicesim robustness runs each policy from day 0"
    if setup.policies[0] == setup.policies[1] and setup.levers[0] == setup.levers[1]:
        return "both sides run the same policy"
    return None


def _share(x: float) -> float | None:
    return float(x) if math.isfinite(x) else None


def model_version() -> str:
    from servicesim import __version__
    from servicesim.experiments.provenance import git_commit

    commit = git_commit()
    return f"{__version__} ({commit})" if commit else __version__


def one(
    setup: Any, settings: dict[str, Any], work: Path, folder: Path, workers: int
) -> dict[str, Any]:
    """Run one button's robustness analysis (resumable in ``work``); its entry of the file."""
    from servicesim.experiments.robustness import robustness
    from servicesim.present.robustness import verdict

    (a, label_a), (b, label_b) = (
        policy_file(p, dict(levers), folder)
        for p, levers in zip(setup.policies, setup.levers, strict=True)
    )
    result = robustness(
        a,
        b,
        work / _slug(setup.button),
        setup.scenario,
        settings["samples"],
        settings["reps"],
        settings["seed"],
        settings["customers"],
        settings["days"],
        workers=workers,
        resume=True,
    )
    # the verdict names the policies by file stem: the labels, as if they were files
    named = {**result, "a": f"{label_a}.toml", "b": f"{label_b}.toml"}
    outcomes = {o["metric"]: o for o in result["outcomes"]}
    return {
        "a": label_a,
        "b": label_b,
        "sentence": " ".join(verdict(named, m) for m in METRICS),
        "worlds": int(result["headline"]),
        # no headline world: no share (null, not NaN, which JSON readers refuse)
        "p_b_better": {m: _share(outcomes[m]["p_b_better"]) for m in METRICS},
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--samples", type=int, default=16, help="worlds drawn per button")
    ap.add_argument("--reps", type=int, default=2, help="paired replicates per world")
    ap.add_argument("--customers", type=int, default=30_000)
    ap.add_argument("--days", type=int, default=730)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--workers", type=int, default=None, help="local processes (default: cores)")
    ap.add_argument("--work", type=Path, default=WORK, help="the runs of each button (resumable)")
    ap.add_argument("--out", type=Path, default=OUT, help="the JSON file written")
    ap.add_argument("--only", action="append", help="only this button (repeatable; for trials)")
    args = ap.parse_args(argv)

    import os
    import warnings

    from servicesim.dashboard.setups import SETUPS
    from servicesim.errors import InputError
    from servicesim.experiments.store import atomic_write_json

    settings = {
        "samples": args.samples,
        "reps": args.reps,
        "customers": args.customers,
        "days": args.days,
        "seed": args.seed,
    }
    workers = args.workers or os.cpu_count() or 1
    setups = [s for s in SETUPS if not args.only or s.button in args.only]
    scenarios: dict[str, Any] = {}
    skipped: dict[str, str] = {}
    # policy files of buttons with levers live beside the runs: a resumed button finds them
    policies = args.work / "policies"
    policies.mkdir(parents=True, exist_ok=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the small-centre warning: the guide's size is chosen
        for setup in setups:
            reason = why_not(setup)
            if reason:
                skipped[setup.button] = reason
                print(f"{setup.button}: skipped ({reason})", file=sys.stderr)
                continue
            print(f"{setup.button}: {setup.title}", file=sys.stderr)
            try:
                scenarios[setup.button] = one(setup, settings, args.work, policies, workers)
            except InputError as err:
                print(f"error: {setup.button}: {err}", file=sys.stderr)
                return 2
            print(f"  {scenarios[setup.button]['sentence']}", file=sys.stderr)
    data = {
        "model": model_version(),
        "settings": settings,
        "scenarios": scenarios,
        "skipped": skipped,
    }
    atomic_write_json(args.out, data)
    print(f"wrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
