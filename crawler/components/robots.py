"""robots.txt with a size bound, read as Google reads it: the first ``ROBOTS_MAX_BYTES`` only.

Scrapy's RobotsTxtMiddleware fetches robots.txt like a page: one of 50 MB was cut at
DOWNLOAD_MAXSIZE, logged as an ERROR that named the page that asked for it ("Error downloading
<GET https://site/article>"), with a traceback, and the site was then crawled as if it allowed
everything, without a word saying so. Here:

- a robots.txt body stops downloading at ``ROBOTS_MAX_BYTES`` (500 KiB, Google's limit; its
  rules past that are ignored, as Google ignores them) and the part read is obeyed, with a
  WARNING naming the robots.txt;
- a robots.txt whose Content-Length is over DOWNLOAD_MAXSIZE is refused by Scrapy before its
  body: a WARNING names it and says the site is crawled as if it had no robots.txt;
- its request carries the source of the request that needed it, so the address guard judges it by
  that source's allowances (a request of no source may reach public addresses only);
- any other failure to fetch it is a WARNING naming the robots.txt (not the page), and the site
  is crawled as if it had none (Scrapy's and Google's rule for an unreachable robots.txt).

Counted in the stats as ``cleancrawl/robots/cut`` and ``cleancrawl/robots/unread``.
"""

from __future__ import annotations

import logging

from scrapy import Request, signals
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.exceptions import IgnoreRequest, StopDownload
from scrapy.http import Response
from scrapy.http.request import NO_CALLBACK
from scrapy.robotstxt import RobotParser
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet.defer import Deferred

logger = logging.getLogger(__name__)

# Google parses the first 500 KiB of a robots.txt and ignores the rest.
ROBOTS_MAX_BYTES = 500 * 1024
_META = "cleancrawl_robots"


class BoundedRobotsTxtMiddleware(RobotsTxtMiddleware):
    """Scrapy's RobotsTxtMiddleware, with robots.txt read up to ``ROBOTS_MAX_BYTES`` and its
    failures logged as what they are (see the module docstring)."""

    def __init__(self, crawler) -> None:
        super().__init__(crawler)
        self._received: dict[Request, int] = {}
        crawler.signals.connect(self._bytes_received, signal=signals.bytes_received)

    def _bytes_received(self, data: bytes, request: Request, spider=None) -> None:
        """Stop a robots.txt download once it passes ROBOTS_MAX_BYTES; what came is kept."""
        if not request.meta.get(_META):
            return
        received = self._received.get(request, 0) + len(data)
        self._received[request] = received
        if received > ROBOTS_MAX_BYTES:
            raise StopDownload(fail=False)

    async def robot_parser(self, request: Request) -> RobotParser | None:
        url = urlparse_cached(request)
        netloc = url.netloc
        if netloc not in self._parsers:
            self._parsers[netloc] = Deferred()
            robots = Request(
                f"{url.scheme}://{url.netloc}/robots.txt",
                priority=self.DOWNLOAD_PRIORITY,
                # the source of the request that needed it: the address guard judges the robots.txt
                # request by that source's allowance (crawler/safety/address_guard.py)
                meta={"dont_obey_robotstxt": True, _META: True, "source": request.meta.get("source")},
                callback=NO_CALLBACK,
            )
            try:
                response = await self.crawler.engine.download_async(robots)
            except Exception as exc:
                self._unread(robots, exc, netloc)
            else:
                await self._parse_robots(self._bounded(response), netloc, request)
            finally:
                self._received.pop(robots, None)
            self._stats.inc_value("robotstxt/request_count")
        parser = self._parsers[netloc]
        if isinstance(parser, Deferred):
            return await maybe_deferred_to_future(parser)
        return parser

    def _bounded(self, response: Response) -> Response:
        """The response with at most ROBOTS_MAX_BYTES of body (a compressed one can unpack to more)."""
        if "download_stopped" not in response.flags and len(response.body) <= ROBOTS_MAX_BYTES:
            return response
        self._stats.inc_value("cleancrawl/robots/cut")
        logger.warning(
            "%s is larger than %d KiB: only its first %d KiB are obeyed (as Google does)",
            response.url, ROBOTS_MAX_BYTES // 1024, ROBOTS_MAX_BYTES // 1024,
        )
        body = response.body[:ROBOTS_MAX_BYTES]
        return response.replace(body=body[: body.rfind(b"\n") + 1] or body)  # no half rule at the cut

    def _unread(self, robots: Request, exc: Exception, netloc: str) -> None:
        if not isinstance(exc, IgnoreRequest):
            self._stats.inc_value("cleancrawl/robots/unread")
            reason = str(exc).strip() or type(exc).__name__
            if "larger than download max size" in reason or not str(exc).strip():
                reason = "it is larger than DOWNLOAD_MAXSIZE"
            logger.warning(
                "%s could not be read (%s): %s is crawled as if it had no robots.txt", robots.url, reason, netloc
            )
        self._robots_error(exc, netloc)

