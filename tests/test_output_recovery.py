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


def test_the_tail_of_a_file_gives_the_records_that_start_in_it_and_no_cut_off_one(tmp_path):
    """What a worker reclaiming a dead one of its machine reads (crawler/distributed/worker.py:
    found_written): only the end of its files, the lines it wrote last. A line that starts before the
    tail is not taken for a record (its end alone is not one), nor is a cut-off last line."""
    from crawler.state.crawl_state import written_fingerprints

    path = tmp_path / "out.jsonl"
    lines = [_line(key) for key in "abcd"]
    path.write_bytes(b"".join(lines) + _line("e")[:-5])  # e: cut off by the kill
    whole = len(b"".join(lines))
    everything = {("news", f"fp-{key}") for key in "abcd"}

    assert written_fingerprints([str(path)]) == everything
    assert written_fingerprints([str(path)], tail=10 * whole) == everything
    # the tail starts exactly at d's line: d and nothing before it
    assert written_fingerprints([str(path)], tail=len(lines[3]) + len(_line("e")) - 5) == {("news", "fp-d")}
    # one byte more: the tail starts on c's last byte, its newline; c is not whole in it
    assert written_fingerprints([str(path)], tail=len(lines[3]) + len(_line("e")) - 4) == {("news", "fp-d")}
    # in the middle of c's line
    assert written_fingerprints([str(path)], tail=len(lines[3]) + len(_line("e")) + 3) == {("news", "fp-d")}


def test_a_live_runs_output_is_read_and_not_repaired(tmp_path):
    """run_output(repair=False): the reclaim of a worker that may only be stalled reads its files but
    never cuts them (its writer may still be writing the last line)."""
    from crawler.state.crawl_state import run_output

    output = tmp_path / "data" / "out.jsonl"
    output.parent.mkdir()
    live = Run("live:1", socket.gethostname(), 1, (str(output),), 1.0)
    safe_paths.configure(tmp_path / "data")
    safe_paths.claim(live.outputs, live.run_id)
    output.write_bytes(_line("a") + _line("b")[:-3])

    assert run_output(live, repair=False) == ([], {("news", "fp-a")})
    assert output.read_bytes().endswith(_line("b")[:-3])  # untouched
    assert run_output(live) == ([str(output)], {("news", "fp-a")})
    assert output.read_bytes() == _line("a")


def test_a_claim_names_its_run_and_other_claims_none():
    from crawler.state.crawl_state import DEDUP_FINGERPRINT_CLAIM, claim_run, state_claim

    assert claim_run(state_claim("cc:state:news:pending", "fp-a", "host:12:1.5")) == "host:12:1.5"
    assert claim_run(DEDUP_FINGERPRINT_CLAIM + b"fp-a") is None
    assert claim_run(b"http://n/a") is None
    assert claim_run(b"st:broken") is None
