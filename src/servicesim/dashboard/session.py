"""The dashboard's run: one policy, or two stepped together on the same customers.

No Solara here: the page (``app.py``) holds a :class:`WorkshopRun` and draws
:class:`Snapshot` s of it, so everything the page shows can be tested without a browser.

Side by side, both models are built from configurations that differ only in the policy and share
``run.seed``: the engine derives every random stream from the seed, never from the policy, so
both meet the same customers with the same problems on the same days (common random numbers).
The gap between the two is the policy's doing.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from servicesim.core.kernels.layout import S_SWITCH_UNTIL
from servicesim.core.model import ServiceModel
from servicesim.dashboard.settings import DAYS_PER_MONTH, Settings, side_colors
from servicesim.dashboard.texts import policy_title
from servicesim.experiments.simulate import warmed_engine
from servicesim.params.simconfig import pulse_days

#: events the feed prefers (rarer, more telling ones first when a day has several)
FEED_ORDER = (
    "hero recovery",
    "left after refusal",
    "surprise gesture",
    "left after failed fix",
    "left after escalation",
    "staff quit",
    "goodwill misfired",
)


@dataclass(frozen=True)
class Mark:
    """A stretch of days the charts shade: a surge of problems in the business (``kind``
    "surge"), or a side's switch of policy ("switch": ``start`` the switch day, ``end`` one past
    the last day of its training rollout, once played; ``start`` + 1 until then).
    ``what``: in words ('Policy 2 switches to Empowered', 'surge of problems (+60%)')."""

    kind: str
    start: int
    end: int
    what: str
    #: the side that switches (its colour), -1 for the business's surge
    side: int = -1

    def to_record(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "start": self.start,
            "end": self.end,
            "what": self.what,
            "side": self.side,
        }

    @property
    def label(self) -> str:
        """What the charts write beside it, short enough to leave the legend room: 'switch on
        day 180', 'surge of problems' (the banner over the run says who switches to what)."""
        return f"switch on day {self.start}" if self.kind == "switch" else "surge of problems"


@dataclass
class Snapshot:
    """What the page shows at one moment, copied out of the models (safe to draw from)."""

    day: int
    days: int
    labels: list[str]
    titles: list[str]
    colors: list[str]
    timeseries: list[pd.DataFrame]
    staff_morale: list[np.ndarray]
    staff_ids: list[np.ndarray]
    staff_recognised: list[np.ndarray]
    satisfaction: list[np.ndarray]
    events: list[pd.DataFrame]
    #: the run summary of each side so far (keys as metrics.SUMMARY)
    summaries: list[dict[str, float]] = field(default_factory=list)
    #: customers active on day 0, and how many of them are still customers, never having left
    start_customers: list[int] = field(default_factory=list)
    kept: list[int] = field(default_factory=list)
    #: first-contact resolution so far: share of voiced problems resolved at their first contact
    fcr: list[float] = field(default_factory=list)
    #: per front-line agent (the order of ``staff_ids``): the latitude the firm grants today
    #: (0-1), the share of it the agent dares to use times the grant (0-1), and the granted
    #: discretion cap ($ a case); a senior tier may be granted more (policy.senior_*)
    staff_granted: list[np.ndarray] = field(default_factory=list)
    staff_used: list[np.ndarray] = field(default_factory=list)
    staff_cap: list[np.ndarray] = field(default_factory=list)
    #: stretches the charts shade: the business's surge of problems, a side's switch
    marks: list[Mark] = field(default_factory=list)


class WorkshopRun:
    """One or two ``ServiceModel`` s stepped together, day by day, under a lock.

    The page's play loop steps it from a worker thread while the page draws snapshots; the lock
    keeps a snapshot from seeing half a day.
    """

    def __init__(self, settings: Settings) -> None:
        if not 1 <= len(settings.sides) <= 2:
            raise ValueError(f"a workshop run has one or two policies, got {len(settings.sides)}")
        self.settings = settings
        self.configs = settings.configs()
        self.labels = settings.labels()
        self.colors = side_colors(settings.sides)
        # both sides start from the same warmed-up firm, played once and kept: a changed lever
        # or policy reuses it (a copy), so the page does not replay two years of warm-up
        self.models = [ServiceModel(cfg, engine=warmed_engine(cfg)) for cfg in self.configs]
        #: per side, one past the last day of its switch's training rollout, once played
        self.rollout_end: list[int | None] = [None for _ in self.models]
        self.lock = threading.Lock()
        # set when the page has drawn the latest day: the play loop waits for it before the
        # next frame, so a busy machine slows the simulation, never the page
        self.drawn = threading.Event()
        self.drawn.set()
        #: the latest frame drawn ahead by the play loop, off the page's render: its snapshot
        #: and chart images by (chart, wide); the page uses them when the day matches
        self.ahead: tuple[Snapshot, dict[tuple[str, bool], bytes]] | None = None

    @property
    def day(self) -> int:
        return self.models[0].day

    @property
    def days(self) -> int:
        return self.settings.days

    @property
    def done(self) -> bool:
        return self.day >= self.days

    @property
    def side_by_side(self) -> bool:
        return len(self.models) == 2

    def step(self, days: int = 1, keep_going: Callable[[], bool] | None = None) -> int:
        """Play up to ``days`` days on every model (never past the horizon); returns the day.

        ``keep_going`` is asked before each day after the first: Pause stops within a day.
        """
        with self.lock:
            for k in range(max(0, min(days, self.days - self.day))):
                if k and keep_going is not None and not keep_going():
                    break
                for k, model in enumerate(self.models):
                    model.step()
                    switch_at = self.configs[k].run.switch_at
                    if switch_at is not None and self.rollout_end[k] is None:
                        if model.day > switch_at:
                            self.rollout_end[k] = _rollout_end(model, switch_at)
            return self.day

    def marks(self) -> list[Mark]:
        """What the charts shade: the surge of problems, if the business has one, and each
        side's switch with its training rollout (the switch day alone until it is played)."""
        out = []
        cfg = self.configs[0]
        if cfg.scenario.pulse_extra > 0:
            start, end = pulse_days(cfg.scenario, self.days)
            out.append(
                Mark("surge", start, end, f"surge of problems (+{cfg.scenario.pulse_extra:.0%})")
            )
        for k, side in enumerate(self.settings.sides):
            if not side.switches:
                continue
            at = int(side.switch_at or 0)
            who = f"Policy {k + 1}" if self.side_by_side else "the policy"
            end = self.rollout_end[k] or at + 1
            what = f"{who} switches to {policy_title(side.preset)}"
            out.append(Mark("switch", at, max(end, at + 1), what, k))
        return out

    def snapshot(self) -> Snapshot:
        """Copies of everything the page draws (the summaries take ~15 ms at 100,000 customers)."""
        with self.lock:
            staff = [sorted(m.frontline, key=lambda a: a.hire_id) for m in self.models]
            summaries = [m.summary() for m in self.models]
            starts = [int(m.engine.start_active) for m in self.models]
            return Snapshot(
                day=self.day,
                days=self.days,
                labels=list(self.labels),
                titles=self.settings.titles(),
                colors=list(self.colors),
                timeseries=[m.timeseries() for m in self.models],
                staff_morale=[np.array([a.morale for a in s]) for s in staff],
                staff_ids=[np.array([a.hire_id for a in s], dtype=np.int64) for s in staff],
                staff_recognised=[np.array([a.recognition for a in s]) for s in staff],
                satisfaction=[m.satisfaction_of_active().astype(float) for m in self.models],
                events=[m.events() for m in self.models],
                summaries=summaries,
                start_customers=starts,
                kept=[
                    _kept(s["retention_rate"], n) for s, n in zip(summaries, starts, strict=True)
                ],
                fcr=[s["fcr_rate"] for s in summaries],
                staff_granted=[np.array([a.empowerment_granted for a in s]) for s in staff],
                staff_used=[np.array([a.empowerment_used for a in s]) for s in staff],
                staff_cap=[np.array([a.discretion_cap_granted for a in s]) for s in staff],
                marks=self.marks(),
            )


def _rollout_end(model: ServiceModel, switch_at: int) -> int:
    """One past the last measured day of a switch's training rollout (the switch day + 1 when
    nobody trained), read from the staff state after the switch day."""
    engine = model.engine
    until = float(np.max(engine.st[S_SWITCH_UNTIL], initial=0.0)) - engine.warmup
    return max(int(until), switch_at + 1)


def _kept(retention: float, start: int) -> int:
    """Customers of day 0 still customers: the summary's retention share times day 0's count."""
    return int(round(retention * start)) if np.isfinite(retention) else 0


def notable_events(events: pd.DataFrame, n: int = 8, per_kind: int = 3) -> pd.DataFrame:
    """The newest ``n`` events, at most ``per_kind`` of one kind, so the feed stays varied.

    Goodwill that misfired on less than $5, and gestures worth less than $1, are left out: too
    small to be notable.
    """
    small = ((events["label"] == "goodwill misfired") & (events["value"] < 5)) | (
        (events["label"] == "surprise gesture") & (events["value"] < 1)
    )
    events = events[~small]
    if events.empty:
        return events
    rank = {label: i for i, label in enumerate(FEED_ORDER)}
    ordered = events.assign(_rank=events["label"].map(rank).fillna(len(rank)))
    ordered = ordered.iloc[::-1].sort_values(
        ["day", "_rank"], ascending=[False, True], kind="stable"
    )
    picked = ordered.groupby("label", sort=False).head(per_kind).head(n)
    return picked.drop(columns="_rank").reset_index(drop=True)


def per_month(daily: pd.Series) -> pd.Series:
    """Money a day -> money a month: the mean over the last 30 days, times days in a month."""
    return daily.rolling(30, min_periods=1).mean() * DAYS_PER_MONTH
