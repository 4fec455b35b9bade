"""Pages that come out with too little text: a short post that says it is an article is one; a
first extraction that settles on a stray box gets a second, recall-minded one."""

from __future__ import annotations

import pytest

from cleaners import clean_html, pipeline
from cleaners.parsing import parse_html

SHORT_POST = "The lamp by the door went out tonight, and nobody minded the dark for once."  # 15 words


def short_page(head: str = "") -> str:
    return f"<html><head><title>Tonight</title>{head}</head><body><article><p>{SHORT_POST}</p></article></body></html>"


def test_a_short_post_is_too_short_unless_the_page_says_it_is_an_article() -> None:
    assert clean_html(short_page()).rejected == "too-short"
    og = clean_html(short_page('<meta property="og:type" content="article">'))
    assert og.rejected is None and og.text == SHORT_POST
    ld = '<script type="application/ld+json">{"@context": "https://schema.org", "@type": "BlogPosting"}</script>'
    assert clean_html(short_page(ld)).rejected is None
    website = clean_html(short_page('<meta property="og:type" content="website">'))
    assert website.rejected == "too-short"


def test_a_declared_article_still_needs_a_share_of_min_words() -> None:
    page = short_page('<meta property="og:type" content="article">')
    assert clean_html(page, min_words=100).rejected == "too-short"  # 15 < 40% of 100
    assert clean_html(page, min_words=30).rejected is None  # 15 >= 12


STORY = " ".join(
    f"The harbour council voted to extend the ferry timetable into winter, point {i}, after residents asked for it."
    for i in range(12)
)
STRAY = "<html><body><div><p>Your daily harbour news.</p></div></body></html>"
PAGE = (
    "<html><head><title>Ferry</title></head><body><p>Your daily harbour news.</p>"
    f"<article><p>{STORY}</p></article></body></html>"
)


@pytest.fixture
def first_pass_misses(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """trafilatura's balanced pass sees only a stray line (as it does when the article sits in
    markup it distrusts); its recall pass sees the page."""
    calls: list[bool] = []
    real = pipeline.extract_document

    def extraction(tree, url, params, *, favor_recall: bool = False, json_scripts=None):  # type: ignore[no-untyped-def]
        calls.append(favor_recall)
        if not favor_recall:
            return real(parse_html(STRAY), url, params)  # another tree: not the page's scripts
        return real(tree, url, params, favor_recall=True, json_scripts=json_scripts)

    monkeypatch.setattr(pipeline, "extract_document", extraction)
    return calls


def test_a_first_pass_on_a_stray_box_is_retried_in_recall_mode(first_pass_misses: list[bool]) -> None:
    article = clean_html(PAGE, "https://example.org/news/ferry")
    assert first_pass_misses == [False, True]
    assert article.rejected is None
    assert "point 11" in article.text and "daily harbour news" not in article.text


def test_an_article_found_at_once_is_extracted_once(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[bool] = []
    real = pipeline.extract_document

    def extraction(tree, url, params, *, favor_recall: bool = False, json_scripts=None):  # type: ignore[no-untyped-def]
        calls.append(favor_recall)
        return real(tree, url, params, favor_recall=favor_recall, json_scripts=json_scripts)

    monkeypatch.setattr(pipeline, "extract_document", extraction)
    assert clean_html(PAGE, "https://example.org/news/ferry").rejected is None
    assert calls == [False]


def test_a_retry_that_finds_no_article_either_keeps_the_first_reason(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[bool] = []
    real = pipeline.extract_document

    def extraction(tree, url, params, *, favor_recall: bool = False, json_scripts=None):  # type: ignore[no-untyped-def]
        calls.append(favor_recall)
        return real(parse_html(STRAY), url, params, favor_recall=favor_recall)  # another tree: not its scripts

    monkeypatch.setattr(pipeline, "extract_document", extraction)
    article = clean_html(PAGE, "https://example.org/news/ferry")
    assert calls == [False, True]
    assert article.rejected == "too-short" and article.text == ""
