"""cleaners.line_literals finds every registered literal a text holds, overlapping ones too."""

from __future__ import annotations

from cleaners.line_literals import LiteralScanner


def test_overlapping_and_nested_literals_are_all_found() -> None:
    scanner = LiteralScanner()
    scanner.add({"sign up", "up for", "newsletter", "news", "letter", "ſign"})
    assert scanner.found("please sign up for our newsletter") == {"sign up", "up for", "newsletter", "news", "letter"}
    assert scanner.found("ſign here") == {"ſign"}
    assert scanner.found("") == frozenset()
    assert scanner.found("nothing at all") == frozenset()


def test_literals_added_later_are_found_and_the_version_says_so() -> None:
    scanner = LiteralScanner()
    assert scanner.found("anything") == frozenset()
    scanner.add({"alpha"})
    version = scanner.version
    assert scanner.found("alpha beta") == {"alpha"}
    scanner.add({"alpha"})
    assert scanner.version == version  # nothing new: the automaton and the found sets stand
    scanner.add({"beta", ""})
    assert scanner.version > version
    assert scanner.found("alpha beta") == {"alpha", "beta"}


def test_lines_keep_their_places_and_none_stays_none() -> None:
    scanner = LiteralScanner()
    scanner.add({"ad", "für"})
    assert scanner.found_in_lines(["read it", None, "für dich", "x"]) == (
        frozenset({"ad"}), None, frozenset({"für"}), frozenset(),
    )
