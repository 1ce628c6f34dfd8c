"""Notable events from a run's event log, in plain words (for the dashboard's feed)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from servicesim.core.kernels.leaving import (
    EV_DOUBLE_DEVIATION,
    EV_ESCALATION_LEFT,
    EV_REFUSED_LEFT,
    EV_SILENT_LEFT,
)
from servicesim.core.kernels.resolution import EV_DELIGHT, EV_HERO, EV_MISFIRE, EV_STAFF_QUIT

KINDS = {
    EV_REFUSED_LEFT: "left after refusal",
    EV_HERO: "hero recovery",
    EV_DELIGHT: "surprise gesture",
    EV_MISFIRE: "goodwill misfired",
    EV_ESCALATION_LEFT: "left after escalation",
    EV_STAFF_QUIT: "staff quit",
    EV_DOUBLE_DEVIATION: "left after failed fix",
    EV_SILENT_LEFT: "left after a silent problem",
}


def _times(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def describe(day: int, kind: int, person: int, staff: int, value: int) -> str:
    """One event as a sentence, with its day and customer or staff id. A leaver's ``value`` is
    the days since their episode ended."""
    after = "the same day, after" if value == 0 else f"{_times(value, 'day', 'days')} after"
    if kind == EV_REFUSED_LEFT:
        return f"Day {day}: customer #{person} left {after} being refused ('our policy is...') by agent #{staff}."
    if kind == EV_HERO:
        return f"Day {day}: agent #{staff} used their judgment and turned unhappy customer #{person} into a promoter (satisfaction {value / 100:.2f})."
    if kind == EV_DELIGHT:
        gift = f"a ${value}" if value >= 1 else "a small"
        return f"Day {day}: agent #{staff} surprised customer #{person} with {gift} unasked-for gesture."
    if kind == EV_MISFIRE:
        return f"Day {day}: agent #{staff} spent ${value} of goodwill on customer #{person}, but the fix did not work."
    if kind == EV_ESCALATION_LEFT:
        return f"Day {day}: customer #{person} left {after} an escalation that did not fix their problem."
    if kind == EV_STAFF_QUIT:
        return f"Day {day}: agent #{staff} quit (morale {value / 100:.2f})."
    if kind == EV_DOUBLE_DEVIATION:
        return f"Day {day}: customer #{person} left {after} a fix that did not work."
    if kind == EV_SILENT_LEFT:
        return f"Day {day}: customer #{person} left {after} a problem they never told us about."
    return f"Day {day}: event {kind}"


def events_frame(raw: np.ndarray, warmup: int = 0) -> pd.DataFrame:
    """The event log of the measured period (days counted from its start, ``warmup`` days after
    the log's) as a DataFrame with a plain-words ``text`` column."""
    raw = raw[raw[:, 0] >= warmup].copy()
    raw[:, 0] -= warmup
    df = pd.DataFrame(raw, columns=["day", "kind", "person", "staff", "value"])
    df["label"] = df["kind"].map(KINDS).fillna("other")
    df["text"] = [describe(*map(int, r)) for r in raw]
    return df
