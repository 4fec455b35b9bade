"""Apply text rules to the extracted paragraphs, keeping a record of every removal.

Each rule kind is one small function from (rule, paragraphs, context) to the indexes it
removes; ``apply_text_rules`` runs them in file order and never lets a later rule claim a
paragraph an earlier one already took, so provenance names the first rule that matched.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from cleaners.result import RemovedBlock
from cleaners.ruleset import TextRule
from cleaners.words import count_words

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
_SENTENCE_END = re.compile(r"""[.!?…:;"”’»)]\s*$""")
_DASHES = re.compile(r"[\u2010-\u2015\u2212-]")
_NON_WORD = re.compile(r"[\W_]+")
_TITLE_SEPARATORS = re.compile(r"\s+[|\-–—:·•»]\s+")


@dataclass(frozen=True, slots=True)
class PageContext:
    """What text rules may know about the page besides its paragraphs."""

    titles: tuple[str, ...] = ()
    """The page's headline as trafilatura, <title> and the first <h1> give it."""
    link_texts: frozenset[str] = frozenset()
    """The text of every link on the page, whitespace-normalised."""
    word_counts: tuple[int, ...] = ()


def _normal(text: str) -> str:
    return " ".join(_DASHES.sub("-", text).split()).casefold()


def _words_only(text: str) -> str:
    return " ".join(_NON_WORD.sub(" ", text.casefold()).split())


def _is_structured(paragraph: str) -> bool:
    """List items and table rows, which legitimately repeat and nest."""
    return paragraph.startswith(("- ", "| ", "• ", "* "))


def _line_hit(rule: TextRule, paragraph: str) -> bool:
    assert rule.pattern is not None
    return count_words(paragraph) <= rule.max_words and rule.pattern.match(paragraph) is not None


def _is_teaser(paragraph: str) -> bool:
    words = count_words(paragraph)
    if paragraph.startswith(("- ", "• ", "* ")):
        return words <= LIST_ITEM_MAX_WORDS
    return words <= TEASER_MAX_WORDS and not _SENTENCE_END.search(paragraph)


def match_lines(rule: TextRule, paragraphs: Sequence[str], context: PageContext) -> set[int]:
    assert rule.pattern is not None
    match, limit, counts = rule.pattern.match, rule.max_words, context.word_counts
    return {i for i, p in enumerate(paragraphs) if counts[i] <= limit and match(p)}


def match_heading_blocks(rule: TextRule, paragraphs: Sequence[str], _: PageContext) -> set[int]:
    """A related-links heading and the teaser headlines or list items right under it."""
    hits: set[int] = set()
    for i, paragraph in enumerate(paragraphs):
        if i in hits or not _line_hit(rule, paragraph):
            continue
        hits.add(i)
        j = i + 1
        while j < len(paragraphs) and _is_teaser(paragraphs[j]):
            hits.add(j)
            j += 1
    return hits


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


def match_link_list_blocks(rule: TextRule, paragraphs: Sequence[str], context: PageContext) -> set[int]:
    """Runs of at least two list items that each start with a link, in the last part of the
    article: a list of other stories, whether or not a heading survived above it."""
    hits: set[int] = set()
    run: list[int] = []
    first = int(len(paragraphs) * rule.min_position)
    for i in range(first, len(paragraphs) + 1):
        item = paragraphs[i] if i < len(paragraphs) else ""
        if item.startswith("- ") and _starts_with_link(item, context.link_texts):
            run.append(i)
            continue
        if len(run) >= LINK_LIST_MIN_ITEMS:
            hits.update(run)
        run = []
    return hits


def match_cut_after(rule: TextRule, paragraphs: Sequence[str], _: PageContext) -> set[int]:
    """The first marker at or past ``min_position`` and everything after it."""
    total = len(paragraphs)
    for i, paragraph in enumerate(paragraphs):
        if i / total >= rule.min_position and _line_hit(rule, paragraph):
            return set(range(i, total))
    return set()


def match_duplicates(_: TextRule, paragraphs: Sequence[str], context: PageContext) -> set[int]:
    """A sentence-length paragraph repeated within a few paragraphs of itself, or a long one
    repeated anywhere.

    A pull quote or a block rendered twice repeats close by; a whole paragraph pasted twice is
    long. Short lines, list items, table rows and short repeats far apart are a page's own
    structure (recipe steps, the same interview question to each guest) and stay.
    """
    last_seen: dict[str, int] = {}
    hits: set[int] = set()
    for i, paragraph in enumerate(paragraphs):
        if count_words(paragraph) < DUPLICATE_MIN_WORDS or _is_structured(paragraph):
            continue
        key = _normal(paragraph)
        near = key in last_seen and i - last_seen[key] <= DUPLICATE_WINDOW
        if near or (key in last_seen and context.word_counts[i] >= DUPLICATE_ANYWHERE_WORDS):
            hits.add(i)
        last_seen[key] = i
    return hits


def match_repeated_captions(_: TextRule, paragraphs: Sequence[str], __: PageContext) -> set[int]:
    """Caption pairs: a short paragraph and the next one that repeats it (maybe plus a credit)."""
    hits: set[int] = set()
    normal = [_normal(p) for p in paragraphs]
    for i in range(len(paragraphs) - 1):
        first, second = paragraphs[i], paragraphs[i + 1]
        if _is_structured(first) or count_words(first) > CAPTION_MAX_WORDS or count_words(second) > CAPTION_MAX_WORDS:
            continue
        stem = normal[i].rstrip(". ")
        tail_words = count_words(second) - count_words(first)
        repeats = normal[i + 1].startswith(stem)
        if repeats and count_words(first) >= CAPTION_MIN_WORDS and tail_words <= CREDIT_MAX_WORDS:
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
}


def apply_text_rules(
    paragraphs: Sequence[str], rules: Sequence[TextRule], context: PageContext | None = None
) -> tuple[list[str], list[RemovedBlock]]:
    """Return the paragraphs that stay and the blocks removed, in document order."""
    context = replace(context or PageContext(), word_counts=tuple(count_words(p) for p in paragraphs))
    verdict: dict[int, str] = {}
    if paragraphs:
        for rule in rules:
            for i in MATCHERS[rule.kind](rule, paragraphs, context):
                verdict.setdefault(i, rule.id)
    kept = [p for i, p in enumerate(paragraphs) if i not in verdict]
    removed = [RemovedBlock(verdict[i], "text", p) for i, p in enumerate(paragraphs) if i in verdict]
    return kept, removed
