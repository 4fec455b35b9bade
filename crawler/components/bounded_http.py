"""Scrapy's HTTP/1.1 download handler with a bound on a response's headers.

Neither Scrapy (2.19) nor Twisted bounds the header section of a response: Twisted's parser
(``twisted.web._newclient.HTTPParser``, a ``LineReceiver``) only caps one line at 16 kB and keeps
every header it is given, so a server sending 1 kB header lines without end grew the crawl
process from 248 MB to 6.7 GB in 30 s, until DOWNLOAD_TIMEOUT (and then twice more, on retry).

Here the parser counts the bytes and lines of the status line and headers (1xx interim
responses included) and gives up past ``CLEANCRAWL_MAX_HEADER_BYTES`` or
``CLEANCRAWL_MAX_HEADER_LINES``: the connection is dropped at once and the request fails with
``ResponseHeadersTooLarge``, an ``IgnoreRequest`` (so it is not retried: the server would do it
again), which the spider counts as ``cleancrawl/failed/too-large``.

The parser class is swapped on the parser object Twisted's protocol creates, as Scrapy's own
``_LenientHTTP11ClientProtocol`` does (``HTTP11ClientProtocol.request`` hard-codes the class).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any

from scrapy.core.downloader.handlers.http11 import (
    HTTP11DownloadHandler,
    _LenientHTTP11ClientFactory,
    _LenientHTTP11ClientProtocol,
    _LenientHTTPClientParser,
)
from scrapy.exceptions import DownloadFailedError, IgnoreRequest
from twisted.web.client import ResponseFailed

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Response
    from twisted.internet.defer import Deferred

DEFAULT_MAX_HEADER_BYTES = 64 * 1024
DEFAULT_MAX_HEADER_LINES = 200


class ResponseHeadersTooLarge(IgnoreRequest):
    """A response whose status line and headers ran past the configured bound."""


class _HeaderLimitExceeded(Exception):
    """Raised inside the parser; Twisted's protocol turns it into a dropped connection and a
    ``ResponseFailed`` carrying it."""


@dataclass(frozen=True)
class HeaderLimits:
    max_bytes: int = DEFAULT_MAX_HEADER_BYTES
    max_lines: int = DEFAULT_MAX_HEADER_LINES

    def describe(self) -> str:
        return f"{self.max_bytes} bytes or {self.max_lines} lines"


class _BoundedHTTPClientParser(_LenientHTTPClientParser):
    """Scrapy's lenient response parser, counting what the header section costs. It defines no
    ``__init__`` (its object is made by Twisted as a plain parser): the limits and counts are set
    on the object by ``_BoundedHTTP11ClientProtocol.request``."""

    limits: HeaderLimits = HeaderLimits()
    header_bytes = 0
    header_lines = 0

    def lineReceived(self, line: bytes) -> None:
        self.header_bytes += len(line) + 1
        self.header_lines += 1
        if self.header_bytes > self.limits.max_bytes or self.header_lines > self.limits.max_lines:
            raise _HeaderLimitExceeded(
                f"response headers past {self.limits.describe()} "
                f"({self.header_lines} lines, {self.header_bytes} bytes so far)"
            )
        super().lineReceived(line)

    def lineLengthExceeded(self, line: bytes) -> None:
        # LineReceiver buffers at most MAX_LENGTH bytes of an unfinished line, then calls this.
        raise _HeaderLimitExceeded(f"a response header line longer than {self.MAX_LENGTH} bytes")


class _BoundedHTTP11ClientProtocol(_LenientHTTP11ClientProtocol):
    def __init__(self, quiescentCallback: Any, limits: HeaderLimits) -> None:
        super().__init__(quiescentCallback)
        self._header_limits = limits

    def request(self, request: Any) -> Deferred:
        d = super().request(request)
        parser = self._parser
        assert parser is not None
        parser.__class__ = _BoundedHTTPClientParser
        parser.limits = self._header_limits
        # one line may use the whole budget, no more (Twisted's own cap is 16 kB a line)
        parser.MAX_LENGTH = self._header_limits.max_bytes
        parser.header_bytes = parser.header_lines = 0
        return d


class _BoundedHTTP11ClientFactory(_LenientHTTP11ClientFactory):
    def __init__(self, quiescentCallback: Any, metadata: Any, limits: HeaderLimits) -> None:
        super().__init__(quiescentCallback, metadata)
        self._header_limits = limits

    def buildProtocol(self, addr: Any) -> _BoundedHTTP11ClientProtocol:
        return _BoundedHTTP11ClientProtocol(self._quiescentCallback, self._header_limits)


def header_limits(settings: Any) -> HeaderLimits:
    """The limits from the settings; a value below 1 is a configuration mistake."""
    limits = HeaderLimits(
        settings.getint("CLEANCRAWL_MAX_HEADER_BYTES", DEFAULT_MAX_HEADER_BYTES),
        settings.getint("CLEANCRAWL_MAX_HEADER_LINES", DEFAULT_MAX_HEADER_LINES),
    )
    if limits.max_bytes < 1 or limits.max_lines < 1:
        raise ValueError(f"CLEANCRAWL_MAX_HEADER_BYTES and CLEANCRAWL_MAX_HEADER_LINES must be >= 1, got {limits}")
    return limits


def _header_limit_reason(err: BaseException) -> str | None:
    """The message of the header bound behind a failed download, if that is what failed it."""
    cause = err.__cause__
    if isinstance(cause, ResponseFailed):
        for reason in cause.reasons:
            if reason.check(_HeaderLimitExceeded):
                return str(reason.value)
    return None


class BoundedHTTP11DownloadHandler(HTTP11DownloadHandler):
    """``HTTP11DownloadHandler`` whose connections parse responses with bounded headers."""

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self._pool._factory = partial(_BoundedHTTP11ClientFactory, limits=header_limits(crawler.settings))

    async def download_request(self, request: Request) -> Response:
        try:
            return await super().download_request(request)
        except DownloadFailedError as err:
            reason = _header_limit_reason(err)
            if reason is None:
                raise
            raise ResponseHeadersTooLarge(f"{request.url}: {reason}") from None
