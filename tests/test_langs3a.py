"""Page furniture in Turkish, Russian/Ukrainian, Polish, Dutch and Czech (issue 19, wave 3, the
langs3a task): comment, like and share labels and notes written from half A of
tests/wordings/langs3a_wordings.json, and story lines with the same words that must stay. Pure and
fast: each line is planted in one small page and cleaned."""

from __future__ import annotations

from html import escape

import pytest

from cleaners import clean_html

PROSE = [f"Rada miasta obradowała we wtorek {i} do późna nad budżetem, a radni spierali się o drogi, szkoły "
         f"i nowe skrzydło szpitala, zanim przyjęli plan niewielką większością głosów." for i in range(4)]


def _cleaned(line: str, markup: str = "<p>{}</p>", story: str = "") -> str:
    middle = markup.format(escape(line))
    body = "".join(f"<p>{p}</p>" for p in PROSE[:2]) + story + middle + "".join(f"<p>{p}</p>" for p in PROSE[2:])
    html = f"<html><head><title>Budżet</title></head><body><article><h1>Budżet</h1>{body}</article></body></html>"
    return clean_html(html, "https://news.example/2024/05/budzet").text


LABELS = [
    "Zobacz komentarze", "Najnowsze komentarze", "Komentarze zostały wyłączone",  # pl
    "Lezersreacties", "Meest gelezen reacties", "Wat vind jij? Laat het weten in de reacties",  # nl
    "Vstoupit do diskuse", "Zapojte se do diskuse", "Napsat komentář", "Diskutovat",  # cs
    "Bu habere henüz yorum yapılmamış", "Haberle ilgili yorumlarınızı paylaşın",  # tr
    "Líbil se vám článek?", "Jak oceniasz ten artykuł?", "Bu içerik işinize yaradı mı?",  # like
    "Оцініть статтю", "Dejte like",
    "Sdílet článek", "Bağlantıyı kopyala", "Link skopiowany", "Print dit artikel", "Bewaar artikel",  # share
    "Zapisz na później", "Wyślij znajomemu",
    "Скачайте наше приложение", "Pobierz naszą aplikację", "Sledujte nás na Google Zprávách",  # messenger
    "Připojte se k nám na Instagramu",
    "Text původně vyšel na serveru Aktuálně.cz", "Celý článek si přečtěte na webu",  # syndication
    "Na podstawie: Reuters, AP", "Haber kaynağı: Reuters",
    "Text vyjadřuje osobní názor autora", "Yazı sahibinin kişisel görüşüdür",  # disclaimers
    "Článek nepředstavuje investiční doporučení", "Aan de inhoud kunnen geen rechten worden ontleend",
]


@pytest.mark.parametrize("line", LABELS)
def test_a_label_in_tr_ru_pl_nl_cs_goes(line: str) -> None:
    assert line not in _cleaned(line)


STORIES = [
    "Komentarze polityków po debacie były bardzo różne.",
    "De reacties op het voorstel van de minister waren overwegend negatief.",
    "Diskuse o nové dálnici trvala v zastupitelstvu celý večer.",
    "Uživatelé sdíleli video na sociálních sítích tisíckrát.",
    "Yorumlar yağdı: Taraftarlar teknik direktörün istifasını istedi.",
    "Duizenden mensen deelden de video op sociale media.",
    "Sdílení kol ve městě se rozšíří do dalších čtvrtí.",
    "Líbil se mu ten film, řekl režisér.",
    "Drukuj pieniądze, radził ekonomista rządowi.",
    "Přeloženo do češtiny vyšlo dílo až po revoluci.",
    "Pełna wersja raportu jest dostępna w bibliotece sejmowej.",
    "Původní článek zákona najdete ve sbírce.",
    "Na podstawie danych Reutersa rząd przygotował nowy budżet.",
    "Aan de inhoud van het verdrag kunnen geen rechten worden ontleend, zei de rechter.",
    "Przeczytaj później, radziła nauczycielka uczniom, którzy nie zdążyli.",
]


@pytest.mark.parametrize("line", STORIES)
@pytest.mark.parametrize("markup", ["<p>{}</p>", "<h3>{}</h3>"])
def test_a_story_line_with_the_same_words_stays(line: str, markup: str) -> None:
    """Each line in a page that also holds a paragraph of its own language's story: a line of the
    story shares its words, and a Czech or Dutch line alone in a Polish page shares none (the
    wording table reads such a line at a lower threshold: cleaners/wording_model.py)."""
    assert line in _cleaned(line, markup, OWN_STORY)


# A paragraph of the story in each of the lines' other languages.
OWN_STORY = "".join(f"<p>{p}</p>" for p in (
    "Poslanci ve středu schválili novelu zákona o sdílení dat; článek o diskusi s veřejností ještě upraví "
    "a původní znění vyjde ve sbírce zákonů.",
    "De minister verdedigde het voorstel in de Kamer; de reacties van de oppositie en de inhoud van het "
    "verdrag komen volgende week opnieuw aan bod.",
    "Taraftarlar maçtan sonra stadyumun önünde toplandı ve yorumlar sosyal medyada hızla yayıldı.",
))


@pytest.mark.parametrize("line", ["📩 Bültene abone ol", "👉 Odebírejte náš newsletter", "→ Zapisz się do newslettera"])
def test_a_prompt_after_an_emoji_or_arrow_goes(line: str) -> None:
    assert line not in _cleaned(line)


@pytest.mark.parametrize("line", ["📩 Bültenin abone sayısı bir yılda iki katına çıktı, dedi yayın yönetmeni.",
                                  "→ Newsletter ministerstwa trafił przez pomyłkę do tysięcy osób."])
def test_a_story_line_after_an_emoji_stays(line: str) -> None:
    assert line in _cleaned(line)
