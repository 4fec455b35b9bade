"""URL hygiene for link following: one spelling per page, no tracking parameters, no traps.

Pure functions over strings (no Scrapy), built on w3lib and courlan.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlsplit, urlunsplit

from courlan.clean import clean_query
from w3lib.url import canonicalize_url

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
    dot segments. None for URLs that are not http(s) or cannot be parsed."""
    try:
        parts = urlsplit(url.strip())
        if parts.scheme.lower() not in _DEFAULT_PORTS or not parts.hostname:
            return None
        scheme = parts.scheme.lower()
        host = parts.hostname.lower()
        port = parts.port
    except ValueError:
        return None
    if ":" in host:  # an IPv6 address keeps its brackets (urlsplit took them off)
        host = f"[{host}]"
    netloc = host if port in (None, _DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    if parts.username or parts.password:
        return None
    query = clean_query(parts.query) if parts.query else ""
    try:
        return canonicalize_url(urlunsplit((scheme, netloc, parts.path or "/", query, "")))
    except ValueError:  # w3lib's stricter parse (a host or port it cannot take)
        return None


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
