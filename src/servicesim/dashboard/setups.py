"""The workshop guide's scenarios as buttons: one small table of settings.

Each row is what the workshop guide tells the facilitator to set up for one scenario: the
business, the two policies, any lever it moves, a switch of policy mid-run, and the run's size
and length (the guide's numbers were measured at 30,000 customers over two years, seed 0 and
1). The guide is
``workshop.md`` in this package (``docs/workshop.md`` is a copy). A test reads the guide and
checks every row against it, so the buttons and the guide cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from servicesim.dashboard.settings import Settings, Side

#: the run the guide's numbers were measured on
GUIDE_CUSTOMERS = 30_000
GUIDE_DAYS = 730


@dataclass(frozen=True)
class Setup:
    """A button: what it sets. ``levers`` per policy: slider values that differ from the preset.

    ``switch_from``, ``switch_at``: policy 2 starts as ``switch_from`` and switches to its own
    preset on measured day ``switch_at`` (policy 1 plays its preset all along).
    """

    button: str
    title: str
    scenario: str
    policies: tuple[str, str]
    levers: tuple[dict[str, float], dict[str, float]] = field(default=({}, {}))
    customers: int = GUIDE_CUSTOMERS
    days: int = GUIDE_DAYS
    speed: str = "a month"
    seed: int = 0
    switch_from: str | None = None
    switch_at: int | None = None

    def settings(self) -> Settings:
        """The run this button sets up (always side by side)."""
        sides = []
        for preset, levers in zip(self.policies, self.levers, strict=True):
            side = Side.from_preset(preset)
            for name, value in levers.items():
                side = side.with_lever(name, value)
            sides.append(side)
        sides[1] = sides[1].with_switch(self.switch_from, self.switch_at)
        return Settings(self.scenario, tuple(sides), self.customers, self.days, self.seed)


SETUPS: tuple[Setup, ...] = (
    Setup("Scenario 1", "'Our policy is...'", "default", ("rule_bound", "empowered")),
    Setup(
        "Scenario 2",
        "Where the rulebook wins",
        "routine_transactional",
        ("rule_bound", "empowered"),
    ),
    Setup(
        "Scenario 3",
        "Where judgment pays",
        "complex_relational",
        ("rule_bound", "empowered"),
    ),
    Setup(
        "Scenario 3B",
        "What delight costs",
        "complex_relational",
        ("empowered", "positively_outrageous"),
    ),
    Setup(
        "Scenario 4",
        "Pressure",
        "demand_shock",
        ("outsourced_efficiency", "guardrailed"),
        speed="a week",
    ),
    # the best version of rules against empowerment, so the room does not beat a straw man
    Setup(
        "Scenario 5",
        "The best rulebook",
        "default",
        ("well_run_rules", "empowered"),
    ),
    # issue 16: what happens the month we empower the front line. Day 180: six months of the
    # same firm on both sides (the room sees the lines lie on top of each other), then a year
    # and a half to see the dip, the recovery and the bill within the guide's two years
    Setup(
        "Scenario 6",
        "The month we empower the front line",
        "default",
        ("rule_bound", "empowered"),
        switch_from="rule_bound",
        switch_at=180,
    ),
    # the guide's two "if time allows" levers; it names no business for them: the mid-range one
    Setup(
        "Front-line days",
        "Managers on the front line, 0 versus 1 day a month",
        "default",
        ("empowered", "empowered"),
        ({"frontline_days_per_month": 0.0}, {"frontline_days_per_month": 1.0}),
    ),
    Setup(
        "Transparency",
        "Rule transparency, 0.2 versus 0.9",
        "default",
        ("rule_bound", "rule_bound"),
        ({"rule_transparency": 0.2}, {"rule_transparency": 0.9}),
    ),
)
SETUP_BY_BUTTON = {setup.button: setup for setup in SETUPS}


def matching(settings: Settings) -> Setup | None:
    """The setup whose button gives exactly these settings, if any (its button is highlighted)."""
    return next((s for s in SETUPS if s.settings() == settings), None)
