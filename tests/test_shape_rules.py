"""The shape rules (cleaners/shape_rules.py): junk told by what a block is, in any language.

Each shape is shown on wordings in several languages and scripts that no phrase rule lists, and
on the near misses the dev sets hold (an aside of the story's own in brackets, a numbered series
of headings, a list of dates, a sentence about a network).
"""

from __future__ import annotations

import pytest

from cleaners import clean_html
from cleaners.date_shapes import is_breadcrumb_text
from cleaners.shape_rules import (
    is_bracketed_note,
    is_count_widget,
    is_counted_heading,
    is_date_line,
    names_network,
    network_headline,
)

PROSE = [
    f"The ferry operator said on day {i} that crossings would resume once the harbour wall is repaired, "
    f"and that passengers booked for the {i + 1} sailings would be moved to the next free boat."
    for i in range(6)
]


def page(*middle: str, lang: str = "en") -> str:
    body = "".join(p if p.startswith("<") else f"<p>{p}</p>" for p in (*PROSE[:3], *middle, *PROSE[3:]))
    return (
        f"<html lang='{lang}'><head><title>Ferry crossings halted</title></head><body><article>"
        f"<h1>Ferry crossings halted</h1>{body}</article></body></html>"
    )


def removed_by(html: str, rule_id: str) -> list[str]:
    article = clean_html(html, "https://ferry.example/news/1")
    assert all(p in article.text for p in PROSE), "the story's own paragraphs must all stay"
    return [b.text for b in article.removed if b.rule_id == rule_id]


def stays(html: str, *texts: str) -> bool:
    """Every one of ``texts`` is in the cleaned text: no rule at all took it (``removed_by ... == []``
    says only that one rule did not)."""
    text = " ".join(clean_html(html, "https://ferry.example/news/1").text.split())
    return all(t in text for t in texts)


@pytest.mark.parametrize("text", [
    "(Reporting by Ana Lima; editing by Tom Kerr)",
    "(С использованием материалов ТАСС)",
    "(Haberin kaynağı Anadolu Ajansı)",
    "(Laporan oleh Budi Santoso, disunting oleh Rina)",
    "(mit Material von dpa)",
    "(Fuente: EFE y AFP)",
])
def test_bracketed_notes_in_any_language(text: str) -> None:
    assert is_bracketed_note(text)


@pytest.mark.parametrize("text", [
    "(I know, radical statement, right?)",  # an aside of the story's own: a sentence
    "(a) the first point and (b) the second",  # two bracketed spans, not one note
    "The minister (who spoke to reporters) left early",
    "(2019)",  # no letter
    "[사진=JTBC]",  # a photo credit, label and value: the caption rules' business
    "(Graphic: Global currencies vs. dollar - here)",  # a caption of the story's own
    "[Ni’matul Ukhuwah hal. 41]",  # a reference
    "[PC World]",  # a round-up's source, cited after a paragraph
])
def test_bracketed_near_misses(text: str) -> None:
    assert not is_bracketed_note(text)


@pytest.mark.parametrize(
    "text",
    ["Like 12", "12 Comments", "♥ 340", "👍 1.2K", "Beğen 45", "1,2 тыс. просмотров", "Suka 87", "12 kişi beğendi"],
)
def test_count_widgets(text: str) -> None:
    assert is_count_widget(text)


@pytest.mark.parametrize("text", ["1. Introduction", "10 p.m.", "May 06, 2022", "Workshop 2014", "42",
                                  "The board met 12 times",
                                  "Gesamtvolumen über 130 Gigawattstunden", "4940 SW 2nd PL",
                                  "—Ben, age 8", "– Musegirl, 8"])
def test_count_widget_near_misses(text: str) -> None:
    assert not is_count_widget(text)


def test_counted_heading() -> None:
    assert is_counted_heading("Yorumlar (3)") and is_counted_heading("Комментарии (12)")
    assert not is_counted_heading("1 Introduction") and not is_counted_heading("Meal 1")
    assert not is_counted_heading("Comments") and not is_counted_heading("Results of the 2024 vote (part 2) in full")


@pytest.mark.parametrize("text", ["12.03.2024, 14:30", "Tuesday, 5 March 2024", "5 марта 2024, 10:15", "2024-03-05",
                                  "Salı, 5 Mart 2024"])
def test_date_lines(text: str) -> None:
    assert is_date_line(text)


@pytest.mark.parametrize("text", ["29 November 2018 | 20 January 2019", "2018.04.05 ~ OPEN RUN",
                                  "— Site (@site) November 4, 2019", "Nachtrag 22.04.2020 10:30 Uhr:",
                                  "The board met in March 2024 and agreed", "BIKE Workshop 2014"])
def test_date_line_near_misses(text: str) -> None:
    assert not is_date_line(text)


def test_network_names_are_brands_not_words() -> None:
    assert names_network("Подписывайтесь на наш Telegram-канал") and names_network("Bizi WhatsApp'tan takip edin")
    assert not names_network("The signal was lost on the line") and not names_network("Threads of wool")


# --- in a page: the rules remove the shape between paragraphs and keep the story's own ----------

def test_count_widget_removed_between_paragraphs_but_a_series_stays() -> None:
    assert removed_by(page("Beğen 45"), "shapes.count-widget") == ["Beğen 45"]
    series = page("<p>Meal 1</p>", PROSE[0].replace("day 0", "day 9"), "<p>Meal 2</p>")
    assert removed_by(series, "shapes.count-widget") == []
    assert stays(series, "Meal 1", "Meal 2")


def test_counted_comment_heading_removed() -> None:
    assert removed_by(page("<h3>Yorumlar (7)</h3>"), "shapes.count-widget") == ["Yorumlar (7)"]


def test_network_prompt_removed_but_a_sentence_about_a_network_stays() -> None:
    assert removed_by(page("Ikuti kami di Telegram dan WhatsApp"), "shapes.network-prompt") == [
        "Ikuti kami di Telegram dan WhatsApp"
    ]
    assert removed_by(page("Facebook declined to comment on the outage."), "shapes.network-prompt") == []
    assert stays(page("Facebook declined to comment on the outage."), "Facebook declined to comment on the outage.")


def test_date_line_removed_alone_but_not_in_a_list_of_dates() -> None:
    """The shape rule leaves a list of dates alone. (The older phrase rule ``datelines.date-only``
    takes date-only list items anyway, so such a list does not stay: that is its call, not this rule's.)"""
    assert removed_by(page("5 марта 2024, 10:15"), "shapes.date-line") == ["5 марта 2024, 10:15"]
    dates = page("<ul><li>5 March 2024</li><li>9 March 2024</li></ul>")
    assert removed_by(dates, "shapes.date-line") == []


def test_bracketed_note_removed() -> None:
    assert removed_by(page("(С использованием материалов ТАСС)"), "shapes.bracketed-note") == [
        "(С использованием материалов ТАСС)"
    ]


def test_lone_link_removed_between_paragraphs_but_a_linked_phrase_in_a_sentence_stays() -> None:
    cta = "<p><a href='/newsletter'>Kanalımıza katılın, haberler cebinize gelsin</a></p>"
    assert removed_by(page(cta), "shapes.lone-link") == ["Kanalımıza katılın, haberler cebinize gelsin"]
    sentence = "<p>The timetable is <a href='https://ferry.example/timetable'>on the operator's page</a>.</p>"
    assert removed_by(page(sentence), "shapes.lone-link") == []
    assert stays(page(sentence), "The timetable is on the operator's page.")


def test_category_line_with_a_long_label_removed_but_a_sentence_ending_in_a_section_link_stays() -> None:
    line = ("<p>Diese Meldung erschien in den Rubriken <a href='/category/wirtschaft'>Wirtschaft</a>, "
            "<a href='/welt/'>Welt</a></p>")
    assert removed_by(page(line), "shapes.category-line") == ["Diese Meldung erschien in den Rubriken Wirtschaft, Welt"]
    sentence = "<p>The operator's earlier notices are all filed in <a href='/notices/'>Notices</a>.</p>"
    assert removed_by(page(sentence), "shapes.category-line") == []
    assert stays(page(sentence), "The operator's earlier notices are all filed in Notices.")
    story = "<p>The full timetable is listed under <a href='/news/2024/05/new-timetable'>Timetable</a></p>"
    assert removed_by(page(story), "shapes.category-line") == []  # an article's address, not a section
    assert stays(page(story), "The full timetable is listed under Timetable")


def test_network_link_to_an_account_is_a_prompt_but_a_link_to_an_event_is_the_story() -> None:
    follow = "<p><a href='https://t.me/ferrynews'>Telegram: ferry news every morning</a></p>"
    assert removed_by(page(follow), "shapes.network-prompt") == ["Telegram: ferry news every morning"]
    event = "<p><a href='https://www.facebook.com/events/1421695617910553'>The Facebook event for the reopening</a></p>"
    assert removed_by(page(event), "shapes.network-prompt") == []
    assert stays(page(event), "The Facebook event for the reopening")


# --- clusters: widgets side by side, or beside a heading or a block another rule took ------------

def test_widgets_side_by_side_between_paragraphs_are_removed() -> None:
    """A like count beside a messenger prompt: each has the other, not the story, as a neighbour,
    so the guard that wants prose on both sides kept both. (A prompt naming 'our channel' is
    taken first by concepts.messenger, and so is one with the reader's call, 'takip edin'; this
    one is a bare handle. A count with a like word,
    'Beğen 45', is labels.like's alone: the count here is a symbol's.)"""
    html = page("♥ 45", "Telegram: @harbour_news")
    assert removed_by(html, "shapes.cluster") == ["♥ 45", "Telegram: @harbour_news"]


def test_two_widgets_before_a_heading_are_removed() -> None:
    html = page("♥ 45", "Telegram: @harbour_news", "<h2>Yeni sefer saatleri</h2>")
    assert removed_by(html, "shapes.cluster") == ["♥ 45", "Telegram: @harbour_news"]
    assert stays(html, "Yeni sefer saatleri")


LONE_LINES_BEFORE_A_HEADING = [
    ("Step 3", "Mix the flour"), ("Round 3", "The final"), ("Chapter 12", "The end"),
    ("Часть 2", "Итоги"), ("Bölüm 2", "Sonuç"), ("Serves 4", "Ingredients"), ("Platz 2", "Die Sieger"),
    ("Day 3", "Arrival"), ("Telegram", "The app"),
]


def test_a_lone_count_like_line_beside_a_heading_is_the_story() -> None:
    """One line is no cluster: 'Step 3', 'Часть 2', 'Serves 4' before a subheading number the
    story or give its data, in every language; a widget beside a heading needs a second widget
    or a block another rule took beside it."""
    for line, heading in LONE_LINES_BEFORE_A_HEADING:
        html = page(line, f"<h3>{heading}</h3>")
        assert removed_by(html, "shapes.cluster") == [], line
        assert stays(html, line, heading)
    after = page("<h3>Results</h3>", "Score: 3")
    assert removed_by(after, "shapes.cluster") == []


def test_widget_beside_a_block_another_rule_took_is_removed() -> None:
    html = page("5 марта 2024, 10:15", "Advertisement")
    assert "Advertisement" not in clean_html(html, "https://ferry.example/news/1").text
    assert removed_by(html, "shapes.cluster") == ["5 марта 2024, 10:15"]


def test_a_series_of_one_shape_and_lines_at_the_article_end_stay() -> None:
    """Two lines of one shape are data (ingredients, an address, dates), whatever stands around
    them; a line at the article's start or end may be its byline, a reference, a lead-in."""
    ingredients = page("2 eggs", "3 apples")
    assert removed_by(ingredients, "shapes.cluster") == []
    assert stays(ingredients, "2 eggs", "3 apples")
    body = "".join(f"<p>{p}</p>" for p in PROSE) + "<p>[Ni'matul Ukhuwah hal. 41]</p>"
    ending = f"<html><head><title>Ferry</title></head><body><article>{body}</article></body></html>"
    assert removed_by(ending, "shapes.cluster") == []
    assert stays(ending, "[Ni'matul Ukhuwah hal. 41]")


def test_category_line_printed_as_a_list_is_removed_but_a_list_of_stories_is_not_one() -> None:
    """'Tags:' and its links as list items, or a breadcrumb as a list: each item alone is no
    category line, the list is."""
    tags = page("<ul><li>Etiketler:</li><li><a href='/tag/ekonomi'>Ekonomi</a></li>"
                "<li><a href='/politika/'>Politika dünya</a></li></ul>")
    assert removed_by(tags, "shapes.category-line") == ["- Etiketler:", "- Ekonomi", "- Politika dünya"]
    crumbs = page("<ul><li><a href='/'>Beranda</a></li><li><a href='/ekonomi/'>Ekonomi dan bisnis</a></li>"
                  "<li>Bursa dan saham</li></ul>")
    assert "Beranda" not in clean_html(crumbs, "https://ferry.example/news/1").text
    stories = page("<ul><li>Etiketler:</li><li><a href='/ekonomi/2024/05/ekonomi-buyuyor'>Ekonomi büyüyor</a></li>"
                   "<li><a href='/politika/2024/05/secim-sonuclari'>Seçim sonuçları</a></li></ul>")
    assert removed_by(stories, "shapes.category-line") == []


def test_widget_beside_a_short_sentence_is_removed_but_a_reader_signature_between_jokes_stays() -> None:
    """Beside a cluster, a paragraph of eight words or more that ends as a sentence is prose; a
    reader's signature under a joke ('—Ben, age 8') is no count widget, whatever stands around it."""
    html = page("♥ 45", "The harbour wall will be repaired by the spring.")
    assert removed_by(html, "shapes.cluster") == ["♥ 45"]
    jokes = page("Why did the ferry stop at the harbour wall today?", "—Ben, age 8",
                 "Because the ferry was tired of all the waves.")
    assert removed_by(jokes, "shapes.cluster") == []
    assert stays(jokes, "—Ben, age 8")


# --- dates by tables of their pieces (cleaners/date_shapes.py) ---------------------------------------
@pytest.mark.parametrize("text", [
    "vor 3 Stunden", "il y a 2 jours", "hace 5 minutos", "3 saat önce", "2 часа назад", "5 menit yang lalu",
    "2 uur geleden", "3 godziny temu", "vor einer Stunde", "час назад", "Zuletzt aktualisiert vor 1 Stunde",
    "Pazartesi, 21 Mart", "Вторник, 21 марта", "Selasa, 21 Maret", "Erschienen am Freitag, 3. Mai",
    "Di., 12.11.2024 – 08:15 Uhr", "вчера, 17:32", "3 órája", "πριν από 2 ώρες", "3시간 전", "3小时前",
])
def test_date_lines_made_of_table_pieces(text: str) -> None:
    assert is_date_line(text)


@pytest.mark.parametrize("text", [
    "Three hours ago, the first lifeboat reached the shore.",
    "Elections on 5 May",  # a headline: 'Elections' is no piece of a date
    "March 2024 in numbers",
    "2 days to go",
    "2 hours later",
    "Only 3 hours left for voters in Berlin",
    "A 3 saat süren toplantı sona erdi",
    "The ceremony lasted 2 hours and 15 minutes",
    "Day 2",
])
def test_table_date_near_misses(text: str) -> None:
    assert not is_date_line(text)


def test_a_relative_date_between_paragraphs_goes() -> None:
    assert removed_by(page("před 3 hodinami"), "shapes.date-line") == ["před 3 hodinami"]
    assert removed_by(page("godzinę temu"), "shapes.date-line") == ["godzinę temu"]
    assert removed_by(page("Вторник, 21 марта"), "shapes.date-line") == ["Вторник, 21 марта"]


# --- breadcrumbs printed as text -------------------------------------------------------------------
@pytest.mark.parametrize("text", [
    "Home > News > World", "Startseite › Politik", "Inicio / Deportes", "Главная › Спорт",
    "Ana Sayfa » Ekonomi", "News / UK / Scotland", "首页 > 新闻 > 国际",
    "Home › News › Ferry crossings halted after the storm",
    "Sie sind hier: Startseite > Politik > Ausland", "Vous êtes ici : Accueil > Actualités",
    "Home >> Sport >> Cricket", "Home :: Business :: Markets",
])
def test_breadcrumb_text(text: str) -> None:
    assert is_breadcrumb_text(text)


@pytest.mark.parametrize("text", [
    "Home Office", "London / Paris", "Mother / daughter", "The 24/7 helpline and the TCP/IP stack",
    "Home > Away: how the team won on the road", "Politics › where next for the coalition?",
    "Cost / benefit: what the council found", "Either > or", "Home, sweet home",
    "Warning : Spoilers", "Source: Reuters / AP", "Note: London / Paris",
])
def test_breadcrumb_near_misses(text: str) -> None:
    assert not is_breadcrumb_text(text)


def test_a_breadcrumb_line_goes_anywhere_in_the_article() -> None:
    html = page("Startseite › Politik › Ausland")
    assert removed_by(html, "shapes.breadcrumb-line") == ["Startseite › Politik › Ausland"]
    assert stays(page("Ankara / Istanbul"), "Ankara / Istanbul")


# --- a headline about a network is not a prompt to join it ------------------------------------------
@pytest.mark.parametrize("text", [
    "Telegram founder joins French court hearing",
    "Facebook users join protest against the new policy",
    "WhatsApp outage hits millions across Europe",
])
def test_network_headlines_stay(text: str) -> None:
    assert network_headline(text)
    assert stays(page(text), text)


@pytest.mark.parametrize(
    "text", ["Telegram: @harbour_news daily", "Instagram'da bizi takip edin", "Follow us on Telegram"]
)
def test_network_prompts_are_no_headlines(text: str) -> None:
    assert not network_headline(text)


def test_a_date_line_closing_a_section_goes_before_the_subheading() -> None:
    """Between the story's prose and the next subheading a whole date line is furniture (the guard
    used to ask for prose on both sides); a count line there stays ('Step 3' numbers the story)."""
    html = page("Selasa, 21 Maret 2024", "<h3>Ferry timetable</h3>")
    assert removed_by(html, "shapes.date-line") == ["Selasa, 21 Maret 2024"]
    assert stays(page("Step 3", "<h3>Ferry timetable</h3>"), "Step 3")


def test_a_headline_with_its_date_after_a_colon_stays() -> None:
    assert not is_date_line("Sunday's vote: 21 March 2024")
    assert is_date_line("Last updated: March 5, 2024 at 9:41 a.m. ET")
