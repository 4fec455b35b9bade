"""URL hygiene for link following: one spelling per page, no tracking parameters, no traps.

Pure functions over strings and parsed pages (no Scrapy), built on w3lib and courlan.
"""

from __future__ import annotations

import ipaddress
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, urljoin, urlsplit, urlunsplit

from courlan.clean import clean_query
from w3lib.html import strip_html5_whitespace
from w3lib.url import canonicalize_url, safe_url_string

_DEFAULT_PORTS = {"http": 80, "https": 443}
# Links that never lead to an article page.
_NON_PAGE_EXTENSIONS = re.compile(
    r"\.(?:jpe?g|png|gif|webp|svg|ico|bmp|tiff?|mp[34]|m4a|wav|ogg|avi|mov|webm|mkv|pdf|zip|gz|tgz|rar|7z"
    r"|exe|dmg|apk|docx?|xlsx?|pptx?|css|js|json|woff2?|ttf|eot)$",
    re.IGNORECASE,
)
# Endless generated pages: calendars and archives by date parameters.
_CALENDAR_PATH = re.compile(r"/(?:calendar|events?/calendar|kalender)(?:/|$)", re.IGNORECASE)
_CALENDAR_PARAMS = {"month", "year", "day", "date", "week", "calendar", "ical"}
_PAGE_PARAMS = ("page", "p", "pg", "paged", "start", "offset")
_PAGE_PATH = re.compile(r"/page/(\d+)(?:/|$)", re.IGNORECASE)


def canonical_url(url: str) -> str | None:
    """The one spelling of ``url`` used for requests and dedup: lower-case host, no default port,
    no fragment, sorted query without tracking parameters (utm_*, fbclid, ref...), resolved
    dot segments; an IPv6 literal keeps its brackets. None for URLs that are not http(s) or cannot
    be parsed (a bad host, port or character): never raises, so one bad URL of a listing is
    refused alone."""
    try:
        parts = urlsplit(url.strip())
        scheme = parts.scheme.lower()
        if scheme not in _DEFAULT_PORTS or not parts.hostname or parts.username or parts.password:
            return None
        host = _host(parts.hostname)
        port = parts.port
        if host is None:
            return None
        netloc = host if port in (None, _DEFAULT_PORTS[scheme]) else f"{host}:{port}"
        query = clean_query(parts.query) if parts.query else ""
        return canonicalize_url(urlunsplit((scheme, netloc, parts.path or "/", query, "")))
    except (ValueError, UnicodeError):  # bad port or IPv6 literal; surrogates, undecodable escapes
        return None


# What a host name may not hold (the WHATWG URL standard's forbidden host code points, and '%').
_FORBIDDEN_IN_HOST = re.compile(r"[\x00-\x20\x7f#%/:<>?@\[\\\]^|]")


def _host(hostname: str) -> str | None:
    """``hostname`` (as urlsplit gives it: lower-case, no brackets) as it goes into a URL, or None
    when it is no host: an IPv6 literal is bracketed in its compressed form, a name must make a
    valid IDNA name (no empty or over-long label, no character a host cannot hold)."""
    if ":" in hostname:
        if "%" in hostname:  # a zone id (fe80::1%eth0) means nothing off the host that wrote it
            return None
        try:
            return f"[{ipaddress.IPv6Address(hostname).compressed}]"
        except ValueError:
            return None
    if _FORBIDDEN_IN_HOST.search(hostname):
        return None
    hostname.encode("idna")  # UnicodeError for empty or over-long labels and characters IDNA refuses
    return hostname


# The elements and attribute Scrapy's LinkExtractor reads by default (tags=("a", "area"), attrs=("href",)).
_LINK_TAGS = frozenset({"a", "area"})


def _link_hrefs(root: Any) -> Iterator[str]:
    """The ``href`` of every ``<a>`` and ``<area>`` under the lxml element ``root``, in page order."""
    for element in root.iter():
        tag = element.tag
        if isinstance(tag, str) and tag.rsplit("}", 1)[-1] in _LINK_TAGS:
            href = element.get("href")
            if href is not None:
                yield href


def unjoinable_hrefs(root: Any, base_url: str, encoding: str = "utf-8", limit: int | None = None) -> list[str]:
    """The link hrefs of a page (``root``: its lxml document, e.g. ``response.selector.root``) that
    cannot be made into a URL against ``base_url`` (``scrapy.utils.response.get_base_url``), as
    Scrapy's LinkExtractor makes them: ``urljoin`` then ``safe_url_string``. The extractor skips
    these without a word (``http://[::1/x``, or every link under an unclosed ``<base href>``), so
    the spider counts them from here as invalid URLs. Only the first ``limit`` hrefs are checked
    (the ones a capped extractor reads; the rest are counted over the cap, and a Python walk of a
    million of them took 12 s of CPU). Never raises."""
    bad = []
    for href in itertools.islice(_link_hrefs(root), limit):
        try:
            safe_url_string(urljoin(base_url, strip_html5_whitespace(href)), encoding=encoding)
        except (ValueError, UnicodeError):
            bad.append(href)
    return bad


@dataclass(frozen=True)
class TrapGuard:
    """Refuses URLs that look like crawler traps; ``reason`` says which guard tripped."""

    max_url_length: int = 512
    max_repeated_segment: int = 2
    max_pagination: int = 50

    def reason(self, url: str) -> str | None:
        if len(url) > self.max_url_length:
            return "url-too-long"
        parts = urlsplit(url)
        if _NON_PAGE_EXTENSIONS.search(parts.path):
            return "not-a-page"
        segments = [s for s in parts.path.lower().split("/") if s]
        if segments:
            most = max(segments.count(s) for s in set(segments))
            if most > self.max_repeated_segment:
                return "repeated-path-segment"
        if _CALENDAR_PATH.search(parts.path):
            return "calendar"
        params = parse_qsl(parts.query, keep_blank_values=True)
        names = {k.lower() for k, _ in params}
        if len(names & _CALENDAR_PARAMS) >= 2 or "ical" in names:
            return "calendar"
        for key, value in params:
            if key.lower() in _PAGE_PARAMS and value.isdigit() and int(value) > self.max_pagination:
                return "pagination"
        match = _PAGE_PATH.search(parts.path)
        if match and int(match.group(1)) > self.max_pagination:
            return "pagination"
        return None


_HAS_DIGIT = re.compile(r"\d")


def url_family(url: str) -> str:
    """The family a URL belongs to: its host, its path with the last segment and every segment
    holding a digit generalised, and its query's parameter names without their values. A link trap
    (``/?pg=N&sort=<random>``, ``/tag/<random>``) is one family however many URLs it makes up;
    ``/2024/05/story.html`` and ``/2024/06/other.html`` are one family too, of articles."""
    parts = urlsplit(url)
    segments = [s for s in parts.path.split("/") if s]
    shape = ["<n>" if _HAS_DIGIT.search(s) else s.lower() for s in segments[:-1]]
    if segments:
        shape.append("*")
    names = sorted({k.lower() for k, _ in parse_qsl(parts.query, keep_blank_values=True)})
    return f"{parts.netloc.lower()}/{'/'.join(shape)}" + ("?" + "&".join(names) if names else "")


@dataclass
class FamilyGuard:
    """Stops following a URL family that keeps producing pages without an article: after
    ``max_pages`` fetched pages of one family and not one article among them, its URLs are refused
    (0: never). One article in a family keeps it open for good."""

    max_pages: int = 30
    _pages: dict[str, int] | None = None
    _fruitful: set[str] | None = None

    def __post_init__(self) -> None:
        self._pages, self._fruitful = {}, set()

    def fetched(self, url: str, *, article: bool) -> None:
        family = url_family(url)
        if article:
            self._fruitful.add(family)
            self._pages.pop(family, None)
        elif family not in self._fruitful:
            self._pages[family] = self._pages.get(family, 0) + 1

    def exhausted(self, url: str) -> bool:
        return bool(self.max_pages) and self._pages.get(url_family(url), 0) >= self.max_pages
