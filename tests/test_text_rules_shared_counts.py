"""Matchers reuse the word counts ``_judge`` computed once per page; called on their own (a bare
context, no counts), they count for themselves and find the same paragraphs."""

from __future__ import annotations

import re

from cleaners.ruleset import TextRule
from cleaners.text_rules import (
    PageContext,
    apply_text_rules,
    match_duplicates,
    match_heading_blocks,
    match_repeated_captions,
)

PULL = "The council said the bridge would reopen in spring after the bearings were replaced at last."
PARAGRAPHS = [
    "A flooded street in the old town after the storm",
    "A flooded street in the old town after the storm Photo: J. Doe / Reuters",
    PULL,
    "Engineers counted three hundred cyclists in the first hour of the morning on the new deck.",
    PULL,
    "Related stories",
    "- Ferry strike ends",
]

COUNTS = tuple(len(p.split()) for p in PARAGRAPHS)


def rule(kind: str, pattern: str | None = None) -> TextRule:
    return TextRule(
        id=kind, description="", kind=kind, pattern=re.compile(pattern) if pattern else None,
        max_words=10, min_position=0.0, source="test",
    )


def test_matchers_alone_find_what_they_find_in_a_judged_page() -> None:
    rules = (rule("repeated-caption"), rule("duplicate"), rule("heading-block", "Related stories$"))
    _, removed = apply_text_rules(PARAGRAPHS, rules)
    judged = {block.text for block in removed}
    assert judged == {*PARAGRAPHS[:2], PULL, "Related stories", "- Ferry strike ends"}
    # match_duplicates needs the page's counts for its 'long repeat anywhere' test; the others count alone
    alone = {PARAGRAPHS[i] for i in match_duplicates(rules[1], PARAGRAPHS, PageContext(word_counts=COUNTS))}
    for matcher, r in ((match_repeated_captions, rules[0]), (match_heading_blocks, rules[2])):
        alone |= {PARAGRAPHS[i] for i in matcher(r, PARAGRAPHS, PageContext())}
    assert alone == judged


def test_judged_blocks_carry_their_texts_word_counts(monkeypatch) -> None:
    """judge_blocks takes each Block's ``words`` as its text's count_words instead of counting again:
    every block the pipeline judges, on every fixture page (Latin, CJK, Thai, right-to-left), holds it."""
    from pathlib import Path

    from cleaners import pipeline
    from cleaners.words import count_words
    from crawler.offline.fixture_cases import case_directories, check_case, load_case

    judged: list[tuple[str, int]] = []
    original = pipeline.judge_blocks

    def recording(blocks, rules, context=None):
        judged.extend((block.text, block.words) for block in blocks)
        return original(blocks, rules, context)

    monkeypatch.setattr(pipeline, "judge_blocks", recording)
    for case_dir in case_directories(Path(__file__).parent / "fixtures"):
        check_case(load_case(case_dir))
    assert len(judged) > 300
    wrong = [(text[:60], words, count_words(text)) for text, words in judged if words != count_words(text)]
    assert wrong == []
