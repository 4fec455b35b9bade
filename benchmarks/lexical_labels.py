"""Junk and article lines of WHOLE dev pages, for the lexical junk score (issue 19).

The block labels of benchmarks/block_labels.py are the blocks trafilatura keeps: inside the
article's container, a few hundred junk lines. The pages hold thousands more outside it: menus,
share bars, follow and messenger prompts, newsletter boxes, comment sections, footers,
disclaimers, tag lines, captions, credits, in every language of the sets. Here every block-level
element of the raw page (lxml) gives its OWN text (its text and its inline descendants', not that
of the block-level elements inside it), labelled from the set's truth:

- scrapinghub-aeb (the article's full text): ``article`` when the block is one of the truth's
  lines, or has at least four words and ``KEEP_SHARE`` of its word 4-shingles in the truth;
  ``junk`` when it is not in the truth at all (under four words: its words do not occur in that
  order in the truth; else none of its 4-shingles does); the rest is left out. These are
  benchmarks/block_labels.py's ``label_by_full_text`` with no junk share (``junk_share=0``).
- trafilatura-eval (``with`` / ``without`` snippets): ``article`` when the block holds a
  ``with`` snippet or (from 20 characters) is held in one; ``junk`` when it holds or is held in a
  ``without`` snippet, OR lies outside the article's container (below); both: left out.
  The container: the deepest element holding every element whose own text holds a ``with``
  snippet, widened (to its parent, and so on) until it holds ``CONTAINER_SHARE`` of the words of
  the page's long blocks (``LONG_WORDS``+ words): the snippets are a few lines of the article,
  and the article's other paragraphs must not be called junk. When that takes it to ``<body>``,
  or fewer than two elements hold a ``with`` snippet, the page's outside is not labelled
  (nothing there can be told from the article's own parts). Outside the container is what a
  reader never reads as the article: the snippets' ``without`` lines are a few a page, the
  outside gives the page's whole furniture.

Both sets: blocks like the page's title (half its words or more: the headline, which the truths
leave out of the text but which is not junk) are left out; so are blocks over ``MAX_WORDS`` words
(the lexical model learns short lines) and blocks with no word.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from lxml import etree, html

from benchmarks.block_labels import JUNK, KEEP, label_by_full_text
from cleaners.decoding import decode_html
from cleaners.lexical_junk import MAX_WORDS
from cleaners.parsing import parse_html
from output import aeb_metric
from output.benchmark_sets import Dataset

SNIPPET_HELD_CHARS = 20
LONG_WORDS = 25
CONTAINER_SHARE = 0.6
TITLE_SIMILARITY = 0.5
BLOCK_TAGS = frozenset({
    "p", "div", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "tr", "table",
    "tbody", "thead", "tfoot", "caption", "blockquote", "figure", "figcaption", "section", "article", "aside",
    "header", "footer", "nav", "main", "form", "fieldset", "legend", "address", "pre", "hr", "menu", "details",
    "summary", "center", "body", "html", "option", "select",
})
SKIP_TAGS = frozenset({
    "script", "style", "template", "svg", "math", "iframe", "object", "head", "textarea", "noscript",
})


@dataclass(slots=True)
class PageBlock:
    element: etree._Element
    text: str


def page_blocks(root: etree._Element) -> list[PageBlock]:
    """Every block-level element's own text (whitespace collapsed), in document order."""
    out: list[PageBlock] = []

    def walk(element: etree._Element, sink: list[str]) -> None:
        for child in element:
            tag = child.tag if isinstance(child.tag, str) else None
            if tag is None or tag in SKIP_TAGS:
                sink.append(child.tail or "")
                continue
            if tag in BLOCK_TAGS:
                own = [child.text or ""]
                at = len(out)
                out.append(PageBlock(child, ""))
                walk(child, own)
                out[at].text = " ".join("".join(own).split())
                sink.append(" ")
                sink.append(child.tail or "")
            else:
                sink.append(child.text or "")
                walk(child, sink)
                sink.append(child.tail or "")

    own = [root.text or ""]
    out.append(PageBlock(root, ""))
    try:
        walk(root, own)
    except RecursionError:
        return []
    out[0].text = " ".join("".join(own).split())
    return [b for b in out if b.text]


def parse_page(body: bytes) -> html.HtmlElement | None:
    try:
        return parse_html(decode_html(body))
    except (ValueError, etree.ParserError):
        return None


def _title_words(root: etree._Element) -> frozenset[str]:
    titles = root.xpath("//title/text() | //meta[@property='og:title']/@content | //h1//text()")
    return frozenset(aeb_metric.tokenize(" ".join(str(t) for t in titles)))


def _like_title(tokens: Sequence[str], title: frozenset[str]) -> bool:
    own = frozenset(tokens)
    return bool(own) and bool(title) and len(own & title) / len(own) >= TITLE_SIMILARITY


def _holds(block: str, snippets: Sequence[str]) -> bool:
    return any(s in block or (len(block) >= SNIPPET_HELD_CHARS and block in s) for s in snippets)


def container_of(blocks: Sequence[PageBlock], keep: Sequence[bool]) -> etree._Element | None:
    """The article's container (module docstring), or None when it cannot be told."""
    holders = [b.element for b, k in zip(blocks, keep, strict=True) if k]
    if len(holders) < 2:
        return None
    chains = [[*list(element.iterancestors())[::-1], element] for element in holders]
    common = None
    for level in zip(*chains, strict=False):
        if all(e is level[0] for e in level):
            common = level[0]
        else:
            break
    long_blocks = [b for b in blocks if len(b.text.split()) >= LONG_WORDS]
    total = sum(len(b.text.split()) for b in long_blocks)
    while common is not None and common.tag not in ("body", "html"):
        inside = {id(e) for e in common.iter()}
        held = sum(len(b.text.split()) for b in long_blocks if id(b.element) in inside)
        if held >= CONTAINER_SHARE * total:
            return common
        common = common.getparent()
    return None


def labels_by_snippets(blocks: Sequence[PageBlock], must: Sequence[str], must_not: Sequence[str]) -> list[int | None]:
    keep_snippets = [" ".join(s.split()) for s in must if s.strip()]
    junk_snippets = [" ".join(s.split()) for s in must_not if s.strip()]
    is_keep = [_holds(b.text, keep_snippets) for b in blocks]
    is_junk = [_holds(b.text, junk_snippets) for b in blocks]
    container = container_of(blocks, is_keep)
    if container is not None:
        inside = {id(e) for e in container.iter()} | {id(e) for e in container.iterancestors()}
        is_junk = [j or id(b.element) not in inside for j, b in zip(is_junk, blocks, strict=True)]
    return [None if k == j else KEEP if k else JUNK for k, j in zip(is_keep, is_junk, strict=True)]


def whole_page_labels(dataset: Dataset, key: str, body: bytes) -> list[tuple[str, int]]:
    """(text, label) of the page's short labelled blocks (module docstring)."""
    root = parse_page(body)
    if root is None:
        return []
    blocks = page_blocks(root)
    if dataset.kind == "aeb":
        labels = label_by_full_text([b.text for b in blocks], dataset.truth[key], junk_share=0.0)
    else:
        entry = dataset.truth[key]
        labels = labels_by_snippets(blocks, entry.get("with", []), entry.get("without", []))
    title = _title_words(root)
    out = []
    for block, label in zip(blocks, labels, strict=True):
        if label is None:
            continue
        tokens = aeb_metric.tokenize(block.text)
        if not tokens or len(tokens) > MAX_WORDS or _like_title(tokens, title):
            continue
        out.append((block.text, label))
    return out


def dataset_labels(dataset: Dataset) -> Iterator[tuple[str, str, list[tuple[str, int]]]]:
    """(page key, url, labelled blocks) for every page of the set, in key order."""
    bodies = dataset.bodies()
    for key in sorted(bodies):
        yield key, dataset.urls[key], whole_page_labels(dataset, key, bodies[key])
