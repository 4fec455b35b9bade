"""WARC archives of crawls (--warc): what the records hold, rotation, what a kill leaves, and that
cleaning a crawl's WARC gives back the records the crawl wrote (the issue's done-when, on the
bundled demo site, with Parquet output read back by pandas and pyarrow)."""

from __future__ import annotations

import gzip
import hashlib
import signal
import subprocess
import sys
import time
from base64 import b32encode
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest
from conftest import FAST, ROOT, read_jsonl, run_command
from mockserver import article_html, listing_html
from warcio.archiveiterator import ArchiveIterator

from crawler.offline.page_inputs import read_warc
from output.parquet import as_mapping
from output.warc import Exchange, WarcArchive


def _exchange(i: int, body: bytes | None = None) -> Exchange:
    page = body if body is not None else article_html(f"Story {i}").encode()
    return Exchange(
        url=f"https://news.example/story-{i}",
        method="GET",
        request_headers=[("Host", "news.example"), ("User-Agent", "test")],
        status=200,
        response_headers=[("Content-Type", "text/html; charset=utf-8"), ("Transfer-Encoding", "chunked")],
        body=page,
        date="2026-03-01T10:00:00Z",
    )


def _records(path: Path) -> list:
    with path.open("rb") as stream:
        out = []
        for record in ArchiveIterator(stream, check_digests="raise"):  # a wrong digest raises
            payload = record.content_stream().read() if record.rec_type == "response" else b""
            out.append((record.rec_type, dict(record.rec_headers.headers), record.http_headers, payload))
        return out


def test_each_exchange_is_a_response_and_its_request_with_digests_and_links(tmp_path):
    archive = WarcArchive(tmp_path)
    exchange = _exchange(1)
    archive.write(exchange)
    archive.close()
    (path,) = archive.files
    (info, info_headers, _, _), response, request = _records(path)
    assert info == "warcinfo" and info_headers["WARC-Filename"] == path.name
    kind, headers, http, payload = response
    assert kind == "response" and headers["WARC-Target-URI"] == "https://news.example/story-1"
    assert headers["WARC-Date"] == "2026-03-01T10:00:00Z"
    digest = "sha1:" + b32encode(hashlib.sha1(exchange.body).digest()).decode()
    assert headers["WARC-Payload-Digest"] == digest and payload == exchange.body
    assert http.get_statuscode() == "200"
    # the body is no longer chunked: a reader must not try to de-chunk it
    assert http.get_header("Transfer-Encoding") is None
    kind, req_headers, req_http, _ = request
    assert kind == "request" and req_headers["WARC-Concurrent-To"] == headers["WARC-Record-ID"]
    assert req_http.protocol == "GET" and req_http.get_header("Host") == "news.example"


def test_files_rotate_by_size_and_each_opens_with_warcinfo(tmp_path):
    archive = WarcArchive(tmp_path, max_bytes=4000)
    for i in range(12):
        archive.write(_exchange(i))
    archive.close()
    assert len(archive.files) > 2
    urls = []
    for path in archive.files:
        records = _records(path)
        assert records[0][0] == "warcinfo"
        assert path.stat().st_size < 4000 + 3000, "at most one exchange past the limit"
        urls += [h["WARC-Target-URI"] for kind, h, _, _ in records if kind == "response"]
    assert urls == [f"https://news.example/story-{i}" for i in range(12)]


_KILLED = """
import sys
from pathlib import Path
sys.path.insert(0, {tests!r})
from test_warc import _exchange
from output.warc import WarcArchive
archive = WarcArchive(Path({folder!r}), max_bytes=50_000)
i = 0
while True:
    archive.write(_exchange(i, body=b"<html><body>" + b"x" * 20_000 * (i % 3) + b"</body></html>"))
    i += 1
    if i == 20:
        print("going", flush=True)
"""


def test_a_killed_writer_leaves_whole_records_and_a_torn_one_is_read_around(tmp_path):
    folder = tmp_path / "warcs"
    code = _KILLED.format(tests=str(ROOT / "tests"), folder=str(folder))
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, env={"PYTHONPATH": str(ROOT)})
    assert proc.stdout.readline() == b"going\n"
    time.sleep(0.2)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    files = sorted(folder.glob("*.warc.gz"))
    assert len(files) > 1
    pages = [page for path in files for page in read_warc(path)]
    assert all(page.error is None for page in pages), [p.error for p in pages if p.error]
    assert len(pages) >= 20
    assert [p.url for p in pages] == [f"https://news.example/story-{i}" for i in range(len(pages))]

    # The machine stopping mid-write can still tear the last record: what is before it is read.
    last = files[-1]
    whole = list(read_warc(last))
    last.write_bytes(last.read_bytes()[:-50])
    torn = list(read_warc(last))
    assert [p.url for p in torn[:-1]] == [p.url for p in whole]  # 50 bytes: into the last request record
    assert torn[-1].error and "truncated" in torn[-1].error


def _crawl_record(row: dict) -> dict:
    row = dict(row)
    row["fetched_at"] = row["fetched_at"].strftime("%Y-%m-%dT%H:%M:%SZ")
    row["removed"] = as_mapping(row["removed"])
    for absent in ("markdown", "removed_blocks"):  # columns of fields only some runs write
        if row[absent] is None:
            del row[absent]
    return row


# Fields of a record cleaned from the WARC that differ from the crawl's record, and why:
DIFFERENT = {
    "file": "cleancrawl clean names its input (the WARC file); a crawl record has none",
    "source": "the crawl's source name is not in the WARC; cleaning saved files has no source",
}


def test_demo_crawl_to_parquet_with_warc_and_the_warc_cleans_back_into_its_records(tmp_path):
    """The done-when of issue 11: `cleancrawl demo -o out.parquet --warc warcs/` works, the Parquet
    loads in pandas and pyarrow, and re-cleaning the WARC reproduces the records."""
    demo = run_command("cli", ["demo", *FAST, "-o", "out.parquet", "--warc", "warcs/"], cwd=tmp_path, timeout=180)
    assert demo.returncode == 0, demo.stderr
    frame = pd.read_parquet(tmp_path / "out.parquet")
    table = pq.read_table(tmp_path / "out.parquet")
    assert len(frame) == table.num_rows == 6
    assert frame["status"].tolist() == [200] * 6
    crawled = {row["url"]: _crawl_record(row) for row in table.to_pylist()}

    # Site repetition (on by default in `clean`) is a pass over many saved pages that a crawl
    # does not make: off, to compare like with like.
    out = tmp_path / "again.jsonl"
    cleaned = run_command("cli", ["clean", "warcs", "--no-site-repetition", "-o", str(out)], cwd=tmp_path)
    assert cleaned.returncode == 0, cleaned.stderr
    again, _ = read_jsonl(out)
    by_url = {record["url"]: record for record in again}
    for url, record in crawled.items():
        assert url in by_url, f"{url} is in the crawl's output but not cleaned from its WARC"
        other = by_url[url]
        for name in record.keys() | other.keys():
            if name in DIFFERENT:
                continue
            assert record.get(name) == other.get(name), (url, name, record.get(name), other.get(name))
        assert record["source"] == "demo" and other["file"].startswith("warcs/")
    # The WARC holds every page fetched, so also the copies the crawl's DedupPipeline did not
    # write (the AMP version of an article): the same words as a record the crawl wrote.
    copies = [r for url, r in by_url.items() if url not in crawled]
    assert copies, "the demo site serves an AMP copy"
    assert {r["fingerprint"] for r in copies} <= {r["fingerprint"] for r in crawled.values()}


def test_a_gzip_response_is_archived_as_received_and_cleaned_from_it(tmp_path, server):
    page = article_html("Gzip Story", words=150).encode()
    server.add("/gz.html", gzip.compress(page), headers={"Content-Encoding": "gzip"})
    server.add("/", listing_html(["/gz.html"]))
    proc = run_command(
        "cli.crawl", [*FAST, server.url("/"), "-o", "out.jsonl", "--warc", "warcs", "--state", "off"], cwd=tmp_path
    )
    assert proc.returncode == 0, proc.stderr
    (warc,) = sorted((tmp_path / "warcs").glob("*.warc.gz"))
    with warc.open("rb") as stream:
        responses = {
            r.rec_headers.get_header("WARC-Target-URI"): (r.http_headers, r.raw_stream.read())
            for r in ArchiveIterator(stream)
            if r.rec_type == "response"
        }
    http, raw = responses[server.url("/gz.html")]
    assert http.get_header("Content-Encoding") == "gzip" and gzip.decompress(raw) == page, "the bytes on the wire"
    assert server.url("/robots.txt") in responses  # every fetched response, not only articles
    records, _ = read_jsonl(tmp_path / "out.jsonl")
    (record,) = records
    cleaned = run_command("cli", ["clean", "warcs", "--no-site-repetition", "-o", "again.jsonl"], cwd=tmp_path)
    (again,), _ = read_jsonl(tmp_path / "again.jsonl")
    assert cleaned.returncode == 0
    assert (again["text"], again["fetched_at"], again["status"]) == (record["text"], record["fetched_at"], 200)


@pytest.mark.parametrize("status", [404, 301])
def test_a_warc_response_that_is_no_success_is_not_cleaned(tmp_path, status):
    exchange = _exchange(1)
    archive = WarcArchive(tmp_path)
    archive.write(replace(exchange, status=status))
    archive.close()
    (page,) = list(read_warc(archive.files[0]))
    assert page.rejected == f"http-{status}" and page.status == status


def test_warc_pages_carry_date_and_status(tmp_path):
    archive = WarcArchive(tmp_path)
    archive.write(_exchange(2))
    archive.close()
    (page,) = list(read_warc(archive.files[0]))
    assert (page.url, page.fetched_at, page.status) == ("https://news.example/story-2", "2026-03-01T10:00:00Z", 200)
