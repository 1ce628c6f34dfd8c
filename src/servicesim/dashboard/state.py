"""The page's state: one Solara reactive per setting (each browser tab has its own), and the
few functions that change several at once.

Solara reads its settings when first imported, so this module, like ``app.py``, puts the
offline settings into the environment before it imports Solara.
"""

from __future__ import annotations

import contextlib
from typing import Any

from servicesim.dashboard import offline

offline.set_environment()  # before Solara reads its settings: no CDN, no telemetry

import reacton.core  # noqa: E402
import solara  # noqa: E402

from servicesim.dashboard.export import Exported  # noqa: E402
from servicesim.dashboard.session import WorkshopRun  # noqa: E402
from servicesim.dashboard.settings import (  # noqa: E402
    DEFAULT_CUSTOMERS,
    DEFAULT_DAYS,
    Settings,
    Side,
    switch_days,
)
from servicesim.dashboard.setups import Setup  # noqa: E402

#: where "Save for the workshop report" writes (the CLI's --export-dir sets it)
EXPORT_DIR_ENV = "SERVICESIM_DASHBOARD_EXPORT_DIR"
MODES = ["One policy", "Side by side"]
SPEEDS = {"a day": 1, "a week": 7, "a month": 30}
SIZES = {"10,000": 10_000, "30,000": 30_000, "100,000": 100_000}
LENGTHS = {"1 year": 365, "2 years": 730, "3 years": 1095}
CHART_ORDER = ["customers", "satisfaction", "profit", "profit_so_far", "costs", "morale", "spread"]
#: the two charts the presentation layout shows beside the scoreboard, until the facilitator
#: picks others: the verdict's two numbers, customers and profit so far
FEATURED = ("customers", "profit_so_far")

mode = solara.reactive(MODES[1])
scenario = solara.reactive("default")
side_a = solara.reactive(Side.from_preset("rule_bound"))
side_b = solara.reactive(Side.from_preset("empowered"))
editing = solara.reactive(0)  # which policy the sliders move: 0 first, 1 second
customers = solara.reactive(DEFAULT_CUSTOMERS)
days = solara.reactive(DEFAULT_DAYS)
seed = solara.reactive(0)
speed = solara.reactive("a month")
playing = solara.reactive(False)
to_end = solara.reactive(False)
restarts = solara.reactive(0)
tick = solara.reactive(0)
exported: solara.Reactive[Exported | None] = solara.reactive(None)
presenting = solara.reactive(False)  # the set-up column folded away, for a projector
featured = solara.reactive(FEATURED)
notes_open = solara.reactive(False)  # the workshop guide, over the page
#: the saved run the debrief shows over the page (its folder), or None
reopened: solara.Reactive[str | None] = solara.reactive(None)


def reset_state() -> None:
    """Every setting back to how the page opens (tests use it between pages)."""
    playing.set(False)
    defaults: list[tuple[solara.Reactive[Any], Any]] = [
        (mode, MODES[1]),
        (scenario, "default"),
        (side_a, Side.from_preset("rule_bound")),
        (side_b, Side.from_preset("empowered")),
        (editing, 0),
        (customers, DEFAULT_CUSTOMERS),
        (days, DEFAULT_DAYS),
        (seed, 0),
        (speed, "a month"),
        (to_end, False),
        (restarts, 0),
        (tick, 0),
        (exported, None),
        (presenting, False),
        (featured, FEATURED),
        (notes_open, False),
        (reopened, None),
    ]
    for var, value in defaults:
        var.set(value)


def set_length(value: int) -> None:
    """A new length of run; a switch that would fall outside it moves to the last day offered
    before the end (components.SWITCH_DAYS), so the run still builds."""
    for side in (side_a, side_b):
        at = side.value.switch_at
        if side.value.switches and at is not None and at >= value:
            side.set(side.value.with_switch(side.value.switch_from, switch_days(value)[-1]))
    days.set(value)


def current_settings() -> Settings:
    sides = (side_a.value, side_b.value) if mode.value == MODES[1] else (side_a.value,)
    return Settings(scenario.value, sides, customers.value, days.value, seed.value)


def _changed(setter):
    """Wrap a setting's setter: a new setting stops play (the run starts again at day 0)."""

    def set_and_stop(value):
        playing.set(False)
        exported.set(None)
        setter(value)

    return set_and_stop


def apply_setup(setup: Setup, batch: Any = None) -> None:
    """Set everything a scenario of the workshop guide names (a new run at day 0).

    ``batch``: the page's render context (``reacton.get_render_context()`` while rendering), so
    the page redraws once with every setting changed, not once per setting: a half-changed
    setting (the new business at the old size) would build, and warm up, a run nobody asked for.
    """
    settings = setup.settings()
    with batch if batch is not None else contextlib.nullcontext():
        playing.set(False)
        exported.set(None)
        mode.set(MODES[1])
        scenario.set(settings.scenario)
        side_a.set(settings.sides[0])
        side_b.set(settings.sides[1])
        customers.set(settings.customers)
        days.set(settings.days)
        seed.set(settings.seed)
        speed.set(setup.speed)
        editing.set(0)


def render_context() -> Any:
    """The render context of the page being rendered (for :func:`apply_setup`), or None."""
    return reacton.core.get_render_context(required=False)


#: longest the play loop waits for the page to draw a frame before stepping anyway, seconds
FRAME_WAIT_S = 5.0


def advance(run: WorkshopRun, n_days: int, keep_going=None) -> None:
    """Step ``n_days`` days and redraw."""
    run.step(n_days, keep_going)
    tick.set(tick.value + 1)
