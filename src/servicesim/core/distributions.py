"""Service-time and patience distributions of the standalone queue, parsed from the command line.

``exp:MEAN_S``, ``lognormal:MEAN_S,SD_S``, ``fixed:VALUE_S`` and (patience only) ``inf``; each
draws from a ``numpy.random.Generator`` and knows its mean (for the analytic checks).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from numbers import Real
from typing import Any

import numpy as np

from servicesim.errors import InputError, did_you_mean

_FORMS = (
    "exp:MEAN_S, lognormal:MEAN_S,SD_S or fixed:VALUE_S "
    "(seconds; MEAN_S > 0, SD_S >= 0, VALUE_S >= 0)"
)
SERVICE_FORMS = _FORMS
PATIENCE_FORMS = _FORMS.replace(" or fixed", ", fixed") + " or inf (never abandons)"


def positive(name: str, value: Any, zero_ok: bool = False) -> float:
    ok = isinstance(value, Real) and not isinstance(value, bool) and math.isfinite(value)
    if not ok or value < 0 or (value == 0 and not zero_ok):
        raise InputError(name, value, "a finite number >= 0" if zero_ok else "a finite number > 0")
    return float(value)


@dataclass(frozen=True)
class Exponential:
    """Exponential times with mean ``mean_s`` seconds."""

    mean_s: float

    def __post_init__(self) -> None:
        object.__setattr__(self, "mean_s", positive("Exponential.mean_s", self.mean_s))

    @property
    def mean(self) -> float:
        return self.mean_s

    def sample(self, rng: np.random.Generator, n: int) -> np.ndarray:
        """``n`` draws, seconds: unit exponentials scaled by the mean."""
        return rng.standard_exponential(n) * self.mean_s

    def __str__(self) -> str:
        return f"exp:{self.mean_s:g}"


@dataclass(frozen=True)
class LogNormal:
    """Lognormal times with mean ``mean_s`` and standard deviation ``sd_s``, seconds."""

    mean_s: float
    sd_s: float

    def __post_init__(self) -> None:
        object.__setattr__(self, "mean_s", positive("LogNormal.mean_s", self.mean_s))
        object.__setattr__(self, "sd_s", positive("LogNormal.sd_s", self.sd_s, zero_ok=True))

    @property
    def mean(self) -> float:
        return self.mean_s

    @property
    def log_params(self) -> tuple[float, float]:
        """``(mu, sigma)`` of the underlying normal."""
        sigma2 = math.log1p((self.sd_s / self.mean_s) ** 2)
        return math.log(self.mean_s) - sigma2 / 2.0, math.sqrt(sigma2)

    def sample(self, rng: np.random.Generator, n: int) -> np.ndarray:
        """``n`` draws, seconds: ``exp(mu + sigma Z)`` from standard normals ``Z``."""
        mu, sigma = self.log_params
        return np.exp(mu + sigma * rng.standard_normal(n))

    def __str__(self) -> str:
        return f"lognormal:{self.mean_s:g},{self.sd_s:g}"


@dataclass(frozen=True)
class Fixed:
    """The same time for everyone, ``value_s`` seconds (no random draws)."""

    value_s: float

    def __post_init__(self) -> None:
        object.__setattr__(self, "value_s", positive("Fixed.value_s", self.value_s, zero_ok=True))

    @property
    def mean(self) -> float:
        return self.value_s

    def sample(self, rng: np.random.Generator, n: int) -> np.ndarray:
        return np.full(n, self.value_s, dtype=np.float64)

    def __str__(self) -> str:
        return f"fixed:{self.value_s:g}"


@dataclass(frozen=True)
class Infinite:
    """Infinite patience: the customer never abandons. Not valid as a service time."""

    @property
    def mean(self) -> float:
        return math.inf

    def sample(self, rng: np.random.Generator, n: int) -> np.ndarray:
        return np.full(n, np.inf, dtype=np.float64)

    def __str__(self) -> str:
        return "inf"


Distribution = Exponential | LogNormal | Fixed | Infinite
_KINDS = {"exp": (Exponential, 1), "lognormal": (LogNormal, 2), "fixed": (Fixed, 1)}


def parse_dist(text: str, name: str, allow_infinite: bool = True) -> Distribution:
    """Parse ``exp:120``, ``lognormal:120,80``, ``fixed:120`` or ``inf`` (times in seconds).

    Args:
        text: the string to parse.
        name: the option or field being parsed, used in error messages (e.g. ``--service``).
        allow_infinite: whether ``inf`` is accepted (patience: yes; service: no).

    Raises:
        InputError: naming ``name``, the text and the allowed forms.
    """
    allowed = PATIENCE_FORMS if allow_infinite else SERVICE_FORMS
    raw = text.strip().lower() if isinstance(text, str) else text
    if not isinstance(raw, str):
        raise InputError(name, text, allowed)
    if raw == "inf":
        if not allow_infinite:
            raise InputError(name, text, allowed, "an infinite time is only valid for patience")
        return Infinite()
    kind, sep, args = raw.partition(":")
    if kind not in _KINDS:
        raise InputError(name, text, allowed, did_you_mean(kind, [*_KINDS, "inf"]))
    cls, n_args = _KINDS[kind]
    parts = [p.strip() for p in args.split(",")] if sep else []
    try:
        values = [float(p) for p in parts]
    except ValueError:
        values = []
    if len(values) != n_args or not all(math.isfinite(v) for v in values):
        raise InputError(name, text, allowed, f"{kind} takes {n_args} finite number(s)")
    try:
        return cls(*values)
    except InputError as err:
        field = str(err.name).rsplit(".", 1)[-1].upper()
        hint = f"{field} must be {err.allowed.removeprefix('a finite number ')}"
        raise InputError(name, text, allowed, hint) from None
