"""The work done in the cleaning processes: page bytes in, record (or rejection reason) out.

Imported by the worker processes, so it never imports Scrapy: a worker carries only the cleaning
core. The record is exactly ``make_record(clean_html(body, url, content_type=...), ...)``, the
record ``cleancrawl clean`` makes from the same page; news-sitemap hints only fill fields the
page leaves empty (and a language the page does not declare, which the cleaner can only guess).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import multiprocessing
import os
from typing import Any

from cleaners import clean_html
from cleaners.pipeline import warm_up as warm_cleaning
from cleaners.safe_regex import PatternTimeout
from crawler.state.site_counts import with_protected
from crawler.workers.pool import WorkerPool
from output.near_dup import NearDupConfig, sign
from output.record import make_record

logger = logging.getLogger(__name__)


def clean_page(
    url: str,
    body: bytes,
    *,
    content_type: str | None,
    status: int | None,
    source: str | None,
    fetched_at: str | None,
    rule_files: tuple[str, ...] = (),
    min_words: int = 25,
    hints: dict[str, str] | None = None,
    format: str = "text",
    provenance: bool = False,
    near_dup: NearDupConfig | None = None,
    block_model: bool | None = None,
    model_threshold: float | None = None,
) -> tuple[dict[str, Any] | None, str | None]:
    """(record, None) for an article, (None, reason) for a page that is not one. With ``near_dup``
    the record carries its MinHash signature (output.near_dup.SignedRecord), for crawler/components/near_dup.py.
    ``block_model``/``model_threshold``: the block model's switch and threshold (clean_html's)."""
    try:
        article = clean_html(
            body, url, content_type=content_type, rule_files=rule_files, min_words=min_words, format=format,
            block_model=block_model, model_threshold=model_threshold,
        )
    except PatternTimeout as err:
        # The user's rule, not the page, is at fault: said once with the rule's name, the page
        # dropped as rule-timeout (as `cleancrawl clean` counts it), the worker kept.
        logger.warning("%s: %s", url, err)
        return None, err.reason
    finally:
        _return_free_memory()
    if article.rejected:
        return None, article.rejected
    record = make_record(
        article, url=url, source=source, fetched_at=fetched_at, status=status, provenance=provenance
    )
    for key, value in (hints or {}).items():
        # A hint fills what the page leaves empty; a news sitemap's language also beats one
        # guessed from the text, as the publisher declared it.
        if record.get(key) is None or (key == "language" and article.language_guessed):
            record[key] = value
    if near_dup is not None:
        record = sign(record, near_dup)
    if article.protected:  # code lines and table rows, which site repetition leaves alone
        record = with_protected(record, article.protected)
    return record, None


def _load_libc():
    try:
        return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
    except OSError:
        return None


_LIBC = _load_libc()
_TRIM_EVERY = 8
_pages_since_trim = 0


def _return_free_memory() -> None:
    """Every few pages, hand the heap's free pages back to the OS (glibc malloc_trim): parsing
    pages of very different sizes leaves a worker's heap fragmented and its RSS at the high-water
    mark of its largest page. Costs well under a millisecond a page on average."""
    global _pages_since_trim
    _pages_since_trim += 1
    if _pages_since_trim >= _TRIM_EVERY and _LIBC is not None and hasattr(_LIBC, "malloc_trim"):
        _pages_since_trim = 0
        _LIBC.malloc_trim(0)


def warm_up() -> int:
    # Loads trafilatura, lxml, the built-in rules and the concept table before the first page arrives.
    warm_cleaning()
    return os.getpid()


# Imported by the forkserver before it forks the cleaning workers: the cleaning core, run once
# (crawler/workers/cleaning_warm.py), and the spider's link reading (crawler/safety/page_links.py).
WORKER_PRELOAD = ("crawler.workers.cleaning_warm", "crawler.safety.page_links")


def make_pool(workers: int, page_timeout: float | None) -> WorkerPool:
    """The crawl's pool of cleaning processes (crawler/workers/pool.py). Forkserver: the workers
    are forked from a clean process that has imported and run the cleaning core once (so they
    share its pages), never from the crawler's process with its reactor and threads. Workers live
    for the whole crawl, unless one dies or hangs and is replaced; malloc_trim keeps their memory
    down. Where there is no forkserver, each worker warms itself up at birth."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        return WorkerPool(workers, page_timeout=page_timeout, start_method="forkserver", preload=WORKER_PRELOAD)
    return WorkerPool(workers, page_timeout=page_timeout, start_method="spawn", initializer=warm_up)
