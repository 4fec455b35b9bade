"""Where crawl output goes by default: ``<data dir>/<source>/<UTC timestamp>.jsonl``.

Expressed as Scrapy FEEDS entries (one per source, each with an item filter that lets only that
source's records through), so the default layout gets batching and post-processing for free.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any


def utc_stamp(moment: datetime | None = None) -> str:
    """A file-name-safe UTC timestamp: 20261125T081500Z."""
    return (moment or datetime.now(UTC)).astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def source_path(data_dir: str | Path, source: str, stamp: str, *, batched: bool = False) -> Path:
    # With FEED_EXPORT_BATCH_ITEM_COUNT set, Scrapy starts a new file every N records and needs
    # the batch number in the name: <stamp>-00001.jsonl, <stamp>-00002.jsonl...
    name = f"{stamp}-%(batch_id)05d.jsonl" if batched else f"{stamp}.jsonl"
    return Path(data_dir) / source / name


class SourceFilter:
    """FEEDS ``item_filter``: accepts the records of the source named in the feed's ``source`` option."""

    def __init__(self, feed_options: dict[str, Any] | None) -> None:
        self.source = (feed_options or {}).get("source")

    def accepts(self, item: Any) -> bool:
        return isinstance(item, dict) and item.get("source") == self.source


def default_feeds(
    data_dir: str | Path, sources: list[str], stamp: str | None = None, *, batched: bool = False
) -> dict[str, dict[str, Any]]:
    """FEEDS for the default layout: one JSON-lines file per source, all from the same timestamp."""
    stamp = stamp or utc_stamp()
    return {
        # Not as_uri(): it would percent-encode the %(batch_id)05d placeholder.
        "file://" + str(source_path(data_dir, name, stamp, batched=batched).resolve()): {
            "format": "jsonl",
            "item_filter": SourceFilter,
            "source": name,
            "overwrite": False,
        }
        for name in sources
    }
