"""The shipped robustness sentence of each workshop scenario, when the package carries one.

``robustness.json`` beside this module (written by the robustness analysis, not by the page):
``{"model": str, "settings": {...}, "scenarios": {"Scenario 1": {"a": str, "b": str,
"sentence": str, "worlds": int}, ...}}``, keyed by the scenario buttons' labels (``setups.py``).
A missing or unreadable file, a missing scenario, or one whose two policies are not the
button's, shows nothing: the page never claims a robustness it does not have.
"""

from __future__ import annotations

import json
from pathlib import Path

from servicesim.dashboard.setups import SETUP_BY_BUTTON
from servicesim.dashboard.texts import policy_title

#: where the sentences ship (tests point it elsewhere)
ROBUSTNESS_FILE = Path(__file__).with_name("robustness.json")


def _names(preset: str) -> set[str]:
    return {preset, policy_title(preset)}


def robustness_sentence(button: str | None) -> str | None:
    """'Over 64 worlds drawn from the model's stated assumptions: ...' for a scenario button,
    or None when there is nothing honest to show."""
    setup = SETUP_BY_BUTTON.get(button or "")
    if setup is None:
        return None
    try:
        shipped = json.loads(ROBUSTNESS_FILE.read_text(encoding="utf-8"))
        entry = shipped["scenarios"][button]
        a, b = str(entry["a"]), str(entry["b"])
        sentence = " ".join(str(entry["sentence"]).split())
        worlds = int(entry["worlds"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    first, second = setup.policies
    if not (a in _names(first) and b in _names(second)) or not sentence or worlds < 1:
        return None
    return f"Over {worlds:,} worlds drawn from the model's stated assumptions: {sentence}"
