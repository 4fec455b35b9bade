"""cleaners.container reads the page's text by a tree walk: it must read what the XPath reads."""

from lxml import etree

from cleaners.container import _TEXT_NODES, _text_nodes, _walk_texts, block_sources
from cleaners.parsing import parse_html

PAGES = [
    "<html><head><title>T</title><style>p {}</style></head><body><p>One <b>two</b> three</p>"
    "<script>var x = 1;</script> after script<div>Four<br>five</div> tail</body></html>",
    # nodes libxml2 keeps after </body> and </html>, which lxml's children do not show
    "<html><body><p>Body text</p></body></html>\n<div>After the body</div>\n\n<link rel=x>\n\n",
]


def _xpath_reading(tree):
    out = []
    for node in _TEXT_NODES(tree):
        parent = node.getparent()
        out.append((str(node), parent.getparent() if node.is_tail and parent is not None else parent))
    return out


def test_text_nodes_read_what_the_xpath_reads():
    for page in PAGES:
        tree = parse_html(page)
        texts, sources = _text_nodes(tree)
        assert list(zip(texts, sources, strict=True)) == _xpath_reading(tree)


def test_walk_skips_script_and_style_text_but_keeps_their_tails():
    tree = parse_html(PAGES[0])
    texts, _ = _walk_texts(tree)
    assert "var x = 1;" not in texts and "p {}" not in texts
    assert " after script" in texts


def test_block_sources_finds_the_element_of_a_tail():
    tree = parse_html(PAGES[0])
    sources = block_sources(tree, ["One two three", "after script", "five tail"])
    assert [etree.QName(s).localname for s in sources] == ["p", "body", "div"]


def test_nodes_after_the_body_are_read_by_the_xpath():
    tree = parse_html(PAGES[1])
    walked = list(zip(*_walk_texts(tree), strict=True))
    assert walked != _xpath_reading(tree)  # the walk alone misses them
    assert "After the body" in _text_nodes(tree)[0]


def test_container_links_read_childless_and_nested_links_alike():
    from cleaners.blocks import container_links

    tree = parse_html('<html><body><p>Read <a href="/x">A\u00a0 b\n</a> <a href="/y"><b>C</b>  d</a></p></body></html>')
    (line,) = container_links(tree).values()
    assert line.anchors == (("A b", "/x"), ("C d", "/y"))
