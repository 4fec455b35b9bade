"""Item pipelines: clean fetched pages in worker processes, then drop duplicates."""

from __future__ import annotations

import asyncio
import logging
import weakref
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from crawler import cleaning
from crawler.drops import NotAnArticle
from crawler.items import PageItem
from crawler.near_dup import near_dup_config
from output.dedup import Deduplicator

logger = logging.getLogger(__name__)

# Bodies with these media types go to the cleaner; a missing Content-Type is left to it to judge.
_PAGE_TYPES = ("text/html", "application/xhtml+xml", "application/html")


def _mime(content_type: str) -> str:
    return content_type.split(";", 1)[0].strip().lower()


# The CleanPipeline of each crawler, so the spider can run its own heavy work (reading a page's
# links: crawler/page_links.py) in the same worker processes, off the reactor.
_PIPELINES: weakref.WeakKeyDictionary[Crawler, CleanPipeline] = weakref.WeakKeyDictionary()


def clean_pipeline(crawler: Crawler) -> CleanPipeline | None:
    """The crawler's CleanPipeline once its workers are started, else None."""
    pipeline = _PIPELINES.get(crawler)
    return pipeline if pipeline is not None and pipeline.pool is not None else None


class CleanPipeline:
    """Turns a PageItem into a record by calling the cleaning core in a pool of worker processes,
    so extraction never blocks the reactor and uses every core. Pages that are not articles are
    dropped with their reason counted under ``cleancrawl/dropped/<reason>``.

    Back-pressure is Scrapy's: each item waits here for its worker, so the scraper slot stays
    busy and the engine stops downloading while SCRAPER_SLOT_MAX_ACTIVE_SIZE bytes of responses
    wait (CONCURRENT_ITEMS caps the items of one response in flight).
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.stats = crawler.stats
        self.workers = crawler.settings.getint("CLEANCRAWL_WORKERS") or 1
        self.min_words = crawler.settings.getint("CLEANCRAWL_MIN_WORDS", 25)
        # "markdown": records also carry the article as Markdown (checked by the command line)
        self.format = crawler.settings.get("CLEANCRAWL_FORMAT") or "text"
        self.provenance = crawler.settings.getbool("CLEANCRAWL_PROVENANCE")
        self.page_timeout = crawler.settings.getfloat("CLEANCRAWL_PAGE_TIMEOUT", 120.0)
        # the workers compute each record's MinHash signature too, unless near-duplicates are off
        self.near_dup = near_dup_config(crawler.settings)
        self.pool: ProcessPoolExecutor | None = None
        # Bumped on each pool restart, so the items that all see one broken pool restart it once.
        self.generation = 0
        _PIPELINES[crawler] = self

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CleanPipeline:
        return cls(crawler)

    async def open_spider(self) -> None:
        self.pool = cleaning.make_pool(self.workers)
        # Start every worker now, so the first pages do not wait for imports.
        await asyncio.gather(*(asyncio.wrap_future(self.pool.submit(cleaning.warm_up)) for _ in range(self.workers)))
        self.stats.set_value("cleancrawl/workers", self.workers)

    async def close_spider(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None

    def _drop(self, reason: str, url: str) -> NotAnArticle:
        self.stats.inc_value(f"cleancrawl/dropped/{reason}")
        return NotAnArticle(reason, url)

    def _restart_pool(self, generation: int, *, kill: bool) -> None:
        """Replace the pool (once per breakage); ``kill`` stops workers stuck on a page first."""
        if generation != self.generation or self.pool is None:
            return
        self.generation += 1
        self.stats.inc_value("cleancrawl/worker_restarts")
        old = self.pool
        if kill:
            # The pool cannot cancel a running task; its workers are ended instead (the pages the
            # other workers held come back as BrokenProcessPool and get their second try).
            for process in list(getattr(old, "_processes", {}).values()):
                process.kill()
        old.shutdown(wait=False, cancel_futures=True)
        self.pool = cleaning.make_pool(self.workers)

    async def run_in_worker(
        self, fn: Callable[..., Any], /, *args: Any, timeout: float, what: str, **kwargs: Any
    ) -> Any:
        """``fn(*args, **kwargs)`` in a cleaning worker. Past ``timeout`` seconds (waiting included)
        the workers are killed and restarted, as for a stuck page, and TimeoutError raised; a pool
        that broke meanwhile is given one more try, then BrokenProcessPool is raised."""
        for attempt in (1, 2):
            if self.pool is None:
                raise BrokenProcessPool("the cleaning workers are closed")
            generation = self.generation
            future = self.pool.submit(fn, *args, **kwargs)
            try:
                return await asyncio.wait_for(asyncio.wrap_future(future), timeout or None)
            except TimeoutError:
                logger.error("%s took over %.0fs; restarting the cleaning workers", what, timeout)
                self._restart_pool(generation, kill=True)
                raise
            except BrokenProcessPool:
                self._restart_pool(generation, kill=False)
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    async def _clean(self, item: PageItem) -> tuple[dict[str, Any] | None, str | None]:
        assert self.pool is not None
        generation = self.generation
        future = self.pool.submit(
            cleaning.clean_page,
            item.url,
            item.body,
            content_type=item.content_type or None,
            status=item.status,
            source=item.source,
            fetched_at=item.fetched_at,
            rule_files=item.rule_files,
            min_words=self.min_words,
            hints=item.hints,
            format=self.format,
            provenance=self.provenance,
            near_dup=self.near_dup,
        )
        try:
            return await asyncio.wait_for(asyncio.wrap_future(future), self.page_timeout or None)
        except TimeoutError:
            logger.error("cleaning %s took over %.0fs; restarting the cleaning workers", item.url, self.page_timeout)
            self._restart_pool(generation, kill=True)
            raise
        except BrokenProcessPool:
            self._restart_pool(generation, kill=False)
            raise

    async def process_item(self, item: Any) -> Any:
        if not isinstance(item, PageItem):
            return item
        mime = _mime(item.content_type)
        if mime and mime not in _PAGE_TYPES:
            raise self._drop("wrong-content-type", item.url)
        for attempt in (1, 2):
            try:
                record, reason = await self._clean(item)
                break
            except TimeoutError:
                raise self._drop("cleaner-timeout", item.url) from None
            except BrokenProcessPool:
                # A worker died (out of memory, killed, or ended for a stuck page): one more go on
                # the new pool, then the page is counted as lost to a crash.
                if attempt == 2:
                    raise self._drop("worker-crashed", item.url) from None
                logger.warning("cleaning worker died while %s was queued; trying it again", item.url)
            except Exception:
                logger.exception("cleaning failed on %s", item.url)
                raise self._drop("cleaner-error", item.url) from None
        if record is None:
            raise self._drop(reason or "no-text", item.url)
        self.stats.inc_value("cleancrawl/articles")
        return record


class DedupPipeline:
    """Writes each article once per crawl: drops a record whose canonical URL or content
    fingerprint an earlier record had (counted as ``cleancrawl/dropped/duplicate-*``)."""

    def __init__(self, crawler: Crawler) -> None:
        self.stats = crawler.stats
        self.seen = Deduplicator()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DedupPipeline:
        return cls(crawler)

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, dict) or "fingerprint" not in item:
            return item
        reason = self.seen.check(item)
        if reason:
            self.stats.inc_value(f"cleancrawl/dropped/{reason}")
            raise DropItem(f"{reason}: {item.get('url')}")
        self.stats.inc_value("cleancrawl/written")
        return item
