"""``dom.small-print``: a paragraph printed wholly in ``<small>`` is small print, except on a page
that prints its text so (the rule's ``max_page_share``)."""

from __future__ import annotations

from cleaners import clean_html

STORY = [
    f"The harbour board met on day {i} to discuss dredging, moorings and the cost of a new slipway, "
    f"and members argued for {i + 1} hours before agreeing to consult residents again."
    for i in range(8)
]


def _page(paragraphs: list[str]) -> str:
    return (
        "<html lang='en'><head><title>Harbour board delays dredging</title></head><body>"
        "<nav><a href='/'>Home</a> <a href='/news'>News</a></nav><article><h1>Harbour board delays dredging</h1>"
        + "".join(paragraphs) + "</article></body></html>"
    )


def test_small_print_between_the_story_paragraphs_goes():
    note = "Pictures courtesy of the Harbour Trust. Reproduction only with written permission."
    paragraphs = [f"<p>{p}</p>" for p in STORY]
    paragraphs.insert(4, f"<p><small>{note}</small></p>")
    article = clean_html(_page(paragraphs), url="https://quay.example/news/dredging")
    assert "Harbour Trust" not in article.text
    assert all(p in article.text for p in STORY)
    assert [b.rule_id for b in article.removed if "Harbour Trust" in b.text] == ["dom.small-print"]


def test_a_story_printed_wholly_in_small_is_kept():
    article = clean_html(_page([f"<p><small>{p}</small></p>" for p in STORY]), url="https://quay.example/news/dredging")
    assert article.rejected is None
    assert all(p in article.text for p in STORY)
    assert not [b for b in article.removed if b.rule_id == "dom.small-print"]
