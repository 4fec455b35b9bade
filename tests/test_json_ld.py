"""cleaners.json_ld: trafilatura's JSON-LD minifying and normalising, the same text made faster."""

from __future__ import annotations

import pytest
from lxml import html
from trafilatura.json_metadata import normalize_json
from trafilatura.metadata import JSON_MINIFY
from trafilatura.metadata import extract_meta_json as trafilatura_extract_meta_json
from trafilatura.settings import Document

from cleaners import json_ld
from cleaners.extraction import extract_document
from cleaners.metadata import headline_clues
from cleaners.pipeline import DATE_PARAMS

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


SCRIPTS_PAGE = (
    "<html><head><title>t</title>"
    '<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle",'
    ' "headline": "The  head", "author": {"@type": "Person", "name": "Ann Lee"}}</script>'
    '<script type="text/javascript">var a = "application/ld+json";</script>'
    "</head><body><h1>The head</h1>"
    '<div><script type="application/settings+json">{"articleSection": "World"}</script></div>'
    + "<p>" + "A sentence of the story, long enough to be kept. " * 20 + "</p>"
    + '<script type="application/ld+json"></script></body></html>'
)


def test_headline_clues_list_the_scripts_the_pass_reads() -> None:
    page = html.fromstring(SCRIPTS_PAGE)
    found = headline_clues(page).json_scripts
    assert len(found) == 3
    assert found == list(json_ld._json_scripts(page))


def test_the_extraction_reads_the_same_metadata_from_the_scripts_given() -> None:
    walked = extract_document(html.fromstring(SCRIPTS_PAGE), "https://example.com/a", DATE_PARAMS)
    page = html.fromstring(SCRIPTS_PAGE)
    given = extract_document(page, "https://example.com/a", DATE_PARAMS, json_scripts=headline_clues(page).json_scripts)
    assert walked is not None and given is not None
    assert given.author == walked.author == "Ann Lee"
    for name in ("title", "categories", "sitename", "pagetype", "url", "description", "tags", "date"):
        assert getattr(given, name) == getattr(walked, name)


def test_an_html_escaped_script_gives_whole_names_where_trafilatura_splits_them() -> None:
    """A CMS that HTML-escapes its JSON-LD: trafilatura reads the reference's ';' as a separator
    between authors (and keeps '&oacute;' in a headline); the pass reads the characters."""
    page = html.fromstring(
        '<html><head><script type="application/ld+json">{"@context": "https://schema.org",'
        ' "@type": "NewsArticle", "headline": "La opini&oacute;n de Ana &#8212; hoy",'
        ' "author": {"@type": "Person", "name": "Luc&iacute;a G&oacute;mez"}}</script></head>'
        "<body><p>text</p></body></html>"
    )
    theirs = trafilatura_extract_meta_json(page, Document())
    ours = json_ld.extract_meta_json(page, Document())

    assert theirs.author != "Lucía Gómez"  # split at the references' semicolons
    assert ours.author == "Lucía Gómez"
    assert ours.title == "La opinión de Ana — hoy"


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ('{"a": "Redacci&oacute;n &amp; Co"}', '{"a": "Redacción & Co"}'),
        ('{"a": "&#243;&#xF3;"}', '{"a": "óó"}'),
        # a quote, a backslash or a control character would change the JSON: left as they are
        *[(text, text) for text in ['{"a": "say &quot;hi&quot; &#34; &#x5C; &#92; &#10;"}']],
        # no reference: left
        ('{"a": "&nosuch; & fish &amp"}', '{"a": "&nosuch; & fish &amp"}'),
    ],
)
def test_references_are_read_unless_they_would_change_the_json(text: str, read: str) -> None:
    assert json_ld.references_read(text) == read
