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

Rules mirrored: core/kernels/customers.py (daily pass), core/kernels/episode.py (justice, stay
or leave, episode word of mouth), core/kernels/population.py (traits), core/kernels/resolution.py
(contacts), core/kernels/queue.py (FCFS with abandonment and overtime), core/kernels/network.py
(word of mouth, referrals, paid acquisition, escalations), core/kernels/workforce.py and
core/workforce.py (shifts, morale, quits, hiring), core/contact_centre.py (time pressure,
escalation capacity), core/customers.py (demand pulse, paid acquisition), core/learning.py
(organisational learning) and core/ledger.py (the day's costs).

Modules: ``rules`` (the parameter namespace and shared constants), ``customer`` (the
``Customer`` agent), ``staff`` (the ``Staff`` agent), ``centre`` (today's calls, the queue,
resolving a contact, escalations) and ``model`` (``MesaServiceModel``).
"""

from __future__ import annotations

from servicesim.bench.mesa_reference.customer import Customer
from servicesim.bench.mesa_reference.model import MesaServiceModel
from servicesim.bench.mesa_reference.rules import rules_of
from servicesim.bench.mesa_reference.staff import Staff

__all__ = ["Customer", "MesaServiceModel", "Staff", "rules_of"]
