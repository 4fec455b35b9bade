"""The page's own line structure inside a unit trafilatura renders as one line: a layout table's
cell holding paragraphs, a list item holding a heading and paragraphs, a quote with loose text
before a paragraph (cleaners/blocks.py). Each such line must be its own block, so that a junk line
planted among the story's paragraphs is judged alone, not inside one long row or item."""

from __future__ import annotations

from lxml import etree

from cleaners.blocks import blocks_from_body
from cleaners.pipeline import clean_html

PROSE = [
    "The council voted on Tuesday to extend the harbour's ferry service through the winter months, "
    "after a long debate about costs and about who would pay for the extra crossings.",
    "Residents of the island had asked for the change for years, saying the last boat left too early "
    "for anyone working a late shift on the mainland to get home the same evening.",
    "The operator said it would hire four more crew members and run a smaller vessel on the quiet "
    "crossings, which it expects to keep the extra cost below a tenth of the current budget.",
]


def _body(xml: str) -> etree._Element:
    return etree.fromstring(f"<body>{xml}</body>")


def test_layout_row_with_paragraphs_in_a_cell_is_one_block_per_paragraph() -> None:
    body = _body(
        f"<table><row><cell/><cell><head rend='h1'>Ferry to run all winter</head><p>{PROSE[0]}</p>"
        f"<p>Sponsored</p><p>{PROSE[1]}</p></cell></row></table>"
    )
    blocks = blocks_from_body(body)
    assert [b.text for b in blocks] == ["Ferry to run all winter", PROSE[0], "Sponsored", PROSE[1]]
    assert [b.kind for b in blocks] == ["head", "p", "p", "p"]


def test_data_table_rows_stay_rows() -> None:
    body = _body("<table><row><cell><p>Price</p></cell><cell><p>12 EUR</p></cell></row>"
                 "<row><cell>Weight</cell><cell>3 kg</cell></row></table>")
    blocks = blocks_from_body(body)
    assert [b.kind for b in blocks] == ["row", "row"]
    assert blocks[1].text == "| Weight | 3 kg |"


def test_a_data_rows_cell_of_two_short_lines_keeps_its_row() -> None:
    """A value printed on two lines ('davon 4 % als Beitrag<br>aus Entgeltumwandlung') is one
    cell of a data row, not a layout cell holding the story: the row stays a row."""
    body = _body("<table><row><cell><p>davon 4 % als Beitrag</p><p>aus Entgeltumwandlung</p></cell>"
                 "<cell><p>260 €</p></cell><cell><p>268 €</p></cell></row></table>")
    blocks = blocks_from_body(body)
    assert [b.kind for b in blocks] == ["row"]
    assert "260 €" in blocks[0].text and blocks[0].text.startswith("|")


def test_a_layout_cell_of_short_lines_alone_in_its_row_is_cut() -> None:
    """A box laid out in a table (an empty spacer cell and one cell of short lines: 'We need your
    help' / 'Donate') is no data row: its lines are judged alone."""
    body = _body("<table><row><cell/><cell><p>We need your help</p><p>Help us continue</p><p>Donate</p>"
                 "</cell></row></table>")
    assert [(b.kind, b.text) for b in blocks_from_body(body)] == [
        ("p", "We need your help"), ("p", "Help us continue"), ("p", "Donate")]


def test_list_item_with_its_own_lines_is_cut_at_them() -> None:
    body = _body(
        f"<list><item>4. Harbour office<p>{PROSE[0]}</p><head rend='h4'>Join the discussion</head>"
        f"<p>{PROSE[1]}</p></item><item>A plain item</item></list>"
    )
    blocks = blocks_from_body(body)
    assert [(b.kind, b.text) for b in blocks] == [
        ("item", "- 4. Harbour office"), ("p", PROSE[0]), ("head", "Join the discussion"), ("p", PROSE[1]),
        ("item", "- A plain item"),
    ]


def test_teaser_item_of_headline_and_standfirst_stays_whole() -> None:
    body = _body("<list><item><head rend='h3'>Gronk performs with the band</head>"
                 "<head rend='h4'>He may have found his true calling</head></item></list>")
    blocks = blocks_from_body(body)
    assert [(b.kind, b.text) for b in blocks] == [
        ("item", "- Gronk performs with the band He may have found his true calling")
    ]


def test_item_of_one_paragraph_is_unchanged() -> None:
    body = _body(f"<list><item><p>{PROSE[0]}</p></item></list>")
    assert [(b.kind, b.text) for b in blocks_from_body(body)] == [("item", "- " + PROSE[0])]


def test_quote_loose_text_before_a_paragraph_is_its_own_line() -> None:
    body = _body(f"<quote><p>{PROSE[0]}</p>— A reader (@reader) <p>Topics: Opinion</p>May 5, 2019</quote>")
    texts = [b.text for b in blocks_from_body(body)]
    assert texts == [PROSE[0], "— A reader (@reader)", "Topics: Opinion", "May 5, 2019"]


def test_links_are_counted_on_the_line_that_holds_them() -> None:
    body = _body(
        f"<table><row><cell><p>{PROSE[0]}</p><p>Read more: <ref target='/a'>Ferry fares rise</ref></p>"
        f"</cell></row></table>"
    )
    blocks = blocks_from_body(body, "https://example.org/story")
    assert blocks[0].links == [] and blocks[1].links == ["https://example.org/a"]


def test_junk_line_in_a_layout_table_cell_is_removed_and_the_story_kept() -> None:
    cells = "".join(f"<p>{p}</p>" for p in PROSE[:2]) + "<p>Updated 21 hours ago</p>" + f"<p>{PROSE[2]}</p>"
    page = (
        "<html><head><title>Ferry to run all winter</title></head><body><table><tr><td width='120'>"
        "<a href='/'>Home</a></td><td><h1>Ferry to run all winter</h1>"
        f"{cells}</td></tr></table></body></html>"
    )
    article = clean_html(page.encode(), "https://example.org/story")
    assert "21 hours ago" not in article.text
    for paragraph in PROSE:
        assert paragraph in article.text


def test_a_table_of_html_rows_inside_a_paragraph_is_not_lost() -> None:
    body = _body("<p>Works of the painter<table><tr><td>1</td><td>Harbour at dusk</td></tr></table>"
                 "Sources below</p>")
    words = " ".join(b.text for b in blocks_from_body(body)).split()
    assert words == ["Works", "of", "the", "painter", "1", "Harbour", "at", "dusk", "Sources", "below"]


def test_a_code_block_stays_code() -> None:
    body = _body("<code><head>Results</head><table><row><cell>1.</cell><cell>Harbour AC</cell></row></table>"
                 "</code>")
    assert {b.kind for b in blocks_from_body(body)} == {"code"}


def test_a_later_chunks_quote_is_read_line_by_line() -> None:
    """A quote in a chunk the extraction left behind (cleaners/split_body.py): its paragraphs and
    a credit line under them are lines of their own, not one paragraph."""
    from cleaners.parsing import parse_html
    from cleaners.split_body import continuation_paragraphs

    first = [PROSE[0], PROSE[1]]
    html = (
        "<html><body><article><div class='body-chunk'>" + "".join(f"<p>{p}</p>" for p in first) + "</div>"
        "<div class='ad'>Ad</div><div class='body-chunk'><blockquote><strong>Summary</strong>"
        f"<p>{PROSE[2]}</p><div><p><small>The views expressed here are the author's own.</small></p></div>"
        "</blockquote></div></article></body></html>"
    )
    assert continuation_paragraphs(parse_html(html), first) == [
        "Summary", PROSE[2], "The views expressed here are the author's own."
    ]


def test_line_breaks_in_a_layout_cells_paragraph_are_lines() -> None:
    body = _body(f"<table><row><cell><p>{PROSE[0]}</p><p>Photo: Maria Keller<lb/>Updated 21 hours ago</p>"
                 f"</cell></row></table>")
    assert [b.text for b in blocks_from_body(body)] == [PROSE[0], "Photo: Maria Keller", "Updated 21 hours ago"]


def test_a_quotes_heading_and_list_stay_the_quotes() -> None:
    body = _body("<quote>Check first:<head rend='h3'>OpenSSL</head><list><item>which openssl</item>"
                 "<item>openssl version</item></list></quote>")
    blocks = blocks_from_body(body)
    assert {b.kind for b in blocks} == {"quote"}
    assert [b.text for b in blocks] == ["Check first:", "OpenSSL", "- which openssl", "- openssl version"]
