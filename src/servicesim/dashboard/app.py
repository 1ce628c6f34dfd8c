"""The workshop page: ``solara run servicesim.dashboard.app:Page`` (or ``servicesim dashboard``).

The Mesa ``app.py`` pattern (model parameters, plot components, a page), on a custom Solara page
rather than Mesa's ``SolaraViz``: SolaraViz drives one model, rebuilds it from keyword
arguments, and shows controls meant for modellers (play interval in ms, render interval, threads,
draggable "Page 0" tabs). The workshop needs two models stepped together on the same customers,
presets that move the sliders, help text under every slider, and money per month, so the page
composes Solara components directly.

State is one Solara reactive per setting (``state.py``; each browser tab has its own). Any
change of setting builds a new :class:`~servicesim.dashboard.session.WorkshopRun` at day 0;
play steps it from a worker thread a week or a month per frame, at most a frame every
``FRAME_S`` (``player.py``), and draws the frame's charts there, so the page's redraw only swaps images. Two
layouts share one component tree: the set-up beside the run, or the presentation
view for a projector (the set-up folded away; scoreboard, verdict and two chosen charts on one
1280 x 720 screen).
"""

from __future__ import annotations

import html

from servicesim.dashboard import offline

offline.set_environment()  # before Solara reads its settings: no CDN, no telemetry

import solara  # noqa: E402

from servicesim.dashboard.charts import CHART_TITLES  # noqa: E402
from servicesim.dashboard.components import (  # noqa: E402
    CSS,
    Chart,
    EventFeed,
    FacilitatorNotes,
    Glossary,
    LeverPanel,
    Scoreboard,
    SetupButtons,
    SwitchOption,
    Verdict,
)
from servicesim.dashboard.debrief import CSS as DEBRIEF_CSS  # noqa: E402
from servicesim.dashboard.debrief import Debrief, Export  # noqa: E402
from servicesim.dashboard.player import Player  # noqa: E402
from servicesim.dashboard.session import WorkshopRun  # noqa: E402
from servicesim.dashboard.settings import Settings  # noqa: E402
from servicesim.dashboard.setups import matching  # noqa: E402
from servicesim.dashboard.share import CSS as SHARE_CSS  # noqa: E402
from servicesim.dashboard.share import JoinPanel  # noqa: E402
from servicesim.dashboard.state import (  # noqa: E402
    CHART_ORDER,
    LENGTHS,
    MODES,
    SIZES,
    SPEEDS,
    _changed,
    advance,
    apply_setup,
    current_settings,
    customers,
    days,
    editing,
    exported,
    featured,
    mode,
    notes_open,
    playing,
    presenting,
    render_context,
    restarts,
    scenario,
    seed,
    set_length,
    side_a,
    side_b,
    speed,
    tick,
    to_end,
)
from servicesim.dashboard.texts import (  # noqa: E402
    SAME_CUSTOMERS,
    SAME_CUSTOMERS_SHORT,
    policy_title,
    preset_description,
    scenario_title,
)
from servicesim.dashboard.worlds import robustness_sentence  # noqa: E402
from servicesim.errors import InputError  # noqa: E402
from servicesim.params.config import preset_names  # noqa: E402

offline.patch_settings()


@solara.component
def PresetPicker(title: str, kind: str, value: str, on_value) -> None:
    names = preset_names(kind)
    titled = {(policy_title(n) if kind == "policies" else scenario_title(n)): n for n in names}
    current = next(t for t, n in titled.items() if n == value)
    solara.Select(
        label=title, values=list(titled), value=current, on_value=lambda t: on_value(titled[t])
    )
    solara.HTML(
        tag="div",
        unsafe_innerHTML=html.escape(preset_description(kind, value)),
        classes=["ss-help"],
    )


@solara.component
def Controls(staff: list[int]) -> None:
    """The left column: what to compare, the levers, the size of the run.

    ``staff``: front-line staff of each policy today, to say what this size of firm means.
    """
    side = mode.value == MODES[1]
    solara.HTML(tag="h2", unsafe_innerHTML="Set up the experiment")
    solara.ToggleButtonsSingle(value=mode.value, values=MODES, on_value=_changed(mode.set))
    PresetPicker("Business (scenario)", "scenarios", scenario.value, _changed(scenario.set))
    PresetPicker(
        "Policy 1" if side else "Policy",
        "policies",
        side_a.value.preset,
        lambda n: _changed(side_a.set)(side_a.value.with_preset(n)),
    )
    SwitchOption(side_a.value, days.value, _changed(side_a.set))
    if side:
        PresetPicker(
            "Policy 2",
            "policies",
            side_b.value.preset,
            lambda n: _changed(side_b.set)(side_b.value.with_preset(n)),
        )
        SwitchOption(side_b.value, days.value, _changed(side_b.set))
    solara.HTML(tag="h2", unsafe_innerHTML="Levers")
    which = editing.value if side else 0
    if side:
        names = [
            f"1: {policy_title(side_a.value.preset)}",
            f"2: {policy_title(side_b.value.preset)}",
        ]
        solara.ToggleButtonsSingle(
            value=names[which],
            values=names,
            on_value=lambda t: editing.set(names.index(t)),
            classes=["ss-which"],  # one button a line: a long policy name is never cut
        )
    target = side_b if which == 1 else side_a
    LeverPanel(target.value, _changed(target.set))
    solara.HTML(tag="h2", unsafe_innerHTML="The run")
    size = next(k for k, v in SIZES.items() if v == customers.value)
    solara.Select(
        label="Customers at the start",
        values=list(SIZES),
        value=size,
        on_value=lambda k: _changed(customers.set)(SIZES[k]),
    )
    if staff:
        crew = " and ".join(str(n) for n in dict.fromkeys(staff))
        solara.HTML(
            tag="div",
            classes=["ss-help", "ss-size"],
            unsafe_innerHTML=f"With {customers.value:,} customers this contact centre has {crew} "
            "front-line staff. Fewer than about ten make staff morale and quits lumpy.",
        )
    length = next(k for k, v in LENGTHS.items() if v == days.value)
    solara.Select(
        label="How long to simulate",
        values=list(LENGTHS),
        value=length,
        on_value=lambda k: _changed(set_length)(LENGTHS[k]),
    )
    with solara.Row(style={"align-items": "center"}):
        solara.Text(f"Customers drawn with seed {seed.value}")
        solara.Button(
            "New customers", on_click=lambda: _changed(seed.set)(seed.value + 1), outlined=True
        )
    solara.HTML(
        tag="div",
        classes=["ss-note"],
        unsafe_innerHTML="Changing anything here starts the run again from day 0.",
    )


@solara.component
def RunBar(run: WorkshopRun, day: int) -> None:
    """Play, step, run to the end, start again; the day and how far along the run is."""
    busy = playing.value
    with solara.Div(classes=["ss-runbar"]):
        solara.Button(
            "Pause" if busy else "Play",
            icon_name="mdi-pause" if busy else "mdi-play",
            color="primary",
            on_click=lambda: playing.set(not busy),
            disabled=run.done,
        )
        solara.Button("Step 1 day", on_click=lambda: advance(run, 1), disabled=busy or run.done)
        solara.Button("+1 month", on_click=lambda: advance(run, 30), disabled=busy or run.done)

        def run_to_end():
            to_end.set(True)
            playing.set(True)

        solara.Button("Run to the end", on_click=run_to_end, disabled=busy or run.done)

        def restart():
            playing.set(False)
            exported.set(None)
            restarts.set(restarts.value + 1)

        solara.Button("Start again", icon_name="mdi-restart", on_click=restart, outlined=True)
        solara.ToggleButtonsSingle(value=speed.value, values=list(SPEEDS), on_value=speed.set)
        solara.Text("at a time")
        solara.HTML(tag="span", unsafe_innerHTML=f"Day {day} of {run.days}", classes=["ss-day"])
    solara.ProgressLinear(value=100.0 * day / run.days)


@solara.component
def TopBar(settings: Settings) -> None:
    """Show or fold away the set-up; the workshop guide's scenarios, one button each."""
    shown = matching(settings)
    with solara.Div(classes=["ss-topbar"]):
        solara.Button(
            "Show the set-up" if presenting.value else "Presentation view",
            icon_name="mdi-page-layout-sidebar-left" if presenting.value else "mdi-presentation",
            on_click=lambda: presenting.set(not presenting.value),
            outlined=True,
            classes=["ss-present-toggle"],
        )
        FacilitatorNotes(notes_open.value, notes_open.set)
        solara.Text("Guide:", classes=["ss-topbar-label"])
        batch = render_context()
        SetupButtons(shown.button if shown else None, lambda setup: apply_setup(setup, batch))
        title = shown.title if shown is not None else ""
        solara.HTML(tag="span", unsafe_innerHTML=html.escape(title), classes=["ss-now"])


@solara.component
def Page() -> None:
    """The workshop dashboard."""
    solara.Title("servicesim workshop: rules or judgment?")
    solara.Style(CSS + DEBRIEF_CSS + SHARE_CSS)
    settings = current_settings()
    tick.value  # noqa: B018  (subscribe: the play loop bumps it after each frame)

    def build() -> WorkshopRun | str:
        try:
            return WorkshopRun(settings)
        except (InputError, ValueError) as err:
            return str(err)

    run = solara.use_memo(build, dependencies=[settings, restarts.value])
    classes = ["ss-page"] + (["ss-presenting"] if presenting.value else [])
    with solara.Div(classes=classes):
        # hidden by CSS, not left out, in the presentation layout: the same tree in both layouts
        # keeps the run's widgets (a button clicked while the layout changes still works)
        solara.HTML(tag="h1", unsafe_innerHTML="Rules or judgment? A customer-service simulator")
        TopBar(settings)
        JoinPanel()
        if isinstance(run, str):
            solara.Error(f"These settings do not work together: {run}")
        else:
            Workspace(run, run.day)  # the day as a prop: a new day redraws
        solara.HTML(
            tag="div",
            classes=["ss-credit"],
            unsafe_innerHTML='This page runs on <a href="https://solara.dev">Solara</a>, '
            "with Mesa, numba and matplotlib.",
        )


def _pick(slot: int):
    def set_chart(title: str) -> None:
        name = next(n for n, t in CHART_TITLES.items() if t == title)
        pair = list(featured.value)
        pair[slot] = name
        featured.set((pair[0], pair[1]))

    return set_chart


@solara.component
def Featured(snap, key, worlds: str | None = None) -> None:
    """The two charts the facilitator picked, each under its menu (presentation layout); under
    them the scenario's robustness sentence, if any (under the verdict it would leave the screen)."""
    with solara.Div(classes=["ss-featured"] + (["ss-with-worlds"] if worlds else [])):
        with solara.Div(classes=["ss-pickers"]):
            for slot, name in enumerate(featured.value):
                solara.Select(
                    label=f"Chart {slot + 1}",
                    values=list(CHART_TITLES.values()),
                    value=CHART_TITLES[name],
                    on_value=_pick(slot),
                    dense=True,
                    classes=[f"ss-pick-{slot + 1}"],
                )
        for name in featured.value:
            Chart(name, snap, key, wide=True)
        if worlds:
            solara.HTML(tag="div", unsafe_innerHTML=html.escape(worlds), classes=["ss-worlds"])


@solara.component
def Workspace(run: WorkshopRun, day: int) -> None:
    """Set-up on the left (unless folded away); the run, its charts, staff and events on the right.

    In the presentation layout the scoreboard, its verdict and two charts of the facilitator's
    choice fill one 1280 x 720 screen; the other charts, the staff and the events follow below.
    """

    def snapshot():
        ahead = run.ahead  # the play loop's, when it drew this day
        return ahead[0] if ahead is not None and ahead[0].day == day else run.snapshot()

    snap = solara.use_memo(snapshot, dependencies=[run, day])
    solara.use_effect(run.drawn.set, dependencies=[run, day])  # this day is on the page
    key = (run, day)
    present = presenting.value
    shown = matching(run.settings)
    worlds = robustness_sentence(shown.button if shown else None)
    with solara.Div(classes=["ss-layout"] + (["ss-layout-present"] if present else [])):
        with solara.Div(classes=["ss-controls"]):  # hidden by CSS when presenting
            Controls([int(m.size) for m in snap.staff_morale])
        with solara.Div(classes=["ss-results"]):
            Player(run)
            RunBar(run, day)
            if run.side_by_side:
                banner = SAME_CUSTOMERS_SHORT if present else SAME_CUSTOMERS
                solara.HTML(tag="div", unsafe_innerHTML=banner, classes=["ss-banner"])
            if run.settings.switch_banner():
                solara.HTML(
                    tag="div",
                    unsafe_innerHTML=run.settings.switch_banner(),
                    classes=["ss-banner", "ss-switch-banner"],
                )
            if present:
                with solara.Div(classes=["ss-stage"]):
                    with solara.Div(classes=["ss-story"]):
                        Scoreboard(snap)
                        Verdict(snap)
                    Featured(snap, key, worlds)
                rest = [n for n in CHART_ORDER + ["staff"] if n not in featured.value]
            else:
                with solara.Div(classes=["ss-two"]):
                    with solara.Div(classes=["ss-story"]):
                        solara.HTML(tag="h2", unsafe_innerHTML="Where things stand")
                        Scoreboard(snap)
                        Verdict(snap, worlds)
                    with solara.Div():
                        solara.HTML(tag="h2", unsafe_innerHTML="Inside the contact centre")
                        Chart("staff", snap, key)
                rest = CHART_ORDER
            with solara.Div(classes=["ss-charts"]):
                for name in rest:
                    Chart(name, snap, key)
            solara.HTML(tag="h2", unsafe_innerHTML="What happened lately")
            EventFeed(snap)
            if run.side_by_side:
                Export(run, day)
            Debrief()
            Glossary()
