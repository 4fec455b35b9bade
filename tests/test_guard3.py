"""guard3 (issue 19): the planted-junk diagnosis names the check that kept a recognised line.

``benchmarks/planted_why.py`` sorted every survivor that a shape matched but that did not stand
between prose under "guard", even when the rule would not take it between prose either. These
tests pin the finer reasons on tiny synthetic pages (no ../shared, no process)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from planted_why import _PROSE, why_kept  # noqa: E402

from cleaners.blocks import Block  # noqa: E402
from cleaners.ruleset import rules_for  # noqa: E402
from cleaners.words import count_words  # noqa: E402

RULES = rules_for(None).text


def _block(text: str, kind: str = "p") -> Block:
    return Block(text, kind, None, count_words(text))


@pytest.mark.parametrize(
    ("left", "right", "expected"),
    [
        (_block("Why it matters", "head"), _PROSE[1], "guard:shapes.network-prompt:!head/prose"),
        (_PROSE[0], _block("Short line"), "guard:shapes.network-prompt:prose/!short"),
    ],
)
def test_a_line_a_rule_takes_between_prose_is_kept_by_the_neighbour_named(
    left: Block, right: Block, expected: str
) -> None:
    """A bare network name beside a heading: the network prompt takes it between prose, so the
    side that keeps it is the neighbour, and the reason names the rule and that side."""
    assert why_kept(1, [left, _block("Telegram"), right], set(), RULES) == expected


def test_a_recognised_line_no_rule_takes_even_between_prose_is_the_matchers_own_test() -> None:
    """'Facebook declined to comment.' names a network, but the prompt's own test (a sentence)
    keeps it between prose too: not the guard's doing."""
    blocks = [_PROSE[0], _block("Facebook declined to comment."), _PROSE[1]]
    assert why_kept(1, blocks, set(), RULES) == "own-test:network-prompt"


def test_a_line_nothing_recognises_is_no_shape() -> None:
    blocks = [_block("Short", "head"), _block("The bridge reopened in May."), _PROSE[1]]
    assert why_kept(1, blocks, set(), RULES) == "no-shape"


def test_a_planted_neighbour_is_named_junk() -> None:
    blocks = [_PROSE[0], _block("Telegram"), _block("Short line"), _PROSE[1]]
    assert why_kept(1, blocks, {2}, RULES) == "guard:shapes.network-prompt:prose/!junk"


# --- the date line's guard: a stamp beside a subheading ------------------------------------------
def _judged(*blocks: Block) -> list[str]:
    """The texts the default rules keep of ``blocks``."""
    from cleaners.text_rules import PageContext, judge_blocks

    kept, _ = judge_blocks(list(blocks), RULES, PageContext())
    return [b.text for b in kept]


@pytest.mark.parametrize(
    "stamp", ["Updated 3 hours ago", "Aktualisiert am 12.03.2024, 14:35 Uhr", "vor 3 Stunden",
              "Güncelleme: 12.03.2024 14:35", "Обновлено 12 марта 2024, 14:35"],
)
def test_a_date_that_names_itself_the_pages_stamp_goes_under_a_subheading(stamp: str) -> None:
    kept = _judged(_PROSE[0], _block("Where the money goes", "head"), _block(stamp), _PROSE[1])
    assert stamp not in kept
    assert "Where the money goes" in kept


@pytest.mark.parametrize("heading", ["What readers are saying", "What our readers are saying"])
def test_what_readers_are_saying_is_a_comment_heading(heading: str) -> None:
    from cleaners.label_rules import COMMENTS, is_label

    assert is_label(heading, COMMENTS, heading=True)


@pytest.mark.parametrize("line", ["What experts are saying", "What readers are saying about the plan"])
def test_who_is_saying_what_in_the_story_stays(line: str) -> None:
    from cleaners.label_rules import COMMENTS, is_label

    assert not is_label(line, COMMENTS, heading=True)


def test_the_harness_places_a_line_beside_a_subheading_or_a_short_line() -> None:
    from wordings import SHORT_LINE, SUBHEADING, page

    assert f"{SUBHEADING}<p>x</p>" in page("<p>x</p>", "heading")
    assert f"{SHORT_LINE}<p>x</p>" in page("<p>x</p>", "short")
    assert f"<p>x</p>{SUBHEADING}" in page("<p>x</p>", "end")
    assert "<p>x</p><p>y</p>" in page("<p>x</p>", "pair", "<p>y</p>")


@pytest.mark.parametrize("widget", ["Beğeni sayısı: 120", "Likes (38)", "Kommentare 12"])
def test_a_count_with_a_like_or_comment_word_goes_beside_a_subheading(widget: str) -> None:
    kept = _judged(_PROSE[0], _block("Where the money goes", "head"), _block(widget), _PROSE[1])
    assert widget not in kept


@pytest.mark.parametrize("numbered", ["Step 3", "Serves 4", "Round 2", "Part 2"])
def test_a_numbered_line_of_the_story_stays_beside_a_subheading(numbered: str) -> None:
    kept = _judged(_PROSE[0], _block("Where the money goes", "head"), _block(numbered), _PROSE[1])
    assert numbered in kept


@pytest.mark.parametrize("count", ["Rating: 8", "Note 2,3", "Puan 7", "Nilai tukar 15.600", "Bewertung: 4,5"])
def test_a_story_count_with_a_weak_like_word_stays_beside_a_subheading(count: str) -> None:
    """The like class's weak words name a story's own figures (a player's rating under his name,
    a school grade, an exchange rate): only the strong words make a count a widget there."""
    kept = _judged(_PROSE[0], _block("Where the money goes", "head"), _block(count), _PROSE[1])
    assert count in kept


def test_the_count_guard_gets_its_words_as_an_argument_not_from_an_import() -> None:
    """The like and comment words reach the count guard through ``count_widget_matcher`` (built
    by text_rules with label_rules' ``COUNT_WIDGET_WORDS``), not through a set in shape_rules that
    label_rules filled when imported (``register_widget_words``): the shape rules' own matcher
    reads reaction symbols only, whatever was imported before it."""
    import cleaners.label_rules  # noqa: F401  (it used to fill shape_rules' set on import)
    from cleaners.label_rules import COUNT_WIDGET_WORDS
    from cleaners.shape_rules import count_widget_matcher, match_count_widgets
    from cleaners.text_rules import PageContext

    blocks = [_PROSE[0], _block("Where the money goes", "head"), _block("Likes (38)"), _PROSE[1]]
    texts = [b.text for b in blocks]
    context = PageContext(word_counts=tuple(b.words for b in blocks), blocks=tuple(blocks))
    rule = next(r for r in RULES if r.kind == "count-widget")
    assert match_count_widgets(rule, texts, context) == set()
    assert count_widget_matcher(COUNT_WIDGET_WORDS)(rule, texts, context) == {2}
