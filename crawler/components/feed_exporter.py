"""The Scrapy feed exporter for records: one orjson line per item.

Registered in FEED_EXPORTERS (``jsonl``/``jsonlines``), so a crawl's output goes through Scrapy's
FEEDS: batching, gzip post-processing and remote storages work as Scrapy documents them. Lines
are the same bytes ``cleancrawl clean`` writes (output.jsonlines.dumps_line).

``CheckedFeedExporter`` (in EXTENSIONS instead of Scrapy's FeedExporter) knows whether each record
really reached its feeds, which is what the crawl state may mark written (crawler/state/incremental.py).
"""

from __future__ import annotations

import contextlib
import gzip
import logging
import os
import signal
import stat
import time
from typing import IO, Any
from urllib.parse import unquote, urlsplit

from itemadapter import ItemAdapter
from scrapy import Spider
from scrapy.crawler import Crawler
from scrapy.exporters import BaseItemExporter
from scrapy.extensions.feedexport import FeedExporter, FeedSlot, StdoutFeedStorage
from scrapy.utils.defer import deferred_from_coro, ensure_awaitable

from output.jsonlines import dumps_line

logger = logging.getLogger(__name__)

# File descriptors whose reader went away during this process (a pipe to `head`): what was
# exported to them after that point was lost, so their feed must not count as stored.
_READER_GONE: set[int] = set()


class OrjsonLinesExporter(BaseItemExporter):
    def __init__(self, file: IO[bytes], **kwargs: Any) -> None:
        # orjson always writes UTF-8; indent is meaningless for JSON lines.
        kwargs.pop("indent", None)
        kwargs.setdefault("encoding", "utf-8")
        super().__init__(dont_fail=True, **kwargs)
        self.file = file
        self.reader_gone = False

    def export_item(self, item: Any) -> None:
        record = ItemAdapter(item).asdict() if not isinstance(item, dict) else item
        if self.fields_to_export:
            record = {name: record.get(name) for name in self.fields_to_export}
        if self.reader_gone:
            return
        # One write of a whole line, flushed at once: a killed crawl leaves at most a cut-off last
        # line (which the next crawl repairs), and the crawl state may mark the record written as
        # soon as this returns (crawler/state/incremental.py). A failed write raises (CheckedFeedExporter).
        try:
            self._write_line(self.encode(record))
        except BrokenPipeError:
            self._reader_went_away()

    def encode(self, record: dict[str, Any]) -> bytes:
        """What one record adds to the file: its line."""
        return dumps_line(record)

    def _write_line(self, line: bytes) -> None:
        """Straight to the file descriptor where there is one, so that a write that fails (disk
        full, EIO, a file size limit) leaves nothing in Python's buffer to be written later, glued
        to a half line; what part of the line reached a regular file is cut off again."""
        self.file.flush()  # (empty: every line is flushed)
        try:
            fd = self.file.fileno()
        except (OSError, ValueError):  # gzip post-processing, an in-memory buffer
            self.file.write(line)
            self.file.flush()
            return
        info = os.fstat(fd)
        whole = info.st_size if stat.S_ISREG(info.st_mode) else None
        view = memoryview(line)
        try:
            while view:
                view = view[os.write(fd, view) :]
        except OSError:
            if whole is not None:
                with contextlib.suppress(OSError):
                    os.ftruncate(fd, whole)
            raise

    def _reader_went_away(self) -> None:
        """``cleancrawl crawl -o - | head``: nobody reads the records any more. Like a Unix tool
        on SIGPIPE the crawl stops, but gracefully (SIGTERM to itself: the crawl state stays
        consistent), instead of logging a BrokenPipeError for every further record."""
        self.reader_gone = True
        logger.warning("the output pipe was closed by its reader; stopping the crawl")
        with contextlib.suppress(OSError, ValueError):
            _READER_GONE.add(self.file.fileno())
            # What is still buffered for the closed pipe goes nowhere, not into another error at exit.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, self.file.fileno())
            os.close(devnull)
        os.kill(os.getpid(), signal.SIGTERM)

    def finish_exporting(self) -> None:
        self.file.flush()
        # Not a plain file (gzip post-processing, some storages' buffers): nothing to fsync.
        with contextlib.suppress(AttributeError, OSError):
            os.fsync(self.file.fileno())


class GzipMemberLinesExporter(OrjsonLinesExporter):
    """``-o out.jsonl.gz``: a series of complete gzip members, each written (and flushed) in one
    write like a plain line, of up to MEMBER_RECORDS lines, MEMBER_BYTES bytes or MEMBER_SECONDS
    seconds of records. Concatenated members are one standard gzip file (RFC 1952): ``gzip -t``,
    ``zcat``, pandas and ``cleancrawl`` read them all. A killed crawl leaves at most a torn last
    member, which the next crawl cuts off (crawler/state/crawl_state.py: repair_output). Scrapy's gzip
    post-processing, instead, writes the file's only member as records come and finishes it
    when the crawl ends: a kill left everything after the last compressor flush unreadable,
    though marked written. A record is written once its member is (``durable`` counts them):
    the crawl state marks it then (crawler/state/incremental.py), and a kill loses only the records
    waiting for their member, which the next crawl fetches again."""

    MEMBER_RECORDS = 64
    MEMBER_BYTES = 1 << 20
    MEMBER_SECONDS = 2.0

    def __init__(self, file: IO[bytes], *, stats: Any = None, **kwargs: Any) -> None:
        super().__init__(file, **kwargs)
        self.stats = stats
        self.buffer: list[bytes] = []
        self.buffered = 0
        self.started = 0.0  # when the oldest waiting line came
        self.durable = 0  # records in complete members
        self.lost = 0  # records of members that could not be written
        self.broken = False

    def export_item(self, item: Any) -> None:
        record = ItemAdapter(item).asdict() if not isinstance(item, dict) else item
        if self.fields_to_export:
            record = {name: record.get(name) for name in self.fields_to_export}
        line = dumps_line(record)
        if not self.buffer:
            self.started = time.monotonic()
        self.buffer.append(line)
        self.buffered += len(line)
        try:
            if len(self.buffer) >= self.MEMBER_RECORDS or self.buffered >= self.MEMBER_BYTES:
                self.flush_member()
            else:
                self.flush_if_due()
        except OSError:
            self._count_lost(-1)  # this one is counted unwritten by CheckedFeedExporter (it raised)
            raise

    def flush_if_due(self) -> None:
        """Write the waiting lines as a member if the oldest has waited MEMBER_SECONDS."""
        if self.buffer and time.monotonic() - self.started >= self.MEMBER_SECONDS:
            self.flush_member()

    def flush_member(self) -> None:
        if not self.buffer or self.broken:
            return
        member = gzip.compress(b"".join(self.buffer), compresslevel=6, mtime=0)
        count = len(self.buffer)
        self.buffer, self.buffered = [], 0
        try:
            self._write_line(member)  # a failed write leaves no part of the member (cut off)
        except OSError:
            self.broken = True  # its records are not written; none after them either
            self._count_lost(count)
            raise
        self.durable += count

    def _count_lost(self, count: int) -> None:
        """The summary counts only what is written: the records of a member that could not be
        written come off ``cleancrawl/written`` (DedupPipeline counted them on their way here)."""
        self.lost += count
        if self.stats is not None:
            self.stats.inc_value("cleancrawl/output/unwritten", count)
            self.stats.inc_value("cleancrawl/written", -count)

    @classmethod
    def from_crawler(cls, crawler: Crawler, file: IO[bytes], **kwargs: Any) -> GzipMemberLinesExporter:
        return cls(file, stats=crawler.stats, **kwargs)

    def finish_exporting(self) -> None:
        """The last member. Scrapy does not catch an error here, so a failure is counted as the
        feed's (exit 1); its records, past ``durable``, are not marked written."""
        try:
            self.flush_member()
        except OSError as exc:
            reason = exc.strerror or str(exc)
            name = getattr(self.file, "name", "the gzip output")
            logger.error("could not finish %s: %s; its last records will be fetched again next time", name, reason)
            if self.stats is not None:
                self.stats.inc_value("feedexport/failed_count/GzipMemberLinesExporter")
                if not self.stats.get_value("cleancrawl/output/failed"):
                    self.stats.set_value("cleancrawl/output/failed", f"{name}: {reason}")
        super().finish_exporting()


class StdoutStorage(StdoutFeedStorage):
    """Scrapy's ``stdout:`` feed storage, except that a feed whose reader went away is not stored
    but failed (``feedexport/failed_count``), so the crawl state marks none of its records
    written (crawler/state/incremental.py) and the crawl exits 1: the next run writes them again
    rather than losing the ones that never reached anybody."""

    def store(self, file: IO[bytes]) -> None:
        try:
            fd = file.fileno()
        except (OSError, ValueError):
            fd = None
        if fd in _READER_GONE:
            raise OSError("standard output was closed by its reader before every record was read")
        return super().store(file)


def _output_name(uri: str) -> str:
    parts = urlsplit(uri)
    return unquote(parts.path) if parts.scheme == "file" else uri


def _is_record(item: Any) -> bool:
    return isinstance(item, dict) and "fingerprint" in item


class CheckedFeedExporter(FeedExporter):
    """Scrapy's FeedExporter, except that a record that could not be written is known as such.

    Scrapy's own lets a write error (disk full, EIO) escape into ``send_catch_log``, which logs it
    with a traceback and goes on calling the later ``item_scraped`` receivers, so the crawl state
    marked the record written although its line never reached the file. Here:

    - ``wrote(item)``: whether the record being handled reached every feed that takes it (the
      crawl state asks; crawler/state/incremental.py), and ``slots_of(item)`` which feed slots (files,
      batches) took it; a slot's ``stored`` is True once its file was stored without error, so
      a record of a file that is only complete when closed (Parquet) is marked written when its
      batch is, not at the end of the crawl;
    - the first failure is logged in one line naming the output, kept in the stats
      (``cleancrawl/output/failed``: the output and the error) and stops the crawl: no more pages
      are fetched for an output that cannot take them;
    - after it no record is written to any feed (a line after a failed one could land glued to
      its remains): each is counted as ``cleancrawl/output/unwritten`` and taken off
      ``cleancrawl/written`` (counted by DedupPipeline before the write).
    """

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self._written: Any = None  # the last item every feed taking it has written
        self._taken: list[FeedSlot] = []  # the slots that took it
        self.failure: str | None = None
        # Called after records may have become written without a new record (a gzip member
        # written by the timer): the crawl state's pipeline marks them (crawler/state/incremental.py).
        self.on_progress: list[Any] = []
        self._timer: Any = None

    def open_spider(self, spider: Spider) -> None:
        super().open_spider(spider)
        from twisted.internet import task

        self._timer = task.LoopingCall(self._tick)
        self._timer.start(1.0, now=False)

    async def close_spider(self, spider: Spider) -> None:
        if self._timer is not None and self._timer.running:
            self._timer.stop()
        await super().close_spider(spider)

    def _tick(self) -> None:
        """Writes what waited long enough for its gzip member (GzipMemberLinesExporter)."""
        if self.failure is not None:
            return
        for slot in self.slots:
            exporter = getattr(slot, "exporter", None)
            if isinstance(exporter, GzipMemberLinesExporter):
                try:
                    exporter.flush_if_due()
                except OSError as exc:
                    self._fail(slot.uri, exc)
                    return
        for listener in self.on_progress:
            listener()

    def wrote(self, item: Any) -> bool:
        return item is self._written

    def slots_of(self, item: Any) -> list[FeedSlot]:
        """The feed slots ``item`` was written to (when ``wrote(item)``)."""
        return list(self._taken) if item is self._written else []

    def _start_new_batch(self, *args: Any, **kwargs: Any) -> FeedSlot:
        """Scrapy's new slot, whose ``stored`` says whether its storage stored it (Scrapy only logs
        and counts a failure, and sends ``feed_slot_closed`` either way)."""
        slot = super()._start_new_batch(*args, **kwargs)
        slot.stored = False  # type: ignore[attr-defined]
        store = slot.storage.store

        async def store_and_note(file: IO[bytes]) -> None:
            await ensure_awaitable(store(file))
            slot.stored = True  # type: ignore[attr-defined]

        slot.storage.store = store_and_note  # type: ignore[method-assign]
        return slot

    def item_scraped(self, item: Any, spider: Spider) -> None:
        self._written, self._taken = None, []
        if self.failure is None:
            before = [(slot, slot.itemcount) for slot in self.slots]
            try:
                super().item_scraped(item, spider)
            except Exception as exc:
                # The feed that failed: the first one taking the item whose count did not go up.
                failed = next((s for s, n in before if s.itemcount == n and s.filter.accepts(item)), None)
                self._fail(failed.uri if failed else "the output", exc)
            else:
                self._written = item
                self._taken = [slot for slot, n in before if slot.itemcount != n]
                return
        if _is_record(item):
            self.crawler.stats.inc_value("cleancrawl/output/unwritten")
            self.crawler.stats.inc_value("cleancrawl/written", -1)

    def _fail(self, uri: str, exc: Exception) -> None:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc) or type(exc).__name__
        self.failure = f"{_output_name(uri)}: {reason}"
        if not self.crawler.stats.get_value("cleancrawl/output/failed"):  # the first failure is the cause
            self.crawler.stats.set_value("cleancrawl/output/failed", self.failure)
        logger.error(
            "could not write to %s; stopping the crawl (the pages not written are fetched again next time)",
            self.failure,
        )
        engine = self.crawler.engine
        if engine is not None and engine.spider is not None:
            deferred_from_coro(engine.close_spider_async(reason="output_failed"))
