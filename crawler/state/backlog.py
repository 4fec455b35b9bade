"""Sitemap entries become requests as the crawl drains them, not all at once.

Scrapy schedules every request a callback yields as soon as it is yielded: a 200,000-URL sitemap
put 200,001 requests in the in-memory scheduler (704 MB) before the first article was fetched. The
sitemap is already parsed streaming (Scrapy's ``Sitemap`` is an lxml ``iterparse`` that clears each
entry; entities are not resolved and ``huge_tree`` is off), so the spider hands the entries to a
:class:`Backlog` instead: it yields the first ``batch`` requests plus one *continuation*, a
``data:`` request (never leaves the process) with a priority below every page's, which the
scheduler therefore hands out only once the batch has drained; its callback yields the next batch
and the next continuation. At most about ``batch`` sitemap requests wait at any time, and the
entries still go through every spider middleware (incremental lastmod skip, trap guards) since
they come out of a callback.

Used only with Scrapy's in-memory queue: with a JOBDIR the disk queue already keeps requests out of
memory (and a continuation could not survive a resume: the parse position is in this process), and
with a shared Redis the queue is in Redis, where another worker would take a continuation it
cannot serve.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from scrapy import Request
from scrapy.utils.httpobj import urlparse_cached

# Sitemap entries turned into requests at a time: enough to keep every download slot busy.
DEFAULT_BATCH = 1000
# Below every page request (0), retry (-1 each) and redirect adjustments.
CONTINUATION_PRIORITY = -1000


class Backlog:
    """Requests that are made, ``batch`` at a time, only when the scheduler has drained the last batch."""

    def __init__(self, batch: int = DEFAULT_BATCH) -> None:
        self.batch = max(1, batch)
        self._pending: dict[int, Iterator[Request | None]] = {}
        self._ids = itertools.count()
        # Streams yielding a batch right now. Scrapy consumes the output of several callbacks in
        # turns, so a second sitemap can start while the first is still halfway through its batch
        # (its continuation not yet made): it must wait behind that one too.
        self._streaming = 0

    def __len__(self) -> int:
        return len(self._pending)

    def requests(
        self, made: Iterable[Request | None], continuation: Callable[[int, str], Request], *, wait_behind: bool = True
    ) -> Iterator[Request]:
        """The first batch of ``made`` (None items are refused entries: skipped, not counted) and, if
        more are left, ``continuation(key, slot)``, whose callback is to call :meth:`resume` with
        ``key``. ``slot`` is the download slot of the batch's last request: the continuation must
        wait in that slot's queue (Scrapy's DownloaderAwarePriorityQueue keeps one per slot, and
        orders by priority only within one) to be handed out after the batch."""
        rows = iter(made)
        if wait_behind and (self._pending or self._streaming):
            # Another sitemap is waiting already: this one waits behind it, so that the sitemaps of an
            # index together (not each of them) keep about one batch queued.
            first = next((r for r in rows if r is not None), None)
            if first is not None:
                yield self._defer(itertools.chain([first], rows), continuation, first)
            return
        self._streaming += 1
        try:
            taken = 0
            last: Request | None = None
            for request in rows:
                if request is None:
                    continue
                yield request
                last = request
                taken += 1
                if taken >= self.batch:
                    break
            else:
                return
            try:
                head = next(rows)
            except StopIteration:
                return
            deferred = self._defer(itertools.chain([head], rows), continuation, last)
        finally:
            self._streaming -= 1
        yield deferred

    def _defer(
        self, rows: Iterator[Request | None], continuation: Callable[[int, str], Request], last: Request | None
    ) -> Request:
        key = next(self._ids)
        self._pending[key] = rows
        return continuation(key, slot_of(last))

    def resume(self, key: Any, continuation: Callable[[int, str], Request]) -> Iterator[Request]:
        rows = self._pending.pop(key, None) if isinstance(key, int) else None
        if rows is not None:
            yield from self.requests(rows, continuation, wait_behind=False)


def slot_of(request: Request | None) -> str:
    """The download slot Scrapy's downloader puts ``request`` in (its meta's, else its host)."""
    if request is None:
        return ""
    slot = request.meta.get("download_slot")
    return slot if isinstance(slot, str) else (urlparse_cached(request).hostname or "")
