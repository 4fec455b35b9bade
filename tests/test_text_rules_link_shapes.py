"""Junk told by the shape of its links, in any language, planted between the article's paragraphs:
a marker and a linked headline with only spaces between them, a bar of share links, a breadcrumb
of two crumbs, a 'posted in' label over category links; each beside the closest real text, which
must stay (a sentence ending in a long link, a references list, a paragraph citing two sources).
"""

from __future__ import annotations

import re

from lxml import html as lxml_html
from text_rule_pages import BODY, URL, page

from cleaners import clean_html, rules_for
from cleaners.blocks import Block, annotate_links, container_links, page_links
from cleaners.text_rules import judge_blocks
from cleaners.words import count_words


def _middle(*blocks: str) -> str:
    return page(start=[*BODY[:4], *blocks, *BODY[4:]])


def _judged(*blocks: str) -> dict[str, str | None]:
    """Each planted block's text -> the rule that removed it, judged as the article's blocks with
    the page's links (trafilatura itself drops some link-heavy lines of a page this small; real
    pages keep them, so the rule is proved on the blocks)."""
    tree = lxml_html.fromstring(_middle(*blocks))
    texts = [" ".join(lxml_html.fromstring(b).text_content().split()) for b in blocks]
    body = [*BODY[:4], *texts, *BODY[4:]]
    typed = [Block(t, "p", None, count_words(t)) for t in body]
    annotate_links(typed, page_links(tree), URL, container_links(tree))
    _, removed = judge_blocks(typed, rules_for().text)
    by_text = {r.text: r.rule_id for r in removed}
    return {t: by_text.get(t) for t in texts}


def _assert_gone(blocks: list[str], rule_id: str) -> None:
    article = clean_html(_middle(*blocks), URL)
    for text, removed in _judged(*blocks).items():
        assert removed == rule_id, (text, removed)
        assert not re.search(rf"(?m)^{re.escape(text)}$", article.text), text


def _assert_kept(blocks: list[str], rule_id: str) -> None:
    for text, removed in _judged(*blocks).items():
        assert removed != rule_id, text


def test_a_marker_then_a_linked_headline_goes_with_spaces_only_between() -> None:
    _assert_gone([
        "<p>Lesen Sie auch \u00a0 <a href='/politik/2023/neue-faehre'>Neue Fähre für die Nordroute bestellt</a></p>",
        "<p><strong>LIRE AUSSI</strong>   <a href='/culture/2022/festival'>Le festival du fleuve revient</a></p>",
        "<p>Relacionado  <a href='/local/2021/puente'>El puente viejo cierra por obras de verano</a></p>",
        "<p>See also <a href='/news/2020/ferry'>Ferry operators warn of higher winter fares</a></p>",
    ], "related.labelled-teaser")


def test_a_lowercase_headline_goes_when_the_page_sets_its_label_apart() -> None:
    _assert_gone([
        "<p>Read more \u00a0 <a href='/tech/2019/moon'>shoots for the moon, lands among the stars</a></p>",
        "<p><b>Auch interessant</b> <a href='/wirtschaft/2018/messe'>comwrap auf der Messe in Köln</a></p>",
        "<p>LESEN SIE AUCH \u00a0 <a href='/kultur/2019/denkmal'>Denkmäler der Stadt in neuem Licht.</a></p>",
        "<p>Lire aussi <a href='/mode/2021/sac'>Le sac de paille revient! Voici pourquoi ...</a></p>",
    ], "related.labelled-teaser")


def test_a_sentence_broken_across_source_lines_before_its_link_stays() -> None:
    _assert_kept([
        "<p>The council said\n    <a href='/2024/01/02/bridge-plan'>the bridge plan agreed in January</a></p>",
    ], "related.labelled-teaser")


def test_a_sentence_ending_in_a_long_same_site_link_stays() -> None:
    kept = [
        "<p>The council said <a href='/2024/01/02/bridge-plan'>the bridge plan agreed in January last year</a></p>",
        "<p>Die Stadt verweist auf <a href='/2023/plan'>den Plan für die neue Brücke am Fluss</a></p>",
        "<p>Contributors <a href='/2024/03/01/ferry'>Ferry crews return to work on Monday</a>.</p>",  # ends after it
        "<p>Meanwhile <a href='/2024/03/02/ferry'>Ferry crews went back to work on Monday.</a></p>",  # a sentence
        "<p>Note <a href='https://elsewhere.example/2024/report'>National Bridge Report Published Today</a></p>",
    ]
    _assert_kept(kept, "related.labelled-teaser")
    article = clean_html(_middle(*kept), URL)
    for line in ("the bridge plan agreed in January", "den Plan für die neue Brücke", "Ferry crews return to work",
                 "National Bridge Report", "Ferry crews went back to work"):
        assert line in article.text


def test_a_bar_of_share_links_goes_with_or_without_a_title() -> None:
    _assert_gone([
        "<div><a href='https://www.facebook.com/sharer/sharer.php?u=x'>Facebook</a> "
        "<a href='https://twitter.com/intent/tweet?url=x'>Twitter</a> <a href='mailto:?body=x'>E-Mail</a></div>",
        "<p>Beitrag teilen <a href='https://wa.me/?text=x'>WhatsApp</a> "
        "<a href='https://www.xing.com/spi/shares/new?url=x'>Xing</a></p>",
        "<div>Compartir <a href='https://t.me/share/url?url=x'>Telegram</a> | "
        "<a href='https://www.linkedin.com/shareArticle?url=x'>LinkedIn</a></div>",
    ], "text.share-bar")


def test_external_links_to_sources_stay() -> None:
    kept = [
        "<ul><li><a href='https://tides.example/survey'>Estuary tide survey</a>, port authority, 2023</li></ul>",
        "<p>Figures from <a href='https://stats.example/t'>Statistics Office</a> and "
        "<a href='https://rail.example/r'>Rail Board</a> show the detour cost.</p>",
        "<p>Quellen: <a href='https://dpa.example/'>dpa</a>, <a href='https://afp.example/'>AFP</a></p>",
        "<p>Kontakt: <a href='mailto:presse@riverside.example'>Presse</a>, "
        "<a href='mailto:rat@riverside.example'>Rat</a></p>",
    ]
    _assert_kept(kept, "text.share-bar")
    article = clean_html(_middle(*kept), URL)
    for line in ("Estuary tide survey, port authority", "Figures from Statistics Office and Rail Board"):
        assert line in article.text


def test_a_breadcrumb_of_two_crumbs_goes_the_last_one_linked_or_not() -> None:
    _assert_gone([
        "<p><a href='/'>Startseite</a> › <a href='/kultur/'>Kultur</a></p>",
        "<div><a href='https://riverside.example/'>Inicio</a> | Local</div>",
        "<p><a href='/'>Accueil</a> / <a href='/region/'>Région</a> / Sports</p>",
    ], "text.breadcrumb")


def test_a_line_led_by_a_link_home_that_is_prose_stays() -> None:
    kept = [
        "<p><a href='/'>Riverside News</a> counted the cyclists on the bridge for a whole week.</p>",
        "<p><a href='/'>Riverside News</a> / Opinion: why the bridge took so long.</p>",
        "<p>Home / away: the two ferry crews swap routes each spring.</p>",
    ]
    _assert_kept(kept, "text.breadcrumb")
    article = clean_html(_middle(*kept), URL)
    assert "counted the cyclists on the bridge for a whole week" in article.text
    assert "the two ferry crews swap routes each spring" in article.text


def test_a_posted_in_label_over_category_links_goes_in_any_language() -> None:
    _assert_gone([
        "<p>Veröffentlicht in <a href='/category/panorama/'>Panorama</a></p>",
        "<p>Archivado en <a href='/tag/puentes/'>Puentes</a> · <a href='/tag/obras/'>Obras</a></p>",
        "<p>Rubriques : <a href='/rubrique/societe/'>Société</a></p>",
    ], "text.taxonomy-links")


def test_a_sentence_naming_a_category_page_stays() -> None:
    kept = [
        "<p>All the earlier reports on the works are collected under <a href='/tag/bridge/'>bridge</a>.</p>",
        "<p>Written by <a href='/author/jana-berg/'>Jana Berg</a></p>",
        "<p>See our <a href='/topics/bridges/'>bridges coverage</a> for the years of works before this.</p>",
    ]
    _assert_kept(kept, "text.taxonomy-links")
    article = clean_html(_middle(*kept), URL)
    assert "collected under bridge." in article.text


def test_a_word_that_is_a_tag_link_elsewhere_on_the_page_is_no_link_in_the_sentence() -> None:
    cloud = "<p><a href='/tag/strava/'>Strava</a> <a href='/tag/garmin/'>Garmin</a> <a href='/tag/apps/'>Apps</a></p>"
    tree = lxml_html.fromstring(_middle("<p>Neue Funktionen bei Strava</p>", cloud))
    block = Block("Neue Funktionen bei Strava", "p", None, 4)
    annotate_links([block], page_links(tree), URL, container_links(tree))
    assert block.segments == ()


def test_a_comment_inside_a_line_does_not_stop_reading_its_links() -> None:
    tree = lxml_html.fromstring(
        "<div><p><!-- teaser --><strong>LIRE AUSSI</strong><!-- x --> <a href='/a/b'>Le festival revient</a></p></div>"
    )
    line = container_links(tree)["LIRE AUSSI Le festival revient"]
    assert line.anchors == (("Le festival revient", "/a/b"),) and line.label_set_apart


def test_a_share_bar_goes_on_a_page_cleaned_without_its_url() -> None:
    bar = "<p>Compartir <a href='https://www.reddit.com/submit?url=x'>Reddit</a> <a href='mailto:?x'>Correo</a></p>"
    tree = lxml_html.fromstring(_middle(bar))
    block = Block("Compartir Reddit Correo", "p", None, 3)
    annotate_links([block], page_links(tree), None, container_links(tree))
    _, removed = judge_blocks([Block(b, "p", None, count_words(b)) for b in BODY[:3]] + [block], rules_for().text)
    assert [r.rule_id for r in removed] == ["text.share-bar"]
