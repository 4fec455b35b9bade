"""What a crawl writes: schema-valid JSON lines, the same record `clean` makes, once per article."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import jsonschema
import pandas as pd
from mockserver import article_html

from cleaners import clean_html
from output.record import make_record


def test_same_article_at_two_urls_is_written_once(server, crawl):
    page = article_html("Twice told", canonical=None)
    a = server.add("/a/story.html", page)
    b = server.add("/mirror/story.html", page)  # same words, no canonical link: fingerprint catches it
    canon = server.url("/c/canonical.html")
    c1 = server.add("/c/one.html", article_html("Canon one", canonical=canon))
    c2 = server.add("/c/two.html", article_html("Canon two", canonical=canon))  # same canonical URL
    server.add_sitemap("/sm.xml", [a, b, c1, c2])

    result = crawl(server.url("/sm.xml"))

    urls = {r["url"] for r in result.records}
    assert len(result.records) == 2
    assert len(urls & {a, b}) == 1 and len(urls & {c1, c2}) == 1
    dropped = next(line for line in result.stderr.splitlines() if "dropped:" in line)
    assert "duplicate-content 1" in dropped and "duplicate-url 1" in dropped


def test_records_validate_and_load_with_pandas(server, crawl, record_schema):
    urls = [server.add(f"/s/{i}.html", article_html(f"Story “{i}” — ünïcode")) for i in range(4)]
    server.add_sitemap("/sm.xml", urls)

    result = crawl(server.url("/sm.xml"))

    assert len(result.lines) == 4
    validator = jsonschema.Draft202012Validator(record_schema, format_checker=jsonschema.FormatChecker())
    for record in result.records:
        validator.validate(record)
        assert record["status"] == 200 and record["fetched_at"].endswith("Z")
        assert record["source"] == f"127.0.0.1_{server.port}"
    frame = pd.read_json(io.StringIO("\n".join(result.lines)), lines=True)
    assert len(frame) == 4 and set(frame["url"]) == set(urls)


def test_crawl_record_is_the_clean_record(server, crawl):
    page = article_html("Same record", junk=["Advertisement", "Also Read: Another headline here"])
    body = page.encode("utf-8")
    url = server.add("/same.html", body)

    result = crawl(url)

    (record,) = result.records
    expected = make_record(
        clean_html(body, url, content_type="text/html; charset=utf-8"),
        url=url,
        source=record["source"],
        fetched_at=record["fetched_at"],
        status=200,
    )
    assert record == expected
    assert "Advertisement" not in record["text"]


def test_default_layout_is_data_source_timestamp(server, run_cleancrawl, fast_settings, tmp_path):
    urls = [server.add(f"/s/{i}.html", article_html(f"Layout {i}")) for i in range(2)]
    server.add_sitemap("/sm.xml", urls)

    proc = run_cleancrawl("cli.crawl", [*fast_settings, server.url("/sm.xml")])

    assert proc.returncode == 0, proc.stderr
    files = list((tmp_path / "data").glob("*/*.jsonl"))
    assert len(files) == 1
    path = files[0]
    assert path.parent.name == f"127.0.0.1_{server.port}"
    assert len(path.stem) == len("20261125T081500Z") and path.stem.endswith("Z")
    assert len(path.read_text().splitlines()) == 2
    assert str(path) in proc.stderr


def test_sources_file_splits_output_per_source(server, run_cleancrawl, fast_settings, tmp_path):
    first = [server.add(f"/one/{i}.html", article_html(f"First {i}")) for i in range(2)]
    second = [server.add(f"/two/{i}.html", article_html(f"Second {i}")) for i in range(3)]
    server.add_sitemap("/one.xml", first)
    server.add_sitemap("/two.xml", second)
    (tmp_path / "sources.toml").write_text(
        f'[sources.one]\nurls = ["{server.url("/one.xml")}"]\n[sources.two]\nurls = ["{server.url("/two.xml")}"]\n'
    )

    proc = run_cleancrawl("cli.crawl", [*fast_settings, "--sources", "sources.toml"])

    assert proc.returncode == 0, proc.stderr
    counts = {p.parent.name: len(p.read_text().splitlines()) for p in (tmp_path / "data").glob("*/*.jsonl")}
    assert counts == {"one": 2, "two": 3}


def test_gzipped_output_through_feeds(server, crawl, tmp_path):
    urls = [server.add(f"/s/{i}.html", article_html(f"Gz {i}")) for i in range(3)]
    server.add_sitemap("/sm.xml", urls)

    result = crawl(server.url("/sm.xml"), output="out.jsonl.gz")

    assert result.returncode == 0, result.stderr
    lines = gzip.decompress((tmp_path / "out.jsonl.gz").read_bytes()).decode().splitlines()
    assert sorted(json.loads(line)["url"] for line in lines) == sorted(urls)


def test_bad_sources_file_is_a_clear_error(run_cleancrawl, tmp_path):
    Path(tmp_path / "bad.toml").write_text('[sources.news]\nurls = ["ftp://x"]\n')
    proc = run_cleancrawl("cli.crawl", ["--sources", "bad.toml"])
    assert proc.returncode == 2
    assert "source 'news', field 'urls'" in proc.stderr and "ftp://x" in proc.stderr


def test_feed_batches_in_the_default_layout(server, run_cleancrawl, fast_settings, tmp_path):
    urls = [server.add(f"/s/{i}.html", article_html(f"Batch {i}")) for i in range(5)]
    server.add_sitemap("/sm.xml", urls)

    proc = run_cleancrawl(
        "cli.crawl", [*fast_settings, "-s", "FEED_EXPORT_BATCH_ITEM_COUNT=2", server.url("/sm.xml")]
    )

    assert proc.returncode == 0, proc.stderr
    files = sorted((tmp_path / "data").glob("*/*.jsonl"))
    assert [len(f.read_text().splitlines()) for f in files] == [2, 2, 1]
    assert files[0].name.endswith("-00001.jsonl")
    assert all(str(f) in proc.stderr for f in files)
