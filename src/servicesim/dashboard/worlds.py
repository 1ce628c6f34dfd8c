"""The shipped robustness sentence of each workshop scenario, when the package carries one.

``robustness.json`` beside this module (written by the robustness analysis, not by the page):
``{"model": str, "settings": {...}, "scenarios": {"Scenario 1": {"a": str, "b": str,
"sentence": str, "worlds": int, "p_b_better": {"profit", "retention_rate"}}, ...}}``, keyed by the scenario buttons' labels (``setups.py``).
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


def _preset(name: str) -> str:
    """'empowered (frontline_days_per_month = 1)' (a lever button's side) -> 'empowered'."""
    return name.split(" (", 1)[0]


def _how_many(share: float, worlds: int) -> str:
    """'all of them', 'none of them' or 'k of them' for a share of ``worlds``."""
    k = round(share * worlds)
    return "all of them" if k == worlds else ("none of them" if k == 0 else f"{k} of them")


def robustness_sentence(button: str | None) -> str | None:
    """'Tried over 12 versions of the model's uncertain assumptions, Empowered kept more
    customers in all of them and made more profit in none of them.' for a scenario button, or
    None when there is nothing honest to show.

    Plain words for a room: the policies' titles, counts of worlds (the analysis's own
    ``p_b_better`` for profit and retention, times its worlds), no intervals or spec names; the
    analysis's full sentence stays in the file for whoever wants it.
    """
    setup = SETUP_BY_BUTTON.get(button or "")
    if setup is None:
        return None
    try:
        shipped = json.loads(ROBUSTNESS_FILE.read_text(encoding="utf-8"))
        entry = shipped["scenarios"][button]
        a, b = str(entry["a"]), str(entry["b"])
        worlds = int(entry["worlds"])
        kept = float(entry["p_b_better"]["retention_rate"])
        profit = float(entry["p_b_better"]["profit"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    first, second = setup.policies
    if not (_preset(a) in _names(first) and _preset(b) in _names(second)) or worlds < 1:
        return None
    if not (0.0 <= kept <= 1.0 and 0.0 <= profit <= 1.0):
        return None
    # a lever button plays one policy twice: its sides are told apart by position
    one, two = (
        ("the first firm", "the second firm")
        if first == second
        else (policy_title(first), policy_title(second))
    )
    return (
        f"Tried over {worlds:,} versions of the model's uncertain assumptions, "
        f"{two} kept more customers than {one} in "
        f"{_how_many(kept, worlds)} and made more profit in {_how_many(profit, worlds)}."
    )
