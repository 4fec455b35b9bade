"""The one generic spider: discovers article pages from sources and fetches them.

It only decides what to fetch; cleaning happens in the pipelines. Arguments (``-a`` with
``scrapy crawl articles``):

- ``url``: start URLs separated by commas or spaces: pages, sitemaps, robots.txt or feeds;
- ``sources``: a sources TOML file (see crawler/state/sources.py), or a list of Source objects;
- ``sources_toml``: sources TOML text itself (how ``cleancrawl scrapyd-schedule`` hands a source
  to a scrapyd node, which has no copy of the file).

A start URL's kind is told from its response. Sitemaps and robots.txt lead to more sitemaps;
sitemap and feed entries are article candidates and are not followed further. Pages found
from a start page are followed up to the source's ``max_depth``, within its domains and
patterns, with traps avoided. Every page fetched is handed on as a PageItem.
"""

from __future__ import annotations

import asyncio
import re
from collections import Counter
from collections.abc import AsyncIterator, Iterable
from datetime import UTC, datetime
from functools import partial
from typing import Any

from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.exceptions import DownloadCancelledError, IgnoreRequest
from scrapy.http import Response, TextResponse
from scrapy.settings import BaseSettings
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from crawler.components.bounded_http import ResponseHeadersTooLarge
from crawler.components.feed_layout import default_feeds, utc_stamp
from crawler.components.pipelines import clean_pipeline
from crawler.items import PageItem
from crawler.safety import page_links
from crawler.safety.links import TrapGuard, canonical_url
from crawler.state import discovery
from crawler.state.backlog import CONTINUATION_PRIORITY, DEFAULT_BATCH, Backlog
from crawler.state.incremental import NotModified, SitemapListing, state_key
from crawler.state.sources import (
    Source,
    UrlPatternTimeout,
    load_sources,
    merge_sources,
    sources_from_toml,
    sources_from_urls,
)
from crawler.workers.pool import CLEANER_TIMEOUT, PoolClosed, WorkerFailure

_SPLIT = re.compile(r"[\s,]+")


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class ArticlesSpider(Spider):
    name = "articles"

    def __init__(
        self,
        url: str | None = None,
        sources: str | list[Source] | None = None,
        sources_toml: str | None = None,
        **kwargs: Any,
    ):
        super().__init__(**kwargs)
        from_file = load_sources(sources) if isinstance(sources, str) else list(sources or [])
        if sources_toml:
            from_file += sources_from_toml(sources_toml, where="spider argument sources_toml")
        from_urls = sources_from_urls(u for u in _SPLIT.split(url or "") if u)
        self.sources: dict[str, Source] = {s.name: s for s in merge_sources(from_file, from_urls)}
        if not self.sources:
            raise ValueError("no sources: pass -a url=URL[,URL...] or -a sources=FILE.toml")
        self._seen: set[str] = set()
        # sitemap documents (listed by robots.txt or a sitemap index) requested per source, and the
        # (source, reason) pairs whose refusal was logged already (crawler/state/discovery.py bounds)
        self._sitemaps_requested: Counter[str] = Counter()
        self._refusals_logged: set[tuple[str, str]] = set()
        # Sources whose max_pages is spent and whose held-back requests fill their queue: their
        # listings are read no further (filled in by crawler.components.middlewares.PageBudgetMiddleware).
        self.budget_spent: set[str] = set()
        # what each source's sitemaps list this run: written pages they no longer list are gone
        self.listings: dict[str, SitemapListing] = {name: SitemapListing() for name in self.sources}

    @classmethod
    def update_settings(cls, settings: BaseSettings) -> None:
        super().update_settings(settings)
        if settings.get("CLEANCRAWL_REDIS_URL"):
            # One worker of a crawl shared through Redis (scrapy-redis lives in that module only).
            from crawler.distributed import worker as distributed

            distributed.configure(settings)

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> ArticlesSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        settings = crawler.settings
        spider.guard = TrapGuard(
            max_url_length=settings.getint("CLEANCRAWL_MAX_URL_LENGTH", 512),
            max_repeated_segment=settings.getint("CLEANCRAWL_MAX_REPEATED_SEGMENT", 2),
            max_pagination=settings.getint("CLEANCRAWL_MAX_PAGINATION", 50),
        )
        spider.max_size = settings.getint("DOWNLOAD_MAXSIZE")
        spider.max_sitemap_depth = settings.getint("CLEANCRAWL_MAX_SITEMAP_DEPTH", 3)
        spider.max_sitemaps = settings.getint("CLEANCRAWL_MAX_SITEMAPS", 1000)
        spider.max_links = settings.getint("CLEANCRAWL_MAX_LINKS_PER_PAGE", page_links.DEFAULT_MAX_LINKS)
        spider.max_link_attributes = settings.getint(
            "CLEANCRAWL_MAX_LINK_ATTRIBUTES", page_links.DEFAULT_MAX_ATTRIBUTES
        )
        spider.link_timeout = settings.getfloat("CLEANCRAWL_LINK_TIMEOUT", 30.0)
        # Sitemap entries become requests as the scheduler drains them (crawler/state/backlog.py), unless a
        # disk queue (JOBDIR) or the shared Redis queue already keeps them out of memory.
        spider.backlog = Backlog(settings.getint("CLEANCRAWL_SITEMAP_BATCH", DEFAULT_BATCH))
        spider.lazy_sitemaps = not settings.get("JOBDIR") and not settings.get("CLEANCRAWL_REDIS_URL")
        if not settings.getdict("FEEDS"):
            # No output given: the default layout, data/<source>/<UTC timestamp>.jsonl; each worker
            # of a distributed crawl writes its own files, <UTC timestamp>-<worker id>.jsonl.
            worker = settings.get("CLEANCRAWL_WORKER_ID")
            feeds = default_feeds(
                settings.get("CLEANCRAWL_DATA_DIR", "data"),
                list(spider.sources),
                f"{utc_stamp()}-{worker}" if worker else utc_stamp(),
                batched=settings.getint("FEED_EXPORT_BATCH_ITEM_COUNT") > 0,
            )
            settings.set("FEEDS", feeds, priority="spider")
        return spider

    # --- scheduling -------------------------------------------------------------------------

    async def start(self) -> AsyncIterator[Any]:
        for source in self.sources.values():
            for url in source.urls:
                request = self._request(url, source, callback=self.parse_start, depth=0, start=True)
                if request is not None:
                    yield request

    def start_request(self, url: str, source_name: str) -> Request | None:
        """A request for a start URL of a known source (fed to a running crawl), or None."""
        return self._request(url, self.sources[source_name], callback=self.parse_start, depth=0, start=True)

    def _request(
        self,
        url: str | None,
        source: Source,
        *,
        callback: Any,
        depth: int,
        hints: dict[str, str] | None = None,
        start: bool = False,
        page: bool = True,
        lastmod: str | None = None,
        checked: bool = False,
    ) -> Request | None:
        """A request for ``url`` on behalf of ``source``, or None when it is refused (counted). ``url``
        None is a listing entry whose URL could not be read (crawler/state/discovery.py). ``checked``: ``url``
        is canonical and in the source's domains and patterns already (a page link read by
        crawler/safety/page_links.py)."""
        stats = self.crawler.stats
        canonical = url if checked else (canonical_url(url) if url is not None else None)
        if canonical is None:
            self._invalid_url(url, source)
            return None
        if not start and not checked:
            if not source.in_domain(canonical):
                stats.inc_value("cleancrawl/links/offsite")
                return None
            try:
                allowed = not page or source.allows(canonical)
            except UrlPatternTimeout as err:  # skipped, never a freeze (crawler/state/sources.py)
                stats.inc_value("cleancrawl/links/pattern-timeout")
                self.logger.warning("source %s: link skipped: %s", source.name, err)
                return None
            if not allowed:
                stats.inc_value("cleancrawl/links/filtered")
                return None
        if not start:
            trap = self.guard.reason(canonical) if page else None
            if trap:
                stats.inc_value(f"cleancrawl/links/trap/{trap}")
                return None
        if canonical in self._seen:
            return None
        self._seen.add(canonical)
        meta: dict[str, Any] = {
            "source": source.name,
            "page_depth": depth,
            "hints": hints or {},
            # A leaf's links are not followed: an incremental crawl may skip it (crawler/state/incremental.py).
            "leaf": page and not start and depth >= source.max_depth,
            "lastmod": lastmod,
        }
        if page and not start and source.max_pages:
            # Counted when let through, given back if answered 304 (crawler/components/middlewares.py).
            meta["max_pages"] = source.max_pages
        try:
            return Request(canonical, callback=callback, errback=self.on_error, meta=meta)
        except ValueError:  # a URL canonical_url let through that Scrapy still refuses
            self._invalid_url(url, source)
            return None

    def _invalid_url(self, url: str | None, source: Source) -> None:
        """Counts a URL that cannot be requested (unparsable, a bad host or port, not http(s))."""
        self.crawler.stats.inc_value("cleancrawl/links/invalid-url")
        self.logger.debug("%s: invalid URL refused: %r", source.name, url)

    # --- callbacks --------------------------------------------------------------------------

    async def parse_start(self, response: Response) -> AsyncIterator[Any]:
        """A start URL or a sitemap listed by another: tell its kind, then list or fetch."""
        source = self.sources[response.meta["source"]]
        content_type = response.headers.get(b"Content-Type", b"").decode("latin-1")
        kind, xml = discovery.classify(response.url, content_type, response.body, max_size=self.max_size)
        self.crawler.stats.inc_value(f"cleancrawl/start/{kind}")
        if kind == discovery.PAGE:
            if response.meta.get("sitemap_depth", 0) or response.body[:2] == b"\x1f\x8b":
                # listed as a sitemap (or gzipped) but no readable one: a maintenance page, a corrupt
                # gzip or one past DOWNLOAD_MAXSIZE; the listing misses its entries, so none is gone
                reason = f"{response.url} is no readable sitemap"
            else:
                # a start page: its stories are found by links, not listed, so a sitemap beside it
                # not listing them says nothing of whether they are gone
                reason = f"{response.url} is a page, not a sitemap"
            self.listings.setdefault(source.name, SitemapListing()).spoil(reason)
            if response.meta["page_depth"] == 0 and source.max_pages:
                response.meta["budget_start_page"] = True  # a page fetched in full: counted
            async for result in self.parse_page(response):
                yield result
            return
        listing = self.listings.setdefault(source.name, SitemapListing())
        if kind == discovery.SITEMAP:
            listing.sitemaps += 1
        elif kind not in (discovery.ROBOTS, discovery.SITEMAP_INDEX):
            listing.spoil(f"{response.url} is a {kind}, not a sitemap")
        if source.name in self.budget_spent:
            self._listing_unread(source)
            return
        if kind == discovery.SITEMAP and xml is not None and self.lazy_sitemaps:
            rows = discovery.sitemap_rows(xml, on_error=listing.spoil)
            entries = self._entry_requests(rows, source, response.url)
            for result in self.backlog.requests(entries, self._continuation(source)):
                yield result
            return
        if kind == discovery.SITEMAP_INDEX and xml is not None:
            rows = ((loc, hints) for loc, hints, _ in discovery.sitemap_rows(xml, on_error=listing.spoil))
            for request in self._sitemap_requests(rows, source, response, kind):
                yield request
            return
        found = discovery.listing(kind, response.url, response.body, xml)
        if kind == discovery.ROBOTS:
            for request in self._sitemap_requests(found.entries, source, response, kind):
                yield request
            return
        if not found.entries:
            self.logger.warning("%s: %s lists no URLs", response.url, kind)
            listing.spoil(f"{response.url} lists no URLs")
        for url, hints in found.entries:
            if source.name in self.budget_spent:
                self._listing_unread(source)
                return
            if kind == discovery.SITEMAP:
                self._list_entry(listing, url, response.url)
            # Sitemap and feed entries are the articles themselves: fetched, not followed.
            request = self._request(
                url,
                source,
                callback=self.parse_page,
                depth=source.max_depth,
                hints=hints,
                lastmod=found.lastmods.get(url) if url else None,
            )
            if request is not None:
                yield request

    def _sitemap_requests(
        self, entries: Iterable[tuple[str | None, dict[str, str]]], source: Source, response: Response, kind: str
    ) -> Iterable[Request]:
        """Requests for the sitemaps a robots.txt or sitemap index lists, within the bounds on sitemap
        discovery: an index nested deeper than ``max_sitemap_depth`` below the start URL (the sitemap
        protocol allows one level) and sitemap documents past the source's ``max_sitemaps`` are
        refused, so an endless chain or fan-out of indexes ends: at most ``max_sitemaps`` sitemap
        requests per source are ever made, whatever the indexes list (0: no limit)."""
        depth = response.meta.get("sitemap_depth", 0) + 1
        listed = False
        for url, _ in entries:
            listed = True
            if self.max_sitemap_depth and depth > self.max_sitemap_depth:
                self._refuse_sitemap(source, "sitemap-depth", "CLEANCRAWL_MAX_SITEMAP_DEPTH", response.url)
                continue
            if self.max_sitemaps and self._sitemaps_requested[source.name] >= self.max_sitemaps:
                self._refuse_sitemap(source, "sitemap-budget", "CLEANCRAWL_MAX_SITEMAPS", response.url)
                continue
            request = self._request(url, source, callback=self.parse_start, depth=0, page=False)
            if request is not None:
                request.meta["sitemap_depth"] = depth
                self._sitemaps_requested[source.name] += 1
                yield request
        if not listed:
            self.logger.warning("%s: %s lists no URLs", response.url, kind)
            self.listings.setdefault(source.name, SitemapListing()).spoil(f"{response.url} lists no URLs")

    def _listing_unread(self, source: Source) -> None:
        """Counts a listing (or the rest of one) not read because its source's page budget is spent."""
        self.crawler.stats.inc_value("cleancrawl/links/listing-unread")
        self.listings.setdefault(source.name, SitemapListing()).spoil("page budget spent: listing not read")
        self.logger.debug("%s: page budget spent, a listing is not read further", source.name)

    def _refuse_sitemap(self, source: Source, reason: str, setting: str, where: str) -> None:
        """Counts a sitemap refused by a discovery bound; logs the first refusal of each source and reason."""
        self.crawler.stats.inc_value(f"cleancrawl/links/{reason}")
        self.listings.setdefault(source.name, SitemapListing()).spoil(f"sitemaps refused ({reason})")
        if (source.name, reason) not in self._refusals_logged:
            self._refusals_logged.add((source.name, reason))
            limit = self.max_sitemap_depth if reason == "sitemap-depth" else self.max_sitemaps
            self.logger.warning(
                "%s: sitemaps listed by %s are not fetched: over %s=%d (these and later ones counted as %s)",
                source.name,
                where,
                setting,
                limit,
                reason,
            )

    def _entry_requests(
        self, rows: Iterable[tuple[str | None, dict[str, str], str | None]], source: Source, where: str
    ) -> Iterable[Request | None]:
        """Requests for sitemap entries, made one by one as the backlog asks for them."""
        seen = False
        listing = self.listings.setdefault(source.name, SitemapListing())
        for url, hints, lastmod in rows:
            if source.name in self.budget_spent:
                self._listing_unread(source)
                return
            seen = True
            self._list_entry(listing, url, where)
            # Sitemap entries are the articles themselves: fetched, not followed.
            yield self._request(
                url, source, callback=self.parse_page, depth=source.max_depth, hints=hints, lastmod=lastmod
            )
        if not seen:
            self.logger.warning("%s: %s lists no URLs", where, discovery.SITEMAP)
            listing.spoil(f"{where} lists no URLs")

    @staticmethod
    def _list_entry(listing: SitemapListing, url: str | None, where: str) -> None:
        """Adds a sitemap entry to the source's listing of this run; an entry whose URL cannot be read
        makes the listing partial (the page it stood for may still be there)."""
        canonical = canonical_url(url) if url is not None else None
        if canonical is None:
            listing.spoil(f"{where} lists an unreadable URL")
        else:
            listing.add(canonical)

    def _continuation(self, source: Source) -> Any:
        def make(key: int, slot: str) -> Request:
            meta = {"source": source.name, "page_depth": 0, "hints": {}, "leaf": False, "backlog": key}
            return Request(
                "data:,",
                callback=self.parse_backlog,
                errback=self.on_error,
                priority=CONTINUATION_PRIORITY,
                dont_filter=True,
                meta={**meta, "download_slot": slot},
            )

        return make

    def parse_backlog(self, response: Response) -> Iterable[Any]:
        """The next batch of a sitemap's entries, once the scheduler has drained the last one."""
        source = self.sources[response.meta["source"]]
        yield from self.backlog.resume(response.meta.get("backlog"), self._continuation(source))

    async def parse_page(self, response: Response) -> AsyncIterator[Any]:
        source = self.sources[response.meta["source"]]
        self.crawler.stats.inc_value(f"cleancrawl/pages/{source.name}")
        yield PageItem(
            url=response.url,
            body=response.body,
            status=response.status,
            content_type=response.headers.get(b"Content-Type", b"").decode("latin-1"),
            source=source.name,
            # the time the WARC archive stamped on this response, when archiving (crawler/components/warc_archive.py)
            fetched_at=response.meta.get("fetched_at") or _now(),
            rule_files=source.rule_files,
            hints=dict(response.meta.get("hints") or {}),
            state_url=state_key(response.request),
        )
        depth = response.meta["page_depth"]
        if depth < source.max_depth and isinstance(response, TextResponse):
            found = await self._read_links(response, source)
            if found is None:
                return
            for n, url in enumerate(found.urls, 1):
                request = self._request(url, source, callback=self.parse_page, depth=depth + 1, checked=True)
                if request is not None:
                    yield request
                if n % 500 == 0:  # a page of thousands of links lets the reactor breathe
                    await asyncio.sleep(0)

    async def _read_links(self, response: TextResponse, source: Source) -> page_links.PageLinks | None:
        """The page's links worth a request, read in a cleaning worker (crawler/safety/page_links.py),
        with what was left out counted; None when they cannot be read (counted, logged)."""
        stats = self.crawler.stats
        job = partial(
            page_links.read_links,
            response.url,
            response.body,
            response_class=type(response),
            content_type=response.headers.get(b"Content-Type", b"").decode("latin-1"),
            source=source,
            max_links=self.max_links,
            max_attributes=self.max_link_attributes,
        )
        pipeline = clean_pipeline(self.crawler)
        try:
            if pipeline is None:  # no cleaning workers (a crawl without CleanPipeline): here, capped
                found = job()
            else:
                found = await pipeline.run_in_worker(
                    job, timeout=self.link_timeout, what=f"reading the links of {response.url}"
                )
        except WorkerFailure as failure:  # the worker pool logged it and replaced the worker
            if failure.reason == CLEANER_TIMEOUT:
                stats.inc_value("cleancrawl/links/timeout")
                self.logger.warning("%s: links not read: still reading after %gs", response.url, self.link_timeout)
            else:
                stats.inc_value("cleancrawl/links/worker-crashed")
                self.logger.warning("%s: links not read: the worker reading them died", response.url)
            return None
        except PoolClosed:
            stats.inc_value("cleancrawl/links/worker-crashed")
            self.logger.warning("%s: links not read: the cleaning workers are closed", response.url)
            return None
        except Exception as exc:  # unparsable markup: the page is still cleaned, links are lost
            self.logger.warning("%s: cannot read links: %s", response.url, exc)
            stats.inc_value("cleancrawl/links/unreadable_page")
            return None
        for reason, count in found.counts.items():
            stats.inc_value(f"cleancrawl/links/{reason}", count)
        if found.counts.get("over-page-cap"):
            self.logger.warning(
                "%s: only its first %d links read (CLEANCRAWL_MAX_LINKS_PER_PAGE); %d more not read",
                response.url,
                self.max_links,
                found.counts["over-page-cap"],
            )
        for message in found.pattern_timeouts:
            self.logger.warning("source %s: link skipped: %s", source.name, message)
        return found

    def on_error(self, failure: Failure) -> None:
        """A request that failed for good (after retries): logged and counted, the crawl goes on."""
        request = failure.request
        if failure.check(NotModified):  # an unchanged page: counted by ConditionalRequestMiddleware
            return
        if request.callback == self.parse_start and "source" in request.meta:
            # a start URL or sitemap not read: this run's listing of the source is partial
            self.listings.setdefault(request.meta["source"], SitemapListing()).spoil(f"{request.url} failed")
        if failure.check(IgnoreRequest) and "exceeded DOWNLOAD_MAXSIZE" in failure.getErrorMessage():
            # A Content-Encoding that unpacks past DOWNLOAD_MAXSIZE (a gzip bomb): Scrapy's
            # HttpCompressionMiddleware stops unpacking there and ignores the response.
            self.crawler.stats.inc_value("cleancrawl/failed/too-large")
            self.logger.warning("gave up on %s: its body unpacks past DOWNLOAD_MAXSIZE", request.url)
            return
        limit = request.meta.get("download_maxsize", self.max_size)
        if limit and _cut_at_max_size(failure):
            self.crawler.stats.inc_value("cleancrawl/failed/too-large")
            self.logger.warning(
                "gave up on %s: its body is larger than DOWNLOAD_MAXSIZE (%d bytes)", request.url, limit
            )
            return
        if failure.check(ResponseHeadersTooLarge):  # endless headers: cut off (crawler/components/bounded_http.py)
            self.crawler.stats.inc_value("cleancrawl/failed/too-large")
            self.logger.warning("gave up on %s: %s", request.url, failure.getErrorMessage())
            return
        # robots.txt disallow and the like: counted by their middleware
        if failure.check(IgnoreRequest) and not failure.check(HttpError):
            self.crawler.stats.inc_value("cleancrawl/ignored")
            self.logger.debug("not fetched: %s: %s", request.url, failure.getErrorMessage())
            return
        reason = type(failure.value).__name__
        status = getattr(getattr(failure.value, "response", None), "status", None)
        if status:
            reason = f"http_{status}"
        self.crawler.stats.inc_value(f"cleancrawl/failed/{reason}")
        self.logger.warning("gave up on %s: %s", request.url, failure.getErrorMessage())


def _cut_at_max_size(failure: Failure) -> bool:
    """Whether Scrapy cancelled the download for its size: a declared Content-Length over
    DOWNLOAD_MAXSIZE says so in the message; a body streamed past it (no Content-Length, or a
    false one) is cut by cancelling the download, a ``DownloadCancelledError`` with no message,
    which nothing else in the HTTP/1.1 handler raises (its timeouts are DownloadTimeoutError)."""
    if not failure.check(DownloadCancelledError):
        return False
    message = failure.getErrorMessage()
    return "larger than download max size" in message or not message.strip()
