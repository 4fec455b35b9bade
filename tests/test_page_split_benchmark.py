"""benchmarks/page_split.py: how a dev-set page's kind is told, and the per-group scores."""

from __future__ import annotations

from benchmarks.page_split import OURS, THEIRS, page_kind, split_rows
from cleaners.parsing import parse_html
from output.benchmark_sets import Dataset


def _kind(head: str, url: str) -> str:
    return page_kind(parse_html(f"<html><head>{head}</head><body><p>text</p></body></html>"), url)


def test_declared_types_come_before_the_address():
    product = "<script type='application/ld+json'>{\"@type\": \"Product\"}</script>"
    assert _kind(product, "https://example.org/news/2020/01/02/x") == "product"
    forum = "<script type='application/ld+json'>{\"@type\": [\"WebPage\", \"QAPage\"]}</script>"
    assert _kind(forum, "https://example.org/a") == "forum"


def test_the_address_tells_the_rest():
    assert _kind("", "https://example.org/forum/thread-12") == "forum"
    assert _kind("", "https://docs.example.org/docs/install") == "docs"
    assert _kind("", "https://example.org/tag/ferries") == "list"
    assert _kind("<meta name='generator' content='WordPress 6.1'>", "https://example.org/a-post") == "blog"
    assert _kind("<meta property='og:type' content='article'>", "https://example.org/x") == "news"
    assert _kind("", "https://example.org/2020/01/ferry") == "news"
    assert _kind("", "https://example.org/ueber-uns") == "page"


def test_groups_score_as_the_set_and_flag_a_loss():
    truth = {"a": {"with": ["alpha beta"], "without": ["menu"]}, "b": {"with": ["gamma"], "without": []}}
    dataset = Dataset("t", None, "snippets", {"a": "u", "b": "v"}, truth)  # type: ignore[arg-type]
    texts = {OURS: {"a": "alpha beta", "b": ""}, THEIRS: {"a": "alpha beta menu", "b": "gamma"}}
    rows = split_rows(dataset, texts, {"a": "news", "b": "forum"})
    assert [r["group"] for r in rows] == ["forum", "news", "all"]
    forum, news, everything = rows
    assert forum[OURS][0] == 0.0 and forum[THEIRS][0] == 1.0 and forum["lead"] == -1.0
    assert news[OURS][1] == 1.0 and news[THEIRS][1] == 0.5
    assert everything[OURS][2] == 0.5
