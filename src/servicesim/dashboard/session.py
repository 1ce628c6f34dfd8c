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

import numpy as np
import pandas as pd

from servicesim.core.model import ServiceModel
from servicesim.dashboard.texts import LEVERS, policy_title
from servicesim.experiments.simulate import warmed_engine
from servicesim.params.config import load_preset, resolve
from servicesim.params.policy import PolicyParams
from servicesim.params.simconfig import SimConfig
from servicesim.present.style import KNOWN_POLICY_COLORS, OKABE_ITO

#: customers in the dashboard's default population: a contact centre of about 14 front-line
#: staff, enough for staff morale and quits to mean something (30,000 give about 4). A frame of
#: play (a month of two policies, then every chart) takes ~0.85 s against ~0.75 s at 30,000:
#: the charts dominate. The workshop guide's scenarios were measured at 30,000, and its buttons
#: (setups.py) set that size
DEFAULT_CUSTOMERS = 100_000
DEFAULT_DAYS = 730
DAYS_PER_MONTH = 365.25 / 12

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


def preset_levers(policy: str) -> dict[str, float]:
    """The slider levers' values in a shipped policy preset (preset value, else the default)."""
    _, table = load_preset("policy", policy)
    defaults = PolicyParams().model_dump()
    return {lv.name: float(table.get(lv.name, defaults[lv.name])) for lv in LEVERS}


@dataclass(frozen=True)
class Side:
    """One policy on the page: a preset and the slider levers' values (hashable)."""

    preset: str
    levers: tuple[tuple[str, float], ...]

    @classmethod
    def from_preset(cls, preset: str) -> Side:
        return cls(preset, tuple(preset_levers(preset).items()))

    def with_lever(self, name: str, value: float) -> Side:
        return Side(self.preset, tuple((k, value if k == name else v) for k, v in self.levers))

    @property
    def values(self) -> dict[str, float]:
        return dict(self.levers)

    @property
    def changed(self) -> bool:
        """True if a slider moved away from the preset's value."""
        own = preset_levers(self.preset)
        return any(not np.isclose(own[k], v) for k, v in self.levers)

    def sets(self) -> list[str]:
        return [f"policy.{k}={v!r}" for k, v in self.levers]


@dataclass(frozen=True)
class Settings:
    """Everything a run on the page depends on; a new value starts a new run (hashable)."""

    scenario: str = "default"
    sides: tuple[Side, ...] = ()
    customers: int = DEFAULT_CUSTOMERS
    days: int = DEFAULT_DAYS
    seed: int = 0

    def labels(self) -> list[str]:
        """Policy names as results record them: the preset, '(changed)' if a lever moved,
        and 'A'/'B' appended when the two would otherwise read the same."""
        names = [s.preset + (" (changed)" if s.changed else "") for s in self.sides]
        if len(names) == 2 and names[0] == names[1]:
            names = [f"{names[0]} A", f"{names[1]} B"]
        return names

    def titles(self) -> list[str]:
        """The same names as the page shows them: 'Rule-bound', 'Empowered (changed)'."""
        out = []
        for side, label in zip(self.sides, self.labels(), strict=True):
            out.append(policy_title(side.preset) + label[len(side.preset) :])
        return out

    def configs(self) -> list[SimConfig]:
        """Validated configurations, one per side, all with the same seed (raises InputError)."""
        out = []
        for side, name in zip(self.sides, self.labels(), strict=True):
            cfg = resolve(
                side.preset, self.scenario, side.sets(), self.customers, self.days, self.seed
            )
            out.append(cfg.model_copy(update={"policy_name": name}))
        return out


def side_colors(sides: tuple[Side, ...]) -> list[str]:
    """One colour per side: the preset's colour in every servicesim figure, unless taken."""
    spare = [OKABE_ITO["sky_blue"], OKABE_ITO["black"], OKABE_ITO["bluish_green"]]
    colors: list[str] = []
    for side in sides:
        color = KNOWN_POLICY_COLORS.get(side.preset, spare[0])
        while color in colors:
            color = spare[(spare.index(color) + 1) % len(spare)] if color in spare else spare[0]
        colors.append(color)
    return colors


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
                for model in self.models:
                    model.step()
            return self.day

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
            )


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
