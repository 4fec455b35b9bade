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
             "© 2024 All rights reserved", "Support our journalism", "Share this article",
             # lines whose literals are joined runs of alternatives (regex_literals, joined)
             "Plane quarantined at the airport [NEWS]", "Plane quarantined [news]", "Artículos relacionados",
             "Noticias relacionadas:", "Consider supporting our journalism", "Sign up for our free newsletter",
             "Lee también: la crisis", "This article originally appeared on The Conversation",
             "Share on Facebook", "Click here to subscribe", "Accept all cookies"]
    for rule in rules:
        expected = {i for i, x in enumerate(lines) if count_words(x) <= rule.max_words and rule.pattern.match(x)}
        assert match_lines(rule, lines, _context(lines)) == expected, rule.id


# past forty literals (the regex alternation that used to look for them was refused there), and
# literals only a lookahead names: the pattern runs only where the scanner finds one
WIDE = r"(?i)^.{0,20}\b(?:" + "|".join(f"w{n:02d}ord" for n in range(80)) + r")\b.*"
LOOKAHEAD = r"(?i)^(?=.{0,60}\bcommission\b)(?=.{0,60}\b(?:earn|receive)\b).{0,120}$"


@pytest.mark.parametrize("pattern", [WIDE, LOOKAHEAD])
def test_wide_and_lookahead_patterns_are_prefiltered_and_exact(pattern: str) -> None:
    rule = _rule(pattern)
    needed = _literals(rule.pattern)
    assert needed is not None
    lines = [*LINES, "W07ORD and more", "xw07ord", "w79ord", "We may earn a commission", "A commission we do not earn",
             "The commission met", "We earn money", "w80ord is not one"]
    expected = {i for i, line in enumerate(lines) if rule.pattern.match(line)}
    assert expected  # the prefilter must let the matching lines through
    assert match_lines(rule, lines, _context(lines)) == expected


def test_a_new_rule_s_literals_reach_a_page_already_scanned() -> None:
    """The page's scan is shared by its rules; a rule first seen after the scan (a user's rule
    file loaded later) must still find its lines, not an old scan's empty sets."""
    lines = ["zqxfoo one", "nothing here", "zqxbar two"]
    context = _context(lines)
    first = _rule(r"(?i)^.{0,20}zqxfoo.*")
    assert match_lines(first, lines, context) == {0}
    later = _rule(r"(?i)^.{0,20}zqxbar.*")
    assert match_lines(later, lines, context) == {2}


def test_a_lone_letter_or_space_is_no_prefilter() -> None:
    assert _literals(re.compile(r"(?i)^.{0,20}(?:x|yy)\b.*")) is None
    assert _literals(re.compile(r"^.{0,20} .*")) is None
