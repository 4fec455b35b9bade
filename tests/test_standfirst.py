"""The standfirst (lede) printed between the headline and the body container, in a box whose
class says 'teaser' (which trafilatura's precision prune drops) or names a lede ('intro',
'article__lead', 'chapo'...), is kept; other teasers and boxes are not."""

from __future__ import annotations

import pytest

from cleaners import clean_html
from cleaners.parsing import parse_html
from cleaners.split_body import standfirst_paragraphs

LEDE = ("Die Stadt hat am Montag beschlossen, die alte Fähre über den Fluss ab dem Frühjahr wieder"
        " fahren zu lassen, nachdem Anwohner zwei Jahre lang dafür gesammelt hatten.")
BODY = [
    "Der Stadtrat stimmte mit großer Mehrheit für den Plan, der eine Fahrt jede halbe Stunde zwischen"
    " sechs Uhr morgens und acht Uhr abends vorsieht, an Wochenenden auch bis zehn Uhr abends.",
    "Die Kosten von rund 300.000 Euro teilen sich die Stadt, der Landkreis und ein Förderverein, der"
    " in den vergangenen zwei Jahren mehr als 80.000 Euro an Spenden gesammelt hat.",
    "Der Fährmann, der die Strecke schon bis 2019 betrieben hatte, will wieder am Ruder stehen und"
    " sucht zwei Helfer, die ihn an den Wochenenden und in den Sommerferien ablösen können.",
]
TEASER = ("Ein anderer Artikel über den Hafen, der im Kasten unter dem Text steht und weiter unten auf"
          " der Seite zu einer ganz anderen Meldung aus dem Landkreis führt.")


def _page(between: str = "", after: str = "", h1: str = "Die Fähre fährt wieder") -> str:
    body = "".join(f"<p>{p}</p>" for p in BODY)
    return (
        "<html lang='de'><head><title>Die Fähre fährt wieder | Kreisblatt</title></head><body>"
        "<nav><a href='/'>Start</a> <a href='/lokal'>Lokales</a></nav>"
        f"<div class='article'><h1>{h1}</h1>{between}"
        f"<div class='news-text-wrap'>{body}</div></div>{after}"
        "<footer><p>Impressum</p></footer></body></html>"
    )


def test_a_lede_in_a_teaser_box_under_the_headline_is_kept():
    article = clean_html(_page(between=f"<div class='teaser-text'><p>{LEDE}</p></div>"),
                         "https://kreisblatt.example/lokal/faehre-2020")
    assert not article.rejected
    assert LEDE in article.text
    assert article.text.index(LEDE) < article.text.index(BODY[0][:40])


def test_a_teaser_after_the_body_is_not_taken():
    article = clean_html(_page(after=f"<div class='teaser'><p>{TEASER}</p></div>"),
                         "https://kreisblatt.example/lokal/faehre-2020")
    assert TEASER not in article.text


def _standfirst(html: str) -> list[str]:
    return standfirst_paragraphs(parse_html(html), ["Die Fähre fährt wieder"], BODY)


def test_found_between_the_headline_and_the_body_only():
    assert _standfirst(_page(between=f"<div class='teaser-text'><p>{LEDE}</p></div>")) == [LEDE]
    # the same prose in a box without a lede's name: trafilatura keeps what it keeps, nothing is added
    assert _standfirst(_page(between=f"<div class='box'><p>{LEDE}</p></div>")) == []
    assert _standfirst(_page(between=f"<div class='leading-tight'><p>{LEDE}</p></div>")) == []
    # a logo in the <h1>: no headline, nothing taken
    assert _standfirst(_page(between=f"<div class='teaser-text'><p>{LEDE}</p></div>", h1="Kreisblatt")) == []


def test_a_row_of_teasers_links_and_scripts_are_no_standfirst():
    row = "".join(f"<div class='teaser'><p>{TEASER} {n}</p></div>" for n in range(3))
    assert _standfirst(_page(between=row)) == []
    linked = f"<div class='teaser'><p><a href='/x'>{TEASER}</a></p></div>"
    assert _standfirst(_page(between=linked)) == []
    script = f"<div class='teaser'>{LEDE}<script>var ad = 'slot';</script></div>"
    assert _standfirst(_page(between=script)) == []


def test_a_lede_the_extraction_has_already_is_not_added_twice():
    assert standfirst_paragraphs(
        parse_html(_page(between=f"<div class='teaser-text'><p>{LEDE}</p></div>")),
        ["Die Fähre fährt wieder"], [LEDE, *BODY],
    ) == []


@pytest.mark.parametrize(
    "box",
    [
        "<div class='intro'><p>{}</p></div>",
        "<header class='article-header'><p class='article-header__lead'>{}</p></header>",
        "<p class='ArticleLede'>{}</p>",
        "<h2 class='article-deck'>{}</h2>",
        "<div class='chapo'>{}</div>",
        "<div id='vorspann'>{}</div>",
        "<div class='entry-excerpt'><p>{}</p></div>",
    ],
)
def test_a_lede_in_a_box_that_names_it_is_kept(box: str) -> None:
    assert _standfirst(_page(between=box.format(LEDE))) == [LEDE]


def test_a_date_row_named_like_a_lede_is_no_standfirst() -> None:
    # a header row of times ('articleHeader--subtitle-date'): its text is the times' text
    row = ("<div class='article-subtitle'><time datetime='2019-11-20'>Nov. 20, 2019</time>"
           "<time datetime='2019-11-20T06:35'>Updated: Nov. 20, 2019 1:35 a.m.</time></div>")
    assert _standfirst(_page(between=row)) == []


def test_the_lede_stands_before_the_body_in_the_text() -> None:
    page = _page(between=f"<header><p class='lead'>{LEDE}</p></header>")
    article = clean_html(page, "https://kreisblatt.example/lokal/faehre-2020")
    assert article.text.startswith(LEDE)


def test_the_headline_repeated_atop_the_extraction_is_no_anchor() -> None:
    # the extraction often starts with the headline again (text.title-repeat takes it out later);
    # the body's start is the first extracted paragraph that is not the headline
    headline = "Die Fähre über den Fluss fährt vom Frühjahr an wieder, beschließt der Stadtrat am Montag"
    page = _page(between=f"<div class='article__summary summary'>{LEDE}</div>", h1=headline)
    assert standfirst_paragraphs(parse_html(page), [headline], [headline, *BODY]) == [LEDE]


def test_the_body_found_though_its_page_text_starts_with_zero_width_spaces() -> None:
    # an editor's '\u200b' run before the first paragraph: trafilatura's text has none of it
    page = _page(between=f"<div class='c-page-intro__copy'>{LEDE}</div>").replace(
        f"<p>{BODY[0]}</p>", f"<p>\u200b\u200b\u200b{BODY[0]}</p>")
    assert _standfirst(page) == [LEDE]


def test_a_short_headline_that_is_the_whole_title_is_the_headline() -> None:
    # two words (a German compound): no logo, since it is the record's title entire
    page = _page(between=f"<div class='intro'>{LEDE}</div>", h1="Der Fährbetrieb")
    assert standfirst_paragraphs(parse_html(page), ["Der Fährbetrieb", "Der Fährbetrieb | Kreisblatt"], BODY) == [LEDE]
    # a logo that is only part of the <title> is still no headline
    logo = _page(between=f"<div class='intro'>{LEDE}</div>", h1="Kreisblatt")
    assert standfirst_paragraphs(parse_html(logo), ["Die Fähre fährt wieder", "Die Fähre fährt wieder | Kreisblatt"],
                                 BODY) == []
