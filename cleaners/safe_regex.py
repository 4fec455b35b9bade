"""Users' rule patterns run under a time limit; built-in ones stay on ``re``.

A user rule like ``(a+)+$`` backtracks for years on a 40-character paragraph under Python's
``re``, which can neither be interrupted nor timed out, so one rule file could hang a crawl's
worker or ``cleancrawl clean`` for ever. User patterns are therefore compiled with the
``regex`` package and every match gets ``timeout=USER_PATTERN_TIMEOUT``; a match that runs out
of time raises ``PatternTimeout`` naming the rule file and rule id, and the page fails with
reason ``rule-timeout`` (``cleancrawl clean`` names it in its summary and exits 1). One slow
match ends the page, so a bad rule costs at most about a second a page, never the run.

Why ``regex`` and not RE2 (``google-re2``), as tried on the built-in text-rule patterns and the
paragraphs of the fixture pages:

- RE2 compiles only a few of the built-in patterns: it has no verbose mode ``(?x)``, which our
  rule files use throughout, nor look-around or back-references; users copy our rules, so
  RE2 would reject most of what they write.
- RE2's ``\\w`` and ``\\b`` are ASCII only (``\\w+`` does not match "été"): rules for German,
  French or Portuguese sites would silently stop matching.
- ``regex`` compiles them all with the same meaning as ``re`` (it validates the same syntax; we
  compile with ``re`` first so error messages stay those of ``re``), and sees through some
  catastrophic patterns by itself (``(a+)+$`` returns at once).
- Cost: a match with ``timeout=`` is slower than one under ``re`` (``regex`` checks the clock as it
  runs). Only user rules pay it.
- RE2 needs no timeout (it runs in linear time), but its limits above change what a rule
  means; a timeout keeps the rule language users already know.

The limit is checked by ``regex`` as it runs, so it fires a little after the limit, not at it.

Compiling is bounded too: ``regex`` writes counted repeats out in full, so
``(?:(?:(?:(?:a{40}){40}){40}){40}){40}`` (40^5 copies of ``a``) grew to 23.6 GB before the OOM
killer ended it. A user pattern whose nested counts multiply past ``_EXPANSION_TRUSTED`` is
first compiled in a forked child under ``USER_PATTERN_COMPILE_MEMORY`` of address space and
``USER_PATTERN_COMPILE_SECONDS``; past either, it is a bad pattern (``re.error``, which the rule
loader turns into a one-line ``RuleFileError``: exit 2 before any page). Where there is no
``fork`` (not Linux or macOS) the child check is skipped.
"""

from __future__ import annotations

import os
import re
import select
import signal
import time
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from re import _constants as sre_constants  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any

import regex

USER_PATTERN_TIMEOUT = 1.0
# What compiling one user pattern may take: address space beyond the process's own, and time.
USER_PATTERN_COMPILE_MEMORY = 256 * 1024 * 1024
USER_PATTERN_COMPILE_SECONDS = 5.0
# Patterns whose nested repeat counts multiply to at most this compile at once (a few MB at most).
_EXPANSION_TRUSTED = 10_000
_REPEATS = (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT, getattr(sre_constants, "POSSESSIVE_REPEAT", None))
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
    Raises ``re.error`` for a bad pattern either way, and for a user pattern whose compiling
    would take more than ``USER_PATTERN_COMPILE_MEMORY`` or ``USER_PATTERN_COMPILE_SECONDS``."""
    try:
        compiled = re.compile(pattern)
    except RecursionError:
        raise re.error("groups nested too deeply") from None
    if is_builtin(source):
        return compiled
    problem = compile_cost_problem(pattern)
    if problem:
        raise re.error(problem)
    try:
        return TimedPattern(regex.compile(pattern), str(source), rule_id, limit)
    except regex.error as err:
        raise re.error(str(err)) from err
    except RecursionError:
        raise re.error("groups nested too deeply") from None


def expansion(pattern: str) -> int:
    """How many copies of its atoms the pattern's nested counted repeats make: ``(?:a{40}){40}``
    is 1,600. An unbounded repeat counts its minimum. Read from ``re``'s own parse."""
    return _expansion(sre_parse.parse(pattern).data)


def _expansion(items: list) -> int:
    total = 0
    for op, value in items:
        if op in _REPEATS:
            low, high, sub = value
            total += max(1, low if high == sre_constants.MAXREPEAT else high) * _expansion(sub)
        elif op is sre_constants.SUBPATTERN:
            total += _expansion(value[-1])
        elif op is sre_constants.BRANCH:
            total += sum(_expansion(branch) for branch in value[1])
        elif op in (sre_constants.ASSERT, sre_constants.ASSERT_NOT):
            total += _expansion(value[1])
        elif op is getattr(sre_constants, "ATOMIC_GROUP", None):
            total += _expansion(value)
        elif op is sre_constants.GROUPREF_EXISTS:
            total += _expansion(value[1]) + (_expansion(value[2]) if value[2] else 0)
        else:
            total += 1
    return total


@lru_cache(maxsize=1024)
def compile_cost_problem(pattern: str) -> str | None:
    """Why ``regex`` cannot be trusted to compile ``pattern`` in this process (it needs more
    memory or time than allowed), else None. Small patterns are trusted without a look; others
    are compiled once in a forked child under the limits."""
    if expansion(pattern) <= _EXPANSION_TRUSTED or not hasattr(os, "fork"):
        return None
    outcome = _compile_in_child(pattern, USER_PATTERN_COMPILE_MEMORY, USER_PATTERN_COMPILE_SECONDS)
    if outcome in ("ok", "error"):  # a syntax error is reported by the compile that follows
        return None
    if outcome == "timeout":
        return (
            f"compiling it takes more than {USER_PATTERN_COMPILE_SECONDS:g} s; nested counted repeats "
            "multiply (like (?:a{40}){40}): use fewer or smaller counts"
        )
    return (
        f"compiling it needs more than {USER_PATTERN_COMPILE_MEMORY // 2**20} MiB of memory; nested counted "
        "repeats multiply (like (?:a{40}){40}): use fewer or smaller counts"
    )


def _address_space() -> int:
    """This process's virtual memory size in bytes (Linux), else 0."""
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            return int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def _compile_in_child(pattern: str, memory: int, seconds: float) -> str:
    """``ok``, ``error`` (a bad pattern), ``memory`` or ``timeout``: how compiling ``pattern``
    went in a forked child limited to ``memory`` bytes of address space beyond ours."""
    import resource

    limit = _address_space() + memory
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: compile, say how it went, and leave without any clean-up
        code = b"memory"
        try:
            os.close(read_end)
            _, hard = resource.getrlimit(resource.RLIMIT_AS)
            soft = limit if hard == resource.RLIM_INFINITY else min(limit, hard)
            resource.setrlimit(resource.RLIMIT_AS, (soft, hard))
            regex.compile(pattern)
            code = b"ok"
        except MemoryError:
            code = b"memory"
        except BaseException:
            code = b"error"
        finally:
            os.write(write_end, code)
            os._exit(0)
    os.close(write_end)
    try:
        deadline = time.monotonic() + seconds
        while True:
            ready, _, _ = select.select([read_end], [], [], max(0.0, deadline - time.monotonic()))
            if ready:
                return os.read(read_end, 16).decode("ascii") or "memory"  # empty: killed (the OOM killer)
            if time.monotonic() >= deadline:
                os.kill(pid, signal.SIGKILL)
                return "timeout"
    finally:
        os.close(read_end)
        os.waitpid(pid, 0)
