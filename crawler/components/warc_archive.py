"""``--warc DIR`` (CLEANCRAWL_WARC_DIR): every response the crawl fetches, and its request, archived
as WARC (output/warc.py writes the files), so its pages can be cleaned again years later with
better rules (``cleancrawl clean DIR``) without fetching them again.

A downloader middleware at priority 950, nearer the downloader than HttpCompressionMiddleware
(590): it sees each response as received, so the body is archived still compressed, beside the
``Content-Encoding`` that says how to decode it (the decoded body Scrapy goes on with would need
rewritten headers, and the archive would no longer be what the server sent). It sees the request
with every header the other middlewares added (User-Agent, Accept-Encoding, If-None-Match).

What is archived: every http(s) response that reaches the downloader middlewares: article pages,
listing pages, redirects (3xx), error answers (4xx, 5xx; each retry too), robots.txt, sitemaps
and feeds. A 304 to a conditional request is archived as the 304 it is. With HTTPCACHE_ENABLED a
page served from the cache is archived again as if fetched (the cache middleware answers before
the download). Not archived: requests that got no response (timeouts, refused connections).

``fetched_at``: the middleware stamps the time of the response into ``request.meta["fetched_at"]``
and writes the same value as the record's ``WARC-Date``; the spider uses it as the record's
``fetched_at``, so cleaning the WARC again gives the record the crawl wrote, to the second.

A failure to write the archive (disk full) stops the crawl, as a failure to write the records
does: a crawl whose archive silently stopped would not be the archive it claims to be.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Response

from crawler.components import store_failure
from output.warc import DEFAULT_MAX_BYTES, Exchange, WarcArchive

logger = logging.getLogger(__name__)


def fetched_now() -> str:
    """UTC now, to the second, as records' ``fetched_at`` and WARC/1.0's ``WARC-Date`` write it."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _pairs(headers: Any) -> list[tuple[str, str]]:
    return [
        (name.decode("latin-1"), value.decode("latin-1"))
        for name, values in headers.items()
        for value in (values if isinstance(values, list) else [values])
    ]


class WarcArchiveMiddleware:
    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
        folder = settings.get("CLEANCRAWL_WARC_DIR")
        if not folder:
            raise NotConfigured
        from output.parquet import parse_size

        size = settings.get("CLEANCRAWL_WARC_FILE_SIZE") or DEFAULT_MAX_BYTES
        self.archive = WarcArchive(
            Path(folder),
            max_bytes=size if isinstance(size, int) else parse_size(str(size)),
            info={
                "http-header-user-agent": settings.get("USER_AGENT") or "",
                "robots": "obey" if settings.getbool("ROBOTSTXT_OBEY") else "ignore",
            },
        )
        self.crawler = crawler
        self.stats = crawler.stats
        self.failed = False
        crawler.signals.connect(self.close, signal=signals.engine_stopped)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> WarcArchiveMiddleware:
        return cls(crawler)

    def process_response(self, request: Request, response: Response) -> Response:
        if self.failed or urlsplit(response.url).scheme not in ("http", "https"):
            return response
        date = fetched_now()
        request.meta["fetched_at"] = date
        headers = _pairs(request.headers)
        if not any(name.lower() == "host" for name, _ in headers):  # the HTTP client adds it when sending
            headers.insert(0, ("Host", urlsplit(request.url).netloc))
        exchange = Exchange(
            url=response.url,
            method=request.method,
            request_headers=headers,
            status=response.status,
            response_headers=_pairs(response.headers),
            body=response.body,
            date=date,
            protocol=response.protocol or "HTTP/1.1",
            request_body=request.body,
            ip_address=str(response.ip_address) if response.ip_address else None,
        )
        try:
            self.archive.write(exchange)
        except OSError as exc:
            self._fail(exc)
            return response
        self.stats.inc_value("cleancrawl/warc/responses")
        self.stats.set_value("cleancrawl/warc/bytes", self.archive.bytes_written)
        self.stats.set_value("cleancrawl/warc/files", [str(p) for p in self.archive.files])
        return response

    def _fail(self, exc: OSError) -> None:
        self.failed = True
        where = self.archive.files[-1] if self.archive.files else self.archive.folder
        reason = exc.strerror or str(exc)
        self.stats.set_value("cleancrawl/warc/failed", f"{where}: {reason}")
        # One error line, the crawl stopped, exit 1 with one line (crawler/components/store_failure.py); the records
        # of pages fetched from here on are not written either, so the archive and the output stay in step.
        store_failure.stop_crawl(self.crawler, f"{where} (WARC archive)", exc)

    def close(self) -> None:
        try:
            self.archive.close()
        except OSError as exc:
            logger.error("could not close the WARC archive: %s", exc.strerror or exc)
