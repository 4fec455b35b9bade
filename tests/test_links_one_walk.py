"""``links_and_lines`` reads the page's links and their short lines in one walk: it must give
exactly what ``page_links`` and ``container_links`` give apart (the pipeline uses it in their
place), on links with and without children, odd spaces, links in no short block, and lines too
long to be a bar."""

from __future__ import annotations

from lxml import html as lxml_html

from cleaners.blocks import container_links, links_and_lines, page_links

PAGE = """<html><body><article>
<p>Read also: <a href="/a">Ferry fares rise</a></p>
<p><strong>LIRE AUSSI</strong> <a href="/b"><span>Le\u00a0bac   reprend</span></a> <a href="/c">ici</a></p>
<p><a href="/d">Not in any short block</a> and a sentence that runs on.</p>
<p>""" + "A long line with a link " * 20 + """<a href="/e">buried</a></p>
<ul><li><a href="/f"><b>Share</b></a></li><li><a href="/g"></a></li><li><a>Mail</a></li></ul>
</article></body></html>"""


def test_one_walk_gives_what_the_two_walks_give() -> None:
    tree = lxml_html.fromstring(PAGE)
    for within in (None, "", "Read also: Ferry fares rise\nLIRE AUSSI Le bac reprend ici\nShare\nMail"):
        links, lines = links_and_lines(tree, within)
        assert links == page_links(tree)
        assert lines == container_links(tree, within)
        assert list(lines) == list(container_links(tree, within))  # the same order too
    assert links_and_lines(tree, "Share")[1] != links_and_lines(tree, None)[1]  # ``within`` does narrow
