"""Tell what a start response is (robots.txt, sitemap, feed or page) and read the URLs it lists.

Sitemaps are read with Scrapy's ``Sitemap`` (sitemap indexes, url sets, gzipped bodies); its
parser keeps only the direct children of ``<url>``, so the Google News ``<news:news>`` block
(publication date, title, language) is read here before Scrapy clears it.

Every entry is read on its own: an entry whose URL cannot be read (a lone surrogate such as
``&#xD800;`` that lxml cannot decode, an unclosed IPv6 bracket that ``urljoin`` refuses, a robots.txt
line that is not UTF-8) is listed as ``None`` in its place, for the spider to count as
``invalid-url``, and the entries after it are read as usual.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from io import BytesIO
from typing import Any
from urllib.parse import urljoin

from lxml import etree
from scrapy.utils.gz import gunzip
from scrapy.utils.sitemap import Sitemap

logger = logging.getLogger(__name__)

ROBOTS, SITEMAP_INDEX, SITEMAP, FEED, PAGE = "robots", "sitemapindex", "sitemap", "feed", "page"
_XML_TYPES = ("xml", "rss", "atom")
_NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"


@dataclass
class Listing:
    """What a non-page start response lists: ``kind`` and the entries (URL plus news hints)."""

    kind: str
    # (URL, hints); the URL is None for an entry whose URL cannot be read
    entries: list[tuple[str | None, dict[str, str]]] = field(default_factory=list)
    # A sitemap entry's <lastmod>, by URL: an incremental crawl skips entries not modified since.
    lastmods: dict[str, str] = field(default_factory=dict)


def _local(tag: Any) -> str:
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


def _text(elem: etree._Element) -> str | None:
    """The element's text, stripped ("" for none), or None when lxml cannot decode it (a character
    reference to a lone surrogate, ``&#xD800;``, is kept by the recovering parser as bytes that are
    not UTF-8)."""
    try:
        return (elem.text or "").strip()
    except (UnicodeDecodeError, ValueError):
        return None


def _attribute(elem: etree._Element, name: str) -> str | None:
    """The attribute's value, stripped ("" when absent or empty), or None when it cannot be decoded."""
    try:
        return (elem.get(name) or "").strip()
    except (UnicodeDecodeError, ValueError):
        return None


def _join(base_url: str, link: str | None) -> str | None:
    """``link`` made absolute against ``base_url``, or None when either cannot be parsed."""
    if link is None:
        return None
    try:
        return urljoin(base_url, link)
    except ValueError:  # "Invalid IPv6 URL": an unclosed bracket
        return None


class NewsSitemap(Sitemap):
    """Scrapy's ``Sitemap`` that also keeps each entry's ``<news:news>`` fields as ``d['news']``, and
    reads each field of an entry on its own: an unreadable ``<loc>`` gives ``d['loc'] = None``
    instead of an exception that would end the whole sitemap (Scrapy reads ``.text`` unguarded)."""

    __slots__ = ()

    def _process_sitemap_element(self, elem: etree._Element) -> dict[str, Any] | None:
        entry: dict[str, Any] = {}
        news: dict[str, str] = {}
        for child in elem:
            name = _local(child.tag)
            if child.tag == f"{{{_NEWS_NS}}}news":
                for field_elem in child.iter():
                    field_name, text = _local(field_elem.tag), _text(field_elem)
                    if field_name in ("publication_date", "title", "language") and text:
                        news[field_name] = text
            elif name and name != "link" and name not in entry:
                entry[name] = _text(child)
            child.clear()
        # as Scrapy's: the entry and the entries before it are dropped from the tree as it is read
        elem.clear()
        parent = elem.getparent()
        if parent is not None:
            while elem.getprevious() is not None:
                del parent[0]
        if "loc" not in entry:
            return None
        if news:
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


def robots_sitemaps(url: str, body: bytes) -> list[str | None]:
    """The ``Sitemap:`` lines of a robots.txt, made absolute; None for a line that is not UTF-8 or
    not a URL (Scrapy's ``sitemap_urls_from_robots`` drops the first silently and raises on the second)."""
    found: list[str | None] = []
    for line in BytesIO(body):
        if line.lstrip()[:8].lower() != b"sitemap:":
            continue
        try:
            link: str | None = line.partition(b":")[2].strip().decode()
        except UnicodeDecodeError:
            link = None
        found.append(_join(url, link))
    return found


def sitemap_entries(xml: bytes) -> Iterator[tuple[str | None, dict[str, str]]]:
    """(loc, hints) for every entry of a sitemap or sitemap index (loc None: unreadable)."""
    for loc, hints, _ in sitemap_rows(xml):
        yield loc, hints


def sitemap_rows(
    xml: bytes, on_error: Callable[[str], None] | None = None
) -> Iterator[tuple[str | None, dict[str, str], str | None]]:
    """(loc, hints, lastmod) for every entry of a sitemap or sitemap index (loc None for an entry
    whose ``<loc>`` is empty or cannot be read), lazily: Scrapy's
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
            loc = entry.get("loc") or None
            if loc is None:
                yield None, {}, None
            else:
                yield loc, news_hints(entry.get("news", {})), (entry.get("lastmod") or "").strip() or None
    except etree.LxmlError as exc:
        logger.warning("sitemap parse stopped early: %s", exc)
        if on_error is not None:
            on_error(f"sitemap parse stopped early: {exc}")


def feed_entries(xml: bytes, base_url: str) -> Iterator[tuple[str | None, dict[str, str]]]:
    """Article links of an RSS 2.0, RSS 1.0 (RDF) or Atom feed, in feed order (None for a link that
    cannot be read or parsed)."""
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
            found, link = _rss_link(item)
            if found:
                yield _join(base_url, link), {}
        elif name == "entry":  # Atom
            links = [c for c in item if _local(c.tag) == "link" and _attribute(c, "href") != ""]
            chosen = next((c for c in links if (_attribute(c, "rel") or "alternate") == "alternate"), None)
            if chosen is not None:
                yield _join(base_url, _attribute(chosen, "href")), {}


def _rss_link(item: etree._Element) -> tuple[bool, str | None]:
    """(whether the item names a link, the link or None when it cannot be read): its ``<link>``, else
    a ``<guid>`` that is a permalink."""
    for child in item:
        if _local(child.tag) == "link":
            text = _text(child)
            if text != "":
                return True, text
    guid = next((c for c in item if _local(c.tag) == "guid"), None)
    if guid is not None and _attribute(guid, "isPermaLink") != "false":
        text = _text(guid)
        if text != "":
            return True, text
    return False, None


def listing(kind: str, url: str, body: bytes, xml: bytes | None) -> Listing:
    if kind == ROBOTS:
        return Listing(kind, [(u, {}) for u in robots_sitemaps(url, body)])
    if kind in (SITEMAP, SITEMAP_INDEX) and xml is not None:
        rows = list(sitemap_rows(xml))
        return Listing(kind, [(loc, hints) for loc, hints, _ in rows], {loc: m for loc, _, m in rows if loc and m})
    if kind == FEED and xml is not None:
        return Listing(kind, list(feed_entries(xml, url)))
    return Listing(kind)
