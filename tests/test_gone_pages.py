"""Issue 17.5: deletions are recorded. A written page that answers 404/410, or that the complete
sitemaps of its source no longer list, becomes ``gone`` in the state, is counted in the summary
and the run log's per-source figures, and with ``--tombstones`` gets a tombstone line; a partial
listing (a sitemap that failed) takes nothing as gone."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import jsonschema
import pytest
from conftest import ROOT
from mockserver import article_html

from crawler.state.crawl_state import GONE, WRITTEN, PageState, RedisCrawlState, SQLiteCrawlState
from crawler.state.run_log import source_figures

TOMBSTONE_SCHEMA = json.loads((ROOT / "output" / "tombstone.schema.json").read_text(encoding="utf-8"))


def _states(tmp_path: Path) -> dict[str, str]:
    with sqlite3.connect(tmp_path / "data" / "state.sqlite3") as db:
        return dict(db.execute("SELECT url, status FROM pages"))


def _tombstones(path: Path) -> list[dict]:
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()] if path.exists() else []
    for line in lines:
        jsonschema.validate(line, TOMBSTONE_SCHEMA, format_checker=jsonschema.FormatChecker())
    return lines


def test_pages_taken_down_are_recorded_as_gone_with_tombstones(server, crawl, tmp_path):
    urls = {name: server.add(f"/news/{name}.html", article_html(f"Story {name}")) for name in "abcd"}
    server.add_sitemap("/sitemap.xml", list(urls.values()))
    first = crawl(server.url("/sitemap.xml"), output="run1.jsonl")
    assert first.returncode == 0 and len(first.records) == 4, first.stderr
    assert set(_states(tmp_path).values()) == {"written"}

    # a answers 404, b 410, c still answers but left the sitemap, d is unchanged
    server.add("/news/a.html", "gone", status=404)
    server.add("/news/b.html", "gone", status=410)
    server.add_sitemap("/sitemap.xml", [urls["a"], urls["b"], urls["d"]])
    stones = tmp_path / "gone" / "tombstones.jsonl"
    second = crawl(
        server.url("/sitemap.xml"), "--tombstones", str(stones), "--stats-file", str(tmp_path / "stats.json"),
        output="run2.jsonl",
    )

    assert second.returncode == 0, second.stderr
    states = _states(tmp_path)
    assert {url: states[url] for url in urls.values()} == {
        urls["a"]: "gone", urls["b"]: "gone", urls["c"]: "gone", urls["d"]: "written",
    }
    assert sorted((t["url"], t["reason"]) for t in _tombstones(stones)) == [
        (urls["a"], "http_404"), (urls["b"], "http_410"), (urls["c"], "sitemap"),
    ]
    assert "gone: http_404 1, http_410 1, sitemap 1" in second.stderr, second.stderr
    stats = json.loads((tmp_path / "stats.json").read_text())["stats"]
    assert [figures["gone"] for figures in source_figures(stats).values()] == [3]

    # counted once: a third run finds nothing new gone, and writes no second tombstone
    third = crawl(server.url("/sitemap.xml"), "--tombstones", str(stones), output="run3.jsonl")
    assert third.returncode == 0, third.stderr
    assert len(_tombstones(stones)) == 3
    assert "gone:" not in third.stderr


def test_a_start_page_beside_a_sitemap_takes_nothing_as_gone(server, crawl, tmp_path):
    # A source of a front page and a sitemap of the latest stories: the front page's stories are
    # found by links, and the sitemap not listing them says nothing of whether they are gone.
    linked = server.add("/news/linked.html", article_html("Story found by a link"))
    listed = server.add("/news/listed.html", article_html("Story in the sitemap"))
    front = server.add("/", f'<html><body><a href="{linked}">a story</a></body></html>')
    server.add_sitemap("/sitemap.xml", [listed])
    first = crawl(front, server.url("/sitemap.xml"), output="run1.jsonl")
    assert first.returncode == 0 and len(first.records) == 2, first.stderr

    second = crawl(front, server.url("/sitemap.xml"), output="run2.jsonl")

    assert second.returncode == 0, second.stderr
    assert _states(tmp_path)[linked] == "written"
    assert "gone:" not in second.stderr, second.stderr


def test_a_partial_sitemap_listing_takes_nothing_as_gone(server, crawl, tmp_path):
    first_half = [server.add(f"/news/a{i}.html", article_html(f"Story a{i}")) for i in range(2)]
    second_half = [server.add(f"/news/b{i}.html", article_html(f"Story b{i}")) for i in range(2)]
    server.add_sitemap("/sm1.xml", first_half)
    server.add_sitemap("/sm2.xml", second_half)
    index = (
        '<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"<sitemap><loc>{server.url('/sm1.xml')}</loc></sitemap><sitemap><loc>{server.url('/sm2.xml')}</loc></sitemap>"
        "</sitemapindex>"
    )
    server.add("/index.xml", index, content_type="application/xml")
    first = crawl(server.url("/index.xml"), output="run1.jsonl")
    assert first.returncode == 0 and len(first.records) == 4, first.stderr

    # the second sitemap fails this time (after retries); a sitemap cut off mid-way says no more
    server.add("/sm2.xml", "overloaded", status=503)
    stones = tmp_path / "tombstones.jsonl"
    second = crawl(server.url("/index.xml"), "--tombstones", str(stones), "-s", "RETRY_TIMES=1", output="run2.jsonl")

    assert set(_states(tmp_path).values()) == {"written"}, second.stderr
    assert _tombstones(stones) == []
    assert "gone:" not in second.stderr

    # a listing read whole (both sitemaps back) still misses nothing: nothing is gone
    server.add_sitemap("/sm2.xml", second_half)
    third = crawl(server.url("/index.xml"), "--tombstones", str(stones), output="run3.jsonl")
    assert third.returncode == 0, third.stderr
    assert set(_states(tmp_path).values()) == {"written"} and _tombstones(stones) == []


@pytest.mark.parametrize(
    "answer",
    [
        ("<html><body><h1>Down for maintenance</h1></body></html>", "text/html; charset=utf-8"),
        (b"\x1f\x8b\x08\x00corrupt gzip", "application/x-gzip"),
    ],
    ids=["html-page", "corrupt-gzip"],
)
def test_a_listed_sitemap_that_is_no_sitemap_takes_nothing_as_gone(server, crawl, tmp_path, answer):
    """A sitemap of an index that answers 200 with a page (a maintenance page) or a gzip that does
    not unpack (corrupt, or past DOWNLOAD_MAXSIZE) was taken for a page: the listing stayed
    complete, and every page of that sitemap was recorded as gone."""
    first_half = [server.add(f"/news/a{i}.html", article_html(f"Story a{i}")) for i in range(2)]
    second_half = [server.add(f"/news/b{i}.html", article_html(f"Story b{i}")) for i in range(2)]
    server.add_sitemap("/sm1.xml", first_half)
    server.add_sitemap("/sm2.xml", second_half)
    index = (
        '<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"<sitemap><loc>{server.url('/sm1.xml')}</loc></sitemap><sitemap><loc>{server.url('/sm2.xml')}</loc></sitemap>"
        "</sitemapindex>"
    )
    server.add("/index.xml", index, content_type="application/xml")
    first = crawl(server.url("/index.xml"), output="run1.jsonl")
    assert first.returncode == 0 and len(first.records) == 4, first.stderr

    body, content_type = answer
    server.add("/sm2.xml", body, content_type=content_type)
    stones = tmp_path / "tombstones.jsonl"
    second = crawl(server.url("/index.xml"), "--tombstones", str(stones), output="run2.jsonl")

    states = _states(tmp_path)
    assert {states[url] for url in first_half + second_half} == {"written"}, second.stderr
    assert _tombstones(stones) == []
    assert "gone:" not in second.stderr


@pytest.mark.parametrize("store", ["sqlite", "redis"])
def test_a_gone_page_leaves_the_written_set_and_comes_back_when_written_again(store, tmp_path, request):
    if store == "sqlite":
        state = SQLiteCrawlState(tmp_path / "state.sqlite3")
    else:
        state = RedisCrawlState(request.getfixturevalue("redis_url"), prefix="gone")
    state.record("news", PageState("http://n/a", WRITTEN, "fp-a"))
    state.record("news", PageState("http://n/b", WRITTEN, "fp-b"))
    assert sorted(state.written_urls("news")) == ["http://n/a", "http://n/b"]

    # gone keeps the words it had (settle must not keep it written for them)
    state.record("news", PageState("http://n/a", GONE, "fp-a"))
    assert state.get("news", "http://n/a").status == GONE
    assert list(state.written_urls("news")) == ["http://n/b"]
    assert state.written_url("news", "fp-a") is None  # the same words, back again, are written again
    state.record("news", PageState("http://n/a", WRITTEN, "fp-a"))
    assert sorted(state.written_urls("news")) == ["http://n/a", "http://n/b"]
    state.close()
