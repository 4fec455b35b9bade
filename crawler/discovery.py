"""Tell what a start response is (robots.txt, sitemap, feed or page) and read the URLs it lists.

Sitemaps are read with Scrapy's ``Sitemap`` (sitemap indexes, url sets, gzipped bodies); its
parser keeps only the direct children of ``<url>``, so the Google News ``<news:news>`` block
(publication date, title, language) is read here before Scrapy clears it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from io import BytesIO
from typing import Any

from lxml import etree
from scrapy.utils.gz import gunzip
from scrapy.utils.sitemap import Sitemap, sitemap_urls_from_robots

logger = logging.getLogger(__name__)

ROBOTS, SITEMAP_INDEX, SITEMAP, FEED, PAGE = "robots", "sitemapindex", "sitemap", "feed", "page"
_XML_TYPES = ("xml", "rss", "atom")
_NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"


@dataclass
class Listing:
    """What a non-page start response lists: ``kind`` and the entries (URL plus news hints)."""

    kind: str
    entries: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    # A sitemap entry's <lastmod>, by URL: an incremental crawl skips entries not modified since.
    lastmods: dict[str, str] = field(default_factory=dict)


def _local(tag: Any) -> str:
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


class NewsSitemap(Sitemap):
    """Scrapy's ``Sitemap`` that also keeps each entry's ``<news:news>`` fields as ``d['news']``."""

    __slots__ = ()

    def _process_sitemap_element(self, elem: etree._Element) -> dict[str, Any] | None:
        news: dict[str, str] = {}
        for block in elem.iterchildren(f"{{{_NEWS_NS}}}news"):
            for child in block.iter():
                name = _local(child.tag)
                text = (child.text or "").strip()
                if name in ("publication_date", "title", "language") and text:
                    news[name] = text
        entry = super()._process_sitemap_element(elem)
        if entry is not None and news:
            entry["news"] = news
        return entry


def news_hints(news: dict[str, str]) -> dict[str, str]:
    """Record fields a news sitemap vouches for, named as in the record."""
    hints = {}
    if news.get("title"):
        hints["title"] = news["title"]
    if news.get("publication_date"):
        hints["published"] = news["publication_date"]
    if news.get("language"):
        hints["language"] = news["language"].strip().replace("_", "-").lower()
    return hints


def xml_body(body: bytes, *, max_size: int = 0) -> bytes | None:
    """The body as XML bytes (gunzipped when gzipped), or None when it does not look like XML."""
    if body[:2] == b"\x1f\x8b":
        try:
            body = gunzip(body, max_size=max_size)
        except (OSError, ValueError, EOFError) as exc:  # corrupt gzip or over DOWNLOAD_MAXSIZE
            logger.warning("cannot gunzip body: %s", exc)
            return None
    head = body[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"<?xml") or head.startswith((b"<urlset", b"<sitemapindex", b"<rss", b"<feed", b"<rdf")):
        return body
    return None


def classify(url: str, content_type: str, body: bytes, *, max_size: int = 0) -> tuple[str, bytes | None]:
    """The kind of a start response and, for XML kinds, its (decompressed) XML body."""
    path = url.split("?", 1)[0].lower()
    if path.endswith("/robots.txt"):
        return ROBOTS, None
    ctype = content_type.lower()
    if "html" in ctype and "xhtml" not in ctype:
        return PAGE, None
    xml = xml_body(body, max_size=max_size)
    if xml is None:
        return PAGE, None
    root = _root_tag(xml)
    if root == "sitemapindex":
        return SITEMAP_INDEX, xml
    if root == "urlset":
        return SITEMAP, xml
    if root in ("rss", "feed", "RDF"):
        return FEED, xml
    return PAGE, None


def _root_tag(xml: bytes) -> str:
    try:
        for _, elem in etree.iterparse(BytesIO(xml), events=("start",), recover=True, resolve_entities=False):
            return _local(elem.tag)
    except etree.LxmlError:
        return ""
    return ""


def robots_sitemaps(url: str, body: bytes) -> list[str]:
    return list(sitemap_urls_from_robots(body, base_url=url))


def sitemap_entries(xml: bytes) -> Iterator[tuple[str, dict[str, str]]]:
    """(loc, hints) for every entry of a sitemap or sitemap index."""
    for loc, hints, _ in sitemap_rows(xml):
        yield loc, hints


def sitemap_rows(
    xml: bytes, on_error: Callable[[str], None] | None = None
) -> Iterator[tuple[str, dict[str, str], str | None]]:
    """(loc, hints, lastmod) for every entry of a sitemap or sitemap index, lazily: Scrapy's
    ``Sitemap`` is an lxml ``iterparse`` (entities not resolved, ``huge_tree`` off) that clears each
    entry once read, so only the entry being read is in memory besides the body itself.
    ``on_error`` is told when the sitemap could not be read to its end (its listing is partial)."""
    try:
        sitemap = NewsSitemap(xml)
    except (etree.LxmlError, StopIteration) as exc:
        if on_error is not None:
            on_error(f"unreadable sitemap: {exc}")
        return
    try:
        for entry in sitemap:
            loc = entry.get("loc", "")
            if loc:
                yield loc, news_hints(entry.get("news", {})), (entry.get("lastmod") or "").strip() or None
    except etree.LxmlError as exc:
        logger.warning("sitemap parse stopped early: %s", exc)
        if on_error is not None:
            on_error(f"sitemap parse stopped early: {exc}")


def feed_entries(xml: bytes, base_url: str) -> Iterator[tuple[str, dict[str, str]]]:
    """Article links of an RSS 2.0, RSS 1.0 (RDF) or Atom feed, in feed order."""
    from urllib.parse import urljoin

    try:
        root = etree.fromstring(
            xml, etree.XMLParser(recover=True, resolve_entities=False, no_network=True, huge_tree=False)
        )
    except etree.LxmlError:
        return
    if root is None:
        return
    for item in root.iter():
        name = _local(item.tag)
        if name == "item":  # RSS 2.0 and 1.0
            link = next((c.text for c in item if _local(c.tag) == "link" and c.text), None)
            if not link:
                guid = next((c for c in item if _local(c.tag) == "guid"), None)
                if guid is not None and guid.text and guid.get("isPermaLink", "true") != "false":
                    link = guid.text
            if link:
                yield urljoin(base_url, link.strip()), {}
        elif name == "entry":  # Atom
            links = [c for c in item if _local(c.tag) == "link" and c.get("href")]
            chosen = next((c for c in links if c.get("rel", "alternate") == "alternate"), None)
            if chosen is not None:
                yield urljoin(base_url, chosen.get("href").strip()), {}


def listing(kind: str, url: str, body: bytes, xml: bytes | None) -> Listing:
    if kind == ROBOTS:
        return Listing(kind, [(u, {}) for u in robots_sitemaps(url, body)])
    if kind in (SITEMAP, SITEMAP_INDEX) and xml is not None:
        rows = list(sitemap_rows(xml))
        return Listing(kind, [(loc, hints) for loc, hints, _ in rows], {loc: m for loc, _, m in rows if m})
    if kind == FEED and xml is not None:
        return Listing(kind, list(feed_entries(xml, url)))
    return Listing(kind)
