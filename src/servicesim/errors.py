"""Errors a user can cause, and how they are reported; warnings about input that runs but may
mislead.

Every error raised for bad input names the input, the value given and what is allowed, so the
CLI can print it in one line and exit with code 2 (no traceback unless ``--debug``), and the
Python API can raise it as it is.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import Any


class InputError(ValueError):
    """Bad user input: names ``name`` (the parameter, option or file), ``value`` and ``allowed``."""

    def __init__(self, name: str, value: Any, allowed: str, hint: str | None = None) -> None:
        self.name = name
        self.value = value
        self.allowed = allowed
        self.hint = hint
        msg = f"{name}: got {value!r}; allowed: {allowed}"
        if hint:
            msg += f" ({hint})"
        super().__init__(msg)


class CombinationError(InputError):
    """Values that are each valid but impossible together (a pulse that ends before it starts)."""

    def __init__(self, message: str) -> None:
        self.name = "configuration"
        self.value = None
        self.allowed = message
        self.hint = None
        ValueError.__init__(self, f"impossible combination: {message}")


class SmallCentreWarning(UserWarning):
    """A run's contact centre has so few frontline staff (under about ten) that one quit moves
    its costs and queues a lot: queueing and morale mean little there. The run is still valid."""


def nearest(word: str, choices: Iterable[str]) -> str | None:
    """The closest valid name to a misspelt ``word``, or None when nothing is close."""
    found = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return found[0] if found else None


def did_you_mean(word: str, choices: Iterable[str]) -> str | None:
    """A 'did you mean X?' hint for a misspelt name, or None."""
    best = nearest(word, choices)
    return f"did you mean {best!r}?" if best else None
