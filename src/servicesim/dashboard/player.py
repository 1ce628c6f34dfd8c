"""Play: the worker thread that steps a dashboard run a frame at a time and draws its charts.

The loop steps a frame's worth of days, draws the snapshot and every chart itself (not in the
page's render: a render holds the page's lock, and a Pause click waiting behind seconds of
drawing on a busy laptop would not take effect for seconds), bumps ``tick`` so the page swaps
the images in, and waits: for the page to have redrawn (``run.drawn``) and for ``FRAME_S`` to
pass, so a room sees a steady pace on any laptop. "Run to the end" takes ``TO_END_FRAMES``
frames. Every kernel releases the GIL (``nogil=True``), so several participants' runs, each in
its own thread, leave the server's event loop free to send their frames.
"""

from __future__ import annotations

import time

import solara

from servicesim.dashboard import charts
from servicesim.dashboard.session import WorkshopRun
from servicesim.dashboard.state import (
    CHART_ORDER,
    FRAME_WAIT_S,
    SPEEDS,
    featured,
    playing,
    presenting,
    speed,
    tick,
    to_end,
)

#: shortest time between two frames of Play, seconds: two years "a month at a time" in about a
#: minute, on a fast laptop as on a slow one (a slower laptop takes longer)
FRAME_S = 2.4
#: frames "Run to the end" takes for a whole run
TO_END_FRAMES = 6


def draw_ahead(run: WorkshopRun, wide_too: bool, featured_charts: tuple[str, str]) -> None:
    """Snapshot the run and draw every chart the page shows; kept on ``run.ahead``."""
    snap = run.snapshot()
    images = {(n, False): charts.png(charts.CHARTS[n], snap) for n in [*CHART_ORDER, "staff"]}
    if wide_too:
        images.update(
            {(n, True): charts.png(charts.CHARTS[n], snap, wide=True) for n in featured_charts}
        )
    run.ahead = (snap, images)


@solara.component
def Player(run: WorkshopRun) -> None:
    """Play loop in a worker thread: step a frame's worth of days, draw its charts, show, repeat.

    The page's ``drawn`` (set once the page has been redrawn on the server) paces it from
    behind, ``FRAME_S`` from ahead.
    """

    def loop(cancel):
        def going() -> bool:
            return playing.value and not cancel.is_set()

        while going() and not run.done:
            # backpressure: the next frame waits until the page has drawn the last one
            run.drawn.wait(timeout=FRAME_WAIT_S)
            if not going():
                break
            run.drawn.clear()
            start = time.monotonic()
            # "Run to the end": about six frames for the whole run, so the room sees it move
            days_per_frame = SPEEDS[speed.value]
            if to_end.value:
                days_per_frame = max(days_per_frame, -(-run.days // TO_END_FRAMES))
            run.step(days_per_frame, going)
            # the snapshot and the charts are drawn here, not in the page's render: a render
            # holds the page's lock, and a click (Pause) waiting behind seconds of drawing on a
            # busy laptop would not take effect for seconds
            draw_ahead(run, presenting.value, featured.value)
            tick.set(tick.value + 1)
            # a steady pace: a frame every FRAME_S at most, whatever the laptop's speed
            if not to_end.value:
                cancel.wait(max(0.05, FRAME_S - (time.monotonic() - start)))
            else:
                time.sleep(0.05)
        if not cancel.is_set():
            playing.set(False)
            to_end.set(False)

    solara.use_thread(loop, dependencies=[playing.value, run], intrusive_cancel=False)
