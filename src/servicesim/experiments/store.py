"""Results on disk: atomic writes (temporary file, then rename), so no file is ever half-written."""

from __future__ import annotations

import json
import math
import os
import tempfile
from pathlib import Path
from typing import Any

import pandas as pd


def _clean(obj: Any) -> Any:
    if isinstance(obj, float) and not math.isfinite(obj):
        return None
    if hasattr(obj, "item") and not isinstance(obj, (list, dict, str)):
        return _clean(obj.item())
    if isinstance(obj, dict):
        return {str(k): _clean(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_clean(v) for v in obj]
    return obj


def _atomic(path: Path, write: Any, mode: str = "w") -> None:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, mode) as fh:
            write(fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def atomic_write_text(path: Path, text: str) -> None:
    _atomic(path, lambda fh: fh.write(text))


def atomic_write_json(path: Path, obj: Any) -> None:
    """JSON with NaN and infinity written as null (valid JSON for any reader)."""
    _atomic(path, lambda fh: json.dump(_clean(obj), fh, indent=2, sort_keys=False))


def atomic_write_parquet(path: Path, df: pd.DataFrame) -> None:
    _atomic(path, lambda fh: df.to_parquet(fh, index=False), mode="wb")


def atomic_write_csv(path: Path, df: pd.DataFrame) -> None:
    _atomic(path, lambda fh: df.to_csv(fh, index=False))
