"""Reading a fetched page's links, in a cleaning worker process, never on the reactor.

Link extraction parses the whole page with lxml and walks every element, all in C or holding
the GIL: in the reactor thread one page stopped every download, and SIGTERM, for as long as it
took (80,000 attributes on one element: 62 s, as libxml2 checks each new attribute against all
earlier ones; 1,000,000 links: 2 to 7 minutes and 960 MB). The spider hands the body to the
cleaning workers (``CleanPipeline.run_in_worker``: crawler/workers/pool.py kills and replaces the
worker when the links are still not read after ``CLEANCRAWL_LINK_TIMEOUT``, as for a page that
hangs the cleaner)
and gets back only the URLs worth a request.

Scrapy's own ``LinkExtractor(unique=True)`` reads the links, so what is followed on a normal page
does not change, with two caps (counted): at most ``max_links`` link attributes a page and
``max_attributes`` attributes of one element are read. The source's domains and allow/deny
patterns are applied here too, so a user's pattern never runs on the reactor for page links.

Imported by the worker processes (preloaded by their forkserver, crawler/workers/cleaning.py): it imports
Scrapy's link extractor and response classes, not the engine, and never installs a reactor.
"""

from __future__ import annotations

import itertools
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from lxml import etree
from scrapy.http import TextResponse
from scrapy.linkextractors import LinkExtractor
from scrapy.linkextractors.lxmlhtml import LxmlParserLinkExtractor, _nons
from scrapy.utils.response import get_base_url

from cleaners.page_bounds import has_crowded_tag
from crawler.safety.links import canonical_url, unjoinable_hrefs
from crawler.state.sources import Source, UrlPatternTimeout

DEFAULT_MAX_LINKS = 5_000
DEFAULT_MAX_ATTRIBUTES = 100
_COUNT_LINKS = "count(//*[local-name()='a' or local-name()='area'][@href])"


@dataclass
class PageLinks:
    """What ``read_links`` found: the canonical URLs to request (in page order, each once), how
    many links were left out and why (``counts``), and the patterns that ran out of time."""

    urls: list[str] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)
    pattern_timeouts: list[str] = field(default_factory=list)


class _CappedParserLinkExtractor(LxmlParserLinkExtractor):
    """Scrapy's parser link extractor reading at most ``max_links`` link attributes of a page and
    ``max_attributes`` attributes of an element; what it leaves unread is counted."""

    max_links = DEFAULT_MAX_LINKS
    max_attributes = DEFAULT_MAX_ATTRIBUTES
    links_unread = 0
    attributes_unread = 0

    def _iter_links(self, document: Any) -> Any:
        found = 0
        for el in document.iter(etree.Element):
            if not self.scan_tag(_nons(el.tag)):
                continue
            attribs = el.attrib
            if len(attribs) > self.max_attributes:
                self.attributes_unread += len(attribs) - self.max_attributes
            for attrib in itertools.islice(attribs, self.max_attributes):
                if not self.scan_attr(attrib):
                    continue
                if found >= self.max_links:
                    # counted in C: a Python walk of a million leftover links costs seconds
                    self.links_unread = max(1, int(document.xpath(_COUNT_LINKS)) - found)
                    return
                found += 1
                yield el, attrib, attribs[attrib]


@cache
def _extractor(max_links: int, max_attributes: int) -> LinkExtractor:
    extractor = LinkExtractor(unique=True)
    # LinkExtractor builds its parser itself; the capped one has the same state, only a bounded walk
    # (as Scrapy swaps the class of Twisted's response parser).
    extractor.link_extractor.__class__ = _CappedParserLinkExtractor
    extractor.link_extractor.max_links = max_links
    extractor.link_extractor.max_attributes = max_attributes
    return extractor


def read_links(
    url: str,
    body: bytes,
    *,
    response_class: type[TextResponse] = TextResponse,
    content_type: str = "",
    source: Source,
    max_links: int = DEFAULT_MAX_LINKS,
    max_attributes: int = DEFAULT_MAX_ATTRIBUTES,
) -> PageLinks:
    """The links of the page ``url`` worth a request for ``source``: canonical, in its domains
    and passing its allow/deny patterns. ``response_class`` and ``content_type`` are those of the
    fetched response, so the page is decoded and parsed as the spider would have."""
    headers = {"Content-Type": content_type} if content_type else {}
    response = response_class(url=url, body=body, headers=headers)
    found = PageLinks()
    if has_crowded_tag(response.text):
        # cleaning rejects this page as too-large before parsing it; reading its links would parse
        # it, for a minute or more, then run into CLEANCRAWL_LINK_TIMEOUT and restart the workers
        found.counts["too-large"] = 1
        return found
    extractor = _extractor(max(1, max_links), max(1, max_attributes))
    parser = extractor.link_extractor
    parser.links_unread = parser.attributes_unread = 0
    links = extractor.extract_links(response)
    # the links the extractor skipped without a word (an unclosed IPv6 bracket, a bad <base href>)
    # only the hrefs under the cap: those past it are counted as over-page-cap, once
    dropped = unjoinable_hrefs(response.selector.root, get_base_url(response), response.encoding, parser.max_links)
    if dropped:
        found.counts["invalid-url"] += len(dropped)
    if parser.links_unread:
        found.counts["over-page-cap"] = parser.links_unread
    if parser.attributes_unread:
        found.counts["attributes-unread"] = parser.attributes_unread
    for link in links:
        canonical = canonical_url(link.url)
        if canonical is None:
            found.counts["invalid-url"] += 1
        elif not source.in_domain(canonical):
            found.counts["offsite"] += 1
        else:
            try:
                allowed = source.allows(canonical)
            except UrlPatternTimeout as err:
                found.counts["pattern-timeout"] += 1
                if str(err) not in found.pattern_timeouts:
                    found.pattern_timeouts.append(str(err))
                continue
            if allowed:
                found.urls.append(canonical)
            else:
                found.counts["filtered"] += 1
    return found
