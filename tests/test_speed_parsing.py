"""cleaners.parsing.repair_html: trafilatura's repairs, the same string, faster on clean pages."""

from __future__ import annotations

import pytest
from trafilatura.utils import INVALID_XML_CHARS, repair_faulty_html

from cleaners.parsing import _INVALID_XML, repair_html

PAGES = [
    "<html><body><p>A clean page.</p></body></html>",
    "<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0//EN\" \"http://www.w3.org/TR/xhtml1/DTD/xhtml1.dtd\">\n"
    "<html><body><p>Doctype on the first line.</p></body></html>",
    "<!doctype html>\n<html/>\n<body><p>Self-closing html.</p></body>",
    "<html lang='en' />\n<body><p>Self-closing html with attributes.</p></body>",
    "<html><body><p>Control \x00char\x08acters \x0b\x0c\x1f and \ufffe\uffff here.</p></body></html>",
    "<!DOCTYPE html>\n<html/><body><p>Both \x01 at once.</p></body>",
    "<html><body><p>Tabs\tand\nnewlines\rstay.</p></body></html>",
]


@pytest.mark.parametrize("page", PAGES)
def test_same_repairs_as_trafilatura(page: str) -> None:
    assert repair_html(page, page[:50].lower()) == repair_faulty_html(page, page[:50].lower())


def test_the_characters_looked_for_are_the_ones_trafilatura_deletes() -> None:
    every = "".join(map(chr, range(0x10000)))
    assert "".join(_INVALID_XML) == "".join(sorted(set(every) - set(INVALID_XML_CHARS.sub("", every))))
