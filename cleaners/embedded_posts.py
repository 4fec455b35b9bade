"""Embedded posts quoted in the article: kept where trafilatura would discard their wrapper.

A news story that quotes a post on X/Twitter prints it with the platform's embed code: a
``<blockquote class="twitter-tweet">`` holding the post's text and its attribution line
('— Name (@handle) November 18, 2019'). The quote is the story's own text (the scrapinghub
benchmark's article bodies hold every such post, and trafilatura keeps the blockquote where it
stands bare). But CMSs wrap the embed in a box of their own, and that box's class names it for
what it is (``social-media-embed``, ``sdc-article-widget sdc-article-tweet``): words that
trafilatura's discard expressions take for share bars and sidebar widgets, so the quote goes
with its box.

``expose_embedded_posts`` takes the class and id off each box that holds nothing but the post
(its text is the post's text), up to the first ancestor that holds anything more. The post then
meets the extraction like any blockquote: kept when it stands in the article's container,
judged by the rules like any other block. The blockquote's own attributes, the boxes' tags
and everything else in the page are left as they are, and a box around more than the post
(a sidebar's timeline, a widget with a heading) keeps its class.

Only X/Twitter's embed: the other platforms' embeds seen on the benchmark pages are mostly
their own furniture ('View this post on Instagram', a WordPress link card listed as junk).
"""

from __future__ import annotations

from lxml import etree

from cleaners.positions import text_outside_scripts

POST_CLASS = "twitter-tweet"
"""The class of X/Twitter's embed blockquote (the markup its widget script replaces)."""

_POSTS = etree.XPath(
    "//blockquote[contains(concat(' ', normalize-space(@class), ' '), ' twitter-tweet ')]"
)


def expose_embedded_posts(tree: etree._Element, markup: str) -> int:
    """Take the class and id off the boxes that wrap only an embedded post; return how many.

    ``markup`` is the page's source, read only to skip the search on pages without an embed.
    """
    if POST_CLASS not in markup:
        return 0
    exposed = 0
    for post in _POSTS(tree):
        words = text_outside_scripts(post).split()  # an embed carries its script
        box = post.getparent()
        while box is not None and box.tag not in ("body", "html") and text_outside_scripts(box).split() == words:
            for name in ("class", "id"):
                if name in box.attrib:
                    del box.attrib[name]
            exposed += 1
            box = box.getparent()
    return exposed

