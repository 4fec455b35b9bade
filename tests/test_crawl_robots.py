"""robots.txt: Disallow is obeyed (by Scrapy) and Crawl-delay honoured (by CrawlDelayMiddleware)."""

from __future__ import annotations

from itertools import pairwise

from mockserver import article_html


def test_robots_disallow_is_honoured(server, crawl):
    allowed = server.add("/news/ok.html", article_html("Allowed story"))
    server.add("/private/secret.html", article_html("Secret story"))
    server.add("/robots.txt", "User-agent: *\nDisallow: /private/\n", content_type="text/plain")
    server.add_sitemap("/sm.xml", [allowed, server.url("/private/secret.html")])

    result = crawl(server.url("/sm.xml"))

    assert [r["url"] for r in result.records] == [allowed]
    assert "/private/secret.html" not in server.hits
    assert "robots.txt forbade 1" in result.stderr


def test_crawl_delay_is_honoured(server, crawl):
    urls = [server.add(f"/s{i}.html", article_html(f"Story {i}")) for i in range(3)]
    server.add("/robots.txt", "User-agent: *\nCrawl-delay: 0.7\n", content_type="text/plain")
    server.add_sitemap("/sm.xml", urls)

    result = crawl(server.url("/sm.xml"), "-s", "AUTOTHROTTLE_ENABLED=0")

    assert len(result.records) == 3
    times = sorted([*(server.hits[f"/s{i}.html"][0] for i in range(3)), *server.hits["/sm.xml"]])
    gaps = [b - a for a, b in pairwise(times)]
    # Never sooner than the delay (Scrapy's ±50 % jitter must not cut it short); 0.05 s for timers.
    assert min(gaps) >= 0.65, gaps


def test_without_crawl_delay_requests_are_not_spaced(server, crawl):
    urls = [server.add(f"/s{i}.html", article_html(f"Story {i}")) for i in range(3)]
    server.add_sitemap("/sm.xml", urls)
    crawl(server.url("/sm.xml"), "-s", "AUTOTHROTTLE_ENABLED=0")
    times = sorted(server.hits[f"/s{i}.html"][0] for i in range(3))
    assert times[-1] - times[0] < 0.5
