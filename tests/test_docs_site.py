"""The documentation site builds with ``mkdocs build --strict``, reads offline, and renders the API.

``make test`` installs the ``docs`` extra, so in CI the build runs; where MkDocs is missing the
test skips with the reason, except when ``CI`` is set, where it fails. The gallery's page is
checked against its figures and the shipped specs (``tools/gallery.py --check``).
"""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NEEDED = ("mkdocs", "material", "mkdocstrings", "mkdocstrings_handlers.python")


def _missing() -> list[str]:
    return [m for m in NEEDED if importlib.util.find_spec(m.split(".")[0]) is None]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    missing = _missing()
    if missing:
        reason = f"MkDocs is not installed ({', '.join(missing)}): pip install -e '.[docs]'"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    out = tmp_path_factory.mktemp("site")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    build = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert build.returncode == 0, f"mkdocs build --strict failed:\n{build.stderr[-4000:]}"
    return out


def test_every_page_is_built(site: Path) -> None:
    pages = {p.stem for p in (ROOT / "docs").glob("*.md")}
    built = {p.stem for p in site.glob("*.html")}
    assert pages <= built, f"pages missing from the site: {sorted(pages - built)}"
    assert (site / "search" / "search_index.js").exists()  # the offline plugin's search index
    for png in (ROOT / "docs" / "gallery").glob("*.png"):
        assert (site / "gallery" / png.name).exists()


def test_site_fetches_nothing_from_the_network(site: Path) -> None:
    """No script, style sheet, font or image comes from another host (links to papers may)."""
    remote = re.compile(
        r"<(?:script|img|iframe|source)\b[^>]*\bsrc=\"(?:https?:)?//|<link\b[^>]*\bhref=\"(?:https?:)?//"
    )
    found = {
        page.name: remote.findall(page.read_text(encoding="utf-8")) for page in site.glob("*.html")
    }
    found = {k: v for k, v in found.items() if v}
    assert not found, f"pages that would fetch from the network: {found}"
    css = "".join(p.read_text() for p in (site / "assets").rglob("*.css"))
    assert "fonts.googleapis" not in css and "fonts.gstatic" not in css


def test_api_reference_renders_the_public_api(site: Path) -> None:
    html = (site / "api.html").read_text(encoding="utf-8")
    import servicesim

    for name in servicesim.__all__:
        if name != "__version__":
            assert f'id="servicesim.{name}"' in html, (
                f"servicesim.{name} is not in the API reference"
            )
    import servicesim.ema

    for name in servicesim.ema.__all__:
        if callable(getattr(servicesim.ema, name)):
            assert f'id="servicesim.ema.{name}"' in html, f"servicesim.ema.{name} is missing"
    assert "warmup_days" in html and "InputError" in html
    # a Sphinx role left in a docstring renders literally in Markdown
    assert not re.search(r":(?:func|class|meth|attr|mod):`?", html), "a Sphinx role in a docstring"


def test_gallery_page_matches_its_figures() -> None:
    spec = importlib.util.spec_from_file_location("gallery", ROOT / "tools" / "gallery.py")
    gallery = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gallery)
    assert gallery.check() == [], "run: python tools/gallery.py (make gallery)"
