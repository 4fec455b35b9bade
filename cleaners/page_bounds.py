"""Bounds on what one page may cost: pages past them are rejected before the costly stages.

Cleaning time and memory grow with a page's markup, and some shapes make them grow faster than
the page: libxml2 checks each attribute of a tag against the others (300,000 attributes: minutes),
trafilatura recurses once per nesting level (200,000 nested lists: a ``RecursionError``), a
million unclosed ``<p>`` took 46 s and 2.1 GB. The limits below sit far above real pages (the
largest of the benchmark sets' pages; docs/cleaning.md gives their sizes) and far below where a
page costs seconds. A page past one is rejected with a
reason (``too-large``, ``too-deep``), counted like any other rejection, never a crash.
"""

from __future__ import annotations

import re

from lxml import etree

# Larger inputs are refused rather than risk a parse that eats gigabytes; Scrapy's own default
# DOWNLOAD_MAXSIZE is 1 GiB, far above any article page. (Here, not in cleaners.pipeline, so that
# reading pages, crawler.offline.page_inputs, does not import trafilatura.)
MAX_PAGE_BYTES = 20 * 1024 * 1024
# Tags a page may hold ("<" characters, counted before parsing: a cap on elements and memory).
MAX_PAGE_TAGS = 100_000
# Attributes one tag may carry (counted before parsing: libxml2's cost is quadratic in them).
MAX_TAG_ATTRIBUTES = 1_000
# Elements nested in one another; trafilatura recurses once a level and fails near 1,000.
MAX_DEPTH = 400
# Characters of one text node (outside scripts and styles), and of the article's text: a
# 19 MB "paragraph" is no article.
MAX_ARTICLE_CHARS = 1_000_000
# <meta> elements read; later ones are dropped before extraction (trafilatura reads each: 200,000
# article:tag metas took 12 s). Real pages have a few dozen.
MAX_META_ELEMENTS = 1_000
# A JSON-LD script longer than this is dropped before extraction (trafilatura rewrites it with
# regular expressions: 12 s for one of 10 MB listing 200,000 authors); real ones are a few KB.
MAX_JSON_LD_CHARS = 1_000_000
# Blocks (paragraphs, items, rows) of an extraction: past this, the text rules, at a fraction of a
# millisecond a block, would take minutes; the page is rejected as ``too-large``.
MAX_BLOCKS = 10_000

# A start tag followed by more than MAX_TAG_ATTRIBUTES attributes (name, optional =value). Linear: a
# match starts only at "<letter", and each repeat can only end where whitespace follows. It is
# tried only where a start tag runs on for two characters an attribute without a ">" (a cheap
# scan; a page that hides ">" in quoted values between its attributes is only slower to clean).
_ATTRIBUTE = r"""\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'>]+))?"""
_MANY_ATTRIBUTES = re.compile(rf"<[A-Za-z][^\s/>]*(?:{_ATTRIBUTE}){{{MAX_TAG_ATTRIBUTES + 1}}}")
_LONG_TAG = re.compile(rf"<[A-Za-z][^>]{{{2 * MAX_TAG_ATTRIBUTES}}}")
# "/*" once a level: true when some element lies MAX_DEPTH deep; libxml2 walks the levels in C,
# one node set at a time, so the test costs one pass over the tree, however deep.
_TOO_DEEP = etree.XPath("boolean(" + "/*" * MAX_DEPTH + ")")
_LONG_TEXT = etree.XPath(
    f"boolean(/descendant::text()[string-length(.) > {MAX_ARTICLE_CHARS}][not(parent::script or parent::style)])"
)
_LONG_JSON_LD = etree.XPath(
    f"/descendant::script[@type='application/ld+json'][string-length(.) > {MAX_JSON_LD_CHARS}]"
)
_EXCESS_METAS = etree.XPath(f"/descendant::meta[position() > {MAX_META_ELEMENTS}]")


def markup_too_large(text: str) -> bool:
    """True when the page has more tags, or a tag more attributes, than the bounds allow."""
    if text.count("<") > MAX_PAGE_TAGS:
        return True
    return has_crowded_tag(text)


def has_crowded_tag(text: str) -> bool:
    """True when a tag of the page carries more than MAX_TAG_ATTRIBUTES attributes: parsing it
    costs libxml2 time quadratic in them (80,000: a minute), so no parser should see the page."""
    return any(_MANY_ATTRIBUTES.match(text, tag.start()) for tag in _LONG_TAG.finditer(text))


def tree_rejection(tree: etree._Element, text: str) -> str | None:
    """``too-deep`` or ``too-large`` (a text node longer than an article may be), else None.
    Drops the ``<meta>`` elements past ``MAX_META_ELEMENTS`` and JSON-LD scripts longer than
    ``MAX_JSON_LD_CHARS`` from the tree. ``text`` is the page the tree was parsed from: the
    tests that need a long page, or many metas, run only when it is one."""
    if _TOO_DEEP(tree):
        return "too-deep"
    dropped: list[etree._Element] = []
    if len(text) > min(MAX_ARTICLE_CHARS, MAX_JSON_LD_CHARS):
        if _LONG_TEXT(tree):
            return "too-large"
        dropped += _LONG_JSON_LD(tree)
    # the metas past the bound, if any (a tree walk in libxml2, half the time of the three counts
    # of the page's text that then decide whether they go)
    excess = _EXCESS_METAS(tree)
    if excess and text.count("<meta") + text.count("<META") + text.count("<Meta") > MAX_META_ELEMENTS:
        dropped += excess
    for element in dropped:
        element.drop_tree()
    return None
