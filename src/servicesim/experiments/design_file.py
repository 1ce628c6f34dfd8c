"""Design points from a file (a spec's ``design = "file"``): a CSV or Parquet table, one row per
design point, one column per swept parameter.

A column is named by its key, ``scenario.rule_coverage``, or as EMA Workbench names it,
``scenario__rule_coverage`` (``servicesim.ema``), so an EMA design saved with
``experiments.to_csv(...)`` runs as it is: EMA's own columns (``scenario``, ``policy``,
``model``, all three) are left out. Every cell is checked against its parameter's type here; the values
are checked against their bounds with the runs, before the first one starts.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from servicesim.errors import InputError
from servicesim.experiments.keys import field_of, typed_value
from servicesim.params.config import canonical_key

SUFFIXES = (".csv", ".parquet", ".pq")
#: EMA Workbench's own columns in an ``experiments`` table (not parameters)
EMA_COLUMNS = ("scenario", "policy", "model")


def key_of_column(column: str) -> str:
    """``scenario__rule_coverage`` -> ``scenario.rule_coverage`` (a dotted key stays as it is)."""
    if "." not in column and "__" in column:
        section, _, name = column.partition("__")
        return f"{section}.{name}"
    return column


def read_points(path: str | Path, where: str = "points") -> list[dict[str, Any]]:
    """The design points of a CSV or Parquet file, each ``{key: value}`` in the file's order."""
    import pandas as pd

    file = Path(path)
    allowed = "a .csv or .parquet file with one column per swept parameter (SECTION.KEY)"
    if file.suffix.lower() not in SUFFIXES:
        raise InputError(where, str(path), allowed)
    if not file.is_file():
        raise InputError(where, str(path), allowed, "no such file")
    try:
        if file.suffix.lower() == ".csv":
            table = pd.read_csv(file)
        else:
            table = pd.read_parquet(file)
    except Exception as err:  # a malformed file: pandas and pyarrow raise many kinds
        raise InputError(where, str(path), allowed, f"unreadable: {err}") from None
    ema = [c for c in EMA_COLUMNS if c in table.columns]
    if len(ema) == len(EMA_COLUMNS):  # EMA's experiments table: its levers have columns too
        table = table.drop(columns=ema)
    elif ema:
        raise InputError(f"{where}: column {ema[0]}", ema[0], "parameter columns SECTION.KEY only")
    if table.empty or not len(table.columns):
        raise InputError(where, str(path), "at least one row and one column", "the file is empty")
    keys = [canonical_key(key_of_column(str(c)), f"{where}: ") for c in table.columns]
    if len(set(keys)) != len(keys):
        twice = next(k for k in keys if keys.count(k) > 1)
        raise InputError(f"{where}: column {twice}", twice, "each parameter in one column")
    for key in keys:
        field_of(key, f"{where}: column ")
    return [
        {
            key: typed_value(key, row[column], f"{where}: row {i + 1}, column {column}")
            for column, key in zip(table.columns, keys, strict=True)
        }
        for i, row in enumerate(table.to_dict(orient="records"))
    ]
