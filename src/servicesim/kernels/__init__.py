"""numba kernels, one file per mechanism. They import no Mesa, pandas or matplotlib."""

from .. import _numba_cache  # noqa: F401  (cache folder keyed by the kernels' sources)
