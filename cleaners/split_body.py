"""Recover article bodies split over sibling chunks.

Some CMSs cut one article into several containers of the same kind (``<div class="article__body">``
chunks with ads between them, paywall teasers, "continue reading" halves). trafilatura picks the
best container and stops, so the later chunks are lost. Having found where the extracted text
starts, we look for later containers with the same tag and class and take their paragraphs too.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from copy import deepcopy

from lxml import etree
from trafilatura.baseline import _BLOCK_ELEMS, basic_cleaning

from cleaners.blocks import Block
from cleaners.words import count_words

# The paragraph used to locate trafilatura's container must be long enough to be unique.
ANCHOR_MIN_CHARS = 80
ANCHOR_CHARS = 60
# A chunk must hold real prose, not a teaser box that happens to share a class.
CHUNK_MIN_CHARS = 200
_BLOCKS = ("p", "h2", "h3", "h4", "blockquote", "li")


# Zero-width characters some CMSs put at a paragraph's start (a Liferay editor's '\u200b' run):
# trafilatura's text drops them, so the page's text is read without them when matched to it.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))


def _text(node: etree._Element) -> str:
    return " ".join(" ".join(node.itertext()).split())


def _find_container(tree: etree._Element, anchor: str) -> etree._Element | None:
    """The parent of the first <p> whose text starts with ``anchor``, when it has a class (each
    paragraph's text read only as far as ``_starts_with`` needs: not built whole)."""
    for paragraph in tree.iter("p"):
        if _starts_with(paragraph, anchor):
            parent = paragraph.getparent()
            return parent if parent is not None and parent.get("class") else None
    return None


def _chunk_paragraphs(chunk: etree._Element) -> list[str]:
    out: list[str] = []
    for node in chunk.iter(*_BLOCKS):
        if any(a.tag in _BLOCKS for a in node.iterancestors()):
            continue  # a <p> inside a <blockquote> is read with its parent, line by line
        _lines_of(node, out)
    return out


def _holds_blocks(node: etree._Element) -> bool:
    return any(inner is not node for inner in node.iter(*_BLOCKS))


def _lines_of(node: etree._Element, out: list[str]) -> None:
    """``node``'s text as the page prints it, a line per block: a block of text alone is one line;
    one that holds blocks (a quote of paragraphs, an embed's caption and credit, an item with a
    paragraph) is read as its loose text between them and each inner block, so that a line of
    its own (a credit, a caption) is not run into the paragraph before it."""
    if not _holds_blocks(node):
        if text := _text(node):
            out.append(text)
        return
    run = [node.text or ""]
    for child in node:
        if isinstance(child.tag, str) and (child.tag in _BLOCKS or _holds_blocks(child)):
            _flush(run, out)
            _lines_of(child, out)
            run = []
        elif isinstance(child.tag, str):
            run.extend(child.itertext())
        run.append(child.tail or "")
    _flush(run, out)


def _flush(run: list[str], out: list[str]) -> None:
    if text := " ".join(" ".join(run).split()):
        out.append(text)


def _collapsed(paragraphs: Sequence[str]) -> set[str]:
    """The paragraphs, whitespace collapsed: what a chunk's paragraphs are compared with."""
    return {" ".join(p.split()) for p in paragraphs}


def _body_container(tree: etree._Element, extracted: Sequence[str]) -> etree._Element | None:
    """The element holding trafilatura's first long paragraph, when it has a class."""
    anchor = next((p for p in extracted if len(p) >= ANCHOR_MIN_CHARS), None)
    return _find_container(tree, _visible(anchor)[:ANCHOR_CHARS]) if anchor is not None else None


def continuation_paragraphs(
    tree: etree._Element, extracted: Sequence[str], container: etree._Element | None = None
) -> list[str]:
    """Paragraphs from same-kind containers after trafilatura's own, missing from ``extracted``
    (``container``: trafilatura's, when the caller found it already)."""
    container = container if container is not None else _body_container(tree, extracted)
    if container is None:
        return []
    signature = (container.tag, container.get("class"))
    seen: set[str] | None = None  # the extracted paragraphs collapsed: made at the first chunk
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
        seen = _collapsed(extracted) if seen is None else seen
        paragraphs = [p for p in _chunk_paragraphs(node) if p not in seen]
        if sum(len(p) for p in paragraphs) >= CHUNK_MIN_CHARS:
            found.extend(paragraphs)
            seen.update(paragraphs)
    return found


def body_chunks(tree: etree._Element, extracted: Sequence[str]) -> tuple[list[str], list[str]]:
    """(``preceding_paragraphs``, ``continuation_paragraphs``), trafilatura's container found once."""
    container = _body_container(tree, extracted)
    if container is None:
        return [], []
    return preceding_paragraphs(tree, extracted, container), continuation_paragraphs(tree, extracted, container)


# A chunk before trafilatura's container shares an ancestor with it at most this many levels up:
# sibling modules of one article body, not a same-class box elsewhere on the page.
PRECEDING_MAX_LEVELS = 3
# ... and holds at least this many paragraphs, none of them list items: a module of the body, not
# a pull quote, a claim box or a key-points list printed above it.
PRECEDING_MIN_PARAGRAPHS = 2


def preceding_paragraphs(
    tree: etree._Element, extracted: Sequence[str], container: etree._Element | None = None
) -> list[str]:
    """Paragraphs from same-kind containers *before* trafilatura's own, close to it in the tree
    (``PRECEDING_MAX_LEVELS``) and made of paragraphs (``PRECEDING_MIN_PARAGRAPHS``), missing
    from ``extracted``: an article cut into modules of which
    trafilatura picked a later one (an interview's first questions)."""
    container = container if container is not None else _body_container(tree, extracted)
    if container is None:
        return []
    signature = (container.tag, container.get("class"))
    above = list(container.iterancestors())[:PRECEDING_MAX_LEVELS]
    seen: set[str] | None = None  # the extracted paragraphs collapsed: made at the first chunk
    found: list[str] = []
    for node in tree.iter(container.tag):
        if node is container:
            break
        if (node.tag, node.get("class")) != signature or any(node is a for a in above):
            continue
        if not any(a in above for a in node.iterancestors()) or next(node.iter("li"), None) is not None:
            continue
        seen = _collapsed(extracted) if seen is None else seen
        paragraphs = [p for p in _chunk_paragraphs(node) if p not in seen]
        if len(paragraphs) >= PRECEDING_MIN_PARAGRAPHS and sum(len(p) for p in paragraphs) >= CHUNK_MIN_CHARS:
            found.extend(paragraphs)
            seen.update(paragraphs)
    return found


# --- the standfirst: the lede printed between the headline and the body's container ---------
# trafilatura's extraction leaves out the article's standfirst (deck, lede, chapô, Vorspann) when
# the template prints it outside the body's container, in the article's header: its precision
# prune (``TEASER_DISCARD_XPATH``) drops every div, p, section or span whose class or id says
# 'teaser' (most German CMSs, TYPO3's news), and a <header> or a box of its own beside the body is
# never the container it picks. It is found by where it stands and by what the box calls itself:
# sentence-length prose after the headline and before the first extracted paragraph, in a box
# whose class or id says teaser or names a lede (``LEDE_CLASS_WORDS``), outside links, figures,
# lists, navigation and forms. Truths differ here: trafilatura's evaluation set and news parsers
# such as Fundus (its article body is the summary, then the sections) count the standfirst as the
# article's text; scrapinghub's article bodies leave it out (see docs/quality.md, "The standfirst").
STANDFIRST_MIN_WORDS = 10
# More prose blocks than this between the headline and the body is no standfirst (a teaser list,
# a second article): nothing is taken.
STANDFIRST_MAX_BLOCKS = 2
# Elements walked after the headline before giving up (the body starts soon after a real headline).
STANDFIRST_MAX_WALK = 400
HEADLINE_TAGS = ("h1", "h2", "h3")
# A headline shorter than this is a site's logo in an <h1>, not the article's.
HEADLINE_MIN_WORDS = 3
# Share of a block's characters in links (or times, buttons, labels) above which it is a teaser,
# a link line or a date line.
STANDFIRST_MAX_LINK_SHARE = 0.3
_PROSE_TAGS = frozenset({"p", "div", "h2", "h3", "h4", "span", "section", "header", "strong", "em", "b"})
# Containers whose text is no standfirst (and everything inside them).
_OFF_TEXT = frozenset({"a", "figure", "figcaption", "nav", "aside", "footer", "form", "button", "label", "time",
                       "address", "select", "ul", "ol", "table", "blockquote", "noscript", "template", "h1",
                       "script", "style"})
_UNREAD = ("script", "style", "noscript", "template")
# The elements trafilatura's teaser prune looks at.
_TEASER_TAGS = frozenset({"div", "p", "section", "span"})
# Class and id words that name a standfirst, in the words templates use for it: English (lead,
# lede, deck, dek, standfirst, strapline, summary, excerpt, abstract, intro, subtitle, subheadline,
# description, teaser; not 'subhead', which templates also give to the byline and date row),
# French (chapo, chapeau), Spanish and Portuguese (entradilla, bajada, copete, sapo, sumario),
# Italian (sommario), German (vorspann, anriss), Polish (zajawka), Czech and Slovak (perex),
# Norwegian and Swedish (ingress), Danish (manchet).
LEDE_CLASS_WORDS = frozenset({
    "lead", "lede", "deck", "dek", "standfirst", "strapline", "summary", "excerpt", "abstract", "intro",
    "introtext", "subtitle", "subheadline", "chapo", "chapeau", "entradilla", "bajada", "copete",
    "sapo", "sumario", "sommario", "vorspann", "anriss", "zajawka", "perex", "ingress", "manchet", "description",
    "teaser",
})
_CLASS_WORD_SPLIT = re.compile(r"[^a-zA-Z]+|(?<=[a-z])(?=[A-Z])")
# Elements that make their parent a wrapper, not a block of its own.
_BLOCK_CHILDREN = frozenset({"p", "div", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "table", "section", "header",
                             "figure", "blockquote", "article", "aside", "nav", "footer", "form"})


def _headline(tree: etree._Element, titles: Sequence[str]) -> etree._Element | None:
    """The first <h1> that prints the page's title (within it, or holding it), not a logo; else
    the first <h2>, then <h3>, that does (templates that give the <h1> to the site or section).
    ``titles[0]`` is the record's title (site names cut off): a heading that is all of it is
    the headline however short ('Der Holländerholzhandel'); a shorter one may be a logo."""
    wanted = [" ".join(t.split()).casefold() for t in titles if t and t.strip()]
    for tag in HEADLINE_TAGS:
        for heading in tree.iter(tag):
            text = _text(heading).casefold()
            if len(text.split()) >= HEADLINE_MIN_WORDS and any(text in t or t in text for t in wanted):
                return heading
            if wanted and text == wanted[0]:
                return heading
    return None


def _class_words(value: str) -> list[str]:
    """The words of a class or id value, lower-cased: split at what is not a letter and where a
    capital follows a small letter ('article-header__lead', 'ArticleHeader-Hook', 'chapoArticle')."""
    return [word.lower() for word in _CLASS_WORD_SPLIT.split(value) if word]


def _lede_marked(node: etree._Element, stop: set[etree._Element]) -> bool:
    """``node`` or an ancestor below ``stop`` calls itself a standfirst: a div, p, section or
    span whose id or class says 'teaser' (what trafilatura's precision prune, ``TEASER_DISCARD_XPATH``,
    removes), or any element whose class or id holds one of ``LEDE_CLASS_WORDS``."""
    for element in (node, *node.iterancestors()):
        if element in stop:
            return False
        marks = [element.get("class") or "", element.get("id") or ""]
        if element.tag in _TEASER_TAGS and any("teaser" in mark.lower() for mark in marks):
            return True
        if any(word in LEDE_CLASS_WORDS for mark in marks if mark for word in _class_words(mark)):
            return True
    return False


def _prose_block(node: etree._Element) -> str | None:
    """``node``'s text when it is a block of prose of its own: no block inside it, no script,
    enough words, few of them in links."""
    if node.tag not in _PROSE_TAGS or any(child.tag in _BLOCK_CHILDREN for child in node):
        return None
    if next(node.iter(*_UNREAD), None) is not None:
        return None
    text = _text(node)
    if len(text.split()) < STANDFIRST_MIN_WORDS and len(text) < 4 * STANDFIRST_MIN_WORDS:
        return None
    # links, and a date or a button printed as a line ('<time>Nov. 20</time><time>Updated ...</time>')
    linked = sum(len(_text(inline)) for inline in node.iter("a", "time", "button", "label"))
    return text if linked <= STANDFIRST_MAX_LINK_SHARE * len(text) else None


def _starts_with(node: etree._Element, prefix: str) -> bool:
    """Whether ``node``'s text, whitespace collapsed, starts with ``prefix``; reads only as much
    of it as that takes (a container's whole text is not built, a long piece is not collapsed
    whole), and stops at the first piece that differs: a later piece only adds words after a space."""
    first = node.text
    if first and not first.isspace():  # most elements settle on their own first words
        text = _collapsed_head(first, len(prefix))
        if len(text) >= len(prefix) or not prefix.startswith(text):
            return text.startswith(prefix)
    text = ""
    for piece in node.itertext():
        if piece.strip():
            text = f"{text} {_collapsed_head(piece, len(prefix) - len(text))}" if text else _collapsed_head(
                piece, len(prefix)
            )
        if len(text) >= len(prefix):
            break
        if not prefix.startswith(text):
            return False
    return text.startswith(prefix)


def _visible(text: str) -> str:
    """``text`` with its whitespace collapsed and its zero-width characters left out (looked
    for first: ``str.translate`` costs ten times the collapse, and few texts hold one)."""
    if "\u200b" in text or "\u200c" in text or "\u200d" in text or "\u2060" in text or "\ufeff" in text:
        text = text.translate(_INVISIBLE)
    return " ".join(text.split())


def _collapsed_head(text: str, size: int) -> str:
    """The start of ``text`` with its whitespace collapsed, at least ``size`` characters long
    unless ``text`` is shorter: the whole text collapsed is longer, never different before that."""
    window = 2 * size + 16
    while True:
        head = _visible(text[:window])
        if len(head) >= size or window >= len(text):
            return head
        window *= 2


def _in_off_text(node: etree._Element, stop: frozenset[etree._Element] | set[etree._Element]) -> bool:
    """``node`` sits inside a link, figure, list, navigation... below the elements in ``stop``
    (the headline's ancestors: a page wrapped whole in a <form> or a layout <table> is not)."""
    for ancestor in node.iterancestors():
        if ancestor in stop:
            return False
        if ancestor.tag in _OFF_TEXT:
            return True
    return False


def standfirst_paragraphs(tree: etree._Element, titles: Sequence[str], extracted: Sequence[str]) -> list[str]:
    """The prose blocks between the page's headline and the first extracted paragraph that the
    extraction left out (see ``STANDFIRST_*``); none when the headline or the body's start cannot
    be found, or when more than ``STANDFIRST_MAX_BLOCKS`` stand there."""
    printed = {" ".join(t.split()).casefold() for t in titles if t}
    anchor = next(
        (seen for p in extracted if len(p) >= ANCHOR_MIN_CHARS and (seen := _visible(p)).casefold() not in printed),
        None,
    )
    headline = _headline(tree, titles) if anchor else None
    if headline is None or anchor is None:
        return []
    anchor = anchor[:ANCHOR_CHARS]
    above = set(headline.iterancestors())
    found: list[str] = []
    seen: str | None = None  # the extracted text, whitespace collapsed: joined when a block is found
    walked = 0
    for top in _following_siblings(headline):
        pending = [top]  # the page after the headline in document order, a subtree left out when taken
        while pending:
            node = pending.pop()
            if not isinstance(node.tag, str):
                continue
            walked += 1
            if walked > STANDFIRST_MAX_WALK:
                return []
            if _starts_with(node, anchor):
                return found if len(found) <= STANDFIRST_MAX_BLOCKS else []
            if node.tag in _OFF_TEXT:
                continue
            block = _prose_block(node)
            if block is None:
                pending.extend(reversed(node))
            elif _lede_marked(node, above) and not _in_off_text(node, above):
                if seen is None:
                    seen = " \n ".join(" ".join(p.split()) for p in extracted)
                if block not in seen:
                    found.append(block)
    return []


def _following_siblings(element: etree._Element) -> Iterator[etree._Element]:
    """The siblings after ``element``, then those after each of its ancestors: with their
    subtrees, the page after ``element``'s own subtree, in document order."""
    node: etree._Element | None = element
    while node is not None:
        yield from node.itersiblings()
        node = node.getparent()


# --- the baseline's one-block article: cut again at the page's own block boundaries ----------
# When trafilatura's extraction finds too little, its baseline (trafilatura.baseline.baseline)
# takes the text of the page's <article> element whole, spaced at block tags, as ONE paragraph:
# the article's paragraphs, its dateline, a share bar or an ad label between them all run into
# one line, which no line rule can judge (a junk line inside it is kept with the story). That
# text is cut again here where the source <article> has a block boundary (<p>, <div>, <br>,
# heading, item...), so the rules see the lines the page prints. Only the cuts change: the pieces
# joined by spaces are the block's text as it was.
# A fallback body is a few plain paragraphs (the baseline builds one per <article>).
FALLBACK_MAX_PARAGRAPHS = 3
# The block must be this long to be a whole article run into one line.
FALLBACK_MIN_WORDS = 80
# A source line not found where the last one ended is looked for further on only when it is
# this long (a short line such as 'Sponsored' would be found in the wrong place).
RESYNC_MIN_CHARS = 40
# Only the article's body is cut: the lines before its first line of prose this long (a dateline,
# a breadcrumb, the headline, the lede image's caption) stay one line with it, as the fallback gave
# them. The rules' header judgement is written for trafilatura's extraction, which leaves that
# header out, and trafilatura's set counts its caption as text (cut, a credited lede caption
# went: fold 3 0.9472 -> 0.9463); planted or printed junk between paragraphs is what is cut out.
HEADER_PROSE_MIN_WORDS = 20
_SENTENCE_ENDS = (".", "!", "?", "…", '"', "”", "“", "»", "«", "'", "’", ")", "。", "！", "？")
# A block boundary's mark: a noncharacter, which no page prints (a newline is only whitespace in HTML).
_CUT = "\ufdd0"


def is_fallback_body(body: etree._Element | None) -> bool:
    """Whether ``body`` has the baseline's shape: at most ``FALLBACK_MAX_PARAGRAPHS`` children,
    all plain ``<p>`` (no element inside), one of them ``FALLBACK_MIN_WORDS`` words or more."""
    if body is None or not 0 < len(body) <= FALLBACK_MAX_PARAGRAPHS:
        return False
    if any(child.tag != "p" or len(child) for child in body):
        return False
    return any(len((child.text or "").split()) >= FALLBACK_MIN_WORDS for child in body)


def source_lines(element: etree._Element) -> list[str]:
    """``element``'s text as trafilatura's baseline reads it (``basic_cleaning``, then a space at
    every block tag: ``block_text``), cut into the lines those block tags make (not at a figure's)."""
    if any(_CUT in piece for piece in element.itertext()):
        return []  # the page printed the mark itself: no cut can be trusted
    copy = basic_cleaning(deepcopy(element))
    for node in copy.iter(*_BLOCK_ELEMS):
        node.text = _CUT + (node.text or "")
        node.tail = _CUT + (node.tail or "")
    return [line for piece in copy.text_content().split(_CUT) if (line := " ".join(piece.split()))]


def _header_joined(pieces: list[str]) -> list[str]:
    """``pieces`` with those before the first line of prose (``HEADER_PROSE_MIN_WORDS`` words or
    more, ending a sentence) joined to it, as the fallback gave them: only the body is cut."""
    for i, piece in enumerate(pieces):
        if count_words(piece) >= HEADER_PROSE_MIN_WORDS and piece.endswith(_SENTENCE_ENDS):
            return [" ".join(pieces[: i + 1]), *pieces[i + 1 :]]
    return pieces


def cut_at_lines(text: str, lines: Sequence[str]) -> list[str]:
    """``text`` cut where each of ``lines`` (in order) starts and ends in it, at whole words;
    text between two found lines is a piece of its own. ``" ".join`` of the pieces is ``text``
    (whitespace collapsed)."""
    text = " ".join(text.split())
    pieces: list[str] = []
    pos = 0
    for line in lines:
        at = pos if text.startswith(line, pos) else -1
        if at < 0 and len(line) >= RESYNC_MIN_CHARS:
            at = text.find(line, pos)
        end = at + len(line)
        if at < 0 or (end < len(text) and text[end] != " ") or (at > 0 and text[at - 1] != " "):
            continue
        if gap := text[pos:at].strip():
            pieces.append(gap)
        pieces.append(line)
        pos = end + 1
    if rest := text[pos:].strip():
        pieces.append(rest)
    return pieces


def fallback_lines(tree: etree._Element, text: str) -> list[str] | None:
    """``text`` (a fallback body's paragraph) cut at the block boundaries of the page's
    ``<article>`` it was read from (see ``FALLBACK_*``); None when it is no article's whole text."""
    flat = " ".join(text.split())
    for article in tree.iter("article"):
        if any(a.tag == "article" for a in article.iterancestors()):
            continue
        lines = source_lines(article)
        if lines and " ".join(lines) == flat:
            return cut_at_lines(flat, lines)
    return None


def recut_fallback(blocks: list[Block], body: etree._Element | None, tree: etree._Element) -> list[Block]:
    """``blocks`` with each long paragraph of a fallback body (``is_fallback_body``) replaced by
    the page's own lines of it (``fallback_lines``), each a paragraph from the same element;
    ``blocks`` itself for every other body."""
    if not is_fallback_body(body):
        return blocks
    out: list[Block] = []
    for block in blocks:
        lines = fallback_lines(tree, block.text) if block.kind == "p" and block.words >= FALLBACK_MIN_WORDS else None
        lines = _header_joined(lines) if lines is not None else None
        if lines is None or len(lines) < 2:
            out.append(block)
            continue
        out.extend(Block(line, "p", block.element, count_words(line)) for line in lines)
    return out
