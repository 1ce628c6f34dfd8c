"""The simulation: random streams, numba kernels, state, the day as a recipe of phases, ledger, outcomes, the Mesa model."""
