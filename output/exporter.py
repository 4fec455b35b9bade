"""The Scrapy feed exporter for records: one orjson line per item.

Registered in FEED_EXPORTERS (``jsonl``/``jsonlines``), so a crawl's output goes through Scrapy's
FEEDS: batching, gzip post-processing and remote storages work as Scrapy documents them. Lines
are the same bytes ``cleancrawl clean`` writes (output.jsonlines.dumps_line).
"""

from __future__ import annotations

import contextlib
import os
from typing import IO, Any

from itemadapter import ItemAdapter
from scrapy.exporters import BaseItemExporter

from output.jsonlines import dumps_line


class OrjsonLinesExporter(BaseItemExporter):
    def __init__(self, file: IO[bytes], **kwargs: Any) -> None:
        # orjson always writes UTF-8; indent is meaningless for JSON lines.
        kwargs.pop("indent", None)
        kwargs.setdefault("encoding", "utf-8")
        super().__init__(dont_fail=True, **kwargs)
        self.file = file

    def export_item(self, item: Any) -> None:
        record = ItemAdapter(item).asdict() if not isinstance(item, dict) else item
        if self.fields_to_export:
            record = {name: record.get(name) for name in self.fields_to_export}
        # One write of a whole line, flushed at once: a killed crawl leaves at most a cut-off last
        # line (which the next crawl repairs), and the crawl state may mark the record written as
        # soon as this returns (crawler/incremental.py).
        self.file.write(dumps_line(record))
        self.file.flush()

    def finish_exporting(self) -> None:
        self.file.flush()
        # Not a plain file (gzip post-processing, some storages' buffers): nothing to fsync.
        with contextlib.suppress(AttributeError, OSError):
            os.fsync(self.file.fileno())
