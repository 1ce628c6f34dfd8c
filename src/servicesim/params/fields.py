"""The parameter field helper: every field carries default, unit, bounds, meaning and source."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class Params(BaseModel):
    """Base of all parameter models: unknown keys rejected, assignments validated."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True, frozen=False)

    @classmethod
    def field_docs(cls) -> list[dict[str, Any]]:
        """One dict per field: name, default, unit, bounds, meaning, source (for docs and UIs)."""
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
                    "meaning": f.description or "",
                    "source": extra.get("source", ""),
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
    **kw: Any,
) -> Any:
    """A documented field: ``P(0.5, "share", "what it means", "where it comes from", ge=0, le=1)``."""
    return Field(
        default,
        ge=ge,
        le=le,
        description=meaning,
        json_schema_extra={"unit": unit, "source": source},
        **kw,
    )
