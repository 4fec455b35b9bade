"""Tell pages that are not articles apart: error pages and lists of links to other pages."""

from __future__ import annotations

import re
from collections.abc import Sequence

from lxml import etree

from cleaners.words import count_words

# A bare 404/410 says "error" at the title's start, after "error"/"HTTP", or set off by a separator
# ("Gazette | 404", "Oops! 404"); inside a headline's words ("Highway 404 closed") it is a name.
_ERROR_TITLE = re.compile(
    r"(?i)(?:^\W*|\b(?:error|erreur|fehler|errore|http)\W*|[|–—:!(\[·•]\s*|\s-\s*)(?:404|410)(?:\W|$)|page\s+(?:not\s+found|introuvable)|not\s+found\s*$"
    r"|seite\s+nicht\s+gefunden|p[áa]gina\s+(?:no\s+encontrada|n[ãa]o\s+encontrada)|pagina\s+non\s+trovata"
)
_LINKS = etree.XPath("//a")
_OG_TYPE = etree.XPath("//meta[@property='og:type' or @name='og:type']/@content", smart_strings=False)
# schema.org's article types (Article, NewsArticle, BlogPosting, ReportageNewsArticle, ScholarlyArticle...)
_LD_ARTICLE_TYPE = re.compile(
    r'"@type"\s*:\s*(?:\[[^\]]*)?"(?:\w*Article|BlogPosting|LiveBlogPosting|SocialMediaPosting)"'
)
# When most of what is left after cleaning is the text of links, the page is an index, a
# section front or a tag page: a list of other articles, not one.
MAX_LINK_TEXT_SHARE = 0.5


def is_error_page(title: str | None) -> bool:
    """A soft-404: the server said 200, the page says 'not found'."""
    return bool(title) and _ERROR_TITLE.search(title) is not None


def declares_article(tree: etree._Element, json_ld: Sequence[str]) -> bool:
    """The page says it is one article: ``og:type`` ``article``, or a schema.org article type
    in its JSON-LD scripts' texts (``json_ld``: ``cleaners.metadata.HeadlineClues.json_ld``).
    Section fronts, galleries, search and error pages say ``website`` or nothing."""
    if any(value.strip().lower().startswith("article") for value in _OG_TYPE(tree)):
        return True
    return any(_LD_ARTICLE_TYPE.search(script) for script in json_ld)


def link_texts(tree: etree._Element) -> frozenset[str]:
    """The whitespace-normalised text of every link on the page."""
    texts = {" ".join(" ".join(a.itertext()).split()) for a in _LINKS(tree)}
    texts.discard("")
    return frozenset(texts)


def page_titles(tree: etree._Element, extracted_title: str | None) -> tuple[str, ...]:
    """The headline in the forms a page gives it: trafilatura's pick, <title>, the first <h1>."""
    h1 = tree.find(".//h1")
    candidates = (extracted_title, tree.findtext(".//title"), " ".join(h1.itertext()) if h1 is not None else None)
    return tuple(dict.fromkeys(" ".join(c.split()) for c in candidates if c and c.strip()))


def link_text_share(links: frozenset[str], paragraphs: Sequence[str], counts: Sequence[int] | None = None) -> float:
    """Share of the words in ``paragraphs`` that are whole link texts of the page; ``counts`` the
    paragraphs' ``count_words`` when the caller holds them already."""
    total = linked = 0
    for i, paragraph in enumerate(paragraphs):
        words = count_words(paragraph) if counts is None else counts[i]
        total += words
        text = paragraph[2:] if paragraph.startswith(("- ", "• ")) else paragraph
        if " ".join(text.split()) in links:
            linked += words
    return linked / total if total else 0.0
