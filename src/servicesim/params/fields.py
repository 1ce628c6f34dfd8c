"""The parameter field helper: every field carries its default, unit, meaning, source and ranges.

A field's *validity bounds* (``min``, ``max``; pydantic's ``ge``/``le``) say what the model
accepts: outside them is an input error (exit 2). Its *plausible range* (``low``, ``high``) says
what the evidence or the argument supports: outside it is allowed and noted in a run's manifest,
and it is what an uncertainty analysis draws from (behaviour rows, and scenario rows marked
``uncertain``). A policy lever's range is a sweep range, never drawn as uncertainty. ``grade``
is the evidence grade of ``source`` (REFERENCES.md: A peer-reviewed, B practitioner survey,
C folklore or assumption); ``basis`` says where the plausible range comes from.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

Grade = Literal["A", "B", "C"]


class Params(BaseModel):
    """Base of all parameter models: unknown keys rejected, assignments validated."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True, frozen=False)

    @classmethod
    def field_docs(cls) -> list[dict[str, Any]]:
        """One dict per field: name, default, unit, bounds, plausible range, grade, meaning,
        source, basis, group and (scenario rows) whether an uncertainty analysis draws it."""
        rows = []
        for name, f in cls.model_fields.items():
            extra = f.json_schema_extra if isinstance(f.json_schema_extra, dict) else {}
            lo = hi = None
            for m in f.metadata:
                lo = getattr(m, "ge", lo) if getattr(m, "ge", None) is not None else lo
                hi = getattr(m, "le", hi) if getattr(m, "le", None) is not None else hi
            rows.append(
                {
                    "name": name,
                    "default": f.default,
                    "unit": extra.get("unit", ""),
                    "min": lo,
                    "max": hi,
                    "low": extra.get("low"),
                    "high": extra.get("high"),
                    "grade": extra.get("grade", ""),
                    "meaning": f.description or "",
                    "source": extra.get("source", ""),
                    "basis": extra.get("basis", ""),
                    "group": extra.get("group", ""),
                    "uncertain": extra.get("uncertain"),
                    "reference": bool(extra.get("reference", False)),
                }
            )
        return rows


def P(
    default: Any,
    unit: str,
    meaning: str,
    source: str,
    ge: float | None = None,
    le: float | None = None,
    *,
    low: float | None = None,
    high: float | None = None,
    grade: Grade = "C",
    basis: str = "",
    group: str = "",
    uncertain: bool | None = None,
    reference: bool = False,
    **kw: Any,
) -> Any:
    """A documented field.

    ``P(0.5, "share", "what it means", "where it comes from", ge=0, le=1, low=0.3, high=0.7,
    grade="C", basis="why the range")``: ``ge``/``le`` are the validity bounds, ``low``/``high``
    the plausible range, ``grade`` the evidence grade of ``source``, ``basis`` the range's
    reason, ``group`` the mechanism it belongs to (docs), ``uncertain`` (scenario rows) whether
    an uncertainty analysis draws it; ``reference`` marks a row the model does not read (a label
    or published data the checks compare with), which gets no slot in the parameter vector.
    """
    extra: dict[str, Any] = {"unit": unit, "source": source, "grade": grade}
    for key, value in (
        ("low", low),
        ("high", high),
        ("basis", basis),
        ("group", group),
        ("uncertain", uncertain),
        ("reference", reference or None),
    ):
        if value is not None and value != "":
            extra[key] = value
    return Field(default, ge=ge, le=le, description=meaning, json_schema_extra=extra, **kw)
