"""Concept classes in the inflected and agglutinative languages of issue 19's worst shares (tr id pl
nl es ru it fr pt): glued possessives, accented stems, the share call, and the story lines with the
same words that must stay. Pure and fast: classes are asked of the text, one page is cleaned."""

from __future__ import annotations

import pytest

from cleaners import clean_html
from cleaners.concept_rules import classes_of

NOTES = [
    ("WhatsApp kanalımızı takip edin", "messenger"),  # 'our' glued to the channel
    ("Curta nossa página no Facebook", "messenger"),
    ("Metti mi piace alla nostra pagina", "messenger"),
    ("Suscríbete al boletín", "newsletter"),  # 'suscri' missed the accented 'í'
    ("E-bültene kayıt olun, gündemi kaçırmayın", "newsletter"),  # the polite imperative addresses the reader
    ("Henüz yorum yapılmamış. İlk yorumu sen yap!", "comment-section"),
    ("Artykuł nie stanowi porady inwestycyjnej.", "not-advice"),
    ("Opinie wyrażone w artykule są wyłącznie opiniami autora.", "views-own"),
    ("La rédaction n'est pas responsable du contenu des commentaires.", "views-own"),
    ("Redakcja nie ponosi odpowiedzialności za treść komentarzy.", "views-own"),
    ("На правах рекламы", "sponsored"),
    ("Bagikan artikel ini", "share"),
    ("Udostępnij", "share"),
    ("Podziel się artykułem", "share"),
    ("Partagez cet article", "share"),
    ("Поделитесь статьёй с друзьями", "share"),
    ("Compartilhe esta notícia", "share"),
    ("Condividi l'articolo", "share"),
    ("Comparte este artículo", "share"),
    ("Twój komentarz czeka na moderację", "comment-section"),
    ("Seu comentário está aguardando moderação", "comment-section"),
    ("Recibe nuestras noticias en tu WhatsApp", "messenger"),
    ("Clique aqui e siga o canal no WhatsApp", "messenger"),
    ('Mari bergabung di Grup Telegram "Kompas.com News Update"', "messenger"),
    ("Bu habere yorum yapılamaz", "comment-section"),
    ("Yorum yapmak için üye girişi yapın", "comment-section"),
    ("Komentowanie zostało wyłączone", "comment-section"),
    ("Artykuł wyraża osobiste poglądy autora.", "views-own"),
    ("Bu yazı yatırım tavsiyesi içermez.", "not-advice"),
    ("Bu haber Anadolu Ajansı'ndan alınmıştır.", "agency-credit"),
    ("Bu içerik DHA tarafından hazırlanmıştır.", "agency-credit"),
    ("Artikel ini telah tayang di Tribunnews.com", "syndication"),
    ("Artikel ini pernah dimuat di Kompas.id", "syndication"),
    ("Artykuł pochodzi z serwisu Money.pl", "syndication"),
    ("E-posta listemize katılın", "newsletter"),
    ("Isi tulisan di luar tanggung jawab redaksi", "views-own"),
    ("Texto publicado originalmente no site da BBC News Brasil", "syndication"),
    ("Ti è piaciuto l'articolo? Condividilo", "share"),
    ("Bu haberi beğendiyseniz paylaşın", "share"),
    ("Podobał ci się artykuł? Udostępnij go!", "share"),
    ("Met medewerking van ANP", "agency-credit"),
    ("Opinie zawarte w tekście są prywatnymi opiniami autora", "views-own"),
]

STORIES = [
    "Komentarze premiera wywołały burzę w Sejmie.",  # 'premiera' (the prime minister's) is no 'premier' (first)
    "Share this information, please?",  # a blogger's own plea, in the story's text (scrapinghub)
    "Warga membagikan video banjir itu ke media sosial.",
    "Compartir contraseñas de Netflix costará dinero desde marzo.",
    "Partager ses mots de passe devient payant.",
    "Поделиться опытом приехали врачи из десяти регионов.",
    "Il sindaco ha messo mi piace alla pagina Facebook del suo rivale.",
    "Artykuł opisuje porady inwestycyjne, którymi kierowali się klienci banku.",
    "Le ministre n'est pas responsable des commentaires de ses conseillers, selon son avocat.",
    "Партнёрский проект разместили на правах аренды в здании мэрии.",
    "Telegram kanalında paylaşılan görüntüler soruşturmaya delil oldu.",
    "O ministro recebe mensagens no seu WhatsApp pessoal todos os dias.",  # 'os' is Portuguese's 'the'
    "Mari Santos, de 34 anos, participou do grupo de WhatsApp dos moradores.",
    "Moderacja treści na Facebooku budzi kontrowersje.",
    "Rektör, bu konuda yorum yapılamaz dedi.",
    "Şirket, ürünlerinin zararlı madde içermez olduğunu açıkladı.",
    "Komentowanie wyroków sądu jest prawem obywateli.",
    "Opinie wyrażone przez autora raportu są kontrowersyjne, a odpowiedzialność spoczywa na ministrze.",
    "Лучшие игроки недели получат призы по почте.",
    "Polisin ifadesi Anadolu Ajansı'ndan alınmıştır iddiası yalanlandı.",
    "Film dokumenter itu telah tayang di bioskop sejak Januari.",
    "Pasien itu pernah dimuat di media lokal karena kisahnya yang viral.",
    "Dane pochodzą z serwisu Eurostat i obejmują lata 2010-2020.",
    "Redaksi menerima tanggung jawab atas kesalahan di luar kendali penulis.",
    "Burada yer alan tesislerin çoğu kapatıldı.",
    "Il film ti è piaciuto? Il regista condivide i suoi ricordi.",
    "Opinie zawarte w raporcie NIK są krytyczne wobec ministra.",
]


LABELS = ["Tüm yorumları gör", "Tulis komentar Anda di bawah ini", "Wat vind je hiervan?",
          "Co myślisz o tym artykule?", "Cosa ne pensi? Scrivilo nei commenti",
          "Поделитесь своим мнением в комментариях"]


@pytest.mark.parametrize("text", LABELS)
def test_a_comment_label_with_an_inflected_or_positional_word_goes(text: str) -> None:
    from cleaners.label_rules import COMMENTS, is_label

    assert is_label(text, COMMENTS, heading=False)


@pytest.mark.parametrize(("text", "cls"), NOTES)
def test_a_note_in_an_inflected_language_is_its_class(text: str, cls: str) -> None:
    assert cls in classes_of(text)


@pytest.mark.parametrize("text", STORIES)
def test_a_story_line_with_the_same_words_is_no_note(text: str) -> None:
    assert not classes_of(text)


def test_a_share_prompt_goes_and_the_story_stays_on_a_page() -> None:
    prose = [f"Das Stadtparlament beriet am Abend {i} lange über den Haushalt, die Schulen und die Straßen "
             f"der Altstadt, bevor es den Plan mit knapper Mehrheit annahm." for i in range(4)]
    body = "".join(f"<p>{p}</p>" for p in (*prose[:2], "Bagikan artikel ini", STORIES[2], *prose[2:]))
    html = f"<html><body><article><h1>Haushalt</h1>{body}</article></body></html>"
    article = clean_html(html, "https://news.example/2024/05/haushalt")
    assert "Bagikan artikel ini" not in article.text
    assert STORIES[2] in article.text
    assert any(b.rule_id == "concepts.share" for b in article.removed)


def test_a_spanish_like_question_with_its_perfect_tense_goes() -> None:
    from cleaners.label_rules import is_like_label

    assert is_like_label("¿Te ha sido útil este artículo?")
