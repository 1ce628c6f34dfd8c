"""Saving a run for the workshop report, and the debrief: the session's saved runs side by side.

"Save for the workshop report" writes the run so far (``export.py``) with its one-page handout;
the debrief lists every run saved to the export folder, newest first, with its two totals
(profit so far, starting customers kept) and its verdict, and reopens one from its saved files,
its scoreboard, verdict and charts as they were when it was saved, without simulating again.
"""

from __future__ import annotations

import html
import os
from pathlib import Path

import solara

from servicesim.dashboard import charts, saved
from servicesim.dashboard.components import Scoreboard, Verdict
from servicesim.dashboard.export import Exported, export_run
from servicesim.dashboard.handout import build_handout, profit_words
from servicesim.dashboard.session import WorkshopRun
from servicesim.dashboard.state import EXPORT_DIR_ENV, exported, playing, reopened
from servicesim.dashboard.worlds import robustness_sentence

CSS = """
table.ss-saved { border-collapse: collapse; width: 100%; font-size: 1rem; margin: 0.3rem 0; }
table.ss-saved th, table.ss-saved td { padding: 0.25rem 0.5rem; border-bottom: 1px solid #ddd;
  text-align: left; vertical-align: top; }
table.ss-saved td.ss-num { text-align: right; white-space: nowrap; }
.ss-open-row { display: flex; flex-wrap: wrap; gap: 0.4rem; margin: 0.3rem 0; }
.ss-reopened.v-card { background: #ffffff !important; }
.ss-reopened .v-btn { text-transform: none; letter-spacing: 0; font-size: 1rem; }
.ss-worlds { font-size: 1rem; color: #333; margin: 0.3rem 0 0 0; padding: 0 0.8rem; }
.ss-presenting .ss-worlds { font-size: 0.8rem; line-height: 1.2; margin-top: 0.1rem;
  padding: 0; }
.ss-featured.ss-with-worlds { --ss-chart-h: calc((100vh - 265px) / 2); }
"""


def export_folder() -> Path:
    """Where "Save for the workshop report" writes (``--export-dir``; ./workshop-runs)."""
    return Path(os.environ.get(EXPORT_DIR_ENV, "workshop-runs")).resolve()


@solara.component
def Export(run: WorkshopRun, day: int) -> None:
    """Save the side-by-side run as a compare folder with the handout and the report in it."""
    parent = export_folder()

    def save():
        try:
            exported.set(export_run(run, parent))
        except (OSError, ValueError) as err:
            exported.set(Exported(parent, None, f"Could not save: {err}"))

    solara.HTML(tag="h2", unsafe_innerHTML="Take it to the workshop report")
    with solara.Row():
        solara.Button(
            "Save for the workshop report",
            icon_name="mdi-content-save",
            on_click=save,
            disabled=day == 0 or playing.value,
            color="primary",
            classes=["ss-save"],
        )
    result = exported.value
    if result is not None:
        solara.HTML(
            tag="div",
            classes=["ss-note"],
            unsafe_innerHTML=f"{html.escape(result.message)} Folder: "
            f"<code>{html.escape(str(result.folder))}</code>",
        )
        with solara.Div(classes=["ss-open-row"]):
            if result.handout is not None and result.handout.is_file():
                solara.FileDownload(
                    result.handout.read_bytes(),
                    filename="handout.html",
                    label="Download the handout (one printable page, handout.html)",
                )
            if result.report is not None and result.report.is_file():
                solara.FileDownload(
                    result.report.read_bytes(),
                    filename="report.html",
                    label="Download the full report (report.html)",
                )


def _row(k: int, run: saved.SavedRun) -> str:
    when = run.saved.strftime("%H:%M") + (
        "" if run.saved.date() == saved.today() else run.saved.strftime(", %d %b")
    )
    what = html.escape(run.setup or "Set up by hand") + f"<br><small>{html.escape(run.business)}"
    what += "</small>"
    names = "<br>".join(f"{i + 1}: {html.escape(t)}" for i, t in enumerate(run.titles))
    profit = "<br>".join(profit_words(p) for p in run.profit)
    kept = "<br>".join(
        f"{n:,} ({saved.retention_words(r)})" for n, r in zip(run.kept, run.retention, strict=True)
    )
    return (
        f"<tr><td>{k}</td><td>{when}</td><td>{what}</td><td>{names}</td>"
        f'<td class="ss-num">{profit}</td><td class="ss-num">{kept}</td>'
        f"<td>{html.escape(run.verdict)}</td></tr>"
    )


@solara.component
def Reopened(folder: str) -> None:
    """A saved run over the page, from its files: scoreboard, verdict, charts and handout."""

    def load():
        try:
            snap = saved.reopen(folder)
            meta = saved.read_sidecar(Path(folder))
        except (OSError, ValueError, KeyError) as err:
            return str(err)
        images = {name: charts.png(charts.CHARTS[name], snap) for name in saved.SAVED_CHARTS}
        note = robustness_sentence(meta.get("setup"))
        record = {"saved_folder": Path(folder).name, "seed": meta.get("seed", "")}
        handout = build_handout(snap, str(meta["scenario"]), note, record)
        saved_at = str(meta.get("saved", "")).replace("T", " ")[:16]
        title = f"{meta.get('setup') or 'Set up by hand'}, saved {saved_at}"
        return snap, note, images, handout, title

    loaded = solara.use_memo(load, dependencies=[folder])
    dialog = solara.v.Dialog(
        v_model=True, on_v_model=lambda shown: reopened.set(None), max_width="1100px"
    )
    with dialog, solara.v.Card(class_="ss-reopened"):
        with solara.v.CardTitle(), solara.Div(classes=["ss-notes-title"]):
            solara.Text(f"Saved run: {loaded[-1] if isinstance(loaded, tuple) else ''}")
            solara.Button(
                "Close",
                icon_name="mdi-close",
                on_click=lambda: reopened.set(None),
                text=True,
                classes=["ss-reopened-close"],
            )
        with solara.v.CardText(), solara.Div(classes=["ss-page"]):
            if isinstance(loaded, str):
                solara.Error(f"This saved run cannot be read: {loaded}")
            else:
                snap, note, images, handout, _ = loaded
                solara.HTML(
                    tag="div",
                    classes=["ss-note"],
                    unsafe_innerHTML="As it was saved, read back from its files (not simulated "
                    "again). The staff and today's spread of satisfaction are not saved.",
                )
                Scoreboard(snap)
                Verdict(snap, note)
                with solara.Div(classes=["ss-charts"]):
                    for name, image in images.items():
                        with solara.Div(classes=["ss-chart", f"ss-chart-{name}"]):
                            solara.Image(image, width="100%")
                solara.FileDownload(
                    handout.encode("utf-8"),
                    filename="handout.html",
                    label="Download its handout (one printable page)",
                )


@solara.component
def Debrief() -> None:
    """The runs saved in this session's export folder side by side, each reopened in one click."""
    parent = export_folder()
    runs = solara.use_memo(
        lambda: saved.saved_runs(parent), dependencies=[str(parent), exported.value]
    )
    solara.HTML(tag="h2", unsafe_innerHTML="Debrief: the runs saved so far")
    if not runs:
        solara.HTML(
            tag="div",
            classes=["ss-note"],
            unsafe_innerHTML="Nothing saved yet. After a scenario, press "
            "<b>Save for the workshop report</b>; each saved run appears here, to compare "
            "at the end without playing it again.",
        )
    else:
        SavedTable(runs)
    if reopened.value is not None:
        Reopened(reopened.value)


@solara.component
def SavedTable(runs: list[saved.SavedRun]) -> None:
    """The saved runs, one row each, and a button to open each."""
    head = (
        "<thead><tr><th>#</th><th>Saved at</th><th>Scenario</th><th>Policies</th>"
        "<th>Profit so far</th><th>Starting customers kept</th><th>Verdict</th></tr></thead>"
    )
    body = "".join(_row(k + 1, run) for k, run in enumerate(runs))
    solara.HTML(
        tag="div",
        classes=["ss-debrief"],
        unsafe_innerHTML=f'<table class="ss-saved">{head}<tbody>{body}</tbody></table>',
    )
    with solara.Div(classes=["ss-open-row"]):
        for k, run in enumerate(runs):
            solara.Button(
                f"Open #{k + 1}",
                on_click=lambda folder=str(run.folder): reopened.set(folder),
                outlined=True,
                classes=["ss-reopen"],
            )
