"""Page furniture in es fr it pt id ro (issue 19, wave 3, the langs3b task): push and subscribe
buttons, clitic follow prompts, syndication notes naming the original, past-performance and
price notes, and like / comment / ad / share labels; beside them, story lines with the same words
that must stay. Pure and fast: classes and labels are asked of the text, one page is cleaned."""

from __future__ import annotations

import pytest

from cleaners import clean_html
from cleaners.concept_rules import classes_of
from cleaners.label_rules import ADS, COMMENTS, SHARES, is_label, is_like_label

NOTES = [
    ("Activa las notificaciones", "newsletter"),  # a push prompt without 'push'
    ("Activează notificările", "newsletter"),
    ("Mulțumim pentru abonare", "newsletter"),
    ("Iscriviti", "newsletter"),  # the button alone
    ("Assine grátis", "newsletter"),
    ("Abonați-vă", "newsletter"),
    ("Inscreva-se gratuitamente", "newsletter"),
    ("Date de alta en nuestro boletín", "newsletter"),
    ("Nu rata nicio știre: abonează-te", "newsletter"),
    ("Seguici sui social", "messenger"),  # 'us' as a clitic
    ("Síganos en redes sociales", "messenger"),
    ("Urmărește-ne pe X", "messenger"),
    ("Le notizie sul tuo smartphone: entra nel canale", "messenger"),
    ("Ajoutez-nous à vos favoris Google Actualités", "messenger"),
    ("Contenido republicado bajo licencia Creative Commons.", "syndication"),
    ("Artikel asli terbit di CNN Indonesia.", "syndication"),
    ("Articolul original a fost publicat pe Adevărul.", "syndication"),
    ("Publicado en colaboración con Connectas.", "syndication"),
    ("Cette information a été publiée initialement par France Info.", "syndication"),
    ("Puedes leer la versión original en inglés aquí.", "syndication"),  # the language named, the page too
    ("Cu informații de la Reuters și AFP", "agency-credit"),
    ("Dengan informasi dari Reuters dan AFP", "agency-credit"),
    ("Los comentarios son responsabilidad de sus autores.", "views-own"),
    ("Redacția nu răspunde pentru conținutul comentariilor.", "views-own"),
    ("Les performances passées ne préjugent pas des performances futures.", "not-advice"),
    ("Rentabilidade passada não é garantia de rentabilidade futura.", "not-advice"),
    ("Los precios pueden variar sin previo aviso.", "prices"),
    ("Harga dapat berubah sewaktu-waktu.", "prices"),
    ("Distribuie", "share"),
    ("Comparte en redes", "share"),
    ("Condividete l'articolo", "share"),
    ("Una versione di questo articolo è uscita su Il Foglio.", "syndication"),
    ("Este artículo forma parte de un acuerdo de colaboración con Infobae.", "syndication"),
    ("Acest articol conține linkuri afiliate.", "affiliate"),
    ("Toda inversión conlleva riesgos.", "not-advice"),
    ("Orice investiție implică riscuri.", "not-advice"),
    ("Artículo traducido y adaptado de The Economist.", "syndication"),
    ("El medio no se hace responsable de las opiniones vertidas por los lectores.", "views-own"),
    ("La rédaction décline toute responsabilité quant aux propos tenus dans les commentaires.", "views-own"),
    ("Este texto não reflete necessariamente a opinião do jornal.", "views-own"),
    ("La información publicada no constituye una recomendación de compra o venta de valores.", "not-advice"),
    ("As informações aqui contidas não substituem a consulta a um profissional.", "not-advice"),
]

STORIES = [
    "Más de 2.000 personas se suscribieron al boletín del partido en una sola noche.",
    "El Gobierno activa las notificaciones de emergencia en todos los móviles del país.",
    "Gracias a los suscriptores, el diario pudo mantener su redacción en Mendoza.",
    "El libro, publicado originalmente en inglés en 1962, llega ahora a las librerías.",
    "Il romanzo è stato pubblicato originariamente in inglese nel 1950.",
    "I prezzi del petrolio possono variare molto nei prossimi mesi, secondo l'Opec.",
    "Los precios de la vivienda cambiaron en cualquier barrio de la ciudad durante la crisis.",
    "Il sindaco segue su Instagram i profili dei suoi rivali.",
    "O presidente anunciou seu canal no WhatsApp durante a campanha.",
    "Os comentários do ministro são responsabilidade do governo, disse a oposição.",
    "A original exposição foi publicada no catálogo da Bienal.",
    "Les performances de l'équipe ont été saluées par la presse.",
    "La compagnie a distribué des masques dans toutes les écoles.",
    "Compania a distribuit gratuit măști în toate școlile din județ.",
    "Comentariile ministrului despre pensii au provocat un val de reacții.",
    "El Gobierno firmó un acuerdo de colaboración con Francia para vigilar la frontera.",
    "Todo el sector asume riesgos con la inversión china en las minas.",
    "Una versión anterior del proyecto de ley fue publicada en el boletín oficial.",
    "El texto, publicado originalmente en inglés en 1962, fue traducido por su hija.",
    "Los lectores del diario no reflejan necesariamente la opinión de la mayoría.",
    "Los robots no sustituyen a un profesional, según los autores del informe.",
    # review: the Indonesian thanks filled both halves of the thanks-for group by itself
    "Terima kasih atas bantuan Anda, kata gubernur.",
    "Terima kasih telah datang, kata presiden kepada para tamu.",
    "Gracias por suscribirte, decía el correo falso de los estafadores.",
    # review: 'полную версию' was both the original and the article
    "Полную версию доклада можно прочитать на сайте ООН.",
]


@pytest.mark.parametrize(("text", "cls"), NOTES)
def test_a_note_in_es_fr_it_pt_id_ro_is_its_class(text: str, cls: str) -> None:
    assert cls in classes_of(text)


@pytest.mark.parametrize("text", STORIES)
def test_a_story_line_with_the_same_words_is_no_note(text: str) -> None:
    assert not classes_of(text)


@pytest.mark.parametrize("text", [
    "¿Te interesa esta noticia?", "Votez pour cet article", "Dă o notă articolului", "Tertarik dengan berita ini?",
    "Ce părere ai despre acest articol?", "Ți-a plăcut știrea?", "👍 7 Aprecieri", "Cât de util a fost acest articol?",
    "¿Te sirvió esta nota?", "Avez-vous apprécié cet article ?", "Apakah berita ini menarik?",
])
def test_a_like_prompt_goes(text: str) -> None:
    assert is_like_label(text)


@pytest.mark.parametrize("text", ["Interesa", "Nota", "Classifica", "Votez", "La note de l'enseignant"])
def test_a_like_word_alone_or_in_a_story_line_stays(text: str) -> None:
    assert not is_like_label(text)


@pytest.mark.parametrize(("text", "lexicon"), [
    ("Escriba su comentario", COMMENTS), ("Per commentare effettua il login", COMMENTS),
    ("Les commentaires sont réservés aux abonnés", COMMENTS), ("Nu există comentarii", COMMENTS),
    ("Participă la discuție", COMMENTS), ("Ocultar comentarios", COMMENTS), ("Leggi i commenti", COMMENTS),
    ("Trebuie să fii autentificat pentru a comenta", COMMENTS), ("Lasă un răspuns", COMMENTS),
    ("Comentariul tău a fost trimis spre aprobare", COMMENTS),
    ("Contenido de marca", ADS), ("Espaço publicitário", ADS), ("Material plătit", ADS),
    ("Copiar enlace", SHARES), ("Salin tautan", SHARES), ("Enviar por correo", SHARES), ("Link copiado", SHARES),
])
def test_a_label_goes(text: str, lexicon: object) -> None:
    assert is_label(text, lexicon, heading=False)


@pytest.mark.parametrize(("text", "lexicon"), [
    ("La marca española abre tiendas en México", ADS), ("Copiar no es delito", SHARES),
    ("Enviar dinero a Cuba", SHARES), ("Nu există alternative", COMMENTS),
    ("Comentariul ministrului a fost trimis spre aprobare", COMMENTS), ("Răspunsul primarului", COMMENTS),
])
def test_a_story_line_with_a_label_word_stays(text: str, lexicon: object) -> None:
    assert not is_label(text, lexicon, heading=False)


def test_a_subscribe_button_goes_and_the_story_stays_on_a_page() -> None:
    prose = [f"El concejo municipal debatió durante horas el presupuesto {i} para las escuelas, las calles y el "
             f"nuevo hospital antes de aprobarlo por una mayoría estrecha." for i in range(4)]
    body = "".join(f"<p>{p}</p>" for p in (*prose[:2], "Suscríbete", STORIES[0], *prose[2:]))
    article = clean_html(f"<html><body><article><h1>Presupuesto</h1>{body}</article></body></html>",
                         "https://news.example/2024/05/presupuesto")
    assert "Suscríbete" not in article.text
    assert STORIES[0] in article.text
