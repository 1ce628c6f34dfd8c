"""Many runs: one run, specs, sweeps, comparisons, sensitivity, discovery, validation, and results on disk."""
