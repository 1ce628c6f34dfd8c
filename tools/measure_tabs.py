"""How many participant tabs one laptop's dashboard carries: measured, for the workshop guide.

Starts ``servicesim dashboard`` on a free loopback port, then for each N in ``--tabs`` opens N
headless Chromium browsers (one per participant, as on their own laptops), sets each to 10,000 customers, presses Play ("a month at a time") in
every one, and watches the day counters for ``--watch`` seconds. Prints, per N, whether every
page's day still advanced and the seconds a frame (a month of two policies, then every chart)
took: the median and the slowest page. Play keeps a steady pace (a frame at most every
``FRAME_S`` = 2.4 s, ``servicesim.dashboard.player``), so one tab on a fast laptop measures that.

    PYTHONPATH=src python tools/measure_tabs.py --tabs 2 4 8 --watch 40

Needs Chromium at /usr/bin/chromium and the playwright package (never ``playwright install``).
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--headless", "--disable-background-timer-throttling"]
DAY_JS = (
    "() => Number(document.querySelector('.ss-day')?.textContent.match(/Day (\\d+)/)?.[1] ?? -1)"
)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(folder: Path) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    code = (
        "import servicesim.cli.dashboard; from servicesim.cli import main; "
        f"raise SystemExit(main(['dashboard', '--port', '{port}', '--export-dir', r'{folder}']))"
    )
    log = open(folder / "server.log", "w")  # noqa: SIM115  (open for the server's lifetime)
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as reply:
                if reply.status == 200:
                    return proc, url
        except OSError:
            time.sleep(1)
    proc.terminate()
    raise SystemExit(f"the dashboard did not start:\n{(folder / 'server.log').read_text()}")


def measure(
    pw, url: str, tabs: int, watch_s: float, shots: Path | None = None
) -> dict[str, object]:
    """Open ``tabs`` participants, each in its own browser (as on their own laptops)."""
    browsers = []
    try:
        pages = []
        for _ in range(tabs):
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            browsers.append(browser)
            page = browser.new_page(viewport={"width": 1280, "height": 720})
            page.set_default_timeout(180_000)
            page.goto(url)
            page.get_by_text("Set up the experiment").wait_for()
            slot = page.locator(".v-select").filter(has_text="Customers at the start")
            slot.locator(".v-select__slot").click()
            page.get_by_role("option", name="10,000").click()
            page.get_by_text("With 10,000 customers").wait_for()
            pages.append(page)
        for page in pages:
            page.get_by_role("button", name="Play").click()
        for page in pages:  # Play took: the button now reads Pause
            page.get_by_role("button", name="Pause").wait_for()
        time.sleep(5)  # every tab under way
        start = [(time.monotonic(), page.evaluate(DAY_JS)) for page in pages]
        for _ in range(int(watch_s // 10)):
            time.sleep(10)
            print("   days now:", [page.evaluate(DAY_JS) for page in pages], flush=True)
        frames = []
        advanced = []
        days = []
        for (t0, d0), page in zip(start, pages, strict=True):
            d1, t1 = page.evaluate(DAY_JS), time.monotonic()
            advanced.append(d1 > d0)
            days.append(f"{d0}->{d1}")
            if shots is not None:
                page.screenshot(path=str(shots / f"tabs{tabs}-{len(days)}.png"))
            frames.append((t1 - t0) * 30 / (d1 - d0) if d1 > d0 else float("inf"))
        return {
            "tabs": tabs,
            "all_advanced": all(advanced),
            "median_frame_s": statistics.median(frames),
            "slowest_frame_s": max(frames),
            "days": " ".join(days),
        }
    finally:
        for browser in browsers:
            browser.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tabs", type=int, nargs="+", default=[2, 4, 8])
    parser.add_argument("--watch", type=float, default=40.0, help="seconds to watch each N")
    parser.add_argument("--shots", type=Path, help="folder for a screenshot of each tab")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        proc, url = start_server(Path(tmp))
        try:
            with sync_playwright() as pw:
                print(f"cpus={os.cpu_count()} url={url}", flush=True)
                for tabs in args.tabs:
                    row = measure(pw, url, tabs, args.watch, args.shots)
                    print(
                        f"{row['tabs']} tabs: every day counter advanced: {row['all_advanced']}; "
                        f"seconds a frame (a month of two policies): median "
                        f"{row['median_frame_s']:.2f}, slowest {row['slowest_frame_s']:.2f} "
                        f"(day of each tab, start->end of the watch: {row['days']})",
                        flush=True,
                    )
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
            print((Path(tmp) / "server.log").read_text()[-3000:])


if __name__ == "__main__":
    main()
