"""trafilatura's XPath selections, read once and evaluated in Python: the same nodes, in the same order.

Why: a large share of our page time was libxml2 evaluating trafilatura's module-level
expressions, ``.//*[self::div or ...][@class='x' or re:test(@id, '...')]``, on pages of hundreds
of elements: libxml2 evaluates every predicate node by node
and calls back into Python for each EXSLT ``re:test``. A ``for el in root.iter(*tags)`` (the tag
filter runs in C) with a Python test of ``el.get("class")`` does the same work several times faster.

``compile_path`` reads an expression of the shapes trafilatura writes and returns a ``Selector``,
called like the ``etree.XPath`` it stands for; anything it cannot read exactly gives None, and the
caller keeps the XPath. What it reads, and the XPath 1.0 semantics it keeps:

- paths ``.//step``, ``//step``, ``.//step//step`` (also from ``//``), ``(path)[n]``, unions ``a|b``;
  a step is ``*`` or a name, then predicates. ``//`` searches the whole document the context node
  belongs to (lxml: the root of ``getroottree()``, even for an element removed from it), root
  element included; ``.//`` only the context node's descendants. ``*`` and names match elements
  only (lxml's ``iter()`` without a tag yields comments, PIs and entities too: never used so).
- results in document order; a union merged without duplicates in document order (when all its
  branches are one step from the same anchor, one walk tests them all; else the few nodes are
  sorted by their paths from the root).
- ``step[n]`` (a number as the last predicate) is the n-th match among each parent's children,
  ``(path)[n]`` the n-th of the whole path: ``.//*[...][1]`` is not the first match of the page.
- predicates: ``and``/``or``/``not()``/parentheses; ``self::name``; ``@a`` (exists); ``@a='v'``;
  ``name='v'`` (a child element whose string value is v, computed by libxml2 itself);
  ``.//name`` (exists); ``contains``/``starts-with``/``translate`` and EXSLT ``re:test(s, p[, f])``
  of attributes. An attribute is its value, a missing one "" (``contains(@a, '')`` holds without
  it); ``@a|@b`` as a string is the one written first in the element (document order of
  attributes); ``re:test`` is lxml's: ``re.compile(p, re.UNICODE | re.I if "i" in f)``,
  ``.search`` of that string.
- not read (None): ``text()``, axes other than ``self::``, ``position()``/``last()``, functions
  other than those above, variables, numbers outside ``[n]``, ``!=`` and other comparisons,
  child steps ``/``, a predicate after ``[n]``, a pattern Python cannot compile.

``shared_walk`` evaluates several ``//A[...]//B[...]`` paths from one walk of the document, the As
of all of them found by one generated loop (an element without any attribute every first step
needs is not tested further). A one-step path's nodes are also selected by one generated loop
(``Selector.select_all``), without a call of the test per element; and the walks found lazily
(``Selector.iterate``, ``selects_any``) filter their elements with generated generators
(``_filter_function``: a union's branches tested in one loop, each attribute read once).

A ``Selector`` hands to its fallback XPath every call it was not built for: XPath variables, a
context that is not an element (an ElementTree, a comment), an XML document with a DTD (lxml's
``get()`` returns the attribute defaults it declares, XPath does not). tests/test_xpath_python.py holds the
two to the same nodes on every saved page and on generated trees.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from cleaners.regex_literals import fold, required_literals

EXSLT_RE = "http://exslt.org/regular-expressions"
# Looking for a pattern's literals one by one (``in``) beats the regex engine on the class and id
# values of benchmark pages for every pattern trafilatura writes, 57 literals (2.2 us a value
# against 3.9 us) down to one (80 ns against 900 ns), but for a few anchored ones (+30 ns).
MAX_PREFILTER_LITERALS = 64

class Unreadable(Exception):
    """An expression (or a part of it) this module does not evaluate exactly."""


# ----------------------------------------------------------------------------------------------
# tokens

_TOKEN = re.compile(
    r"""\s*(?:
      (?P<literal>'[^']*'|"[^"]*")
    | (?P<number>\d+)(?![\w.])
    | (?P<op>//|::|!=|<=|>=|[/()\[\]|@,=.*<>$+-])
    | (?P<name>[A-Za-z_][\w-]*(?::[A-Za-z_][\w-]*)?)
    )""",
    re.VERBOSE,
)


def _tokens(path: str) -> list[tuple[str, str]]:
    tokens, position = [], 0
    path = path.strip()
    while position < len(path):
        match = _TOKEN.match(path, position)
        if match is None or match.end() == position:
            raise Unreadable(f"cannot read {path[position:position + 20]!r}")
        kind = match.lastgroup
        assert kind is not None
        tokens.append((kind, match[kind]))
        position = match.end()
        while position < len(path) and path[position].isspace():
            position += 1
    return tokens


# ----------------------------------------------------------------------------------------------
# syntax tree

@dataclass(frozen=True)
class Attrs:
    """``@a`` or ``@a|@b``: attribute nodes of the element, the names deduplicated."""
    names: tuple[str, ...]


@dataclass(frozen=True)
class Translate:
    arg: Attrs
    source: str
    target: str


@dataclass(frozen=True)
class Call:
    """contains / starts-with / re:test of a string made of attributes."""
    function: str
    arg: Attrs | Translate
    literals: tuple[str, ...]


@dataclass(frozen=True)
class Equals:
    """``@a='v'`` (attribute) or ``name='v'`` (a child element's string value)."""
    operand: Attrs | str
    literal: str


@dataclass(frozen=True)
class SelfIs:
    name: str  # "*" for any element


@dataclass(frozen=True)
class Exists:
    """``@a`` or ``.//name`` or ``name`` (child) as a boolean."""
    what: Attrs | tuple[str, str]  # ("descendant" | "child", name)


@dataclass(frozen=True)
class Const:
    """A test known for the whole call: ``name='v'`` where no element ``name`` exists."""
    value: bool


@dataclass(frozen=True)
class Not:
    arg: Any


@dataclass(frozen=True)
class Junction:
    op: str  # "and" | "or"
    args: tuple[Any, ...]


@dataclass
class Step:
    name: str  # "*" or an element name
    predicates: list[Any] = field(default_factory=list)
    position: int | None = None


@dataclass
class StepPath:
    anchor: str  # ".//" (descendants of the context) or "//" (the whole document)
    steps: list[Step]


@dataclass
class Nth:
    path: Any  # StepPath | Union
    position: int


@dataclass
class Union:
    branches: list[Any]


# ----------------------------------------------------------------------------------------------
# parser

class _Parser:
    def __init__(self, path: str) -> None:
        self.tokens = _tokens(path)
        self.i = 0

    def peek(self, offset: int = 0) -> tuple[str, str] | None:
        j = self.i + offset
        return self.tokens[j] if j < len(self.tokens) else None

    def take(self, kind: str, value: str | None = None) -> str:
        token = self.peek()
        if token is None or token[0] != kind or (value is not None and token[1] != value):
            raise Unreadable(f"expected {value or kind} at token {self.i}, got {token}")
        self.i += 1
        return token[1]

    def at(self, kind: str, value: str | None = None, offset: int = 0) -> bool:
        token = self.peek(offset)
        return token is not None and token[0] == kind and (value is None or token[1] == value)

    def expression(self) -> Any:
        result = self.union()
        if self.peek() is not None:
            raise Unreadable(f"unread tokens from {self.peek()}")
        return result

    def union(self) -> Any:
        branches = [self.path()]
        while self.at("op", "|"):
            self.take("op", "|")
            branches.append(self.path())
        return branches[0] if len(branches) == 1 else Union(branches)

    def path(self) -> Any:
        if self.at("op", "("):
            self.take("op", "(")
            inner = self.union()
            self.take("op", ")")
            self.take("op", "[")
            position = int(self.take("number"))
            self.take("op", "]")
            if position < 1:
                raise Unreadable("a position below 1")
            return Nth(inner, position)
        if self.at("op", ".") and self.at("op", "//", 1):
            self.i += 2
            anchor = ".//"
        else:
            self.take("op", "//")
            anchor = "//"
        steps = [self.step()]
        while self.at("op", "//"):
            self.take("op", "//")
            steps.append(self.step())
        if len(steps) > 2 or (len(steps) == 2 and any(step.position is not None for step in steps)):
            raise Unreadable("more than two steps, or a position in a path of two")
        return StepPath(anchor, steps)

    def step(self) -> Step:
        if self.at("op", "*"):
            self.take("op", "*")
            step = Step("*")
        else:
            name = self.take("name")
            if ":" in name or self.at("op", "::") or self.at("op", "("):
                raise Unreadable(f"an axis, prefix or function as a step: {name}")
            step = Step(name)
        while self.at("op", "["):
            self.take("op", "[")
            if step.position is not None:
                raise Unreadable("a predicate after a position")
            if self.at("number") and self.at("op", "]", 1):
                step.position = int(self.take("number"))
                if step.position < 1:
                    raise Unreadable("a position below 1")
            else:
                step.predicates.append(self.boolean())
            self.take("op", "]")
        return step

    def boolean(self) -> Any:
        args = [self.conjunction()]
        while self.at("name", "or"):
            self.take("name", "or")
            args.append(self.conjunction())
        return args[0] if len(args) == 1 else Junction("or", tuple(args))

    def conjunction(self) -> Any:
        args = [self.primary()]
        while self.at("name", "and"):
            self.take("name", "and")
            args.append(self.primary())
        return args[0] if len(args) == 1 else Junction("and", tuple(args))

    def primary(self) -> Any:
        if self.at("op", "("):
            self.take("op", "(")
            inner = self.boolean()
            self.take("op", ")")
            return inner
        if self.at("name", "not") and self.at("op", "(", 1):
            self.i += 2
            inner = self.boolean()
            self.take("op", ")")
            return Not(inner)
        if self.at("name", "self") and self.at("op", "::", 1):
            self.i += 2
            if self.at("op", "*"):
                self.take("op", "*")
                return SelfIs("*")
            name = self.take("name")
            if ":" in name:
                raise Unreadable("a prefixed name")
            return SelfIs(name)
        if self.at("op", ".") and self.at("op", "//", 1):
            self.i += 2
            name = self.take("name")
            if ":" in name or self.at("op", "[") or self.at("op", "/") or self.at("op", "//"):
                raise Unreadable("a longer relative path")
            return Exists(("descendant", name))
        if self.at("name") and self.at("op", "(", 1):
            return self.call()
        if self.at("op", "@"):
            return self.comparison(self.attrs())
        if self.at("name"):
            name = self.take("name")
            if ":" in name or self.at("op", "::") or self.at("op", "[") or self.at("op", "/"):
                raise Unreadable(f"a path or axis: {name}")
            return self.comparison(name)
        raise Unreadable(f"cannot read a test at {self.peek()}")

    def comparison(self, operand: Attrs | str) -> Any:
        if self.at("op", "="):
            self.take("op", "=")
            return Equals(operand, self.literal())
        if self.peek() is not None and self.peek()[0] == "op" and self.peek()[1] in {"!=", "<", ">", "<=", ">="}:
            raise Unreadable("a comparison other than =")
        return Exists(operand if isinstance(operand, Attrs) else ("child", operand))

    def attrs(self) -> Attrs:
        names = [self.attr()]
        while self.at("op", "|"):
            self.take("op", "|")
            names.append(self.attr())
        return Attrs(tuple(dict.fromkeys(names)))

    def attr(self) -> str:
        self.take("op", "@")
        name = self.take("name")
        if ":" in name:
            raise Unreadable("a prefixed attribute")
        return name

    def literal(self) -> str:
        return self.take("literal")[1:-1]

    def string_arg(self) -> Attrs | Translate:
        if self.at("name", "translate") and self.at("op", "(", 1):
            self.i += 2
            arg = self.attrs()
            self.take("op", ",")
            source = self.literal()
            self.take("op", ",")
            target = self.literal()
            self.take("op", ")")
            return Translate(arg, source, target)
        if self.at("op", "@"):
            return self.attrs()
        raise Unreadable(f"a function argument that is not attributes: {self.peek()}")

    def call(self) -> Call:
        function = self.take("name")
        if function not in {"contains", "starts-with", "re:test"}:
            raise Unreadable(f"function {function}")
        self.take("op", "(")
        arg = self.string_arg()
        literals = []
        while self.at("op", ","):
            self.take("op", ",")
            literals.append(self.literal())
        self.take("op", ")")
        if len(literals) not in ((1, 2) if function == "re:test" else (1,)):
            raise Unreadable(f"{function} with {len(literals) + 1} arguments")
        return Call(function, arg, tuple(literals))


def parse(path: str) -> Any:
    """The syntax tree of ``path``; raises Unreadable for what this module does not evaluate."""
    return _Parser(path).expression()


# ----------------------------------------------------------------------------------------------
# predicates, compiled to Python source

def _first_attribute(element: etree._Element, names: tuple[str, ...], values: tuple[str | None, ...]) -> str:
    """``string(@a|@b|...)``: the value of the attribute written first in the element, or ""."""
    present = [(name, value) for name, value in zip(names, values, strict=True) if value is not None]
    if not present:
        return ""
    if len(present) == 1:
        return present[0][1]
    keys = element.keys()
    return min(present, key=lambda item: keys.index(item[0]))[1]


_STRING_VALUE = etree.XPath("string(.)")


def _child_equals(element: etree._Element, name: str, literal: str) -> bool:
    """``name='v'``: some child element ``name`` has the string value v (libxml2 computes it)."""
    return any(_STRING_VALUE(child) == literal for child in element.iterchildren(name))


def _has_descendant(element: etree._Element, name: str) -> bool:
    return next(element.iterdescendants(name), None) is not None


def _has_child(element: etree._Element, name: str) -> bool:
    return next(element.iterchildren(name), None) is not None


def _translation(source: str, target: str) -> dict[int, int | None]:
    """XPath translate(): a character's first place in ``source`` decides; past ``target``'s end, dropped."""
    table: dict[int, int | None] = {}
    for i, char in enumerate(source):
        table.setdefault(ord(char), ord(target[i]) if i < len(target) else None)
    return table


class _Codegen:
    """Python source for one predicate function ``_test(el)``, with its constants."""

    def __init__(self) -> None:
        self.constants: dict[str, object] = {
            "_first_attribute": _first_attribute, "_child_equals": _child_equals,
            "_has_descendant": _has_descendant, "_has_child": _has_child,
        }
        self.attributes: dict[str, str] = {}
        self.folds = 0

    def constant(self, value: object) -> str:
        name = f"_c{len(self.constants)}"
        self.constants[name] = value
        return name

    def attribute(self, name: str) -> str:
        if name not in self.attributes:
            self.attributes[name] = f"_a{len(self.attributes)}"
        return self.attributes[name]

    def string(self, arg: Attrs | Translate) -> str:
        """A Python expression for the XPath string of ``arg`` (never None)."""
        if isinstance(arg, Translate):
            return f"{self.string(arg.arg)}.translate({self.constant(_translation(arg.source, arg.target))})"
        if len(arg.names) == 1:
            return f"({self.attribute(arg.names[0])} or '')"
        values = [self.attribute(name) for name in arg.names]
        ordered = f"_first_attribute(el, {arg.names!r}, ({', '.join(values)},))"
        if len(values) == 2:  # the usual case, one attribute or none, settled without the call
            a, b = values
            return f"(({b} or '') if {a} is None else ({a} if {b} is None else {ordered}))"
        return ordered

    def test(self, node: Any) -> str:
        if isinstance(node, Junction):
            return "(" + f" {node.op} ".join(self.test(arg) for arg in node.args) + ")"
        if isinstance(node, Not):
            return f"(not {self.test(node.arg)})"
        if isinstance(node, Const):
            return repr(node.value)
        if isinstance(node, SelfIs):
            return "True" if node.name == "*" else f"(el.tag == {node.name!r})"
        if isinstance(node, Exists):
            if isinstance(node.what, Attrs):
                return "(" + " or ".join(f"{self.attribute(n)} is not None" for n in node.what.names) + ")"
            axis, name = node.what
            return f"_has_descendant(el, {name!r})" if axis == "descendant" else f"_has_child(el, {name!r})"
        if isinstance(node, Equals):
            if isinstance(node.operand, Attrs):
                return "(" + " or ".join(f"{self.attribute(n)} == {node.literal!r}" for n in node.operand.names) + ")"
            return f"_child_equals(el, {node.operand!r}, {node.literal!r})"
        if isinstance(node, Call):
            return self.call(node)
        raise Unreadable(f"no code for {node!r}")

    def call(self, node: Call) -> str:
        if node.function == "re:test":
            pattern, flags = node.literals[0], node.literals[1] if len(node.literals) > 1 else ""
            try:  # lxml's EXSLT: re.UNICODE, re.IGNORECASE when the flags hold an "i"
                compiled = re.compile(pattern, re.UNICODE | (re.IGNORECASE if "i" in flags else 0))
            except re.error as error:
                raise Unreadable(f"pattern {pattern!r}: {error}") from error
            search = self.constant(compiled.search)
            if isinstance(node.arg, Attrs) and len(node.arg.names) == 1:
                # a missing attribute is "": settle it once, not per element
                value = self.attribute(node.arg.names[0])
                on_empty = compiled.search("") is not None
                test = f"{self.prefilter(compiled, value)}{search}({value}) is not None"
                return f"(({test}) if {value} is not None else {on_empty})"
            self.folds += 1
            string = f"_s{self.folds}"
            test = f"{self.prefilter(compiled, string)}{search}({string}) is not None"
            return f"((({string} := {self.string(node.arg)}) is not None) and {test})"
        literal = node.literals[0]
        method = "__contains__" if node.function == "contains" else "startswith"
        if literal == "":
            return "True"  # contains(s, '') and starts-with(s, '') hold for every string
        if isinstance(node.arg, Attrs) and len(node.arg.names) == 1:
            value = self.attribute(node.arg.names[0])
            return f"({value} is not None and {value}.{method}({literal!r}))"
        return f"{self.string(node.arg)}.{method}({literal!r})"

    def prefilter(self, compiled: re.Pattern[str], value: str) -> str:
        """``lit in value or ... and `` when every match of the pattern holds one of a few
        literals (cleaners.regex_literals; compared case-folded under IGNORECASE): cheaper
        than the regex engine on the many values that hold none of them."""
        found = required_literals(compiled, ignorecase=True)
        if found is None or len(found[0]) > MAX_PREFILTER_LITERALS:
            return ""
        literals, folded = found
        if folded:
            self.constants["_fold"] = fold
            self.folds += 1
            haystack = f"_f{self.folds}"
            tests = " or ".join(f"{lit!r} in {haystack}" for lit in sorted(literals))
            return f"(({haystack} := _fold({value})) is not None and ({tests})) and "
        return "(" + " or ".join(f"{lit!r} in {value}" for lit in sorted(literals)) + ") and "

    def function(self, predicates: list[Any]) -> Callable[[etree._Element], bool]:
        if not predicates:
            return _always
        body = " and ".join(self.test(node) for node in predicates)
        lines = ["def _test(el):"]
        if self.attributes:
            lines.append("    get = el.get")
            lines.extend(f"    {variable} = get({name!r})" for name, variable in self.attributes.items())
        lines.append(f"    return bool({body})")
        namespace = dict(self.constants)
        exec("\n".join(lines), namespace)  # source built above from parsed names and constants
        return namespace["_test"]


def _always(_element: etree._Element) -> bool:
    return True


def _select_function(predicates: list[Any]) -> Callable[[Iterable[etree._Element]], list[etree._Element]]:
    """``lambda elements: [el for el in elements if test(el)]`` for the test of ``predicates``, as
    one generated loop: no call of the test per element."""
    if not predicates:
        return list
    codegen = _Codegen()
    body = " and ".join(codegen.test(node) for node in predicates)
    lines = ["def _select(elements):", "    found = []", "    append = found.append", "    for el in elements:"]
    if codegen.attributes:
        lines.append("        get = el.get")
        lines.extend(f"        {variable} = get({name!r})" for name, variable in codegen.attributes.items())
    lines += [f"        if {body}:", "            append(el)", "    return found"]
    namespace = dict(codegen.constants)
    exec("\n".join(lines), namespace)  # source built from parsed names and constants
    return namespace["_select"]


def _self_names(node: Any) -> tuple[str, ...] | None:
    """The element names of a predicate made only of ``self::name`` tests joined by ``or``."""
    if isinstance(node, SelfIs) and node.name != "*":
        return (node.name,)
    if isinstance(node, Junction) and node.op == "or":
        names = [_self_names(arg) for arg in node.args]
        if all(names):
            return tuple(dict.fromkeys(name for group in names for name in group))
    return None


@dataclass
class _CompiledStep:
    """A step as a tag filter for lxml's iterators (None: any element) and a Python test."""
    tags: tuple[str, ...] | None
    test: Callable[[etree._Element], bool]
    position: int | None
    predicates: list[Any] = field(default_factory=list)
    """What ``test`` tests, kept for ``select``'s loop."""
    _select: Callable[[Iterable[etree._Element]], list[etree._Element]] | None = None
    _passing: Callable[[Iterable[etree._Element]], Iterator[etree._Element]] | None = None

    def passing(self, elements: Iterable[etree._Element]) -> Iterator[etree._Element]:
        """The elements that pass ``test``, found as they are read, in one generated loop
        (``_filter_function``: no call of the test per element), generated at the first call."""
        if self.test is _always:
            return iter(elements)
        if self._passing is None:
            self._passing = _filter_function({None: [self.predicates]}, set())
        return self._passing(elements)

    def select(self, elements: Iterable[etree._Element]) -> list[etree._Element]:
        """The elements that pass ``test``, in one loop (``_select_function``), generated at the
        first call: most steps are never selected so (a one-step path's, where the walk is not
        stopped at the first), and generating each costs start-up time."""
        if self._select is None:
            self._select = _select_function(self.predicates)
        return self._select(elements)

    def iterate(self, context: etree._Element, anchor: str) -> Iterator[etree._Element]:
        tags = self.tags if self.tags is not None else (etree.Element,)
        if anchor == ".//":
            return context.iterdescendants(*tags)
        root = context.getroottree().getroot()
        return iter(()) if root is None else root.iter(*tags)


def _compile_step(step: Step) -> _CompiledStep:
    predicates = list(step.predicates)
    tags: tuple[str, ...] | None = None if step.name == "*" else (step.name,)
    if tags is None and predicates and (names := _self_names(predicates[0])) is not None:
        tags = names
        predicates.pop(0)
    return _CompiledStep(tags, _Codegen().function(predicates), step.position, predicates)


# ----------------------------------------------------------------------------------------------
# paths

def _document_order_key(element: etree._Element) -> tuple[int, ...]:
    """The element's path of child indexes from its tree's root: sorts elements in document order."""
    key = []
    parent = element.getparent()
    while parent is not None:
        key.append(parent.index(element))
        element, parent = parent, parent.getparent()
    return tuple(reversed(key))


def _one_step(step: _CompiledStep, anchor: str) -> Callable[[etree._Element], Iterator[etree._Element]]:
    test = step.test
    if step.position is None:
        def walk(context: etree._Element) -> Iterator[etree._Element]:
            return step.passing(step.iterate(context, anchor))
        return walk
    position = step.position

    def walk_nth(context: etree._Element) -> Iterator[etree._Element]:
        counts: dict[etree._Element | None, int] = {}  # holds the parents: their identity stays theirs
        for el in step.iterate(context, anchor):
            if test(el):
                parent = el.getparent()
                count = counts[parent] = counts.get(parent, 0) + 1
                if count == position:
                    yield el
    return walk_nth


def _two_steps(outer: _CompiledStep, inner: _CompiledStep, anchor: str) -> Callable[..., Iterator[etree._Element]]:
    """``A//B``: every B below some A, each once, in document order. The As are few: walk them,
    keep those not inside an earlier one (their subtrees are disjoint, in document order), then
    the Bs of each subtree."""

    def walk(context: etree._Element) -> Iterator[etree._Element]:
        return _below(inner, outer.passing(outer.iterate(context, anchor)))
    return walk


def _below(inner: _CompiledStep, outers: Iterable[etree._Element]) -> Iterator[etree._Element]:
    """The ``inner`` matches below ``outers`` (in document order), each once, in document order:
    the outers not inside an earlier one (their subtrees are disjoint), then the matches of each."""
    inner_tags = inner.tags if inner.tags is not None else (etree.Element,)
    tops: dict[etree._Element, None] = {}
    for candidate in outers:
        if not (tops and any(a in tops for a in candidate.iterancestors())):
            tops[candidate] = None
    for top in tops:
        yield from inner.passing(top.iterdescendants(*inner_tags))


def _walker(node: Any) -> tuple[str | None, Callable[[etree._Element], Iterable[etree._Element]]]:
    """(anchor, function giving the nodes of ``node`` in document order, without duplicates)."""
    if isinstance(node, StepPath):
        steps = [_compile_step(step) for step in node.steps]
        if len(steps) == 1:
            return node.anchor, _one_step(steps[0], node.anchor)
        return node.anchor, _two_steps(steps[0], steps[1], node.anchor)
    if isinstance(node, Nth):
        anchor, inner = _walker(node.path)
        index = node.position - 1

        def nth(context: etree._Element) -> list[etree._Element]:
            for i, el in enumerate(inner(context)):
                if i == index:
                    return [el]
            return []
        return anchor, nth
    if isinstance(node, Union):
        return _union(node)
    raise Unreadable(f"no walker for {node!r}")


def _one_walk(steps: list[_CompiledStep], anchor: str) -> Callable[[etree._Element], Iterator[etree._Element]]:
    """A union of one-step paths from one anchor in a single walk: each element once, in document
    order, kept when one branch takes it (looked up by its tag: most branches name their tags),
    the tests in one generated loop (``_filter_function``)."""
    always: set[str] = set()
    # each branch's predicates by the tags it names (None: any tag), in branch order
    branches: dict[str | None, list[list[Any]]] = {}
    for step in steps:
        if step.tags is not None and step.test is _always:
            always.update(step.tags)
            continue
        for tag in step.tags or (None,):
            branches.setdefault(tag, []).append(step.predicates)
    anywhere = None in branches
    tags = None if anywhere else tuple(dict.fromkeys(tag for step in steps for tag in step.tags or ()))
    walk_all = _CompiledStep(tags, _always, None)
    if not branches:
        return lambda context: walk_all.iterate(context, anchor)
    passing = _filter_function(branches, always)

    def walk(context: etree._Element) -> Iterator[etree._Element]:
        return passing(walk_all.iterate(context, anchor))

    return walk


def _filter_function(
    branches: dict[str | None, list[list[Any]]], always: set[str]
) -> Callable[[Iterable[etree._Element]], Iterator[etree._Element]]:
    """A generated generator yielding, in order, the elements given that pass: whose tag is in
    ``always``, or that pass the predicates of one of the branches naming their tag or of one
    naming none (``branches[None]``). One loop, each attribute read once an element, the tests
    inline: no function called for each element (a union's branches were a chain of calls)."""
    codegen = _Codegen()

    def passes(tests: list[list[Any]]) -> str:
        return " or ".join(
            "(" + (" and ".join(codegen.test(node) for node in predicates) or "True") + ")" for predicates in tests)

    anywhere = branches.get(None, [])
    cases = [(tag, passes([*tests, *anywhere])) for tag, tests in branches.items() if tag is not None]
    elsewhere = passes(anywhere) if anywhere else None
    lines = ["def _passing(elements):", "    for el in elements:"]
    body = []
    if cases or always:
        body.append("        tag = el.tag")
    keyword = "if"
    if always:
        body += [f"        if tag in {codegen.constant(frozenset(always))}:", "            yield el"]
        keyword = "elif"
    for tag, condition in cases:
        body += [f"        {keyword} tag == {tag!r}:", f"            if {condition}:", "                yield el"]
        keyword = "elif"
    if elsewhere is not None:
        if keyword == "if":
            body += [f"        if {elsewhere}:", "            yield el"]
        else:
            body += ["        else:", f"            if {elsewhere}:", "                yield el"]
    if codegen.attributes:
        lines.append("        get = el.get")
        lines.extend(f"        {variable} = get({name!r})" for name, variable in codegen.attributes.items())
    namespace = dict(codegen.constants)
    exec("\n".join(lines + body), namespace)  # source built from parsed names and constants
    return namespace["_passing"]


def _union(node: Union) -> tuple[str | None, Callable[[etree._Element], Iterable[etree._Element]]]:
    anchors = set()
    simple = []
    for branch in node.branches:
        simple_step = isinstance(branch, StepPath) and len(branch.steps) == 1 and branch.steps[0].position is None
        simple.append(simple_step)
        anchors.add(branch.anchor if isinstance(branch, StepPath) else _walker(branch)[0])
    if len(anchors) != 1 or None in anchors:
        raise Unreadable("a union of paths from different anchors")
    (anchor,) = anchors
    if all(simple):
        return anchor, _one_walk([_compile_step(branch.steps[0]) for branch in node.branches], anchor)
    walkers = [_walker(branch)[1] for branch in node.branches]

    def merged(context: etree._Element) -> list[etree._Element]:
        found: dict[etree._Element, None] = {}
        for walk in walkers:
            found.update(dict.fromkeys(walk(context)))
        return sorted(found, key=_document_order_key) if len(walkers) > 1 else list(found)
    return anchor, merged


def handles(context: Any) -> bool:
    """Whether the Python evaluation applies to ``context``: an element (not an ElementTree, a
    comment) of a document whose attributes ``get()`` reads as XPath does. lxml's get() also
    finds an attribute's default declared in a DTD, which XPath's @a does not see: only documents
    without a DTD, or HTML ones (no xml_version: the HTML parser reads no declarations)."""
    if not isinstance(context, etree._Element) or not isinstance(context.tag, str):
        return False
    docinfo = context.getroottree().docinfo
    return docinfo.xml_version is None or (docinfo.internalDTD is None and docinfo.externalDTD is None)


def _required(node: Any) -> frozenset[str] | None:
    """Attribute names of which an element must have one for ``node`` to hold; None: no such set
    (a missing attribute is "" in a string test, and nothing in a comparison)."""
    if isinstance(node, Const):
        return None if node.value else frozenset()
    if isinstance(node, Equals) and isinstance(node.operand, Attrs):
        return frozenset(node.operand.names)
    if isinstance(node, Exists) and isinstance(node.what, Attrs):
        return frozenset(node.what.names)
    if isinstance(node, Call):
        names = frozenset((node.arg.arg if isinstance(node.arg, Translate) else node.arg).names)
        if node.function == "re:test":
            flags = re.IGNORECASE if len(node.literals) > 1 and "i" in node.literals[1] else 0
            try:
                return None if re.compile(node.literals[0], flags).search("") is not None else names
            except re.error:
                return None
        return names if node.literals[0] else None
    if isinstance(node, Junction):
        sets = [_required(arg) for arg in node.args]
        if node.op == "or":
            return None if any(s is None for s in sets) else frozenset().union(*sets)
        return min((s for s in sets if s is not None), key=len, default=None)
    return None


def _joint_walk(steps: list[Step]) -> Callable[[Iterable[etree._Element], list[list[etree._Element]]], None]:
    """One loop for the first steps of several paths: ``walk(elements, found)`` appends each element
    to ``found[i]`` for each step i it passes. Each attribute is read once; an element with none of
    the attributes every step needs one of is tested no further; then only the steps naming its
    tag (an ``if`` each tag), and those naming none, are tested."""
    codegen = _Codegen()
    by_tag: dict[str, list[str]] = {}
    anywhere: list[str] = []
    required: set[str] | None = set()
    for i, step in enumerate(steps):
        predicates = list(step.predicates)
        tags: tuple[str, ...] | None = None if step.name == "*" else (step.name,)
        if tags is None and predicates and (names := _self_names(predicates[0])) is not None:
            tags = names
            predicates.pop(0)
        needed = min((s for s in map(_required, predicates) if s is not None), key=len, default=None)
        required = None if needed is None or required is None else required | needed
        condition = " and ".join(codegen.test(node) for node in predicates) or "True"
        line = f"if {condition}: _found{i}(el)"
        for tag in tags or ():
            by_tag.setdefault(tag, []).append(line)
        if tags is None:
            anywhere.append(line)
    for name in sorted(required or ()):
        codegen.attribute(name)
    lines = ["def _walk(elements, found):"]
    lines += [f"    _found{i} = found[{i}].append" for i in range(len(steps))]
    lines += ["    for el in elements:", "        get = el.get"]
    lines += [f"        {variable} = get({name!r})" for name, variable in codegen.attributes.items()]
    if required:
        lines.append("        if " + " and ".join(f"{codegen.attribute(n)} is None" for n in sorted(required)) + ":")
        lines.append("            continue")
    lines.append("        tag = el.tag")
    for k, (tag, tests) in enumerate(by_tag.items()):
        lines.append(f"        {'if' if k == 0 else 'elif'} tag == {tag!r}:")
        lines += [f"            {test}" for test in tests]
    lines += [f"        {test}" for test in anywhere]
    namespace = dict(codegen.constants)
    exec("\n".join(lines), namespace)  # source built from parsed names and constants
    return namespace["_walk"]


def shared_walk(paths: Sequence[str]) -> Callable[[etree._Element], list[Iterator[etree._Element]]] | None:
    """Several paths ``//A[...]//B[...]`` evaluated from one walk of the document: a function of
    the context giving, path by path, the nodes that path's Selector gives (lazily: the Bs of a
    path are looked for when its iterator is read). The As of every path are found in that one
    walk by one loop testing each element (``_joint_walk``). None unless every path is read and is such a
    two-step path from ``//`` without a test of children (they take a scan of their own). For a
    context ``handles`` accepts."""
    try:
        parsed = [parse(path) for path in paths]
    except Unreadable:
        return None
    if not all(isinstance(p, StepPath) and p.anchor == "//" and len(p.steps) == 2 for p in parsed):
        return None
    if any(_child_names(p) for p in parsed):
        return None
    outers = [_compile_step(p.steps[0]) for p in parsed]
    inners = [_compile_step(p.steps[1]) for p in parsed]
    tags = None if any(o.tags is None for o in outers) else (
        tuple(dict.fromkeys(t for o in outers for t in o.tags or ())))
    walked = _CompiledStep(tags, _always, None)
    joint = _joint_walk([p.steps[0] for p in parsed])

    def walk(context: etree._Element) -> list[Iterator[etree._Element]]:
        found: list[list[etree._Element]] = [[] for _ in parsed]
        joint(walked.iterate(context, "//"), found)
        return [_below(inner, outer) for inner, outer in zip(inners, found, strict=True)]
    return walk


class Selector:
    """Called like ``etree.XPath``: the Python evaluation for an element context, else ``fallback``."""

    __slots__ = ("fallback", "path", "select_all", "walk")

    def __init__(self, path: str, walk: Callable[[etree._Element], Iterable[etree._Element]],
                 fallback: Callable[..., Any],
                 select_all: Callable[[etree._Element], list[etree._Element]] | None = None) -> None:
        self.path, self.walk, self.fallback = path, walk, fallback
        self.select_all = select_all
        """For a path of one step: its nodes in one generated loop (the walk, a generator, stops
        at the first for ``selects_any``)."""

    def _handled(self, context: Any, variables: dict[str, Any]) -> bool:
        return not variables and handles(context)

    def __call__(self, _etree_or_element: Any, **variables: Any) -> Any:
        if not self._handled(_etree_or_element, variables):
            return self.fallback(_etree_or_element, **variables)
        if self.select_all is not None:
            return self.select_all(_etree_or_element)
        return list(self.walk(_etree_or_element))

    def iterate(self, context: Any) -> Iterable[etree._Element]:
        """The nodes in the same order, found as the walk reads them: a reader that stops at the
        first it takes leaves the rest of the page unwalked."""
        if not self._handled(context, {}):
            return self.fallback(context)
        return self.walk(context)

    def selects_any(self, context: Any) -> bool:
        """Whether the expression selects a node: the walk stops at the first."""
        if not self._handled(context, {}):
            return bool(self.fallback(context))
        return next(iter(self.walk(context)), None) is not None

    def __repr__(self) -> str:
        return f"Selector({self.path!r})"


def _child_names(node: Any) -> set[str]:
    """The element names the predicates of ``node`` look for among an element's children."""
    if isinstance(node, Equals) and isinstance(node.operand, str):
        return {node.operand}
    if isinstance(node, Exists) and isinstance(node.what, tuple) and node.what[0] == "child":
        return {node.what[1]}
    children: list[Any] = []
    if isinstance(node, Union):
        children = node.branches
    elif isinstance(node, Nth):
        children = [node.path]
    elif isinstance(node, StepPath):
        children = [p for step in node.steps for p in step.predicates]
    elif isinstance(node, Junction):
        children = list(node.args)
    elif isinstance(node, Not):
        children = [node.arg]
    return set().union(*(_child_names(child) for child in children))


def _without_children(node: Any) -> Any:
    """``node`` with its tests of children replaced by False: what they are in a document that
    has no element of their names."""
    if (isinstance(node, Equals) and isinstance(node.operand, str)) or (
            isinstance(node, Exists) and isinstance(node.what, tuple) and node.what[0] == "child"):
        return Const(False)
    if isinstance(node, Union):
        return Union([_without_children(branch) for branch in node.branches])
    if isinstance(node, Nth):
        return Nth(_without_children(node.path), node.position)
    if isinstance(node, StepPath):
        return StepPath(node.anchor, [
            Step(step.name, [_without_children(p) for p in step.predicates], step.position) for step in node.steps])
    if isinstance(node, Junction):
        return Junction(node.op, tuple(_without_children(arg) for arg in node.args))
    if isinstance(node, Not):
        return Not(_without_children(node.arg))
    return node


def _walk_checking_children(syntax: Any) -> Callable[[etree._Element], Iterable[etree._Element]]:
    """The walk of ``syntax``; where it tests children by name (``rel='me'``), a second walk
    without those tests, taken when the document holds no element of those names (one scan in C
    instead of a look at the children of every element)."""
    _, walk = _walker(syntax)
    names = tuple(sorted(_child_names(syntax)))
    if not names:
        return walk
    _, walk_without = _walker(_without_children(syntax))

    def either(context: etree._Element) -> Iterable[etree._Element]:
        # the scopes: the document (``//``) and the subtree the context is in (``.//``), the same
        # tree unless the context was removed from the document
        top = context
        while (parent := top.getparent()) is not None:
            top = parent
        root = context.getroottree().getroot()
        if any(next(scope.iter(*names), None) is not None for scope in {top, root} if scope is not None):
            return walk(context)
        return walk_without(context)
    return either


def compile_path(path: str, fallback: Callable[..., Any] | None = None) -> Selector | None:
    """A Selector evaluating ``path`` in Python, or None when it is not read exactly. ``fallback``
    (by default the XPath of ``path``) answers the calls the Selector is not built for."""
    try:
        syntax = parse(path)
        walk = _walk_checking_children(syntax)
    except Unreadable:
        return None
    select_all = None
    if isinstance(syntax, StepPath) and len(syntax.steps) == 1 and not _child_names(syntax):
        step, anchor = _compile_step(syntax.steps[0]), syntax.anchor
        if step.position is None:
            def select_all(context: etree._Element) -> list[etree._Element]:
                return step.select(step.iterate(context, anchor))
    if fallback is None:
        try:
            fallback = etree.XPath(path, namespaces={"re": EXSLT_RE})
        except etree.XPathSyntaxError:
            return None
    return Selector(path, walk, fallback, select_all)
