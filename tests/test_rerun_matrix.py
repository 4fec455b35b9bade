"""Re-runs against servers that support some, all or none of what tells a crawler a page is
unchanged (ETag, Last-Modified, sitemap lastmod): over five runs, with one article changed and one
added between runs, each run writes exactly the new and the changed article, whatever the server
supports. Without any of them every page is fetched in full and only the words tell."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from newssite import NewsSite

ARTICLES = 20
RUNS = 5

# (start, ETag, Last-Modified, sitemap lastmod): none, each alone; all of them is NewsSite's default,
# run in test_incremental.py. A start page has no lastmod.
SERVERS = [
    ("sitemap", False, False, False),
    ("sitemap", True, False, False),
    ("sitemap", False, True, False),
    ("sitemap", False, False, True),
    ("page", False, False, False),
    ("page", True, True, False),
]


def _id(server: tuple[str, bool, bool, bool]) -> str:
    start, etag, modified, lastmod = server
    names = [n for n, on in (("etag", etag), ("last-modified", modified), ("lastmod", lastmod)) if on]
    return f"{start}-" + ("+".join(names) or "none")


def _records(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []


@pytest.mark.parametrize("server", SERVERS, ids=_id)
def test_each_rerun_writes_exactly_the_new_and_changed_articles(run_cleancrawl, fast_settings, tmp_path, server):
    start, etag, modified, lastmod = server
    with NewsSite(ARTICLES, etag=etag, last_modified=modified, lastmod=lastmod) as site:
        if start == "page":
            # Articles one hop from the start page are leaves: asked for conditionally.
            (tmp_path / "sources.toml").write_text(f'[sources.site]\nurls = ["{site.base}/"]\nmax_depth = 1\n')
            args = ["--sources", "sources.toml"]
        else:
            args = [site.base + "/sitemap.xml"]
        expected = {site.url(f"story-{i:03d}") for i in range(ARTICLES)}
        for run in range(RUNS):
            if run:
                changed, added = f"story-{run:03d}", f"story-new-{run}"
                site.change(changed)
                site.add(added)
                expected = {site.url(changed), site.url(added)}
            out = tmp_path / f"run-{run + 1}.jsonl"
            proc = run_cleancrawl("cli.crawl", [*fast_settings, *args, "-o", str(out)])
            assert proc.returncode == 0, proc.stdout + proc.stderr
            records = _records(out)
            urls = [r["url"] for r in records]
            assert sorted(urls) == sorted(expected), f"run {run + 1}: {proc.stdout}{proc.stderr}"
            if run:
                text = next(r["text"] for r in records if r["url"] == site.url(f"story-{run:03d}"))
                assert "version 1" in text


def _read_any(path: Path) -> list[dict]:
    """Records of a JSON-lines file (gzipped: every member) or of a Parquet file."""
    if path.suffix == ".parquet":
        import pyarrow.parquet as pq

        return pq.read_table(path, columns=["url"]).to_pylist()
    data = path.read_bytes()
    if path.suffix == ".gz":
        import gzip

        data = gzip.decompress(data)
    return [json.loads(line) for line in data.splitlines()]


@pytest.mark.parametrize("name", ["articles.jsonl", "articles.jsonl.gz", "articles.parquet"])
def test_a_rerun_into_the_same_output_keeps_the_earlier_records(run_cleancrawl, fast_settings, tmp_path, name):
    """A daily cron line, ``crawl URL -o articles.jsonl``: the second run wrote only the new article
    and replaced the file, so the earlier ones (marked written in the state) were gone for good."""
    with NewsSite(6) as site:
        out = tmp_path / name
        first = run_cleancrawl("cli.crawl", [*fast_settings, site.base + "/sitemap.xml", "-o", str(out)])
        assert first.returncode == 0, first.stderr
        site.add("story-new")
        again = run_cleancrawl("cli.crawl", [*fast_settings, site.base + "/sitemap.xml", "-o", str(out)])
        assert again.returncode == 0, again.stderr

        files = [out, *sorted(tmp_path.glob("articles-*.parquet"))]
        urls = [r["url"] for path in files for r in _read_any(path)]
        assert sorted(urls) == sorted({site.base + p for p in site.pages}), again.stderr
        said = [line for line in again.stderr.splitlines() if line.startswith("cleancrawl crawl:") and name in line]
        assert len(said) == 1, again.stderr
        if name.endswith(".gz"):  # gzip members: one standard gzip file to every reader
            import shutil
            import subprocess

            import pandas

            from output.jsonlines import read_records

            if shutil.which("gzip"):
                assert subprocess.run(["gzip", "-t", str(out)]).returncode == 0
            assert len(pandas.read_json(out, lines=True)) == len(urls) == len(list(read_records(str(out))))
