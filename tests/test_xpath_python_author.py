"""trafilatura's author search read off the page itself: the same author, page for page, without
the copy of the page it prunes first, unless the pruning could change the answer."""

from __future__ import annotations

from pathlib import Path

import pytest
from trafilatura import metadata as trafilatura_metadata
from trafilatura.metadata import extract_author

from cleaners import extraction
from cleaners.parsing import parse_html

FIXTURES = Path(__file__).parent / "fixtures"
CRAFTED = {
    "no candidate": "<html><body><article><p>Text of the article, long enough.</p></article></body></html>",
    "a byline": "<html><body><p class='byline'>By Jane Doe</p><p>Text.</p></body></html>",
    "a byline in a discarded block": "<html><body><div class='comments'><span class='author'>Joe Bloggs</span>"
    "</div><p>Text.</p></body></html>",
    # the test ``rel='me'`` reads a child's text: pruning the <time> inside makes it hold
    "a child made 'me' by the pruning": "<html><body><div><rel>me<time>2020</time></rel>Jane Doe</div></body></html>",
    "a detached author element": "<html><body><p>Text.</p><author>Jane Doe</author></body></html>",
    # read off the page without the pruned copy: the pruning would change this byline's text
    "a byline holding a pruned element": "<html><body><p class='byline'>By Jane Doe <time>12 May 2020</time>"
    "</p><p>Text.</p></body></html>",
    # ... and would change this one into one that fits (its long date pruned)
    "a byline that fits only pruned": "<html><body><p class='byline'>Jane Doe<span class='date'>"
    + "Updated on the twelfth of May 2020 at a quarter past ten in the morning, " * 3
    + "</span></p><p>Text.</p></body></html>",
    # ... but not these: a pruned element's tail joins the byline's tail, not its text
    "a pruned element after the byline": "<html><body><p><span class='byline'>Jane Doe</span>"
    "<time>2020</time>, staff writer</p><p>Text.</p></body></html>",
    "a byline in a pruned block, another outside": "<html><body><div class='sidebar'><span class='author'>"
    "Joe Bloggs</span></div><figure><span class='byline'>Photo: Ann</span></figure>"
    "<p class='byline'>By Jane Doe</p><p>Text.</p></body></html>",
}


def _shortcut_author(tree: object) -> str | None:
    extraction.install()
    token = extraction._SHORTCUTS.set(True)
    try:
        return extraction._author_where_found(tree)
    finally:
        extraction._SHORTCUTS.reset(token)


def _pages() -> list[tuple[str, str]]:
    saved = [(p.name, (p / "page.html").read_text(encoding="utf-8")) for p in sorted(FIXTURES.iterdir())
             if (p / "page.html").exists()]
    return [*CRAFTED.items(), *saved]


@pytest.mark.parametrize(("name", "page"), _pages(), ids=[name for name, _ in _pages()])
def test_the_same_author(name: str, page: str) -> None:
    assert _shortcut_author(parse_html(page)) == extract_author(parse_html(page))


def test_the_pruning_case_still_finds_its_author() -> None:
    assert extract_author(parse_html(CRAFTED["a child made 'me' by the pruning"])) is not None


def test_no_copy_where_nothing_could_be_an_author(monkeypatch: pytest.MonkeyPatch) -> None:
    copies = []
    deepcopy = trafilatura_metadata.deepcopy
    monkeypatch.setattr(trafilatura_metadata, "deepcopy", lambda tree: copies.append(1) or deepcopy(tree))
    assert _shortcut_author(parse_html(CRAFTED["no candidate"])) is None
    assert copies == []


@pytest.mark.parametrize(("name", "copied"), [
    ("a byline", False),
    ("a byline in a discarded block", False),
    ("a pruned element after the byline", False),
    ("a byline in a pruned block, another outside", False),
    ("a byline holding a pruned element", True),
    ("a byline that fits only pruned", True),
    ("a child made 'me' by the pruning", True),
])
def test_the_pruned_copy_only_where_the_pruning_could_change_the_author(
    monkeypatch: pytest.MonkeyPatch, name: str, copied: bool
) -> None:
    """The byline read off the page itself (``_author_unpruned``) unless a pruned element lies inside
    it (or a ``<rel>`` child decides a match): the same author either way."""
    expected = extract_author(parse_html(CRAFTED[name]))
    copies = []
    deepcopy = trafilatura_metadata.deepcopy
    monkeypatch.setattr(trafilatura_metadata, "deepcopy", lambda tree: copies.append(1) or deepcopy(tree))
    assert _shortcut_author(parse_html(CRAFTED[name])) == expected
    assert copies == ([1] if copied else [])


def test_other_callers_keep_trafilaturas_author_search(monkeypatch: pytest.MonkeyPatch) -> None:
    extraction.install()
    copies = []
    deepcopy = trafilatura_metadata.deepcopy
    monkeypatch.setattr(trafilatura_metadata, "deepcopy", lambda tree: copies.append(1) or deepcopy(tree))
    assert trafilatura_metadata.extract_author(parse_html(CRAFTED["no candidate"])) is None
    assert copies == [1]
