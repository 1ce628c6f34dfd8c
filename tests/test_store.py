"""Results on disk: written atomically, with the permissions the user's umask gives new files."""

from __future__ import annotations

import os
import stat

import pandas as pd
import pytest

from servicesim.experiments import store


@pytest.mark.parametrize("umask, mode", [(0o022, 0o644), (0o002, 0o664), (0o077, 0o600)])
def test_written_files_follow_the_umask(tmp_path, umask, mode):
    """A teammate can read a results folder when the umask lets them (mkstemp made 0o600)."""
    frame = pd.DataFrame({"a": [1, 2]})
    old = os.umask(umask)
    try:
        store.atomic_write_text(tmp_path / "t.txt", "x")
        store.atomic_write_json(tmp_path / "j.json", {"a": 1})
        store.atomic_write_csv(tmp_path / "c.csv", frame)
        store.atomic_write_parquet(tmp_path / "p.parquet", frame)
    finally:
        os.umask(old)
    for name in ("t.txt", "j.json", "c.csv", "p.parquet"):
        assert stat.S_IMODE((tmp_path / name).stat().st_mode) == mode, name
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.csv", "j.json", "p.parquet", "t.txt"]


def test_a_failed_write_keeps_the_old_file_and_leaves_nothing_behind(tmp_path):
    target = tmp_path / "s.json"
    store.atomic_write_json(target, {"a": 1})
    with pytest.raises(TypeError):
        store.atomic_write_json(target, {"a": object()})
    assert target.read_text() == '{\n  "a": 1\n}'
    assert [p.name for p in tmp_path.iterdir()] == ["s.json"]
