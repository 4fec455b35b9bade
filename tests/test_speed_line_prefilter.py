"""cleaners.text_rules.match_lines skips a line that lacks every literal the pattern needs:
the lines it finds are the ones the pattern alone finds, case-insensitive patterns included."""

from __future__ import annotations

import re

import pytest

from cleaners.ruleset import TextRule, rules_for
from cleaners.text_rules import PageContext, _literals, match_lines
from cleaners.words import count_words

# what Python's re treats as the same letter under IGNORECASE though str.lower() does not
# make them equal: long s, the Kelvin sign, dotted capital I, final sigma
LINES = [
    "Please ſign up for our newsletter today",
    "PLEASE ſIGN UP FOR OUR NEWſLETTER",
    "PLEASE SIGN UP FOR OUR NEWSLETTER",
    "Sign up for the weekly newsletter!",
    "Get the KELVIN news: \u212aeep up with our newsletter",
    "Subscribe to our İnbox newsletter",
    "ΣΥΝΔΡΟΜΉ newsletter στο ΣΆΣ",
    "The council met on Tuesday to discuss the bridge and the harbour works of the town",
    "newsletter",
    "",
]
PATTERNS = [
    r"(?i)^.{0,60}\bsign\ up\b.{0,40}\bnewsletter\b.*",
    r"(?i)^.{0,40}(?:keep|inbox)\b.*",
    r"^.{0,80}\bnewsletter$",
    r"(?i)^.{0,30}σάς$",
]


def _rule(pattern: str) -> TextRule:
    return TextRule("t.rule", "", "line", re.compile(pattern), 40, 0.0, "builtin")


def _context(lines: list[str]) -> PageContext:
    return PageContext(word_counts=tuple(count_words(line) for line in lines), line_texts=tuple(lines))


@pytest.mark.parametrize("pattern", PATTERNS)
def test_prefiltered_lines_are_the_pattern_s_lines(pattern: str) -> None:
    rule = _rule(pattern)
    assert _literals(rule.pattern) is not None  # the prefilter is in use for these
    expected = {i for i, line in enumerate(LINES) if rule.pattern.match(line)}
    assert match_lines(rule, LINES, _context(LINES)) == expected
    assert expected or pattern == PATTERNS[-1]


def test_built_in_line_rules_find_the_same_lines() -> None:
    rules = [r for r in rules_for(None, ()).text if r.kind == "line" and r.pattern is not None]
    assert any(_literals(r.pattern) for r in rules)
    lines = [*LINES, "Advertisement", "Photo: AP", "Follow us on Twitter", "Click here to subscribe now",
             "© 2024 All rights reserved", "Support our journalism", "Share this article"]
    for rule in rules:
        expected = {i for i, x in enumerate(lines) if count_words(x) <= rule.max_words and rule.pattern.match(x)}
        assert match_lines(rule, lines, _context(lines)) == expected, rule.id
