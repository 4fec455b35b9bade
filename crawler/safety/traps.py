"""Bounds on endless link spaces that the per-URL trap guards (crawler/safety/links.py TrapGuard) cannot see.

A site that makes up links (``/?pg=7&sort=<random>``, ``/tag/<random>``) passes every per-URL guard:
no URL is too long, repeats a segment or pages past the limit, yet there is no end to them. With
``max_depth = 30`` and no ``max_pages`` such a site was crawled for 6,612 pages in 60 s, stopped only
by a timeout. Two middlewares stop it two ways, both counted:

- a **default page budget**: a source without ``max_pages`` follows at most
  ``CLEANCRAWL_DEFAULT_MAX_PAGES`` links (``cleancrawl/links/max_pages/<source>``; 0: no limit);
- a **URL family guard** (:class:`crawler.safety.links.FamilyGuard`): once ``CLEANCRAWL_TRAP_FAMILY_PAGES``
  fetched pages of one URL family (same host and path shape, any query values) have given no
  article, links into that family are no longer followed (``cleancrawl/links/trap/family``). What is
  an article is learnt from the item signals: a record written, or dropped as unchanged since an
  earlier crawl wrote that page, against a page dropped as no article or as a copy.

Only links followed from pages are judged; sitemap and feed entries (the site's own list of its
articles) and start URLs are not. With a shared Redis the budget and the families are counted per
worker.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import AsyncIterator, Iterable
from typing import Any

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response

from crawler.components.drops import NotAnArticle, Unchanged
from crawler.items import PageItem
from crawler.safety.links import FamilyGuard
from crawler.state.incremental import state_key


class _FamilyWatcher:
    """Learns from the item signals which URL families give articles."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.families = FamilyGuard(crawler.settings.getint("CLEANCRAWL_TRAP_FAMILY_PAGES", 30))
        crawler.signals.connect(self.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(self.item_dropped, signal=signals.item_dropped)

    def item_scraped(self, item: Any, response: Response) -> None:
        if isinstance(response, Response) and isinstance(item, dict) and item.get("fingerprint"):
            self.families.fetched(response.url, article=True)

    def item_dropped(self, item: Any, response: Response, exception: BaseException) -> None:
        """A page dropped as unchanged since an earlier crawl wrote it is an article (a re-run of a
        server without ETag, Last-Modified or lastmod drops every page it fetches so); a copy of
        an article written under another URL, or a page that is no article, is not (endless URLs
        serving one article are a trap too). A failure to clean says nothing either way."""
        if not isinstance(response, Response) or not isinstance(item, PageItem):
            return
        if isinstance(exception, NotAnArticle) and exception.transient:
            return
        if isinstance(exception, Unchanged) and response.request is not None:
            page = state_key(response.request)
            self.families.fetched(response.url, article=exception.written_url in (page, response.url))
        else:
            self.families.fetched(response.url, article=False)


class LinkTrapMiddleware(_FamilyWatcher):
    """Spider middleware: refuses links over the default page budget or into an exhausted family,
    and marks the links it judged (``followed_link`` in their meta) for :class:`QueuedTrapMiddleware`."""

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self.default_max_pages = crawler.settings.getint("CLEANCRAWL_DEFAULT_MAX_PAGES", 0)
        self.followed: Counter[str] = Counter()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> LinkTrapMiddleware:
        return cls(crawler)

    # --- the links a page yields ------------------------------------------------------------------

    def _keep(self, response: Response, result: Any) -> bool:
        if not isinstance(result, Request) or response.meta.get("page_depth") is None:
            return True
        spider = self.crawler.spider
        if result.callback != getattr(spider, "parse_page", None) or _is_listing(response):
            return True
        stats = self.crawler.stats
        if self.families.exhausted(result.url):
            stats.inc_value("cleancrawl/links/trap/family")
            return False
        name = result.meta.get("source")
        source = getattr(spider, "sources", {}).get(name)
        if source is not None and not source.max_pages and self.default_max_pages:
            if self.followed[name] >= self.default_max_pages:
                stats.inc_value(f"cleancrawl/links/max_pages/{name}")
                return False
            self.followed[name] += 1
        result.meta["followed_link"] = True
        return True

    def process_spider_output(self, response: Response, result: Iterable[Any]) -> Iterable[Any]:
        return (r for r in result if self._keep(response, r))

    async def process_spider_output_async(self, response: Response, result: AsyncIterator[Any]) -> AsyncIterator[Any]:
        async for r in result:
            if self._keep(response, r):
                yield r


class QueuedTrapMiddleware(_FamilyWatcher):
    """Downloader middleware: a followed link still queued when its family was found to give no
    article is dropped before it is fetched (the family closes while its links wait in the queue)."""

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> QueuedTrapMiddleware:
        return cls(crawler)

    def process_request(self, request: Request) -> None:
        if request.meta.get("followed_link") and self.families.exhausted(request.url):
            self.crawler.stats.inc_value("cleancrawl/links/trap/family")
            raise IgnoreRequest(f"URL family of {request.url} gave no article")


def _is_listing(response: Response) -> bool:
    """A sitemap or feed (its entries are the site's own list of articles) or a backlog continuation."""
    if response.url.startswith("data:"):
        return True
    content_type = response.headers.get(b"Content-Type", b"").decode("latin-1").lower()
    return "html" not in content_type or "xhtml" in content_type
