"""The workshop guide that ships inside the package: its text, and as HTML.

``workshop.md`` beside this module is the guide's one source (``docs/workshop.md`` is a copy
that a test keeps identical). It points at nothing outside the package, so the page's
"Facilitator notes" and ``servicesim workshop-guide`` show the same, complete guide on a laptop
that has only the installed wheel. No Solara here: the command reads it too.
"""

from __future__ import annotations

import html
from importlib import resources

import markdown

#: the guide's file name inside ``servicesim.dashboard``
GUIDE_FILE = "workshop.md"

_PAGE_CSS = """
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; line-height: 1.5;
  color: #1a1a1a; max-width: 46rem; margin: 2rem auto; padding: 0 1rem; }
blockquote { margin: 0.6rem 0; padding: 0.2rem 1rem; border-left: 5px solid #E69F00;
  background: #fff8e6; }
table { border-collapse: collapse; }
th, td { border-bottom: 1px solid #ddd; padding: 0.25rem 0.6rem; text-align: left; }
code { background: #f1f3f5; padding: 0 0.2rem; border-radius: 3px; }
@media print { body { margin: 0; max-width: none; } }
"""


def text() -> str:
    """The guide as Markdown, read from the installed package."""
    return resources.files("servicesim.dashboard").joinpath(GUIDE_FILE).read_text(encoding="utf-8")


def title() -> str:
    """The guide's first heading, without the '# '."""
    first = text().splitlines()[0]
    return first.lstrip("#").strip()


def to_html(source: str | None = None) -> str:
    """The guide (or ``source``) rendered as an HTML fragment: headings, tables, quotes, lists.

    Python-Markdown on the server: no script, no CDN, and a dollar sign stays a dollar sign
    (Solara's own Markdown component would read '$430k ... $50k' as mathematics).
    """
    body = text() if source is None else source
    return markdown.markdown(body, extensions=["tables", "sane_lists"], output_format="html")


def html_page() -> str:
    """The guide as one self-contained HTML page (what ``workshop-guide --open`` shows)."""
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{html.escape(title())}</title>\n<style>{_PAGE_CSS}</style>\n</head>\n"
        f"<body>\n{to_html()}\n</body>\n</html>\n"
    )
