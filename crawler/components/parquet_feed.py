"""The ``parquet`` feed format: records as Parquet through Scrapy's FEEDS (output/parquet.py does the work).

``-o out.parquet`` (or ``FEEDS = {"out.parquet": {"format": "parquet"}}``) writes one Parquet file
per feed, or per batch with ``-s FEED_EXPORT_BATCH_ITEM_COUNT=N`` and a ``%(batch_id)05d`` in the
name, as Scrapy documents batches. Row groups of about CLEANCRAWL_PARQUET_ROW_GROUP_SIZE bytes.

When a record is written: a Parquet file is readable only once its footer is written, so its
records are not in any output until the feed (or batch) is closed: not when they are buffered
for a row group, nor when their row group is flushed. That is why a Parquet feed is not one of
the "durable" plain JSON-lines feeds of crawler/state/incremental.py: WrittenStatePipeline marks its
records written only after the feeds are closed and stored without failure, and a crawl killed
before that leaves them pending, to be fetched again by the next crawl. A failure to finish
the file (disk full at the last row group) counts as a failed feed
(``feedexport/failed_count/...``), so none of its records are marked written.

``ParquetFileStorage`` (FEED_STORAGES ``file``) writes a Parquet feed as ``.NAME.part`` and renames
it when stored: a killed crawl leaves a hidden ``.part`` file (which pyarrow and pandas skip when
reading a folder), never a ``.parquet`` without a footer that they would choke on. Other formats
are stored as Scrapy's own FileFeedStorage stores them. A Parquet file cannot be appended to: a
feed that appends (``overwrite`` off, as ``--resume`` sets it) leaves an existing file as it is
and writes ``NAME-1.parquet`` (the next free number) beside it.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import IO, Any

from itemadapter import ItemAdapter
from scrapy import Spider
from scrapy.crawler import Crawler
from scrapy.exporters import BaseItemExporter
from scrapy.extensions.feedexport import FeedSlot, FileFeedStorage, apply_uri_params

from crawler.components.feed_exporter import CheckedFeedExporter
from output.parquet import DEFAULT_ROW_GROUP_BYTES, RowGroupWriter, part_path, replace_durably

logger = logging.getLogger(__name__)

FORMAT = "parquet"


class ParquetItemExporter(BaseItemExporter):
    """One Parquet file per feed slot, written to the file object the feed storage opened."""

    def __init__(
        self, file: IO[bytes], *, row_group_bytes: int = DEFAULT_ROW_GROUP_BYTES, stats: Any = None, **kwargs: Any
    ) -> None:
        kwargs.pop("indent", None)
        kwargs.pop("encoding", None)
        super().__init__(dont_fail=True, **kwargs)
        self.file = file
        self.writer = RowGroupWriter(file, row_group_bytes=row_group_bytes)
        self.stats = stats
        self.broken = False

    @classmethod
    def from_crawler(cls, crawler: Crawler, file: IO[bytes], **kwargs: Any) -> ParquetItemExporter:
        size = _bytes(crawler.settings.get("CLEANCRAWL_PARQUET_ROW_GROUP_SIZE") or DEFAULT_ROW_GROUP_BYTES)
        file_size = _bytes(crawler.settings.get("CLEANCRAWL_PARQUET_FILE_SIZE") or 0)
        if file_size:  # a row group never outgrows a file (its estimate is of uncompressed bytes)
            size = min(size, file_size)
        return cls(file, row_group_bytes=size, stats=crawler.stats, **kwargs)

    def bytes_written(self) -> int:
        """Bytes of row groups already in the file (what a size limit compares with)."""
        try:
            return self.file.tell()
        except (OSError, ValueError):
            return 0

    def export_item(self, item: Any) -> None:
        record = ItemAdapter(item).asdict() if not isinstance(item, dict) else item
        if self.fields_to_export:
            record = {name: record.get(name) for name in self.fields_to_export}
        try:
            self.writer.write(record)  # raises on a bad record or a failed row-group write
        except OSError:
            self.broken = True  # a half-written row group: this file cannot be finished
            raise

    def finish_exporting(self) -> None:
        """Flush the last row group and write the footer. Scrapy does not catch an error here, so it
        is counted as the feed's failure instead: its records must not be marked written."""
        if self.broken:
            self._failed("a row group could not be written")
            return
        try:
            self.writer.close()
            self.file.flush()
            os.fsync(self.file.fileno())
        except (OSError, ValueError) as exc:
            self._failed(exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc))

    def _failed(self, reason: str) -> None:
        name = getattr(self.file, "name", "the Parquet output")
        logger.error("could not finish %s: %s; its records will be fetched again next time", name, reason)
        if self.stats is not None:
            self.stats.inc_value("feedexport/failed_count/ParquetItemExporter")
            self.stats.set_value("cleancrawl/output/failed", f"{name}: {reason}")


def _bytes(value: Any) -> int:
    from output.parquet import parse_size

    if isinstance(value, int) or str(value).strip() in ("", "0"):
        return int(value or 0)
    return parse_size(str(value))


class ParquetFeedExporter(CheckedFeedExporter):
    """CheckedFeedExporter (records known written or not), plus: a Parquet feed starts its next
    batch once its file reaches CLEANCRAWL_PARQUET_FILE_SIZE, as Scrapy starts one after
    FEED_EXPORT_BATCH_ITEM_COUNT records (so the feed's name needs ``%(batch_id)d`` too). Checked
    after each record; the file grows a row group at a time, so it exceeds the size by at most one."""

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self.file_size = _bytes(crawler.settings.get("CLEANCRAWL_PARQUET_FILE_SIZE") or 0)
        if self.file_size:
            for uri, options in self.feeds.items():
                if options.get("format") == FORMAT and "%(batch_" not in uri:
                    logger.warning("CLEANCRAWL_PARQUET_FILE_SIZE: %s has no %%(batch_id)d: not split by size", uri)

    def item_scraped(self, item: Any, spider: Spider) -> None:
        super().item_scraped(item, spider)
        if self.file_size and self.failure is None:
            self.slots = [self._next_if_full(slot, spider) for slot in self.slots]

    def _next_if_full(self, slot: FeedSlot, spider: Spider) -> FeedSlot:
        exporter = getattr(slot, "exporter", None)
        if not isinstance(exporter, ParquetItemExporter) or "%(batch_" not in slot.uri_template:
            return slot
        if exporter.bytes_written() < self.file_size:
            return slot
        # Scrapy's own step from one batch to the next (FeedExporter.item_scraped)
        options = self.feeds[slot.uri_template]
        uri_params = self._get_uri_params(spider, options["uri_params"], slot)
        self._schedule_slot_close(slot, spider)
        return self._start_new_batch(
            batch_id=slot.batch_id + 1,
            uri=apply_uri_params(slot.uri_template, uri_params),
            feed_options=options,
            spider=spider,
            uri_template=slot.uri_template,
        )


class ParquetFileStorage(FileFeedStorage):
    """Scrapy's FileFeedStorage; a Parquet feed goes to ``.NAME.part``, renamed to NAME once stored."""

    def __init__(self, uri: str, *, feed_options: dict[str, Any] | None = None) -> None:
        super().__init__(uri, feed_options=feed_options)
        self.atomic = (feed_options or {}).get("format") == FORMAT
        self.keep_existing = not (feed_options or {}).get("overwrite", False)

    def open(self, spider: Any) -> IO[bytes]:
        if not self.atomic:
            return super().open(spider)
        path = Path(self.path)
        if self.keep_existing and path.exists():
            # A feed that appends (--resume; overwrite off): a Parquet file cannot be appended to, and
            # this one holds records marked written. The new records go beside it: NAME-1.parquet...
            path = free_name(path)
            logger.info("%s exists and is kept; this crawl's records go to %s", self.path, path)
            self.path = str(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        return part_path(path).open("wb")

    def store(self, file: IO[bytes]) -> None:
        file.close()
        if not self.atomic:
            return
        path = Path(self.path)
        part = part_path(path)
        if not _has_footer(part):  # the exporter could not finish it (and said why)
            raise OSError(f"{part} has no Parquet footer; left as it is, not renamed to {path.name}")
        replace_durably(part, path)  # its bytes, then its name, on disk before its records count as written


def free_name(path: Path) -> Path:
    """Where a Parquet feed goes when ``path`` exists: ``NAME-1.parquet``, or the next free number."""
    n = 1
    while (candidate := path.with_name(f"{path.stem}-{n}{path.suffix}")).exists():
        n += 1
    return candidate


def _has_footer(path: Path) -> bool:
    """A Parquet file ends with the 4 magic bytes ``PAR1`` after its footer."""
    try:
        with path.open("rb") as stream:
            stream.seek(-4, os.SEEK_END)
            return stream.read(4) == b"PAR1"
    except OSError:
        return False
