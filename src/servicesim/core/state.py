"""State tables: one schema, allocated as structure-of-arrays tables (see kernels/layout.py).

People (customers and prospects) live in three tables by dtype, one contiguous row per field;
staff and managers in one float64 table. Nobody is ever deleted: a person who leaves is marked
former, a staff slot that is vacated keeps its row, and random draws are keyed by identity
(person id, hire number), never by a reused slot.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from servicesim.core import rng
from servicesim.core.kernels import layout as L
from servicesim.core.kernels.population import init_people
from servicesim.params.simconfig import SimConfig

#: (table, row, name, unit, meaning) for every person field: the schema the docs show
PEOPLE_SCHEMA = [
    ("f", L.F_SAT, "satisfaction", "0-1", "attitude toward the firm (prospects too)"),
    ("f", L.F_BASE, "baseline", "0-1", "personal level satisfaction relaxes back to"),
    ("f", L.F_EXPECT, "expectation", "0-1", "justice score expected from a recovery"),
    ("f", L.F_VALUE, "value_per_day", "$/day", "revenue while a customer"),
    ("f", L.F_PATIENCE, "patience_factor", "x", "patience relative to the scenario mean"),
    ("f", L.F_VOICE, "voice_factor", "odds x", "propensity to complain"),
    ("f", L.F_SEV, "problem_severity", "$", "money at stake in the open (or last) problem"),
    ("f", L.F_WAIT, "problem_wait_s", "s", "queue time spent on the open problem"),
    ("f", L.F_COMP, "problem_compensation", "$", "compensation received for the open problem"),
    ("f", L.F_COURTESY, "problem_courtesy", "0-1", "courtesy of the last contact"),
    ("f", L.F_FAILS, "recent_failures", "count", "problems in the past year (decayed)"),
    ("i", L.I_JOIN, "join_day", "day", "day joined (-1 never a customer)"),
    ("i", L.I_LEAVE, "leave_day", "day", "day left (-1 not left)"),
    ("i", L.I_CONTRACT_END, "contract_end", "day", "last day of the contract (-1 none)"),
    ("i", L.I_PROB_DAY, "problem_day", "day", "day the open problem began"),
    ("i", L.I_NEXT_CONTACT, "next_contact_day", "day", "next contact or decision day"),
    ("i", L.I_ESC_DAY, "escalation_day", "day", "day escalated (-1 not escalated)"),
    ("i", L.I_PROMO_UNTIL, "promotion_until", "day", "last day of a newcomer's discount"),
    ("i", L.I_LAST_STAFF, "last_agent", "hire id", "agent who last handled the problem"),
    ("b", L.B_STATUS, "status", "code", "0 prospect, 1 customer, 2 former customer"),
    (
        "b",
        L.B_PSTATE,
        "problem_state",
        "code",
        "0 none, 1 silent, 2 contacting, 3 escalated, 4 given up",
    ),
    ("b", L.B_COVERED, "problem_covered", "0/1", "open problem covered by the rulebook"),
    ("b", L.B_CONTACTS, "problem_contacts", "count", "contacts about the open problem"),
    ("b", L.B_REFUSED, "problem_refusals", "count", "refusals in this episode"),
    ("b", L.B_EXPLAINED, "refusal_explained", "0/1", "a refusal came with an explanation"),
    ("b", L.B_DELIGHT, "delighted", "0/1", "a surprise gesture came with this episode"),
    ("b", L.B_COHORT, "history", "code", "0 never failed, 1 last problem resolved, 2 not resolved"),
    ("b", L.B_CHANNEL, "channel", "code", "0 initial, 1 referral, 2 paid"),
    ("b", L.B_ABANDONS, "problem_abandons", "count", "abandoned calls in this episode"),
]
_DTYPES = {"f": np.float32, "i": np.int32, "b": np.int8}
_ROWS = {"f": L.NF_PEOPLE, "i": L.NI_PEOPLE, "b": L.NB_PEOPLE}


@dataclass
class People:
    """Everyone in the model: customers, former customers and prospects."""

    f: np.ndarray  # float32 (NF_PEOPLE, n)
    i: np.ndarray  # int32 (NI_PEOPLE, n)
    b: np.ndarray  # int8 (NB_PEOPLE, n)
    prospect_order: np.ndarray  # int32: order in which paid acquisition reaches prospects
    n_initial: int

    @property
    def n(self) -> int:
        return self.f.shape[1]

    def field(self, name: str) -> np.ndarray:
        """A person field by its schema name (a view, not a copy)."""
        for table, row, fname, _, _ in PEOPLE_SCHEMA:
            if fname == name:
                return getattr(self, table)[row]
        raise KeyError(name)

    def nbytes(self) -> int:
        return sum(a.nbytes for a in (self.f, self.i, self.b, self.prospect_order))


def build_people(cfg: SimConfig, key: int) -> People:
    """Allocate and initialise everyone for ``cfg`` (draws keyed by ``key``)."""
    s = cfg.scenario
    n0 = cfg.run.customers
    n = n0 + int(round(n0 * s.prospects_per_customer))
    tabs = {t: np.zeros((_ROWS[t], n), _DTYPES[t]) for t in _ROWS}
    init_people(
        key,
        n0,
        tabs["f"],
        tabs["i"],
        tabs["b"],
        s.satisfaction_mean,
        s.satisfaction_sd,
        s.revenue_per_customer_per_year / 365.0,
        s.justice_expectation,
        s.contract_share,
        s.contract_length_days,
    )
    prospects = np.arange(n0, n, dtype=np.int64)
    order_keys = rng_keys(key, prospects)
    prospect_order = prospects[np.argsort(order_keys, kind="stable")]
    return People(tabs["f"], tabs["i"], tabs["b"], prospect_order.astype(np.int32), n0)


def rng_keys(key: int, ids: np.ndarray) -> np.ndarray:
    from servicesim.core.kernels.workforce import keyed_uniforms

    return keyed_uniforms(key, rng.S_ACQUIRE, ids.astype(np.int64), 0, 99)
