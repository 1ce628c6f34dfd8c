"""Where numba keeps compiled kernels: one folder per version of the kernel sources.

numba's on-disk cache checks only the source file of the function it compiled, not the files
of the jitted functions it calls, so a change in ``kernels/episode.py`` would leave a stale
``kernels/resolution.py`` entry. Keying the cache folder by a hash of every kernel source (and of
the parameter vector's slot names, which kernels freeze as constant indices) avoids
that: any change to any kernel gives a fresh folder, and unchanged code compiles once per
machine. The folder is ``$NUMBA_CACHE_DIR/servicesim-<hash>`` if that variable is set, else
``$XDG_CACHE_HOME/servicesim/numba-<hash>`` (``~/.cache/...``).

This module must be imported before any ``@njit(cache=True)`` function is defined: ``rng``
and ``kernels/__init__`` import it first. It sets numba's cache location, and its threading
layer (``threading_layer``).

**Threading layer.** The parallel daily pass runs on numba's threading layer. GNU OpenMP (numba's
default where it exists) aborts a process forked after it ran ("fork() called from a process
already using GNU OpenMP"), so a researcher who runs a simulation and then forks workers (EMA
Workbench's multiprocessing evaluator, ``multiprocessing`` with ``fork``) hangs or loses them;
numba's ``workqueue`` survives a fork but aborts when two threads run kernels at once (the
dashboard does). Intel TBB does both, so servicesim uses it when its library is installed
(the ``tbb`` wheel, a dependency on Linux), unless ``NUMBA_THREADING_LAYER`` says otherwise.
"""

from __future__ import annotations

import ctypes
import hashlib
import os
import sys
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


def threading_layer() -> str:
    """Choose numba's threading layer: ``tbb`` when its library loads (fork-safe and
    thread-safe), else numba's own choice; ``NUMBA_THREADING_LAYER`` wins. Returns the choice.

    The ``tbb`` wheel puts ``libtbb.so.12`` in ``<prefix>/lib``, which the loader does not
    search: it is loaded here, globally, before numba looks for it."""
    chosen = os.environ.get("NUMBA_THREADING_LAYER")
    if chosen:
        return chosen
    for name in ("libtbb.so.12", "libtbb.12.dylib", "tbb12.dll"):
        lib = Path(sys.prefix) / ("Library/bin" if name.endswith(".dll") else "lib") / name
        if lib.is_file():
            try:
                ctypes.CDLL(str(lib), mode=getattr(ctypes, "RTLD_GLOBAL", 0))
            except OSError:
                break
            numba.config.THREADING_LAYER = "tbb"
            return "tbb"
    return str(numba.config.THREADING_LAYER)


CACHE_DIR = configure()
THREADING_LAYER = threading_layer()
