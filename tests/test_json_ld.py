"""cleaners.json_ld: trafilatura's JSON-LD minifying and normalising, the same text made faster."""

from __future__ import annotations

import pytest
from lxml import html
from trafilatura.json_metadata import normalize_json
from trafilatura.metadata import JSON_MINIFY
from trafilatura.metadata import extract_meta_json as trafilatura_extract_meta_json
from trafilatura.settings import Document

from cleaners import json_ld

SCRIPTS = [
    '{"a": "b c",\n  "d" : [1, 2]}',
    '{"quote": "say \\"hi there\\"", "x":\t1}',
    '{"open": "never closed  , "y" : 2}',
    '{"escaped newline": "a\\\nb", "z": 3 }',
    '\u00a0{"nbsp":\u2003"em space"}\u3000',
    '"" "" " "  "\\\\" x',
    '{"slash": "a\\\\", "b": "c d"}',
    "no strings at all\r\n\f\v",
    '{"u": "\\ud83d\\ude00 \\ud800 alone", "t": "<b>bold</b>\\n\\tx"}',
    "",
]


def test_the_pattern_is_trafilaturas() -> None:
    assert JSON_MINIFY.pattern == json_ld.MINIFY_PATTERN


@pytest.mark.parametrize("text", SCRIPTS)
def test_minified_is_trafilaturas_substitution(text: str) -> None:
    assert json_ld.minified(text) == JSON_MINIFY.sub(r"\1", text)


@pytest.mark.parametrize("text", SCRIPTS)
def test_normalized_is_trafilaturas(text: str) -> None:
    assert json_ld.normalized(text) == normalize_json(text)


def test_the_same_metadata_from_the_same_scripts() -> None:
    page = html.fromstring(
        "<html><head>"
        '<script type="application/ld+json">{"@context": "https://schema.org",\n'
        ' "@type": "NewsArticle", "headline": "A  head",\n'
        ' "author": {"@type": "Person", "name": "Ann Lee"}, "articleSection": "World"}</script>'
        '<script type="text/javascript">var x = 1;</script>'
        '<script type="application/settings+json">{"broken": </script>'
        '<script type="application/ld+json"></script>'
        "</head><body><p>text</p></body></html>"
    )
    ours, theirs = json_ld.extract_meta_json(page, Document()), trafilatura_extract_meta_json(page, Document())
    fields = ("title", "author", "categories", "sitename", "pagetype", "url", "description", "tags")
    assert [getattr(ours, name) for name in fields] == [getattr(theirs, name) for name in fields]
    assert ours.author == "Ann Lee" and ours.categories == ["World"]
