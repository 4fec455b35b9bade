"""Parquet output: the Arrow schema read off record.schema.json, shards by size, `cleancrawl export`,
`-o out.parquet` on a crawl, and what a kill leaves behind. The files are read back with pyarrow,
pandas and Hugging Face datasets, as their users would."""

from __future__ import annotations

import contextlib
import copy
import hashlib
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

# Hugging Face datasets reads these when imported: local files only, never the Hub (no network in tests)
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("HF_DATASETS_OFFLINE", "1")
import datasets
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from conftest import _CHILD, _VALIDATOR, FAST, ROOT, SCHEMA_PATH
from newssite import NewsSite

from output.parquet import (
    ParquetShards,
    SchemaError,
    arrow_schema,
    as_mapping,
    convert_jsonl,
    parse_size,
    record_schema,
    shard_paths,
)
from output.record import SCHEMA_VERSION


def _word(i: int, j: int) -> str:
    return hashlib.md5(f"{i}-{j}".encode()).hexdigest()[:8]


def _record(i: int, **changes) -> dict:
    record = {
        "schema_version": SCHEMA_VERSION,
        "url": f"https://news.example/story-{i}",
        "canonical_url": f"https://news.example/story-{i}",
        "file": None,
        "source": "news",
        "fetched_at": "2026-03-01T10:00:00Z",
        "status": 200,
        "title": f"Story {i}",
        "authors": ["Ana Lima", "Jo Park"],
        "published": "2026-02-28" if i % 2 else "2026-02-28T09:30:00+01:00",
        "modified": None,
        "language": "en",
        "site_name": "News",
        "description": None,
        "tags": [],
        "categories": ["city"],
        "images": [{"src": f"https://news.example/{i}.jpg", "alt": None, "caption": "A river", "credit": "AP"}],
        # words that do not compress to nothing, so that sizes on disk mean something
        "text": f"Paragraph one of story {i}.\n" + " ".join(_word(i, j) for j in range(300)),
        "word_count": 600,
        "fingerprint": f"{i:032x}",
        "near_duplicate_of": None,
        "removed": {"ads.marker": 2, "dom.share-bars": 1},
    }
    record.update(changes)
    return record


def _as_json_record(row: dict) -> dict:
    """A row read back by pyarrow in the JSON record's shape: what a user converts it to."""
    row = dict(row)
    row["fetched_at"] = row["fetched_at"].strftime("%Y-%m-%dT%H:%M:%SZ")
    row["removed"] = as_mapping(row["removed"])
    for optional in ("markdown", "removed_blocks"):  # columns of fields only some runs write
        if row[optional] is None:
            del row[optional]
    return row


def test_arrow_types_come_from_the_json_schema(record_schema):
    schema = arrow_schema(record_schema)
    assert schema.names == list(record_schema["properties"])
    assert schema.field("fetched_at").type == pa.timestamp("us", tz="UTC")  # format: date-time
    assert schema.field("published").type == pa.string()  # a bare date or a date-time with the page's zone
    assert schema.field("status").type == pa.int64()
    assert schema.field("schema_version").type == pa.int64()  # a const
    assert schema.field("authors").type == pa.list_(pa.string())
    assert schema.field("images").type.value_type.names == ["src", "alt", "caption", "credit"]
    assert all(field.nullable for field in schema)
    assert schema.metadata[b"cleancrawl.schema_id"].decode() == record_schema["$id"]
    assert schema.field("fetched_at").metadata[b"description"].decode().startswith("UTC time of the fetch")


def test_a_field_added_to_the_json_schema_becomes_a_column_without_code(record_schema, tmp_path):
    """Another schema version adds fields (near_duplicate_of, a nested object): they flow through."""
    changed = copy.deepcopy(record_schema)
    changed["properties"]["near_duplicate_of"] = {"type": ["string", "null"]}
    changed["properties"]["scores"] = {
        "type": "object",
        "properties": {"jaccard": {"type": "number"}, "pairs": {"type": "array", "items": {"type": "integer"}}},
    }
    schema = arrow_schema(changed)
    assert schema.field("near_duplicate_of").type == pa.string()
    assert schema.field("scores").type == pa.struct([("jaccard", pa.float64()), ("pairs", pa.list_(pa.int64()))])

    changed["properties"]["odd"] = {"type": ["string", "integer"]}
    with pytest.raises(SchemaError, match="odd"):
        arrow_schema(changed)


def test_shards_load_in_pyarrow_pandas_and_datasets_as_the_records_were(tmp_path):
    records = [_record(i) for i in range(60)]
    closed = []
    shards = ParquetShards(
        shard_paths(tmp_path / "out"), row_group_bytes=20_000, max_file_bytes=40_000,
        on_file_closed=lambda path, n: closed.append((path.name, n)),
    )  # fmt: skip
    for record in records:
        shards.write(record)
    shards.close()

    files = sorted((tmp_path / "out").glob("*.parquet"))
    assert len(files) > 1, "40 kB shards of ~200 kB of records: rotated by size"
    assert [name for name, _ in closed] == [f.name for f in files]
    assert sum(n for _, n in closed) == 60
    assert not list((tmp_path / "out").glob(".*.part"))
    first = pq.ParquetFile(files[0])
    assert first.metadata.num_row_groups > 1, "20 kB row groups"
    assert first.metadata.row_group(0).column(0).compression == "ZSTD"

    table = pq.read_table(tmp_path / "out")
    assert table.schema.remove_metadata() == record_schema().remove_metadata()
    frame = pd.read_parquet(tmp_path / "out")
    assert str(frame["fetched_at"].dtype) == "datetime64[us, UTC]"
    assert frame["title"].tolist() == [r["title"] for r in records]
    assert frame["authors"].map(list).tolist() == [r["authors"] for r in records]
    assert frame["published"].tolist() == [r["published"] for r in records]
    assert frame["modified"].isna().all() and frame["status"].dtype == "int64"
    assert [_as_json_record(row) for row in table.to_pylist()] == records

    dataset = datasets.load_dataset(
        "parquet", data_files=[str(f) for f in files], split="train", cache_dir=str(tmp_path / "hf")
    )
    assert dataset.num_rows == 60
    assert dataset[3]["title"] == "Story 3" and dataset[3]["authors"] == ["Ana Lima", "Jo Park"]
    assert as_mapping(dataset[3]["removed"]) == {"ads.marker": 2, "dom.share-bars": 1}


def test_a_bad_record_fails_alone_and_names_itself(tmp_path):
    shards = ParquetShards(shard_paths(tmp_path), row_group_bytes=10**9, max_file_bytes=0)
    shards.write(_record(1))
    with pytest.raises(SchemaError, match="status is str"):
        shards.write(_record(2, status="200"))
    with pytest.raises(SchemaError, match="surprise"):
        shards.write(_record(3, surprise=1))
    shards.write(_record(4))
    shards.close()
    assert pq.read_table(tmp_path).column("title").to_pylist() == ["Story 1", "Story 4"]


_KILLED_WRITER = """
import sys, time
sys.path.insert(0, {tests!r})
from pathlib import Path
from test_parquet import _record
from output.parquet import ParquetShards, shard_paths
shards = ParquetShards(shard_paths(Path({folder!r})), row_group_bytes=5_000, max_file_bytes=30_000,
                       on_file_closed=lambda path, n: print(path.name, n, flush=True))
i = 0
while True:
    shards.write(_record(i)); i += 1
    time.sleep(0.001)
"""


def test_a_killed_writer_leaves_whole_files_and_says_which_records_are_in_them(tmp_path):
    folder = tmp_path / "out"
    code = _KILLED_WRITER.format(tests=str(ROOT / "tests"), folder=str(folder))
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, env={"PYTHONPATH": str(ROOT)})
    closed = [proc.stdout.readline() for _ in range(3)]  # three files finished, a fourth being written
    deadline = time.monotonic() + 30
    while not list(folder.glob(".*.part")) and time.monotonic() < deadline:
        time.sleep(0.001)
    proc.kill()
    closed += proc.stdout.readlines()
    proc.wait()
    reported = dict(line.decode().split() for line in closed)

    files = sorted(folder.glob("*.parquet"))
    assert [f.name for f in files] == sorted(reported)
    assert list(folder.glob(".*.part")), "the file being written when killed stays a .part"
    frame = pd.read_parquet(folder)  # the folder still loads: the torn file is not a .parquet
    assert len(frame) == sum(int(n) for n in reported.values())
    assert frame["title"].tolist() == [f"Story {i}" for i in range(len(frame))]


def test_parse_size():
    assert parse_size("256MB") == 256 * 1024**2
    assert parse_size("1.5GiB") == int(1.5 * 1024**3)
    assert parse_size("64k") == 64 * 1024
    assert parse_size("1000") == 1000
    for bad in ("lots", "0", "-1MB"):
        with pytest.raises(ValueError):
            parse_size(bad)


def test_export_converts_run_files_into_shards_and_names_lines_it_skipped(tmp_path, run_cleancrawl):
    first = tmp_path / "a.jsonl"
    second = tmp_path / "b.jsonl"
    first.write_text("".join(json.dumps(_record(i)) + "\n" for i in range(20)))
    # a crawl killed mid-line leaves a cut-off last line
    second.write_text("".join(json.dumps(_record(i)) + "\n" for i in range(20, 40)) + '{"url": "cut')
    command = ["export", "a.jsonl", "b.jsonl", "--format", "parquet", "-o", "ds", "--shard-size", "16k"]
    proc = run_cleancrawl("cli", command)
    assert proc.returncode == 1, proc.stderr
    assert "b.jsonl:21" in proc.stderr and "40 record(s)" in proc.stderr
    files = sorted((tmp_path / "ds").glob("part-*.parquet"))
    assert len(files) > 1
    assert pd.read_parquet(tmp_path / "ds")["url"].tolist() == [_record(i)["url"] for i in range(40)]

    again = run_cleancrawl("cli", ["export", "a.jsonl", "-o", "ds"])
    assert again.returncode == 2 and "already holds" in again.stderr
    bad = run_cleancrawl("cli", ["export", "a.jsonl", "-o", "other", "--shard-size", "huge"])
    assert bad.returncode == 2 and "huge" in bad.stderr


# --- crawls -------------------------------------------------------------------------------------------


def _crawl(cwd: Path, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    proc = subprocess.run(
        [sys.executable, "-c", _CHILD.format(module="cli"), "crawl", *FAST, *args],
        cwd=cwd, capture_output=True, text=True, timeout=timeout,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "HOME": str(cwd)},
    )  # fmt: skip
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc


def test_crawl_to_parquet_writes_valid_records_in_files_split_by_count_or_size(tmp_path):
    with NewsSite(12) as site:
        sitemap = site.base + "/sitemap.xml"
        table = _crawl(tmp_path, sitemap, "-o", "out.parquet", "--state", "off")
        batches = _crawl(
            tmp_path, sitemap, "-o", "batch-%(batch_id)03d.parquet", "--state", "off",
            "-s", "FEED_EXPORT_BATCH_ITEM_COUNT=5", "-s", "CLEANCRAWL_PARQUET_ROW_GROUP_SIZE=2kB",
        )  # fmt: skip
        by_size = _crawl(
            tmp_path, sitemap, "-o", "sized-%(batch_id)03d.parquet", "--state", "off",
            "-s", "CLEANCRAWL_PARQUET_FILE_SIZE=3kB", "-s", "CLEANCRAWL_PARQUET_ROW_GROUP_SIZE=1kB",
        )  # fmt: skip
    assert table.returncode == batches.returncode == by_size.returncode == 0, table.stderr + by_size.stderr
    frame = pd.read_parquet(tmp_path / "out.parquet")
    assert len(frame) == 12 and frame["status"].tolist() == [200] * 12
    rows = {row["url"]: row for row in pq.read_table(tmp_path / "out.parquet").to_pylist()}
    assert set(rows) == {site.base + p for p in site.article_paths()}
    for row in rows.values():  # read back into the JSON record's shape: a valid record
        _VALIDATOR.validate(_as_json_record(row))
    assert not list(tmp_path.glob(".*.part"))
    files = sorted(tmp_path.glob("batch-*.parquet"))
    assert [pq.ParquetFile(f).metadata.num_rows for f in files] == [5, 5, 2], "FEED_EXPORT_BATCH_ITEM_COUNT"
    assert pq.ParquetFile(files[0]).metadata.num_row_groups > 1, "2 kB row groups"
    assert sorted(pq.read_table(files).column("url").to_pylist()) == sorted(rows)
    sized = sorted(tmp_path.glob("sized-*.parquet"))
    assert len(sized) >= 3, "CLEANCRAWL_PARQUET_FILE_SIZE: ~1.5 kB records, 3 kB of row groups a file"
    assert sorted(pq.read_table(sized).column("url").to_pylist()) == sorted(rows)


def _written_pages(cwd: Path) -> set[str]:
    db = cwd / "data" / "state.sqlite3"
    with contextlib.closing(sqlite3.connect(db)) as conn:
        return {url for (url,) in conn.execute("SELECT url FROM pages WHERE status = 'written'")}


def test_a_crawl_killed_mid_parquet_marks_nothing_written_that_is_not_in_a_whole_file(tmp_path):
    """Rows flushed to the .part file are not written: the file has no footer, nobody can read
    them. After SIGKILL the state must not call them written; the next crawl writes them."""
    with NewsSite(40, delay=0.05) as site:
        args = [site.base + "/sitemap.xml", "-o", "out.parquet", "-s", "CLEANCRAWL_PARQUET_ROW_GROUP_SIZE=1",
                "-s", "CONCURRENT_REQUESTS=2"]  # fmt: skip
        command = [sys.executable, "-c", _CHILD.format(module="cli"), "crawl", *FAST, *args]
        env = {"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
        with (tmp_path / "killed.log").open("wb") as log:
            proc = subprocess.Popen(command, cwd=tmp_path, env=env, stdout=log, stderr=log, start_new_session=True)
        part = tmp_path / ".out.parquet.part"
        try:
            deadline = time.monotonic() + 60
            # row groups of one record: the .part file grows with every record, yet holds none readable
            while not (part.exists() and part.stat().st_size > 20_000):
                assert proc.poll() is None and time.monotonic() < deadline, (tmp_path / "killed.log").read_text()
                time.sleep(0.01)
            proc.send_signal(signal.SIGKILL)
            proc.wait(timeout=30)
        finally:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
        assert not (tmp_path / "out.parquet").exists()
        with pytest.raises(pa.ArrowInvalid):
            pq.read_table(part)
        assert _written_pages(tmp_path) == set(), "rows that never reached a readable file were marked written"

        again = _crawl(tmp_path, *args)
        assert again.returncode == 0, again.stderr
    urls = pd.read_parquet(tmp_path / "out.parquet")["url"].tolist()
    assert sorted(urls) == sorted(site.base + p for p in site.article_paths())
    assert _written_pages(tmp_path) == set(urls)


def test_schema_file_is_the_one_the_exporter_reads():
    assert json.loads(SCHEMA_PATH.read_text())["$id"] == record_schema().metadata[b"cleancrawl.schema_id"].decode()


def test_convert_jsonl_reads_gzip(tmp_path):
    import gzip

    with gzip.open(tmp_path / "run.jsonl.gz", "wt") as stream:
        stream.writelines(json.dumps(_record(i)) + "\n" for i in range(3))
    done = convert_jsonl([tmp_path / "run.jsonl.gz"], tmp_path / "out")
    assert done.records == 3 and not done.bad_lines
    assert pq.read_table(done.files).num_rows == 3


def test_resuming_a_crawl_keeps_its_parquet_file_whole_and_writes_the_rest_beside_it(tmp_path):
    """--resume appends to its outputs (overwrite off), after cutting a killed writer's partial
    last line off them: neither may touch a finished Parquet file (it holds the stopped crawl's
    records, marked written), so the resumed crawl's records go to a file beside it."""
    from scrapy.settings import Settings

    from crawler.components.parquet_feed import ParquetFileStorage, ParquetItemExporter
    from crawler.crawl_runner import resume_job

    first = tmp_path / "out.parquet"
    shards = ParquetShards(lambda n: first, max_file_bytes=0)
    shards.write(_record(1))
    shards.close()
    before = first.read_bytes()
    assert b"\n" in before, "a newline byte, after which a JSON-lines repair would cut the file"

    settings = Settings({"FEEDS": {first.as_uri(): {"format": "parquet", "overwrite": True}}})
    resume_job(settings, [], str(tmp_path / "job"))
    assert first.read_bytes() == before
    (options,) = settings.getdict("FEEDS").values()

    storage = ParquetFileStorage(first.as_uri(), feed_options=options)  # as Scrapy's feed slot runs them
    file = storage.open(None)
    exporter = ParquetItemExporter(file)
    exporter.start_exporting()
    exporter.export_item(_record(2))
    exporter.finish_exporting()
    storage.store(file)
    assert first.read_bytes() == before
    assert sorted(pd.read_parquet(tmp_path)["title"]) == ["Story 1", "Story 2"]


def test_a_parquet_output_that_fills_up_mid_run_marks_nothing_written(tmp_path, redis_url):
    """A file-size limit (RLIMIT_FSIZE: writes past it fail with EFBIG) stops the Parquet file part
    way, row groups flushed but no footer: none of its records may be marked written, so the next
    crawl writes every article. (The state is in Redis: the output is the only file that grows.)"""
    import resource

    def limit() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (12_000, 12_000))

    state = ["--state", redis_url]
    with NewsSite(12) as site:
        args = [*FAST, "-s", "CONCURRENT_REQUESTS=1", "-s", "CLEANCRAWL_PARQUET_ROW_GROUP_SIZE=1",
                site.base + "/sitemap.xml", "-o", "out.parquet", *state]  # fmt: skip
        full = subprocess.run(
            [sys.executable, "-c", _CHILD.format(module="cli"), "crawl", *args],
            cwd=tmp_path, capture_output=True, text=True, timeout=120, preexec_fn=limit,
            # no .pyc written under the size limit: a cut-off one breaks every later import of its module
            env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path),
                 "PYTHONDONTWRITEBYTECODE": "1"},
        )  # fmt: skip
        assert full.returncode == 1, full.stderr
        assert "Traceback" not in full.stderr, full.stderr
        assert "could not write to" in full.stderr and "out.parquet" in full.stderr, full.stderr
        assert not (tmp_path / "out.parquet").exists(), "a file without its footer is never renamed into place"

        again = _crawl(tmp_path, site.base + "/sitemap.xml", "-o", "again.parquet", *state)
        assert again.returncode == 0, again.stderr
    urls = sorted(pd.read_parquet(tmp_path / "again.parquet")["url"])
    assert urls == sorted(site.url(f"story-{i:03d}") for i in range(12))
