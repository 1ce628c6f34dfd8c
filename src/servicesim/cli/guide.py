"""``servicesim workshop-guide``: the facilitator's guide that ships with the package.

Prints the guide (paged on a terminal), opens it in the browser (``--open``), or prepares the
laptop the day before (``--check``: compiles the simulation and tries a short run of the
dashboard, so the 25-60 s first start does not happen in front of the room).
"""

from __future__ import annotations

import sys
import tempfile
import time
import traceback
import webbrowser
from collections.abc import Callable
from pathlib import Path

import click
import typer

from servicesim.cli._app import STATE, app

#: the self-test's run: the page's smallest firm, two policies, a month
CHECK_CUSTOMERS = 10_000
CHECK_DAYS = 30


def _say(message: str) -> None:
    sys.stderr.write(message + "\n")
    sys.stderr.flush()


def _timed(message: str, work: Callable[[], object]) -> object:
    """Say what is being done, do it, say how long it took."""
    _say(message)
    t0 = time.perf_counter()
    out = work()
    _say(f"  done in {time.perf_counter() - t0:.1f} s")
    return out


def self_check() -> str:
    """Compile the kernels, play a short side-by-side run as the page does, load the page.

    Returns the short run's verdict. Each step says what it does on stderr before it starts.
    """
    from servicesim.api import compile_kernels

    _timed(
        "1/3 Compiling the simulation (the first time on this machine takes 25-60 s; "
        "later starts take seconds)...",
        compile_kernels,
    )

    def short_run() -> str:
        from servicesim.dashboard import charts, story
        from servicesim.dashboard.session import WorkshopRun
        from servicesim.dashboard.settings import Settings, Side

        sides = (Side.from_preset("rule_bound"), Side.from_preset("empowered"))
        run = WorkshopRun(Settings("default", sides, CHECK_CUSTOMERS, CHECK_DAYS, 0))
        run.step(CHECK_DAYS)
        snap = run.snapshot()
        for build in charts.CHARTS.values():
            charts.png(build, snap)
        return story.verdict(snap)

    verdict = str(
        _timed(
            f"2/3 Playing a short run as the dashboard does (Rule-bound and Empowered, "
            f"{CHECK_CUSTOMERS:,} customers, {CHECK_DAYS} days) and drawing its charts...",
            short_run,
        )
    )

    def load_page() -> None:
        import servicesim.dashboard.app  # noqa: F401  (Solara and the page's components)

    _timed("3/3 Loading the dashboard's page (Solara)...", load_page)
    return verdict


@app.command("workshop-guide")
def workshop_guide(
    open_browser: bool = typer.Option(
        False, "--open", help="Open the guide in the web browser (an HTML file in a temp folder)."
    ),
    check: bool = typer.Option(
        False,
        "--check",
        help="Prepare this laptop: compile the simulation and try a short run of the dashboard "
        "(the first time takes 25-60 s; do it the day before).",
    ),
) -> None:
    """The facilitator's guide to a 60-minute workshop with the dashboard."""
    from servicesim.dashboard import guide

    if open_browser:
        folder = Path(tempfile.mkdtemp(prefix="servicesim-guide-"))
        page = folder / "workshop.html"
        page.write_text(guide.html_page(), encoding="utf-8")
        opened = webbrowser.open(page.as_uri())
        where = "Opened the guide in the web browser" if opened else "Open this file in a browser"
        sys.stdout.write(f"{where}: {page}\n")
    if check:
        try:
            verdict = self_check()
        except Exception as err:  # the check is there to find any failure, then name it
            if STATE["debug"]:
                traceback.print_exc()
            sys.stderr.write(
                f"error: the check failed: {type(err).__name__}: {err}\n"
                "Reinstall while online (pipx reinstall servicesim) and run the check again.\n"
            )
            raise typer.Exit(1) from None
        sys.stdout.write(
            f"Ready for the workshop. The short run said: {verdict}\n"
            "Start the page with: servicesim dashboard\n"
        )
    if open_browser or check:
        return
    if sys.stdout.isatty():
        click.echo_via_pager(guide.text())
    else:
        sys.stdout.write(guide.text())
        sys.stdout.flush()
