"""Recover article bodies split over sibling chunks.

Some CMSs cut one article into several containers of the same kind (``<div class="article__body">``
chunks with ads between them, paywall teasers, "continue reading" halves). trafilatura picks the
best container and stops, so the later chunks are lost. Having found where the extracted text
starts, we look for later containers with the same tag and class and take their paragraphs too.
"""

from __future__ import annotations

from collections.abc import Sequence

from lxml import etree

# The paragraph used to locate trafilatura's container must be long enough to be unique.
ANCHOR_MIN_CHARS = 80
ANCHOR_CHARS = 60
# A chunk must hold real prose, not a teaser box that happens to share a class.
CHUNK_MIN_CHARS = 200
_BLOCKS = ("p", "h2", "h3", "h4", "blockquote", "li")


def _text(node: etree._Element) -> str:
    return " ".join(" ".join(node.itertext()).split())


def _find_container(tree: etree._Element, anchor: str) -> etree._Element | None:
    for paragraph in tree.iter("p"):
        if _text(paragraph).startswith(anchor):
            parent = paragraph.getparent()
            return parent if parent is not None and parent.get("class") else None
    return None


def _chunk_paragraphs(chunk: etree._Element) -> list[str]:
    out = []
    for node in chunk.iter(*_BLOCKS):
        if any(a.tag in _BLOCKS for a in node.iterancestors()):
            continue  # a <p> inside a <blockquote> is read once, with its parent
        text = _text(node)
        if text:
            out.append(text)
    return out


def continuation_paragraphs(tree: etree._Element, extracted: Sequence[str]) -> list[str]:
    """Paragraphs from same-kind containers after trafilatura's own, missing from ``extracted``."""
    anchor = next((p for p in extracted if len(p) >= ANCHOR_MIN_CHARS), None)
    if anchor is None:
        return []
    container = _find_container(tree, " ".join(anchor.split())[:ANCHOR_CHARS])
    if container is None:
        return []
    signature = (container.tag, container.get("class"))
    seen = {" ".join(p.split()) for p in extracted}
    found: list[str] = []
    after = False
    for node in tree.iter(container.tag):
        if node is container:
            after = True
            continue
        if not after or (node.tag, node.get("class")) != signature:
            continue
        if any(a is container for a in node.iterancestors()):
            continue
        paragraphs = [p for p in _chunk_paragraphs(node) if p not in seen]
        if sum(len(p) for p in paragraphs) >= CHUNK_MIN_CHARS:
            found.extend(paragraphs)
            seen.update(paragraphs)
    return found
