"""What a running crawl has done so far, on standard error: a long crawl is not silent until its summary.

A Scrapy extension fed by the crawl stats, in one of two modes (CLEANCRAWL_PROGRESS):

- ``bar``: a tqdm status line refreshed in place (pages fetched, queued, articles written,
  rejected, errors, rate), for a person at a terminal. The console log handler writes through
  tqdm while it shows, so messages print above the line instead of through it;
- ``log``: a plain line every CLEANCRAWL_PROGRESS_INTERVAL seconds, for a log file, a pipe, CI
  or a service manager, where a line rewritten in place would be noise;
- ``auto`` (the default): ``bar`` when standard error is a terminal, else ``log``; ``off``: none.

The counts are the stats the summary reads: ``cleancrawl/pages/*`` (fetched),
``scheduler/enqueued - scheduler/dequeued`` (queued), ``cleancrawl/written``,
``cleancrawl/dropped/*`` (rejected), ``cleancrawl/failed/*`` (errors).
"""

from __future__ import annotations

import contextlib
import logging
import shutil
import sys
import time
from dataclasses import dataclass
from typing import IO, Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.utils.asyncio import create_looping_call

MODES = ("auto", "bar", "log", "off")
# How often the terminal line is redrawn: fast enough to look alive, cheap (a few dict sums).
_BAR_REFRESH = 0.5


def choose_mode(setting: str, stream: IO[str]) -> str:
    """``bar``, ``log`` or ``off`` for CLEANCRAWL_PROGRESS = ``setting``, writing to ``stream``."""
    mode = (setting or "auto").strip().lower()
    if mode not in MODES:
        raise ValueError(f"CLEANCRAWL_PROGRESS={setting!r}: expected one of {', '.join(MODES)}")
    if mode != "auto":
        return mode
    isatty = getattr(stream, "isatty", None)
    return "bar" if isatty is not None and isatty() else "log"


@dataclass(frozen=True)
class Snapshot:
    fetched: int
    queued: int
    written: int
    rejected: int
    errors: int
    elapsed: float

    @classmethod
    def of(cls, stats: dict[str, Any], elapsed: float) -> Snapshot:
        def total(prefix: str) -> int:
            return sum(v for k, v in stats.items() if k.startswith(prefix) and isinstance(v, int))

        return cls(
            fetched=total("cleancrawl/pages/"),
            queued=max(0, stats.get("scheduler/enqueued", 0) - stats.get("scheduler/dequeued", 0)),
            written=stats.get("cleancrawl/written", 0),
            rejected=total("cleancrawl/dropped/"),
            errors=total("cleancrawl/failed/"),
            elapsed=elapsed,
        )

    @property
    def rate(self) -> float:
        return self.fetched / self.elapsed if self.elapsed > 0 else 0.0

    def counts(self) -> str:
        return (
            f"{self.queued} queued, {self.written} written, {self.rejected} rejected, {self.errors} errors"
        )

    def line(self) -> str:
        return f"progress: {self.fetched} pages fetched, {self.counts()}, {self.rate:.1f} pages/s, {self.elapsed:.0f}s"


class _AboveBar:
    """A stream for a logging handler while the bar shows: each message goes above the bar."""

    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream

    def write(self, text: str) -> None:
        from tqdm import tqdm

        tqdm.write(text.rstrip("\n"), file=self.stream)

    def flush(self) -> None:
        self.stream.flush()


class CrawlProgress:
    def __init__(self, crawler: Crawler, mode: str, interval: float, stream: IO[str]) -> None:
        self.stats = crawler.stats
        self.mode = mode
        self.interval = interval if mode == "log" else _BAR_REFRESH
        self.stream = stream
        self.started = 0.0
        self.task: Any = None
        self.bar: Any = None
        self._redirect = contextlib.ExitStack()
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CrawlProgress:
        settings = crawler.settings
        mode = choose_mode(settings.get("CLEANCRAWL_PROGRESS", "auto"), sys.stderr)
        if mode == "off":
            raise NotConfigured
        return cls(crawler, mode, settings.getfloat("CLEANCRAWL_PROGRESS_INTERVAL", 30.0), sys.stderr)

    def snapshot(self) -> Snapshot:
        return Snapshot.of(self.stats.get_stats(), time.monotonic() - self.started)

    def spider_opened(self, spider: Any = None) -> None:
        self.started = time.monotonic()
        if self.mode == "bar":
            self._open_bar()
        self.task = create_looping_call(self.tick)
        self.task.start(self.interval, now=False)

    def _open_bar(self) -> None:
        from tqdm import tqdm

        self.bar = tqdm(
            file=self.stream,
            unit=" pages",
            bar_format="crawling: {n_fmt} pages fetched{postfix} [{elapsed}, {rate_fmt}]",
            # A terminal that reports no width (some ptys) would get an empty line from tqdm.
            ncols=shutil.get_terminal_size((100, 20)).columns,
        )
        self.bar.set_postfix_str("0 queued", refresh=False)
        for handler in logging.root.handlers:
            if type(handler) is logging.StreamHandler and handler.stream is self.stream:
                # Printed above the bar, through the same handler: its level and filters hold.
                previous = handler.setStream(_AboveBar(self.stream))
                self._redirect.callback(handler.setStream, previous)

    def tick(self) -> None:
        snapshot = self.snapshot()
        if self.bar is not None:
            self.bar.set_postfix_str(snapshot.counts(), refresh=False)
            self.bar.update(snapshot.fetched - self.bar.n)
            self.bar.refresh()
        else:
            print(snapshot.line(), file=self.stream, flush=True)

    def spider_closed(self, spider: Any = None, reason: str = "") -> None:
        if self.task is not None and self.task.running:
            self.task.stop()
        if self.bar is not None:
            self.tick()
            self.bar.close()
            self.bar = None
        self._redirect.close()
