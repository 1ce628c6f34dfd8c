"""The workshop dashboard: a Solara page in the browser (``servicesim dashboard``).

``session`` holds the run (one policy, or two on the same customers) and ``charts`` draws it;
neither imports Solara, so both are tested without a browser. ``app`` is the page, ``offline``
keeps it off the network (no CDN, no telemetry), ``export`` writes a side-by-side run as a
compare folder for ``servicesim report``.
"""
