"""The article's images, with caption and credit, read from the page's ``<figure>`` elements.

Captions and credits are not article text: they go to the record's ``images`` field, and the
lines of text that repeat them are removed (text rule kind ``figure-caption``).
"""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

from lxml import etree

# "/descendant::x" is "//x" without libxml2 visiting each node twice; the attribute test as a
# step, not a predicate on every element: half the time, the same nodes
_CONTAINERS = etree.XPath("/descendant::article | /descendant::main | /descendant::*/@itemprop[. = 'articleBody']/..")
_PARAGRAPHS = etree.XPath("count(.//p)")
# The containers hold the article when they hold this share of the page's paragraphs at least.
CONTAINER_MIN_PARAGRAPH_SHARE = 0.5
_CREDIT_CLASS = re.compile(r"(?i)credit|copyright|source|photographer|byline|author|attribution|rights")
# A credit run into the caption: a copyright sign or a "Photo:"-style label and a name.
_CREDIT_TAIL = re.compile(
    r"(?:\s*[|/–—-]\s*|\s+)((?:©|\(c\)|ⓒ"
    r"|(?i:photo(?:graph)?s?|picture|image|foto|bild|credit|crédit(?:s)? photos?)\s*:)\s*.{2,80})$"
)


def _text(node: etree._Element) -> str:
    return " ".join(" ".join(node.itertext()).split())


# Schemes an image address may keep: the web's, or none (relative, when the page's URL is not
# known). ``javascript:``, ``data:`` (a placeholder pixel), ``blob:``, ``file:`` are no image
# a record's reader can fetch.
IMAGE_SCHEMES = frozenset({"http", "https", ""})


def _image_url(value: str, base: str | None) -> str | None:
    """``value`` resolved against the page's URL, when it is an http(s) (or relative) address."""
    value = value.strip()
    if not value:
        return None
    try:
        url = urljoin(base or "", value)
        scheme = urlsplit(url).scheme.lower()
    except ValueError:  # an address that does not parse (a bad IPv6 literal): no image
        return None
    return url if scheme in IMAGE_SCHEMES else None


def _src(img: etree._Element, base: str | None) -> str | None:
    """The image's address, absolute; None when it has none or it cannot be parsed."""
    for attribute in ("src", "data-src", "data-lazy-src", "data-original"):
        url = _image_url(img.get(attribute) or "", base)
        if url:
            return url
    srcset = (img.get("srcset") or img.get("data-srcset") or "").strip()
    first = srcset.split(",")[0].split()
    return _image_url(first[0], base) if first else None


def _caption_and_credit(figcaption: etree._Element | None) -> tuple[str | None, str | None]:
    if figcaption is None:
        return None, None
    credit_parts = []
    for node in figcaption.iter(etree.Element):
        if node is not figcaption and _CREDIT_CLASS.search(node.get("class") or ""):
            credit_parts.append(_text(node))
    full = _text(figcaption)
    credit = " ".join(p for p in credit_parts if p) or None
    caption = full
    if credit:
        caption = " ".join(full.replace(credit, " ").split())
    else:
        match = _CREDIT_TAIL.search(full)
        if match:
            credit = match.group(1).strip()
            caption = full[: match.start()].strip()
    return caption or None, credit


def figure_images(tree: etree._Element, url: str | None) -> list[dict[str, str | None]]:
    """``{"src", "alt", "caption", "credit"}`` for each figure of the article's container (the
    page's ``<article>``/``<main>`` when it has one that holds most of its paragraphs, else the
    whole page), absolute ``src``."""
    containers = _CONTAINERS(tree)
    members = set(containers)
    roots = [c for c in containers if not any(a in members for a in c.iterancestors())]
    if not roots or sum(_PARAGRAPHS(root) for root in roots) < CONTAINER_MIN_PARAGRAPH_SHARE * _PARAGRAPHS(tree):
        # no container, or only teaser cards ('<article class="card">' around the next stories):
        # the article's text is elsewhere, so are its figures
        roots = [tree]
    images: list[dict[str, str | None]] = []
    seen: set[str] = set()
    for root in roots:
        for figure in root.iter("figure"):
            img = next(figure.iter("img"), None)
            src = _src(img, url) if img is not None else None
            if not src or src in seen:
                continue
            seen.add(src)
            caption, credit = _caption_and_credit(next(figure.iter("figcaption"), None))
            alt = " ".join((img.get("alt") or "").split()) or None
            images.append({"src": src, "alt": alt, "caption": caption, "credit": credit})
    return images


def caption_lines(images: list[dict[str, str | None]]) -> frozenset[str]:
    """The normalised texts a caption line of the body may take: caption, credit, or both."""
    out: set[str] = set()
    for image in images:
        caption, credit = image.get("caption"), image.get("credit")
        for value in (caption, credit, f"{caption} {credit}" if caption and credit else None):
            if value:
                out.add(" ".join(value.split()).casefold())
    return frozenset(out)
