"""Per-source figures of a crawl, kept in its stats so the run log can hold them and
``cleancrawl runs --health`` can tell when a source's site changed (output/health.py compares).

A Scrapy extension fed by signals; under ``cleancrawl/source/<source>/``:

- ``written``: records whose line really reached every output (``CheckedFeedExporter.wrote``; a
  record dropped later or lost to a failed write is not one);
- ``unchanged``: articles whose words an earlier crawl of the source already wrote (incremental
  re-runs drop them): the site still yields them, they are simply not new;
- ``not_modified`` / ``skipped``: pages done by an earlier crawl that the server answered 304, or
  whose sitemap lastmod said unchanged (crawler/state/incremental.py); never fetched again, they are
  counted as what they were last time (``spared_articles``, ``spared_rejected/<reason>``: see
  crawler/components/health_spared.py, which the incremental middlewares call);
- ``rejected/<reason>``: pages the pipelines dropped: the cleaner's verdict (no-text, too-short,
  ...), ``invalid-record`` (crawler/components/validation.py), ``duplicate-url`` / ``duplicate-content``;
- ``with/<field>``: written records with a title, authors, a published date, a language;
- ``median_words``: median ``word_count`` of the written records (set when the crawl closes).

Pages fetched are the spider's own ``cleancrawl/pages/<source>``. Must come after the feed exporter
in EXTENSIONS: it asks the exporter whether the record being handled was written, so its
``item_scraped`` receiver has to run after the exporter's.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.http import Response

from crawler.components.drops import Unchanged
from crawler.components.feed_exporter import CheckedFeedExporter
from crawler.state.run_log import COVERED_FIELDS, SOURCE_PREFIX


def drop_reason(exception: BaseException) -> str:
    """Why a pipeline dropped an item, as a short stable name: a ``reason`` attribute where the
    exception has one (NotAnArticle, InvalidRecord), else the message's first word, which is how
    DedupPipeline names its reasons ("duplicate-url: <url>")."""
    reason = getattr(exception, "reason", None)
    if isinstance(reason, str) and reason:
        return reason
    head = str(exception).split(":", 1)[0].strip()
    return head if head and " " not in head and len(head) <= 40 else type(exception).__name__


class SourceFigures:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.stats = crawler.stats
        self.outputs: CheckedFeedExporter | None = None
        self.words: dict[str, list[int]] = defaultdict(list)
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(self.item_dropped, signal=signals.item_dropped)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SourceFigures:
        return cls(crawler)

    def _inc(self, source: str, figure: str) -> None:
        self.stats.inc_value(f"{SOURCE_PREFIX}{source}/{figure}")

    def spider_opened(self) -> None:
        self.outputs = self.crawler.get_extension(CheckedFeedExporter)

    def item_scraped(self, item: Any, response: Any = None) -> None:
        if not isinstance(item, dict) or "fingerprint" not in item or not item.get("source"):
            return
        if self.outputs is not None and not self.outputs.wrote(item):
            return
        source = str(item["source"])
        self._inc(source, "written")
        for name in COVERED_FIELDS:
            if item.get(name):
                self._inc(source, f"with/{name}")
        if isinstance(item.get("word_count"), int):
            self.words[source].append(item["word_count"])

    def item_dropped(self, item: Any, response: Any = None, exception: BaseException | None = None) -> None:
        # The item is the raw PageItem whichever pipeline dropped it; its source is on the response too.
        source = getattr(item, "source", None) or (
            response.meta.get("source") if isinstance(response, Response) else None
        )
        if not source or exception is None:
            return
        if isinstance(exception, Unchanged):
            self._inc(source, "unchanged")
        else:
            self._inc(source, f"rejected/{drop_reason(exception)}")

    def spider_closed(self) -> None:
        # The stats are closed (and written to --stats-file) after this signal.
        for source, words in self.words.items():
            self.stats.set_value(f"{SOURCE_PREFIX}{source}/median_words", statistics.median(words))
