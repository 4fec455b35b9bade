"""The article's figures are read from its container; an ``<article>`` that is only a teaser
card around the next story's picture is no container (cleaners.images.figure_images)."""

from __future__ import annotations

from cleaners import clean_html
from cleaners.images import figure_images
from cleaners.parsing import parse_html

URL = "https://news.example.org/2024/05/harbour-works"
BODY = [
    "The council met on Tuesday to discuss the harbour works and the new bridge over the river.",
    "The works will start in spring and take two years, the mayor told reporters after the vote.",
    "Residents have asked for a footpath on the bridge, which the plans now include at the west end.",
    "The cost is put at twelve million euros, a third of it from the regional development fund.",
]
CAPTION = "A crane lifts a steel beam onto the pier at the harbour."


def _page(cards: int) -> str:
    card = ('<article class="card"><figure><img src="/img/next{n}.jpg" alt=""></figure>'
            '<a href="/2024/05/other-story-{n}">Another story of the week number {n}</a></article>')
    teasers = "".join(card.format(n=n) for n in range(cards))
    paragraphs = "".join(f"<p>{p}</p>" for p in BODY[:2])
    rest = "".join(f"<p>{p}</p>" for p in BODY[2:])
    figure = f'<figure><img src="/img/crane.jpg" alt=""><figcaption>{CAPTION}</figcaption></figure>'
    return (f"<html><body><div class='content'><h1>Harbour works approved</h1>{paragraphs}{figure}"
            f"<p>{CAPTION}</p>{rest}</div><aside>{teasers}</aside></body></html>")


def test_teaser_cards_are_not_the_article_container() -> None:
    images = figure_images(parse_html(_page(5)), URL)
    assert {"src": "https://news.example.org/img/crane.jpg", "alt": None, "caption": CAPTION, "credit": None} in images


def test_the_caption_repeated_as_text_goes_though_cards_are_articles() -> None:
    article = clean_html(_page(5), URL)
    assert CAPTION not in article.text
    assert BODY[2] in article.text


def test_an_article_element_holding_the_text_is_still_the_container() -> None:
    page = _page(0).replace("<div class='content'>", "<article>").replace("</div><aside>", "</article><aside>")
    ad = '<figure><img src="/img/ad.jpg" alt=""><figcaption>Ad</figcaption></figure>'
    page = page.replace("</aside>", f"{ad}</aside>")
    srcs = [image["src"] for image in figure_images(parse_html(page), URL)]
    assert srcs == ["https://news.example.org/img/crane.jpg"]
