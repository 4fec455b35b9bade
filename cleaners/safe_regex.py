"""Users' rule patterns run under a time limit; built-in ones stay on ``re``.

A user rule like ``(a+)+$`` backtracks for years on a 40-character paragraph under Python's
``re``, which can neither be interrupted nor timed out, so one rule file could hang a crawl's
worker or ``cleancrawl clean`` for ever. User patterns are therefore compiled with the
``regex`` package and every match gets ``timeout=USER_PATTERN_TIMEOUT``; a match that runs out
of time raises ``PatternTimeout`` naming the rule file and rule id, and the page fails with
reason ``rule-timeout`` (``cleancrawl clean`` names it in its summary and exits 1). One slow
match ends the page, so a bad rule costs at most about a second a page, never the run.

Why ``regex`` and not RE2 (``google-re2``), measured on the 30 built-in text-rule patterns and
the 386 paragraphs of the fixture pages:

- RE2 compiles only 3 of the 30 built-in patterns: it has no verbose mode ``(?x)``, which our
  rule files use throughout, nor look-around or back-references; users copy our rules, so
  RE2 would reject most of what they write.
- RE2's ``\\w`` and ``\\b`` are ASCII only (``\\w+`` does not match "été"): rules for German,
  French or Portuguese sites would silently stop matching.
- ``regex`` compiles all 30 with the same meaning as ``re`` (it validates the same syntax; we
  compile with ``re`` first so error messages stay those of ``re``), and sees through some
  catastrophic patterns by itself (``(a+)+$`` returns at once).
- Cost: 7.8 µs a match with ``timeout=`` against 3.9 µs for ``re`` (4.3 µs for ``regex``
  without a timeout); RE2 3.1 µs on the 3 patterns it takes. Only user rules pay it.
- RE2 needs no timeout (it runs in linear time), but its limits above change what a rule
  means; a timeout keeps the rule language users already know.

The limit is checked by ``regex`` as it runs, so it fires a little late (1.4 to 1.8 s for a
1 s limit).
"""

from __future__ import annotations

import re
from importlib.resources import files
from pathlib import Path
from typing import Any

import regex

USER_PATTERN_TIMEOUT = 1.0
_BUILTIN_RULES = str(files("cleaners") / "rules")


class PatternTimeout(RuntimeError):
    """A user rule's pattern ran out of time on a paragraph; the message names the rule."""

    reason = "rule-timeout"

    def __init__(self, source: str, rule_id: str, length: int, limit: float) -> None:
        super().__init__(
            f"{source}: rule {rule_id!r}: pattern ran out of time ({limit:g} s) on a {length}-character "
            "paragraph; it backtracks too much, rewrite it (avoid nested repeats like (a+)+)"
        )
        self.source, self.rule_id = source, rule_id


class TimedPattern:
    """A compiled user pattern whose ``match``/``search``/``fullmatch`` carry a time limit."""

    __slots__ = ("_compiled", "limit", "rule_id", "source")

    def __init__(self, compiled: Any, source: str, rule_id: str, limit: float) -> None:
        self._compiled, self.source, self.rule_id, self.limit = compiled, source, rule_id, limit

    @property
    def pattern(self) -> str:
        return self._compiled.pattern

    def _run(self, method: str, string: str, *args: Any) -> Any:
        try:
            return getattr(self._compiled, method)(string, *args, timeout=self.limit)
        except TimeoutError:
            raise PatternTimeout(self.source, self.rule_id, len(string), self.limit) from None

    def match(self, string: str, *args: Any) -> Any:
        return self._run("match", string, *args)

    def search(self, string: str, *args: Any) -> Any:
        return self._run("search", string, *args)

    def fullmatch(self, string: str, *args: Any) -> Any:
        return self._run("fullmatch", string, *args)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._compiled, name)

    def __reduce__(self) -> tuple:
        return (compile_rule_pattern, (self.pattern, self.source, self.rule_id, self.limit))


def is_builtin(source: str | Path) -> bool:
    return str(source).startswith(_BUILTIN_RULES)


def compile_rule_pattern(
    pattern: str, source: str | Path, rule_id: str, limit: float = USER_PATTERN_TIMEOUT
) -> re.Pattern[str] | TimedPattern:
    """``re.compile`` for built-in rule files; a time-limited ``regex`` pattern for users' files.
    Raises ``re.error`` for a bad pattern either way."""
    compiled = re.compile(pattern)
    if is_builtin(source):
        return compiled
    try:
        return TimedPattern(regex.compile(pattern), str(source), rule_id, limit)
    except regex.error as err:
        raise re.error(str(err)) from err
