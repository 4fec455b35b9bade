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
# The nodes libxml2 keeps under the root element, text included.
_ROOT_NODES = etree.XPath("count(/*/node())")
_UNREAD = frozenset({"script", "style"})


def _text_nodes(tree: etree._Element) -> tuple[list[str], list[etree._Element | None]]:
    """The page's text pieces in reading order (``_TEXT_NODES``), each with the element it
    sits in (a tail: its element's parent). A walk of the tree reads them in about two thirds
    of the time of the XPath, whose smart strings each cost a lookup of their parent. libxml2
    can keep nodes after ``</body>`` that no lxml walk reaches (a ``<link>`` or a ``<div>``
    after the body, text after ``</html>``): a page whose root holds more nodes than lxml
    shows is read by the XPath."""
    root = tree.getroottree().getroot()
    if _ROOT_NODES(root) == (1 if root.text else 0) + len(root) + sum(1 for child in root if child.tail):
        return _walk_texts(root)
    nodes = _TEXT_NODES(tree)
    parents = [node.getparent() for node in nodes]
    return [str(node) for node in nodes], [
        parent.getparent() if node.is_tail and parent is not None else parent
        for node, parent in zip(nodes, parents, strict=True)
    ]


def _walk_texts(tree: etree._Element) -> tuple[list[str], list[etree._Element | None]]:
    """Each element's text, then its children's, then its tail, as XPath reads text nodes."""
    texts: list[str] = []
    sources: list[etree._Element | None] = []
    for event, element in etree.iterwalk(tree, events=("start", "end")):
        if event == "start":
            text = element.text
            if text and isinstance(element.tag, str) and element.tag not in _UNREAD:
                texts.append(text)
                sources.append(element)
        elif element.tail:
            texts.append(element.tail)
            sources.append(element.getparent())
    return texts, sources


def block_sources(tree: etree._Element, texts: Sequence[str]) -> list[etree._Element | None]:
    """The page element each block's text starts in, searched in reading order (``None`` for a
    block not found: rewritten by the extraction beyond its first words)."""
    nodes, owners = _text_nodes(tree)
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
        sources.append(owners[bisect_right(starts, at) - 1])
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
