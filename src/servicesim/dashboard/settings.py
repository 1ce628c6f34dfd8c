"""What a dashboard run is set up to be: its policies (sides, each with its levers and any
switch mid-run), the business, the size, the length and the seed; the configurations a run is
built from, and the colours the page gives its sides. No Solara, no simulation here:
``session.py`` builds and steps a run from :class:`Settings`.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from servicesim.dashboard.texts import LEVERS, policy_title
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

#: the days a switch of policy can be set to on the page (those inside the run are offered)
SWITCH_DAYS = (30, 90, 180, 270, 365, 540, 730, 900)


def switch_days(days: int, current: int | None = None) -> list[int]:
    """The switch days a run of ``days`` offers (and the current one, if set elsewhere)."""
    offered = {d for d in SWITCH_DAYS if d < days} | ({current} if current else set())
    return sorted(d for d in offered if 1 <= d < days)


def preset_levers(policy: str) -> dict[str, float]:
    """The slider levers' values in a shipped policy preset (preset value, else the default)."""
    _, table = load_preset("policy", policy)
    defaults = PolicyParams().model_dump()
    return {lv.name: float(table.get(lv.name, defaults[lv.name])) for lv in LEVERS}


@dataclass(frozen=True)
class Side:
    """One policy on the page: a preset and the slider levers' values (hashable).

    ``switch_from`` and ``switch_at``: the side starts as the preset ``switch_from`` (as its
    preset says; the levers move the policy it switches to) and switches on measured day
    ``switch_at``, paying what a switch costs the staff on that day (``resolve``'s switch).
    """

    preset: str
    levers: tuple[tuple[str, float], ...]
    switch_from: str | None = None
    switch_at: int | None = None

    @classmethod
    def from_preset(cls, preset: str) -> Side:
        return cls(preset, tuple(preset_levers(preset).items()))

    def with_lever(self, name: str, value: float) -> Side:
        levers = tuple((k, value if k == name else v) for k, v in self.levers)
        return replace(self, levers=levers)

    def with_preset(self, preset: str) -> Side:
        """Another preset, its own lever values, the same switch (if any)."""
        return replace(
            Side.from_preset(preset), switch_from=self.switch_from, switch_at=self.switch_at
        )

    def reset_levers(self) -> Side:
        """The preset's own lever values, the same switch (if any)."""
        return self.with_preset(self.preset)

    def with_switch(self, switch_from: str | None, switch_at: int | None) -> Side:
        """Start as ``switch_from`` and switch on day ``switch_at``; None: the policy all along."""
        if switch_from is None or switch_at is None:
            return replace(self, switch_from=None, switch_at=None)
        return replace(self, switch_from=switch_from, switch_at=int(switch_at))

    @property
    def switches(self) -> bool:
        return self.switch_from is not None and self.switch_at is not None

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
        ' from day 180 (rule_bound before)' if it switches, and 'A'/'B' appended when the two
        would otherwise read the same."""
        names = []
        for s in self.sides:
            name = s.preset + (" (changed)" if s.changed else "")
            if s.switches:
                name += f" from day {s.switch_at} ({s.switch_from} before)"
            names.append(name)
        return _apart(names)

    def titles(self) -> list[str]:
        """The names as the page shows them: 'Rule-bound', 'Empowered (changed)', and for a side
        that switches 'Empowered from day 180' (short enough for a chart's legend; the set-up,
        the banner and the charts' dashed line say what it starts as)."""
        names = []
        for s in self.sides:
            name = policy_title(s.preset) + (" (changed)" if s.changed else "")
            names.append(name + (f" from day {s.switch_at}" if s.switches else ""))
        return _apart(names)

    def switch_words(self) -> list[str | None]:
        """Per side, its switch in plain words ('Starts as Rule-bound; switches to Empowered on
        day 180'), or None for a side that plays its policy all along."""
        out: list[str | None] = []
        for side in self.sides:
            if not side.switches:
                out.append(None)
                continue
            out.append(
                f"Starts as {policy_title(str(side.switch_from))}; switches to "
                f"{policy_title(side.preset)} on day {side.switch_at}"
            )
        return out

    def switch_banner(self) -> str:
        """The switches for the banner over the run (HTML, '' for none): the presentation
        layout hides the set-up column, so the page says there what a side starts as."""
        out = []
        for k, words in enumerate(self.switch_words()):
            if words is None:
                continue
            who = f"Policy {k + 1}" if len(self.sides) == 2 else "The policy"
            same = " until then the two lines are one." if len(self.sides) == 2 else ""
            out.append(
                f"<b>{html.escape(who)} {html.escape(words[0].lower() + words[1:])}</b> "
                f"(the dashed line in the charts):{same or ' it pays the switch on that day.'}"
            )
        return " ".join(out)

    def configs(self) -> list[SimConfig]:
        """Validated configurations, one per side, all with the same seed (raises InputError)."""
        out = []
        for side, name in zip(self.sides, self.labels(), strict=True):
            switch = (
                {"switch_at": side.switch_at, "switch_from": side.switch_from}
                if side.switches
                else {}
            )
            cfg = resolve(
                side.preset,
                self.scenario,
                side.sets(),
                self.customers,
                self.days,
                self.seed,
                **switch,
            )
            out.append(cfg.model_copy(update={"policy_name": name}))
        return out

    def to_record(self) -> dict[str, Any]:
        """The settings as JSON-able data (a saved run's record); :meth:`from_record` reads it."""
        return {
            "scenario": self.scenario,
            "sides": [
                {
                    "preset": s.preset,
                    "levers": dict(s.levers),
                    "switch_from": s.switch_from,
                    "switch_at": s.switch_at,
                }
                for s in self.sides
            ],
            "customers": self.customers,
            "days": self.days,
            "seed": self.seed,
        }

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> Settings:
        sides = tuple(
            Side(
                str(s["preset"]),
                tuple((str(k), float(v)) for k, v in s["levers"].items()),
                s.get("switch_from"),
                None if s.get("switch_at") is None else int(s["switch_at"]),
            )
            for s in record["sides"]
        )
        return cls(
            str(record["scenario"]),
            sides,
            int(record["customers"]),
            int(record["days"]),
            int(record["seed"]),
        )


def _apart(names: list[str]) -> list[str]:
    """Two names that read the same get 'A' and 'B' appended."""
    if len(names) == 2 and names[0] == names[1]:
        return [f"{names[0]} A", f"{names[1]} B"]
    return names


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
