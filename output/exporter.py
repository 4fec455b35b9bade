"""The Scrapy feed exporter for records: one orjson line per item.

Registered in FEED_EXPORTERS (``jsonl``/``jsonlines``), so a crawl's output goes through Scrapy's
FEEDS: batching, gzip post-processing and remote storages work as Scrapy documents them. Lines
are the same bytes ``cleancrawl clean`` writes (output.jsonlines.dumps_line).
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
from typing import IO, Any

from itemadapter import ItemAdapter
from scrapy.exporters import BaseItemExporter
from scrapy.extensions.feedexport import StdoutFeedStorage

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
        # soon as this returns (crawler/incremental.py).
        try:
            self.file.write(dumps_line(record))
            self.file.flush()
        except BrokenPipeError:
            self._reader_went_away()

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


class StdoutStorage(StdoutFeedStorage):
    """Scrapy's ``stdout:`` feed storage, except that a feed whose reader went away is not stored
    but failed (``feedexport/failed_count``), so the crawl state marks none of its records
    written (crawler/incremental.py) and the crawl exits 1: the next run writes them again
    rather than losing the ones that never reached anybody."""

    def store(self, file: IO[bytes]) -> None:
        try:
            fd = file.fileno()
        except (OSError, ValueError):
            fd = None
        if fd in _READER_GONE:
            raise OSError("standard output was closed by its reader before every record was read")
        return super().store(file)
