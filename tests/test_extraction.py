"""cleaners.extraction: readability runs only on the pages where its text could be chosen."""

from __future__ import annotations

from copy import copy

import pytest
import trafilatura
from lxml import etree
from trafilatura import external
from trafilatura.utils import trim
from trafilatura.xml import xmltotxt

from cleaners import extraction
from cleaners.parsing import parse_html
from cleaners.pipeline import DATE_PARAMS, clean_html

SENTENCE = "The committee met on Tuesday to discuss the new budget for the harbour works and the ferry service. "
# trafilatura's own extractor keeps the short <main> and one paragraph (it skips the repeated ones
# after it); readability takes the <section>, more than twice as long: only the second opinion finds it
ONLY_READABILITY_FINDS = (
    "<html><body><main><p>Only a short teaser line in main here.</p></main><section>"
    + "".join(f"<p>{SENTENCE * 3}</p>" for _ in range(6))
    + "</section></body></html>"
)


def _paragraphs(n: int) -> str:
    return "".join(
        f"<p>On day {i} of the hearing the committee went through item {i} of the harbour budget, and "
        f"members asked why the ferry costs rose by {i * 3} percent while crossings fell.</p>"
        for i in range(n)
    )


# the article is most of the page's text: readability cannot return twice as much
ARTICLE_IS_THE_PAGE = (
    "<html><head><title>Harbour budget</title></head><body><nav><a href='/'>Home</a></nav>"
    f"<article><h1>Harbour budget</h1>{_paragraphs(8)}</article></body></html>"
)


@pytest.fixture
def readability_calls(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many elements each readability run was given (0 or 3 for the empty stand-in page)."""
    calls: list[int] = []
    real = external.try_readability

    def spy(tree: etree._Element) -> etree._Element:
        calls.append(sum(1 for _ in tree.iter()))
        return real(tree)

    monkeypatch.setattr(external, "try_readability", spy)
    return calls


def _text(page: str, **kwargs: object) -> str:
    document = extraction.extract_document(parse_html(page), "https://example.com/a", DATE_PARAMS, **kwargs)
    return xmltotxt(document.body, False) if document is not None else ""


def test_text_only_readability_finds_is_still_extracted(readability_calls: list[int]) -> None:
    fast = trafilatura.bare_extraction(ONLY_READABILITY_FINDS, fast=True, include_comments=False)
    assert fast.text.count(SENTENCE.strip()) <= 3  # the premise: trafilatura alone misses most
    assert _text(ONLY_READABILITY_FINDS).count(SENTENCE.strip()) == 18
    assert max(readability_calls) > 10  # readability ran on the real page


def test_readability_skipped_where_it_cannot_win(readability_calls: list[int]) -> None:
    shortcut = _text(ARTICLE_IS_THE_PAGE)
    assert readability_calls and max(readability_calls) <= 3  # only the empty stand-in page
    readability_calls.clear()
    assert _text(ARTICLE_IS_THE_PAGE, shortcut=False) == shortcut  # same result as the full comparison
    assert max(readability_calls) > 10


def test_other_callers_of_trafilatura_keep_readability(readability_calls: list[int]) -> None:
    extraction.install()
    trafilatura.bare_extraction(ARTICLE_IS_THE_PAGE, include_comments=False)
    assert max(readability_calls) > 10


def test_clean_html_keeps_the_shortcut_result(readability_calls: list[int]) -> None:
    article = clean_html(ARTICLE_IS_THE_PAGE, "https://example.com/news/harbour")
    assert article.rejected is None and "item 7 of the harbour budget" in article.text
    assert max(readability_calls) <= 3


@pytest.mark.parametrize(
    "page",
    [
        ONLY_READABILITY_FINDS,
        ARTICLE_IS_THE_PAGE,
        # readability writes VIDEO into the video iframes it keeps: text the page does not have
        "<html><body><div class='post'><p>Watch.</p>"
        + "".join(f'<iframe src="https://www.youtube.com/embed/{i}"></iframe>' for i in range(40))
        + "</div></body></html>",
        # whitespace between nodes, entities, a script and a style readability drops
        "<html><head><style>p{color:red}</style></head><body><script>var x = 'long script text';</script>"
        "<div>  a &amp; b  </div>\n\n<div>c&nbsp;d</div><p>e <b>f</b>g</p></body></html>",
    ],
)
def test_bound_is_never_below_readability(page: str) -> None:
    tree = parse_html(page)
    out = external.try_readability(copy(tree))
    bound = extraction.readability_bound(tree)
    assert len(trim(etree.tostring(out, method="text", encoding="utf-8").decode("utf-8"))) <= bound


LICENCE_LINK = "<a rel='license' href='https://creativecommons.org/licenses/by/4.0/'>CC BY</a>"
LICENSED = ARTICLE_IS_THE_PAGE.replace("</article>", f"</article><footer>{LICENCE_LINK}</footer>")


def test_the_licence_nobody_reads_is_not_looked_for() -> None:
    assert trafilatura.bare_extraction(LICENSED, with_metadata=True).license  # other callers: found
    document = extraction.extract_document(parse_html(LICENSED), "https://example.com/a", DATE_PARAMS)
    assert document.license is None and "item 7 of the harbour budget" in xmltotxt(document.body, False)
    full = extraction.extract_document(parse_html(LICENSED), "https://example.com/a", DATE_PARAMS, shortcut=False)
    assert full.license


def test_the_bound_leaves_the_page_as_it_was() -> None:
    # counted on trafilatura's own tree, which its baseline and recall retry read afterwards
    page = "<html><head><script>var a = 1;</script><style>p {}</style></head><body><p>Text</p></body></html>"
    tree = parse_html(page)
    before = etree.tostring(tree)
    assert extraction.readability_bound(tree) == len("Text")
    assert etree.tostring(tree) == before


def test_the_text_rendering_nobody_reads_is_left_out() -> None:
    # cleaners.blocks renders the body itself; other callers keep trafilatura's text
    assert "item 7 of the harbour budget" in trafilatura.bare_extraction(ARTICLE_IS_THE_PAGE).text
    assert extraction.extract_document(parse_html(ARTICLE_IS_THE_PAGE), None, DATE_PARAMS).text == ""
    full = extraction.extract_document(parse_html(ARTICLE_IS_THE_PAGE), None, DATE_PARAMS, shortcut=False)
    assert "item 7 of the harbour budget" in full.text


@pytest.fixture
def page_measures(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The length of each page text html2txt measured for trafilatura's recall-retry test."""
    extraction.install()  # first, so that its check of trafilatura's code sees the real html2txt
    measured: list[int] = []
    real = extraction.html2txt

    def spy(tree: etree._Element, clean: bool = True) -> str:
        text = real(tree, clean)
        measured.append(len(text))
        return text

    monkeypatch.setattr(extraction, "html2txt", spy)
    return measured


# a short article (under 3,000 characters: trafilatura measures the page) in a page with five
# times its text in boxes around it: the bound cannot settle it, the page is measured
MENU = "<div class='menu'>" + "".join(
    f"<div><span>Section {i} of the harbour site with its long description of the works</span></div>"
    for i in range(80)
) + "</div>"
ARTICLE_IN_A_LARGER_PAGE = ARTICLE_IS_THE_PAGE.replace("<nav>", MENU + "<nav>")


def test_the_page_measure_is_not_taken_where_the_bound_settles_it(page_measures: list[int]) -> None:
    shortcut = _text(ARTICLE_IS_THE_PAGE)
    assert page_measures == []
    assert _text(ARTICLE_IS_THE_PAGE, shortcut=False) == shortcut  # measured, and the same result
    assert len(page_measures) == 1 and page_measures[0] < 5 * len(shortcut)


def test_the_kept_text_settles_a_page_where_the_article_is_a_small_share(page_measures: list[int]) -> None:
    # the bound cannot settle it; the text basic_cleaning would leave is five times the article's
    shortcut = _text(ARTICLE_IN_A_LARGER_PAGE)
    assert page_measures == []
    assert _text(ARTICLE_IN_A_LARGER_PAGE, shortcut=False) == shortcut  # measured, and the same result
    assert len(page_measures) == 1 and page_measures[0] > 5 * len(shortcut)


def test_the_page_measure_is_taken_where_neither_bound_settles_it(page_measures: list[int]) -> None:
    # a character html2txt drops where it spaces its blocks (unprintable): the kept text bounds nothing
    page = ARTICLE_IN_A_LARGER_PAGE.replace("Section 1 ", "Section\u200b1 ")
    shortcut = _text(page)
    assert len(page_measures) == 1 and page_measures[0] > 5 * len(shortcut)
    assert _text(page, shortcut=False) == shortcut


def test_other_callers_of_trafilatura_measure_the_page(page_measures: list[int]) -> None:
    trafilatura.bare_extraction(ARTICLE_IS_THE_PAGE, include_comments=False)
    assert len(page_measures) == 1
