"""Which rule literals each short line of a page holds: one Aho-Corasick scan a line for all rules.

cleaners.text_rules skips a line for a pattern when the line lacks every literal that pattern
needs (cleaners.regex_literals). Looking for each pattern's literals with a regular expression
of their alternation costs, per line, about the number of literals times the line's length:
past forty literals it cost as much as the pattern it was to spare, so the widest patterns (the
newsletter, syndication and advertising notes of many languages, 40 to 80 literals) ran on
every line, a third of all line-rule time on the scrapinghub set. An Aho-Corasick automaton over
the literals of every pattern finds all of them, overlapping ones included, in one pass over
the line whatever their number (pyahocorasick, C); each pattern then asks whether its literal
set and the line's found set meet.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import ahocorasick


class LiteralScanner:
    """The literals of every pattern registered so far, and the ones a text holds."""

    def __init__(self) -> None:
        self._literals: set[str] = set()
        self._automaton: ahocorasick.Automaton | None = None
        self.version = 0
        """Changes whenever a literal is added: found sets of an older version are incomplete."""

    def add(self, literals: Iterable[str]) -> None:
        """Make ``literals`` findable (the automaton is rebuilt on the next scan)."""
        new = {literal for literal in literals if literal} - self._literals
        if new:
            self._literals |= new
            self._automaton = None
            self.version += 1

    def _built(self) -> ahocorasick.Automaton | None:
        if self._automaton is None and self._literals:
            automaton = ahocorasick.Automaton()
            for literal in self._literals:
                automaton.add_word(literal, literal)
            automaton.make_automaton()
            self._automaton = automaton
        return self._automaton

    def found(self, text: str) -> frozenset[str]:
        """Every registered literal that occurs in ``text``."""
        automaton = self._built()
        if automaton is None or not text:
            return frozenset()
        return frozenset(literal for _, literal in automaton.iter(text))

    def found_in_lines(self, texts: Sequence[str | None]) -> tuple[frozenset[str] | None, ...]:
        """``found`` for each line; None stays None (a line the caller does not prefilter)."""
        return tuple(None if text is None else self.found(text) for text in texts)
