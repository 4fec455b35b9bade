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
