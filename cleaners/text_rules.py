"""Apply text rules to the extracted paragraphs, keeping a record of every removal.

Each rule kind is one small function from (rule, paragraphs, context) to the indexes it
removes; ``apply_text_rules`` runs them in file order and never lets a later rule claim a
paragraph an earlier one already took, so provenance names the first rule that matched.
"""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from urllib.parse import urlsplit

from cleaners.blocks import INLINE_TAGS, Block, Segment
from cleaners.concept_rules import CONCEPT_MATCHERS
from cleaners.container import TAIL_KINDS, trailing_outside
from cleaners.label_rules import COUNT_WIDGET_WORDS, LABEL_MATCHERS
from cleaners.line_literals import LiteralScanner
from cleaners.regex_literals import fold, required_literals, starts_loose
from cleaners.result import RemovedBlock
from cleaners.ruleset import TextRule
from cleaners.shape_rules import AFTER_SHAPE_MATCHERS, SHAPE_MATCHERS, count_widget_matcher
from cleaners.wording_model import match_wording_model, removal_score
from cleaners.words import count_words

log = logging.getLogger("cleancrawl.clean")
# Captions are short; a long paragraph that happens to repeat the one before it is prose.
CAPTION_MAX_WORDS = 40
# A repeated caption is the caption again, plus at most a credit ('Photograph: X / Reuters').
CAPTION_MIN_WORDS = 3
CREDIT_MAX_WORDS = 12
# The caption above a credit line is short; a longer paragraph there is prose before a figure.
CAPTION_ABOVE_CREDIT_MAX_WORDS = 20
# Only the first few paragraphs can be the headline repeated at the top of the body.
TITLE_SEARCH_DEPTH = 3
# A teaser headline under a "Related"/"Don't miss" heading: short and not ending as a sentence.
TEASER_MAX_WORDS = 25
LIST_ITEM_MAX_WORDS = 40
DUPLICATE_MIN_WORDS = 10
LINK_LIST_MIN_ITEMS = 2
DUPLICATE_WINDOW = 3
DUPLICATE_ANYWHERE_WORDS = 40
# Teasers by link density: at least this share of the block is one link's text.
TEASER_MIN_LINK_SHARE = 0.8
TEASER_MIN_WORDS = 3
TEASER_RUN_MIN = 2
TEASER_ALONE_POSITION = 0.7
# Items of a list of other stories start with the headline link, a blurb may follow.
LINK_LIST_MIN_SHARE = 0.4
# ... a blurb as long as two headlines: the item is still a teaser when its link is one.
HEADLINE_LINK_MIN_WORDS = 4
HEADLINE_AND_DEK_MIN_SHARE = 0.25
# A related/comments heading is short and names a section, it does not say something.
HEADING_MAX_WORDS = 8
# A cut-after rule never takes more than this share of the article's words.
MAX_CUT_SHARE = 0.35
# A labelled teaser: 'Label: <linked headline>'; the label is a few words, the rest one link
# (as many words as cleaners.blocks lets a marker before a link have, to find the link at all).
LABEL_MAX_WORDS = 3
LABELLED_TEASER_MIN_SHARE = 0.5
_LABEL = re.compile(r"^\s*[\[(]?([^\W\d_][^:：|»]{0,40}?)\s*[:：|»]\s*(\S.*)$")
# A label block ('Contact:', 'Further information:'): what follows it is short lines or links.
LABEL_BLOCK_LINE_MAX_WORDS = 15
LABEL_BLOCK_LINK_SHARE = 0.5
_SENTENCE_END = re.compile(r"""[.!?…:;"”’»)]\s*$""")
_DASHES = re.compile(r"[\u2010-\u2015\u2212-]")
_NON_WORD = re.compile(r"[\W_]+")
_ITEM_MARKER = re.compile(r"^[-•*]\s+")
_NUMBERED = re.compile(r"^(?:[-•*]\s+)?\(?\d{1,3}[.):]\s")
PREFILTER_MAX_WORDS = 60
_TITLE_SEPARATORS = re.compile(r"\s+[|\-–—:·•»]\s+")


@dataclass(frozen=True, slots=True)
class PageContext:
    """What text rules may know about the page besides its paragraphs."""

    titles: tuple[str, ...] = ()
    """The page's headline as trafilatura, <title> and the first <h1> give it."""
    link_texts: frozenset[str] = frozenset()
    """The text of every link on the page, whitespace-normalised."""
    word_counts: tuple[int, ...] = ()
    blocks: tuple[Block, ...] = ()
    """The typed blocks the paragraphs come from (same order); empty for bare paragraph lists."""
    captions: frozenset[str] = frozenset()
    """Captions and credits of the article's figures, whitespace-normalised and casefolded."""
    locate_blocks: Callable[[], Sequence[object]] | None = None
    """The page element each block starts in (cleaners.container.block_sources), computed when
    a rule first asks (a walk over the page's text: only for pages whose end may need it)."""
    line_texts: tuple[str, ...] = ()
    """Each paragraph as line patterns see it (``_unmarked``), computed once per page by ``_judge``."""
    own_addresses: frozenset[str] = frozenset()
    """The page's own addresses (its URL and its canonical one) in the form
    ``address_key`` gives them."""

    def kind(self, i: int) -> str:
        return self.blocks[i].kind if self.blocks else "p"

    def may_touch(self, rule: TextRule, i: int) -> bool:
        """Whether ``rule`` may take block ``i`` by its type. A heading rule also takes a
        paragraph whose text is a heading of the page (``<h1>``-``<h6>``): trafilatura's
        readability and baseline fallbacks hand headings back as ``<p>``, and a comment
        section's heading is no less one there."""
        kind = self.kind(i)
        if kind in rule.blocks:
            return True
        return kind == "p" and "head" in rule.blocks and self.heading_in_page(i)

    def heading_in_page(self, i: int) -> bool:
        """Block ``i`` starts in a heading element of the page (through inline tags)."""
        if self.locate_blocks is None:
            return False
        sources = self.locate_blocks()
        element = sources[i] if i < len(sources) else None
        while element is not None and getattr(element, "tag", None) in INLINE_TAGS:
            element = element.getparent()
        return element is not None and getattr(element, "tag", None) in HEADING_TAGS

    def is_teaser(self, i: int, min_share: float = 0.8) -> bool:
        """A short block that is mostly one link to another page of the same site: a teaser
        headline, whatever its wording or language. The link's own text is headline-long, so an
        API reference item (``parse()``, then its description) is no teaser."""
        if not self.blocks:
            return False
        block = self.blocks[i]
        return (
            TEASER_MIN_WORDS <= block.words <= LIST_ITEM_MAX_WORDS
            and block.link_words >= TEASER_MIN_WORDS
            and block.kind in ("p", "item", "head", "quote")
            and block.link_share >= min_share
            and block.same_site_links > 0
        )


def _normal(text: str) -> str:
    return " ".join(_DASHES.sub("-", text).split()).casefold()


def _words_only(text: str) -> str:
    return " ".join(_NON_WORD.sub(" ", text.casefold()).split())


def _is_structured(paragraph: str) -> bool:
    """List items and table rows, which legitimately repeat and nest."""
    return paragraph.startswith(("- ", "| ", "• ", "* "))


def _counts(paragraphs: Sequence[str], context: PageContext) -> Sequence[int]:
    """The paragraphs' word counts: the page's, counted once by ``_judge``, when they are these."""
    if len(context.word_counts) == len(paragraphs):
        return context.word_counts
    return tuple(count_words(p) for p in paragraphs)


def _line_hit(rule: TextRule, paragraph: str, words: int | None = None) -> bool:
    assert rule.pattern is not None
    if words is None:
        words = count_words(paragraph)
    return words <= rule.max_words and rule.pattern.match(paragraph) is not None


def _is_teaser(paragraph: str) -> bool:
    words = count_words(paragraph)
    if paragraph.startswith(("- ", "• ", "* ")):
        return words <= LIST_ITEM_MAX_WORDS
    return words <= TEASER_MAX_WORDS and not _SENTENCE_END.search(paragraph)


def _unmarked(i: int, paragraph: str, context: PageContext) -> str:
    """A list item's text without its '- ' marker: 'Order Reprints' is the same junk in a list
    of page tools as on its own line, and the patterns are written for the line."""
    if context.kind(i) == "item":
        return _ITEM_MARKER.sub("", paragraph, count=1)
    return paragraph


def _rare(char: str) -> bool:
    return not (char.isalnum() or char.isspace())


# Each pattern's literals (``_literals``), by the pattern's identity, the pattern kept beside them
# (so that its id stays its own). Not functools.cache: a look-up there hashes the compiled pattern
# and compares it with the one found, and CPython does both over the whole compiled code (a
# built-in line rule's is long): half a millisecond a page for the page's thirty-odd line rules.
_LITERALS: dict[int, tuple[re.Pattern[str], frozenset[str] | None]] = {}


def _literals(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """What every line a built-in pattern matches holds, one of a few or many literals
    (cleaners.regex_literals, lookarounds counted, adjacent fixed strings joined: ``[news]``, not
    ``news``), case-folded as re.IGNORECASE compares them: registered with the page scanner, which
    looks for them in the case-folded line. Made once a pattern (``_LITERALS``)."""
    known = _LITERALS.get(id(pattern))
    if known is None or known[0] is not pattern:
        known = _LITERALS[id(pattern)] = (pattern, _required_literals(pattern))
    return known[1]


def _required_literals(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """``_literals(pattern)``, made. A case-sensitive literal is folded too: the folded line holds
    it wherever the line holds it (``fold`` maps character by character), the test only a little
    looser."""
    if not starts_loose(pattern):
        return None
    found = required_literals(pattern, ignorecase=True, lookarounds=True, joined=True)
    if found is None:
        return None
    literals = frozenset(fold(literal) for literal in found[0])
    if any(len(lit) < 2 and not _rare(lit) for lit in literals):
        return None  # a lone letter or a space is in nearly every line: the test would spare nothing
    _SCANNER.add(literals)
    return literals


class _Page:
    """A page's short lines case-folded (None for the long ones: prose, past most rules'
    length, no prefilter), and the literals each holds, for the scanner's version."""

    __slots__ = ("found", "lines", "texts", "version")

    def __init__(self, texts: Sequence[str], counts: Sequence[int]) -> None:
        self.texts = texts
        self.lines = tuple(fold(t) if n <= PREFILTER_MAX_WORDS else None for t, n in zip(texts, counts, strict=True))
        self.found: tuple[frozenset[str] | None, ...] = ()
        self.version = -1

    def literals_found(self) -> tuple[frozenset[str] | None, ...]:
        if self.version != _SCANNER.version:
            self.found, self.version = _SCANNER.found_in_lines(self.lines), _SCANNER.version
        return self.found


_SCANNER = LiteralScanner()
_last_page: list[_Page] = []


def _page(texts: Sequence[str], counts: Sequence[int]) -> _Page:
    """The last page's lines and their literals, kept: every rule of the page shares them."""
    if not _last_page or _last_page[0].texts is not texts:
        _last_page[:] = [_Page(texts, counts)]
    return _last_page[0]


def match_lines(rule: TextRule, paragraphs: Sequence[str], context: PageContext) -> set[int]:
    """A short line the pattern matches; with ``min_position``, only there or after it (where
    a prompt or a notice sits, not the body, where a sentence may use the same words).

    A line that holds none of the literals every match of the pattern needs is passed over
    without running the pattern (most lines, for most rules: the patterns' cost was a fifth of
    the page's judging); the page's lines are scanned for the literals of all rules at once
    (cleaners.line_literals). Users' time-limited patterns always run."""
    assert rule.pattern is not None
    match, limit, counts = rule.pattern.match, rule.max_words, context.word_counts
    first = len(paragraphs) * rule.min_position
    texts = context.line_texts
    if len(texts) != len(paragraphs):
        texts = tuple(_unmarked(i, p, context) for i, p in enumerate(paragraphs))
    literals = _literals(rule.pattern) if isinstance(rule.pattern, re.Pattern) else None
    if literals is None:
        return {i for i, text in enumerate(texts) if i >= first and counts[i] <= limit and match(text)}
    found = _page(texts, counts).literals_found()
    return {
        i for i in range(math.ceil(first), len(texts))
        if counts[i] <= limit and ((f := found[i]) is None or not literals.isdisjoint(f)) and match(texts[i])
    }


def match_heading_blocks(rule: TextRule, paragraphs: Sequence[str], context: PageContext) -> set[int]:
    """A related-links heading and the teaser headlines or list items right under it."""
    hits: set[int] = set()
    counts = _counts(paragraphs, context)
    for i, paragraph in enumerate(paragraphs):
        if i in hits or not _line_hit(rule, paragraph, counts[i]):
            continue
        hits.add(i)
        j = i + 1
        while j < len(paragraphs) and _under_heading(j, paragraphs, context):
            hits.add(j)
            j += 1
    return hits


def _under_heading(j: int, paragraphs: Sequence[str], context: PageContext) -> bool:
    """A teaser below a related heading: with block figures, a same-site link that is not a
    heading of its own (a list article's numbered sub-headings are structure, not teasers)."""
    if context.blocks:
        if context.kind(j) == "head" or _NUMBERED.match(paragraphs[j]):
            return False
        return context.is_teaser(j) or _is_teaser(paragraphs[j])
    return _is_teaser(paragraphs[j])


def match_credit_with_caption(rule: TextRule, paragraphs: Sequence[str], context: PageContext) -> set[int]:
    """A photo credit line, and the short caption right above it that it belongs to."""
    hits = match_lines(rule, paragraphs, context)
    for i in sorted(hits):
        previous = i - 1
        if (
            previous >= 0
            and previous not in hits
            and context.word_counts[previous] <= CAPTION_ABOVE_CREDIT_MAX_WORDS
            and not _is_structured(paragraphs[previous])
        ):
            hits.add(previous)
    return hits


def _starts_with_link(paragraph: str, link_texts: frozenset[str]) -> bool:
    text = " ".join(paragraph.removeprefix("- ").split())
    return any(len(link) > 10 and text.startswith(link) for link in link_texts)


def match_line_with_list(rule: TextRule, paragraphs: Sequence[str], context: PageContext) -> set[int]:
    """A related-link line and the list of further links right under it ('- <headline>')."""
    hits = match_lines(rule, paragraphs, context)
    for i in sorted(hits):
        j = i + 1
        while (
            j < len(paragraphs)
            and paragraphs[j].startswith("- ")
            and _starts_with_link(paragraphs[j], context.link_texts)
        ):
            hits.add(j)
            j += 1
    return hits


def _headline_and_dek(i: int, context: PageContext) -> bool:
    """A list item that opens with a headline-long link to another page of the site and adds
    a one-line blurb ('- Pats place Olszewski on IR New England's roster is re-shuffling'):
    the teaser of a 'more stories' list, whose blurb brings its link share under a teaser's."""
    block = context.blocks[i]
    return (
        block.kind == "item"
        and block.words <= LIST_ITEM_MAX_WORDS
        and block.link_words >= HEADLINE_LINK_MIN_WORDS
        and block.same_site_links > 0
        and block.link_share >= HEADLINE_AND_DEK_MIN_SHARE
    )


def match_link_list_blocks(rule: TextRule, paragraphs: Sequence[str], context: PageContext) -> set[int]:
    """Runs of at least two list items that each start with a link, in the last part of the
    article: a list of other stories, whether or not a heading survived above it."""
    hits: set[int] = set()
    run: list[int] = []
    first = int(len(paragraphs) * rule.min_position)
    for i in range(first, len(paragraphs) + 1):
        item = paragraphs[i] if i < len(paragraphs) else ""
        if i < len(paragraphs) and context.blocks:
            is_link_item = context.is_teaser(i, LINK_LIST_MIN_SHARE) or _headline_and_dek(i, context)
        else:
            is_link_item = item.startswith("- ") and _starts_with_link(item, context.link_texts)
        if is_link_item:
            run.append(i)
            continue
        if len(run) >= LINK_LIST_MIN_ITEMS:
            hits.update(run)
        run = []
    return hits


def _heading_like(i: int, paragraphs: Sequence[str], context: PageContext) -> bool:
    if context.kind(i) == "head":
        return True
    return context.word_counts[i] <= HEADING_MAX_WORDS and not re.search(r"[.;,]\s*$", paragraphs[i])


def _looks_like_comments_or_teasers(start: int, paragraphs: Sequence[str], context: PageContext) -> bool:
    """What follows a comments/'more from' heading: nothing, teaser links, or the short lines of
    a comment thread (names, dates, 'Reply'). A technical post's next section is long prose."""
    following = range(start, min(len(paragraphs), start + 3))
    if not following:
        return True
    short = sum(1 for j in following if context.word_counts[j] <= 12 or context.is_teaser(j))
    return short >= (len(following) + 1) // 2


def match_cut_after(rule: TextRule, paragraphs: Sequence[str], context: PageContext) -> set[int]:
    """A short heading-like marker in the last part of the article, followed by what looks like
    comments or teasers: it and everything after it go, unless that is more than
    ``MAX_CUT_SHARE`` of the article's words (then nothing goes: the marker was prose)."""
    total = len(paragraphs)
    words = sum(context.word_counts) or 1
    for i, paragraph in enumerate(paragraphs):
        if i / total < rule.min_position or not _line_hit(rule, paragraph, context.word_counts[i]):
            continue
        if not _heading_like(i, paragraphs, context) or not _looks_like_comments_or_teasers(i + 1, paragraphs, context):
            continue
        cut = sum(context.word_counts[i:])
        if cut / words > MAX_CUT_SHARE:
            log.info("%s: not cut at %r: %d of %d words would go", rule.id, paragraph[:60], cut, words)
            continue
        log.info("%s: cut at %r: %d blocks, %d words", rule.id, paragraph[:60], total - i, cut)
        return set(range(i, total))
    return set()


def match_teaser_links(rule: TextRule, paragraphs: Sequence[str], context: PageContext) -> set[int]:
    """Link density, no phrase list: a run of teasers (short blocks that are mostly one link to
    another page of the same site) is a related list, with the short heading right above it;
    a teaser alone goes when it ends the article or sits in its last 30% (not a heading)."""
    hits: set[int] = set()
    if not context.blocks:
        return hits
    first = int(len(paragraphs) * rule.min_position)
    i = first
    while i < len(paragraphs):
        if not context.is_teaser(i):
            i += 1
            continue
        j = i
        while j < len(paragraphs) and context.is_teaser(j):
            j += 1
        # a run is a related list; one teaser alone goes at the end or in the last part
        # (a linked heading alone is a roundup's item title linking to the product or story)
        alone_ok = j == len(paragraphs) or (
            context.kind(i) != "head" and i / len(paragraphs) >= TEASER_ALONE_POSITION
        )
        if j - i >= TEASER_RUN_MIN or alone_ok:
            hits.update(range(i, j))
            above = i - 1
            if above >= first and above not in hits and _heading_like(above, paragraphs, context) \
                    and context.word_counts[above] <= HEADING_MAX_WORDS // 2 + 2 and not context.blocks[above].links:
                hits.add(above)
        i = j
    return hits


def match_duplicates(_: TextRule, paragraphs: Sequence[str], context: PageContext) -> set[int]:
    """A sentence-length paragraph repeated within a few paragraphs of itself, or a long one
    repeated anywhere.

    A pull quote or a block rendered twice repeats close by; a whole paragraph pasted twice is
    long. Short lines, list items, table rows and short repeats far apart are a page's own
    structure (recipe steps, the same interview question to each guest) and stay.
    """
    last_seen: dict[str, int] = {}
    hits: set[int] = set()
    counts = _counts(paragraphs, context)
    for i, paragraph in enumerate(paragraphs):
        if counts[i] < DUPLICATE_MIN_WORDS or _is_structured(paragraph):
            continue
        key = _normal(paragraph)
        seen = last_seen.get(key)
        near = seen is not None and i - seen <= DUPLICATE_WINDOW
        if near and context.blocks and i - seen > 1 and context.kind(seen) == context.kind(i):
            # a pull quote is the same words in another kind of block (a quote beside the
            # paragraph), a block rendered twice sits right after itself; the same kind of block
            # again a little later is the text's own repetition (a refrain, a restated rule)
            near = False
        far = seen is not None and context.word_counts[i] >= DUPLICATE_ANYWHERE_WORDS
        if near or far:
            hits.add(i)
        last_seen[key] = i
    return hits


def match_repeated_captions(_: TextRule, paragraphs: Sequence[str], context: PageContext) -> set[int]:
    """Caption pairs: a short paragraph and the next one that repeats it (maybe plus a credit)."""
    hits: set[int] = set()
    counts = _counts(paragraphs, context)
    for i in range(len(paragraphs) - 1):
        first, first_words, second_words = paragraphs[i], counts[i], counts[i + 1]
        if _is_structured(first) or first_words > CAPTION_MAX_WORDS or second_words > CAPTION_MAX_WORDS:
            continue
        # only short paragraphs are compared: only they are normalised (the body's long ones never)
        stem = _normal(first).rstrip(". ")
        tail_words = second_words - first_words
        repeats = _normal(paragraphs[i + 1]).startswith(stem)
        if repeats and first_words >= CAPTION_MIN_WORDS and tail_words <= CREDIT_MAX_WORDS:
            hits.update((i, i + 1))
    return hits


def _title_variants(title: str) -> set[str]:
    """The title, and the title without the site name that CMSs append or prepend."""
    variants = {_words_only(title)}
    parts = _TITLE_SEPARATORS.split(title)
    if len(parts) > 1:
        variants.add(_words_only(" - ".join(parts[:-1])))
        variants.add(_words_only(" - ".join(parts[1:])))
        variants.update(_words_only(p) for p in parts if count_words(p) >= 4)
    return {v for v in variants if v}


def match_title_repeat(_: TextRule, paragraphs: Sequence[str], context: PageContext) -> set[int]:
    """The headline repeated as the first lines of the body: it is the record's title, not text."""
    variants = {v for title in context.titles if title for v in _title_variants(title)}
    if not variants:
        return set()
    return {i for i, p in enumerate(paragraphs[:TITLE_SEARCH_DEPTH]) if _words_only(p) in variants}


def address_key(url: str) -> str:
    """An address compared without its scheme, ``www.``, fragment and trailing slash, case-folded:
    the forms one page's address is printed in."""
    url = url.strip().split("#", 1)[0].casefold()
    url = re.sub(r"^(?:https?:)?//", "", url)
    return re.sub(r"^www\.", "", url).rstrip("/")


def match_own_addresses(_: TextRule, paragraphs: Sequence[str], context: PageContext) -> set[int]:
    """A line that is only the page's own address: a share widget's or the metadata's URL
    printed as text. The address of another page stays (an article may cite a source by its
    bare URL)."""
    if not context.own_addresses:
        return set()
    return {
        i for i, p in enumerate(paragraphs)
        if " " not in p.strip() and "." in p and address_key(p) in context.own_addresses
    }


def match_figure_captions(_: TextRule, paragraphs: Sequence[str], context: PageContext) -> set[int]:
    """A line that repeats a figure's caption or credit: it is in ``images``, not text."""
    if not context.captions:
        return set()
    return {i for i, p in enumerate(paragraphs) if " ".join(p.split()).casefold() in context.captions}


_TRAIL_SEPARATORS = re.compile(r"\s*(?:[›»>|/·•,:;]|\s{2,}|\s[-–—]\s)\s*")
TRAIL_MAX_WORDS = 20
TRAIL_MIN_LINKS = 2
TRAIL_MIN_SHARE = 0.6


def match_link_trails(rule: TextRule, paragraphs: Sequence[str], context: PageContext) -> set[int]:
    """A line that is a trail of several links with separators between them: breadcrumbs
    ('Home › News › Local'), 'Posted in: News, Local' category lines, share and follow widgets
    ('Facebook | Twitter | Email'). Prose with two links in it reads as words between them, not
    as separators."""
    if not context.link_texts:
        return set()
    hits: set[int] = set()
    for i, paragraph in enumerate(paragraphs):
        if context.word_counts[i] > min(rule.max_words, TRAIL_MAX_WORDS):
            continue
        parts = [p for p in _TRAIL_SEPARATORS.split(paragraph.removeprefix("- ")) if p]
        if len(parts) < TRAIL_MIN_LINKS:
            continue
        linked = [chars for chars in (_linked_tail(p, context.link_texts) for p in parts) if chars]
        total = sum(len(p) for p in parts)
        if len(linked) >= TRAIL_MIN_LINKS and sum(linked) >= TRAIL_MIN_SHARE * total:
            hits.add(i)
    return hits


def _linked_tail(part: str, link_texts: frozenset[str]) -> int:
    """Characters of ``part`` that are a link's text: all of it, or its end after a label
    ('Filed in <link>')."""
    if part in link_texts:
        return len(part)
    words = part.split()
    for k in range(1, min(len(words), 4)):
        tail = " ".join(words[k:])
        if tail in link_texts:
            return len(tail)
    return 0


def match_labelled_teasers(rule: TextRule, paragraphs: Sequence[str], context: PageContext) -> set[int]:
    """'Label: <linked headline>', any language: a few unlinked words and a colon (or '|', '»'),
    then text that is one link to another page of the same site. Whatever the label says ('Lea
    más', 'Lesen Sie hier', 'Dowiedz się więcej'), that shape is a cross-link to another story,
    wherever it sits; a sentence with a link in it has words outside the link after the colon.
    With no separator, the label is short and the link a headline that ends the block
    (``_spaced_teaser``): 'Read also   <linked headline>', '<strong>LIRE AUSSI</strong> <a>...'."""
    hits: set[int] = set()
    for i, paragraph in enumerate(paragraphs):
        if context.word_counts[i] > rule.max_words or context.kind(i) not in ("p", "head", "quote"):
            continue
        block = context.blocks[i] if context.blocks else None
        if block is None:
            continue
        if _spaced_teaser(block):
            hits.add(i)
            continue
        if block.same_site_links == 0 or block.link_share < LABELLED_TEASER_MIN_SHARE:
            continue
        match = _LABEL.match(paragraph)
        if not match or count_words(match.group(1)) > LABEL_MAX_WORDS:
            continue
        rest = count_words(match.group(2))
        # the headline after the label is the link; the label itself is not part of it
        if rest >= TEASER_MIN_WORDS and TEASER_MIN_LINK_SHARE * rest <= block.link_words <= rest:
            hits.add(i)
    return hits


# --- link shapes: what a block's segments (cleaners.blocks.Segment) are made of ----------------
# A short unlinked label before links: 'Read also', 'Beitrag teilen', 'Posted in', 'Thèmes :'.
SHORT_LABEL_MAX_WORDS = 4
# ... set apart by bold or a wide gap, a label may be a short clause ('Das könnte Sie auch
# interessieren', 'Ce qui pourrait vous intéresser', 'You may also be interested in').
SET_APART_LABEL_MAX_WORDS = 6
TAXONOMY_LABEL_MAX_WORDS = 3
# The headline after a label with only spaces between them: headline-long.
SPACED_HEADLINE_MIN_WORDS = 4
# A share button, a crumb, a category: one to three words.
BUTTON_MAX_WORDS = 3
SHARE_BAR_MIN_LINKS = 2
BREADCRUMB_MIN_CRUMBS = 2
_SENTENCE_MARKS = re.compile(r"[.!?,;…]")
_JOINER = re.compile(r"^(?:[›»>/|·•→:;,]+|[-–—]+)$")
# Share and follow buttons by where they point: a network, a share endpoint, a mail or chat link.
_SHARE_HOST = re.compile(
    r"(?:^|\.)(?:facebook\.com|fb\.com|fb\.me|twitter\.com|x\.com|linkedin\.com|pinterest\.[a-z.]{2,6}|reddit\.com"
    r"|wa\.me|whatsapp\.com|t\.me|telegram\.(?:me|org)|vk\.com|ok\.ru|xing\.com|tumblr\.com|flipboard\.com"
    r"|threads\.net|bsky\.app|instagram\.com|youtube\.com|tiktok\.com|getpocket\.com|weibo\.com|line\.me"
    r"|digg\.com|mix\.com|buffer\.com|news\.ycombinator\.com|plus\.google\.com|mastodon\.social|messenger\.com"
    r"|meneame\.net|tuenti\.com|naver\.com|kakao\.com|qzone\.qq\.com|skype\.com|evernote\.com)$"
)
_SHARE_ENDPOINT = re.compile(
    r"(?i)/(?:share|sharer|sharing|intent|submit|pin/create|sharearticle|spi/shares|addthis)\b"
)
_SHARE_QUERY = re.compile(r"(?i)(?:^|&)(?:u|url|text|body|link|status|title)=")
_SHARE_SCHEMES = ("whatsapp:", "sms:", "tg:", "fb-messenger:", "viber:", "line:", "threema:")
# Path segments of taxonomy pages (a category, a tag, a topic), in the languages CMSs print them.
_TAXONOMY_SEGMENTS = frozenset(
    [
        "category", "categories", "cat", "tag", "tags", "topic", "topics", "section", "sections", "subject",
        "subjects", "label", "labels", "keyword", "keywords", "kategorie", "kategorien", "thema", "themen",
        "schlagwort", "schlagworte", "stichwort", "stichworte", "rubrik", "ressort", "categoria", "categorias",
        "categoría", "categorías", "etiqueta", "etiquetas", "tema", "temas", "seccion", "sección", "secciones",
        "rubrique", "rubriques", "categorie", "catégorie", "mot-cle", "mot-clé", "mots-cles", "mots-clés",
        "theme", "themes", "thème", "thèmes", "argomenti", "argomento", "kategoria", "tagi", "temat", "tematy",
        "categorieen", "trefwoord", "onderwerp",
    ]
)


_TAXONOMY_QUERY = frozenset({"cat", "category", "tag", "topic"})


def _tokens(segments: Sequence[Segment]) -> list[Segment | str]:
    """The segments with the unlinked runs cut into their words: links stay whole."""
    out: list[Segment | str] = []
    for segment in segments:
        if segment.linked:
            out.append(segment)
        else:
            out.extend(segment.text.split())
    return out


def _split_label(tokens: list[Segment | str], max_words: int) -> tuple[list[str], list[Segment | str]]:
    """The unlinked words before the first link, and the rest."""
    k = 0
    while k < len(tokens) and isinstance(tokens[k], str):
        k += 1
    label = [t for t in tokens[:k] if isinstance(t, str)]
    return label, tokens[k:]


def _short_label(words: list[str], max_words: int) -> bool:
    """A label, not a sentence: a few words with a letter, no sentence punctuation (a closing ':')."""
    text = " ".join(words).rstrip(":： ")
    return (
        len([w for w in words if not _JOINER.match(w)]) <= max_words
        and any(ch.isalpha() for ch in text)
        and not _SENTENCE_MARKS.search(text)
    )


def _links_joined(tokens: list[Segment | str]) -> list[Segment] | None:
    """The links of a run that is only links with separators between them, else None."""
    links: list[Segment] = []
    for token in tokens:
        if isinstance(token, Segment):
            links.append(token)
        elif not _JOINER.match(token):
            return None
    return links


def _ends_sentence(text: str) -> bool:
    """A full stop at the end ('...' and '…' are a teaser's cut, not one)."""
    text = text.rstrip()
    return text.endswith(".") and not text.endswith("...")


def _headline_like(text: str) -> bool:
    """Starts as a headline does (not lowercase); a set-apart label also lets one end in a full
    stop ('LESEN SIE AUCH   <a>So Do We.</a>'), a bare label does not."""
    first = next((ch for ch in text if ch.isalnum()), "")
    return bool(first) and not first.islower()


def _label_max_words(block: Block) -> int:
    return SET_APART_LABEL_MAX_WORDS if block.label_set_apart else SHORT_LABEL_MAX_WORDS


def _spaced_teaser(block: Block) -> bool:
    """'<label> <linked headline>' with only spaces between: an unlinked label of a few words
    and one headline-long link to another page of the site that ends the block. A sentence
    running into a link has its link lowercase ('He said the <a>plan agreed</a>') or goes on
    after it; a lowercase headline ('Read more   <a>shoots for the moon</a>') is taken only when
    the page sets the label apart (bold, or a wide gap: ``Block.label_set_apart``)."""
    segments = block.segments
    if len(segments) != 2 or not segments[1].linked:
        return False
    # the label may be a link's text elsewhere on the page ('Read more' under an author's bio)
    label, link = segments
    return (
        link.same_site
        and count_words(link.text) >= SPACED_HEADLINE_MIN_WORDS
        and (block.label_set_apart or not _ends_sentence(link.text))
        and (_headline_like(link.text) or (block.label_set_apart and not _ends_sentence(link.text)))
        and _short_label(label.text.split(), _label_max_words(block))
    )


def _share_target(href: str, own_site: bool) -> bool:
    """A share button's target: a mail or chat link, a network's share endpoint, or a share
    endpoint ('/sharer', '/intent/tweet', '/pin/create') on a host that is not the page's own
    (``own_site``: the link may be the site's). A profile page on a network
    ('instagram.com/<account>') is a link to someone, not a button."""
    if href.startswith(_SHARE_SCHEMES) or href.startswith("mailto:"):
        return True
    try:
        parts = urlsplit(href)
    except ValueError:
        return False
    if parts.scheme not in ("http", "https"):
        return False
    endpoint = bool(_SHARE_ENDPOINT.search(parts.path))
    if _SHARE_HOST.search(parts.hostname or ""):
        return endpoint or bool(_SHARE_QUERY.search(parts.query))
    return endpoint and not own_site


def _share_like(segment: Segment) -> bool:
    return any(_share_target(href, segment.same_site) for href in segment.hrefs)


def _is_share_bar(block: Block) -> bool:
    label, rest = _split_label(_tokens(block.segments), SHORT_LABEL_MAX_WORDS)
    links = _links_joined(rest)
    if not links or len(links) < SHARE_BAR_MIN_LINKS or (label and not _short_label(label, SHORT_LABEL_MAX_WORDS)):
        return False
    mail_only = all(all(h.startswith("mailto:") for h in s.hrefs) for s in links)
    return (
        not mail_only
        and all(count_words(s.text) <= BUTTON_MAX_WORDS and _share_like(s) for s in links)
        and len({s.text.casefold() for s in links}) == len(links)
    )


def _is_breadcrumb(block: Block) -> bool:
    """'<a href=/>Home</a> › <a>Section</a> › Page': the first crumb links to the site's front
    page, the others to pages of the site (the last may be unlinked), separators between them."""
    tokens = _tokens(block.segments)
    if not tokens or not isinstance(tokens[0], Segment) or not tokens[0].to_root:
        return False
    crumbs, i = [tokens[0]], 1
    while i < len(tokens):
        if not isinstance(tokens[i], str) or not _JOINER.match(tokens[i]) or i + 1 >= len(tokens):
            return False
        nxt = tokens[i + 1]
        if isinstance(nxt, Segment):
            if not nxt.same_site:
                return False
            crumbs.append(nxt)
            i += 2
            continue
        tail = [t for t in tokens[i + 1 :]]  # the current page, unlinked: only at the end
        if any(not isinstance(t, str) or _JOINER.match(t) for t in tail) or not _short_label(tail, BUTTON_MAX_WORDS):
            return False
        crumbs.append(Segment(" ".join(tail)))  # type: ignore[arg-type]
        break
    return len(crumbs) >= BREADCRUMB_MIN_CRUMBS and all(count_words(c.text) <= SHORT_LABEL_MAX_WORDS for c in crumbs)


def _taxonomy_target(segment: Segment) -> bool:
    """The link opens a category, tag or topic page of the site, and no link of the page with the
    same text goes elsewhere (a shop's 'Amazon' button beside the site's 'Amazon' topic)."""
    if not segment.same_site or segment.offsite:
        return False
    taxonomy = False
    for href in segment.hrefs:
        try:
            parts = urlsplit(href)
        except ValueError:
            return False
        if parts.hostname is None:
            continue
        if parts.scheme not in ("http", "https"):
            return False
        segments = {p.casefold() for p in parts.path.split("/") if p}
        keys = {kv.split("=", 1)[0].casefold() for kv in parts.query.split("&") if kv}
        taxonomy = taxonomy or bool(segments & _TAXONOMY_SEGMENTS or keys & _TAXONOMY_QUERY)
    return taxonomy


def _is_taxonomy_line(block: Block) -> bool:
    """'Posted in <a href=/category/x>X</a>, <a>Y</a>': a short label (or none, for two links or
    more), then only links to the site's category, tag or topic pages."""
    label, rest = _split_label(_tokens(block.segments), TAXONOMY_LABEL_MAX_WORDS)
    links = _links_joined(rest)
    if not links or (label and not _short_label(label, TAXONOMY_LABEL_MAX_WORDS)):
        return False
    if not label and len(links) < 2:
        return False
    if label and len(label) < 2 and not label[-1].endswith((":", "：")):
        return False  # one bare word before a topic link is a phrase ('Apple's <a>MacBook Pro</a>')
    return all(count_words(s.text) <= BUTTON_MAX_WORDS and _taxonomy_target(s) for s in links)


def _match_blocks(shape: Callable[[Block], bool], rule: TextRule, context: PageContext) -> set[int]:
    if not context.blocks:
        return set()
    return {
        i for i, block in enumerate(context.blocks)
        if block.segments and context.word_counts[i] <= rule.max_words and shape(block)
    }


def match_share_bars(rule: TextRule, paragraphs: Sequence[str], context: PageContext) -> set[int]:
    """Share and follow bars, any language: a short block that is only two or more one-to-three
    word links to social networks, share endpoints or mail, maybe after a short title."""
    return _match_blocks(_is_share_bar, rule, context)


def match_breadcrumbs(rule: TextRule, paragraphs: Sequence[str], context: PageContext) -> set[int]:
    """Breadcrumbs of any length from two crumbs: a link to the front page, separators, crumbs."""
    return _match_blocks(_is_breadcrumb, rule, context)


def match_taxonomy_lines(rule: TextRule, paragraphs: Sequence[str], context: PageContext) -> set[int]:
    """'Posted in' / 'Tags:' lines, any language: by the category and tag pages their links open."""
    return _match_blocks(_is_taxonomy_line, rule, context)


def _label_like(i: int, paragraphs: Sequence[str], context: PageContext, limit: int) -> bool:
    if context.word_counts[i] > limit:
        return False
    return context.kind(i) == "head" or not _SENTENCE_END.search(paragraphs[i]) or paragraphs[i].rstrip().endswith(":")


def _short_or_link(j: int, context: PageContext) -> bool:
    """A line of a contact or links block: a name, an address, a phone number, or a link."""
    if context.kind(j) in ("code", "row"):
        return False
    if context.kind(j) == "head":
        return context.word_counts[j] <= LABEL_MAX_WORDS
    if context.word_counts[j] <= LABEL_BLOCK_LINE_MAX_WORDS:
        return True
    return bool(context.blocks) and context.blocks[j].link_share >= LABEL_BLOCK_LINK_SHARE


def match_label_blocks(rule: TextRule, paragraphs: Sequence[str], context: PageContext) -> set[int]:
    """A label line ('Contact:', 'Further information:') in the last part of the article, and
    the short lines or links under it (a name, an address, a phone number, a list of links),
    up to the first line of prose. Never more than ``MAX_CUT_SHARE`` of the article's words:
    a label followed by that much is a section, not a block of furniture.

    The last part is counted in words, not blocks: the many one-line blocks of a contact block
    or a link list would otherwise push a label above them into the article's middle."""
    hits: set[int] = set()
    total = len(paragraphs)
    words = sum(context.word_counts) or 1
    before = 0
    for i, paragraph in enumerate(paragraphs):
        before, at = before + context.word_counts[i], before
        if i in hits or at / words < rule.min_position or not _label_like(i, paragraphs, context, rule.max_words):
            continue
        if not rule.pattern or not rule.pattern.match(paragraph):
            continue
        j = i + 1
        while j < total and _short_or_link(j, context):
            j += 1
        if j == i + 1 and j < total:
            continue  # prose right under the label: a section of the article, not furniture
        if sum(context.word_counts[i:j]) / words > MAX_CUT_SHARE:
            log.info("%s: not removed at %r: %d blocks would go", rule.id, paragraph[:60], j - i)
            continue
        hits.update(range(i, j))
    return hits


MATCHERS: dict[str, Callable[[TextRule, Sequence[str], PageContext], set[int]]] = {
    "line": match_lines,
    "heading-block": match_heading_blocks,
    "line-with-list": match_line_with_list,
    "link-list-block": match_link_list_blocks,
    "cut-after": match_cut_after,
    "credit-with-caption": match_credit_with_caption,
    "duplicate": match_duplicates,
    "repeated-caption": match_repeated_captions,
    "title-repeat": match_title_repeat,
    "teaser-links": match_teaser_links,
    "figure-caption": match_figure_captions,
    "link-trail": match_link_trails,
    "labelled-teaser": match_labelled_teasers,
    "label-block": match_label_blocks,
    "share-bar": match_share_bars,
    "breadcrumb": match_breadcrumbs,
    "taxonomy-links": match_taxonomy_lines,
    "own-address": match_own_addresses,
    **SHAPE_MATCHERS,
    # the count widgets' guard knows the like and comment words (shape_rules cannot import them)
    "count-widget": count_widget_matcher(COUNT_WIDGET_WORDS),
    **LABEL_MATCHERS,
    **CONCEPT_MATCHERS,
}


def match_dangling_headings(
    rule: TextRule, paragraphs: Sequence[str], context: PageContext, verdict: dict[int, str]
) -> set[int]:
    """Headings that introduce nothing: a heading block, or a short line ending in a colon
    ('More topics:'), whose section (the blocks up to the next heading or the end) the other
    rules removed entirely as teasers or junk, or that ends the article. A heading is a promise
    of text below it; with no text, it is furniture."""

    def heading_like(i: int) -> bool:
        if context.kind(i) == "head":
            return context.word_counts[i] <= HEADING_MAX_WORDS + 4
        return context.word_counts[i] <= rule.max_words and paragraphs[i].rstrip().endswith((":", "："))

    hits: set[int] = set()
    total = len(paragraphs)
    for i in range(total - 1, -1, -1):
        if i in verdict or not heading_like(i):
            continue
        j = i + 1
        while j < total and (j in verdict or j in hits):
            j += 1
        # nothing kept after it, or the next kept block is another heading
        if j == total or (heading_like(j) and j > i + 1):
            hits.add(i)
    return hits


def match_outside_container_tail(
    rule: TextRule, paragraphs: Sequence[str], context: PageContext, verdict: dict[int, str]
) -> set[int]:
    """Short blocks trailing after the article's container in the page: contact boxes, prompts,
    copyright lines in sibling boxes, in any wording (cleaners/container.py)."""
    if context.locate_blocks is None:
        return set()
    kinds = [context.kind(i) for i in range(len(paragraphs))]
    live = [i for i in range(len(paragraphs)) if i not in verdict]
    if not live or kinds[live[-1]] not in TAIL_KINDS or context.word_counts[live[-1]] > rule.max_words:
        return set()  # the article ends on prose or data of its own: nothing trails (and no walk)
    sources = context.locate_blocks()
    if len(sources) != len(paragraphs):
        return set()
    return trailing_outside(sources, context.word_counts, kinds, set(verdict), rule.max_words)


AFTER_OTHERS: dict[str, Callable[[TextRule, Sequence[str], PageContext, dict[int, str]], set[int]]] = {
    "outside-container-tail": match_outside_container_tail,
    "dangling-heading": match_dangling_headings,
    **AFTER_SHAPE_MATCHERS,
    "wording-model": match_wording_model,
}
# Rule kinds whose removals carry a score (``RemovedBlock.score``: a record writes ``model.wording@0.975``).
SCORED_KINDS = frozenset({"wording-model"})
# Rule kinds that need to know where each block stands in the page (PageContext.sources).
NEEDS_SOURCES = frozenset({"outside-container-tail"})
HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})


def needs_sources(rule: TextRule) -> bool:
    """Whether ``rule`` may ask where blocks stand in the page: a tail rule, or a rule for
    headings only, which asks whether a paragraph is a heading of the page (``may_touch``)."""
    return rule.kind in NEEDS_SOURCES or ("head" in rule.blocks and "p" not in rule.blocks)


def judge_blocks(
    blocks: Sequence[Block], rules: Sequence[TextRule], context: PageContext | None = None
) -> tuple[list[Block], list[RemovedBlock]]:
    """Apply the text rules to typed blocks: the blocks that stay and what went.

    Each block's ``words`` is taken as its text's ``count_words`` (every block cleaners builds
    is counted so when made: cleaners.blocks, cleaners.pipeline), not counted a second time."""
    paragraphs = [block.text for block in blocks]
    context = replace(context or PageContext(), blocks=tuple(blocks))
    _, removed, verdict = _judge(paragraphs, rules, context, tuple(block.words for block in blocks))
    return [b for i, b in enumerate(blocks) if i not in verdict], removed


def apply_text_rules(
    paragraphs: Sequence[str], rules: Sequence[TextRule], context: PageContext | None = None
) -> tuple[list[str], list[RemovedBlock]]:
    """Return the paragraphs that stay and the blocks removed, in document order."""
    kept, removed, _ = _judge(paragraphs, rules, context or PageContext())
    return kept, removed


def _judge(
    paragraphs: Sequence[str], rules: Sequence[TextRule], context: PageContext,
    counts: tuple[int, ...] | None = None,
) -> tuple[list[str], list[RemovedBlock], dict[int, str]]:
    """The paragraphs kept, the blocks removed and each removed index's rule; ``counts`` the
    paragraphs' ``count_words`` when the caller already holds them."""
    if counts is None:
        counts = tuple(count_words(p) for p in paragraphs)
    context = replace(context, word_counts=counts)
    texts = tuple(_unmarked(i, p, context) for i, p in enumerate(paragraphs))
    context = replace(context, line_texts=texts)
    verdict: dict[int, str] = {}
    if paragraphs:
        for rule in rules:
            if rule.kind in AFTER_OTHERS:
                continue
            for i in MATCHERS[rule.kind](rule, paragraphs, context):
                if context.may_touch(rule, i):
                    verdict.setdefault(i, rule.id)
        for rule in rules:  # rules that judge what the others left
            if rule.kind in AFTER_OTHERS:
                for i in AFTER_OTHERS[rule.kind](rule, paragraphs, context, verdict):
                    if context.may_touch(rule, i):
                        verdict.setdefault(i, rule.id)
    kept = [p for i, p in enumerate(paragraphs) if i not in verdict]
    scored = {rule.id for rule in rules if rule.kind in SCORED_KINDS}
    removed = [
        RemovedBlock(verdict[i], "text", p, score=removal_score(p) if verdict[i] in scored else None)
        for i, p in enumerate(paragraphs) if i in verdict
    ]
    return kept, removed, verdict
