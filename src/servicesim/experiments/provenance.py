"""Provenance for result folders: version, git commit, dependency versions, time."""

from __future__ import annotations

import datetime as _dt
import platform
import subprocess
from importlib import metadata
from pathlib import Path
from typing import Any

from servicesim._version import __version__

_PACKAGES = ("numpy", "numba", "mesa", "pandas", "pyarrow", "scipy", "pydantic")


def git_commit() -> str | None:
    """The commit of the source tree servicesim runs from, if it is a git checkout."""
    here = Path(__file__).resolve().parent
    try:
        out = subprocess.run(
            ["git", "rev-parse", "HEAD"],
            cwd=here,
            capture_output=True,
            text=True,
            timeout=5,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip() or None if out.returncode == 0 else None


def versions() -> dict[str, str]:
    out = {"servicesim": __version__, "python": platform.python_version()}
    for name in _PACKAGES:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            pass
    return out


def manifest(kind: str, **fields: Any) -> dict[str, Any]:
    """A manifest dict: kind, version, git commit, versions, creation time, plus ``fields``."""
    return {
        "kind": kind,
        "version": __version__,
        "git_commit": git_commit(),
        "versions": versions(),
        "created": _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds"),
        "host": platform.node(),
        **fields,
    }
