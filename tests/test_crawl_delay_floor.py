"""Issue 17.6: a robots.txt Crawl-delay is a floor. No two requests to one host closer than it,
whatever AutoThrottle, the download-delay jitter and retries do to the requests already queued
for that host. Measured on the servers' side, over many hosts crawled at once."""

from __future__ import annotations

from contextlib import ExitStack
from itertools import pairwise

from mockserver import MockServer, article_html

HOSTS = [f"127.0.0.{n}" for n in range(20, 32)]  # 12 loopback hosts: 12 download slots
CRAWL_DELAY = 1.0
# timers and clocks only: the next request is sent after the previous answer came back, so its
# server saw the previous one at least that much earlier whatever the machine's load
CLOCK_EPSILON = 0.005


def _site(server: MockServer, n: int) -> str:
    server.add("/robots.txt", f"User-agent: *\nCrawl-delay: {CRAWL_DELAY:g}\n", content_type="text/plain")
    urls = [server.add(f"/a/{i}.html", article_html(f"Story {n}-{i}")) for i in range(3)]
    # a slow page (AutoThrottle raises the slot's delay, then the fast ones lower it again) and a
    # page that fails once (its retry goes back through the queue)
    urls.append(server.add("/slow.html", article_html(f"Slow story {n}"), delay=0.4))
    urls.append(server.add("/flaky.html", article_html(f"Flaky story {n}"), statuses=[503, 200]))
    return server.add_sitemap("/sitemap.xml", urls)


def test_no_two_requests_to_a_host_closer_than_its_crawl_delay(crawl):
    with ExitStack() as stack:
        servers = [stack.enter_context(MockServer(host=host)) for host in HOSTS]
        sitemaps = [_site(server, n) for n, server in enumerate(servers)]

        result = crawl(*sitemaps, "-s", "RETRY_BACKOFF_BASE=0", "-s", "CONCURRENT_REQUESTS=32")

        assert result.returncode == 0, result.stderr
        assert len(result.records) == 5 * len(HOSTS), result.stderr
        gaps: dict[str, float] = {}
        for server in servers:
            # robots.txt itself is fetched before its Crawl-delay is known
            times = sorted(t for path, hits in server.hits.items() if path != "/robots.txt" for t in hits)
            assert len(times) == 7, server.hits  # sitemap, 5 pages, 1 retry
            gaps[server.base] = min(b - a for a, b in pairwise(times))
    print(f"shortest gap per host: min {min(gaps.values()):.3f} s, max {max(gaps.values()):.3f} s")
    too_close = {base: round(gap, 3) for base, gap in gaps.items() if gap < CRAWL_DELAY - CLOCK_EPSILON}
    assert not too_close, f"requests closer than Crawl-delay {CRAWL_DELAY}: {too_close}"
