"""Apply DOM rules: drop matching nodes from the parsed page before extraction."""

from __future__ import annotations

from collections.abc import Iterable

from lxml import etree, html

from cleaners.ruleset import DomRule
from cleaners.result import RemovedBlock

# A node holding more than this share of the page's text is the article itself (a theme that
# puts "comments" or "related" on the content wrapper): never drop it.
MAX_SHARE_OF_PAGE = 0.5


def _text_of(node: etree._Element) -> str:
    return " ".join("".join(node.itertext()).split())


def _outermost(nodes: list[etree._Element]) -> list[etree._Element]:
    chosen = set(nodes)
    return [n for n in nodes if not any(a in chosen for a in n.iterancestors())]


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


def apply_dom_rules(tree: etree._Element, rules: Iterable[DomRule]) -> list[RemovedBlock]:
    """Drop, in place, every node a rule selects; return what went, with the rule's id."""
    removed: list[RemovedBlock] = []
    page_chars: int | None = None
    for rule in rules:
        matches = [n for n in rule.xpath(tree) if isinstance(n, etree._Element) and n.getparent() is not None]
        for node in _outermost(matches):
            text = _text_of(node)
            if len(text) > 500:
                if page_chars is None:
                    page_chars = len(_text_of(tree))
                if len(text) > MAX_SHARE_OF_PAGE * page_chars:
                    continue
            _drop(node)
            if text:
                removed.append(RemovedBlock(rule.id, "dom", text))
    return removed
