"""Results into figures, reports and formatted numbers; reads results, never a live engine."""
