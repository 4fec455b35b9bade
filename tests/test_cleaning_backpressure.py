"""Fetching never runs far ahead of cleaning: with cleaning slower than fetching (a test hook makes
each page take a while in its worker), the pages fetched but not yet cleaned stay under
``CLEANCRAWL_CLEANING_BACKLOG`` plus what was in transit when it was reached (see
``_in_transit``), where
Scrapy's own scraper-slot limit (bytes, 1 kB at least a response) let hundreds of small pages wait."""

from __future__ import annotations

import json
import sys

import pytest
from mockserver import article_html
from slow_cleaning import slow_cleaning_options

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="forkserver")

PAGES = 60
# The engine stops starting requests at the bound; what is in transit when it decides still joins
# the backlog: the requests the downloader holds (CONCURRENT_REQUESTS, the project's 16 by default)
# and the responses it has just given back that the spider has not handed over yet (as many again
# at most). Measured: 9-10 with a bound of 4 and 4 in flight, 20-21 with 16 in flight; 56 before.
IN_FLIGHT = 4
DEFAULT_IN_FLIGHT = 16


def _in_transit(requests: int) -> int:
    return 2 * requests


def test_pages_fetched_but_not_cleaned_stay_under_the_backlog_bound(server, crawl, tmp_path):
    urls = [server.add(f"/p{i}.html", article_html(f"Small story {i}", words=60)) for i in range(PAGES)]
    server.add_sitemap("/sm.xml", urls)
    backlog = 4
    hook = slow_cleaning_options(tmp_path, delay=0.15)
    result = crawl(
        server.url("/sm.xml"), *hook,
        "-s", "CLEANCRAWL_WORKERS=1", "-s", f"CLEANCRAWL_CLEANING_BACKLOG={backlog}",
        "-s", f"CONCURRENT_REQUESTS={IN_FLIGHT}",
        "--stats-file", str(tmp_path / "stats.json"),
    )  # fmt: skip

    assert result.returncode == 0, result.stderr
    assert len(result.records) == PAGES
    stats = json.loads((tmp_path / "stats.json").read_text(encoding="utf-8"))["stats"]
    peak = stats["cleancrawl/cleaning/peak_backlog"]
    assert 1 <= peak <= backlog + _in_transit(IN_FLIGHT), peak  # 56 of the 60 pages before the bound


def test_the_backlog_defaults_to_four_pages_a_worker(server, crawl, tmp_path):
    urls = [server.add(f"/p{i}.html", article_html(f"Small story {i}", words=60)) for i in range(PAGES)]
    server.add_sitemap("/sm.xml", urls)
    hook = slow_cleaning_options(tmp_path, delay=0.15)
    result = crawl(server.url("/sm.xml"), *hook, "-s", "CLEANCRAWL_WORKERS=1", "--stats-file", str(tmp_path / "s.json"))

    assert result.returncode == 0, result.stderr
    stats = json.loads((tmp_path / "s.json").read_text(encoding="utf-8"))["stats"]
    assert stats["cleancrawl/cleaning/backlog"] == 4
    assert stats["cleancrawl/cleaning/peak_backlog"] <= 4 + _in_transit(DEFAULT_IN_FLIGHT)
