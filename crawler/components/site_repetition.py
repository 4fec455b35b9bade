"""Site repetition in a crawl: a short block that recurs verbatim (normalised) in many pages of one
host is template text (signatures, disclaimers, "posted in" lines, follow prompts), taken out of
each record as ``cleancrawl clean`` takes it out of a batch (cleaners/site_repetition.py).

A crawl cannot wait for every page of a host, so the counts build up as it goes and live beside
the crawl state (crawler/state/site_counts.py), so that they hold across runs and ``--redis`` workers.
For each cleaned record, in one atomic step: its page is counted (once per URL and once per
content fingerprint, so re-fetches never inflate the counts), then its short blocks are judged by
``SiteRepetition``'s guards over the counts so far, this page included (as ``clean`` judges a page
among all of its batch, and so that a re-fetch of a page is judged as its first fetch was). A
block goes when it was seen on at least ``min_pages`` pages of the host and on at least
``min_share`` of them; blocks over ``max_words`` words, code lines and table rows always stay; a
record is never emptied, nor stripped of over half its words (it is then a copy of other pages of
the site, the same story at a second URL: near-duplicate detection's to judge, on its whole text);
one left under CLEANCRAWL_MIN_WORDS is dropped as too-short (as ``clean`` demotes it).

A host's pages are judged only once ``CLEANCRAWL_SITE_REPETITION_MIN_HOST_PAGES`` of them
are counted (10 by default): among its first few pages, whatever they share (a story and its copies at other
URLs of the site) has a high share by chance. Hence the first pages of a new host keep their
template (the first 9 by default); later pages and later runs lose it. A page written with its template is
written again without it when next fetched in full: its words changed.

Runs after CleanPipeline (300) and before the schema validation (320), so the validation, the
incremental check, the dedup and the near-duplicates all see the stripped text; the MinHash
signature the cleaning worker computed from the unstripped text is dropped from a stripped record,
so the near-duplicate pipeline computes it again from the text it is given.

Settings: ``CLEANCRAWL_SITE_REPETITION`` (True; ``cleancrawl crawl --no-site-repetition``),
``CLEANCRAWL_SITE_REPETITION_MIN_PAGES`` (3), ``..._MIN_HOST_PAGES`` (10),
``..._MIN_SHARE`` (0.3), ``..._MAX_WORDS`` (40),
``..._MAX_BLOCKS`` (10,000 distinct blocks kept per host). Stats (and a summary line):
``cleancrawl/site_repetition/blocks`` and ``cleancrawl/site_repetition/records``.
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlsplit

from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from cleaners import SiteRepetition, count_words
from cleaners.pipeline import prose_words  # the article minimum, as clean_html applies it
from cleaners.site_repetition import MAX_WORDS, MIN_PAGES, MIN_SHARE, normalise
from crawler.components import store_failure
from crawler.components.drops import NotAnArticle
from crawler.state.crawl_state import sqlite_path, state_location
from crawler.state.site_counts import (
    MAX_BLOCKS,
    RedisSiteCounts,
    SiteCounts,
    SQLiteSiteCounts,
    page_keys,
    sibling_counts_path,
)
from output.record import content_fingerprint
from output.site_repetition import block_key, record_host, strip_record

logger = logging.getLogger(__name__)
# A crawl judges a host's pages only once it has counted this many of them. Among a host's first
# few pages anything they share has a high share by chance: a story and its syndicated copies at
# other URLs of the site (near-duplicate detection's to judge), a series' standing introduction.
# ``clean`` judges a whole batch at once and needs no such wait.
MIN_HOST_PAGES = 10


def guards(settings: Any) -> SiteRepetition:
    return SiteRepetition(
        min_pages=settings.getint("CLEANCRAWL_SITE_REPETITION_MIN_PAGES", MIN_PAGES),
        min_share=settings.getfloat("CLEANCRAWL_SITE_REPETITION_MIN_SHARE", MIN_SHARE),
        max_words=settings.getint("CLEANCRAWL_SITE_REPETITION_MAX_WORDS", MAX_WORDS),
    )


def open_counts(settings: Any) -> SiteCounts:
    """The counts beside the crawl state CLEANCRAWL_STATE names (see crawler/state/site_counts.py)."""
    max_blocks = settings.getint("CLEANCRAWL_SITE_REPETITION_MAX_BLOCKS", MAX_BLOCKS)
    location = state_location(settings)
    if location is None:
        return SQLiteSiteCounts(":memory:", max_blocks=max_blocks)
    scheme = urlsplit(location).scheme
    if scheme in ("redis", "rediss", "unix"):
        prefix = (settings.get("CLEANCRAWL_STATE_REDIS_PREFIX") or "cleancrawl:state") + ":site-rep"
        from crawler.state.crawl_state import redis_client

        client = redis_client(location, settings)
        return RedisSiteCounts(location, prefix=prefix, max_blocks=max_blocks, client=client)
    path = sqlite_path(location) if scheme == "sqlite" else location
    return SQLiteSiteCounts(sibling_counts_path(path), max_blocks=max_blocks)


class SiteRepetitionPipeline:
    """Strips each record's site-template blocks (``site.repeated-block`` in ``removed``)."""

    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
        if not settings.getbool("CLEANCRAWL_SITE_REPETITION", True):
            raise NotConfigured  # records stay as the cleaner made them
        self.guards = guards(settings)
        self.min_host_pages = settings.getint("CLEANCRAWL_SITE_REPETITION_MIN_HOST_PAGES", MIN_HOST_PAGES)
        self.min_words = settings.getint("CLEANCRAWL_MIN_WORDS", 25)
        self.crawler = crawler
        self.stats = crawler.stats
        self.counts = open_counts(settings)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SiteRepetitionPipeline:
        return cls(crawler)

    def close_spider(self) -> None:
        self.counts.close()

    def _judge(self, item: dict[str, Any], host: str, protected: list[str]) -> SiteRepetition:
        """The guards loaded with what this page's blocks need from the counts, once it is counted."""
        keep = {normalise(line) for line in protected}
        blocks = {
            block_key(key): key
            for line in item["text"].split("\n")
            if line and count_words(line) <= self.guards.max_words and (key := normalise(line)) and key not in keep
        }
        url = str(item.get("url") or item.get("canonical_url"))
        fingerprint = item.get("fingerprint") or content_fingerprint(item["text"])
        pages, counts = self.counts.observe(host, page_keys(url, fingerprint), list(blocks))
        guards = self.guards
        judge = SiteRepetition(
            guards.min_pages, guards.min_share, guards.max_words, max_removed_share=guards.max_removed_share,
            enabled=pages >= self.min_host_pages,
        )
        judge.load(host, pages, {blocks[key]: n for key, n in counts.items()})
        return judge

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, dict) or not isinstance(item.get("text"), str):
            return item
        host = record_host(item)
        if not host:
            return item
        protected = list(getattr(item, "protected_lines", None) or ())
        # Before DedupPipeline: a record not written here was not counted yet (crawler/components/store_failure.py).
        if store_failure.failed(self.crawler):
            raise store_failure.not_written(self.crawler, item, counted=False)
        try:
            judge = self._judge(item, host, protected)
        except store_failure.store_errors() as exc:
            store_failure.stop_crawl(self.crawler, store_failure.describe(self.counts, "site-repetition counts"), exc)
            raise store_failure.not_written(self.crawler, item, counted=False) from None
        removed = strip_record(item, judge, host, protected)
        if not removed:
            return item
        self.stats.inc_value("cleancrawl/site_repetition/blocks", len(removed))
        self.stats.inc_value("cleancrawl/site_repetition/records")
        if getattr(item, "near_dup_signature", None) is not None:
            item.near_dup_signature = None  # the unstripped text's: computed again from the text
        url = str(item.get("url"))
        logger.debug("%s: %d site template block(s) taken out", url, len(removed))
        if prose_words([line for line in item["text"].split("\n") if line]) < self.min_words:
            self.stats.inc_value("cleancrawl/dropped/too-short")
            raise NotAnArticle("too-short", url)
        return item
