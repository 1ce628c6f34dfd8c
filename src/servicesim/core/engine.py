"""The day as a recipe of phases: arrays in, mechanisms called in order, the day's metrics out.

One day, in this order (each phase lives with its mechanism; each reads its parameters from
the run's vector ``World.prm`` and nothing else):

1. ``workforce.start_shift``: new hires start; staff on training are off the phones; each
   agent's discretion in use is set (latitude x leadership x morale x metric); managers on
   their front-line days join the phones.
2. ``customers.daily_pass``: revenue, attitude relaxing to the baseline, erosion while a
   problem is open, new problems and their stakes, voice or silence, routine requests, silent
   problems ending, leaving (the daily hazard out of contract, the decision at a contract's
   end), everyday word of mouth.
3. ``contact_centre.time_pressure``: yesterday's load against today's capacity; staff cut
   time under pressure, and an unanchored handling-time standard drifts toward it.
4. ``contact_centre.answer``: the day's callers arrive over the opening hours and queue.
5. ``contact_centre.resolve``: diagnosis, the script, discretion, escalation or refusal,
   gestures; episodes end with a justice judgment, a survey answer and talk.
6. ``contact_centre.escalations``: managers decide escalated cases, oldest first.
7. ``customers.word_of_mouth``: messages over the network; referrals.
8. ``customers.paid_acquisition``: the day's bought customers.
9. ``workforce.end_shift``: recognition, morale, learning, quits.
10. ``workforce.staffing_review``: hiring toward the plan (with a delay).
11. ``learning.root_causes``: heard complaints become root-cause fixes and wider rules.
12. ``customers.survey``: on its days, a sample of customers says whether they would buy again.
13. ``ledger.close_day``: the ledger, the day's metrics, the records.

Every run first plays a warm-up (``run.warmup_days``) under the scenario's status quo; on the
first measured day the policy under study takes over (or ``switch_from``, until
``run.switch_at``), the paid-acquisition budget is fixed to what replaced the status quo's
churn, and the run's totals start (``Engine.begin_measurement``). Days and draws count from
the warm-up's start, so a run that switches equals, until its switch, the run it switched from.
On the switch day, if the new policy differs from the old, the switch costs the staff
something (``workforce.switch_costs``: training waves, a skill dip, a morale shock; the
``behaviour.switch_*`` parameters), all from that day: nothing is anticipated.

No Mesa here: ``ServiceModel`` (``model.py``) wraps the engine as a Mesa model with agents as
views onto its rows.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from servicesim.core import contact_centre, customers, learning, ledger, workforce
from servicesim.core.kernels import layout as L
from servicesim.core.state import Ledger, Today, World
from servicesim.core.vector import K
from servicesim.params.simconfig import SimConfig

Phase = Callable[[World, Today], object]

#: the day's phases, in order (see the module docstring)
PHASES: tuple[tuple[str, Phase], ...] = (
    ("start_shift", workforce.start_shift),
    ("daily_pass", customers.daily_pass),
    ("time_pressure", contact_centre.time_pressure),
    ("answer", contact_centre.answer),
    ("resolve", contact_centre.resolve),
    ("escalations", contact_centre.escalations),
    ("word_of_mouth", customers.word_of_mouth),
    ("paid_acquisition", customers.paid_acquisition),
    ("end_shift", workforce.end_shift),
    ("staffing_review", workforce.staffing_review),
    ("root_causes", learning.root_causes),
    ("survey", customers.survey),
    ("close_day", ledger.close_day),
)


class Engine(World):
    """One run of ``cfg``: its state (``World``) and the day's recipe (``PHASES``).

    ``phase_seconds``, when set to a dict, collects the seconds each phase takes (the
    benchmark's hotspots).
    """

    def __init__(self, cfg: SimConfig, record_episodes: bool = False) -> None:
        super().__init__(cfg, record_episodes)
        self.phase_seconds: dict[str, float] | None = None
        workforce.initial_staff(self)

    def step(self) -> dict[str, float]:
        """Advance one day; returns the day's metrics (see metrics.DAILY)."""
        if self.day == self.warmup:
            self.begin_measurement()
        elif self.cfg.run.switch_at is not None and self.measured_day == self.cfg.run.switch_at:
            self.policy_name = self.cfg.policy_name
            self.adopt(self.cfg.policy)
            if self.cfg.policy != self.cfg.switch_from_policy:
                workforce.switch_costs(self)
        today = Today(self.day)
        if self.phase_seconds is None:
            for _, phase in PHASES:
                phase(self, today)
        else:
            for name, phase in PHASES:
                t0 = time.perf_counter()
                phase(self, today)
                self.phase_seconds[name] = (
                    self.phase_seconds.get(name, 0.0) + time.perf_counter() - t0
                )
        self.day += 1
        return self.records[-1]

    def run_warmup(self) -> None:
        """Play the warm-up days (the status quo), so that the next step is measured day 0."""
        while self.day < self.warmup:
            self.step()

    def begin_measurement(self) -> None:
        """The measured period starts: the starting policy takes over, the acquisition budget is
        fixed, the run's totals start from zero."""
        self.policy_name, policy = self.starting_policy()
        self.adopt(policy)
        v = self.values
        window = self.records[-min(self.warmup, 182) :]
        if v[K.calibrate_acquisition] != 0 and window:
            lost = sum(r["churned"] - r["new_customers_referral"] for r in window) / len(window)
            self.acquisition_per_day = max(lost, 0.0)
        else:
            self.acquisition_per_day = v[K.paid_acquisition_per_year] * self.customers / 365.0
        self.ledger = Ledger()
        self.start_active = int((self.people.b[L.B_STATUS] == 1).sum())

    def measured_records(self) -> list[dict[str, float]]:
        """The measured period's daily metrics (the warm-up's are ``records[:warmup]``)."""
        return self.records[self.warmup :]
