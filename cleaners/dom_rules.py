"""Apply DOM rules: drop matching nodes from the parsed page before extraction."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cache, lru_cache

from lxml import etree, html

from cleaners.positions import PageText, page_text
from cleaners.result import RemovedBlock
from cleaners.ruleset import DomRule, RuleRunError, SimpleSelector, select_elements

# A node holding more than this share of the page's text is the article itself (a theme that
# puts "comments" or "related" on the content wrapper): never drop it.
MAX_SHARE_OF_PAGE = 0.5
# Stands where a dropped node was until the page text is read (not a tag any page uses).
_MARKER = "cleancrawl-dropped"


def _text_of(node: etree._Element) -> str:
    return " ".join(" ".join(node.itertext()).split())


@lru_cache(maxsize=64)
def _index(rules: tuple[DomRule, ...]) -> tuple[dict[str, list], dict[str, list], dict[str, list]]:
    by_class: dict[str, list[tuple[int, SimpleSelector]]] = {}
    by_id: dict[str, list[tuple[int, SimpleSelector]]] = {}
    by_tag: dict[str, list[tuple[int, SimpleSelector]]] = {}
    for order, rule in enumerate(rules):
        for sel in rule.simple:
            if sel.css_class:
                by_class.setdefault(sel.css_class, []).append((order, sel))
            elif sel.element_id:
                by_id.setdefault(sel.element_id, []).append((order, sel))
            else:
                by_tag.setdefault(sel.tag or "", []).append((order, sel))
    return by_class, by_id, by_tag


def _first_rule(node: etree._Element, by_class: dict, by_id: dict, by_tag: dict) -> int | None:
    candidates = list(by_tag.get(node.tag, ()))
    element_id = node.get("id")
    if element_id and element_id in by_id:
        candidates += by_id[element_id]
    classes = node.get("class")
    if classes:
        for token in classes.split():
            candidates += by_class.get(token, ())
    hits = [order for order, sel in candidates if sel.tag is None or sel.tag == node.tag]
    return min(hits) if hits else None


def _select(tree: etree._Element, rules: Sequence[DomRule]) -> list[tuple[int, etree._Element]]:
    """Every (rule index, node) match, outermost nodes only, in document order.

    Simple selectors are matched in one pass over the tree with set look-ups (a single XPath
    union of fifty class tests is ten times slower in libxml2); the rest run as XPath.
    """
    matched: dict[etree._Element, int] = {}
    by_class, by_id, by_tag = _index(tuple(rules))
    if by_class or by_id or by_tag:
        class_tokens, ids, tags = by_class.keys(), by_id.keys(), by_tag.keys()
        # an element's tag is a new string at each read: not read when no selector is a bare tag
        # (the built-in rules), a fifth of the pass
        any_tag = bool(tags)
        for node in tree.iter(etree.Element):
            classes = node.get("class")
            if (
                (classes and not class_tokens.isdisjoint(classes.split()))
                or node.get("id") in ids
                or (any_tag and node.tag in tags)
            ):
                order = _first_rule(node, by_class, by_id, by_tag)
                if order is not None:
                    matched[node] = order
    for order, rule in enumerate(rules):
        if rule.xpath is not None:
            for node in _run_xpath(rule, tree):
                if order < matched.get(node, len(rules)):
                    matched[node] = order
    return [
        (order, node)
        for node, order in matched.items()
        if node.getparent() is not None and not any(a in matched for a in node.iterancestors())
    ]


def _run_xpath(rule: DomRule, tree: etree._Element) -> list[etree._Element]:
    """The elements a rule's XPath selects; a rule that fails here (the load-time trial let it
    through) is a configuration error, raised as RuleRunError naming its file and id, never
    taken for a fault of the page."""
    assert rule.xpath is not None
    try:
        return select_elements(rule.xpath, tree)
    except ValueError as err:
        raise RuleRunError(rule.source, str(err), rule.id) from None


def _drop(node: etree._Element) -> None:
    if isinstance(node, html.HtmlElement):
        node.drop_tree()  # keeps the tail text, which belongs to the parent
        return
    parent = node.getparent()
    if node.tail:
        previous = node.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + node.tail
        else:
            parent.text = (parent.text or "") + node.tail
    parent.remove(node)


def _over_their_share(
    selected: Sequence[tuple[int, etree._Element, str]], rules: Sequence[DomRule], page_chars: Callable[[], int]
) -> set[int]:
    """The rules (by index) whose nodes on this page hold more than the rule's ``max_page_share``
    of the page's text, all together: those drop nothing here."""
    taken: dict[int, int] = {}
    for order, _, text in selected:
        if rules[order].max_page_share is not None:
            taken[order] = taken.get(order, 0) + len(text)
    return {order for order, chars in taken.items() if chars > rules[order].max_page_share * page_chars()}


def apply_dom_rules(tree: etree._Element, rules: Sequence[DomRule]) -> list[RemovedBlock]:
    """Drop, in place, every node a rule selects; return what went, with the rule's id."""
    return drop_and_locate(tree, rules)[0]


def drop_and_locate(
    tree: etree._Element, rules: Sequence[DomRule], *, locate: bool = True
) -> tuple[list[RemovedBlock], PageText]:
    """``apply_dom_rules``, also returning the page's text after the drops with the offset where
    each dropped node stood (``cleaners.positions``). Each node is first swapped for an empty
    marker holding its tail, so one walk finds them all; the markers then go as the nodes would
    have (the text and tree left are the same). ``locate=False`` skips the reading: no offsets."""
    removed: list[RemovedBlock] = []
    markers: list[etree._Element] = []
    page_chars = cache(lambda: len(_text_of(tree)))  # measured once, when first needed
    selected = [(order, node, _text_of(node)) for order, node in _select(tree, rules)]
    over = _over_their_share(selected, rules, page_chars)
    for order, node, text in selected:
        if order in over or (len(text) > 500 and len(text) > MAX_SHARE_OF_PAGE * page_chars()):
            continue
        marker = node.makeelement(_MARKER, {})
        marker.tail, node.tail = node.tail, None
        node.getparent().replace(node, marker)
        if text:
            removed.append(RemovedBlock(rules[order].id, "dom", text))
            markers.append(marker)
        else:
            _drop(marker)
    located = page_text(tree, markers) if locate else PageText("", ())
    for marker in markers:
        _drop(marker)
    return removed, located
