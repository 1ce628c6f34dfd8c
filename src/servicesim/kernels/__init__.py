"""numba kernels, one file per mechanism. They import no Mesa, pandas or matplotlib."""
