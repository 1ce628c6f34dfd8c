"""Results on disk: atomic writes (temporary file, then rename), so no file is ever half-written;
written files get the permissions the user's umask gives any new file."""

from __future__ import annotations

import json
import math
import os
import secrets
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


#: flags of a new temporary file: created here or not at all, never through a link
_CREATE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
_CREATE |= getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)


def _temporary(path: Path) -> tuple[int, str]:
    """A new hidden file beside ``path``, opened for writing: ``(fd, name)``.

    Created with mode 0o666 less the user's umask, as ``open()`` creates files, so a result
    reads like any other file the user writes (``tempfile.mkstemp`` creates 0o600, and the
    rename kept that: a team member could not read a results folder). The kernel applies the
    umask (and a directory's default ACL), so the process-wide umask is never read or changed.
    """
    for _ in range(100):
        tmp = path.parent / f".{path.name}.{secrets.token_hex(4)}.tmp"
        try:
            return os.open(tmp, _CREATE, 0o666), str(tmp)
        except FileExistsError:
            continue
    raise FileExistsError(f"no free temporary name beside {path}")


def _atomic(path: Path, write: Any, mode: str = "w") -> None:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = _temporary(path)
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
