"""cleaners.positions.page_text: the page's text read with scripts emptied for the time of the read."""

from __future__ import annotations

from lxml import etree

from cleaners.parsing import parse_html
from cleaners.positions import page_text

LD = '{"@type": "NewsArticle", "articleBody": "Harbour budget approved after a long night."}'
PAGE = (
    "<html><head><title>Budget</title><script type='application/ld+json'>" + LD + "</script>"
    "<style>p { color: red }</style></head><body><p>Harbour budget approved after a long night.</p>"
    "<div id='box'>Related stories</div><script>var tracking = 'Harbour budget';</script>"
    "<p>The vote came at 3 am.</p></body></html>"
)


def _marked(page: str) -> tuple[etree._Element, etree._Element]:
    tree = parse_html(page)
    box = tree.get_element_by_id("box")
    marker = box.makeelement("cleancrawl-dropped", {})
    marker.tail, box.tail = box.tail, None
    box.getparent().replace(box, marker)
    return tree, marker


def test_scripts_and_styles_are_no_text_and_keep_their_own() -> None:
    tree, marker = _marked(PAGE)
    located = page_text(tree, [marker])
    assert located.text == "BudgetHarbour budget approved after a long night.The vote came at 3 am."
    assert located.text[located.offsets[0] :].startswith("The vote")
    # the scripts come back as they were: trafilatura reads the JSON-LD after this
    assert tree.find(".//script").text == LD
    assert tree.findall(".//script")[1].text == "var tracking = 'Harbour budget';"
    assert tree.find(".//style").text == "p { color: red }"
    assert marker.text is None


def test_sentinels_leave_no_trace_and_page_characters_stay() -> None:
    # a character of the private use planes in the page itself, past the sentinels used
    page = PAGE.replace("3 am.", "3 am. \U0010fff0")
    tree, marker = _marked(page)
    located = page_text(tree, [marker])
    assert "\U0010fff0" in located.text
    assert not any(0xF0000 <= ord(c) < 0xF0001 for c in located.text)
