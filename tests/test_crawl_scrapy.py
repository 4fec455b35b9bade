"""The Scrapy project itself: `scrapy list` and `scrapy crawl articles` from the project root, and
the optional HTTP cache that lets cleaning re-run without re-fetching."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import ROOT
from mockserver import article_html


def _scrapy(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    child = (
        "import sys, warnings\n"
        "from scrapy.exceptions import ScrapyDeprecationWarning\n"
        "warnings.simplefilter('error', ScrapyDeprecationWarning)\n"
        "from scrapy.cmdline import execute\n"
        "execute(['scrapy', *sys.argv[1:]])\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", child, *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "HOME": str(cwd)},
    )
    assert "DeprecationWarning" not in proc.stderr and "Traceback" not in proc.stderr, proc.stderr
    return proc


def _project(tmp_path: Path) -> Path:
    # A copy of scrapy.cfg is all `scrapy` needs to find the project (the code is on PYTHONPATH);
    # output then lands in this test's folder, not in the checkout.
    shutil.copy(ROOT / "scrapy.cfg", tmp_path / "scrapy.cfg")
    return tmp_path


def test_scrapy_list(tmp_path):
    proc = _scrapy(["list"], _project(tmp_path))
    assert proc.returncode == 0 and proc.stdout.split() == ["articles"]


def test_scrapy_crawl_articles_writes_the_default_layout(server, tmp_path):
    urls = [server.add(f"/s/{i}.html", article_html(f"Scrapy crawl {i}")) for i in range(2)]
    server.add_sitemap("/sm.xml", urls)

    proc = _scrapy(
        ["crawl", "articles", "-a", f"url={server.url('/sm.xml')}", "-s", "AUTOTHROTTLE_ENABLED=0"],
        _project(tmp_path),
    )

    assert proc.returncode == 0, proc.stderr
    (path,) = (tmp_path / "data").glob("*/*.jsonl")
    records = [json.loads(line) for line in path.read_text().splitlines()]
    assert sorted(r["url"] for r in records) == sorted(urls)


def test_http_cache_reruns_cleaning_without_refetching(server, crawl, tmp_path):
    urls = [server.add(f"/s/{i}.html", article_html(f"Cached {i}")) for i in range(3)]
    server.add_sitemap("/sm.xml", urls)
    # CLEANCRAWL_STATE=off: an incremental crawl would (rightly) write nothing the second time.
    cache = ["-s", "HTTPCACHE_ENABLED=1", "-s", f"HTTPCACHE_DIR={tmp_path / 'cache'}", "-s", "CLEANCRAWL_STATE=off"]

    first = crawl(server.url("/sm.xml"), *cache)
    hits = {path: len(times) for path, times in server.hits.items()}
    second = crawl(server.url("/sm.xml"), *cache, output="again.jsonl")

    assert {path: len(times) for path, times in server.hits.items()} == hits  # nothing re-fetched
    strip = lambda records: sorted((r["url"], r["text"]) for r in records)  # noqa: E731
    assert len(first.records) == 3 and strip(second.records) == strip(first.records)
