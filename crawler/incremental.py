"""Incremental and resumable crawls: the Scrapy components that read and update the crawl state.

Each is switched on in crawler/settings.py and opens the store CLEANCRAWL_STATE names (see
crawler/state.py); with CLEANCRAWL_STATE=off they switch themselves off. CLEANCRAWL_FULL (``cleancrawl
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
- ``StateDupeFilter``: Scrapy's request dupefilter, except that after a resume (JOBDIR) a request
  the killed crawl had scheduled but never finished is let through again.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterable
from typing import Any

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.dupefilters import RFPDupeFilter
from scrapy.exceptions import DropItem, IgnoreRequest, NotConfigured
from scrapy.extensions.feedexport import FeedExporter
from scrapy.http import Response
from scrapy.utils.job import job_dir

from crawler import safe_paths
from crawler.pipelines import NotAnArticle
from crawler.state import (
    DROPPED,
    DUPLICATE,
    WRITTEN,
    CrawlState,
    PageState,
    Run,
    lastmod_unchanged,
    local_path,
    open_state,
    redis_unreachable,
)
from output.exporter import CheckedFeedExporter

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
            self.state.record(source, fresher)
        self.stats.inc_value("cleancrawl/incremental/not_modified")
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


class Unchanged(DropItem):
    """A record whose words (``fingerprint``) were written by an earlier crawl; ``settled``: their
    line is surely in an output file (not only being written by a crawl that is still running);
    ``written_url``: the page they were written for (this one, or another: a copy).
    The exception carries the fingerprint because ``item_dropped`` is given the raw PageItem."""

    def __init__(self, message: str, *, fingerprint: str, settled: bool, written_url: str = "") -> None:
        super().__init__(message, log_level="DEBUG")
        self.fingerprint = fingerprint
        self.settled = settled
        self.written_url = written_url


class WrittenStatePipeline:
    """Keeps the state in step with the output, so a crash never marks unwritten work done:

    - before its line is written, a record is noted as pending for this run (``begin_write``);
    - once the feed exporter has written and flushed it (``item_scraped``, which reaches this
      pipeline after the FeedExporter: pipelines connect after extensions), the page is marked
      written; only if its line really was written (``CheckedFeedExporter.wrote``: Scrapy goes on
      calling this receiver when the write failed), else it stays pending and is fetched again
      by the next crawl. Output that only lands at the end (remote storage, gzip) is marked when
      the feeds are closed and stored;
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
        # Plain local JSON-lines files: each line is flushed as it is written (output/exporter.py),
        # and they are what recovery reads (and repairs) after a crash.
        plain = [
            local_path(str(uri))
            for uri, options in feeds.items()
            if local_path(str(uri)) and not options.get("postprocessing") and options.get("format") in _LINES
        ]
        self.durable = len(plain) == len(feeds)
        self.run = Run.current(p for p in plain if p)
        self._unsettled: list[tuple[str, PageState]] = []
        # Recovery touches only files of the data folder (or this crawl's own) that carry the dead run's token.
        safe_paths.configure(crawler.settings.get("CLEANCRAWL_DATA_DIR") or "data", self.run.outputs)
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
        self._claimed = False  # this run's token goes beside its outputs before their first line
        self.state.start_run(self.run)
        self.outputs: CheckedFeedExporter | None = None
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(self.item_dropped, signal=signals.item_dropped)
        crawler.signals.connect(self.feed_exporter_closed, signal=signals.feed_exporter_closed)
        crawler.signals.connect(self.engine_stopped, signal=signals.engine_stopped)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> WrittenStatePipeline:
        return cls(crawler)

    def process_item(self, item: Any) -> Any:
        if not self._claimed:
            safe_paths.claim(self.run.outputs, self.run.run_id)
            self._claimed = True
        if isinstance(item, dict) and item.get("fingerprint"):
            self.state.begin_write(str(item.get("source")), item["fingerprint"], str(item.get("url")), self.run.run_id)
        return item

    @staticmethod
    def _page(response: Response, status: str, fingerprint: str | None) -> PageState:
        return PageState(
            url=state_key(response.request) if response.request else response.url,
            status=status,
            fingerprint=fingerprint,
            etag=_header(response, b"ETag"),
            last_modified=_header(response, b"Last-Modified"),
            lastmod=response.meta.get("lastmod"),
        )

    def spider_opened(self) -> None:
        self.outputs = self.crawler.get_extension(CheckedFeedExporter)
        if self.outputs is None and self.crawler.get_extension(FeedExporter) is not None:
            logger.warning(
                "EXTENSIONS has Scrapy's FeedExporter instead of output.exporter.CheckedFeedExporter: "
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
        if self.durable:
            self.state.record(source, page)
        else:
            self._unsettled.append((source, page))

    def item_dropped(self, item: Any, response: Response, exception: BaseException) -> None:
        """Told apart by the exception, not the item: Scrapy passes the item the pipelines were
        first given (the raw PageItem) whichever pipeline dropped it."""
        if not isinstance(response, Response) or "source" not in response.meta:
            return
        source = response.meta["source"]
        if isinstance(exception, NotAnArticle):
            if not exception.transient:  # a failure to clean: fetched again next time
                self.state.record(source, self._page(response, DROPPED, None))
        elif isinstance(exception, Unchanged) and exception.settled:
            # Unchanged (stays written: state.settle), or a copy of an article written under another
            # URL: done either way. (A copy of a record of this crawl is not: that record may yet be
            # lost, and this page with it; nor is any other drop.)
            self.state.record(source, self._page(response, DUPLICATE, exception.fingerprint))

    def feed_exporter_closed(self) -> None:
        failed = any(k.startswith("feedexport/failed_count/") for k in self.stats.get_stats())
        if failed:
            logger.error("some output could not be stored: its pages will be fetched again next time")
        else:
            for source, page in self._unsettled:
                self.state.record(source, page)
        self._unsettled.clear()

    def engine_stopped(self) -> None:
        if self.stats.get_value("cleancrawl/distributed/stopped") == "redis-unreachable":
            # the shared state's Redis is gone (crawler/distributed.py): waiting for it again would
            # stall the shutdown; the next crawl recovers this run
            return
        try:
            self.state.finish_run(self.run.run_id)
        except redis_unreachable() as exc:  # a shared state's Redis gone for good
            logger.error("could not close this run in the crawl state (%s): the next crawl recovers it", exc)
            return
        safe_paths.release(self.run.outputs, self.run.run_id)
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
