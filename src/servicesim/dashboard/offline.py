"""Keep the dashboard off the network: no CDN, no telemetry, no version check.

Workshop rooms are often offline, and a facilitator's laptop should not report to anyone.
Solara reads its settings from ``SOLARA_*`` environment variables when it is first imported, so
:func:`set_environment` must run before ``import solara`` (the CLI does that first, and so does
``app.py``); :func:`patch_settings` corrects the settings objects if Solara was imported earlier.

- Telemetry: ``SOLARA_TELEMETRY_MIXPANEL_ENABLE=False`` (Solara otherwise posts usage events to
  Mixpanel and asks api.ipify.org for the server's address); ``..._SENTRY_ENABLE`` is read by
  older Solara versions.
- Front end: ``solara-assets`` installs every JavaScript and CSS file the page needs under
  ``<prefix>/share/solara/cdn``, and the server serves them itself (``SOLARA_ASSETS_PROXY``).
  ``SOLARA_ASSETS_CDN`` points at a closed local port, so a file missing from that folder fails
  at once, visibly, instead of being fetched from cdn.jsdelivr.net.
- Solara's badge: ``SOLARA_THEME_SHOW_BANNER=False``; it sits in the page's bottom right corner,
  over the scoreboard or a chart on a projector. The page's foot credits Solara.
- Version check: only ``solara run`` does it, and ``servicesim dashboard`` passes
  ``--no-check-version``.
"""

from __future__ import annotations

import os
import sys
from collections.abc import MutableMapping

#: a URL on this machine where nothing listens (port 9, "discard"): never the internet
NO_CDN = "http://127.0.0.1:9/servicesim-offline/"

#: forced: the dashboard never sends telemetry
FORCED = {
    "SOLARA_TELEMETRY_MIXPANEL_ENABLE": "False",
    "SOLARA_TELEMETRY_SENTRY_ENABLE": "False",
    "SOLARA_ASSETS_PROXY": "True",
}
#: defaults a user may override (e.g. a local mirror of the CDN); Solara's corner badge ("This
#: website runs on Solara") would cover the scoreboard of a projected page: the page credits
#: Solara at its foot instead
DEFAULTS = {
    "SOLARA_ASSETS_CDN": NO_CDN,
    "SOLARA_THEME_SHOW_BANNER": "False",
}


def set_environment(environ: MutableMapping[str, str] | None = None) -> None:
    """Put the offline settings into ``environ`` (default: this process's environment)."""
    env = os.environ if environ is None else environ
    env.update(FORCED)
    for key, value in DEFAULTS.items():
        env.setdefault(key, value)


def patch_settings() -> None:
    """Switch telemetry off and the CDN away in Solara's settings objects, if already loaded."""
    server_settings = sys.modules.get("solara.server.settings")
    if server_settings is not None:
        server_settings.telemetry.mixpanel_enable = False  # type: ignore[attr-defined]
        banner = os.environ.get("SOLARA_THEME_SHOW_BANNER", "False").lower() in ("1", "true")
        server_settings.theme.show_banner = banner  # type: ignore[attr-defined]
    main_settings = sys.modules.get("solara.settings")
    if main_settings is not None:
        main_settings.assets.proxy = True  # type: ignore[attr-defined]
        if main_settings.assets.cdn.startswith("https://cdn.jsdelivr.net"):  # type: ignore[attr-defined]
            main_settings.assets.cdn = os.environ.get("SOLARA_ASSETS_CDN", NO_CDN)  # type: ignore[attr-defined]
