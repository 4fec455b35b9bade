"""Where each removed block stood (``at``): what the review needs to show a cut in place."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cleaners import clean_html
from output.record import make_record, strip_positions

FIXTURES = Path(__file__).resolve().parent / "fixtures"
FIRST = "The ferry service to the islands will run twice a day through the winter, the operator said on Monday."
SECOND = "The operator said fares would rise by five percent next spring for all passengers on every route."
THIRD = "Islanders welcomed the news but asked for an earlier morning sailing on weekdays and at weekends."


def page(before: str = "", middle: str = "", after: str = "", head: str = "") -> str:
    return (
        f"<html><head><title>Ferries</title>{head}</head><body>{before}<article><p>{FIRST}</p>{middle}"
        f"<p>Advertisement</p><p>{SECOND}</p><p>{THIRD}</p>{after}</article></body></html>"
    )


def where(article, rule: str) -> str:
    """The kept text from the block of ``rule`` on: what follows it on screen."""
    block = next(b for b in article.removed if b.rule_id == rule)
    return article.text[block.at :]


def test_dom_and_text_blocks_stand_before_the_paragraph_they_preceded() -> None:
    article = clean_html(
        page(middle='<div class="sharedaddy">Share this on Facebook</div>',
             after='<div class="related-posts"><a href="/x">More about ferries</a></div>'),
        "https://e.example/a",
    )
    assert article.text == "\n".join([FIRST, SECOND, THIRD])
    assert where(article, "dom.share-bars").startswith(SECOND)
    assert where(article, "ads.marker").startswith(SECOND)
    assert where(article, "dom.related-widgets") == ""


def test_a_dropped_box_quoting_the_article_does_not_pull_it_out_of_place() -> None:
    # a teaser above the story repeats its first sentence, and a script holds its words too:
    # neither may be taken for the paragraph when placing the blocks after it
    teaser = f'<div class="related-posts"><a href="/a">{FIRST}</a></div>'
    script = f"<script>var lead = '{FIRST} {SECOND}';</script>"
    article = clean_html(
        page(before=teaser, middle='<div class="sharedaddy">Share this</div>', head=script), "https://e.example/a"
    )
    assert where(article, "dom.related-widgets").startswith(FIRST)
    assert where(article, "dom.share-bars").startswith(SECOND)


def test_a_rejected_page_places_everything_at_its_empty_start() -> None:
    article = clean_html("<html><body><p>Advertisement</p><p>Too short.</p></body></html>")
    assert article.rejected and all(b.at == 0 for b in article.removed)


def test_the_record_carries_the_positions() -> None:
    article = clean_html(page(middle='<div class="sharedaddy">Share</div>'), "https://e.example/a")
    blocks = make_record(article, provenance=True)["removed_blocks"]
    assert {"rule": "dom.share-bars", "stage": "dom", "text": "Share", "at": len(FIRST) + 1} in blocks


def test_paragraphs_stripped_later_move_the_positions() -> None:
    text = "one\ntwo\nthree\nfour"
    gone_at, moved = strip_positions(text, [False, True, False, True])
    assert gone_at == [4, 9]  # "two" stood before "three", "four" after everything: the new text is "one\nthree"
    assert moved(text.index("three")) == 4 and moved(text.index("four")) == 9 and moved(0) == 0
    assert moved(None) is None and moved(len(text)) == 9


@pytest.mark.parametrize("case", sorted(p.name for p in FIXTURES.iterdir() if (p / "page.html").is_file()))
def test_every_position_is_a_paragraph_boundary_of_the_text(case: str) -> None:
    folder = FIXTURES / case
    url = json.loads((folder / "meta.json").read_text(encoding="utf-8")).get("url")
    article = clean_html((folder / "page.html").read_bytes(), url)
    for block in article.removed:
        assert block.at is not None and 0 <= block.at <= len(article.text), block
        assert block.at in (0, len(article.text)) or article.text[block.at - 1] == "\n", block
