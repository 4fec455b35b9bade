"""cleaners.xpath_python: trafilatura's module-level XPath expressions, evaluated in Python,
select the very nodes libxml2 selects (the same element objects, in the same order), on every
saved page and on generated trees built to sit on each side of every test the expressions make."""

from __future__ import annotations

import copy
import random
import re
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import trafilatura
from lxml import etree, html

from cleaners import extraction, fast_xpath, xpath_python
from cleaners.parsing import parse_html

FIXTURES = Path(__file__).parent / "fixtures"
# the expressions that cost the most libxml2 time on benchmark pages: the compiler must read them
HEAVY = {
    "trafilatura.settings.BASIC_CLEAN_XPATH",
    "trafilatura.xpaths.REMOVE_COMMENTS_AND_LISTS_XPATH[0]",
    "trafilatura.xpaths.AUTHOR_DISCARD_XPATHS[0]",
    "trafilatura.xpaths.AUTHOR_DISCARD_XPATHS[1]",
    "trafilatura.xpaths.BODY_XPATH[0]",
    "trafilatura.xpaths.BODY_XPATH[4]",
    "trafilatura.xpaths.RAW_TREE_PRUNE_XPATH[0]",
    "trafilatura.xpaths.RAW_TREE_PRUNE_XPATH[1]",
    "trafilatura.xpaths.AUTHOR_XPATHS[0]",
    "trafilatura.xpaths.AUTHOR_XPATHS[1]",
    "trafilatura.xpaths.AUTHOR_XPATHS[2]",
    "trafilatura.xpaths.OVERALL_DISCARD_XPATH[0]",
    "trafilatura.xpaths.OVERALL_DISCARD_XPATH[1]",
    "trafilatura.xpaths.TAGS_XPATHS[3]",
    "trafilatura.xpaths.CATEGORIES_XPATHS[0]",
}


def _originals() -> dict[str, etree.XPath]:
    """Every module-level XPath of trafilatura, as trafilatura wrote it (switched or not)."""
    extraction.install()
    found: dict[int, tuple[str, etree.XPath]] = {}
    # named after the module that defines them, not one that imports them
    defining = ("trafilatura.xpaths", "trafilatura.settings", "trafilatura.htmlprocessing")
    for name, module in sorted(sys.modules.items(), key=lambda item: (item[0] not in defining, item[0])):
        if module is None or not name.startswith("trafilatura"):
            continue
        for attr, value in vars(module).items():
            items = value if isinstance(value, list | tuple) else [value]
            for i, item in enumerate(items):
                original = item.original if isinstance(item, fast_xpath.SwitchedXPath) else item
                if isinstance(original, etree.XPath) and id(original) not in found:
                    label = f"{name}.{attr}" + (f"[{i}]" if items is value else "")
                    found[id(original)] = (label, original)
    return dict(found.values())


ORIGINALS = _originals()
COMPILED = {name: xpath_python.compile_path(x.path) for name, x in ORIGINALS.items()}
ACCEPTED = {name: c for name, c in COMPILED.items() if c is not None}


def _vocabulary(paths: list[str]) -> tuple[list[str], list[str], list[str]]:
    """Tag names, attribute names and attribute values the expressions test, read off their text:
    each literal, each branch of a pattern's alternation, and variants on each side of a test."""
    tags, attrs, values = {"p", "b", "li", "h1", "rel", "x-y"}, {"href", "lang"}, {"", " ", "me"}
    for path in paths:
        tags.update(re.findall(r"self::([\w-]+)", path))
        tags.update(re.findall(r"//([a-z][\w-]*)", path))
        attrs.update(re.findall(r"@([\w-]+)", path))
        for literal in re.findall(r"'([^']*)'|\"([^\"]*)\"", path):
            text = literal[0] or literal[1]
            values.add(text)
            for token in re.split(r"[|()]", text):
                plain = re.sub(r"[\^$?:\\\[\]{}*+]|\{\d,?\d*\}|\?:", "", token)
                values.update({plain, plain + "-x", "x " + plain, "x" + plain, plain.upper(), plain.capitalize()})
    return sorted(tags), sorted(attrs), sorted(values)


class _Vocabulary:
    """What a generated tree is made of: mostly one expression's own names and values."""

    def __init__(self, focus: str) -> None:
        self.own = _vocabulary([focus])
        self.every = _vocabulary([x.path for x in ORIGINALS.values()])
        self.literals = [a or b for a, b in re.findall(r"'([^']*)'|\"([^\"]*)\"", focus)] or [""]

    def pick(self, rng: random.Random, part: int) -> str:
        return rng.choice((self.own if rng.random() < 0.8 else self.every)[part])

    def value(self, rng: random.Random) -> str:
        value = rng.choice(self.literals) if rng.random() < 0.4 else self.pick(rng, 2)
        shape = rng.random()
        if shape < 0.1:
            return value + "\n" + self.pick(rng, 2)
        if shape < 0.3:
            return self.pick(rng, 2) + " " + value
        if shape < 0.35:
            return value.upper()
        return value


def _random_tree(rng: random.Random, size: int, words: _Vocabulary) -> etree._Element:
    """A tree of elements named and attributed from the expressions' own vocabulary, attributes in
    random order, comments, processing instructions and entities between them, matches nested."""
    root = etree.Element("html")
    nodes = [root, etree.SubElement(root, "body")]
    for _ in range(size):
        parent = rng.choice(nodes if rng.random() < 0.5 else nodes[-6:])  # deep nesting too
        kind = rng.random()
        if kind < 0.06:
            parent.append(etree.Comment(" comment "))
            continue
        if kind < 0.08:
            parent.append(etree.ProcessingInstruction("pi", "x"))
            continue
        if kind < 0.09:
            parent.append(etree.Entity("amp"))
            continue
        tag = words.pick(rng, 0)
        element = etree.SubElement(parent, tag if rng.random() < 0.95 else tag.upper())
        names = words.own[1] if rng.random() < 0.8 else words.every[1]
        for name in rng.sample(names, k=min(len(names), rng.choice((0, 1, 1, 2, 2, 3)))):
            element.set(name, words.value(rng))
        if rng.random() < 0.3:
            element.text = rng.choice(("me", "x", " me", "m"))
        if rng.random() < 0.2:
            element.tail = "t"
        nodes.append(element)
    return root


def _contexts(root: etree._Element, rng: random.Random) -> Iterator[tuple[str, etree._Element]]:
    """The root, elements below it (``//`` from there still searches the whole document), a copy."""
    elements = list(root.iter(etree.Element))
    yield "root", root
    for element in rng.sample(elements, k=min(3, len(elements))):
        yield f"inner <{element.tag}>", element
    yield "copy", copy.deepcopy(root)
    inner = copy.deepcopy(rng.choice(elements))
    yield "copy of an inner element", inner


def _assert_same(name: str, original: etree.XPath, compiled: xpath_python.Selector, context: object, where: str):
    expected, got = original(context), compiled(context)
    assert compiled.selects_any(context) == bool(expected), f"{name} on {where}: selects_any"
    assert len(expected) == len(got), f"{name} on {where}: {len(expected)} nodes, Python {len(got)}"
    for i, (a, b) in enumerate(zip(expected, got, strict=True)):
        assert a is b, f"{name} on {where}: node {i} is {a!r}, Python gave {b!r}"


def test_the_heavy_expressions_are_read() -> None:
    assert set(ORIGINALS) >= HEAVY, sorted(HEAVY - set(ORIGINALS))
    assert set(ACCEPTED) >= HEAVY, sorted(HEAVY - set(ACCEPTED))


@pytest.mark.parametrize("page", sorted(p.name for p in FIXTURES.iterdir() if (p / "page.html").exists()))
def test_same_nodes_on_saved_pages(page: str) -> None:
    tree = parse_html((FIXTURES / page / "page.html").read_text(encoding="utf-8"))
    rng = random.Random(page)
    for where, context in _contexts(tree, rng):
        for name, compiled in ACCEPTED.items():
            _assert_same(name, ORIGINALS[name], compiled, context, f"{page}, {where}")


def _check_generated(focus: str, original: etree.XPath, compiled: xpath_python.Selector) -> None:
    """Trees made of one expression's names and values, so that it selects something, from every
    kind of context; then with an element removed from the tree."""
    words = _Vocabulary(original.path)
    selected = 0
    for seed, size in enumerate((10, 80, 300, 300, 600, 600)):
        rng = random.Random(f"{focus} {seed}")
        root = _random_tree(rng, size, words)
        for where, context in _contexts(root, rng):
            _assert_same(focus, original, compiled, context, f"seed {seed}, {where}")
            selected += len(original(context))
        # a removed element: ``//`` searches the document it still belongs to, ``.//`` its own subtree
        detached = rng.choice([e for e in root.iter(etree.Element) if e.getparent() is not None])
        detached.getparent().remove(detached)
        _assert_same(focus, original, compiled, detached, f"seed {seed}, removed element")
        _assert_same(focus, original, compiled, root, f"seed {seed}, root after the removal")
    assert selected, f"the trees made for {focus} never exercise it"


@pytest.mark.parametrize("focus", sorted(ACCEPTED))
def test_same_nodes_on_generated_trees(focus: str) -> None:
    _check_generated(focus, ORIGINALS[focus], ACCEPTED[focus])


# shapes trafilatura does not write (yet) but the compiler reads: held to the same standard
SHAPES = [
    ".//*[not(@class)]",
    "//*[not(self::div or self::p)][1]",
    ".//div[@class]//b",
    ".//*[@id]//*[not(@class)]",
    "(.//p)[2]",
    "(.//*[@class])[3]|(.//p)[1]",
    ".//*[contains(@class, '')]",
    ".//*[starts-with(@id|@class, '')]",
    ".//*[contains(translate(@class, 'aab', 'xyz'), 'x') or contains(translate(@id, 'tgs', 'T'), 'aT')]",
    ".//*[@class='tags' or @id|@class='post'][2]",
    "//p[re:test(@class|@id, '^$')]",
    "//*[re:test(@class, 'TAGS', 'xi')]",
    ".//*[self::*][rel]",
    ".//li[.//a]|.//b[not(.//b)]",
]


@pytest.mark.parametrize("path", SHAPES)
def test_same_nodes_for_other_shapes(path: str) -> None:
    original = etree.XPath(path, namespaces={"re": fast_xpath.EXSLT_RE})
    compiled = xpath_python.compile_path(path)
    assert compiled is not None
    _check_generated(path, original, compiled)


def test_parsed_html_with_hostile_markup() -> None:
    """What the HTML parser makes of odd markup: upper case, prefixes, duplicates, fragments."""
    pages = [
        "<HTML><BODY><DIV CLASS='Post' ID='articleContent'><P>x</P></DIV><div class=post><b>y</b></div></BODY></HTML>",
        "<div class='post-body' class='entry'><svg:rect class='author'/><o:p class=byline>a</o:p></div>",
        "<p>one</p><p class='author' id='author' style='display:none'>two</p>",
        "<html><body><article><rel>me</rel><rel>me<!--x--></rel><a><rel> me</rel></a><span><rel>m<b>e</b></rel>"
        "</span></article><main><div class='main'></div></main><footer class='footer'><a href=x>y</a></footer>",
        "<html><body><div id='comments' class='c'><ol id='comment-list'><li>a</li></ol></div>"
        "<ul class='comments'><li/></ul><section id='infinite-scroll'><h1>t</h1></section>"
        "<div class='entry-meta'><div class='tags'><a href='/t'>t</a><a>n</a></div></div></body></html>",
        "<html><body><?php x ?><!-- c --><div id='x' class='author'><div class='author'>n</div></div></body></html>",
    ]
    for i, page in enumerate(pages):
        root = html.fromstring(page)
        for where, context in _contexts(root, random.Random(i)):
            for name, compiled in ACCEPTED.items():
                _assert_same(name, ORIGINALS[name], compiled, context, f"page {i}, {where}")


def test_attribute_order_decides_a_union_of_attributes() -> None:
    """``re:test(@id|@class, ...)`` and ``starts-with(@id|@class, ...)`` see the attribute written
    first in the element, whichever of the two it is."""
    compiled = xpath_python.compile_path(".//*[starts-with(@id|@class, 'reply-')]")
    root = etree.fromstring("<r><a id='reply-1' class='x'/><b class='x' id='reply-2'/><c class='reply-3'/></r>")
    assert [e.tag for e in compiled(root)] == ["a", "c"]
    assert [e.tag for e in etree.XPath(".//*[starts-with(@id|@class, 'reply-')]")(root)] == ["a", "c"]


def test_first_match_per_parent() -> None:
    """``.//*[...][1]`` is the first match among each parent's children, not the first overall."""
    path = ".//*[self::div][@class='post'][1]"
    root = etree.fromstring(
        "<r><div class='post'/><div class='post'/><s><div/><div class='post'/><div class='post'/></s></r>"
    )
    expected = etree.XPath(path)(root)
    assert len(expected) == 2
    _assert_same(path, etree.XPath(path), xpath_python.compile_path(path), root, "crafted")


@pytest.mark.parametrize(
    "path",
    [
        ".//*[text()='x']",  # text nodes
        ".//*[position() < 3]",
        ".//*[last()]",
        ".//p[2]/b",  # child steps
        ".//*[ancestor::article]",
        ".//*[@class='a'][1][@id]",  # a test after a position
        "//*[local-name()='annotation']",
        ".//*[re:test(text(), 'x')]",
        ".//*[re:match(@class, 'x')]",
        ".//*[contains(@class, 'a', 'b')]",
        ".//*[@class=@id]",
        ".//*[@class != 'a']",
        ".//*[1 = 1]",
        "count(.//p)",
        ".//p | //p",  # a union of both anchors
        ".//div[@class]//p[1]",
        "..//p",
        ".//*[re:test(@class, '(unclosed')]",
        ".//a.b",
    ],
)
def test_what_it_cannot_read_is_left_to_libxml2(path: str) -> None:
    assert xpath_python.compile_path(path) is None


def test_calls_it_does_not_handle_go_to_libxml2() -> None:
    """Variables, an ElementTree, a comment as the context: the fallback (the XPath) answers."""
    calls = []

    def fallback(context: object, **variables: object) -> list[str]:
        calls.append(context)
        return ["fallback"]

    selector = xpath_python.compile_path(".//p | .//b", fallback=fallback)
    root = etree.fromstring("<r><p class='a'/><b/><!-- c --></r>")
    assert [e.tag for e in selector(root)] == ["p", "b"] and selector.selects_any(root) and calls == []
    assert selector(root, c="a") == ["fallback"]
    assert selector(etree.ElementTree(root)) == ["fallback"]
    assert selector(root[-1]) == ["fallback"] and selector.selects_any(root[-1])
    assert len(calls) == 4
    # an attribute default declared in a DTD: get() finds it, XPath's @class does not
    with_dtd = etree.fromstring(b"<!DOCTYPE r [<!ATTLIST p class CDATA 'post'>]><r><p/><p class='x'/></r>")
    assert with_dtd[0].get("class") == "post"
    path = ".//p[not(@class)]"
    _assert_same(path, etree.XPath(path), xpath_python.compile_path(path), with_dtd, "a document with a DTD")
    default = xpath_python.compile_path(".//p | .//b")
    tree = etree.ElementTree(root)
    assert [e.tag for e in default(tree)] == [e.tag for e in etree.XPath(".//p | .//b")(tree)] == ["p", "b"]


def test_a_select_loop_is_generated_at_its_first_use(monkeypatch: pytest.MonkeyPatch) -> None:
    """Compiling a one-step path generates no select loop (most are never used: start-up time);
    its first selection generates it once, and it selects what libxml2 does."""
    generated = []
    original = xpath_python._select_function
    monkeypatch.setattr(xpath_python, "_select_function", lambda found: generated.append(1) or original(found))
    path = ".//p[@class='a' or contains(@id, 'x')]"
    selector = xpath_python.compile_path(path)
    assert selector is not None and selector.select_all is not None and generated == []
    root = etree.fromstring("<r><p class='a'/><p id='yxy'/><p class='b'/><div class='a'/></r>")
    for _ in range(2):
        assert selector(root) == etree.XPath(path)(root) == [root[0], root[1]]
    assert generated == [1]


def test_an_unread_expression_stays_trafilaturas() -> None:
    extraction.install()
    tex = trafilatura.htmlprocessing.TEX_ANNOTATION_XPATH
    assert COMPILED["trafilatura.htmlprocessing.TEX_ANNOTATION_XPATH"] is None
    assert isinstance(tex, etree.XPath)  # no re:test to rewrite either: the very object trafilatura made


def test_child_tests_where_the_children_are_only_in_a_removed_element() -> None:
    """``rel='me'`` is skipped where the document has no <rel>: but a removed element is its own
    scope for ``.//``, and its <rel> children count there."""
    root = etree.fromstring("<html><body><div><p><rel>me</rel></p></div><p/></body></html>")
    removed = root[0][0]
    root[0].remove(removed)
    for path in (".//*[rel='me']", ".//*[not(rel)]", "//*[rel]"):
        _assert_same(path, etree.XPath(path), xpath_python.compile_path(path), removed, "removed element")
        _assert_same(path, etree.XPath(path), xpath_python.compile_path(path), root, "root")


# --- several expressions from one walk (trafilatura's category and tag lists) -------------------

ONE_WALK = [
    name for name in sorted(ORIGINALS, key=lambda n: (n.split("[")[0], int(n.split("[")[1][:-1]) if "[" in n else 0))
    if name.startswith(("trafilatura.xpaths.CATEGORIES_XPATHS[", "trafilatura.xpaths.TAGS_XPATHS["))
]
SHARED = xpath_python.shared_walk([ORIGINALS[name].path for name in ONE_WALK])


def _assert_same_from_one_walk(context: etree._Element, where: str) -> None:
    results = SHARED(context)
    for name, got in zip(ONE_WALK, results, strict=True):
        expected = ORIGINALS[name](context)
        got = list(got)
        assert len(expected) == len(got), f"{name} on {where}: {len(expected)} nodes, one walk {len(got)}"
        assert all(a is b for a, b in zip(expected, got, strict=True)), f"{name} on {where}: other nodes"


def test_the_category_and_tag_expressions_share_one_walk() -> None:
    assert len(ONE_WALK) == 10 and SHARED is not None
    # a test of children takes a scan of its own, and a path of one step walks alone
    assert xpath_python.shared_walk(["//div[@class='a']//a[@href]", "//p[rel='me']//a"]) is None
    assert xpath_python.shared_walk(["//div[@class='a']//a[@href]", "//p[@class='b']"]) is None


@pytest.mark.parametrize("page", sorted(p.name for p in FIXTURES.iterdir() if (p / "page.html").exists()))
def test_one_walk_selects_each_expressions_nodes_on_saved_pages(page: str) -> None:
    tree = parse_html((FIXTURES / page / "page.html").read_text(encoding="utf-8"))
    for where, context in _contexts(tree, random.Random(page)):
        _assert_same_from_one_walk(context, f"{page}, {where}")


@pytest.mark.parametrize("focus", ONE_WALK)
def test_one_walk_selects_each_expressions_nodes_on_generated_trees(focus: str) -> None:
    """Trees made of one expression's names and values (each of the ten in turn), every context."""
    words = _Vocabulary(ORIGINALS[focus].path)
    selected = 0
    for seed, size in enumerate((10, 80, 300, 600)):
        rng = random.Random(f"one walk {focus} {seed}")
        root = _random_tree(rng, size, words)
        for where, context in _contexts(root, rng):
            _assert_same_from_one_walk(context, f"{focus} seed {seed}, {where}")
            selected += len(ORIGINALS[focus](context))
        detached = rng.choice([e for e in root.iter(etree.Element) if e.getparent() is not None])
        detached.getparent().remove(detached)
        _assert_same_from_one_walk(detached, f"{focus} seed {seed}, removed element")
    assert selected, f"the trees made for {focus} never exercise it"


# first steps that hold on an element without the attributes they read: never skipped unread
WITHOUT_ATTRIBUTES = [
    "//div[contains(@class, '')]//b",
    "//*[not(@id)]//p",
    "//p[re:test(@class|@id, '^$')]//li",
    "//*[self::li or self::p][@class='x' or @id]//a",
]


@pytest.mark.parametrize("path", WITHOUT_ATTRIBUTES)
def test_one_walk_of_expressions_that_hold_without_their_attributes(path: str) -> None:
    """Beside an expression that needs a class, so that the walk could skip elements without one."""
    paths = [path, "//div[@class='x']//a"]
    walk = xpath_python.shared_walk(paths)
    originals = [etree.XPath(p, namespaces={"re": fast_xpath.EXSLT_RE}) for p in paths]
    words = _Vocabulary(" ".join(paths))
    selected = 0
    for seed in range(4):
        rng = random.Random(f"without attributes {path} {seed}")
        root = _random_tree(rng, 300, words)
        for where, context in _contexts(root, rng):
            for each, original, got in zip(paths, originals, walk(context), strict=True):
                expected, got = original(context), list(got)
                selected += len(expected)
                assert len(got) == len(expected) and all(a is b for a, b in zip(expected, got, strict=True)), (
                    f"{each} on seed {seed}, {where}")
    assert selected
