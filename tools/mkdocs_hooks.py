"""MkDocs hooks for the documentation site (mkdocs.yml ``hooks:``).

Material's ``offline`` plugin adds a script from unpkg.com to every page (a shim that lets
search run from ``file://``). A page read offline cannot fetch it, and a page read online
should not call a CDN, so it is dropped: the site references no other host. Search then works
when the site is served (``python -m http.server -d site``); the rest works from the files.
"""

from __future__ import annotations

from typing import Any

from mkdocs.plugins import event_priority


@event_priority(-100)  # after the offline plugin's own on_config
def on_config(config: Any) -> Any:
    polyfills = config.extra.get("polyfills", [])
    config.extra["polyfills"] = [p for p in polyfills if not str(p).startswith("http")]
    return config
