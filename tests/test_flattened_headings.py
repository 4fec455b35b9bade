"""A heading rule meets a heading that trafilatura's readability or baseline fallback handed back
as a paragraph: the page element the block starts in says it is a heading (cleaners.text_rules
PageContext.may_touch), so comments.heading takes it; a paragraph of the page with the same
words, or a block nobody located, stays."""

from __future__ import annotations

from lxml import html

from cleaners.blocks import Block
from cleaners.ruleset import rules_for
from cleaners.text_rules import PageContext, judge_blocks
from cleaners.words import count_words

PAGE = html.fromstring(
    "<div><p>The council met on Tuesday to discuss the harbour works and the bridge.</p>"
    "<h2><span>Tell us what you think</span></h2><p>Tell us what you think</p>"
    "<p>The works start in spring and will take two years, the mayor said.</p></div>"
)
FIRST, HEADING, PARAGRAPH, LAST = PAGE[0], PAGE[1][0], PAGE[2], PAGE[3]
TEXTS = [
    "The council met on Tuesday to discuss the harbour works and the bridge.",
    "Tell us what you think",
    "The works start in spring and will take two years, the mayor said.",
]


def _judge(source_of_middle: object) -> list[str]:
    blocks = [Block(t, "p", None, count_words(t)) for t in TEXTS]
    sources = [FIRST, source_of_middle, LAST]
    context = PageContext(locate_blocks=lambda: sources)
    rules = [r for r in rules_for(None).text if r.id == "comments.heading"]
    removed = judge_blocks(blocks, rules, context)[1]
    return [b.text for b in removed]


def test_a_paragraph_that_is_a_heading_of_the_page_meets_the_heading_rule() -> None:
    assert _judge(HEADING) == ["Tell us what you think"]


def test_a_paragraph_of_the_page_with_the_same_words_stays() -> None:
    assert _judge(PARAGRAPH) == []


def test_a_block_nobody_located_stays() -> None:
    assert _judge(None) == []
    blocks = [Block(t, "p", None, count_words(t)) for t in TEXTS]
    rules = [r for r in rules_for(None).text if r.id == "comments.heading"]
    assert judge_blocks(blocks, rules, PageContext())[1] == []
