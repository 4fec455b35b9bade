"""Recovery of a killed crawl (crawler/state/crawl_state.py: recover) in every output format: the pending
records whose data is in the dead run's files become written, the rest are fetched again, and
what the killed writer left unfinished is cut off so that the file reads whole and can be
appended to. (The crawls themselves, killed at random moments: test_crash_consistency.py.)"""

from __future__ import annotations

import gzip
import io
import json
import socket
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq

from crawler.safety import safe_paths
from crawler.state.crawl_state import WRITTEN, Run, SQLiteCrawlState
from output.jsonlines import gzip_members
from output.parquet import RecordTable


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def _record(key: str) -> dict:
    return {"url": f"http://n/{key}", "source": "news", "fingerprint": f"fp-{key}"}


def _line(key: str) -> bytes:
    return json.dumps(_record(key)).encode() + b"\n"


def _killed_run(tmp_path: Path, output: str, keys: str) -> tuple[SQLiteCrawlState, Run]:
    """A crawl that wrote to ``output`` (a file or a batch template) and died with ``keys`` pending."""
    state = SQLiteCrawlState(tmp_path / "state.sqlite3")
    dead = Run("ghost:1", socket.gethostname(), _dead_pid(), (output,), 1.0)
    safe_paths.configure(tmp_path)
    safe_paths.claim(dead.outputs, dead.run_id)  # as the crawl did before its first record
    state.start_run(dead)
    for key in keys:
        state.begin_write("news", f"fp-{key}", f"http://n/{key}", dead.run_id)
    return state, dead


def _written(state: SQLiteCrawlState) -> list[str]:
    return [p.url for p in state.pages("news") if p.status == WRITTEN]


def test_a_torn_gzip_member_is_cut_off_and_the_whole_ones_are_found(tmp_path):
    out = tmp_path / "out.jsonl.gz"
    whole = gzip.compress(_line("x")) + gzip.compress(_line("y"))
    out.write_bytes(whole + gzip.compress(_line("z"))[:15])  # killed while writing z's member
    state, _ = _killed_run(tmp_path, str(out), "xyz")

    report = state.recover()

    assert (report.written, report.forgotten) == (2, 1)
    assert out.read_bytes() == whole  # a standard gzip file again, to be appended to
    assert [json.loads(x)["url"] for x in gzip.decompress(out.read_bytes()).splitlines()] == _written(state)


def test_the_batches_of_a_batched_feed_are_searched_and_repaired(tmp_path):
    """A template had no run token, so recovery refused its batches: records whose lines had landed
    were forgotten, fetched again and written twice."""
    template = str(tmp_path / "out-%(batch_id)05d.jsonl")
    (tmp_path / "out-00001.jsonl").write_bytes(_line("a") + _line("b"))
    (tmp_path / "out-00002.jsonl").write_bytes(_line("c") + _line("d")[:9])
    state, _ = _killed_run(tmp_path, template, "bcd")

    report = state.recover()

    assert (report.written, report.forgotten) == (2, 1)
    assert _written(state) == ["http://n/b", "http://n/c"]
    assert report.repaired_files == [str(tmp_path / "out-00002.jsonl")]
    assert (tmp_path / "out-00002.jsonl").read_bytes() == _line("c")


def test_a_closed_parquet_batch_counts_and_an_unfinished_one_does_not(tmp_path):
    template = str(tmp_path / "out-%(batch_id)05d.parquet")
    tables = RecordTable()
    pq.write_table(tables.table([tables.row(_record(k)) for k in "ab"]), tmp_path / "out-00001.parquet")
    (tmp_path / ".out-00002.parquet.part").write_bytes(b"PAR1 no footer yet")  # the open batch, killed
    state, _ = _killed_run(tmp_path, template, "abc")

    report = state.recover()

    assert (report.written, report.forgotten) == (2, 1)
    assert _written(state) == ["http://n/a", "http://n/b"]
    assert pq.read_table(tmp_path / "out-00001.parquet").num_rows == 2  # never "repaired"


def test_a_batch_of_another_runs_template_is_not_touched(tmp_path):
    template = str(tmp_path / "out-%(batch_id)05d.jsonl")
    (tmp_path / "out-00001.jsonl").write_bytes(_line("a") + b'{"half')
    state, _ = _killed_run(tmp_path, template, "a")
    Path(template + ".run").write_text("someone-else")  # the token is not the dead run's

    report = state.recover()

    assert (report.written, report.forgotten) == (0, 1)
    assert (tmp_path / "out-00001.jsonl").read_bytes().endswith(b'{"half')


def _urls(path: Path) -> list[str]:
    return [json.loads(line)["url"] for line in gzip.decompress(path.read_bytes()).splitlines()]


def test_gzip_output_is_written_as_whole_members_and_counts_only_what_they_hold(tmp_path):
    from crawler.components.feed_exporter import GzipMemberLinesExporter

    path = tmp_path / "out.jsonl.gz"
    with path.open("wb") as file:
        exporter = GzipMemberLinesExporter(file)
        exporter.MEMBER_RECORDS = 2
        exporter.start_exporting()
        for key in "abc":
            exporter.export_item(_record(key))
        assert exporter.durable == 2  # c waits for its member: not written yet
        assert _urls(path) == ["http://n/a", "http://n/b"]
        exporter.finish_exporting()
    assert exporter.durable == 3
    assert _urls(path) == ["http://n/a", "http://n/b", "http://n/c"]
    assert len(list(gzip_members(io.BytesIO(path.read_bytes())))) == 2
