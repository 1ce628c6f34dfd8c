"""Figure kinds and file formats, by name only: the CLI lists them without importing matplotlib.

(``servicesim plot`` is one of many commands; importing the plotting stack for its help text
made every command, and every sweep worker that re-imports the CLI, a second or two slower.)
"""

KINDS = ("timeseries", "ledger", "cohorts", "frontier", "heatmap", "difference", "sensitivity")
FORMATS = ("png", "svg", "pdf")
