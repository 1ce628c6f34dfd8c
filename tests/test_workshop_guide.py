"""The workshop guide travels with the package: its text, its copy in docs/, the command that
prints, opens and checks it, and a wheel installed outside the checkout that carries it."""

from __future__ import annotations

import dataclasses
import functools
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import unicodedata
from pathlib import Path

import numpy as np
import pytest

from servicesim.dashboard import guide

ROOT = Path(__file__).resolve().parents[1]
#: the five essays the project started from, beside the checkout (not part of the package)
SEEDS = ROOT.parent / "shared" / "seeds"
#: the first line of docs/workshop.md, above an exact copy of the packaged guide
DOCS_HEADER = "<!-- A copy of src/servicesim/dashboard/workshop.md"


def _cli(argv: list[str]) -> int:
    from servicesim.cli import main

    return main(argv)


# --- the text ------------------------------------------------------------------------------------


def test_docs_copy_is_the_packaged_guide():
    docs = (ROOT / "docs" / "workshop.md").read_text(encoding="utf-8")
    header, _, rest = docs.partition("\n")
    assert header.startswith(DOCS_HEADER) and header.endswith("-->")
    assert rest == guide.text(), (
        "docs/workshop.md differs from the packaged guide: edit "
        "src/servicesim/dashboard/workshop.md and copy it below the header of docs/workshop.md"
    )


def test_the_guide_points_at_nothing_outside_the_package():
    text = guide.text()
    links = re.findall(r"\]\(([^)]*)\)", text)
    assert all(link.startswith("https://") for link in links), links
    # no path into a checkout: docs/, shared/, src/, ../, a Markdown file, the seeds' numbering
    for pattern in (
        r"(?<![\w.])(docs|shared|src|tests|experiments)/",
        r"\.\./",
        r"\b[\w-]+\.md\b",
        r"seed essay",
        r"REFERENCES",
    ):
        assert not re.search(pattern, text), pattern


def test_the_guide_says_to_install_the_day_before_and_how_to_check():
    text = " ".join(guide.text().split())
    assert "The day before." in text and "pipx install servicesim" in text
    assert "pip and pipx need the network" in text
    assert "`servicesim workshop-guide --check`" in text and "25-60 s" in text
    assert "**Facilitator notes**" in text and "**Presentation view**" in text
    assert "charts stack in one column" not in text  # the page has a presentation view now


def _plain(text: str) -> str:
    """Quotes, apostrophes, ellipses and spaces made comparable across the guide and the essays."""
    text = unicodedata.normalize("NFKC", text)
    for a, b in (("\u2018", "'"), ("\u2019", "'"), ("\u201c", '"'), ("\u201d", '"')):
        text = text.replace(a, b)
    return " ".join(text.replace('"', "'").split()).lower()


def _passages() -> list[tuple[str, str]]:
    """(quoted passage, attribution) for every block quote of the guide."""
    out = []
    for block in re.findall(r"((?:^> .*\n)+)", guide.text(), flags=re.M):
        joined = " ".join(line[2:] for line in block.splitlines())
        found = re.fullmatch(r'"(.+)" \((.+)\)', joined.strip())
        assert found, f"a quotation without its source in brackets: {joined}"
        out.append((found.group(1), found.group(2)))
    return out


def test_every_quotation_is_short_attributed_and_in_an_essay():
    passages = _passages()
    assert len(passages) >= 10
    for passage, source in passages:
        assert len(passage.split()) <= 30, passage  # a passage, never the essay
        assert re.search(r"review|essay|Osing|David", source), source
    if not SEEDS.is_dir():
        pytest.skip(f"the seed essays are not beside this checkout ({SEEDS})")
    essays = [_plain(p.read_text(encoding="utf-8")) for p in sorted(SEEDS.glob("*.txt"))]
    quoted: list[list[str]] = [[] for _ in essays]
    for passage, _ in passages:
        want = _plain(passage)
        hits = [k for k, essay in enumerate(essays) if want in essay]
        assert hits, f"not found word for word in any seed essay: {passage}"
        quoted[hits[0]].append(passage)
    # a few short passages of each essay, never a large part of one (the shortest has ~440 words)
    for passages_of_one in quoted:
        assert len(passages_of_one) <= 4 and sum(len(p.split()) for p in passages_of_one) <= 70


def test_the_guide_renders_its_lists_tables_quotes_and_dollars():
    body = guide.to_html()
    quotes = re.findall(r"<blockquote>(.*?)</blockquote>", body, flags=re.S)
    assert body.count("<table>") == 1
    assert sum(q.count("<p>") for q in quotes) == len(_passages())  # each its own paragraph
    assert body.count("<ul>") >= 6 and "<ol>" in body
    assert not re.search(r"<p>[^<]*\n- ", body)  # a list glued to its paragraph renders as text
    assert "$436k" in body  # a dollar stays a dollar (no mathematics)
    page = guide.html_page()
    assert page.startswith("<!DOCTYPE html>") and "<title>A 60-minute workshop" in page
    assert "<script" not in page and "<link" not in page and "http" not in page.split("<body>")[0]


# --- the command ---------------------------------------------------------------------------------


def test_command_prints_the_guide_when_not_on_a_terminal(capsys):
    assert _cli(["workshop-guide"]) == 0
    assert capsys.readouterr().out == guide.text()


def test_command_pages_the_guide_on_a_terminal(monkeypatch, capsys):
    import click

    paged: list[str] = []
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    monkeypatch.setattr(click, "echo_via_pager", paged.append)
    assert _cli(["workshop-guide"]) == 0
    assert paged == [guide.text()] and capsys.readouterr().out == ""


def test_command_opens_the_guide_as_a_page_in_the_browser(monkeypatch, capsys):
    import webbrowser

    opened: list[str] = []
    monkeypatch.setattr(webbrowser, "open", lambda url: opened.append(url) or True)
    assert _cli(["workshop-guide", "--open"]) == 0
    (url,) = opened
    path = Path(url.removeprefix("file://"))
    assert url.startswith("file:///") and path.name == "workshop.html"
    assert path.read_text(encoding="utf-8") == guide.html_page()
    assert str(path) in capsys.readouterr().out
    shutil.rmtree(path.parent)


def test_command_check_compiles_plays_and_loads_the_page_saying_so(monkeypatch, capsys):
    monkeypatch.setattr(os, "environ", os.environ.copy())  # the page sets SOLARA_* variables
    assert _cli(["workshop-guide", "--check"]) == 0
    out, err = capsys.readouterr()
    steps = [line for line in err.splitlines() if re.match(r"\d/3 ", line)]
    assert [s[:3] for s in steps] == ["1/3", "2/3", "3/3"]
    assert "Compiling the simulation" in steps[0] and "25-60 s" in steps[0]
    assert err.count("  done in ") == 3
    assert out.startswith("Ready for the workshop.") and "Empowered" in out
    assert "servicesim dashboard" in out


def test_command_check_names_a_failure(monkeypatch, capsys):
    from servicesim.dashboard import session

    def broken(self, settings):
        raise RuntimeError("no simulation today")

    monkeypatch.setattr(session.WorkshopRun, "__init__", broken)
    assert _cli(["workshop-guide", "--check"]) == 1
    err = capsys.readouterr().err
    assert "error: the check failed: RuntimeError: no simulation today" in err
    assert "pipx reinstall servicesim" in err


# --- the wheel -----------------------------------------------------------------------------------


@pytest.mark.slow
def test_a_wheel_installed_outside_the_checkout_carries_the_guide(tmp_path):
    """Build the wheel, install it alone into a fresh venv that borrows this environment's
    packages (not its servicesim), and run the command and the page's import elsewhere."""
    source = tmp_path / "source"  # a copy: building in the checkout would leave build/ there
    shutil.copytree(
        ROOT / "src", source / "src", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info")
    )
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy2(ROOT / name, source / name)
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "--no-input", "-q"]
    wheels = tmp_path / "wheels"
    subprocess.run(
        [*pip, "wheel", "--no-deps", "--no-build-isolation", "-w", str(wheels), str(source)],
        check=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
    )
    (wheel,) = wheels.glob("servicesim-*.whl")
    venv = tmp_path / "venv"
    subprocess.run(
        [sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=60
    )
    python = venv / "bin" / "python"
    site = Path(
        subprocess.run(
            [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
    )
    # this environment's packages, as plain path entries: their .pth files (the editable
    # servicesim among them) are not read, so the only servicesim is the wheel's
    ours = dict.fromkeys(sysconfig.get_paths()[k] for k in ("purelib", "platlib"))
    (site / "borrowed.pth").write_text("\n".join(ours) + "\n")
    subprocess.run(
        [*pip, "--python", str(python), "install", "--no-deps", "--no-index", str(wheel)],
        check=True,
        env=env,
        timeout=120,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    printed = subprocess.run(
        [venv / "bin" / "servicesim", "workshop-guide"],
        check=True,
        capture_output=True,
        text=True,
        env=env,
        cwd=elsewhere,
        timeout=120,
    )
    assert printed.stdout == guide.text()
    page = subprocess.run(
        [python, "-c", "import servicesim, servicesim.dashboard.app; print(servicesim.__file__)"],
        check=True,
        capture_output=True,
        text=True,
        env=env,
        cwd=elsewhere,
        timeout=120,
    )
    assert Path(page.stdout.strip()).is_relative_to(site), page.stdout


# --- the guide's numbers -------------------------------------------------------------------------
#
# Every number the guide says the room will see is what the page shows after the scenario's
# button, played to the end with the page's own run code (WorkshopRun, story): the scoreboard's
# cells as the page writes them, 'A against B' with policy 1 first, and the verdict verbatim.
# The runs are shared between the tests (one process compiles the kernels once; a run of two
# policies at 30,000 customers over two years then takes about a second).


@functools.cache
def _played(button: str, seed: int = 0, days: int = 0, customers: int = 0):
    """The page's snapshot after ``button`` (seed, length or size changed as the page would),
    played to the end."""
    from servicesim.dashboard import setups
    from servicesim.dashboard.session import WorkshopRun

    settings = setups.SETUP_BY_BUTTON[button].settings()
    changes = {"seed": seed, "days": days or settings.days}
    changes["customers"] = customers or settings.customers
    run = WorkshopRun(dataclasses.replace(settings, **changes))
    run.step(run.days)
    return run.snapshot()


def _section(first: str, after: str) -> str:
    """The guide's text (spaces joined) from the heading ``first`` up to ``after``."""
    text = " ".join(guide.text().split())
    return text[text.index(first) : text.index(after, text.index(first))]


def _cells(snap, label: str) -> list[str]:
    """A scoreboard row's two cells as the page shows them, policy 1 first."""
    from servicesim.dashboard import story

    table = story.so_far(snap) if label in story.so_far(snap).index else story.this_month(snap)
    return [story.show(label, float(v)) for v in table.loc[label].iloc[:2]]


def _quotes(section: str, snap, *labels: str) -> None:
    """The section says the page's verdict word for word and 'A against B' for each row."""
    from servicesim.dashboard import story

    assert f'"{story.verdict(snap)}"' in section, story.verdict(snap)
    for label in labels:
        first, second = _cells(snap, label)
        pattern = re.escape(first) + r"[^.;:]{1,40}?against " + re.escape(second)
        assert re.search(pattern, section), (label, first, second)


def _gap(snap, label: str) -> float:
    """Policy 2 minus policy 1 in a scoreboard row, as the page rounds it."""
    from servicesim.dashboard import story

    table = story.so_far(snap) if label in story.so_far(snap).index else story.this_month(snap)
    return story.rounded(label, float(table.loc[label, "gap"]))


def _left(snap, side: int) -> dict[str, int]:
    """How many leavers of each kind the event feed draws from ('left after ...')."""
    counts = snap.events[side]["label"].value_counts()
    return {k: int(v) for k, v in counts.items() if k.startswith("left after")}


KEPT, FCR, PROFIT = "Starting customers kept", "First-contact resolution", "Profit so far"
NPS, MORALE, SAT = "NPS (-100 to 100)", "Staff morale (0-1)", "Satisfaction (0-1)"


@pytest.mark.slow
def test_scenarios_1_to_4_quote_what_the_page_shows_at_their_buttons():
    """Scenarios 1, 2, 3 (A and B) and 4: each number the guide quotes is the page's, after the
    scenario's button played to the end (30,000 customers, two years, seed 0)."""
    one = _played("Scenario 1")
    section = _section("## Scenario 1", "## Scenario 2")
    _quotes(section, one, KEPT, NPS, FCR, PROFIT, MORALE)
    # why customers leave: a problem never voiced, under both policies; refusals under the rules
    for side in (0, 1):
        left = _left(one, side)
        assert max(left, key=left.get) == "left after a silent problem", left
    assert _left(one, 0)["left after refusal"] > 2 * _left(one, 1)["left after refusal"]
    assert "Rule-bound grants none; empowered grants 0.8" in section
    assert set(one.staff_granted[0]) == {0.0} and set(one.staff_granted[1]) == {0.8}
    morale = one.timeseries[0]["staff_morale"]  # the rule-bound team's falls within weeks
    assert morale.iloc[30] < morale.iloc[0] - 0.03
    three_years = _played("Scenario 1", days=1095)  # the question's 3 years: still behind
    _quotes(section, three_years)

    two = _played("Scenario 2")
    _quotes(_section("## Scenario 2", "## Scenario 3"), two, KEPT, PROFIT, SAT, MORALE)
    assert _gap(two, KEPT) == 0.006  # 'retention only 0.6 percentage points better'

    section = _section("## Scenario 3", "## Scenario 4")
    part_a, part_b = section.split("**Set up, part B:**")
    three = _played("Scenario 3")
    _quotes(part_a, three, KEPT, NPS, FCR, PROFIT)
    assert 17.5 <= _gap(three, NPS) < 20 and 27.5 <= 100 * _gap(three, FCR) < 30
    _quotes(part_a, _played("Scenario 3", days=1095))  # ahead at three years
    delight = _played("Scenario 3B")
    _quotes(part_b, delight, NPS, KEPT)
    assert 16 <= _gap(delight, NPS) < 18
    # the highest NPS this business reaches, though the routine business scores higher; the
    # most loyal customers of the session
    assert _cells(delight, NPS)[1] == max(_cells(three, NPS) + _cells(delight, NPS), key=float)
    assert float(_cells(two, NPS)[1]) > float(_cells(delight, NPS)[1])
    buttons = ("Scenario 1", "Scenario 2", "Scenario 3", "Scenario 3B", "Scenario 4", "Scenario 5")
    kept = [
        s / n
        for b in buttons
        for s, n in zip(_played(b).kept, _played(b).start_customers, strict=True)
    ]
    assert max(kept) == delight.kept[1] / delight.start_customers[1]

    four = _played("Scenario 4")
    section = _section("## Scenario 4", "## Scenario 5")
    _quotes(section, four, KEPT, NPS, SAT, MORALE, "Staff who quit")
    assert 22.5 <= _gap(four, NPS) < 23.5  # 'its NPS is about 23 points higher'
    quits = [ts["staff_quits"].sum() for ts in four.timeseries]  # 'more than twice as many'
    assert quits[0] > 2 * quits[1]
    outsourced, guardrailed = (ts["mean_satisfaction"].to_numpy() for ts in four.timeseries)
    surge = slice(round(0.4 * four.days), round(0.55 * four.days))  # the business's surge
    assert (
        "surge of problems* (60% more problems" in section and "about 40% into the run" in section
    )
    assert outsourced[surge.start] < outsourced[0] - 0.02  # slides before the surge
    for line in (outsourced, guardrailed):
        assert line[surge].min() < line[surge.start] - 0.003  # drops in the surge
    assert guardrailed[-1] > guardrailed[surge].min() + 0.005  # recovers
    assert outsourced[-1] <= outsourced[surge].min() + 0.002  # does not
    costs = [ts.sum() for ts in four.timeseries]  # 'Service costs': the outsourcer's items
    for item in ("cost_labour", "cost_hiring"):
        assert costs[0][item] < costs[1][item], item
    for item in ("cost_acquisition", "cost_promotions"):
        assert costs[0][item] > costs[1][item], item


@pytest.mark.slow
def test_scenario_5_quotes_what_the_page_shows_at_its_button():
    """The guide's scenario 5 numbers are the scoreboard's and the verdict's after its button,
    played to the end (30,000 customers, two years, seed 0), and after New customers (seed 1)."""
    from servicesim.dashboard import story

    five = _played("Scenario 5")
    section = _section("## Scenario 5", "## Scenario 6")
    _quotes(section, five, KEPT, FCR, PROFIT, NPS, MORALE)
    # after New customers: '31 fewer kept, $101k (1.3%) more profit, first-contact resolution
    # 4.9 points higher'
    again = _played("Scenario 5", seed=1)
    more = again.kept[1] - again.kept[0]
    profit = story.so_far(again).loc[PROFIT]
    said = (
        f"{abs(more)} {'more' if more > 0 else 'fewer'} kept, "
        f"{story.money_words(abs(profit.iloc[2]))} ({100 * abs(profit.iloc[2]) / profit.iloc[0]:.1f}%)"
        f" {'more' if profit.iloc[2] > 0 else 'less'} profit, first-contact resolution "
        f"{100 * _gap(again, FCR):.1f} points higher"
    )
    assert said in section
    # against scenario 1's rule-bound firm: the same business, customers and seed
    one = _played("Scenario 1")
    gained = five.kept[0] - one.kept[0]
    nps = round(
        float(story.this_month(five).loc[NPS].iloc[0] - story.this_month(one).loc[NPS].iloc[0])
    )
    lost = story.so_far(one).loc[PROFIT].iloc[0] - story.so_far(five).loc[PROFIT].iloc[0]
    assert (
        f"*Rules, run well* keeps {gained} more of the starting customers (NPS {nps} points "
        f"higher) and makes {story.money_words(lost)} less profit" in section
    )


@functools.cache
def _stepped(button: str, days: int):
    """The page's snapshot after ``button``, stepped ``days`` days (as '+1 month' presses do)."""
    from servicesim.dashboard import setups
    from servicesim.dashboard.session import WorkshopRun

    run = WorkshopRun(setups.SETUP_BY_BUTTON[button].settings())
    run.step(days)
    return run.snapshot()


@pytest.mark.slow
def test_scenario_6_quotes_what_the_page_shows_at_its_button():
    """The switch scenario: the page at day 180 (six presses of '+1 month'), day 210 (one more)
    and at the end, 30,000 customers, two years, seed 0; and scenario 1's empowered firm."""
    from servicesim.dashboard import story

    section = _section("## Scenario 6", "## If time allows")
    part_180, rest = section.split("*The dip*")
    part_210, part_end = rest.split("*What it costs, and what it buys*")
    at_180, at_210, end = (_stepped("Scenario 6", d) for d in (180, 210, 730))
    assert at_180.day == 180 and at_210.day == 210 and end.day == end.days == 730
    _quotes(part_180, at_180, PROFIT, MORALE)
    assert all(_gap(at_180, label) == 0 for label in story.ROWS)  # the same firm
    _quotes(part_210, at_210, MORALE, KEPT)
    first, second = _cells(at_210, PROFIT)  # 'behind on Profit so far ($2.33M against $2.29M'
    assert f"({first} against {second};" in part_210
    _quotes(part_end, end, KEPT, FCR, NPS, MORALE, PROFIT)
    # the dip: the switching team's morale notches down on the switch day, then climbs
    rule, switched = (ts["staff_morale"].to_numpy() for ts in end.timeseries)
    assert switched[180] < switched[179] == rule[179] and switched[209] > switched[180] + 0.05
    # the bill at once: hiring and training for an extra agent, booked within the month
    hiring = [ts["cost_hiring"].iloc[180:210].sum() for ts in end.timeseries]
    assert hiring[0] == 0 < hiring[1]
    staff = [ts["staff_count"].to_numpy() for ts in end.timeseries]
    assert staff[1][300] > staff[1][179] == staff[0][179]
    # against scenario 1's firm, empowered from day 0
    one = _played("Scenario 1")
    assert _cells(one, PROFIT)[1] == "$7.89M" and f"({_cells(one, PROFIT)[1]}, " in part_end
    assert f"{one.kept[1] - one.kept[0]} more kept)" in part_end
    assert one.kept[1] - one.kept[0] > end.kept[1] - end.kept[0]
    assert (
        abs(
            story.rounded(
                PROFIT,
                story.so_far(one).loc[PROFIT].iloc[1] - story.so_far(end).loc[PROFIT].iloc[1],
            )
        )
        <= 1e4
    )
    # after New customers the verdict points the same way ('every scenario's verdict')
    again = _played("Scenario 6", seed=1)
    for label in (KEPT, PROFIT):
        assert np.sign(_gap(end, label)) == np.sign(_gap(again, label)), label


@pytest.mark.slow
def test_the_guides_levers_notes_and_debrief_quote_what_the_page_shows():
    """The two levers' buttons, the notes' staff counts and 'every verdict points the same way
    after New customers', and the debrief's recall of scenarios 2 and 3."""
    from servicesim.dashboard import story

    section = _section("## If time allows", "## 53-60")
    days = _played("Front-line days")
    assert f"(starting customers kept {' against '.join(_cells(days, KEPT))})" in section
    clear, one = _played("Transparency"), _played("Scenario 1")
    profit = story.so_far(clear).loc[PROFIT]
    assert (
        f"({clear.kept[1] - clear.kept[0]} more of the starting customers kept, against "
        f"{one.kept[1] - one.kept[0]} more by empowering in scenario 1)" in section
    )
    assert (
        f"({story.money_words(-profit.iloc[2])} ({-100 * profit.iloc[2] / profit.iloc[0]:.1f}%) less"
        in section
    )
    assert _left(clear, 1)["left after refusal"] < _left(clear, 0)["left after refusal"]

    notes = _section("## Notes for the facilitator", "## Where the passages")
    staff = _cells(one, "Front-line staff")
    assert f"{staff[0]} under rule-bound against {staff[1]} under empowered" in notes
    big = _cells(_played("Scenario 1", customers=100_000), "Front-line staff")
    assert f"100,000 customers ({big[0]} against {big[1]})" in notes
    for button in (
        "Scenario 1",
        "Scenario 2",
        "Scenario 3",
        "Scenario 3B",
        "Scenario 4",
        "Scenario 5",
    ):
        first, again = _played(button), _played(button, seed=1)
        for label in (KEPT, PROFIT):
            assert np.sign(_gap(first, label)) == np.sign(_gap(again, label)), (button, label)

    debrief = _section("## 53-60", "## Notes for the facilitator")
    for button in ("Scenario 2", "Scenario 3"):
        profit = story.so_far(_played(button)).loc[PROFIT]
        assert f"({-100 * profit.iloc[2] / profit.iloc[0]:.1f}% less" in debrief, button
    assert story.so_far(_played("Scenario 3", days=1095)).loc[PROFIT, "gap"] > 0  # 'ahead at three'
