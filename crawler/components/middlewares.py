"""Politeness and limits Scrapy does not provide itself, or provides in a way that punishes
incremental re-runs: downloader middlewares, a spider middleware for page budgets, an AutoThrottle."""

from __future__ import annotations

import asyncio
import logging
import random
from collections import Counter, deque
from collections.abc import AsyncIterator, Iterable
from time import monotonic
from typing import Any
from urllib.parse import urlsplit

from scrapy import Request, signals
from scrapy.core.downloader import Downloader, Slot, _slot_jitter
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.extensions.throttle import AutoThrottle
from scrapy.http import Response

logger = logging.getLogger(__name__)


class FloorSlot(Slot):
    """A download slot that keeps its host's robots.txt Crawl-delay (``floor``): one request at a
    time, and the next one sent no sooner than ``floor`` seconds after the previous one's answer
    (or failure) came back, so the site sees its requests at least ``floor`` apart whatever the
    latency of each send.

    Scrapy draws each wait from ``delay * (1 ± jitter)`` when it sends the next queued request,
    counted from when it took the previous one off the queue, and AutoThrottle rewrites ``delay``
    after every response: keeping delay and jitter right as each request passed a middleware (as
    this project did) let the requests already queued go out at a later, lower delay (0.48 s gaps
    under Crawl-delay 1), and a busy event loop could send one late and the next on time (0.92 s).
    Counted from the answer, and checked at the moment of sending, neither reaches under it."""

    __slots__ = ("answered_at", "busy", "floor")

    def __init__(self, concurrency: int, delay: float, jitter: float | None = None, floor: float = 0.0) -> None:
        super().__init__(concurrency, delay, jitter)
        self.floor = floor
        self.busy = False  # a request of this slot is out (until CrawlDelayDownloader saw it end)
        self.answered_at = 0.0

    def free_transfer_slots(self) -> int:
        if not self.floor:
            return super().free_transfer_slots()
        return 0 if self.busy else min(1, super().free_transfer_slots())

    def download_delay(self) -> float:
        wait = super().download_delay()
        if not self.floor:
            return wait
        # Scrapy waits download_delay() - (now - lastseen): make that floor - (now - answered_at)
        return max(wait, self.floor, self.floor + self.answered_at - self.lastseen)


class CrawlDelayDownloader(Downloader):
    """Scrapy's Downloader whose slots are :class:`FloorSlot`: ``floors`` (slot key -> seconds,
    set by :class:`CrawlDelayMiddleware` from robots.txt) bounds every slot's wait from below,
    for a slot made later too (after Scrapy's idle-slot clean-up)."""

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self.floors: dict[str, float] = {}

    def set_floor(self, key: str, seconds: float) -> None:
        self.floors[key] = max(seconds, self.floors.get(key, 0.0))
        if key in self.slots and isinstance(self.slots[key], FloorSlot):
            self.slots[key].floor = self.floors[key]

    def _get_slot(self, request: Request, spider: Any = None) -> tuple[str, Slot]:
        key = self.get_slot_key(request)
        if key not in self.slots:
            # as Scrapy's Downloader._get_slot, with the slot's floor
            slot_settings = self.per_slot_settings.get(key, {})
            concurrency = slot_settings.get("concurrency", self.ip_concurrency or self.domain_concurrency)
            delay = slot_settings.get("delay", self._delay)
            jitter = _slot_jitter(slot_settings, self._jitter)
            self.slots[key] = FloorSlot(concurrency, delay, jitter, floor=self.floors.get(key, 0.0))
            self._start_slot_gc()
        return key, self.slots[key]

    async def _download(self, slot: Slot, request: Request) -> Response:
        if not isinstance(slot, FloorSlot) or not slot.floor:
            return await super()._download(slot, request)
        slot.busy = True
        try:
            return await super()._download(slot, request)
        finally:
            # Scrapy's _download looked at the queue already (and found no free place: busy); now
            # the wait for the next request starts, from this answer
            slot.busy = False
            slot.answered_at = monotonic()
            self._process_queue(slot)


class CrawlDelayMiddleware:
    """Honours a robots.txt ``Crawl-delay``, which Scrapy's RobotsTxtMiddleware ignores: as a floor
    of that site's download slot (:class:`CrawlDelayDownloader`), so two requests to it are never
    sent closer than the delay, whatever AutoThrottle, DOWNLOAD_DELAY_JITTER or retries do. Delays
    above CLEANCRAWL_MAX_CRAWL_DELAY are capped. With another DOWNLOADER (no floors), or as a worker
    of a shared crawl (--redis: crawler/distributed/worker.py spaces the sends of all workers), the slot's
    delay and jitter are raised as each request passes, which queued requests can undercut."""

    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
        if not settings.getbool("ROBOTSTXT_OBEY"):
            raise NotConfigured
        self.crawler = crawler
        self.max_delay = settings.getfloat("CLEANCRAWL_MAX_CRAWL_DELAY", 60.0)
        self.user_agent = settings.get("ROBOTSTXT_USER_AGENT") or settings.get("USER_AGENT")
        self.delays: dict[str, float] = {}
        # A worker of a shared crawl: crawler/distributed/worker.py books each send in Redis and has the slot
        # send it at once; a local floor would hold it past its booking, next to another worker's.
        self.floors = not settings.get("CLEANCRAWL_REDIS_URL")
        crawler.signals.connect(self.robots_parsed, signal=signals.robots_parsed)

    def _floors(self) -> CrawlDelayDownloader | None:
        downloader = self.crawler.engine.downloader
        return downloader if self.floors and isinstance(downloader, CrawlDelayDownloader) else None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CrawlDelayMiddleware:
        return cls(crawler)

    def robots_parsed(self, robotparser, request: Request) -> None:
        reader = getattr(robotparser, "crawl_delay", None)
        delay = reader(self.user_agent) if reader else None
        if delay:
            netloc = urlsplit(request.url).netloc
            self.delays[netloc] = min(float(delay), self.max_delay)
            self.crawler.stats.set_value(f"cleancrawl/crawl_delay/{netloc}", self.delays[netloc])
            logger.info("robots.txt of %s asks for Crawl-delay %.1fs", netloc, self.delays[netloc])
            downloader = self._floors()
            if downloader is not None:
                downloader.set_floor(downloader.get_slot_key(request), self.delays[netloc])

    def process_request(self, request: Request) -> None:
        delay = self.delays.get(urlsplit(request.url).netloc)
        if not delay:
            return
        floors = self._floors()
        if floors is not None:
            # a request with its own download_slot meta (another slot than its host's) keeps the floor too
            floors.set_floor(floors.get_slot_key(request), delay)
            return
        downloader = self.crawler.engine.downloader
        slot = downloader.slots.get(downloader.get_slot_key(request))
        if slot is None:
            return
        if slot.delay < delay:
            slot.delay = delay
        # Scrapy spreads each wait over delay * (1 ± jitter); keep the shortest one at the delay.
        if slot.jitter and slot.delay * (1 - slot.jitter) < delay:
            slot.jitter = max(0.0, 1 - delay / slot.delay)


class RetryBackoffMiddleware:
    """Makes each retry wait longer: RetryMiddleware re-schedules a failed request with
    ``retry_times`` in its meta; before it is sent again this waits RETRY_BACKOFF_BASE *
    2**(retry_times-1) seconds (with jitter, capped at RETRY_BACKOFF_MAX)."""

    def __init__(self, base: float, cap: float) -> None:
        self.base, self.cap = base, cap

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RetryBackoffMiddleware:
        settings = crawler.settings
        if not settings.getbool("RETRY_ENABLED"):
            raise NotConfigured
        return cls(settings.getfloat("RETRY_BACKOFF_BASE", 1.0), settings.getfloat("RETRY_BACKOFF_MAX", 30.0))

    async def process_request(self, request: Request) -> None:
        attempt = request.meta.get("retry_times", 0)
        if attempt and self.base > 0:
            wait = min(self.cap, self.base * 2 ** (attempt - 1)) * random.uniform(0.75, 1.25)
            await asyncio.sleep(wait)


class NotModifiedAutoThrottle(AutoThrottle):
    """Scrapy's AutoThrottle, except that a 304 answer adjusts the delay as the 200 it stands for.

    Scrapy's never lowers the delay on a response that is not a 200 (error pages are small and fast
    and would speed it up: scrapy/extensions/throttle.py, ``_adjust_delay``). A re-run whose pages
    all answer 304 therefore stayed at AUTOTHROTTLE_START_DELAY (1 s) a request, one request at a
    time per site: 181 unchanged pages took 114.6 s against 7.0 s to fetch them in full. A 304 is
    the server's cheapest answer, and its latency says as much about the server's load as a 200's;
    DOWNLOAD_DELAY and robots.txt Crawl-delay (CrawlDelayMiddleware) still bound it from below."""

    def _adjust_delay(self, slot: Slot, latency: float, response: Response) -> None:
        if response.status == 304:
            response = response.replace(status=200)
        super()._adjust_delay(slot, latency, response)


class PageBudgetMiddleware:
    """A source's ``max_pages``: at most that many of its pages fetched in full per crawl.

    The spider marks each page request of a budgeted source with ``meta["max_pages"]``; a start
    URL that turns out to be a page is marked on its response (``meta["budget_start_page"]``).
    Requests beyond the budget are held back, not dropped: a page that answers 304 (unchanged,
    fetched conditionally) gives its place back and the next held-back page is scheduled, so a
    re-run reaches the pages an earlier run's budget kept it from. Sitemap entries skipped for
    their lastmod never reach this middleware (IncrementalSpiderMiddleware runs before it on the
    spider's output) and cost nothing either. Failed requests do count: they were tried.
    Held-back requests are counted under ``cleancrawl/links/max_pages/<source>``.

    At most CLEANCRAWL_MAX_HELD_BACK requests are held back per source (0: no limit): with
    ``max_pages = 5`` a 200,000-entry sitemap held 199,995 requests in memory (391 MB). The first
    one past that is dropped (counted the same way) and the source is added to the spider's
    ``budget_spent``, whereupon the spider reads no more of its listings (crawler/spiders/articles.py)."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.admitted: Counter[str] = Counter()
        self.waiting: dict[str, deque[Request]] = {}
        self.max_held_back = crawler.settings.getint("CLEANCRAWL_MAX_HELD_BACK", 10_000)
        crawler.signals.connect(self.response_downloaded, signal=signals.response_downloaded)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> PageBudgetMiddleware:
        return cls(crawler)

    def _admit(self, result: Any, response: Any) -> bool:
        meta = getattr(response, "meta", None) or {}
        if meta.pop("budget_start_page", False):
            self.admitted[meta["source"]] += 1
        if not isinstance(result, Request) or not result.meta.get("max_pages"):
            return True
        source = result.meta["source"]
        if self.admitted[source] < result.meta["max_pages"]:
            self.admitted[source] += 1
            return True
        self.crawler.stats.inc_value(f"cleancrawl/links/max_pages/{source}")
        waiting = self.waiting.setdefault(source, deque())
        if not self.max_held_back or len(waiting) < self.max_held_back:
            waiting.append(result)
        else:
            self._spent(source)
        return False

    def _spent(self, source: str) -> None:
        """The source's budget is spent and its held-back queue full: its listings need not be read on."""
        spent = getattr(self.crawler.spider, "budget_spent", None)
        if isinstance(spent, set) and source not in spent:
            spent.add(source)
            logger.warning(
                "%s: max_pages reached and CLEANCRAWL_MAX_HELD_BACK=%d requests held back: the rest of its "
                "sitemaps and feeds is not read",
                source,
                self.max_held_back,
            )

    def process_spider_output(self, response: Response, result: Iterable[Any]) -> Iterable[Any]:
        return (r for r in result if self._admit(r, response))

    async def process_spider_output_async(self, response: Response, result: AsyncIterator[Any]) -> AsyncIterator[Any]:
        async for r in result:
            if self._admit(r, response):
                yield r

    def response_downloaded(self, response: Response, request: Request) -> None:
        if response.status != 304 or not request.meta.get("max_pages"):
            return
        source = request.meta["source"]
        waiting = self.waiting.get(source)
        if waiting:
            self.crawler.stats.inc_value(f"cleancrawl/links/max_pages/{source}", -1)
            self.crawler.engine.crawl(waiting.popleft())  # takes the place this page gave back
        else:
            self.admitted[source] -= 1
