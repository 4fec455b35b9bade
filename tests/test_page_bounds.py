"""Hostile pages made at test time: metadata lists read in linear time and capped, markup that
would cost minutes or a traceback rejected with a counted reason, junk image sources dropped.

Timings compare ratios (twice the input must cost about twice, not four times), never absolute
wall-clock beyond generous bounds: the machine running the tests may be loaded."""

from __future__ import annotations

import json
import time
from collections.abc import Callable

from cleaners import clean_html
from cleaners.metadata import MAX_AUTHORS, MAX_TAGS, clean_authors, split_list
from cleaners.page_bounds import MAX_ARTICLE_CHARS, MAX_DEPTH, MAX_META_ELEMENTS, MAX_TAG_ATTRIBUTES, tree_rejection
from cleaners.parsing import parse_html

PROSE = (
    "The council met on Tuesday evening to discuss the new budget for the harbour district, "
    "which has been delayed twice this year because of disagreements over the cost of dredging."
)
ARTICLE = "".join(f"<p>{PROSE} Paragraph {i}.</p>" for i in range(6))
URL = "https://news.example.com/harbour"


def _best_time(fn: Callable[[], object], repeats: int = 3) -> float:
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def _grows_linearly(make: Callable[[int], Callable[[], object]], small: int) -> tuple[bool, float, float]:
    """Time for 4x the input against 1x: about 4 when linear, 16 when quadratic."""
    t_small = _best_time(make(small))
    t_large = _best_time(make(4 * small))
    return t_large < 8 * t_small + 0.05, t_small, t_large


def _names(n: int) -> list[str]:
    """``n`` distinct person-like names (no digits: digits make a byline part no name)."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    return [f"Jane {letters[i % 26].upper()}{letters[i // 26 % 26]}{letters[i // 676 % 26]}{letters[i // 17576]}"
            for i in range(n)]


def test_split_list_is_linear_and_keeps_order() -> None:
    assert split_list(["b", "a", "b", "c", "a"], limit=10) == ["b", "a", "c"]
    assert split_list("x, y;x | z", ",") == ["x", "y", "z"]
    items = [f"tag{i}" for i in range(40_000)]
    linear, small, large = _grows_linearly(lambda n: lambda: split_list(items[:n], limit=n), 10_000)
    assert linear, f"10k items {small:.3f}s, 40k items {large:.3f}s"


def test_tags_and_authors_are_capped_in_page_order() -> None:
    tags = split_list([f"tag{i}" for i in range(200_000)])
    assert tags == [f"tag{i}" for i in range(MAX_TAGS)]
    names = _names(200_000)
    start = time.perf_counter()
    authors = clean_authors(names)
    assert time.perf_counter() - start < 10
    assert authors == names[:MAX_AUTHORS]


def test_a_page_with_200k_json_ld_authors_and_tag_metas_is_cleaned_quickly() -> None:
    ld = json.dumps({"@type": "NewsArticle", "author": [{"@type": "Person", "name": n} for n in _names(200_000)]})
    metas = "".join(f'<meta property="article:tag" content="tag{i}">' for i in range(50_000))
    page = (
        f'<html><head>{metas}<script type="application/ld+json">{ld}</script></head>'
        f"<body><article>{ARTICLE}</article></body></html>"
    )
    start = time.perf_counter()
    article = clean_html(page, URL)
    assert time.perf_counter() - start < 30  # minutes before: 200k authors, each checked against all
    assert article.rejected is None
    assert len(article.tags) <= MAX_TAGS and len(article.authors) <= MAX_AUTHORS


def test_a_tag_with_too_many_attributes_is_rejected_before_parsing() -> None:
    attributes = " ".join(f'data-a{i}="v{i}"' for i in range(300_000))
    start = time.perf_counter()
    article = clean_html(f"<html><body><article {attributes}>{ARTICLE}</article></body></html>", URL)
    assert time.perf_counter() - start < 30  # libxml2 checks each attribute against the others
    assert article.rejected == "too-large"
    # a normal number of attributes is still a normal page
    some = " ".join(f'data-a{i}="v{i}"' for i in range(MAX_TAG_ATTRIBUTES // 2))
    assert clean_html(f"<html><body><article {some}>{ARTICLE}</article></body></html>", URL).rejected is None


def test_a_million_unclosed_paragraphs_are_rejected_not_parsed() -> None:
    start = time.perf_counter()
    article = clean_html("<html><body>" + "<p>word " * 1_000_000 + "</body></html>", URL)
    assert time.perf_counter() - start < 30  # 46 s and 2.1 GB before
    assert article.rejected == "too-large"


def test_twenty_thousand_paragraphs_are_too_large_for_the_text_rules() -> None:
    # under the tag bound, over the block bound: rejected before the rules run on each block
    article = clean_html("<html><body>" + "<p>Some words here" * 20_000 + "</body></html>", URL)
    assert article.rejected == "too-large"


def test_deep_nesting_is_a_counted_rejection_not_a_recursion_error() -> None:
    for depth in (2_000, 30_000):
        page = f"<html><body><article>{ARTICLE}" + "<ul><li>x" * depth + "</article></body></html>"
        assert clean_html(page, URL).rejected == "too-deep"
    # nesting just under the bound is cleaned as a page
    under = (MAX_DEPTH - 10) // 2
    page = f"<html><body><article>{ARTICLE}" + "<ul><li>x" * under + "</article></body></html>"
    assert clean_html(page, URL).rejected != "too-deep"


def test_an_absurd_line_of_words_is_not_written_as_an_article() -> None:
    words = "wordy " * (MAX_ARTICLE_CHARS // 5)
    article = clean_html(f"<html><body><article><p>{words}</p>{ARTICLE}</article></body></html>", URL)
    assert article.rejected == "too-large" and article.text == ""
    # one long 'word' too
    blob = "x" * (MAX_ARTICLE_CHARS + 1)
    page = f"<html><body><article>{ARTICLE}<p>{blob}</p></article></body></html>"
    assert clean_html(page, URL).rejected == "too-large"


def test_junk_image_sources_are_not_kept() -> None:
    figures = (
        '<figure><img src="javascript:alert(1)"><figcaption>Script</figcaption></figure>'
        '<figure><img src=" JaVa\tScript:alert(2)"><figcaption>Script again</figcaption></figure>'
        '<figure><img src="data:image/gif;base64,R0lGOD"><figcaption>Pixel</figcaption></figure>'
        '<figure><img src="javascript:void(0)" data-src="/img/lazy.jpg"><figcaption>Lazy</figcaption></figure>'
        '<figure><img src="/img/harbour.jpg"><figcaption>The harbour</figcaption></figure>'
        '<figure><img srcset=","><figcaption>Empty srcset</figcaption></figure>'
    )
    article = clean_html(f"<html><body><article>{ARTICLE}{figures}</article></body></html>", URL)
    assert [image["src"] for image in article.images] == [
        "https://news.example.com/img/lazy.jpg", "https://news.example.com/img/harbour.jpg",
    ]


def test_the_attribute_bound_is_more_than_its_number() -> None:
    from cleaners.page_bounds import MAX_TAG_ATTRIBUTES, has_crowded_tag

    def tag(count: int) -> str:
        return "<div " + " ".join(f"a{i}=1" for i in range(count)) + "></div>"

    assert not has_crowded_tag(tag(MAX_TAG_ATTRIBUTES))
    assert has_crowded_tag(tag(MAX_TAG_ATTRIBUTES + 1))


def test_metas_past_the_bound_go_where_the_page_text_counts_them_and_only_there() -> None:
    metas = "".join(f'<meta name="m{i}" content="x">' for i in range(MAX_META_ELEMENTS + 100))
    for written, left in ((metas, MAX_META_ELEMENTS), (metas.replace("<meta", "<mEta"), MAX_META_ELEMENTS + 100)):
        page = f"<html><head>{written}</head><body><p>Text</p></body></html>"
        tree = parse_html(page)
        assert tree_rejection(tree, page) is None
        assert len(tree.findall(".//meta")) == left
