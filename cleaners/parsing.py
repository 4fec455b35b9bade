"""Parse a page once with lxml; every later stage works on this tree."""

from __future__ import annotations

from re import _parser as sre_parse  # type: ignore[attr-defined]

from lxml import etree, html
from trafilatura.utils import DOCTYPE_TAG, FAULTY_HTML, INVALID_XML_CHARS, repair_faulty_html

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


def _charset(pattern: str) -> tuple[str, ...]:
    """Every character a one-character-class pattern such as ``[\\x00-\\x08\\ufffe]`` matches."""
    ((op, items),) = sre_parse.parse(pattern).data
    assert str(op) == "IN", pattern
    chars: list[str] = []
    for kind, value in items:
        if str(kind) == "RANGE":
            chars += map(chr, range(value[0], value[1] + 1))
        else:
            assert str(kind) == "LITERAL", pattern
            chars.append(chr(value))
    return tuple(chars)


# The characters trafilatura deletes before parsing (XML forbids them), read off its own pattern.
_INVALID_XML = _charset(INVALID_XML_CHARS.pattern)


def repair_html(text: str, beginning: str) -> str:
    """trafilatura's ``repair_faulty_html``, the same string, without its regex pass over the whole
    page when none of the characters it deletes is there (nearly every page): a look for each of
    them is a third of that pass's time."""
    if any(char in text for char in _INVALID_XML):
        return repair_faulty_html(text, beginning)
    # the rest of repair_faulty_html as it is (trafilatura 2.3): tests/test_speed_parsing.py compares
    if "doctype" in beginning:
        firstline, _, rest = text.partition("\n")
        text = DOCTYPE_TAG.sub("", firstline, count=1) + "\n" + rest
    for line in text[:4096].splitlines()[:4]:
        if "<html" in line and line.endswith("/>"):
            text = FAULTY_HTML.sub(r"\1>", text, count=1)
            break
    return text


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
    text = repair_html(text, text[:50].lower())
    try:
        root = html.document_fromstring(text, parser=_PARSER)
    except (etree.ParserError, ValueError) as err:
        raise UnparsableHTML(f"no HTML tree: {err}") from err
    if root is None:
        raise UnparsableHTML("no HTML tree")
    return root
