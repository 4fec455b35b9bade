"""``clean_html``: one page in, one clean article out. The page is parsed once."""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import trafilatura
from lxml import html

from cleaners.block_filter import check_threshold, filter_blocks, model_wanted, packaged_model
from cleaners.blocks import Block, annotate_links, blocks_from_body, links_and_lines, short_texts
from cleaners.container import block_sources
from cleaners.decoding import decode_html, looks_binary
from cleaners.dom_rules import drop_and_locate
from cleaners.embedded_posts import expose_embedded_posts
from cleaners.extraction import extract_document
from cleaners.images import caption_lines, figure_images
from cleaners.markdown import to_markdown
from cleaners.metadata import (
    HeadlineClues,
    clean_authors,
    clean_title,
    detect_language,
    headline_clues,
    normalise_language,
    page_language,
    page_ld_authors,
    page_timestamps,
    printed_headline,
    printed_initials,
    split_list,
    with_time,
)
from cleaners.page_bounds import MAX_ARTICLE_CHARS, MAX_BLOCKS, MAX_PAGE_BYTES, markup_too_large, tree_rejection
from cleaners.page_kind import MAX_LINK_TEXT_SHARE, declares_article, is_error_page, link_text_share, page_titles
from cleaners.parsing import UnparsableHTML, parse_html
from cleaners.positions import place_removed
from cleaners.result import Article, RemovedBlock
from cleaners.ruleset import RuleSet, rules_for
from cleaners.split_body import body_chunks, recut_fallback, standfirst_paragraphs
from cleaners.text_rules import PageContext, address_key, judge_blocks, needs_sources
from cleaners.urls import url_host
from cleaners.words import count_words

# Fewer words than this after cleaning is not an article (a stub, a gallery, an error page).
DEFAULT_MIN_WORDS = 25
# Shorter lines (menu items, captions, headings) do not count towards that minimum.
PROSE_MIN_WORDS = 8
# A page that says it is an article (og:type, JSON-LD) is trusted with less: this share of
# ``min_words``, counted over all its lines, makes it one (a three-line poem, a short post).
DECLARED_ARTICLE_SHARE = 0.4
# Rejections that a second, recall-minded extraction of the same tree may turn into an article.
RETRY_REASONS = frozenset({"no-text", "too-short"})
FORMATS = ("text", "markdown")
DATE_PARAMS = {"extensive_search": False, "original_date": True}


def _extract(
    tree: html.HtmlElement, url: str | None, json_scripts: Sequence[html.HtmlElement], *, favor_recall: bool = False
) -> trafilatura.settings.Document | None:
    # Comments are never article text; leaving them out is also trafilatura's most precise
    # configuration that keeps full recall. Not fast mode: without the readability/jusText
    # second opinion, class-less div pages come out with their menus; readability runs only on
    # the pages where its text could be chosen (cleaners/extraction.py: same result, half the
    # pages spared). Dates come from markup, URL and <time> elements but not from guessing over
    # free text (htmldate's extensive search, a sixth of the time for 2 more dates in 181
    # benchmark pages). The tree is handed over, with its JSON-LD scripts (``headline_clues``
    # found them; nothing between adds or moves an element): trafilatura's metadata pass reads those.
    return extract_document(tree, url, DATE_PARAMS, favor_recall=favor_recall, json_scripts=json_scripts)


def _fill_metadata(
    article: Article, document: trafilatura.settings.Document, stamps: tuple[str | None, str | None],
    clues: HeadlineClues, host: str | None, ld_authors: list[str], page: str,
) -> None:
    """The record's metadata from trafilatura's ``document`` and what was read of the page before
    extraction; ``page`` is its markup, where an author's initials are looked up as printed."""
    article.site_name = document.sitename or None
    article.title = printed_headline(clues, document.title, article.site_name, host)
    publishers = [*clues.names, *clues.publishers]
    authors = clean_authors(document.author, article.site_name, publishers) or clean_authors(
        ld_authors, article.site_name, publishers
    )
    article.authors = [printed_initials(name, ld_authors, page) for name in authors]
    article.published = with_time(document.date or None, stamps[0])
    article.modified = stamps[1]
    article.canonical_url = document.url or None
    article.description = document.description or None
    article.tags = split_list(document.tags, ",") if isinstance(document.tags, str) else split_list(document.tags)
    article.categories = (
        split_list(document.categories, ",")
        if isinstance(document.categories, str)
        else split_list(document.categories)
    )


WARM_UP_PAGE = (
    "<html><head><title>Warm-up</title></head><body><article><p>"
    + "A page cleaned once before the workers start, so that they are born with what it loads. " * 4
    + "</p></article></body></html>"
)


def warm_up() -> None:
    """Load now what cleaning otherwise loads on first use: trafilatura, the language model, the
    rules (by cleaning one page) and what that page does not reach (``warm_tables``). A process
    that forks cleaning workers calls it first, so no worker's first real page pays for it (or
    runs into a page timeout on a loaded machine)."""
    clean_html(WARM_UP_PAGE, "http://warm.invalid/")
    warm_tables()


def warm_tables() -> None:
    """Build the tables cleaning builds on first use that the warm-up page does not reach: the
    concept table, compiled on the first block that reaches the concept scan (about half a
    second; a page of plain prose never does)."""
    from cleaners.concept_rules import concept_table

    concept_table()


def clean_html(
    page: bytes | str,
    url: str | None = None,
    *,
    content_type: str | None = None,
    rules: RuleSet | None = None,
    rule_files: Iterable[str | Path] = (),
    min_words: int = DEFAULT_MIN_WORDS,
    format: str = "text",
    positions: bool = True,
    trace: list[BlockTrace] | None = None,
    block_model: bool | None = None,
    model_threshold: float | None = None,
    site_counts: Mapping[str, int] | None = None,
) -> Article:
    """Extract the article from one page and strip the junk trafilatura leaves in it.

    ``page`` is the raw body (bytes: the encoding comes from a BOM, ``content_type``, the
    page's ``<meta charset>``, then detection) or already decoded text. ``url`` picks the
    site rules and resolves the canonical URL. ``rules`` overrides the rule selection;
    ``rule_files`` adds user rule files to the built-in and site ones. A page with no article
    comes back with ``rejected`` set to the reason and no text; this function does not raise
    for bad pages, only for bad rule files (RuleFileError). ``format="markdown"`` also fills
    ``markdown``, written from the same cleaned blocks as ``text``. ``positions=False`` leaves
    the removed blocks' ``at`` unknown (None), for callers that write no provenance: the page's
    text is then not read again to place them. ``trace``, when given a list, receives the
    judged blocks of the extraction that was used (``BlockTrace``): off by default, for the
    block model's labels and features (benchmarks/block_labels.py); it changes nothing.
    ``block_model``: after the text rules, the block model (cleaners/block_filter.py) removes
    the blocks it scores as junk at or above ``model_threshold`` (None: the model's own); None
    means the default (``cleaners.block_filter.DEFAULT_BLOCK_MODEL``). ``site_counts``: block
    text (``cleaners.block_features.normalise``) -> on how many other pages of the site it stands,
    when the caller knows; without it the model sees no site repetition.
    """
    if format not in FORMATS:
        raise ValueError(f"format must be one of {FORMATS}, not {format!r}")
    check_threshold(model_threshold)  # ValueError outside (0, 1), before any work
    ruleset = rules if rules is not None else rules_for(url_host(url), rule_files)
    article = Article()
    if isinstance(page, bytes):
        if not page.strip():
            article.rejected = "empty-page"
            return article
        if len(page) > MAX_PAGE_BYTES:
            article.rejected = "too-large"
            return article
        if looks_binary(page):
            article.rejected = "binary-body"
            return article
    text = decode_html(page, content_type)
    if markup_too_large(text):  # cleaners/page_bounds.py: before the parse that would cost it
        article.rejected = "too-large"
        return article
    text = composed(text)
    try:
        tree = parse_html(text)
    except UnparsableHTML:
        article.rejected = "empty-page" if not text.strip() else "unparsable"
        return article
    article.rejected = tree_rejection(tree, text)
    if article.rejected:
        return article

    language = page_language(tree)
    expose_embedded_posts(tree, text)  # before any rule reads a class: a quoted post's box is no widget
    removed, located = drop_and_locate(tree, ruleset.dom, locate=positions)
    images = figure_images(tree, url)
    clues = headline_clues(tree)  # the extraction only reads the tree (cleaners.extraction: lent, pruned on a copy)
    json_ld = clues.json_ld()
    stamps = page_timestamps(tree, json_ld)
    ld_authors = page_ld_authors(json_ld)
    h1 = tree.find(".//h1")
    h1_text = " ".join(" ".join(h1.itertext()).split()) if h1 is not None else None
    judging = _Page(tree, url, ruleset, caption_lines(images), h1_text, declares_article(tree, json_ld))
    document = _extract(tree, url, clues.json_scripts)
    outcome = _judge(document, judging, min_words) if document is not None else None
    if outcome is None or outcome.rejected in RETRY_REASONS:
        # nothing, or too little: trafilatura's balanced pick can settle on a stray box when the
        # article sits in markup it distrusts. Its recall mode, on the same tree, finds it there;
        # taken only when it makes an article where the first pass made none.
        second = _extract(tree, url, clues.json_scripts, favor_recall=True)
        retry = _judge(second, judging, min_words) if second is not None else None
        if retry is not None and (outcome is None or not retry.rejected):
            document, outcome = second, retry
    if outcome is None:
        article.removed = [replace(block, at=0) for block in removed]  # no text: all stood at its start
        article.rejected = "no-text"
        return article
    if trace is not None:
        trace.append(BlockTrace(tree, outcome.blocks, outcome.kept, outcome.text_removed, outcome.locate))
    _fill_metadata(article, document, stamps, clues, url_host(url), ld_authors, text)
    if model_wanted(block_model) and not outcome.rejected:
        held_back: list[str] = []
        outcome = _with_model(outcome, judging, article.title, min_words, model_threshold, site_counts, held_back)
        article.model_held_back = held_back[0] if held_back else None
    kept_blocks = outcome.kept
    kept = [block.text for block in kept_blocks]
    article.text = "\n".join(kept)
    article.words_counted = (article.text, sum(block.words for block in kept_blocks))
    article.protected = [block.text for block in kept_blocks if block.kind in ("code", "row")]
    article.images = images
    if format == "markdown":
        article.markdown = to_markdown(kept_blocks)
    article.language = language or normalise_language(document.language)
    if article.language is None:
        article.language = detect_language(article.text)
        article.language_guessed = article.language is not None
    if positions:
        article.removed = place_removed(outcome.blocks, kept_blocks, outcome.text_removed, removed, located)
    else:
        article.removed = removed + outcome.text_removed
    article.rejected = outcome.rejected
    if not article.rejected and len(article.text) > MAX_ARTICLE_CHARS:
        article.rejected = "too-large"
    if article.rejected:
        article.text = ""  # a page that is no article yields no text; ``removed`` still says why
        article.removed = [replace(block, at=0) for block in article.removed]
        article.markdown = None
    return article


def composed(text: str) -> str:
    """``text`` in Unicode NFC, as trafilatura writes its own output (trafilatura.core
    normalises what it returns) and as text is searched: a page saved in decomposed form (a
    macOS editor's umlauts, Bengali nukta letters stored precomposed, which NFC decomposes)
    otherwise yields text in which the same words, typed the usual way, are not found. Done on
    the whole page before parsing, so rules, titles, captions and the text all see one form;
    a page already in NFC (nearly all) is only checked, not copied."""
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)


@dataclass(slots=True)
class BlockTrace:
    """What the text rules judged on a page (``clean_html(trace=...)``): every block of the
    extraction used, the ones kept, and the text rules' removals (in block order)."""

    tree: html.HtmlElement
    """The parsed page after the DOM rules."""
    blocks: list[Block]
    kept: list[Block]
    removed: list[RemovedBlock]
    locate: Callable[[], Sequence[object]] | None = None
    """The page element each block starts in (cleaners.container.block_sources), cached: walked
    already when a rule asked for it. None when no rule of the page's set can ask."""


@dataclass(slots=True)
class _Page:
    """What judging an extraction needs from the page, for both passes."""

    tree: html.HtmlElement
    url: str | None
    ruleset: RuleSet
    captions: frozenset[str]
    h1: str | None
    declares_article: bool


@dataclass(slots=True)
class _Judged:
    """One extraction cut into blocks and judged by the text rules."""

    blocks: list[Block]
    kept: list[Block]
    text_removed: list[RemovedBlock]
    rejected: str | None
    locate: Callable[[], Sequence[object]] | None = None
    links: frozenset[str] = frozenset()
    """The page's link texts (what makes a kept text a link list)."""


def _judge(document: trafilatura.settings.Document, page: _Page, min_words: int) -> _Judged:
    """The extraction's typed blocks (plus an article's chunks trafilatura left behind), what
    the text rules keep of them, and whether that is an article."""
    url = page.url
    # a fallback body's article in one line is cut at the page's own lines (cleaners/split_body.py)
    blocks = recut_fallback(blocks_from_body(document.body, url), document.body, page.tree)
    if len(blocks) > MAX_BLOCKS:  # cleaners/page_bounds.py: the rules would take minutes
        return _Judged([], [], [], "too-large")
    paragraphs = [block.text for block in blocks]
    title = clean_title(document.title, document.sitename or None, page.h1, url_host(url))
    titles = page_titles(page.tree, title)
    # before the body: the lede printed between the headline and the body's container, then the
    # body's earlier modules, which the extraction leaves out (cleaners/split_body.py)
    earlier, later = body_chunks(page.tree, paragraphs)
    before = standfirst_paragraphs(page.tree, titles, paragraphs)
    before += [p for p in earlier if p not in before]
    blocks[:0] = [Block(p, "p", None, count_words(p)) for p in before]
    blocks += [Block(p, "p", None, count_words(p)) for p in later]
    links_by_text, lines = links_and_lines(page.tree, short_texts(blocks))
    annotate_links(blocks, links_by_text, url, lines)
    links = frozenset(links_by_text)
    # walked once, when a rule first asks: a tail rule, or a heading rule meeting a paragraph
    locate = (
        functools.cache(lambda: block_sources(page.tree, [b.text for b in blocks]))
        if any(needs_sources(rule) for rule in page.ruleset.text) else None
    )
    context = PageContext(
        titles=titles, link_texts=links, captions=page.captions, locate_blocks=locate,
        own_addresses=own_addresses(url, document.url),
    )
    kept, text_removed = judge_blocks(blocks, page.ruleset.text, context)
    rejected = _rejection(
        [b.text for b in kept], titles, links, min_words, paragraphs, page.declares_article, [b.words for b in kept]
    )
    return _Judged(blocks, kept, text_removed, rejected, locate, links)


def _with_model(
    outcome: _Judged, page: _Page, title: str | None, min_words: int, threshold: float | None,
    site_counts: Mapping[str, int] | None, held_back: list[str],
) -> _Judged:
    """The rules' outcome with the block model's removals (cleaners/block_filter.py); the rules'
    outcome as it was when the model cannot be loaded, takes too much, or would leave no article
    (``held_back`` receives why: ``Article.model_held_back``)."""
    model = packaged_model()
    if model is None:
        return outcome
    # the blocks' page elements when the rules walked the page for them already (cached); never a
    # walk for the model alone: block_features finds them itself if its features read them
    located = outcome.locate is not None and outcome.locate.cache_info().currsize > 0  # type: ignore[attr-defined]
    sources = outcome.locate() if located else None
    filtered = filter_blocks(
        model, outcome.blocks, outcome.kept, outcome.text_removed, tree=page.tree, title=title,
        ruleset=page.ruleset, threshold=threshold, site_counts=site_counts, sources=sources,
    )
    if filtered.held_back:
        held_back.append("over-half")
    if not filtered.removed:
        return outcome
    titles = page_titles(page.tree, title)
    kept_texts = [b.text for b in filtered.kept]
    paragraphs = [b.text for b in outcome.blocks]
    kept_words = [b.words for b in filtered.kept]
    if _rejection(kept_texts, titles, outcome.links, min_words, paragraphs, page.declares_article, kept_words):
        held_back.append("would-reject")  # the model's cut would leave no article: the rules' page
        return outcome
    return replace(outcome, kept=filtered.kept, text_removed=filtered.text_removed)


def own_addresses(*urls: str | None) -> frozenset[str]:
    """The page's URL and the one its metadata declares (trafilatura's ``Document.url``, read
    from the canonical link), without a second walk of the page."""
    return frozenset(address_key(u) for u in urls if u and u.strip())


def prose_words(paragraphs: list[str], counts: Sequence[int] | None = None) -> int:
    """Words in sentence-length paragraphs: menus, captions and headings alone make no article.
    ``counts``: the paragraphs' ``count_words`` when the caller holds them already (Block.words)."""
    if counts is None:
        counts = [count_words(p) for p in paragraphs]
    return sum(n for n in counts if n >= PROSE_MIN_WORDS)


def _rejection(
    kept: list[str], titles: tuple[str, ...], links: frozenset[str], min_words: int, extracted: list[str],
    declared_article: bool = False, kept_words: Sequence[int] | None = None,
) -> str | None:
    """Why the kept paragraphs make no article, or None; ``kept_words`` their ``count_words``
    (the kept blocks' ``words``), else counted here."""
    if kept_words is None:
        kept_words = [count_words(p) for p in kept]
    if not kept:
        # everything went as teasers: the page was a list of other articles
        return "link-list" if extracted and link_text_share(links, extracted) > MAX_LINK_TEXT_SHARE else "no-text"
    # a page whose markup says it is an article is one: "Story 404 of the gazette" is a headline
    if not declared_article and any(is_error_page(title) for title in titles):
        return "error-page"
    if prose_words(kept, kept_words) < min_words and not (
        declared_article and sum(kept_words) >= min_words * DECLARED_ARTICLE_SHARE
    ):
        return "too-short"
    if link_text_share(links, kept, kept_words) > MAX_LINK_TEXT_SHARE:
        return "link-list"
    return None
