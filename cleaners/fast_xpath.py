"""trafilatura's XPath expressions made cheap inside our extraction, selecting the same nodes.

A large share of our page time went to libxml2 evaluating trafilatura's module-level
expressions (found by timing each expression over its calls; benchmarks/quality.py gives today's speeds):
``.//*[self::div or ...][@class='x' or re:test(@id, '...')]`` evaluated node by node, with a
call back into Python for every EXSLT ``re:test``. Two replacements, tried in this order:

1. cleaners.xpath_python reads the expression and evaluates it in Python: lxml's iterators with
   their tag filter in C, and a compiled Python test per element (``re`` for ``re:test``). Every
   module-level expression of trafilatura but one (``local-name()``) is read, and evaluated in
   less time than libxml2 takes, every page's output unchanged. tests/test_xpath_python.py holds
   each expression to libxml2's very nodes, in its order, on every fixture page and on generated trees.
2. Else each ``re:test`` is rewritten, mechanically, into tests libxml2 evaluates by itself
   before the callback:

   - ``re:test(@a, P)`` sees the first attribute node's value, or "" when there is none (lxml's
     EXSLT); ``string(@a)`` is that same value handed over as a string (no node to wrap).
   - When P cannot match "", an element without the attribute fails: ``@a and ...`` says so.
   - When every match of P contains one of a few literal strings (cleaners.regex_literals, read
     off the pattern itself), an element whose value contains none of them fails:
     ``contains(string(@a), 'lit') or ...``, only case-sensitive literals (XPath has no other).

   The rewritten expression selects the same nodes in the same order; expressions this module
   cannot read (an argument that is not attributes, a quote in a pattern) are left as they are.

Lists of expressions that a caller tries one after another on a tree it does not change meanwhile
(trafilatura's category and tag expressions) can share one walk of the page (``walk_together``):
each member answers from it while its group is ``over`` that tree (cleaners.extraction).

The swap is made in trafilatura's modules (lists in place, names rebound), each expression
picking its version per call by a context variable, so only our extraction uses the replacements
(cleaners.extraction) and every other caller, the benchmarks' baselines among them, keeps
trafilatura's own expression.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from lxml import etree

from cleaners import xpath_python
from cleaners.regex_literals import required_literals

EXSLT_RE = "http://exslt.org/regular-expressions"
# More literals than this, and testing them one by one in libxml2 costs more than the callback.
MAX_LITERALS = 6
# re:test(<attributes>, '<pattern>'[, '<flags>']); XPath 1.0 string literals have no escapes
_CALL = re.compile(
    r"re:test\(\s*(?P<arg>@[\w-]+(?:\s*\|\s*@[\w-]+)*)\s*,\s*'(?P<pattern>[^']*)'\s*(?:,\s*'(?P<flags>[^']*)'\s*)?\)"
)


def _test(match: re.Match[str]) -> str:
    arg, pattern, flags = match["arg"], match["pattern"], match["flags"]
    value = f"string({arg})"
    flag_arg = f", '{flags}'" if flags is not None else ""
    call = f"re:test({value}, '{pattern}'{flag_arg})"
    compiled = re.compile(pattern, re.IGNORECASE if flags and "i" in flags else 0)
    found = None if flags and "i" in flags else required_literals(compiled)
    if found is not None and len(found[0]) <= MAX_LITERALS and "'" not in "".join(found[0]):
        contains = " or ".join(f"contains({value}, '{literal}')" for literal in sorted(found[0]))
        return f"(({contains}) and {call})"
    if compiled.search("") is None:
        return f"(({arg}) and {call})"
    return call


def rewrite(path: str) -> str | None:
    """``path`` with every ``re:test`` rewritten; None when one of them cannot be read."""
    if path.count("re:test(") != len(_CALL.findall(path)):
        return None
    return _CALL.sub(_test, path)


class SwitchedXPath:
    """Called like the XPath it stands for: the rewrite while ``active`` is set, else the original."""

    __slots__ = ("active", "fast", "original")

    def __init__(self, original: etree.XPath, fast: Callable[..., Any], active: ContextVar[bool]) -> None:
        self.original, self.fast, self.active = original, fast, active

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return (self.fast if self.active.get() else self.original)(*args, **kwargs)

    @property
    def in_effect(self) -> Callable[..., Any]:
        """The version a call makes now: the rewrite while ``active`` is set, else the original."""
        return self.fast if self.active.get() else self.original

    @property
    def path(self) -> str:
        return self.original.path

    def __str__(self) -> str:
        return str(self.original)


class WalkedTogether:
    """Lists of trafilatura's expressions, each ``//A[...]//B[...]``, evaluated from one walk of
    the page (cleaners.xpath_python.shared_walk) while ``over(tree)`` holds: their members
    (``SharedXPath``) called with that very tree answer from the walk, made at the first such
    call; any other call is their SwitchedXPath's. For callers that try the expressions one after
    another on a tree nothing changes meanwhile (trafilatura's extract_catstags, in extract_metadata)."""

    def __init__(self, walk: Callable[[etree._Element], list[Any]]) -> None:
        self.walk = walk
        # [the tree, its walk's results once made]: set for the time of ``over``
        self._current: ContextVar[list[Any] | None] = ContextVar(f"cleancrawl_walk_{id(self)}", default=None)

    @contextmanager
    def over(self, tree: object) -> Iterator[None]:
        token = self._current.set([tree, None] if xpath_python.handles(tree) else None)
        try:
            yield
        finally:
            self._current.reset(token)

    def results(self, context: object, index: int) -> list[etree._Element] | None:
        """What member ``index`` selects in ``context``, or None when the walk is not for it."""
        current = self._current.get()
        if current is None or current[0] is not context:
            return None
        if current[1] is None:
            current[1] = self.walk(context)
        found = current[1][index] = list(current[1][index])
        return list(found)


class SharedXPath(SwitchedXPath):
    """A SwitchedXPath answering from its group's walk (``WalkedTogether``) where one is under way."""

    __slots__ = ("group", "index")

    def __init__(self, switched: SwitchedXPath, group: WalkedTogether, index: int) -> None:
        super().__init__(switched.original, switched.fast, switched.active)
        self.group, self.index = group, index

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        if self.active.get() and len(args) == 1 and not kwargs:
            found = self.group.results(args[0], self.index)
            if found is not None:
                return found
        return super().__call__(*args, **kwargs)


def walk_together(*lists: list[Any]) -> WalkedTogether | None:
    """Make the members of ``lists`` (trafilatura's, their items switched already by ``install``)
    SharedXPath of one group, in place (idempotent); None, the lists left as they are, when one
    of them is not switched or their paths cannot share a walk."""
    members = [item for expressions in lists for item in expressions]
    if members and all(isinstance(item, SharedXPath) for item in members):
        return members[0].group
    if not members or not all(type(item) is SwitchedXPath for item in members):
        return None
    walk = xpath_python.shared_walk([item.path for item in members])
    if walk is None:
        return None
    group = WalkedTogether(walk)
    index = 0
    for expressions in lists:
        for i, item in enumerate(expressions):
            expressions[i] = SharedXPath(item, group, index)
            index += 1
    return group


def fast_version(expression: etree.XPath, active: ContextVar[bool]) -> SwitchedXPath | None:
    """What our extraction calls in place of ``expression``: its Python selector (cleaners.xpath_python)
    when the expression can be read exactly, else the XPath with its ``re:test`` rewritten; None
    when neither applies. The selector hands the calls it is not built for to the rewrite (or the
    original)."""
    path = expression.path
    rewritten = _rewritten_xpath(path) if "re:test(" in path else None
    selector = xpath_python.compile_path(path, fallback=rewritten or expression)
    fast = selector or rewritten
    return None if fast is None else SwitchedXPath(expression, fast, active)


def _rewritten_xpath(path: str) -> etree.XPath | None:
    rewritten = rewrite(path)
    if rewritten is None:
        return None
    try:  # every expression with re:test declares the EXSLT prefix as trafilatura does
        return etree.XPath(rewritten, namespaces={"re": EXSLT_RE})
    except etree.XPathSyntaxError:  # another prefix: left as it is
        return None


def install(package: str, active: ContextVar[bool]) -> int:
    """Swap the rewrites into every loaded module of ``package`` (idempotent); how many."""
    made: dict[int, SwitchedXPath | None] = {}

    def switched(value: object) -> SwitchedXPath | None:
        if id(value) not in made:
            made[id(value)] = fast_version(value, active) if isinstance(value, etree.XPath) else None
        return made[id(value)]

    for name, module in list(sys.modules.items()):
        if module is None or not (name == package or name.startswith(package + ".")):
            continue
        for attr, value in list(vars(module).items()):
            if isinstance(value, etree.XPath) and (fast := switched(value)) is not None:
                setattr(module, attr, fast)
            elif isinstance(value, list):
                for i, item in enumerate(value):
                    if isinstance(item, etree.XPath) and (fast := switched(item)) is not None:
                        value[i] = fast
            elif isinstance(value, tuple) and any(isinstance(item, etree.XPath) for item in value):
                setattr(module, attr, tuple(switched(item) or item for item in value))
    return sum(1 for fast in made.values() if fast is not None)
