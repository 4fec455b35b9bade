"""Parse a page once with lxml; every later stage works on this tree."""

from __future__ import annotations

from lxml import etree, html
from trafilatura.utils import repair_faulty_html

# lxml's HTML parser recovers from broken markup the way browsers do; huge_tree lifts libxml2's
# depth and text-node limits that some CMS output trips over.
_PARSER = html.HTMLParser(recover=True, remove_comments=True, remove_pis=True, huge_tree=True)
# Every element is an HtmlElement, chosen in C: lxml.html's own lookup is a Python method called
# for each element a Python proxy is made for (trafilatura makes thousands a page; a tenth of
# its time) only to give <form>, <input>, <select>, <textarea> and <label> their form classes,
# which no stage uses. The trees and every result are the same (all 1171 benchmark pages).
_PARSER.set_element_class_lookup(
    etree.ElementDefaultClassLookup(
        element=html.HtmlElement, comment=html.HtmlComment, pi=html.HtmlProcessingInstruction, entity=html.HtmlEntity
    )
)


class UnparsableHTML(ValueError):
    """The input holds no HTML tree at all (empty, only whitespace, or unreadable)."""


def parse_html(text: str) -> html.HtmlElement:
    """Return the root ``<html>`` element of ``text``; raise UnparsableHTML when there is none."""
    if not text or not text.strip():
        raise UnparsableHTML("empty page")
    # lxml refuses str input that carries an XML encoding declaration; drop it, the text is decoded
    if text.lstrip().startswith("<?xml"):
        text = text[text.index("?>") + 2 :]
    # trafilatura's repairs for libxml2 (a doctype on the first line can make it drop the whole
    # body, a self-closing <html/>, characters XML forbids): the same tree it would have built
    text = repair_faulty_html(text, text[:50].lower())
    try:
        root = html.document_fromstring(text, parser=_PARSER)
    except (etree.ParserError, ValueError) as err:
        raise UnparsableHTML(f"no HTML tree: {err}") from err
    if root is None:
        raise UnparsableHTML("no HTML tree")
    return root
