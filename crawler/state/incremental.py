"""Incremental and resumable crawls: the Scrapy components that read and update the crawl state.

Each is switched on in crawler/settings.py and opens the store CLEANCRAWL_STATE names (see
crawler/state/crawl_state.py); with CLEANCRAWL_STATE=off they switch themselves off. CLEANCRAWL_FULL (``cleancrawl
crawl --full``) makes them ignore what the state says, while still recording what this crawl does.

Only *leaf* requests are skipped or made conditional: article candidates whose links are not
followed (sitemap and feed entries, pages at the source's max_depth; the spider marks them with
``meta["leaf"]``). A page whose links are followed is always fetched in full, so an unchanged
section page still leads to the articles below it.

- ``IncrementalSpiderMiddleware``: drops a sitemap entry whose ``lastmod`` is not newer than the
  one its page was fetched with, before any request (``cleancrawl/incremental/skipped_lastmod``).
- ``ConditionalRequestMiddleware``: sends If-None-Match / If-Modified-Since for known pages; a 304
  yields nothing (``cleancrawl/incremental/not_modified``).
- ``UnchangedPipeline``: drops a record whose words were already written
  (``cleancrawl/incremental/unchanged``).
- ``WrittenStatePipeline``: marks a page done only once its line is flushed to the output (or it
  was dropped as no article), and recovers the records of a crawl that was killed.
- ``GonePages``: a written page that now answers 404/410, or that the complete sitemaps of its
  source no longer list, becomes ``gone`` (counted, logged, a tombstone with ``--tombstones``).
- ``StateDupeFilter``: Scrapy's request dupefilter, except that after a resume (JOBDIR) a request
  the killed crawl had scheduled but never finished is let through again.
"""

from __future__ import annotations

import contextlib
import logging
import math
import os
import time
from collections import deque
from collections.abc import AsyncIterator, Iterable
from datetime import UTC, datetime
from typing import Any

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.dupefilters import RFPDupeFilter
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.extensions.feedexport import FeedExporter
from scrapy.http import Response
from scrapy.utils.job import job_dir

from crawler.components import store_failure
from crawler.components.drops import NotAnArticle, Unchanged
from crawler.components.feed_exporter import CheckedFeedExporter
from crawler.components.health_spared import count_spared
from crawler.safety import safe_paths
from crawler.state.crawl_state import (
    DROPPED,
    DUPLICATE,
    GONE,
    WRITTEN,
    CrawlState,
    PageState,
    Run,
    lastmod_unchanged,
    local_path,
    open_state,
    redis_unreachable,
)

logger = logging.getLogger(__name__)

_LINES = ("jsonl", "jsonlines")


class NotModified(IgnoreRequest):
    """A conditional request answered 304: the page has not changed since it was written."""


def state_key(request: Request) -> str:
    """The URL the state knows a page by: the one the spider asked for, before any redirect."""
    return (request.meta.get("redirect_urls") or [request.url])[0]


def _header(response: Response, name: bytes) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None


def _open(crawler: Crawler) -> CrawlState:
    state = open_state(crawler.settings)
    if state is None:
        raise NotConfigured  # CLEANCRAWL_STATE=off
    return state


class IncrementalSpiderMiddleware:
    """Skips sitemap entries whose ``lastmod`` says the page has not changed since it was done."""

    def __init__(self, crawler: Crawler) -> None:
        if crawler.settings.getbool("CLEANCRAWL_FULL"):
            raise NotConfigured  # --full: every page is fetched
        self.state = _open(crawler)
        self.stats = crawler.stats
        crawler.signals.connect(self.state.close, signal=signals.engine_stopped)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> IncrementalSpiderMiddleware:
        return cls(crawler)

    def _keep(self, result: Any) -> bool:
        if not isinstance(result, Request) or not result.meta.get("leaf") or not result.meta.get("lastmod"):
            return True
        known = self.state.get(result.meta["source"], result.url)
        if lastmod_unchanged(known, result.meta["lastmod"]):
            self.stats.inc_value("cleancrawl/incremental/skipped_lastmod")
            count_spared(self.stats, result.meta["source"], "skipped", known)
            return False
        return True

    def process_spider_output(self, response: Response, result: Iterable[Any]) -> Iterable[Any]:
        return (r for r in result if self._keep(r))

    async def process_spider_output_async(self, response: Response, result: AsyncIterator[Any]) -> AsyncIterator[Any]:
        async for r in result:
            if self._keep(r):
                yield r


class ConditionalRequestMiddleware:
    """Asks the server whether a known page changed: If-None-Match (ETag) and If-Modified-Since
    (Last-Modified) as its last response gave them. A 304 answer ends the request (NotModified,
    which the spider ignores) and refreshes the page's validators."""

    def __init__(self, crawler: Crawler) -> None:
        if crawler.settings.getbool("CLEANCRAWL_FULL"):
            raise NotConfigured  # --full: no conditional requests
        self.state = _open(crawler)
        self.crawler = crawler
        self.stats = crawler.stats
        crawler.signals.connect(self.state.close, signal=signals.engine_stopped)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ConditionalRequestMiddleware:
        return cls(crawler)

    def process_request(self, request: Request) -> None:
        if not request.meta.get("leaf") or "source" not in request.meta:
            return
        known = self.state.get(request.meta["source"], state_key(request))
        if known is None or not known.done or not (known.etag or known.last_modified):
            return
        if known.etag:
            request.headers.setdefault(b"If-None-Match", known.etag)
        if known.last_modified:
            request.headers.setdefault(b"If-Modified-Since", known.last_modified)
        request.meta["conditional"] = True

    def process_response(self, request: Request, response: Response) -> Response:
        if response.status != 304 or not request.meta.get("conditional"):
            return response
        source = request.meta["source"]
        known = self.state.get(source, state_key(request))
        if known is not None:
            fresher = known.with_validators(
                _header(response, b"ETag"), _header(response, b"Last-Modified"), request.meta.get("lastmod")
            )
            try:
                self.state.record(source, fresher)
            except store_failure.store_errors() as exc:  # the page is still unchanged: nothing lost
                store_failure.stop_crawl(self.crawler, store_failure.describe(self.state, "crawl state"), exc)
        self.stats.inc_value("cleancrawl/incremental/not_modified")
        count_spared(self.stats, source, "not_modified", known)
        raise NotModified(f"not modified: {request.url}")


class UnchangedPipeline:
    """Drops a record whose words this source has already written (at this URL or another), so a
    re-run writes only new and changed articles. Runs before DedupPipeline, so a dropped record is
    not counted as written."""

    def __init__(self, crawler: Crawler) -> None:
        if crawler.settings.getbool("CLEANCRAWL_FULL"):
            raise NotConfigured  # --full: every article is written
        self.state = _open(crawler)
        self.stats = crawler.stats
        # Words this crawl let through: a second copy in this crawl is DedupPipeline's to count.
        self.passed: set[tuple[str, str]] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> UnchangedPipeline:
        return cls(crawler)

    def close_spider(self) -> None:
        self.state.close()

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, dict) or not item.get("fingerprint"):
            return item
        key = (str(item.get("source")), item["fingerprint"])
        url = None if key in self.passed else self.state.written_url(*key)
        if url is not None:
            self.stats.inc_value("cleancrawl/incremental/unchanged")
            known = self.state.get(key[0], url)
            # Written for good, or still being written by another crawl (which may yet die)?
            settled = known is not None and known.status == WRITTEN and known.fingerprint == key[1]
            raise Unchanged(
                f"unchanged since an earlier crawl: {item.get('url')}",
                fingerprint=key[1],
                settled=settled,
                written_url=url,
            )
        self.passed.add(key)
        return item


# Sent with ``request`` when the record of that request's page was written to an output that keeps it
# only once its gzip member, file or batch is (``record_waiting``), and when it is kept for good
# (``record_stored``). A ``--redis`` worker keeps such a request its own until then
# (crawler/distributed/worker.py), so that a worker killed meanwhile has it fetched again.
record_waiting = object()
record_stored = object()


class WrittenStatePipeline:
    """Keeps the state in step with the output, so a crash never marks unwritten work done:

    - before its line is written, a record is noted as pending for this run (``begin_write``);
    - once the feed exporter has written and flushed it (``item_scraped``, which reaches this
      pipeline after the FeedExporter: pipelines connect after extensions), the page is marked
      written; only if its line really was written (``CheckedFeedExporter.wrote``: Scrapy goes on
      calling this receiver when the write failed), else it stays pending and is fetched again
      by the next crawl. Output complete only when its file is closed (Parquet, remote storage,
      post-processing) is marked when the file (or batch) holding it is stored;
    - a page dropped as no article (or as a copy of a written one) is marked done at once;
    - at start, pending records of crawls that were killed are looked up in their output files:
      found ones become written, the rest are fetched again. A killed crawl's half-written last
      line is cut off its file.

    Must be the last pipeline: whatever it lets through is written.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.state = _open(crawler)
        self.crawler = crawler
        self.stats = crawler.stats
        feeds = crawler.settings.getdict("FEEDS")
        # Local files written as they are (no post-processing): what recovery reads (and repairs)
        # after a crash. Those of plain JSON lines are "durable": each line is flushed as it is
        # written (crawler/components/feed_exporter.py), so its record is marked written at once; gzipped ones once
        # their gzip member is written; those of any other feed (Parquet, remote storage,
        # post-processing) when the file or batch holding them is stored.
        local = {
            str(uri): local_path(str(uri))
            for uri, options in feeds.items()
            if local_path(str(uri)) and not options.get("postprocessing")
        }
        self.durable_feeds = {uri for uri in local if feeds[uri].get("format") in _LINES}
        self.durable = len(self.durable_feeds) == len(feeds)
        self.run = Run.current(p for p in local.values() if p)
        # Records not yet written for good, by the slot they wait for: (their position in the slot,
        # [source, page, the slots they still wait for]). A gzip member, or a file or batch stored
        # at its close, lets them go (``_release``).
        self._waiting: dict[int, deque[tuple[int, list[Any]]]] = {}
        self._unsettled: list[tuple[str, PageState]] = []
        # Recovery touches only files of the data folder (or this crawl's own) that carry the dead run's token.
        safe_paths.configure(crawler.settings.get("CLEANCRAWL_DATA_DIR") or "data", self.run.outputs)
        # A store that failed (disk full...): this run's pending records and run token are kept, so
        # the next crawl recovers what it wrote (crawler/components/store_failure.py).
        self.broken: BaseException | None = None
        self.where = store_failure.describe(self.state, "crawl state")
        self._claimed = False  # this run's token goes beside its outputs before their first line
        self.outputs: CheckedFeedExporter | None = None
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(self.item_dropped, signal=signals.item_dropped)
        crawler.signals.connect(self.feed_slot_closed, signal=signals.feed_slot_closed)
        crawler.signals.connect(self.feed_exporter_closed, signal=signals.feed_exporter_closed)
        crawler.signals.connect(self.engine_stopped, signal=signals.engine_stopped)
        try:
            self._recover()
            self.state.start_run(self.run)
        except store_failure.store_errors() as exc:
            self.broken = exc  # the crawl is stopped as soon as it opens

    def _recover(self) -> None:
        recovery = self.state.recover()
        if recovery.runs:
            repaired = ", ".join(recovery.repaired_files)
            mid_write = recovery.written + recovery.forgotten
            logger.warning(
                "recovered %d killed crawl(s): %s%s",
                recovery.runs,
                f"of {mid_write} record(s) it was writing, {recovery.written} found in its output, "
                f"{recovery.forgotten} to fetch again"
                if mid_write
                else "no record was being written when it stopped (what it wrote is marked written)",
                f"; cut a partial last line off {repaired}" if repaired else "",
            )
            if recovery.written:
                self.stats.set_value("cleancrawl/incremental/recovered_written", recovery.written)

    def _store_failed(self, exc: BaseException) -> None:
        self.broken = self.broken or exc
        store_failure.stop_crawl(self.crawler, self.where, exc)

    def _record(self, source: str, page: PageState) -> None:
        """Store ``page``; a failure stops the crawl (what is written stays pending, for recovery)."""
        try:
            self.state.record(source, page)
        except store_failure.store_errors() as exc:
            self._store_failed(exc)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> WrittenStatePipeline:
        return cls(crawler)

    def process_item(self, item: Any) -> Any:
        if not self._claimed:
            safe_paths.claim(self.run.outputs, self.run.run_id)
            self._claimed = True
        if isinstance(item, dict) and item.get("fingerprint"):
            if store_failure.failed(self.crawler):  # not written: it could not be kept track of
                raise store_failure.not_written(self.crawler, item, counted=True)
            try:
                self.state.begin_write(
                    str(item.get("source")), item["fingerprint"], str(item.get("url")), self.run.run_id
                )
            except store_failure.store_errors() as exc:
                self._store_failed(exc)
                raise store_failure.not_written(self.crawler, item, counted=True) from None
        return item

    @staticmethod
    def _page(response: Response, status: str, fingerprint: str | None, reason: str | None = None) -> PageState:
        return PageState(
            url=state_key(response.request) if response.request else response.url,
            status=status,
            fingerprint=fingerprint,
            etag=_header(response, b"ETag"),
            last_modified=_header(response, b"Last-Modified"),
            lastmod=response.meta.get("lastmod"),
            reason=reason,
        )

    def spider_opened(self) -> None:
        if self.broken is not None:
            store_failure.stop_crawl(self.crawler, self.where, self.broken)
        self.outputs = self.crawler.get_extension(CheckedFeedExporter)
        if self.outputs is not None:
            self.outputs.on_progress.append(self._progress)
        if self.outputs is None and self.crawler.get_extension(FeedExporter) is not None:
            logger.warning(
                "EXTENSIONS has Scrapy's FeedExporter instead of crawler.components.feed_exporter.CheckedFeedExporter: "
                "a record whose line could not be written is marked written all the same"
            )

    def _written(self, item: Any) -> bool:
        return self.outputs.wrote(item) if self.outputs is not None else True

    def item_scraped(self, item: Any, response: Response) -> None:
        if not isinstance(item, dict) or not item.get("fingerprint") or not isinstance(response, Response):
            return
        if not self._written(item):
            return  # stays pending: finish_run forgets it, the next crawl fetches the page again
        source = str(item.get("source"))
        page = self._page(response, WRITTEN, item["fingerprint"])
        if self.outputs is None:  # Scrapy's own FeedExporter: nothing known of slots
            if self.durable:
                self._record(source, page)
            else:
                self._unsettled.append((source, page))
            return
        waiting = {id(s): s for s in self.outputs.slots_of(item) if s.uri_template not in self.durable_feeds}
        if not waiting:
            self._record(source, page)
            return
        entry = [source, page, set(waiting), response.request]
        for key, slot in waiting.items():
            self._waiting.setdefault(key, deque()).append((slot.itemcount, entry))
        self.crawler.signals.send_catch_log(record_waiting, request=response.request)
        self._progress()

    def _progress(self) -> None:
        """Let go of the records now in complete gzip members of the open slots."""
        for slot in self.outputs.slots if self.outputs is not None else ():
            durable = getattr(getattr(slot, "exporter", None), "durable", None)
            if durable is not None and id(slot) in self._waiting:
                self._release(id(slot), durable)

    def _release(self, key: int, upto: float) -> None:
        """The records of slot ``key`` up to position ``upto`` are in their file for good: each is
        marked written once every slot that took it has let it go."""
        queue = self._waiting.get(key) or deque()
        while queue and queue[0][0] <= upto:
            _, (source, page, slots, request) = queue.popleft()
            slots.discard(key)
            if not slots:
                self._record(source, page)
                self.crawler.signals.send_catch_log(record_stored, request=request)

    def feed_slot_closed(self, slot: Any) -> None:
        """A file or batch was closed: the records it holds are written once every feed that took
        them has stored theirs (of a gzip feed, those in complete members); if it could not be
        stored, they stay pending (fetched again)."""
        if getattr(slot, "stored", False):
            self._release(id(slot), getattr(getattr(slot, "exporter", None), "durable", math.inf))
        for _, entry in self._waiting.pop(id(slot), deque()):
            entry[2].add(None)  # not stored: never all stored

    def item_dropped(self, item: Any, response: Response, exception: BaseException) -> None:
        """Told apart by the exception, not the item: Scrapy passes the item the pipelines were
        first given (the raw PageItem) whichever pipeline dropped it."""
        if not isinstance(response, Response) or "source" not in response.meta:
            return
        source = response.meta["source"]
        if isinstance(exception, NotAnArticle):
            if not exception.transient:  # a failure to clean: fetched again next time
                self._record(source, self._page(response, DROPPED, None, exception.reason))
        elif isinstance(exception, Unchanged) and exception.settled:
            # Unchanged (stays written: state.settle), or a copy of an article written under another
            # URL: done either way. (A copy of a record of this crawl is not: that record may yet be
            # lost, and this page with it; nor is any other drop.)
            self._record(source, self._page(response, DUPLICATE, exception.fingerprint))

    def feed_exporter_closed(self) -> None:
        failed = any(k.startswith("feedexport/failed_count/") for k in self.stats.get_stats())
        if failed:
            logger.error("some output could not be stored: its pages will be fetched again next time")
        else:
            for source, page in self._unsettled:
                self._record(source, page)
        self._unsettled.clear()

    def engine_stopped(self) -> None:
        if self.stats.get_value("cleancrawl/distributed/stopped") == "redis-unreachable":
            # the shared state's Redis is gone (crawler/distributed/worker.py): waiting for it again would
            # stall the shutdown; the next crawl recovers this run
            return
        if self.broken is None:
            try:
                self.state.finish_run(self.run.run_id)
            except redis_unreachable() as exc:  # a shared state's Redis gone for good
                logger.error("could not close this run in the crawl state (%s): the next crawl recovers it", exc)
                return
            except store_failure.store_errors() as exc:
                self.broken = exc
        if self.broken is None:
            safe_paths.release(self.run.outputs, self.run.run_id)
        else:  # left for the next crawl: its recovery marks written what this one wrote
            logger.warning("this crawl's pending records are left for the next crawl to recover")
        with contextlib.suppress(*store_failure.store_errors()):
            self.state.close()


class StateDupeFilter(RFPDupeFilter):
    """RFPDupeFilter, but what an interrupted crawl (same JOBDIR) had scheduled counts as seen only
    if the state says the page is done. Requests in flight when a crawl is killed (or stopped: Scrapy
    does not persist those) are in ``requests.seen`` but were never finished; the re-issued start
    requests find them again and this lets them through. Pages whose links are followed are always
    let through on resume, so what lies below them is found again too."""

    def __init__(self, *args: Any, state: CrawlState | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # What earlier processes of this job scheduled; this process's own requests go to _fingerprints.
        self.previous: set[bytes] = self._fingerprints
        self._fingerprints = set()
        self.state = state

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StateDupeFilter:
        return cls(
            job_dir(crawler.settings),
            crawler.settings.getbool("DUPEFILTER_DEBUG"),
            fingerprinter=crawler.request_fingerprinter,
            state=open_state(crawler.settings) if job_dir(crawler.settings) else None,
        )

    def request_seen(self, request: Request) -> bool:
        fp = self._fingerprint(request)
        if fp in self.previous and self._done_before(request):
            return True
        return super().request_seen(request)

    def _done_before(self, request: Request) -> bool:
        if self.state is None:
            return True
        if not request.meta.get("leaf") or "source" not in request.meta:
            return False
        known = self.state.get(request.meta["source"], request.url)
        return known is not None and known.done

    def close(self, reason: str) -> None:
        super().close(reason)
        if self.state is not None:
            self.state.close()


# --- deletions: pages taken down since they were written -----------------------------------------

GONE_STATUSES = (404, 410)
REASON_SITEMAP = "sitemap"


class SitemapListing:
    """What the sitemaps of one source listed in this run, and whether that is the whole of it.

    The spider adds each entry (``add``) and spoils the listing (``spoil``) at the first sign it
    is partial: a start URL that is a page or a feed (its pages are found by links, not listed),
    a sitemap that failed, could not be read to its end, or listed nothing. Only a listing that
    was never spoiled, of at least one sitemap, may say that a written page is gone."""

    def __init__(self) -> None:
        self.urls: set[str] = set()
        self.sitemaps = 0
        self.spoiled: str | None = None

    def add(self, url: str) -> None:
        self.urls.add(url)

    def spoil(self, reason: str) -> None:
        if self.spoiled is None:
            self.spoiled = reason

    @property
    def complete(self) -> bool:
        return self.spoiled is None and self.sitemaps > 0 and bool(self.urls)


class TombstoneFile:
    """``--tombstones FILE`` (CLEANCRAWL_TOMBSTONES): one JSON line per page gone, appended and
    flushed as it is found (``url``, ``source``, ``gone_at``, ``reason``: output/tombstone.schema.json);
    gzip for a ``.gz`` name."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.stream: Any = None

    def write(self, record: dict[str, Any]) -> None:
        import gzip

        import orjson

        if self.stream is None:
            os.makedirs(os.path.dirname(os.path.abspath(self.path)), exist_ok=True)
            self.stream = gzip.open(self.path, "ab") if self.path.endswith(".gz") else open(self.path, "ab")  # noqa: SIM115
        self.stream.write(orjson.dumps(record) + b"\n")
        self.stream.flush()

    def close(self) -> None:
        if self.stream is not None:
            self.stream.close()
            self.stream = None


class GonePages:
    """Records written pages that were taken down: a page written by an earlier crawl that now
    answers 404 or 410 (``http_404``, ``http_410``), or that the complete sitemaps of its source no
    longer list (``sitemap``; see :class:`SitemapListing`, checked once the crawl finished, never
    under JOBDIR or a shared Redis crawl, whose workers each see only part of the listing).

    Each becomes ``gone`` in the state, is counted under ``cleancrawl/gone/<reason>`` (the summary)
    and ``cleancrawl/source/<source>/gone`` (the run log), logged, and with CLEANCRAWL_TOMBSTONES
    written as a tombstone line first: a tombstone that could not be written leaves the page
    ``written``, so the next crawl finds it gone again."""

    def __init__(self, crawler: Crawler) -> None:
        self.state = _open(crawler)
        self.crawler = crawler
        self.stats = crawler.stats
        settings = crawler.settings
        path = settings.get("CLEANCRAWL_TOMBSTONES")
        self.tombstones = TombstoneFile(str(path)) if path else None
        self.by_sitemap = not job_dir(settings) and not settings.get("CLEANCRAWL_REDIS_URL")
        crawler.signals.connect(self.response_received, signal=signals.response_received)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(self.engine_stopped, signal=signals.engine_stopped)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> GonePages:
        return cls(crawler)

    def response_received(self, response: Response, request: Request, spider: Any = None) -> None:
        source = request.meta.get("source")
        if response.status not in GONE_STATUSES or not source:
            return
        url = state_key(request)
        known = self.state.get(source, url)
        if known is not None and known.status == WRITTEN:
            self.gone(source, known, f"http_{response.status}")

    def spider_closed(self, spider: Any, reason: str) -> None:
        listings: dict[str, SitemapListing] = getattr(spider, "listings", {}) or {}
        if reason != "finished" or not self.by_sitemap:
            return
        for source, listing in listings.items():
            if not listing.complete:
                if listing.sitemaps and listing.spoiled:
                    logger.info("%s: sitemap listing incomplete (%s): no page taken as gone", source, listing.spoiled)
                continue
            for url in list(self.state.written_urls(source)):
                if url not in listing.urls:
                    known = self.state.get(source, url)
                    if known is not None and known.status == WRITTEN:
                        self.gone(source, known, REASON_SITEMAP)

    def gone(self, source: str, known: PageState, reason: str) -> None:
        now = time.time()
        if self.tombstones is not None:
            record = {
                "url": known.url,
                "source": source,
                "gone_at": datetime.fromtimestamp(now, UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
                "reason": reason,
            }
            try:
                self.tombstones.write(record)
            except OSError as exc:
                logger.error("cannot write the tombstone of %s to %s: %s", known.url, self.tombstones.path, exc)
                self.stats.inc_value("cleancrawl/gone/unrecorded")
                return
        self.state.record(source, PageState(known.url, GONE, known.fingerprint, updated_at=now))
        self.stats.inc_value(f"cleancrawl/gone/{reason}")
        self.stats.inc_value(f"cleancrawl/source/{source}/gone")
        logger.info("gone (%s): %s", reason, known.url)

    def engine_stopped(self) -> None:
        if self.tombstones is not None:
            self.tombstones.close()
        self.state.close()
