"""The record's title is the headline as the page prints it (cleaners.metadata.printed_headline)."""

from __future__ import annotations

import pytest

from cleaners import clean_html
from cleaners.metadata import headline_clues, printed_headline, site_names, strip_site_name
from cleaners.parsing import parse_html

PROSE = (
    "The council met on Tuesday evening to discuss the new budget for the harbour district, "
    "which has been delayed twice this year because of disagreements over the cost of dredging."
)
HOST = "www.harbourtimes.example"


def headline(
    head: str, body: str, site: str | None = None, extracted: str | None = None, host: str = HOST
) -> str | None:
    tree = parse_html(f"<html><head>{head}</head><body>{body}<p>{PROSE}</p></body></html>")
    return printed_headline(headline_clues(tree), extracted, site, host)


def og(title: str) -> str:
    return f"<meta property='og:title' content=\"{title}\">"


MASTHEAD = "<div id='header'><a href='/'><h1>The Harbour Times</h1></a></div>"


@pytest.mark.parametrize(
    ("head", "body", "site", "expected"),
    [
        # a site name appended or prepended, found by og:site_name or by the host's name
        ("<title>Ferry fares rise | The Harbour Times</title>", "", "The Harbour Times", "Ferry fares rise"),
        ("<title>Ferry fares rise – harbourtimes</title>", "", None, "Ferry fares rise"),
        ("<title>The Harbour Times: Ferry fares rise</title>", "", "The Harbour Times", "Ferry fares rise"),
        ("<title>Harbour Times - Ferry fares rise</title>", "", "Harbour Times", "Ferry fares rise"),
        # site name and its tagline after the headline
        ("<title>Ferry fares rise | Harbour Times - News from the Coast</title>", "", "Harbour Times",
         "Ferry fares rise"),
        # the SEO title's own dashes and colons are the headline's: kept as written
        ("<title>Review: Ferry – a slow crossing - Harbour Times</title>", "", "Harbour Times",
         "Review: Ferry – a slow crossing"),
        ("<title>Parité en Tunisie : sous la moyenne - Harbour Times</title>", "", "Harbour Times",
         "Parité en Tunisie : sous la moyenne"),
        # the bare site name is no headline
        ("<title>The Harbour Times</title>", MASTHEAD, "The Harbour Times", None),
        ("<title>harbourtimes.example</title>", "", None, None),
        # several h1: the masthead's is the site's, the article's is the headline
        (og("Ferry fares rise - The Harbour Times"),
         MASTHEAD + "<article><h1>Ferry fares rise</h1></article>", "The Harbour Times", "Ferry fares rise"),
        # the printed h1 wins over the SEO wording it agrees with (typography, wording, length)
        (og("Ferry fares rise, council says - Harbour Times"),
         "<article><h1>Ferry fares rise by a fifth, council says</h1></article>", "Harbour Times",
         "Ferry fares rise by a fifth, council says"),
        (og("'Ferry fares' rise - what it means"),
         "<article><h1>‘Ferry fares’ rise – what it means</h1></article>", None, "‘Ferry fares’ rise – what it means"),
        # an article h1 that words it differently is still the printed headline...
        (og("Council approves harbour budget after long delay"),
         "<article><header class='article__header'><h1>Why the ferry will cost more next year</h1></header>"
         "</article>", None, "Why the ferry will cost more next year"),
        # ...but a sidebar's or a section's h1 that disagrees is not
        (og("Council approves harbour budget after long delay"),
         "<aside class='sidebar'><h1>Most read this week on the coast</h1></aside>", None,
         "Council approves harbour budget after long delay"),
        # a kicker printed inside the h1
        (og("Ferry fares rise"), "<article><h1><a href='/local'>Local News</a> | Ferry fares rise</h1></article>",
         None, "Ferry fares rise"),
        (og("Ferry fares rise by a fifth"),
         "<article><h1><span class='roofline'>Ferries</span> Ferry fares rise by a fifth</h1></article>", None,
         "Ferry fares rise by a fifth"),
        # the headline in an h2 when the page has no h1 for it
        ("<title>Ferry fares rise by a fifth | Hosted</title>",
         "<div class='story'><h2 class='story-headline'>Ferry fares rise by a fifth</h2></div>", "Hosted",
         "Ferry fares rise by a fifth"),
        # non-Latin scripts: a Cyrillic article h1, ruby readings left out
        (og("Самые популярные кулинарные блоги: список"),
         "<article><header class='article__header'><h1>Мастера вкуса: 23 самых крутых фудблогера</h1>"
         "</header></article>", None, "Мастера вкуса: 23 самых крутых фудблогера"),
        ("<title>NEWS WEB EASY|子どもへの体罰を禁止する法律ができる</title>",
         "<article><h1><ruby>子<rt>こ</rt></ruby>どもへの<ruby>体罰<rt>たいばつ</rt></ruby>を禁止する法律ができる</h1>"
         "</article>", None, "子どもへの体罰を禁止する法律ができる"),
        # right-to-left: the Arabic site name is cut on the side it stands
        ("<title>ارتفاع أسعار العبارات في الميناء - الجزيرة نت</title>", "", "الجزيرة نت",
         "ارتفاع أسعار العبارات في الميناء"),
        (og("ارتفاع أسعار العبارات في الميناء | الجزيرة نت"),
         "<header class='site-header'><h1>الجزيرة نت</h1></header><article><h1>ارتفاع أسعار العبارات في الميناء</h1>"
         "</article>", "الجزيرة نت", "ارتفاع أسعار العبارات في الميناء"),
    ],
)
def test_the_title_is_the_headline_as_printed(head, body, site, expected):
    assert headline(head, body, site) == expected


def test_a_korean_logo_h1_and_the_site_name_of_the_host():
    title = "엘제이-류화영 진흙탕 싸움, 공적인 사안으로 봐야하는 이유"
    body = "<div id='header'><a href='/'><h1>엔터 미디어</h1></a></div>"
    assert headline(f"<title>{title} - Entermedia</title>", body, host="entermedia.co.kr") == title


def test_a_site_name_that_is_the_headline_is_not_a_site_name():
    # trafilatura's site name is sometimes the headline itself: it must not wipe the headline out
    title = "Angus Barbieri. Nie jadł przez 382 dni"
    assert headline(f"<title>{title} - Menway</title>", f"<article><h1>{title}</h1></article>", title) == title


def test_trafilatura_title_only_when_the_page_declares_none():
    assert headline("", "", None, extracted="Ferry fares rise | The Harbour Times") == "Ferry fares rise"
    # a logo h1 trafilatura picked does not win over the declared title
    assert headline("<title>Ferry fares rise - Harbour Times</title>", "", "Harbour Times",
                    extracted="Harbour Times") == "Ferry fares rise"


def test_strip_site_name_keeps_a_title_without_separators():
    assert strip_site_name("Ferry fares rise - and why", site_names(None, None)) == "Ferry fares rise - and why"


def test_the_record_title_and_the_text():
    """Through the whole pipeline: the headline is the h1 and is not repeated as body text."""
    paragraphs = "".join(f"<p>{PROSE} Paragraph {i} adds that the vote was {i} to {9 - i}.</p>" for i in range(6))
    html = (
        "<html lang='en'><head><title>Ferry fares rise - and why | The Harbour Times</title>"
        "<meta property='og:site_name' content='The Harbour Times'></head><body>"
        f"{MASTHEAD}<article><h1>Ferry fares rise – and why</h1>{paragraphs}</article></body></html>"
    )
    article = clean_html(html.encode("utf-8"), "https://www.harbourtimes.example/ferry")
    assert article.title == "Ferry fares rise – and why"
    assert "Ferry fares rise" not in article.text


@pytest.mark.parametrize(
    ("head", "body", "site", "expected"),
    [
        # a blog's name printed as the first h1, also leading the long <title>: not the headline
        ("<title>Harbour Notes Daily: Ferry fares rise by a fifth - the full story</title>",
         "<article><h1>Harbour Notes Daily</h1></article>", None,
         "Harbour Notes Daily: Ferry fares rise by a fifth - the full story"),
        # a frame's h1 that is the title and much more is not taken for the title
        (og("Ferry fares rise by a fifth"),
         "<nav><h1>Harbour TV: Ferry fares rise by a fifth | Video of 16.1.2019</h1></nav>", None,
         "Ferry fares rise by a fifth"),
        # a hidden label inside the h1 is left out
        ("<title>Ferry fares and harbour dues - Harbour Times</title>",
         "<article><h1>Ferry fares, tolls and harbour dues<span class='visually-hidden'>, Topic: Transport</span>"
         "</h1></article>", "Harbour Times", "Ferry fares, tolls and harbour dues"),
        # a title that holds the site's name but is more than it stays
        ("<title>Gitarre &amp; Bass 02/2022</title>", "", "Gitarre & Bass", "Gitarre & Bass 02/2022"),
        # the printed characters are kept (no compatibility normalisation of the output)
        (og("Alles Neue macht der Mai..."), "<article><h1>Alles Neue macht der Mai…</h1></article>", None,
         "Alles Neue macht der Mai…"),
        # the site's name and its section ahead of the headline
        ("<title>Harbourtimes.example » Blog Archive » Ferry fares rise</title>", "",
         "Harbourtimes.example » Blog Archive", "Ferry fares rise"),
        # a colon in a span of its own takes no space before it
        (og("Ferry: fares rise"), "<article><h1><span>Ferry</span><span>:</span> fares rise</h1></article>", None,
         "Ferry: fares rise"),
        # the second h1 of a page whose first h1 names the site is no article headline
        ("<title>How the licences work - Harbour Commons</title>",
         "<article><h1>What is Harbour Commons?</h1><h1>some rights reserved</h1></article>", "Harbour Commons",
         "How the licences work"),
        # a kicker in its own <span> is a line apart, not glued to the headline
        ("<meta property='og:title' content='Die Zukunft der Arbeit - \"Wir dekorieren die Liegestühle um\"'>",
         "<article><h1><span class='kicker'>Die Zukunft der Arbeit</span>\"Wir dekorieren die Liegestühle um\"</h1>"
         "</article>", None, 'Die Zukunft der Arbeit "Wir dekorieren die Liegestühle um"'),
    ],
)
def test_what_is_not_the_headline(head, body, site, expected):
    assert headline(head, body, site) == expected
