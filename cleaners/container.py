"""The article's container in the page, and the short blocks that trail after it.

trafilatura takes the article from the best container it finds, then adds what it judges to
belong to it: a contact box, a newsletter or donation prompt, a "related" strip, a copyright
line sitting in sibling ``div``s after the body. Whatever their wording or language, those
trailing blocks share one trait: in the page, they stand outside the element that holds the
article's text. Each block is found in the page (its first words, in reading order, as
``cleaners.positions`` finds paragraphs); the container is the deepest element holding
``CONTAINER_SHARE`` of the article's words; the short prose blocks after the last one inside it
are furniture.

Only the end is judged: an article's standfirst or lede often sits in a header outside the body
container, and must stay. List items and table rows are left alone (ingredients, references and
tables often sit in their own boxes after the prose).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence

from lxml import etree

from cleaners.positions import _find, _first_words

# The container holds at least this share of the article's words.
CONTAINER_SHARE = 0.8
# A trailing block longer than this is prose, wherever it sits.
TAIL_MAX_WORDS = 20
# Fewer blocks than this make no container worth the name.
MIN_BLOCKS = 3
TAIL_KINDS = frozenset({"p", "head"})
_TEXT_NODES = etree.XPath("//text()[not(parent::script or parent::style)]")


def block_sources(tree: etree._Element, texts: Sequence[str]) -> list[etree._Element | None]:
    """The page element each block's text starts in, searched in reading order (``None`` for a
    block not found: rewritten by the extraction beyond its first words)."""
    nodes = _TEXT_NODES(tree)
    starts: list[int] = []
    length = 0
    for node in nodes:
        starts.append(length)
        length += len(node)
    page = "".join(nodes)
    sources: list[etree._Element | None] = []
    position = 0
    for text in texts:
        words = _first_words(text)
        at = _find(page, words, position) if words else -1
        if at < 0:
            sources.append(None)
            continue
        position = at + 1  # the next block starts after this one, even with the same first words
        node = nodes[bisect_right(starts, at) - 1]
        parent = node.getparent()
        sources.append(parent.getparent() if node.is_tail and parent is not None else parent)
    return sources


def _container(
    sources: Sequence[etree._Element | None], words: Sequence[int], live: Sequence[int]
) -> etree._Element | None:
    """The deepest element holding ``CONTAINER_SHARE`` of the words of the ``live`` blocks."""
    total = sum(words[i] for i in live)
    held: dict[etree._Element, int] = {}
    depth: dict[etree._Element, int] = {}
    for i in live:
        source = sources[i]
        if source is None:
            continue
        chain = [source, *source.iterancestors()]
        for k, element in enumerate(chain):
            held[element] = held.get(element, 0) + words[i]
            depth.setdefault(element, len(chain) - k)
    holding = [element for element, count in held.items() if count >= CONTAINER_SHARE * total]
    return max(holding, key=depth.__getitem__, default=None)


def trailing_outside(
    sources: Sequence[etree._Element | None], words: Sequence[int], kinds: Sequence[str], removed: set[int],
    max_words: int = TAIL_MAX_WORDS,
) -> set[int]:
    """Indexes of the short prose blocks after the last block inside the article's container
    (blocks already ``removed`` by other rules do not count). The walk back from the end stops
    at the container, and at a list item or table row (what trails is then data of its own, and
    the lines above it introduce it); a long paragraph on the way is passed over and kept."""
    live = [i for i in range(len(sources)) if i not in removed]
    if len(live) < MIN_BLOCKS or not sum(words[i] for i in live):
        return set()
    container = _container(sources, words, live)
    if container is None:
        return set()
    hits: set[int] = set()
    for i in reversed(live):
        source = sources[i]
        if source is None:
            continue  # not found: unknown, neither in nor out
        if source is container or any(a is container for a in source.iterancestors()):
            break
        if kinds[i] not in TAIL_KINDS:
            break
        if words[i] <= max_words:
            hits.add(i)
    return hits
