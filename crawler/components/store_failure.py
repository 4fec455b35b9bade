"""A store the crawl writes besides its output (the crawl state, the near-duplicate index, the
site-repetition counts) that fails: disk full, an I/O error, a Redis gone away.

Such a failure was logged once per record (586 "database or disk is full" errors in one crawl)
while the crawl went on and ended "finished" with exit 0, its summary counting records that were
never written. Now the first one is logged in one line naming the store, kept in the stats
(``cleancrawl/output/failed``, the key ``cleancrawl crawl`` turns into its exit-1 line) and
stops the crawl; the records it reaches after that are not written (``cleancrawl/output/unwritten``,
taken off ``cleancrawl/written`` by whoever had counted them) and fetched again next time.
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
from functools import cache
from typing import Any

from scrapy.exceptions import DropItem

logger = logging.getLogger(__name__)

FAILED = "cleancrawl/output/failed"
UNWRITTEN = "cleancrawl/output/unwritten"


@cache
def store_errors() -> tuple[type[BaseException], ...]:
    """What a store's write raises when the store cannot take it (not a bug in the caller)."""
    errors: list[type[BaseException]] = [sqlite3.Error, OSError]
    try:
        from redis.exceptions import RedisError
    except ImportError:  # only distributed crawls need redis
        pass
    else:
        errors.append(RedisError)
    return tuple(errors)


class StoreFailed(DropItem):
    """A record not written because a store failed (the crawl is stopping)."""

    def __init__(self, message: str) -> None:
        super().__init__(message, log_level="DEBUG")


def describe(store: Any, what: str) -> str:
    """``data/state.sqlite3 (crawl state)``: where a store lives, for the one failure line."""
    where = getattr(store, "path", None) or getattr(store, "url", None)
    db = getattr(store, "db", None)
    if where is None and isinstance(db, sqlite3.Connection):
        with contextlib.suppress(sqlite3.Error):
            where = next((row[2] for row in db.execute("PRAGMA database_list") if row[1] == "main"), None)
    return f"{where} ({what})" if where else what


def stop_crawl(crawler: Any, where: str, exc: BaseException) -> None:
    """The first failure of any output or store: one error line, the stats, the crawl stopped."""
    if crawler.stats.get_value(FAILED):
        return
    reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc) or type(exc).__name__
    crawler.stats.set_value(FAILED, f"{where}: {reason}")
    logger.error(
        "could not write to %s: %s; stopping the crawl (the pages not written are fetched again next time)",
        where,
        reason,
    )
    engine = crawler.engine
    if engine is not None and engine.spider is not None:
        from scrapy.utils.defer import deferred_from_coro

        deferred_from_coro(engine.close_spider_async(reason="output_failed"))


def failed(crawler: Any) -> bool:
    return bool(crawler.stats.get_value(FAILED))


def not_written(crawler: Any, item: Any, *, counted: bool) -> StoreFailed:
    """The drop of a record reached after a failure; ``counted``: it was counted written already."""
    crawler.stats.inc_value(UNWRITTEN)
    if counted:
        crawler.stats.inc_value("cleancrawl/written", -1)
    url = item.get("url") if isinstance(item, dict) else None
    return StoreFailed(f"not written (an output or store failed): {url}")
