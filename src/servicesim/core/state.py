"""A run's state: the person tables (one schema), the staff table and the firm's running values.

People (customers and prospects) live in three tables by dtype, one contiguous row per field
(see ``kernels/layout.py``); staff and managers in one float64 table. Nobody is ever deleted:
a person who leaves is marked former, a staff slot that is vacated keeps its row, and random
draws are keyed by identity (person id, hire number), never by a reused slot. ``World`` holds
all of it for one run, with ``Today``, the scratch values the day's phases hand each other.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from servicesim.core import rng
from servicesim.core.kernels import layout as L
from servicesim.core.kernels.customers import NA
from servicesim.core.kernels.leaving import LEFT_CAPACITY
from servicesim.core.kernels.population import init_people
from servicesim.core.kernels.workforce import keyed_uniforms
from servicesim.core.vector import K, param_vector
from servicesim.params.policy import PolicyParams
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
    (
        "f",
        L.F_LAST_SHARE,
        "last_comp_share",
        "x stake",
        "compensation / stake of the last voiced episode, capped at 2 (-1 none or silent)",
    ),
    ("i", L.I_JOIN, "join_day", "day", "day joined (-1 never a customer)"),
    ("i", L.I_LEAVE, "leave_day", "day", "day left (-1 not left)"),
    ("i", L.I_CONTRACT_END, "contract_end", "day", "last day of the contract (-1 none)"),
    ("i", L.I_PROB_DAY, "problem_day", "day", "day the open problem began"),
    ("i", L.I_NEXT_CONTACT, "next_contact_day", "day", "next contact or decision day"),
    ("i", L.I_ESC_DAY, "escalation_day", "day", "day escalated (-1 not escalated)"),
    ("i", L.I_PROMO_UNTIL, "promotion_until", "day", "last day of a newcomer's discount"),
    ("i", L.I_LAST_STAFF, "last_agent", "hire id", "agent who last handled the problem"),
    ("i", L.I_EPISODE_END, "episode_end", "day", "day the last problem episode ended (-1 none)"),
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
    (
        "b",
        L.B_LAST_OUTCOME,
        "last_outcome",
        "code",
        "0 none, 1 silent, 2 unresolved, 3 resolved, 4 resolved quickly",
    ),
    ("b", L.B_SURVEY, "survey_answer", "code", "after the last episode: 1 would buy again, 2 not"),
    ("b", L.B_BROKEN, "promise_broken", "0/1", "a discretionary fix failed in this episode"),
    ("b", L.B_CLAIM, "claim_inflated", "0/1", "this episode's claim overstates the stake"),
    ("b", L.B_HELPED, "helped_before", "0/1", "an agent's discretion has paid this customer"),
    (
        "b",
        L.B_LAST_COVERED,
        "last_covered",
        "0/1",
        "the last voiced episode's problem was covered by the rulebook",
    ),
]
_DTYPES = {"f": np.float32, "i": np.int32, "b": np.int8}
_ROWS = {"f": L.NF_PEOPLE, "i": L.NI_PEOPLE, "b": L.NB_PEOPLE}


@dataclass
class People:
    """Everyone in the model: customers, former customers and prospects."""

    f: np.ndarray  # float32 (NF_PEOPLE, n)
    i: np.ndarray  # int32 (NI_PEOPLE, n)
    b: np.ndarray  # int8 (NB_PEOPLE, n)
    market_order: np.ndarray  # int32: the fixed random order paid acquisition visits everyone in
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
        return sum(a.nbytes for a in (self.f, self.i, self.b, self.market_order))


def build_people(n_customers: int, prm: np.ndarray, key: int) -> People:
    """Allocate and initialise ``n_customers`` customers and their prospects (draws keyed by
    ``key``; traits from the parameter vector ``prm``)."""
    n0 = n_customers
    n = n0 + int(round(n0 * prm[K.prospects_per_customer]))
    tabs = {t: np.zeros((_ROWS[t], n), _DTYPES[t]) for t in _ROWS}
    init_people(key, n0, tabs["f"], tabs["i"], tabs["b"], prm, 0)
    everyone = np.arange(n, dtype=np.int64)
    order_keys = keyed_uniforms(key, rng.S_ACQUIRE, everyone, 0, 99)
    market_order = everyone[np.argsort(order_keys, kind="stable")]
    return People(tabs["f"], tabs["i"], tabs["b"], market_order.astype(np.int32), n0)


#: people per chunk of the daily pass: fixed, so sums do not depend on the thread count
CHUNK = 16384
#: rows of the event log (the dashboard's feed); later events are not logged
EVENT_CAPACITY = 50_000


class Ledger:
    """Running totals of every ledger item and counter, for the run summary."""

    def __init__(self) -> None:
        self.totals: dict[str, float] = {}

    def add(self, day: dict[str, float]) -> None:
        for k, v in day.items():
            self.totals[k] = self.totals.get(k, 0.0) + float(v)


class World:
    """Everything that changes during one run of ``cfg``: people, staff, queues, the firm's
    running values (rule coverage, problem rate, handling-time standard), logs and totals.

    Built once; the day's phases (``core/engine.py``) read and write it. ``prm`` is the vector
    of the policy running now (the status quo during the warm-up), the only place phases and
    kernels read parameters from (``values`` is the same vector as Python floats). ``day``
    counts from the start of the warm-up (every draw is keyed by it); the measured period is
    ``day - warmup``.
    """

    def __init__(self, cfg: SimConfig, record_episodes: bool = False) -> None:
        self.cfg = cfg
        self.key = rng.derive_seed(cfg.run.seed, 0)  # same for every policy: common random numbers
        self.warmup = cfg.run.warmup_days
        self.policy_name = "status quo" if self.warmup > 0 else self.starting_policy()[0]
        self.adopt(cfg.status_quo_policy if self.warmup > 0 else self.starting_policy()[1])
        self.customers = cfg.run.customers
        self.days = cfg.run.days
        self.people: People = build_people(cfg.run.customers, self.prm, self.key)
        self.open_s = float(self.prm[K.open_s])
        self.coverage = float(self.prm[K.rule_coverage])  # widened by organisational learning
        self.problem_mult = 1.0  # lowered by root-cause fixes
        self.fixes_made = 0  # root-cause fixes so far (they alternate: rulebook, problem rate)
        self.learn_signal = 0.0
        self.day = 0
        self.cut = 1.0  # share of the needed time staff take today
        self.pressure = 1.0
        n_chunks = max(1, math.ceil(self.people.n / CHUNK))
        self.acc = np.zeros((n_chunks, NA))
        self.left = np.zeros((n_chunks, LEFT_CAPACITY + 1), np.int64)  # leavers, for the feed
        self.esc_person = np.zeros(max(1024, cfg.run.customers // 4), np.int64)
        self.esc_head = 0
        self.esc_tail = 0
        self.events = np.zeros((EVENT_CAPACITY, 5), np.int64)
        self.n_events = 0
        self.offered_history: list[float] = []
        self.expected_contacts = 0.0
        self.ledger = Ledger()
        self.records: list[dict[str, float]] = []  # every day's metrics, the warm-up's too
        self.record_episodes = record_episodes
        self.episodes: list[np.ndarray] = []
        self.st = np.zeros((L.NS_STAFF, 0))  # staff table, filled by the first staffing
        self.next_hire_id = 0
        self.hired_today: list[int] = []
        self.quit_today: list[int] = []
        self.market_ptr = 0  # where paid acquisition resumes in people.market_order
        #: paid acquisitions a day, fixed for the measured period (None: the warm-up's tracking)
        self.acquisition_per_day: float | None = None
        #: customers active on the first measured day
        self.start_active = 0

    def starting_policy(self) -> tuple[str, PolicyParams]:
        """The policy of measured day 0: the one switched from, or the one under study."""
        cfg = self.cfg
        if cfg.run.switch_at is not None and cfg.switch_from_policy is not None:
            return cfg.switch_from_name or "switch_from", cfg.switch_from_policy
        return cfg.policy_name, cfg.policy

    def adopt(self, policy: PolicyParams) -> None:
        """Run ``policy`` from now on: its vector, and its handling-time standard."""
        self.prm = param_vector(self.cfg, policy)
        # the same vector as Python floats, for the phases' Python arithmetic (numpy scalars
        # make each operation two to three times slower); kernels take ``prm``
        self.values: list[float] = self.prm.tolist()
        self.standard_s = float(self.prm[K.aht_target_s])  # the handling-time standard

    @property
    def measured_day(self) -> int:
        """The day in the measured period (negative during the warm-up)."""
        return self.day - self.warmup


_NO_ROWS = np.zeros(0, np.int64)
_NO_VALUES = np.zeros(0)
_NO_KINDS = np.zeros(0, np.int8)
_NO_FLAGS = np.zeros(0, np.bool_)
_NO_SERVERS = np.zeros(0, np.int32)


class Today:
    """What one day's phases hand each other; rebuilt every day, nothing in it outlives it.

    The class attributes are the values before a phase sets them (shared empty arrays, never
    written into: a phase assigns its own), so building a day costs next to nothing.
    """

    # the roll-call: frontline staff, managers, managers on the phones, who is on shift
    front: np.ndarray = _NO_ROWS
    managers: np.ndarray = _NO_ROWS
    managers_on_phones: np.ndarray = _NO_ROWS
    on_shift: np.ndarray = _NO_ROWS
    speed: np.ndarray = _NO_VALUES
    mean_empowerment: float = 0.0
    # day totals of the customer pass, the contacts and the network (kernels' columns)
    customers: np.ndarray = _NO_VALUES
    contacts: np.ndarray = _NO_VALUES
    network: np.ndarray = _NO_VALUES
    # the contact centre: effort under pressure, the callers and what the queue did with them
    effort: float = 1.0
    callers: np.ndarray = _NO_ROWS
    kind: np.ndarray = _NO_KINDS
    wait: np.ndarray = _NO_VALUES
    abandoned: np.ndarray = _NO_FLAGS
    server: np.ndarray = _NO_SERVERS
    service: np.ndarray = _NO_VALUES
    overtime_s: float = 0.0
    # staff at the end of the day
    quitters: np.ndarray = _NO_ROWS
    recognitions: int = 0
    bonus: float = 0.0
    hiring_cost: float = 0.0
    fixes: int = 0
    # the periodic survey, on its days
    survey_asked: int = 0
    survey_yes: int = 0

    def __init__(self, day: int) -> None:
        self.day = day
