"""ServiceModel: the Mesa model of customers, frontline staff and managers.

Arrays are the source of truth (``state.py``); the day's work is done by numba kernels through
``engine.Engine``; Mesa agents are views onto rows (``agents.py``).
"""

from __future__ import annotations

from typing import Any

import mesa
import numpy as np
import pandas as pd

from servicesim.core.agents import Customer, FrontlineAgent, Manager
from servicesim.core.engine import Engine
from servicesim.core.invariants import check_invariants
from servicesim.core.kernels import layout as L
from servicesim.core.outcomes import summarize
from servicesim.params.simconfig import SimConfig


class ServiceModel(mesa.Model):
    """A contact centre and its customers over ``config.run.days`` days (one step = one day).

    ``step()`` plays one day: the engine's recipe of phases (``core/engine.py``, whose
    docstring gives the order), then keeps the registered staff agents in step with the day's
    hires and quits.
    """

    def __init__(
        self,
        config: SimConfig | None = None,
        *,
        record_episodes: bool = False,
        check_invariants: bool = False,
        engine: Engine | None = None,
    ) -> None:
        """A model of ``config``, its warm-up played (day 0 is the first measured day).

        ``engine``: a warmed-up engine to start from (``experiments.simulate`` shares one
        warm-up between the policies that start from the same firm); else one is built.
        """
        config = config if config is not None else SimConfig()
        super().__init__(rng=int(config.run.seed))
        self.config = config
        if engine is None:
            engine = Engine(config, record_episodes=record_episodes)
            engine.run_warmup()
        self.engine = engine
        self.check = check_invariants
        self._views: dict[int, FrontlineAgent | Manager] = {}
        self._sync_staff()

    # ---- Mesa ---------------------------------------------------------------------------------
    def step(self) -> None:
        """Play one day (see the class docstring for the recipe)."""
        if self.day >= self.config.run.days:
            self.running = False
            return
        self.engine.step()
        if self.engine.hired_today or self.engine.quit_today:
            self._sync_staff()
        if self.check:
            check_invariants(self.engine)
        if self.day >= self.config.run.days:
            self.running = False

    def _sync_staff(self) -> None:
        """Keep one registered agent per occupied staff slot (hires added, quitters removed)."""
        st = self.engine.st
        for slot in list(self._views):
            view = self._views[slot]
            if st[L.S_ACTIVE, slot] == 0 or int(st[L.S_HIRE_ID, slot]) != view._hire:
                view.remove()
                del self._views[slot]
        for slot in np.flatnonzero(st[L.S_ACTIVE] == 1):
            slot = int(slot)
            if slot not in self._views:
                cls = Manager if st[L.S_ROLE, slot] == 1 else FrontlineAgent
                view = cls(self, slot)
                view._hire = int(st[L.S_HIRE_ID, slot])
                self._views[slot] = view

    # ---- views and results ------------------------------------------------------------------------
    @property
    def day(self) -> int:
        """Days played of the measured period (the warm-up's are not counted)."""
        return self.engine.measured_day

    def customer(self, index: int) -> Customer:
        """A view of person ``index`` (not registered; cheap; reads and writes the arrays)."""
        if not 0 <= index < self.engine.people.n:
            raise IndexError(f"person index {index} outside 0..{self.engine.people.n - 1}")
        return Customer(self, index)

    @property
    def frontline(self) -> list[FrontlineAgent]:
        return [a for a in self.agents_by_type.get(FrontlineAgent, [])]

    @property
    def managers(self) -> list[Manager]:
        return [a for a in self.agents_by_type.get(Manager, [])]

    def timeseries(self, warmup: bool = False) -> pd.DataFrame:
        """One row per measured day (columns as metrics.DAILY); ``warmup``: the warm-up's days
        first, numbered ``-warmup_days..-1``."""
        eng = self.engine
        return pd.DataFrame.from_records(eng.records if warmup else eng.measured_records())

    def summary(self) -> dict[str, float]:
        """The run summary (keys as metrics.SUMMARY)."""
        return summarize(self.engine)

    def events(self) -> pd.DataFrame:
        """Notable events so far: day, kind, person, staff hire id, value."""
        from servicesim.core.events import events_frame

        return events_frame(self.engine.events[: self.engine.n_events], self.engine.warmup)

    def satisfaction_of_active(self) -> np.ndarray:
        pe = self.engine.people
        return pe.f[L.F_SAT][pe.b[L.B_STATUS] == 1]

    def run_all(self, progress: Any = None) -> None:
        """Step to the horizon; ``progress(day)`` is called after each day if given."""
        while self.day < self.config.run.days:
            self.step()
            if progress is not None:
                progress(self.day)
