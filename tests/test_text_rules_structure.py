"""Junk told by its shape, not its words: 'Label: <link to another story>', a contact label and
the lines under it, a 'further information' label over links, a related heading in another
language; each beside the look-alike that must stay.
"""

from __future__ import annotations

import pytest
from text_rule_pages import BODY, URL, page, removed_by

from cleaners import clean_html


def test_a_labelled_link_to_another_story_goes_whatever_the_label_says() -> None:
    labelled = [
        "<p>Lea más: <a href='/2024/03/01/huelga'>La huelga de los transbordadores termina</a></p>",
        "<p>Lesen Sie hier: <a href='/2024/02/11/radweg'>Neuer Radweg entlang des Flusses eröffnet</a></p>",
        "<p>Dowiedz się więcej: <a href='/2024/01/20/most'>Remont mostu potrwa do wiosny</a></p>",
    ]
    article = clean_html(page(start=BODY[:3] + labelled), URL)
    for line in ("La huelga de los transbordadores", "Neuer Radweg entlang", "Remont mostu potrwa"):
        assert line not in article.text
        assert removed_by(article, line) == "related.labelled-teaser"


def test_a_label_followed_by_a_sentence_around_a_link_stays() -> None:
    kept = [
        "<p>Update: <a href='/2024/03/01/survey'>the survey</a> is now online, with the traffic counts it used.</p>",
        "<p><a href='/2024/03/01/ferry'>Ferry strike: crews return</a></p>",  # label inside the link: a roundup title
        "<p>Note: <a href='https://elsewhere.example/report'>the national bridge report</a></p>",  # another site
    ]
    article = clean_html(page(start=BODY[:3] + kept), URL)
    assert "is now online, with the traffic counts it used." in article.text
    assert "the national bridge report" in article.text


def test_contact_block_at_the_end_goes_with_its_lines_and_a_mid_article_one_stays() -> None:
    contact = ["Pressekontakt:", "Jana Berg", "Amt für Brückenbau", "Tel. 0431 555 0101", "presse@brücken.example"]
    article = clean_html(page(end=contact), URL)
    for line in contact[:4]:
        assert line not in article.text
    article = clean_html(page(start=[*BODY[:2], "Kontakt:", "Zwei Fähren", "Eine Buslinie"]), URL)
    assert "Zwei Fähren" in article.text


def test_further_links_label_goes_only_with_the_links_under_it() -> None:
    links = (
        "<ul><li><a href='https://maps.example/river'>River crossings map</a> (city)</li>"
        "<li><a href='https://rail.example/detours'>Rail detours this spring</a> (operator)</li></ul>"
    )
    article = clean_html(page(end=["Weitere Informationen:", links]), URL)
    assert "River crossings map" not in article.text
    section = "The council will publish further details on the bearings, their supplier and the cost, in May."
    article = clean_html(page(end=["<h2>Weitere Informationen</h2>", section]), URL)
    assert "Weitere Informationen" in article.text and section in article.text


@pytest.mark.parametrize("heading", ["NOTAS RELACIONADAS", "Contenido Relacionado", "Weitere Themen", "Czytaj także"])
def test_related_headings_in_more_languages_go_with_their_teasers(heading: str) -> None:
    teasers = [
        "<p><a href='/2024/02/01/a'>Ferry timetable changes from April</a></p>",
        "<p><a href='/2024/02/02/b'>Cycle lane plan goes to consultation</a></p>",
    ]
    article = clean_html(page(end=[f"<h2>{heading}</h2>", *teasers]), URL)
    assert heading not in article.text
    assert "Cycle lane plan goes to consultation" not in article.text


def test_more_stories_list_of_headlines_with_blurbs_goes() -> None:
    teasers = "".join(
        f"<li><a href='/2024/02/{i:02d}/story'>{headline}</a> {blurb}</li>"
        for i, (headline, blurb) in enumerate([
            ("Ferry timetable changes from April", "Crews and passengers have until Friday to comment on the plan"),
            ("Cycle lane plan goes to consultation", "The council wants to hear from every street along the new route"),
            ("Harbour wall repairs finish early", "Engineers say the winter storms left less damage than they feared"),
        ])
    )
    article = clean_html(page(end=[f"<ul>{teasers}</ul>"]), URL)
    assert "Cycle lane plan goes to consultation" not in article.text
    assert all(p in article.text for p in BODY)


def test_a_list_whose_items_open_with_a_short_link_or_link_elsewhere_stays() -> None:
    own = (
        "<ul><li><a href='/maps/lanes'>Map</a> of the new cycle lanes, as the council drew them in March</li>"
        "<li><a href='/maps/detours'>Detours</a> for buses while the bridge deck is resurfaced in May</li>"
        "<li><a href='https://rail.example/timetable/spring-changes'>The spring rail timetable changes</a> apply "
        "to the branch line as well, the operator says</li></ul>"
    )
    article = clean_html(page(end=[own]), URL)
    assert "of the new cycle lanes, as the council drew them in March" in article.text
    assert "apply to the branch line as well" in article.text
