"""Item pipelines: clean fetched pages in worker processes, then drop duplicates."""

from __future__ import annotations

import asyncio
import logging
import weakref
from collections.abc import Callable
from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from cleaners.ruleset import RuleRunError
from crawler.components import store_failure
from crawler.components.drops import NOT_CLEANED_REASONS, NOT_CLEANED_STAT, RULE_ERROR, NotAnArticle
from crawler.components.near_dup import near_dup_config
from crawler.items import PageItem
from crawler.state.crawl_state import CLEANING_FAILED, CrawlState, open_state
from crawler.workers import cleaning
from crawler.workers.pool import PoolClosed, WorkerFailure, WorkerPool
from output.dedup import Deduplicator

logger = logging.getLogger(__name__)

# Bodies with these media types go to the cleaner; a missing Content-Type is left to it to judge.
_PAGE_TYPES = ("text/html", "application/xhtml+xml", "application/html")


def _mime(content_type: str) -> str:
    return content_type.split(";", 1)[0].strip().lower()


RULE_ERROR_STAT = "cleancrawl/rule_error"
BACKLOG_STAT = "cleancrawl/cleaning/backlog"
PEAK_BACKLOG_STAT = "cleancrawl/cleaning/peak_backlog"
# pages given up after CLEANCRAWL_MAX_CLEANING_ATTEMPTS failed cleanings in a row, by the last failure
GIVEN_UP_STAT = "cleancrawl/given_up/"


# The CleanPipeline of each crawler, so the spider can run its own heavy work (reading a page's
# links: crawler/safety/page_links.py) in the same worker processes, off the reactor.
_PIPELINES: weakref.WeakKeyDictionary[Crawler, CleanPipeline] = weakref.WeakKeyDictionary()


def clean_pipeline(crawler: Crawler) -> CleanPipeline | None:
    """The crawler's CleanPipeline once its workers are started, else None."""
    pipeline = _PIPELINES.get(crawler)
    return pipeline if pipeline is not None and pipeline.pool is not None else None


def block_model_settings(settings: Any) -> tuple[bool | None, float | None]:
    """(block_model, model_threshold) for clean_html from CLEANCRAWL_BLOCK_MODEL ("on", "off",
    "default": None) and CLEANCRAWL_BLOCK_MODEL_THRESHOLD (None: the model's own; a threshold
    given turns the model on unless it is "off"). Values were checked before the crawl
    (crawler/safety/setting_checks.py)."""
    switch = str(settings.get("CLEANCRAWL_BLOCK_MODEL") or "default").lower()
    raw = settings.get("CLEANCRAWL_BLOCK_MODEL_THRESHOLD")
    threshold = None if raw in (None, "") else float(raw)
    if switch == "off":
        return False, threshold
    return (True if switch == "on" or threshold is not None else None), threshold


# cleaners.result.MODEL_RULE_ID (kept literal: the crawl process imports no cleaning module)
MODEL_RULE_ID = "model.block"


class CleanPipeline:
    """Turns a PageItem into a record by calling the cleaning core in a pool of worker processes,
    so extraction never blocks the reactor and uses every core. Pages that are not articles are
    dropped with their reason counted under ``cleancrawl/dropped/<reason>``.

    Back-pressure is Scrapy's: each item waits here for its worker, so the scraper slot stays
    busy and the engine stops downloading while SCRAPER_SLOT_MAX_ACTIVE_SIZE bytes of responses
    wait (CONCURRENT_ITEMS caps the items of one response in flight). Bytes alone let small pages
    pile up (a response counts 1 kB at least: ~2,000 of them under 2 MB) when cleaning is slower
    than fetching, so each page waiting here also weighs 1/CLEANCRAWL_CLEANING_BACKLOG of that
    limit in the slot's ``active_size`` (:meth:`_hold`): the engine's own
    ``needs_backout`` then stops new requests once that many pages wait (fewer when their bytes
    count too); the requests already in flight still land. The peak is in the stats
    (``cleancrawl/cleaning/peak_backlog``).
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
        self.block_model, self.model_threshold = block_model_settings(crawler.settings)
        # the workers compute each record's MinHash signature too, unless near-duplicates are off
        self.near_dup = near_dup_config(crawler.settings)
        self.pool: WorkerPool | None = None
        # pages handed to the pipeline and not yet cleaned (waiting for a worker or in one)
        self.backlog = 0
        self.peak_backlog = 0
        backlog = crawler.settings.getint("CLEANCRAWL_CLEANING_BACKLOG")
        self.max_backlog = backlog if backlog > 0 else 4 * self.workers
        # a page whose cleaning failed this many runs in a row is given up (0: never; see _lost)
        self.max_attempts = crawler.settings.getint("CLEANCRAWL_MAX_CLEANING_ATTEMPTS", 3)
        self.state: CrawlState | None = None
        _PIPELINES[crawler] = self

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CleanPipeline:
        return cls(crawler)

    async def open_spider(self) -> None:
        pool = cleaning.make_pool(self.workers, self.page_timeout)
        # Every worker is started now (off the reactor: forking waits for the forkserver's
        # imports), so the first pages do not wait for them.
        await asyncio.to_thread(pool.start)
        self.pool = pool
        if self.max_attempts > 0:
            try:  # the store the crawl state components use (None with CLEANCRAWL_STATE=off)
                self.state = open_state(self.crawler.settings)
            except (*store_failure.store_errors(), ValueError) as exc:
                logger.warning("cleaning failures are not counted (the crawl state cannot be opened: %s)", exc)
        self.stats.set_value("cleancrawl/workers", self.workers)
        self.stats.set_value(BACKLOG_STAT, self.max_backlog)

    async def close_spider(self) -> None:
        if self.pool is not None:
            pool, self.pool = self.pool, None
            await asyncio.to_thread(pool.close)
            if pool.restarts:
                self.stats.set_value("cleancrawl/worker_restarts", pool.restarts)
        if self.state is not None:
            state, self.state = self.state, None
            state.close()

    def _drop(self, reason: str, url: str) -> NotAnArticle:
        self.stats.inc_value(f"cleancrawl/dropped/{reason}")
        if reason in NOT_CLEANED_REASONS:  # lost by this run (crawler/components/drops.py)
            self.stats.inc_value(NOT_CLEANED_STAT + reason)
        return NotAnArticle(reason, url)

    def _lost(self, reason: str, item: PageItem) -> NotAnArticle:
        """The page's cleaning failed (``reason``: its worker was killed or ran out of time, the
        cleaning code failed). One more consecutive failure is noted in the crawl state; below
        CLEANCRAWL_MAX_CLEANING_ATTEMPTS the page is lost by this run (not done: fetched again, exit
        1). At the limit it is a poison page, not a passing accident: given up as ``cleaning-failed``,
        a counted and logged rejection that the state records as done (not fetched again unless it
        changes), so one bad page does not fail every run for ever nor hold a worker each time."""
        if self.state is None or self.max_attempts <= 0:
            return self._drop(reason, item.url)
        url = item.state_url or item.url
        try:
            attempts = self.state.note_cleaning_failure(item.source, url)
        except store_failure.store_errors() as exc:  # not counted: today's behaviour (exit 1, again)
            logger.warning("cannot count the failed cleaning of %s in the crawl state: %s", url, exc)
            return self._drop(reason, item.url)
        if attempts < self.max_attempts:
            return self._drop(reason, item.url)
        logger.warning(
            "giving up on %s: its cleaning failed %d runs in a row (this time: %s); recorded as %s, "
            "not fetched again unless it changes (CLEANCRAWL_MAX_CLEANING_ATTEMPTS=%d)",
            url, attempts, reason, CLEANING_FAILED, self.max_attempts,
        )
        self.stats.inc_value(GIVEN_UP_STAT + reason)
        return self._drop(CLEANING_FAILED, item.url)

    async def run_in_worker(
        self, fn: Callable[..., Any], /, *args: Any, timeout: float, what: str, **kwargs: Any
    ) -> Any:
        """``fn(*args, **kwargs)`` in a cleaning worker, awaited without blocking the reactor.
        Past ``timeout`` seconds in its worker (0: none), or if its worker dies, the worker pool
        (crawler/workers/pool.py) kills and replaces that worker and WorkerFailure is raised;
        PoolClosed once the crawl has closed the workers."""
        if self.pool is None:
            raise PoolClosed("the cleaning workers are closed")
        return await asyncio.wrap_future(self.pool.submit(fn, *args, timeout=timeout or 0, what=what, **kwargs))

    async def _clean(self, item: PageItem) -> tuple[dict[str, Any] | None, str | None]:
        return await self.run_in_worker(
            cleaning.clean_page,
            item.url,
            item.body,
            timeout=self.page_timeout,
            what=f"cleaning {item.url}",
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
            block_model=self.block_model,
            model_threshold=self.model_threshold,
        )

    def _hold(self) -> tuple[Any, int]:
        """A page handed to this pipeline: counted in the backlog until cleaned (its peak in the
        stats), and weighing on the scraper slot's back-pressure meanwhile (see the class
        docstring). Returns what :meth:`_release` takes off again."""
        slot = self._scraper_slot()
        weight = slot.max_active_size // self.max_backlog + 1 if slot is not None else 0
        self.backlog += 1
        if self.backlog > self.peak_backlog:
            self.peak_backlog = self.backlog
            self.stats.set_value(PEAK_BACKLOG_STAT, self.peak_backlog)
        if slot is not None:
            slot.active_size += weight
        return slot, weight

    def _release(self, held: tuple[Any, int]) -> None:
        """The page is cleaned (or dropped): out of the backlog, its weight off the same slot, so
        Scrapy's own accounting of the slot is left as it was."""
        slot, weight = held
        self.backlog -= 1
        if slot is not None:
            slot.active_size -= weight

    def _scraper_slot(self) -> Any:
        """The engine's scraper slot (``scrapy.core.scraper.Slot``: ``active_size`` against
        ``max_active_size``, what ``ExecutionEngine.needs_backout`` reads), or None."""
        engine = self.crawler.engine if self.crawler.crawling else None  # unset before: it raises
        slot = getattr(getattr(engine, "scraper", None), "slot", None)
        return slot if hasattr(slot, "active_size") and getattr(slot, "max_active_size", 0) > 0 else None

    def _rule_failed(self, err: RuleRunError) -> None:
        """The first rule error stops the crawl (exit 2, crawler/cli/crawl.py): logged once, with
        the file and the rule; the pages in flight are dropped as ``rule-error`` too."""
        if self.stats.get_value(RULE_ERROR_STAT):
            return
        self.stats.set_value(RULE_ERROR_STAT, str(err))
        logger.error("%s; stopping the crawl (fix the rule: its pages are fetched again next time)", err)
        engine = self.crawler.engine if self.crawler.crawling else None
        if engine is not None and engine.spider is not None:
            from scrapy.utils.defer import deferred_from_coro

            deferred_from_coro(engine.close_spider_async(reason=RULE_ERROR))

    async def process_item(self, item: Any) -> Any:
        if not isinstance(item, PageItem):
            return item
        held = self._hold()
        try:  # released whatever happens, so a page can never leave the engine backing out
            return await self._clean_item(item)
        finally:
            self._release(held)

    async def _clean_item(self, item: PageItem) -> dict[str, Any]:
        mime = _mime(item.content_type)
        if mime and mime not in _PAGE_TYPES:
            raise self._drop("wrong-content-type", item.url)
        try:
            record, reason = await self._clean(item)
        except WorkerFailure as failure:
            # The worker died (out of memory, killed, a crash) or ran past CLEANCRAWL_PAGE_TIMEOUT
            # with this page: the pool has logged it and replaced the worker; the page is counted
            # (a transient reason: not marked done, fetched again next run), the crawl goes on and
            # exits 1 (crawler/cli/crawl.py), unless it failed so too often: given up (_lost).
            raise self._lost(failure.reason, item) from None
        except PoolClosed:
            raise self._drop("worker-crashed", item.url) from None
        except RuleRunError as err:
            self._rule_failed(err)
            raise self._drop(RULE_ERROR, item.url) from None
        except Exception:
            logger.exception("cleaning failed on %s", item.url)
            raise self._lost("cleaner-error", item) from None
        if record is None:
            raise self._drop(reason or "no-text", item.url)
        self.stats.inc_value("cleancrawl/articles")
        model_removed = (record.get("removed") or {}).get(MODEL_RULE_ID)
        if model_removed:  # the block model's removals (docs/block-model.md), in the crawl's stats
            self.stats.inc_value("cleancrawl/block_model/removed", model_removed)
            self.stats.inc_value("cleancrawl/block_model/pages")
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
