"""Whether the crawl's start URLs answered at all: a crawl whose every start URL was refused, timed
out or answered 4xx/5xx did nothing, and ``cleancrawl crawl`` must exit 1 for it, not 0.

A Scrapy extension fed by signals, counting in the stats:

- ``cleancrawl/start_urls/requested``: start URLs (the sources' own URLs) that were scheduled or
  reached the downloader (each once, retries and redirects included). Scheduled counts too: a start
  URL refused by a downloader middleware before the downloader (a name that does not resolve, or
  resolves to an address its source may not reach: crawler/safety/address_guard.py) was asked for, and
  failed (in a shared crawl, ``--redis``, only those that reached this worker's downloader: the
  worker that queued a start URL is often not the one that fetches it);
- ``cleancrawl/start_urls/answered``: those that got a 2xx response (after redirects).

A resumed crawl whose start URLs were already done requests none: both stay 0, nothing to judge.
"""

from __future__ import annotations

from typing import Any

from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.http import Response

from crawler.safety.links import canonical_url


class StartUrlOutcome:
    def __init__(self, crawler: Crawler) -> None:
        self.stats = crawler.stats
        self.starts: set[str] = set()
        self.requested: set[str] = set()
        self.answered: set[str] = set()
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        # A worker of a shared crawl (--redis) queues into Redis: whichever worker pops the request
        # fetches it (or reclaims it from a dead one), so only what reaches this one's downloader counts.
        if not crawler.settings.get("CLEANCRAWL_REDIS_URL"):
            crawler.signals.connect(self.start_url_asked_for, signal=signals.request_scheduled)
        crawler.signals.connect(self.start_url_asked_for, signal=signals.request_reached_downloader)
        crawler.signals.connect(self.response_received, signal=signals.response_received)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StartUrlOutcome:
        return cls(crawler)

    def spider_opened(self, spider: Spider) -> None:
        for source in getattr(spider, "sources", {}).values():
            self.starts.update(u for u in map(canonical_url, source.urls) if u)

    def _start_url(self, request: Request) -> str | None:
        # A redirected request carries the URLs it came from; the first is the one asked for.
        first = (request.meta.get("redirect_urls") or [request.url])[0]
        return first if first in self.starts else None

    def start_url_asked_for(self, request: Request, spider: Any = None) -> None:
        url = self._start_url(request)
        if url and url not in self.requested:
            self.requested.add(url)
            self.stats.inc_value("cleancrawl/start_urls/requested")

    def response_received(self, response: Response, request: Request, spider: Any = None) -> None:
        url = self._start_url(request)
        if url and url not in self.answered and 200 <= response.status < 300:
            self.answered.add(url)
            self.stats.inc_value("cleancrawl/start_urls/answered")
