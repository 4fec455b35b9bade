"""The literal strings a regular expression cannot match without: a cheap test that rules a
pattern out before the regex engine runs.

``required_literals(pattern)`` reads the pattern's parse tree (Python's own ``re`` parser) and
returns a set of strings such that every match of the pattern contains at least one of them,
or None when it cannot tell (a branch with no literal of its own, ``\\w+``, a back-reference).
Literals under IGNORECASE are left out unless ``ignorecase`` says the caller folds case the way
``re`` does (cleaners.text_rules does; XPath's ``contains()`` cannot, so cleaners.fast_xpath
asks for case-sensitive literals only). Nothing is declared by hand: the set follows from the
pattern, so a rule edited in a rule file gets the right prefilter by itself.
"""

from __future__ import annotations

import re
from re import _constants as c  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]
from re._casefix import _EXTRA_CASES  # type: ignore[import-not-found]

_IGNORECASE = re.IGNORECASE.value
_REPEATS = (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT)


# Python's re compares case-insensitively by simple lowercase mapping, plus a few classes of
# lowercase letters it treats as one ('s' and long 's', 'i' and dotless 'i', the two sigmas):
# fold maps each class to one member. str.lower() is that mapping but for U+0130 (two
# characters in full lowercase, 'i' in simple); tests/test_speed_literals.py checks every
# code point against _sre's own mapping.
_FOLD_CLASSES = {chr(lo): chr(min((lo, *others))) for lo, others in _EXTRA_CASES.items()}
_FOLD_AFTER_LOWER = str.maketrans({k: v for k, v in _FOLD_CLASSES.items() if k != v})
_DOTTED_CAPITAL_I = "\u0130"
# The characters that mapping changes: most text holds none of them, and is then only lowered (a
# translation with a dict looks each character up: ten times the time of this search).
_FOLDED_AFTER_LOWER = re.compile("[" + "".join(re.escape(chr(code)) for code in _FOLD_AFTER_LOWER) + "]")


def fold(text: str) -> str:
    """``text`` case-folded as ``re.IGNORECASE`` compares it: a literal matches a piece of text
    case-insensitively only if their folds are equal, character for character."""
    if text.isascii():
        return text.lower()
    lowered = text.replace(_DOTTED_CAPITAL_I, "i").lower()
    return lowered.translate(_FOLD_AFTER_LOWER) if _FOLDED_AFTER_LOWER.search(lowered) else lowered


def _cased(code: int) -> bool:
    char = chr(code)
    return char.lower() != char or char.upper() != char


class _Unsure(Exception):
    """This part of the pattern has no literal every match of it contains."""


def _best(candidates: list[tuple[frozenset[str], bool]]) -> tuple[frozenset[str], bool]:
    """The most selective candidate: the one whose shortest literal is longest."""
    if not candidates:
        raise _Unsure
    return max(candidates, key=lambda item: min(len(s) for s in item[0]))


# The most strings a run of literal alternatives is joined into (``joined``): past it, a new run.
JOINED_MAX_STRINGS = 64
# The most characters of a class read as literal alternatives (``[oa]``).
_CLASS_MAX_CHARS = 8


def _exact(items: list, flags: int, ignorecase: bool) -> tuple[frozenset[str], bool] | None:
    """(strings, folded): every string ``items`` can match, where they are only literal characters,
    small classes of them, groups and branches of those, and optional parts (``(?:n)?``), at most
    JOINED_MAX_STRINGS of them; else None. Folded as in ``_sequence``."""
    strings, folded = frozenset({""}), False
    for op, av in items:
        if op is c.LITERAL:
            choices, item_folded = _exact_char(av, flags, ignorecase)
        elif op is c.IN and 0 < len(av) <= _CLASS_MAX_CHARS and all(o is c.LITERAL for o, _ in av):
            chars = [_exact_char(code, flags, ignorecase) for _, code in av]
            choices, item_folded = frozenset().union(*(ch for ch, _ in chars)), any(f for _, f in chars)
        elif op is c.SUBPATTERN:
            _, add, remove, sub = av
            inner = _exact(sub.data, (flags | add) & ~remove, ignorecase)
            if inner is None:
                return None
            choices, item_folded = inner
        elif op is c.BRANCH:
            parts = [_exact(branch.data, flags, ignorecase) for branch in av[1]]
            if any(part is None for part in parts):
                return None
            choices = frozenset().union(*(part[0] for part in parts if part is not None))
            item_folded = any(part[1] for part in parts if part is not None)
        elif op in _REPEATS and av[0] == 0 and av[1] == 1:
            inner = _exact(av[2].data, flags, ignorecase)
            if inner is None:
                return None
            choices, item_folded = inner[0] | {""}, inner[1]
        else:
            return None
        if not choices or len(strings) * len(choices) > JOINED_MAX_STRINGS:
            return None
        strings = frozenset(a + b for a in strings for b in choices)
        folded = folded or item_folded
    return strings, folded


def _exact_char(code: int, flags: int, ignorecase: bool) -> tuple[frozenset[str], bool]:
    """A literal character as ``_exact`` reads it; raises _Unsure where its case cannot be folded."""
    folded = bool(flags & _IGNORECASE) and _cased(code)
    if folded and not ignorecase:
        raise _Unsure
    return frozenset({chr(code)}), folded


def _exact_or_none(item: tuple[object, object], flags: int, ignorecase: bool) -> tuple[frozenset[str], bool] | None:
    try:
        return _exact([item], flags, ignorecase)
    except _Unsure:
        return None


def _sequence(
    items: list, flags: int, ignorecase: bool, lookarounds: bool = False, joined: bool = False
) -> tuple[frozenset[str], bool]:
    """(literals, folded): one of the literals occurs in every match of ``items`` (with
    ``lookarounds``, in every string a match is found in); folded when they stand under
    IGNORECASE (to be looked for in case-folded text). With ``joined``, a run of adjacent items
    that match only a few fixed strings (``\\[(?:NEWS|VIDEO)\\]``) gives those strings joined
    (``[NEWS]``, ``[VIDEO]``) instead of its longest literal alone."""
    candidates: list[tuple[frozenset[str], bool]] = []
    run: list[str] = []
    run_folded = False
    product: frozenset[str] | None = None  # with joined: the strings of the run of fixed items so far
    product_folded = False

    def flush() -> None:
        nonlocal run, run_folded, product, product_folded
        if run:
            candidates.append((frozenset({"".join(run)}), run_folded))
        run, run_folded = [], False
        if product is not None and "" not in product:
            candidates.append((product, product_folded))
        product, product_folded = None, False

    for op, av in items:
        exact = _exact_or_none((op, av), flags, ignorecase) if joined else None
        if exact is not None:
            if product is not None and len(product) * len(exact[0]) > JOINED_MAX_STRINGS:
                flush()
            product = exact[0] if product is None else frozenset(a + b for a in product for b in exact[0])
            product_folded = product_folded or exact[1]
            continue
        if op is c.LITERAL:
            folded = bool(flags & _IGNORECASE) and _cased(av)
            if folded and not ignorecase:
                flush()
                continue
            run.append(chr(av))
            run_folded = run_folded or folded
            continue
        flush()
        try:
            if op is c.SUBPATTERN:
                _, add, remove, sub = av
                candidates.append(_sequence(sub.data, (flags | add) & ~remove, ignorecase, lookarounds, joined))
            elif op is c.BRANCH:
                parts = [_sequence(branch.data, flags, ignorecase, lookarounds, joined) for branch in av[1]]
                candidates.append((frozenset().union(*(lits for lits, _ in parts)), any(f for _, f in parts)))
            elif op in _REPEATS and av[0] >= 1:
                candidates.append(_sequence(av[2].data, flags, ignorecase, lookarounds, joined))
            elif op is c.ATOMIC_GROUP:
                candidates.append(_sequence(av.data, flags, ignorecase, lookarounds, joined))
            elif op is c.ASSERT and lookarounds:
                # what a positive lookahead or lookbehind matches lies in the string, not in the match
                candidates.append(_sequence(av[1].data, flags, ignorecase, lookarounds, joined))
        except _Unsure:
            continue
    flush()
    return _best(candidates)


def required_literals(
    pattern: str | re.Pattern[str], *, ignorecase: bool = False, lookarounds: bool = False, joined: bool = False
) -> tuple[frozenset[str], bool] | None:
    """(literals, folded), or None: every match of ``pattern`` contains one of ``literals``
    (compared after ``fold`` when ``folded``); None when no such set is known.

    With ``lookarounds``, the promise is weaker and the sets larger: every *string* the pattern
    matches in contains one of them, a positive lookahead's or lookbehind's literals counted
    (``(?=ab)\\w`` matches 'a', but only in a string holding 'ab'): enough for a caller that
    tests the string it then hands to the pattern. With ``joined``, adjacent literals and groups of
    literal alternatives are joined into their strings (``share\\ (?:this|on)``: ``share this``,
    ``share on``, not ``share ``): fewer strings that hold them and match nothing."""
    source, flags = (pattern.pattern, pattern.flags) if isinstance(pattern, re.Pattern) else (pattern, 0)
    if not isinstance(source, str):
        return None
    try:
        parsed = sre_parse.parse(source, flags)
    except re.error:
        return None
    try:
        literals, folded = _sequence(parsed.data, parsed.state.flags, ignorecase, lookarounds, joined)
    except _Unsure:
        return None
    if not literals or "" in literals:
        return None
    if folded:
        literals = frozenset(fold(s) for s in literals)
    # a literal holding another one adds nothing: the shorter is found wherever it is
    return frozenset(lit for lit in literals if not any(other != lit and other in lit for other in literals)), folded


def _first_items(items: list) -> list:
    """The items a match may begin with: through groups, into every branch and lookaround."""
    while items and items[0][0] is c.AT:
        items = items[1:]
    if not items:
        return []
    op, av = items[0]
    if op in (c.ASSERT, c.ASSERT_NOT):  # a lookaround runs first, then what follows it
        return _first_items(av[1].data) + _first_items(items[1:])
    if op is c.SUBPATTERN:
        return _first_items(av[3].data)
    if op is c.BRANCH:
        return [first for branch in av[1] for first in _first_items(branch.data)]
    return [items[0]]


def starts_loose(pattern: re.Pattern[str]) -> bool:
    """Whether a match may begin with a run of any characters (``.{0,80}``, ``.*``, ``\\w+``):
    such a pattern tries every length of it on every line before it fails, so a literal
    prefilter pays; one that begins with a given word fails on the first letters by itself."""
    try:
        parsed = sre_parse.parse(pattern.pattern, pattern.flags)
    except (re.error, TypeError):
        return False
    return any(op in _REPEATS and av[1] > 1 for op, av in _first_items(parsed.data))
