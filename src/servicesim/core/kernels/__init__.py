"""numba kernels, one file per mechanism. They import no Mesa, pandas or matplotlib."""

from servicesim.core import _numba_cache  # noqa: F401  (cache folder keyed by the kernels' sources)
