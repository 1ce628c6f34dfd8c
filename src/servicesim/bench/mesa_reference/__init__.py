"""The same daily rules as ``ServiceModel``, written the way a Mesa user would write them.

A baseline for the benchmark (``servicesim.bench.harness``): one ``Customer(mesa.Agent)`` object per
person (customers and prospects), ``Staff`` agents, a ``mesa.DataCollector``, and each day's
work done in plain Python: ``shuffle_do("step")`` over customers, a first-come-first-served queue
in a Python loop, resolution contact by contact, word of mouth over lists of tie agents.
No arrays, no numba. Parameter values come from the same ``SimConfig`` through the fast model's
parameter vector (``param_vector``; ``rules_of`` names its slots), so every number, derived ones
such as the severity distribution included, is identical; random draws come from Mesa's
``model.random``, so runs agree with the fast model in aggregate, not draw for draw
(``tests/test_mesa_reference.py``).

Rules mirrored: core/engine.py (the warm-up under the status quo, then the measured period:
``MesaServiceModel(cfg)`` plays the warm-up, ``run_all`` the measured days, ``summary`` and the
DataCollector cover the measured days only), core/kernels/customers.py (daily pass),
core/kernels/leaving.py (leaving as a hazard: satisfaction and the last episode's fading shock;
contract renewals; the survey), core/kernels/episode.py (justice, episode word of mouth),
core/kernels/population.py (traits), core/kernels/resolution.py (contacts, the intraday
arrival peak, inflated claims and second looks), core/kernels/queue.py (FCFS with abandonment
and overtime), core/kernels/network.py (word of mouth, referrals and paid acquisition of people
in the market, escalations), core/kernels/workforce.py and core/workforce.py (shifts,
shrinkage, morale, quits, hiring), core/contact_centre.py (time pressure, escalation capacity),
core/customers.py (demand pulse, the acquisition budget, the periodic survey),
core/learning.py (organisational learning, fixes going stale) and core/ledger.py (the day's
costs).

Modules: ``rules`` (the parameter namespace and shared constants), ``customer`` (the
``Customer`` agent), ``staff`` (the ``Staff`` agent), ``centre`` (today's calls, the queue,
resolving a contact, escalations), ``market`` (word of mouth, referrals, paid acquisition, the
survey) and ``model`` (``MesaServiceModel``).
"""

from __future__ import annotations

from servicesim.bench.mesa_reference.customer import Customer
from servicesim.bench.mesa_reference.model import MesaServiceModel
from servicesim.bench.mesa_reference.rules import rules_of
from servicesim.bench.mesa_reference.staff import Staff

__all__ = ["Customer", "MesaServiceModel", "Staff", "rules_of"]
