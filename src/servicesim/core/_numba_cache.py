"""Where numba keeps compiled kernels: one folder per version of the kernel sources.

numba's on-disk cache checks only the source file of the function it compiled, not the files
of the jitted functions it calls, so a change in ``kernels/episode.py`` would leave a stale
``kernels/resolution.py`` entry. Keying the cache folder by a hash of every kernel source (and of
the parameter vector's slot names, which kernels freeze as constant indices) avoids
that: any change to any kernel gives a fresh folder, and unchanged code compiles once per
machine. The folder is ``$NUMBA_CACHE_DIR/servicesim-<hash>`` if that variable is set, else
``$XDG_CACHE_HOME/servicesim/numba-<hash>`` (``~/.cache/...``).

This module must be imported before any ``@njit(cache=True)`` function is defined: ``rng``
and ``kernels/__init__`` import it first. It changes only numba's cache location.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import numba

_HERE = Path(__file__).resolve().parent


def source_hash() -> str:
    """A short hash of every file whose compiled code lands in the cache, and of the parameter
    vector's slot names (kernels freeze ``K.name`` as a constant index: a new parameter anywhere
    in ``params/`` moves the indices without touching a kernel's source)."""
    from servicesim.core.vector import NAMES

    h = hashlib.sha1()
    files = [_HERE / "rng.py", *sorted((_HERE / "kernels").glob("*.py"))]
    for f in files:
        h.update(f.name.encode())
        h.update(f.read_bytes())
    h.update(",".join(NAMES).encode())
    h.update(numba.__version__.encode())
    return h.hexdigest()[:12]


def cache_dir() -> Path:
    base = os.environ.get("NUMBA_CACHE_DIR")
    if base:
        return Path(base) / f"servicesim-{source_hash()}"
    xdg = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(xdg) / "servicesim" / f"numba-{source_hash()}"


def configure() -> Path:
    path = cache_dir()
    path.mkdir(parents=True, exist_ok=True)
    numba.config.CACHE_DIR = str(path)
    return path


CACHE_DIR = configure()
