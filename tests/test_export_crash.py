"""``cleancrawl export`` killed mid-write (SIGKILL, as the OOM killer or a lost machine would):
every ``.parquet`` left in the folder reads completely, and the same command run again completes
with every record once. (Shards are staged under hidden names, fsynced, and only named once the
whole export is done; a hidden marker tells the re-run that the folder holds an interrupted export.)"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest
from conftest import _CHILD, ROOT
from test_parquet import _record

from output import parquet
from output.parquet import clear_interrupted_export, convert_jsonl, export_marker

RECORDS = 1500


def _start_export(cwd: Path, *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", _CHILD.format(module="cli"), "export", *args],
        cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "HOME": str(cwd)},
    )  # fmt: skip


def _mid_write(folder: Path) -> bool:
    """A temporary file is being written and at least two shards were finished before it."""
    if not folder.exists():
        return False
    names = [p.name for p in folder.rglob("*") if p.is_file()]
    finished = sum(".parquet" in n and not n.endswith(".part") for n in names)
    return any(n.endswith(".part") for n in names) and finished >= 2


@pytest.mark.parametrize("fmt", ["parquet", "hub"])
def test_an_export_killed_mid_write_leaves_only_whole_files_and_a_rerun_completes(tmp_path, fmt):
    with (tmp_path / "run.jsonl").open("w", encoding="utf-8") as out:
        for i in range(RECORDS):
            out.write(json.dumps(_record(i)) + "\n")
    folder = tmp_path / "ds"
    command = ["run.jsonl", "--format", fmt, "-o", "ds", "--shard-size", "64k", "--row-group-size", "16k"]
    proc = _start_export(tmp_path, *command)
    try:
        deadline = time.monotonic() + 120
        while not _mid_write(folder) and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.005)
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.communicate(timeout=60)
    assert proc.returncode == -signal.SIGKILL, "the export ended before it could be killed mid-write"

    for shard in folder.rglob("*.parquet"):  # what a reader of the folder sees
        table = pq.read_table(shard)
        assert table.num_rows == pq.ParquetFile(shard).metadata.num_rows

    again = _start_export(tmp_path, *command)
    _, stderr = again.communicate(timeout=120)
    assert again.returncode == 0, stderr
    assert "interrupted" in stderr, stderr  # it says what it cleared
    data = folder / "data" if fmt == "hub" else folder
    urls = pd.read_parquet(data)["url"].tolist()
    assert urls == [_record(i)["url"] for i in range(RECORDS)]
    leftovers = [p.name for p in folder.rglob(".*")]
    assert leftovers == [], leftovers


def _records_file(path: Path, n: int) -> Path:
    path.write_text("".join(json.dumps(_record(i)) + "\n" for i in range(n)), encoding="utf-8")
    return path


def test_an_export_that_fails_midway_names_no_shard_and_leaves_its_marker(tmp_path, monkeypatch):
    source = _records_file(tmp_path / "run.jsonl", 200)
    folder = tmp_path / "ds"
    real_write = parquet.ParquetShards.write

    def write_then_die(self, record):  # the process dying after a few shards, as a kill would
        if len(self.closed_files) >= 3:
            raise KeyboardInterrupt
        real_write(self, record)

    monkeypatch.setattr(parquet.ParquetShards, "write", write_then_die)
    with pytest.raises(KeyboardInterrupt):
        convert_jsonl([source], folder, shard_bytes=16 * 1024, row_group_bytes=4 * 1024)
    assert list(folder.glob("*.parquet")) == []  # finished shards wait under hidden names
    assert len(list(folder.glob(".part-*.parquet.staged"))) == 3
    assert export_marker(folder).exists()

    removed = clear_interrupted_export(folder)
    assert removed is not None and len(removed) == 3
    assert list(folder.iterdir()) == []


def test_a_finished_export_is_never_cleared(tmp_path):
    source = _records_file(tmp_path / "run.jsonl", 50)
    folder = tmp_path / "ds"
    done = convert_jsonl([source], folder, shard_bytes=16 * 1024, row_group_bytes=4 * 1024)
    assert len(done.files) > 1 and sorted(folder.iterdir()) == done.files  # named, no marker, nothing hidden
    assert clear_interrupted_export(folder) is None
    assert sorted(folder.iterdir()) == done.files
    assert sum(pq.ParquetFile(f).metadata.num_rows for f in done.files) == 50
