"""Where each removed block stood in the article: ``RemovedBlock.at``, for a review that shows
what went in place, between the paragraphs that stayed.

``at`` is a character offset in the article's final ``text``: the start of the kept paragraph
the block preceded, or ``len(text)`` when it came after the last one. Both stages can give it:

- text rules judge the extracted blocks in reading order, so a removed block's place is known
  exactly: before the next block that stayed;
- DOM rules drop nodes before extraction, when there are no paragraphs yet. ``apply_dom_rules``
  therefore notes the offset of each dropped node in the page's text as it is after the drops
  (``PageText``, read by one XPath over the tree), and each kept paragraph is found in that same
  text, searching forward from the previous one (its first words, punctuation and markup
  aside: trafilatura's rendering adds list markers and cell separators). A dropped node goes
  before the first kept paragraph found after it. A paragraph not found (rewritten beyond
  recognition) takes the place of the one before it, so a node near it may land one paragraph
  early; never outside the text.

Site repetition strips paragraphs later, from the record; ``output.record.strip_positions``
moves the offsets there.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, replace

from lxml import etree

from cleaners.blocks import Block
from cleaners.result import RemovedBlock

_WORD = re.compile(r"\w+")
_NON_WORD = re.compile(r"\W*")
# Words of a paragraph used to find it: enough to be specific, few enough to survive the rest
# of the paragraph being rendered differently.
FIND_WORDS = 8
FIND_CHARS = 80
# Text the page text leaves out: a JSON-LD articleBody in the head would otherwise be found first.
_NOT_TEXT = ("script", "style")
# Each marker is given one character from Unicode's private use planes, unique to it, for the
# time of the read: where that character lands is where the node stood.
_SENTINEL_BASE = 0xF0000
_SENTINEL_SPAN = 0x1FFFD


@dataclass(frozen=True, slots=True)
class PageText:
    """The page's text after the DOM rules, and where in it each dropped node stood."""

    text: str
    offsets: tuple[int, ...]


def text_outside_scripts(tree: etree._Element) -> str:
    """The tree's text, scripts and styles aside, in document order: libxml2's text serialiser
    with those elements emptied for the time of the call (an XPath that tests each text node's
    parent is three times slower)."""
    emptied = [(node, node.text) for node in tree.iter(*_NOT_TEXT) if node.text]
    for node, _ in emptied:
        node.text = None
    try:
        return etree.tostring(tree, method="text", encoding=str, with_tail=False)
    finally:
        for node, text in emptied:
            node.text = text


def page_text(tree: etree._Element, markers: Sequence[etree._Element]) -> PageText:
    """The tree's text (scripts and styles aside) and the offset in it of each (empty) marker."""
    if not markers:
        return PageText("", ())
    sentinels = [chr(_SENTINEL_BASE + i % _SENTINEL_SPAN) for i in range(len(markers))]
    for marker, sentinel in zip(markers, sentinels, strict=True):
        marker.text = sentinel
    try:
        raw = text_outside_scripts(tree)
    finally:
        for marker in markers:
            marker.text = None
    found = sorted((raw.find(sentinel), i) for i, sentinel in enumerate(sentinels))
    offsets = [0] * len(markers)
    for before, (index, i) in enumerate(found):
        offsets[i] = max(index - before, 0)  # the sentinels before this one are not text
    last = _SENTINEL_BASE + min(len(markers), _SENTINEL_SPAN) - 1
    text = re.sub(f"[{chr(_SENTINEL_BASE)}-{chr(last)}]", "", raw)  # str.translate: 15 times slower
    return PageText(text, tuple(offsets))


def _first_words(text: str) -> list[str]:
    """The paragraph's first words, as many as make it specific."""
    words: list[str] = []
    chars = 0
    for match in _WORD.finditer(text):
        word = match.group()
        if not words and len(word) > FIND_CHARS:  # a run of unspaced script: its head alone
            return [word[:FIND_CHARS]]
        words.append(word)
        chars += len(word)
        if len(words) >= FIND_WORDS or chars >= FIND_CHARS:
            break
    return words


def _words_at(page: str, at: int, words: list[str]) -> bool:
    """Whether ``words`` follow one another from ``at``, with only non-word characters between."""
    for word in words:
        at = _NON_WORD.match(page, at).end()
        if not page.startswith(word, at):
            return False
        at += len(word)
    return True


def _find(page: str, words: list[str], position: int) -> int:
    """Where ``words`` start at or after ``position``, -1 if nowhere (no pattern compiled: a
    paragraph is looked for once, so ``str.find`` of its first word leads)."""
    at = page.find(words[0], position)
    while at >= 0:
        if _words_at(page, at + len(words[0]), words[1:]):
            return at
        at = page.find(words[0], at + 1)
    return -1


def find_in_page(page: str, paragraphs: Sequence[str]) -> list[int]:
    """The offset in ``page`` of each paragraph, searched in order, each after the last found:
    never decreasing."""
    found: list[int] = []
    position = 0
    for paragraph in paragraphs:
        words = _first_words(paragraph)
        at = _find(page, words, position) if words else -1
        if at >= 0:
            position = at
        found.append(position)
    return found


def place_removed(
    blocks: Sequence[Block],
    kept: Sequence[Block],
    text_removed: Sequence[RemovedBlock],
    dom_removed: Sequence[RemovedBlock],
    page: PageText,
) -> list[RemovedBlock]:
    """``dom_removed + text_removed`` with ``at`` set, for ``text = "\\n".join(kept texts)``."""
    kept_ids = {id(b) for b in kept}
    starts: list[int] = []  # offset in the final text of each kept block
    text_at: list[int] = []
    length = 0
    for block in blocks:
        if id(block) in kept_ids:
            starts.append(length)
            length += len(block.text) + 1
        else:
            text_at.append(length)
    end = max(length - 1, 0)
    placed_text = [replace(b, at=min(at, end)) for b, at in zip(text_removed, text_at, strict=True)]
    in_page = find_in_page(page.text, [b.text for b in kept]) if dom_removed else []
    placed_dom = []
    for block, offset in zip(dom_removed, page.offsets, strict=True):
        first_after = bisect_left(in_page, offset)
        at = starts[first_after] if first_after < len(starts) else end
        placed_dom.append(replace(block, at=at))
    return placed_dom + placed_text
