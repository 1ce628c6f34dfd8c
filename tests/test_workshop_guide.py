"""The workshop guide travels with the package: its text, its copy in docs/, the command that
prints, opens and checks it, and a wheel installed outside the checkout that carries it."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import sysconfig
import unicodedata
from pathlib import Path

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


@pytest.mark.slow
def test_scenario_5_quotes_what_the_page_shows_at_its_button():
    """The guide's scenario 5 numbers are the scoreboard's and the verdict's after its button,
    played to the end (30,000 customers, two years, seed 0)."""
    from servicesim.dashboard import setups, story
    from servicesim.dashboard.session import WorkshopRun

    run = WorkshopRun(setups.SETUP_BY_BUTTON["Scenario 5"].settings())
    run.step(run.days)
    snap = run.snapshot()
    text = " ".join(guide.text().split())
    section = text[text.index("## Scenario 5") : text.index("## If time allows")]
    assert f'"{story.verdict(snap)}"' in section
    so_far, month = story.so_far(snap), story.this_month(snap)
    shown = {
        label: [story.show(label, float(v)) for v in table.loc[label].iloc[:2]]
        for table, label in (
            (so_far, "Starting customers kept"),
            (so_far, "First-contact resolution"),
            (so_far, "Profit so far"),
            (month, "NPS (-100 to 100)"),
            (month, "Staff morale (0-1)"),
        )
    }
    for label, (rules, empowered) in shown.items():  # 'A against B', rules run well first
        pattern = re.escape(rules) + r"[^.;:]{1,40}?against " + re.escape(empowered)
        assert re.search(pattern, section), (label, rules, empowered)
