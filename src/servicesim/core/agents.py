"""Mesa agents as thin views onto rows of the state tables.

Attributes read and write one cell of an array (like Mesa's own ``PropertyDescriptor``): the
arrays stay the single source of truth. Staff and managers are registered Mesa agents (there
are few); a ``Customer`` is built on demand and never registered, so a run of a million
customers builds no Python object per customer and views do not pile up in the model.
"""

from __future__ import annotations

from typing import Any

import mesa

from servicesim.core.kernels import layout as L
from servicesim.core.state import PEOPLE_SCHEMA


class _Cell:
    """Descriptor: attribute ``name`` of a view is ``table[row, index]``."""

    def __init__(self, table: str, row: int, cast: type = float) -> None:
        self.table, self.row, self.cast = table, row, cast

    def __get__(self, obj: Any, objtype: Any = None) -> Any:
        if obj is None:
            return self
        return self.cast(obj._table(self.table)[self.row, obj.index])

    def __set__(self, obj: Any, value: Any) -> None:
        obj._table(self.table)[self.row, obj.index] = value


class _StaffView(mesa.Agent):
    """A frontline agent or manager: a registered Mesa agent viewing one staff-table column."""

    def __init__(self, model: mesa.Model, slot: int) -> None:
        super().__init__(model)
        self.index = slot

    def _table(self, name: str) -> Any:
        return self.model.engine.st

    skill = _Cell("st", L.S_SKILL)
    judgment = _Cell("st", L.S_JUDGMENT)
    empathy = _Cell("st", L.S_EMPATHY)
    morale = _Cell("st", L.S_MORALE)
    empowerment_used = _Cell("st", L.S_EMPOWER)
    #: latitude and cap ($/case) the firm grants this agent today: its tier's
    #: (policy.senior_skill, senior_extra_latitude, senior_cap_multiple)
    empowerment_granted = _Cell("st", L.S_GRANTED)
    discretion_cap_granted = _Cell("st", L.S_GRANTED_CAP)
    hire_id = _Cell("st", L.S_HIRE_ID, int)
    contacts_today = _Cell("st", L.S_HANDLED, int)
    recognition = _Cell("st", L.S_RECOG)

    def step(self) -> None:
        """Nothing: the day is played by the kernels (``ServiceModel.step``)."""


class FrontlineAgent(_StaffView):
    """A frontline member of staff (skill, judgment, empathy, morale, empowerment used)."""


class Manager(_StaffView):
    """A manager: decides escalations, may spend front-line days on the phones."""


class Customer(mesa.Agent):
    """A view of person ``index`` built on demand; not registered with the model."""

    def __init__(self, model: mesa.Model, index: int) -> None:  # noqa: D107
        # deliberately skip mesa.Agent.__init__: no registration, nothing kept alive
        self.model = model
        self.unique_id = -1 - int(index)
        self.pos = None
        self.index = int(index)

    def _table(self, name: str) -> Any:
        return getattr(self.model.engine.people, name)

    def remove(self) -> None:
        """Customers are never removed: former customers stay as rows (status 2)."""

    def __repr__(self) -> str:
        return f"Customer({self.index}, status={self.status}, satisfaction={self.satisfaction:.2f})"


for _table, _row, _name, _unit, _meaning in PEOPLE_SCHEMA:
    _cast = float if _table == "f" else int
    setattr(Customer, _name, _Cell(_table, _row, _cast))
