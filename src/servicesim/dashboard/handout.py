"""The workshop handout: one printable page in plain words for a room of managers.

Built from the same :class:`~servicesim.dashboard.session.Snapshot` the page draws, with the
page's own functions (``story.so_far``, ``story.show``, ``story.verdict``, ``charts.png``), so its
numbers are the screen's numbers. One self-contained HTML file that works when mailed: the
charts are inline PNG (base64), there are no links and nothing to fetch. Where the numbers came
from (version, seed, the folder, the lever values) sits in the file's ``<meta>`` tags and in a
closed "For the record" appendix, which prints as one line. A test prints it with Chromium to
A4 and to Letter and finds exactly one page each.
"""

from __future__ import annotations

import base64
import html
import math
from typing import Any

from servicesim import __version__
from servicesim.dashboard import charts, story
from servicesim.dashboard.session import Snapshot
from servicesim.dashboard.texts import preset_description, scenario_title

#: the handout's three charts: the verdict's two numbers and how customers feel
HANDOUT_CHARTS = ("customers", "profit_so_far", "satisfaction")

#: what the model assumes, in plain words for the room (docs/model.md has each mechanism)
ASSUMPTIONS = (
    "Customers run into problems on days drawn at random; the rulebook covers some of them, "
    "and the business decides how many.",
    "A problem put right keeps a customer; one refused or left unresolved makes leaving more "
    "likely, and unhappy customers tell others, as happy ones do.",
    "Staff use the judgment they are allowed only as far as their morale and confidence let "
    "them; morale follows workload, recognition and how managers lead.",
    "Judgment costs money: goodwill payments, longer contacts, managers' time.",
    "Every behavioural number comes from research or practice, with its source and how strong "
    "the evidence is, listed with the software.",
)

#: said too when a policy switches mid-run (the charts mark the day with a dashed line)
SWITCH_ASSUMPTION = (
    "A switch of policy costs the staff on the day: they train in turns, off the phones, lose "
    "some skill and some morale, and recover with time (the dashed line in the charts).",
)

_CSS = """
@page { margin: 12mm; }
* { box-sizing: border-box; }
body { font-family: system-ui, -apple-system, 'Segoe UI', Helvetica, Arial, sans-serif;
  color: #1a1a1a; font-size: 9.5pt; line-height: 1.3; margin: 0 auto; max-width: 190mm; }
h1 { font-size: 15pt; margin: 0 0 1mm 0; }
h2 { font-size: 11.5pt; margin: 3mm 0 1mm 0; border-bottom: 1px solid #ccc; }
p { margin: 0 0 1.5mm 0; }
.sub { color: #444; }
.verdict { font-size: 11.5pt; font-weight: 600; border-left: 5px solid #0072B2;
  background: #eef5fb; padding: 2mm 3mm; margin: 2mm 0; }
table { border-collapse: collapse; width: 100%; }
th, td { border-bottom: 1px solid #ddd; padding: 0.6mm 1.2mm; text-align: right;
  white-space: nowrap; }
thead th { white-space: normal; vertical-align: bottom; }
.cols table { font-size: 9pt; }
th:first-child, td:first-child { text-align: left; }
.better { color: #005a8c; font-weight: 700; }
.worse { color: #a33d00; font-weight: 700; }
.cols { display: grid; grid-template-columns: minmax(0, 1fr) 76mm; gap: 0 5mm; }
.charts img { width: 100%; height: auto; display: block; margin-bottom: 1mm; }
ul { margin: 0; padding-left: 5mm; }
li { margin: 0 0 0.5mm 0; }
details { color: #555; font-size: 8.5pt; margin-top: 2mm; }
@media print { details { break-inside: avoid; } }
"""


def _png(name: str, snap: Snapshot) -> str:
    data = base64.b64encode(charts.png(charts.CHARTS[name], snap, wide=True)).decode("ascii")
    title = charts.CHART_TITLES[name]
    return f'<img src="data:image/png;base64,{data}" alt="{html.escape(title)}">'


def _totals(snap: Snapshot) -> str:
    """The scoreboard's 'so far' rows, as the screen shows them."""
    n = len(snap.titles)
    side = n == 2
    head = "".join(f"<th>{html.escape(t)}</th>" for t in snap.titles)
    head += "<th>Gap (2 &minus; 1)</th>" if side else ""
    rows = []
    for label, values in story.so_far(snap).iterrows():
        rows.append(story.row_html(str(label), values, n, side))
    return (
        f"<table><thead><tr><th>So far</th>{head}</tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def uncertainty(snap: Snapshot, robustness: str | None = None) -> str:
    """How far to trust the verdict, in words (``robustness``: the shipped sentence, if any)."""
    one_run = (
        "This is one run: one draw of customers and their problems, the same for both policies, "
        "so the gap is the policies' doing and not luck in who turned up. Another, equally likely "
        "draw moves every number a little; a gap of a fraction of a percent could go either way."
        if len(snap.titles) == 2
        else "This is one run: one draw of customers and their problems. Another, equally likely "
        "draw moves every number a little."
    )
    if robustness:
        return f"{one_run} {robustness}"
    return one_run


def build_handout(
    snap: Snapshot,
    scenario: str,
    robustness: str | None = None,
    record: dict[str, Any] | None = None,
) -> str:
    """The one-page handout of a run, as an HTML string.

    ``scenario``: the business's preset name; ``robustness``: a sentence on the verdict over many
    worlds, already labelled; ``record``: where the numbers came from (seed, folder, levers...),
    put in the file's metadata and its closed appendix, never in the page's text.
    """
    if snap.day == 0:
        raise ValueError("nothing to hand out yet: run at least one day")
    business = scenario_title(scenario)
    names = " against ".join(snap.titles)
    customers = snap.start_customers[0] if snap.start_customers else 0
    span = story.span_words(snap.day)
    facts = {"servicesim_version": __version__, **{k: str(v) for k, v in (record or {}).items()}}
    meta = "".join(
        f'<meta name="servicesim:{html.escape(k)}" content="{html.escape(v)}">'
        for k, v in facts.items()
    )
    appendix = "".join(
        f"<li>{html.escape(k.replace('_', ' '))}: {html.escape(v)}</li>" for k, v in facts.items()
    )
    partial = (
        ""
        if snap.day >= snap.days
        else f" The run was saved after {span} of the {story.span_words(snap.days)} it was set to."
    )
    said = ASSUMPTIONS + (SWITCH_ASSUMPTION if any(m.kind == "switch" for m in snap.marks) else ())
    assumptions = "".join(f"<li>{html.escape(a)}</li>" for a in said)
    chart_row = "".join(_png(name, snap) for name in HANDOUT_CHARTS)
    start = f"{customers:,} customers at the start" if customers else "the starting customers"
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="generator" content="servicesim {html.escape(__version__)}">{meta}
<title>{html.escape(f"{business}: {names}")}</title><style>{_CSS}</style></head>
<body>
<h1>Rules or judgment? {html.escape(names)}</h1>
<p class="sub">{html.escape(business)}: {start}, followed for {html.escape(span)}. A
simulation, not a forecast: the numbers follow from the assumptions below.{html.escape(partial)}</p>
<h2>The business</h2>
<p><b>{html.escape(business)}.</b> {html.escape(preset_description("scenarios", scenario))}</p>
<h2>The verdict</h2>
<div class="verdict">{html.escape(story.verdict(snap))}</div>
<p>{html.escape(uncertainty(snap, robustness))}</p>
<div class="cols"><div>
<h2>The totals</h2>
{_totals(snap)}
<h2>What the model assumes</h2>
<ul>{assumptions}</ul>
</div><div class="charts">
<h2>How it unfolded</h2>
{chart_row}
</div></div>
<details><summary>For the record (how these numbers were made)</summary><ul>{appendix}</ul>
</details>
</body></html>
"""


def profit_words(value: float) -> str:
    """Profit as the handout and the debrief write it ('$8.29M'), '-' when unknown."""
    return story.money_words(value) if math.isfinite(value) else "-"
