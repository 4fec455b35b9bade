"""cleaners.parsing: elements get their Python class from libxml2's side, not from a Python lookup."""

from __future__ import annotations

from copy import copy

from lxml import html

from cleaners.parsing import parse_html

FORM_PAGE = "<html><body><form action='/s'><label>Find</label><input name='q'><select><option>a</option>" \
    "</select><textarea>t</textarea></form><p>Text.</p></body></html>"


def test_every_element_is_a_plain_html_element() -> None:
    tree = parse_html(FORM_PAGE)
    # lxml.html's lookup would make these FormElement, InputElement...: a Python call per element
    assert {type(e) for e in tree.iter()} == {html.HtmlElement}
    assert tree.find(".//p").text_content() == "Text."  # the HtmlElement methods trafilatura uses


def test_copies_keep_the_lookup() -> None:
    # trafilatura works on copies of the tree it is handed
    assert {type(e) for e in copy(parse_html(FORM_PAGE)).iter()} == {html.HtmlElement}
