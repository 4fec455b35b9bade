"""split3: trafilatura's baseline fallback gives a page's whole <article> as ONE paragraph (its
dateline, headline, an ad label between paragraphs all run into one line), so no line rule could
judge the junk inside it. The block is cut again at the source's own block boundaries
(cleaners/split_body.py: recut_fallback), and only the cuts change."""

from __future__ import annotations

from lxml import etree, html

from cleaners.blocks import Block
from cleaners.pipeline import clean_html
from cleaners.split_body import cut_at_lines, fallback_lines, is_fallback_body, recut_fallback, source_lines

URL = "https://news.example.org/2024/05/harbour"
STORY = [
    "The harbour authority confirmed on Monday that ferry fares will rise by eight percent from June, the third "
    "increase in two years, citing fuel costs and the renewal of the ageing fleet that serves the island routes.",
    "Commuters who cross daily said the change would add more than forty pounds a month to their travel costs, and "
    "several councillors called for a discount scheme for residents of the outer islands.",
    "The authority said the new vessels, due in autumn, would cut crossing times by a quarter and reduce emissions, "
    "and that the fares would be reviewed again once they were in service next year.",
]


def _page(junk: str = "<div>Sponsored</div>", wrap_in_menu: bool = True) -> bytes:
    """A WordPress-like page; ``wrap_in_menu``: the article sits inside an unclosed menu item (a
    real template bug), so trafilatura's extraction prunes it with the navigation and its
    baseline fallback takes the <article>'s text whole."""
    article = (
        '<article class="post"><p class="meta">Published: <time datetime="2024-05-02">2 May 2024</time></p>'
        "<h1>Harbour ferry fares rise again</h1>"
        f'<div class="entry"><span>{STORY[0]}</span><br><br><span>{STORY[1]}</span><br><br>\n{junk}\n'
        f"<span>{STORY[2]}</span></div></article>"
    )
    if wrap_in_menu:
        article = (
            f'<header><nav><ul><li><a href="/">Home</a><div class="sub-menu">{article}</div></li></ul></nav></header>'
        )
    else:
        article = f"<main>{article}</main>"
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Harbour ferry fares rise again</title>'
        f"</head><body>{article}</body></html>"
    ).encode()


def test_junk_line_inside_a_fallback_article_is_judged_on_its_own() -> None:
    """Failed before the fix: the output was one line holding 'Published: 2 May 2024', the
    headline, the story and 'Sponsored' between its paragraphs."""
    article = clean_html(_page(), URL)
    assert article is not None and article.text
    assert "Sponsored" not in article.text
    for paragraph in STORY[1:]:
        assert paragraph in article.text.split("\n")


def test_page_trafilatura_reads_normally_is_unchanged() -> None:
    """The same article outside the broken menu: trafilatura's own extraction, no fallback, the
    same text as before (the cut never runs)."""
    article = clean_html(_page(wrap_in_menu=False), URL)
    assert article is not None
    assert article.text.split("\n") == STORY


def test_cut_keeps_every_word_in_order() -> None:
    text = "Published: 2 May 2024 Headline here First paragraph of the story. Sponsored Second paragraph."
    lines = ["Published: 2 May 2024", "Headline here", "First paragraph of the story.", "Sponsored",
             "Second paragraph."]
    assert cut_at_lines(text, lines) == lines
    # a line missing from the text (cleaned away) is skipped; the rest is cut as before
    assert cut_at_lines(text, ["Published: 2 May 2024", "Not on the page", "Headline here"]) == [
        "Published: 2 May 2024", "Headline here", "First paragraph of the story. Sponsored Second paragraph."]


def test_cut_never_splits_a_word() -> None:
    """'Spons' is a line of the source but only part of a word in the text: no cut there."""
    text = "Sponsored content follows here"
    assert cut_at_lines(text, ["Spons", "ored content follows here"]) == [text]


def test_source_lines_follow_block_tags_not_source_newlines() -> None:
    element = html.fromstring(
        "<article><p>Published:\n  <time>2 May\n 2024</time></p><div>One<br>Two<span> and a half</span></div>"
        "<aside>Not read</aside></article>"
    )
    assert source_lines(element) == ["Published: 2 May 2024", "One", "Two and a half"]


def test_a_page_printing_the_cut_mark_is_not_cut() -> None:
    element = html.fromstring("<article><p>A \ufdd0 B</p><p>C</p></article>")
    assert source_lines(element) == []


def _body(*texts: str) -> etree._Element:
    body = etree.Element("body")
    for text in texts:
        etree.SubElement(body, "p").text = text
    return body


def test_only_the_baseline_shape_is_a_fallback_body() -> None:
    long = " ".join(["word"] * 90)
    assert is_fallback_body(_body(long))
    assert not is_fallback_body(_body("short"))
    assert not is_fallback_body(_body(long, long, long, long))  # many paragraphs: a normal extraction
    body = _body(long)
    etree.SubElement(body, "head").text = "A heading"
    assert not is_fallback_body(body)


def test_recut_leaves_a_paragraph_no_article_holds() -> None:
    """A long paragraph that is no <article>'s whole text (a real long paragraph) stays one block."""
    tree = html.fromstring(f"<html><body><article><p>{STORY[0]}</p><p>{STORY[1]}</p></article></body></html>")
    text = " ".join(["other"] * 90)
    blocks = [Block(text, "p", None, 90)]
    assert fallback_lines(tree, text) is None
    assert recut_fallback(blocks, _body(text), tree) == blocks



def test_header_before_the_first_paragraph_stays_one_line() -> None:
    """Only the body is cut: the dateline and headline before the first paragraph of prose stay
    with it (as the fallback gave them); the ad label between paragraphs is cut out."""
    blocks = recut_fallback([Block(FALLBACK_TEXT, "p", None, 120)], _body(FALLBACK_TEXT), html.fromstring(_page()))
    assert [b.text for b in blocks] == [
        f"Published: 2 May 2024 Harbour ferry fares rise again {STORY[0]}", STORY[1], "Sponsored", STORY[2]]


FALLBACK_TEXT = f"Published: 2 May 2024 Harbour ferry fares rise again {STORY[0]} {STORY[1]} Sponsored {STORY[2]}"
