"""cleaners.head_metas: trafilatura's two XPath reads of the head metas, the same elements found below the heads."""

from __future__ import annotations

import pytest
from lxml import etree, html

from cleaners import head_metas

META_HEAD = (
    '<meta property="og:title" content="T"><meta property="og:url" content="https://e.com/a">'
    '<meta property="article:section" content="World"><meta name="dc.subject" content="Politics">'
    '<meta name="subject"><meta property="og:"><meta name="description" content="d">'
)


def _trees() -> list[etree._Element]:
    plain = html.document_fromstring(f"<html><head>{META_HEAD}</head><body><p>x</p></body></html>")
    headless = html.document_fromstring("<html><body><meta property='og:title' content='T'><p>x</p></body></html>")
    # a second head below the body, and one inside the first head: built, as a parser may not make them
    stray = html.document_fromstring(f"<html><head>{META_HEAD}</head><body><p>x</p></body></html>")
    second = etree.SubElement(stray.find("body"), "head")
    second.append(etree.fromstring('<meta property="og:description" content="late"/>'))
    second.append(etree.fromstring('<meta property="article:section" content="Late"/>'))
    nested = html.document_fromstring(f"<html><head>{META_HEAD}</head><body><p>x</p></body></html>")
    inner = etree.Element("head")
    inner.append(etree.fromstring('<meta property="og:image" content="inner.png"/>'))
    inner.append(etree.fromstring('<meta name="subject" content="Inner"/>'))
    nested.find("head").insert(1, inner)
    return [plain, headless, stray, nested, plain.find("body")]


@pytest.mark.parametrize("tree", _trees(), ids=["plain", "headless", "stray", "nested", "body-context"])
def test_the_same_metas_as_the_xpath(tree: etree._Element) -> None:
    heads = head_metas.page_heads(tree)
    assert head_metas.opengraph_metas(tree, heads) == tree.xpath(head_metas.OPENGRAPH_PATH)
    assert head_metas.section_metas(tree, heads) == tree.xpath(head_metas.SECTION_PATH)


def test_nested_heads_are_left_to_the_xpath() -> None:
    nested = _trees()[3]
    assert head_metas.page_heads(nested) is None
    assert len(head_metas.page_heads(_trees()[2]) or []) == 2
