"""The page's pieces: charts, scoreboard, event feed, glossary, lever sliders, the guide.

Each component takes plain values (a Snapshot, a Side) and callbacks; the state lives in
``app.py``. Sizes are for a projector at the back of a room.
"""

from __future__ import annotations

import html
from collections.abc import Callable

import solara

from servicesim.dashboard import charts, guide, story
from servicesim.dashboard.session import Snapshot, notable_events
from servicesim.dashboard.settings import Side, switch_days
from servicesim.dashboard.setups import SETUPS, Setup
from servicesim.dashboard.texts import GLOSSARY, LEVERS, Lever, policy_title
from servicesim.params.config import preset_names

CSS = """
html { font-size: 18px !important; }
.ss-page { font-size: 1.1rem; line-height: 1.45; color: #1a1a1a; padding: 0 0.5rem; }
.ss-page h1 { font-size: 2rem; margin: 0.2rem 0 0.4rem 0; }
.ss-page h2 { font-size: 1.45rem; margin: 1.1rem 0 0.4rem 0; }
.ss-page h3 { font-size: 1.15rem; margin: 0.6rem 0 0.2rem 0; }
.ss-page .v-label, .ss-page .v-select__selection, .ss-page .v-btn,
.v-list-item__title { font-size: 1rem !important; }
.ss-page .v-btn { text-transform: none; letter-spacing: 0; }
.ss-layout { display: grid; grid-template-columns: minmax(340px, 420px) minmax(0, 1fr); gap: 1.5rem; }
.ss-controls { background: #f4f7fb; border-radius: 8px; padding: 0.2rem 1rem 1rem 1rem; }
.ss-help { font-size: 0.85rem; color: #444; margin: 0 0 0.5rem 0; }
.ss-lever { margin-bottom: 0.8rem; }
.ss-lever .v-messages, .ss-lever .v-text-field__details { display: none; }
.ss-lever .v-input { margin-top: 0; }
.ss-lever .v-input__slot { margin-bottom: 0; }
.ss-lever .v-slider__track-container { height: 6px; }
.ss-ends { font-size: 0.8rem; color: #555; display: flex; justify-content: space-between;
  margin-bottom: 0.2rem; }
.ss-lever-name { font-weight: 600; }
.ss-note { font-size: 0.9rem; color: #444; }
.ss-banner { background: #fff8e6; border-left: 6px solid #E69F00; padding: 0.5rem 1rem;
  margin: 0.6rem 0; }
.ss-two { display: grid; grid-template-columns: repeat(auto-fit, minmax(540px, 1fr));
  gap: 1rem 1.5rem; align-items: start; }
.ss-charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(480px, 1fr));
  gap: 1rem; margin-top: 0.6rem; }
.ss-chart img { width: 100%; height: auto; display: block; }
.ss-runbar { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: center;
  margin-top: 0.4rem; }
.ss-runbar .v-btn { font-size: 1.1rem !important; min-height: 46px; }
.ss-day { font-size: 1.5rem; font-weight: 700; margin-left: 1rem; }
table.ss-score { border-collapse: collapse; font-size: 1.1rem; margin: 0.2rem 0; width: 100%; }
table.ss-score th, table.ss-score td { padding: 0.3rem 0.7rem; border-bottom: 1px solid #ddd;
  text-align: right; }
table.ss-score th:first-child, table.ss-score td:first-child { text-align: left;
  white-space: nowrap; }
table.ss-score th:last-child { white-space: nowrap; }
.ss-better { color: #005a8c; font-weight: 700; }
.ss-worse { color: #a33d00; font-weight: 700; }
.ss-feed ul { padding-left: 1.2rem; }
.ss-feed li { margin-bottom: 0.3rem; font-size: 1rem; }
.ss-glossary dt { font-weight: 700; margin-top: 0.5rem; }
.ss-glossary dd { margin-left: 1rem; }
.ss-topbar { display: flex; flex-wrap: wrap; gap: 0.4rem; align-items: center;
  margin: 0.2rem 0 0.4rem 0; }
.ss-topbar-label { font-weight: 600; margin-left: 0.6rem; }
.ss-setups { display: flex; flex-wrap: wrap; gap: 0.3rem; }
.ss-now { font-style: italic; color: #333; margin-left: 0.4rem; }
.ss-verdict { font-size: 1.25rem; font-weight: 600; line-height: 1.35; margin: 0.5rem 0;
  padding: 0.35rem 0.8rem; border-left: 6px solid #0072B2; background: #eef5fb; }
table.ss-score tr.ss-section th { text-align: left; background: #eef0f3; font-size: 1rem;
  padding-top: 0.35rem; white-space: normal; }
.ss-section-note { font-weight: 400; color: #444; font-size: 0.85rem; }
table.ss-score thead th { vertical-align: bottom; }
.ss-which.v-btn-toggle { display: flex; flex-direction: column; width: 100%; }
.ss-which.v-btn-toggle > .v-btn.v-btn { height: auto !important; min-height: 42px;
  padding: 6px 12px; justify-content: flex-start; text-align: left; }
.ss-which .v-btn__content { white-space: normal; flex-shrink: 1; }
table.ss-score td { white-space: nowrap; }
.ss-switch { margin: -0.3rem 0 0.6rem 0; }
.ss-switch .v-input--checkbox { margin-top: 0; }
.ss-switch .v-messages { display: none; }
.ss-switch-pickers { display: flex; gap: 0.6rem; }
.ss-switch-pickers .v-input { margin-top: 0; }
.ss-switch-pickers .v-text-field__details { display: none; }
.ss-credit { font-size: 0.8rem; color: #555; margin: 2rem 0 0.5rem 0; }
/* presentation: scoreboard, verdict and two charts on one 1280 x 720 screen. The charts'
   height follows the screen's (two stacked under their menus, below the bars on top); the
   scoreboard takes the rest of the width, so long policy names wrap rather than run off */
.ss-layout-present { grid-template-columns: minmax(0, 1fr); }
.ss-layout-present > .ss-controls, .ss-presenting h1, .ss-presenting .ss-now { display: none; }
.ss-presenting .ss-topbar { margin: 0 0 0.3rem 0; flex-wrap: nowrap; gap: 0.25rem; }
/* the top bar on one line at 1280 px: every scenario button (Scenario 6 too) and the notes,
   a little smaller */
.ss-presenting .ss-topbar .v-btn { font-size: 0.85rem !important; padding: 0 6px !important;
  height: 34px !important; }
.ss-presenting .ss-topbar-label { display: none; }
.ss-presenting .ss-setups { flex-wrap: nowrap; gap: 0.25rem; }
.ss-presenting .v-btn { min-height: 34px; }
.ss-presenting .ss-runbar { margin-top: 0; }
.ss-presenting .ss-runbar .v-btn { min-height: 34px; font-size: 1rem !important; }
.ss-presenting .ss-day { font-size: 1.3rem; }
.ss-presenting .ss-banner { padding: 0.1rem 0.8rem; margin: 0.3rem 0; font-size: 1rem; }
.ss-stage { display: grid; grid-template-columns: minmax(0, 1fr) auto; gap: 0 1rem;
  align-items: start; }
.ss-presenting table.ss-score { font-size: 1rem; line-height: 1.2; }
.ss-presenting table.ss-score th, .ss-presenting table.ss-score td { padding: 0.1rem 0.5rem; }
.ss-presenting table.ss-score thead th { font-size: 0.9rem; }
.ss-presenting table.ss-score tr.ss-section th { font-size: 0.9rem; padding-top: 0.15rem; }
.ss-presenting .ss-verdict { font-size: 1.05rem; margin: 0.4rem 0 0 0; }
.ss-featured { --ss-chart-h: calc((100vh - 215px) / 2);
  width: min(46vw, calc(var(--ss-chart-h) * 2.2)); }
.ss-featured .ss-chart img { max-height: var(--ss-chart-h); object-fit: contain;
  object-position: left top; }
.ss-pickers { display: flex; gap: 0.6rem; }
.ss-pickers .v-input { margin-top: 0; padding-top: 0; }
.ss-pickers .v-text-field__details { display: none; }
.ss-notes-body { font-size: 1rem; line-height: 1.5; color: #1a1a1a; }
.ss-notes-body h1 { font-size: 1.6rem; margin: 0.4rem 0; }
.ss-notes-body h2 { font-size: 1.3rem; margin: 1.2rem 0 0.4rem 0; }
.ss-notes-body blockquote { margin: 0.5rem 0; padding: 0.2rem 0.9rem;
  border-left: 5px solid #E69F00; background: #fff8e6; }
.ss-notes-body table { border-collapse: collapse; margin: 0.4rem 0; }
.ss-notes-body th, .ss-notes-body td { border-bottom: 1px solid #ddd; padding: 0.2rem 0.6rem;
  text-align: left; }
.ss-notes-body ul, .ss-notes-body ol { padding-left: 1.4rem; margin-bottom: 0.6rem; }
.ss-notes-body p { margin-bottom: 0.6rem; }
.ss-notes-title { display: flex; justify-content: space-between; width: 100%; }
/* the dialog sits outside .ss-page: its own background, bold and button text */
.ss-notes.v-card { background: #ffffff !important; }
.ss-notes-body strong { font-weight: 700; }
.ss-notes .v-btn { text-transform: none; letter-spacing: 0; font-size: 1rem; }
"""


@solara.component
def Chart(name: str, snap: Snapshot, key: tuple[object, int], wide: bool = False) -> None:
    """One chart as an image; redrawn only when ``key`` (the run, the day) changes.

    ``wide``: the shorter shape of the presentation layout.
    """

    def draw() -> bytes:
        ahead = getattr(key[0], "ahead", None)  # drawn by the play loop, off this render
        if ahead is not None and ahead[0] is snap and (name, wide) in ahead[1]:
            return ahead[1][(name, wide)]
        return charts.png(charts.CHARTS[name], snap, wide=wide)

    data = solara.use_memo(draw, dependencies=[*key, wide])
    with solara.Div(classes=["ss-chart", f"ss-chart-{name}"]):
        solara.Image(data, width="100%")


@solara.component
def Scoreboard(snap: Snapshot) -> None:
    """The run so far and this month, per policy and, side by side, the gap (2 minus 1)."""
    n = len(snap.titles)
    side = n == 2
    head = "".join(f"<th>{html.escape(t)}</th>" for t in snap.titles)
    if side:
        head += "<th>Gap (2 &minus; 1)</th>"
    span = n + 1 + int(side)
    body = [f"<thead><tr><th>Day {snap.day}</th>{head}</tr></thead><tbody>"]
    sections = (
        ("So far", "since day 0, when the policies took over", story.so_far(snap)),
        (
            "This month",
            "money over the last 30 days, hiring costs spread over a year",
            story.this_month(snap),
        ),
    )
    for name, note, table in sections:
        body.append(
            f'<tr class="ss-section"><th colspan="{span}">{name} '
            f'<span class="ss-section-note">({note})</span></th></tr>'
        )
        for label, values in table.iterrows():
            body.append(story.row_html(str(label), values, n, side, prefix="ss-"))
    body.append("</tbody>")
    solara.HTML(
        tag="div",
        unsafe_innerHTML=f'<table class="ss-score">{"".join(body)}</table>',
        classes=["ss-scoreboard"],
    )


@solara.component
def Verdict(snap: Snapshot, worlds: str | None = None) -> None:
    """The run so far in one sentence, under the scoreboard; ``worlds``: the shipped sentence on
    how the verdict fares over many worlds (``worlds.py``), for a scenario of the guide."""
    solara.HTML(
        tag="div", unsafe_innerHTML=html.escape(story.verdict(snap)), classes=["ss-verdict"]
    )
    if worlds:
        solara.HTML(tag="div", unsafe_innerHTML=html.escape(worlds), classes=["ss-worlds"])


@solara.component
def SetupButtons(active: str | None, on_pick: Callable[[Setup], None]) -> None:
    """One button per scenario of the workshop guide; the one the page now shows is filled."""
    with solara.Div(classes=["ss-setups"]):
        for setup in SETUPS:
            solara.Button(
                setup.button,
                on_click=lambda setup=setup: on_pick(setup),
                color="primary" if setup.button == active else None,
                outlined=setup.button != active,
                classes=["ss-setup"],
            )


@solara.component
def FacilitatorNotes(shown: bool, on_shown: Callable[[bool], None]) -> None:
    """'Facilitator notes': the workshop guide that ships with the package, over the page.

    The button opens it; Close, Escape or a click beside it closes it. The run goes on.
    """
    solara.Button(
        "Facilitator notes",
        icon_name="mdi-book-open-variant",
        on_click=lambda: on_shown(True),
        outlined=True,
        classes=["ss-notes-toggle"],
    )
    dialog = solara.v.Dialog(v_model=shown, on_v_model=on_shown, max_width="920px", scrollable=True)
    with dialog, solara.v.Card(class_="ss-notes"):
        with solara.v.CardTitle(), solara.Div(classes=["ss-notes-title"]):
            solara.Text("Facilitator notes: the workshop guide")
            solara.Button(
                "Close", icon_name="mdi-close", on_click=lambda: on_shown(False), text=True
            )
        with solara.v.CardText():
            if shown:  # the guide's HTML goes to the browser only when asked for
                solara.HTML(tag="div", unsafe_innerHTML=guide.to_html(), classes=["ss-notes-body"])


@solara.component
def EventFeed(snap: Snapshot) -> None:
    """The newest notable events of each policy, in words, with day and customer or staff id."""
    with solara.Div(classes=["ss-two", "ss-feed"]):
        for title, color, events in zip(snap.titles, snap.colors, snap.events, strict=True):
            picked = notable_events(events)
            items = (
                "".join(f"<li>{html.escape(t)}</li>" for t in picked["text"])
                if len(picked)
                else ("<li>Nothing yet: press Play or Step.</li>")
            )
            solara.HTML(
                tag="div",
                unsafe_innerHTML=f'<h3 style="color:{color}">{html.escape(title)}</h3><ul>{items}</ul>',
            )


@solara.component
def Glossary() -> None:
    with solara.Details("Glossary: what the words mean", expand=False):
        body = "".join(
            f"<dt>{html.escape(term)}</dt><dd>{html.escape(text)}</dd>"
            for term, text in GLOSSARY.items()
        )
        solara.HTML(tag="dl", unsafe_innerHTML=body, classes=["ss-glossary"])


@solara.component
def LeverSlider(lever: Lever, value: float, on_value: Callable[[float], None]) -> None:
    """A lever: its name and value in words, the slider, what its two ends mean, one help line."""
    with solara.Div(classes=["ss-lever", f"ss-lever-{lever.name}"]):
        solara.HTML(
            tag="div",
            unsafe_innerHTML=f"{html.escape(lever.label)}: <b>{html.escape(lever.show(value))}</b>",
            classes=["ss-lever-name"],
        )
        solara.SliderFloat(
            label="",
            value=value,
            min=lever.min,
            max=lever.max,
            step=lever.step,
            on_value=on_value,
            thumb_label=False,
        )
        solara.HTML(
            tag="div",
            unsafe_innerHTML=f"<span>{html.escape(lever.low)}</span>"
            f"<span>{html.escape(lever.high)}</span>",
            classes=["ss-ends"],
        )
        solara.HTML(tag="div", unsafe_innerHTML=html.escape(lever.help), classes=["ss-help"])


@solara.component
def LeverPanel(side: Side, on_side: Callable[[Side], None]) -> None:
    """The main levers of one policy; moving one marks the policy '(changed)'."""
    values = side.values

    def setter(name: str) -> Callable[[float], None]:
        return lambda value: on_side(side.with_lever(name, value))

    for lever in LEVERS:
        LeverSlider(lever, values[lever.name], setter(lever.name))
    solara.Button(
        "Back to the preset's values",
        classes=["ss-back"],
        on_click=lambda: on_side(side.reset_levers()),
        outlined=True,
        disabled=not side.changed,
    )


@solara.component
def SwitchOption(side: Side, days: int, on_side: Callable[[Side], None]) -> None:
    """'Start as another policy, switch mid-run': off by default; on, which policy the side
    starts as and on which day it switches, said in plain words with what the switch costs."""
    policies = preset_names("policies")
    on = side.switches

    def toggle(value: bool) -> None:
        if not value:
            on_side(side.with_switch(None, None))
            return
        start = "rule_bound" if side.preset != "rule_bound" else "guardrailed"
        on_side(side.with_switch(start, min(180, switch_days(days)[-1])))

    with solara.Div(classes=["ss-switch"]):
        solara.Checkbox(label="Start as another policy, switch mid-run", value=on, on_value=toggle)
        if not on:
            return
        titled = {policy_title(n): n for n in policies}
        offered = switch_days(days, side.switch_at)
        with solara.Div(classes=["ss-switch-pickers"]):
            solara.Select(
                label="Starts as",
                values=list(titled),
                value=policy_title(str(side.switch_from)),
                on_value=lambda t: on_side(side.with_switch(titled[t], side.switch_at)),
                dense=True,
            )
            solara.Select(
                label="Switches on",
                values=[f"day {d}" for d in offered],
                value=f"day {side.switch_at}",
                on_value=lambda t: on_side(side.with_switch(side.switch_from, int(t[4:]))),
                dense=True,
            )
        words = (
            f"Starts as {policy_title(str(side.switch_from))}; switches to "
            f"{policy_title(side.preset)} on day {side.switch_at}. That day the staff train in "
            "turns, off the phones, and lose some skill and some morale. The levers move the "
            "policy it switches to."
        )
        solara.HTML(
            tag="div", unsafe_innerHTML=html.escape(words), classes=["ss-help", "ss-switch-words"]
        )
