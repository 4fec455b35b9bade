"""Bounded sitemap discovery (issue 21, item 4): an endless chain of sitemap indexes or a fan-out of
new indexes ran until killed (6,521 requests in 117 s; 224,755 requests queued and memory rising),
also with ``max_pages = 5``. Nested indexes deeper than CLEANCRAWL_MAX_SITEMAP_DEPTH and sitemap
documents past a source's CLEANCRAWL_MAX_SITEMAPS are refused, counted, logged once."""

from __future__ import annotations

import json
import threading
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from mockserver import article_html, sitemap_index_xml, sitemap_xml


class EndlessIndexes:
    """``/chain/N`` is a sitemap index listing ``/chain/N+1``; ``/fan/ID`` one listing 50 new
    ``/fan/ID-k``. ``/good.xml`` lists three articles, linked from the indexes named below."""

    FAN_OUT = 50

    def __init__(self, *, good_in_chain: int = 2) -> None:
        self.hits: Counter[str] = Counter()
        lock = threading.Lock()
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args) -> None:
                pass

            def do_GET(self) -> None:
                kind = self.path.split("/")[1] if self.path.count("/") > 1 else self.path
                with lock:
                    site.hits[kind] += 1
                body, ctype = site.answer(self.path)
                self.send_response(200 if body else 404)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.good_in_chain = good_in_chain
        self.articles = [f"{self.base}/a/{i}.html" for i in range(3)]
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def answer(self, path: str) -> tuple[bytes, str]:
        xml = "application/xml"
        if path.startswith("/chain/"):
            n = int(path.rsplit("/", 1)[1])
            children = [f"{self.base}/chain/{n + 1}"]
            if n == self.good_in_chain:
                children.append(f"{self.base}/good.xml")
            return sitemap_index_xml(children), xml
        if path.startswith("/fan/"):
            name = path.rsplit("/", 1)[1]
            children = [f"{self.base}/fan/{name}-{k}" for k in range(self.FAN_OUT)]
            if name == "root":
                children.append(f"{self.base}/good.xml")
            return sitemap_index_xml(children), xml
        if path == "/good.xml":
            return sitemap_xml(self.articles), xml
        if path.startswith("/a/"):
            return article_html(f"Good story {path}").encode(), "text/html; charset=utf-8"
        return b"", "text/plain"

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def indexes():
    site = EndlessIndexes()
    yield site
    site.close()


def _run(crawl, tmp_path, start: str, max_pages: int, *settings: str):
    sources = tmp_path / "sources.toml"
    sources.write_text(f'[sources.idx]\nurls = ["{start}"]\nmax_pages = {max_pages}\nmax_depth = 0\n')
    # CLOSESPIDER_PAGECOUNT only keeps a failing run short; the limits must stop it well before
    result = crawl(
        "--sources",
        str(sources),
        "--stats-file",
        str(tmp_path / "stats.json"),
        "-s",
        "CLOSESPIDER_PAGECOUNT=500",
        *settings,
    )
    stats = json.loads((tmp_path / "stats.json").read_text())["stats"]
    return result, stats


@pytest.mark.parametrize("max_pages", [0, 5])
def test_an_endless_chain_of_sitemap_indexes_stops_at_the_depth_limit(crawl, tmp_path, indexes, max_pages):
    result, stats = _run(crawl, tmp_path, f"{indexes.base}/chain/0", max_pages)

    assert result.returncode == 0, result.stderr
    assert stats["finish_reason"] == "finished"
    # /chain/0 is the start (depth 0); sitemaps three levels below it are still read: /chain/2 lists
    # /good.xml (depth 3) and /chain/3, which is read, but /chain/4 it lists is not
    assert indexes.hits["chain"] == 4, indexes.hits
    assert sorted(r["url"] for r in result.records) == sorted(indexes.articles)
    assert stats["cleancrawl/links/sitemap-depth"] == 1
    assert result.stderr.count("CLEANCRAWL_MAX_SITEMAP_DEPTH") == 1, result.stderr


@pytest.mark.parametrize("max_pages", [0, 5])
def test_a_fan_out_of_sitemap_indexes_stops_at_the_source_budget(crawl, tmp_path, indexes, max_pages):
    budget = 60
    result, stats = _run(
        crawl, tmp_path, f"{indexes.base}/fan/root", max_pages, "-s", f"CLEANCRAWL_MAX_SITEMAPS={budget}"
    )

    assert result.returncode == 0, result.stderr
    assert stats["finish_reason"] == "finished"
    # the start index, then at most `budget` sitemap documents (the good one among them)
    assert indexes.hits["fan"] + indexes.hits["/good.xml"] <= budget + 1, indexes.hits
    assert stats["scheduler/enqueued"] <= budget + 1 + len(indexes.articles) + 1, stats["scheduler/enqueued"]
    assert sorted(r["url"] for r in result.records) == sorted(indexes.articles)
    assert stats["cleancrawl/links/sitemap-budget"] > 0
    assert result.stderr.count("CLEANCRAWL_MAX_SITEMAPS") == 1, result.stderr


def test_the_depth_limit_is_a_setting(crawl, tmp_path, indexes):
    """One level less: /good.xml and /chain/3, both listed by /chain/2, are refused."""
    result, stats = _run(crawl, tmp_path, f"{indexes.base}/chain/0", 0, "-s", "CLEANCRAWL_MAX_SITEMAP_DEPTH=2")
    assert indexes.hits["chain"] == 3, indexes.hits
    assert result.records == []
    assert stats["cleancrawl/links/sitemap-depth"] == 2


def test_a_spent_page_budget_stops_reading_a_huge_sitemap(crawl, server, tmp_path):
    """max_pages = 5 and a 20,000-entry sitemap: every entry past the budget was made a request and
    held back in memory (200,000 entries: 391 MB, 77 s, for 5 pages). At most
    CLEANCRAWL_MAX_HELD_BACK are held back now, and the rest of the sitemap is not read."""
    urls = [server.url(f"/big/{i}.html") for i in range(20_000)]
    server.add("/big.xml", sitemap_xml(urls), content_type="application/xml")
    held_back = 100
    result, stats = _run(crawl, tmp_path, server.url("/big.xml"), 5, "-s", f"CLEANCRAWL_MAX_HELD_BACK={held_back}")

    assert result.returncode == 0, result.stderr
    assert sum(len(h) for p, h in server.hits.items() if p.startswith("/big/")) == 5
    # held back, plus the one entry that found the queue full
    assert stats["cleancrawl/links/max_pages/idx"] == held_back + 1, stats
    assert stats["cleancrawl/links/listing-unread"] == 1, stats
    assert result.stderr.count("CLEANCRAWL_MAX_HELD_BACK") == 1, result.stderr


def test_a_sitemaps_depth_survives_the_shared_redis_queue():
    """A worker of a shared crawl reads queued requests back through checked_request, which drops
    unknown meta: without ``sitemap_depth`` every hop of an index chain would start again at 0."""
    pytest.importorskip("scrapy_redis")
    from crawler.distributed.worker import checked_request

    queued = {"url": "http://a.example/chain/3", "callback": "parse_start", "meta": {"source": "s", "sitemap_depth": 3}}
    assert checked_request(queued)["meta"]["sitemap_depth"] == 3
