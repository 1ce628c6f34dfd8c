"""The workshop dashboard end to end, in headless Chromium.

``servicesim dashboard`` is started on a free loopback port; Playwright opens the page, picks a
preset, moves a lever, runs some days, checks that the charts change and the event feed fills,
saves the run for the workshop report, and saves a screenshot (to ``$SERVICESIM_SCREENSHOT_DIR``
when set, else the test's temporary folder). A second test projects the page at 1280 x 720:
a scenario of the workshop guide by its button, the presentation view, and the scoreboard, its
verdict and two charts inside the screen, nothing cut or covered. A third plays, pauses and
runs to the end at 1280 x 720 with four busy processes on the cores. Every request the page makes is
recorded: one to a host other than this machine (a CDN, telemetry) or one that fails fails the
test.

Needs Chromium at /usr/bin/chromium (Debian: ``apt-get install chromium``) and the ``playwright``
Python package; never ``playwright install``. Without them it skips, except in CI (``CI`` set),
where a missing browser is a failure.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

import pytest

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}


def _outside_requests():
    """A list, and a ``page.on("request", ...)`` handler that adds to it every request that
    leaves this machine (not data:, blob: or a local host): the page must work offline."""
    outside: list[str] = []

    def record(request) -> None:  # noqa: ANN001
        parts = urlparse(request.url)
        if parts.scheme not in ("data", "blob") and parts.hostname not in LOCAL_HOSTS:
            outside.append(request.url)

    return outside, record


START_TIMEOUT_S = 180  # a fresh machine compiles the kernels first (~25 s, more on a busy one)


def _need(what: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{what} (CI is set, so the browser test must run: .ci/run installs Chromium)")
    pytest.skip(f"{what}: install it (apt-get install chromium) to run the browser test")


@pytest.fixture(scope="module")
def sync_playwright():
    if not CHROMIUM.exists():
        _need(f"no Chromium at {CHROMIUM}")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _need("the playwright Python package is not installed (pip install -e '.[dev]')")
    return sync_playwright


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """``servicesim dashboard`` in a subprocess; yields (url, export folder); stopped at the end."""
    port = _free_port()
    exports = tmp_path_factory.mktemp("workshop-runs")
    code = (
        "import servicesim.cli.dashboard; from servicesim.cli import main; "
        f"raise SystemExit(main(['dashboard', '--port', '{port}', '--export-dir', r'{exports}']))"
    )
    log = tmp_path_factory.mktemp("server") / "server.log"
    with open(log, "w") as out:
        proc = subprocess.Popen(
            [sys.executable, "-c", code],
            stdout=out,
            stderr=subprocess.STDOUT,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while True:
            if proc.poll() is not None:
                pytest.fail(f"the dashboard exited with {proc.returncode}:\n{log.read_text()}")
            if f"http://127.0.0.1:{port}" in log.read_text():
                try:
                    with urllib.request.urlopen(url, timeout=5) as reply:
                        if reply.status == 200:
                            break
                except OSError:
                    pass
            if time.monotonic() > deadline:
                pytest.fail(
                    f"the dashboard did not answer within {START_TIMEOUT_S} s:\n{log.read_text()}"
                )
            time.sleep(0.5)
        yield url, exports, log
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=15)


def _screenshot_path(tmp_path: Path, name: str = "dashboard.png") -> Path:
    folder = Path(os.environ.get("SERVICESIM_SCREENSHOT_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder / name


def test_workshop_page_end_to_end(sync_playwright, server, tmp_path):
    url, exports, log = server
    outside, record = _outside_requests()
    failed: list[str] = []

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1920, "height": 1080})
            page.set_default_timeout(60_000)
            page.on("request", record)
            page.on("requestfailed", lambda r: failed.append(f"{r.url} ({r.failure})"))
            page.on(
                "response",
                lambda r: failed.append(f"{r.url} ({r.status})") if r.status >= 400 else None,
            )
            page.goto(url)
            page.get_by_text("Set up the experiment").wait_for()
            page.get_by_text("Same customers, same problems").wait_for()

            # pick a preset for the second policy
            page.locator(".v-select").filter(has_text="Policy 2").locator(".v-select__slot").click()
            page.get_by_role("option", name="Positively outrageous").click()
            page.get_by_role("button", name="2: Positively outrageous").wait_for()

            # move a lever of the first policy: two steps of 0.05 to the right
            page.locator(".ss-lever-empowerment .v-slider__thumb-container").focus()
            for _ in range(2):
                page.keyboard.press("ArrowRight")
            page.get_by_text("Empowerment: 0.10").wait_for()
            page.locator(".ss-scoreboard").get_by_text("Rule-bound (changed)").wait_for()

            # run some days and see the charts change
            chart = page.locator(".ss-chart-customers img")
            before = chart.screenshot()
            page.get_by_role("button", name="+1 month").click()
            page.get_by_text("Day 30 of 730").wait_for()
            page.get_by_role("button", name="Play").click()
            page.wait_for_function(
                "() => { const m = document.querySelector('.ss-day')?.textContent.match(/Day (\\d+)/);"
                " return m && Number(m[1]) >= 60; }",
                timeout=120_000,
            )
            page.get_by_role("button", name="Pause").click()
            page.get_by_role("button", name="Play").wait_for()
            assert chart.screenshot() != before, "the customers chart did not change"
            feed = page.locator(".ss-feed li").all_inner_texts()
            assert any(re.match(r"Day \d+: .*#\d+", item) for item in feed), feed

            # take it to the workshop report
            page.get_by_role("button", name="Save for the workshop report").click()
            page.get_by_text("Saved the results and the workshop report").wait_for()
            assert list(exports.glob("*/report.html")), "no report.html in the export folder"
            assert list(exports.glob("*/handout.html")), "no handout.html in the export folder"

            # the debrief lists it and reopens it from its files, the verdict as on the page
            page.locator(".ss-debrief").get_by_text("2: Positively outrageous").wait_for()
            live = page.locator(".ss-verdict").first.inner_text()
            page.locator(".ss-reopen").first.click()
            again = page.locator(".ss-reopened .ss-verdict")
            again.wait_for()
            assert again.inner_text() == live
            page.locator(".ss-reopened .ss-chart-customers img").wait_for()
            page.locator(".ss-reopened-close").click()
            page.locator(".ss-reopened").wait_for(state="detached")

            page.locator("h1").scroll_into_view_if_needed()
            shot = _screenshot_path(tmp_path)
            page.screenshot(path=str(shot))
            assert shot.stat().st_size > 10_000
        finally:
            browser.close()
    assert not outside, f"the page reached beyond this machine: {sorted(set(outside))}"
    assert not failed, f"requests failed (an asset missing offline?): {failed}"
    assert "Traceback" not in log.read_text(), log.read_text()


PROJECTOR = {"width": 1280, "height": 720}


def _box(page, selector: str) -> dict[str, float]:
    box = page.locator(selector).bounding_box()
    assert box is not None, f"{selector} is not on the page"
    return box


def _inside(box: dict[str, float], screen: dict[str, int]) -> bool:
    return (
        box["x"] >= 0
        and box["y"] >= 0
        and box["x"] + box["width"] <= screen["width"]
        and box["y"] + box["height"] <= screen["height"]
    )


def _overlap(a: dict[str, float], b: dict[str, float]) -> bool:
    return not (
        a["x"] + a["width"] <= b["x"]
        or b["x"] + b["width"] <= a["x"]
        or a["y"] + a["height"] <= b["y"]
        or b["y"] + b["height"] <= a["y"]
    )


#: elements whose text is wider than their box (cut off), as "tag: text"
CLIPPED_JS = """(selector) => [...document.querySelectorAll(selector)]
    .filter(e => e.scrollWidth > e.clientWidth + 1)
    .map(e => e.tagName + ': ' + e.textContent.trim())"""


def test_presentation_layout_fits_a_projector(sync_playwright, server, tmp_path):
    url, _, log = server
    outside, record = _outside_requests()

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport=PROJECTOR)
            page.set_default_timeout(60_000)
            page.on("request", record)
            page.goto(url)
            page.get_by_text("Set up the experiment").wait_for()
            page.screenshot(path=str(_screenshot_path(tmp_path, "projector-set-up.png")))

            # the guide's scenario 4 by its button: the longest policy names on the page
            page.get_by_role("button", name="Scenario 4").click()
            page.get_by_role("button", name="1: Outsourced for efficiency").wait_for()
            controls = _box(page, ".ss-controls")
            for k in range(2):
                button = _box(page, f".ss-which .v-btn >> nth={k}")
                assert button["x"] + button["width"] <= controls["x"] + controls["width"] + 1

            page.locator(".ss-present-toggle").click()
            page.locator(".ss-featured").wait_for()
            page.get_by_role("button", name="+1 month").click()
            page.get_by_text("Day 30 of 730").wait_for()
            verdict = page.locator(".ss-verdict")
            verdict.get_by_text("So far, after 30 days").wait_for()
            page.locator(".ss-scoreboard").get_by_text(
                "Guardrailed (judgment within limits)"
            ).wait_for()
            page.wait_for_timeout(500)  # the chart images settle

            score = _box(page, ".ss-scoreboard")
            on_screen = {
                "scoreboard": score,
                "verdict": _box(page, ".ss-verdict"),
                "chart 1": _box(page, ".ss-featured .ss-chart >> nth=0"),
                "chart 2": _box(page, ".ss-featured .ss-chart >> nth=1"),
            }
            for name, box in on_screen.items():
                assert _inside(box, PROJECTOR), f"{name} leaves the 1280 x 720 screen: {box}"
            assert not page.locator(".ss-controls").is_visible(), "the set-up is not folded away"
            clipped = page.evaluate(CLIPPED_JS, ".ss-scoreboard th, .ss-scoreboard td, .ss-verdict")
            assert not clipped, f"text cut off: {clipped}"
            # Solara's badge, if shown at all, covers nothing that matters
            badges = page.get_by_text("This website runs on")
            for k in range(badges.count()):
                if badges.nth(k).is_visible():
                    badge = badges.nth(k).bounding_box()
                    for name, box in on_screen.items():
                        assert not _overlap(badge, box), f"the Solara badge covers the {name}"
            shot = _screenshot_path(tmp_path, "projector-presentation.png")
            page.screenshot(path=str(shot))
            assert shot.stat().st_size > 10_000

            # the facilitator picks another chart
            page.locator(".ss-pick-2").click()
            page.get_by_role("option", name="Staff morale").click()
            page.locator(".ss-featured .ss-chart-morale").wait_for()
            assert _inside(_box(page, ".ss-featured .ss-chart >> nth=1"), PROJECTOR)

            # the top bar, every scenario button and the notes included, stays on one line
            bar = _box(page, ".ss-topbar")
            assert bar["height"] < 60 and _inside(bar, PROJECTOR), bar
            # the facilitator's notes: the packaged guide over the page, closed again
            page.locator(".ss-notes-toggle").click()
            notes = page.locator(".ss-notes-body")
            notes.get_by_role(
                "heading", name="Scenario 5: the best rulebook (7 minutes)"
            ).wait_for()
            page.wait_for_timeout(500)  # the dialog's opening transition
            assert _inside(_box(page, ".ss-notes"), PROJECTOR)
            page.screenshot(path=str(_screenshot_path(tmp_path, "projector-notes.png")))
            page.locator(".ss-notes").get_by_role("button", name="Close").click()
            notes.wait_for(state="detached")
        finally:
            browser.close()
    assert not outside, f"the page reached beyond this machine: {sorted(set(outside))}"
    assert "Traceback" not in log.read_text(), log.read_text()


def _pages(pdf: bytes) -> int:
    """Pages in a PDF: its page objects ('/Type /Page', not the '/Type /Pages' tree)."""
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))


def test_the_handout_prints_on_one_page_of_a4_and_of_letter(sync_playwright, tmp_path):
    """The handout of the guide's scenario 4 (the longest names), printed by Chromium."""
    from dataclasses import replace

    from servicesim.dashboard.export import export_run
    from servicesim.dashboard.session import WorkshopRun
    from servicesim.dashboard.setups import SETUP_BY_BUTTON

    settings = replace(SETUP_BY_BUTTON["Scenario 4"].settings(), customers=10_000, days=90)
    run = WorkshopRun(settings)
    run.step(60)  # saved before the end: the longest subtitle
    handout = export_run(run, tmp_path).handout
    assert handout is not None
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            requests: list[str] = []
            page.on("request", lambda r: requests.append(r.url))
            page.goto(handout.as_uri())
            page.wait_for_load_state("load")
            # mailed as one file: nothing beyond itself and its inline pictures
            assert all(u == handout.as_uri() or u.startswith("data:") for u in requests), requests
            for paper in ("A4", "Letter"):
                pdf = page.pdf(format=paper, print_background=True)
                (tmp_path / f"handout-{paper}.pdf").write_bytes(pdf)
                assert _pages(pdf) == 1, f"the handout prints on {_pages(pdf)} {paper} pages"
            page.set_viewport_size({"width": 1280, "height": 720})
            page.screenshot(path=str(_screenshot_path(tmp_path, "handout.png")), full_page=True)
        finally:
            browser.close()


#: in the page: every change of the day counter or of the Play/Pause button, and every click on
#: a button, as [ms since the page opened (performance.now()), day or "click", button text]; read
#: every 25 ms, so a change is timed to within that plus the browser's own delays
WATCH_JS = """() => {
    window.ssLog = [];
    let last = null;
    const read = () => {
        const m = document.querySelector('.ss-day')?.textContent.match(/Day (\\d+) of/);
        const day = m ? Number(m[1]) : -1;
        const button = document.querySelector('.ss-runbar button')?.textContent.trim() ?? '';
        const now = day + '|' + button;
        if (now !== last) { last = now; window.ssLog.push([performance.now(), day, button]); }
    };
    read();
    setInterval(read, 25);
    document.addEventListener('click', (e) => {
        const b = e.target.closest('button');
        if (b) window.ssLog.push([performance.now(), 'click', b.textContent.trim()]);
    }, true);
}"""
#: busy processes on the cores while the page plays: the CI machine's two cores, and a laptop's
#: other work, several times over
BUSY_PROCESSES = 4
TAKE_EFFECT_S = 1.0  # Pause takes effect (the page shows Play) within this long of the click
PAUSE_S = 0.5  # ... and the day counter stops within this long of that, but for:
IN_FLIGHT_S = 10.0  # the frame in flight, shown within this long of Pause taking effect
STILL_S = 3.0  # the day then stays put this long
PLAY_WAIT_S = 45  # Play shows four days within this long
END_WAIT_S = 90  # Run to the end gets there within this long


def _log(page) -> list[list]:
    return page.evaluate("() => window.ssLog")


def _days(log: list[list], since: float = float("-inf")) -> list[tuple[float, int]]:
    """(time, day) of each change of the day counter after ``since`` (ms, the page's clock)."""
    out: list[tuple[float, int]] = []
    for t, what, _ in log:
        if what != "click" and t > since and (not out or out[-1][1] != what):
            out.append((t, what))
    return out


def test_play_pause_and_run_to_the_end_on_a_busy_machine(sync_playwright, server, tmp_path):
    """Play, Pause and Run to the end that a room can follow, with four busy processes on the cores.

    At 1280 x 720, the guide's scenario 1 (30,000 customers, two years, "a month at a time"):

    - Play: the "Day N of 730" counter shows at least four days strictly between 0 and 730
      within ``PLAY_WAIT_S`` (the simulation does not starve the page's updates). The busy
      processes start before the page opens and are killed at the end, whatever happens.
    - Pause takes effect when the page shows the Play button again (the server has the click
      and has redrawn the button), within ``TAKE_EFFECT_S`` of the click. The day counter stops
      within ``PAUSE_S`` of that, with one allowance: the frame in flight (its days were
      simulated before the loop saw Pause, its charts were being drawn) may still show, once,
      within ``IN_FLIGHT_S``. After the last change the day stays the same for ``STILL_S``.
      Times are the page's own clock (``performance.now()``), the counter read every 25 ms.
    - Run to the end: the day advances at least twice between where Pause left it and 730, so
      the room sees progress, and ends at 730.
    """
    url, _, log_file = server
    busy = [
        subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(BUSY_PROCESSES)
    ]
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            try:
                page = browser.new_page(viewport=PROJECTOR)
                page.set_default_timeout(60_000)
                page.goto(url)
                page.get_by_text("Set up the experiment").wait_for()
                page.get_by_role("button", name="Scenario 1").click()
                page.get_by_text("With 30,000 customers").wait_for()
                page.get_by_text("Day 0 of 730").wait_for()
                page.evaluate(WATCH_JS)

                # Play: four days between 0 and the end
                page.get_by_role("button", name="Play").click()
                page.get_by_role("button", name="Pause").wait_for()
                deadline = time.monotonic() + PLAY_WAIT_S
                while time.monotonic() < deadline:
                    seen = {d for _, d in _days(_log(page)) if 0 < d < 730}
                    if len(seen) >= 4:
                        break
                    time.sleep(0.25)
                played = _days(_log(page))
                seen = {d for _, d in played if 0 < d < 730}
                assert len(seen) >= 4, f"in {PLAY_WAIT_S} s of Play the page showed {played}"

                # Pause: takes effect, lets the frame in flight show, then stays put
                page.get_by_role("button", name="Pause").click()
                page.get_by_role("button", name="Play").wait_for()
                log = _log(page)
                click = max(t for t, what, b in log if what == "click" and b == "Pause")
                took = next(
                    t for t, what, b in log if t > click and what != "click" and b == "Play"
                )
                deadline = time.monotonic() + IN_FLIGHT_S + STILL_S + 1
                while time.monotonic() < deadline:
                    log, now = _log(page), page.evaluate("() => performance.now()")
                    last = max([took] + [t for t, _ in _days(log, since=took)])
                    if now - last >= 1000 * STILL_S:
                        break
                    time.sleep(0.25)
                after = [(round(t - took), d) for t, d in _days(log, since=took)]
                story = (
                    f"Pause took effect {took - click:.0f} ms after the click; the day then "
                    f"changed (ms after that, day): {after}; Play showed {_days(log, since=0)}"
                )
                late = [(dt, d) for dt, d in after if dt > 1000 * PAUSE_S]
                assert len(late) <= 1 and all(dt <= 1000 * IN_FLIGHT_S for dt, _ in late), story
                assert now - last >= 1000 * STILL_S, story
                assert took - click <= 1000 * TAKE_EFFECT_S, story
                paused_at = _days(log)[-1][1]
                assert 0 < paused_at < 730

                # Run to the end: progress on the way
                page.get_by_role("button", name="Run to the end").click()
                page.get_by_text("Day 730 of 730").wait_for(timeout=1000 * END_WAIT_S)
                on_the_way = {d for _, d in _days(_log(page)) if paused_at < d < 730}
                assert len(on_the_way) >= 2, f"Run to the end showed only {sorted(on_the_way)}"
                page.screenshot(path=str(_screenshot_path(tmp_path, "played-to-the-end.png")))
            finally:
                browser.close()
    finally:
        for proc in busy:
            proc.kill()
        for proc in busy:
            proc.wait(timeout=15)
    assert "Traceback" not in log_file.read_text(), log_file.read_text()
