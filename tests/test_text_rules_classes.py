"""Classes of junk lines the text rules remove in several languages, each beside the prose that
uses the same words and must stay.

Each case is a line as a reader meets it at the end (or the start) of an article on any site:
a subscription or support prompt, a disclosure, a credit, a comment count, a contact block. The
near misses are sentences of a body that mention the same things.
"""

from __future__ import annotations

import pytest
from text_rule_pages import BODY, URL, page, removed_by

from cleaners import clean_html

# (case id, the junk at the end of the article, the rule family expected to remove it)
JUNK_AT_END = [
    ("de-affiliate-label", "Anzeige, enthält Affiliate Links", "ads."),
    ("de-advertising-label-sentence", "*Werbung. Dieser Beitrag enthält Werbung für eine Fahrradmarke.", "ads."),
    ("en-advertiser-disclosure", "Advertising disclosure: We may receive compensation for some links.", "ads."),
    ("en-post-contains-products", "This post contains references to products from one of our advertisers.", "ads."),
    ("de-no-comments", "Keine Kommentare (Kommentare erscheinen erst nach unserer Freigabe)", "comments."),
    ("de-login-to-comment", "Du musst angemeldet sein, um einen Kommentar zu schreiben!", "comments."),
    ("de-ask-in-comments", "Schreibt uns in die Kommentare: Welche Brücke fahrt ihr am liebsten?", "comments."),
    ("en-ask-in-comments", "Which bridge do you cross every day? Tell us in the comments below!", "comments."),
    ("de-newsletter-signup", "Zum Newsletter anmelden", "prompts."),
    ("de-newsletter-word-order", "Melde dich hier für unseren Newsletter an!", "prompts."),
    ("en-newsletter-never-miss", "Never miss a story by signing up to our newsletter today!", "prompts."),
    ("en-sign-up-here", "Want to hear about our next ride? Sign up here", "prompts."),
    ("pl-subscription-invitation", "Zapraszamy do subskrypcji naszego tygodnika.", "prompts."),
    ("es-telegram-channel", "¿Ya sabías que tenemos canal de Telegram? Únete desde tu móvil.", "prompts."),
    ("en-app-download", "For breaking news on the go, download the Riverside apps for iOS and Android.", "prompts."),
    ("en-paywall", "To read the full story, please subscribe or log in.", "prompts."),
    ("en-already-subscriber", "Already a subscriber? Log in for full access.", "prompts."),
    ("es-membership", "HAZTE MIEMBRO Y DISFRUTA DE VENTAJAS", "prompts."),
    ("es-cancel-anytime", "Apoya el periodismo local. Cancela cuando quieras.", "prompts."),
    ("de-support-us", "Gefällt dir unser Magazin? Dann unterstütze uns mit einem kleinen Beitrag.", "prompts."),
    ("en-consider-supporting", "If you liked this piece, would you consider supporting our work?", "prompts."),
    ("fr-donation", "Faire un don :", "prompts."),
    ("en-enjoyed-join", "If you enjoyed this story, we have an offer for you: join our club.", "prompts."),
    ("pl-copyright", "Materiał chroniony prawem autorskim - zasady przedruków określa regulamin.", "notices."),
    ("en-reprint", "© 2024 Riverside News. Reprints only with written permission of the publisher.", "notices."),
    ("de-source-with-date", "Quelle: Landesamt für Straßenbau (LSB), 4. März 2024, Kiel", "notices."),
    ("de-next-article", "Vorschau auf den nächsten Artikel", "notices."),
    ("de-not-logged-in", "Sie sind aktuell nicht eingeloggt.", "notices."),
    ("de-lead-image-credit", "Titelbild: Jana Berg / Flussbilder", "captions."),
    ("fr-photo-credits", "Crédits photos : Agence Rivière", "captions."),
    ("de-caption-copyright-credit", "Die neue Brücke im Morgenlicht. © AFP / JANA BERG", "captions."),
    ("en-byline-reading-time", "By Ada Moss Mar 5, 2024 4 min read", "datelines."),
    ("pl-reading-time", "Ten tekst przeczytasz w 2 minuty", "datelines."),
    ("de-dateline-stand", "Stand: 4. März 2024, 10:15 Uhr", "datelines."),
    ("de-date-and-author", "5. März 2024, 09:30 | Jana Berg", "datelines."),
    ("de-gallery-control", "Bild anzeigen", "notices."),
    ("en-gallery-counter", "3 of 12", "notices."),
    ("de-table-of-contents-label", "Inhaltsverzeichnis", "notices."),
    ("de-video-availability", "Video verfügbar bis 31.12.2024", "notices."),
    ("de-no-warranty", "(Alle Angaben ohne Gewähr)", "notices."),
    ("pl-agency-sign-off", "abc/PAP", "notices."),
    ("de-embed-consent", "Klicken Sie auf den Button, um den Inhalt von karten.example zu laden.", "notices."),
    ("en-embed-cookies", "To watch this video you need to accept cookies from the video platform.", "notices."),
    ("en-letter-to-editor", "Tell us what you think: submit a letter to the editor.", "prompts."),
    ("de-click-here", "Jetzt auch digital! Einfach hier klicken und registrieren!", "prompts."),
    ("de-find-it-here", "Alles über unsere Radtouren findest du hier.", "prompts."),
    ("de-newsletter-exclamation", "Lust auf mehr Touren? Schau in unseren Radnewsletter!", "prompts."),
    ("en-personal-use-notice", "This copy is for your personal, non-commercial use only.", "notices."),
    ("es-write-to-us", "Puede escribirnos a redaccion@riverside.example o seguirnos en las redes.", "prompts."),
    ("de-signup-consent", "Mit der Anmeldung akzeptieren Sie unsere Datenschutzbedingungen.", "prompts."),
    ("de-current-issue", "Die aktuelle Ausgabe jetzt am Kiosk und als E-Paper erhältlich.", "prompts."),
    ("en-advertising-disclaimer", "The advertising disclaimer below does not apply to this story.", "ads."),
    ("de-series-note", "Dies ist Teil 2 unserer Serie über die Brücken der Stadt.", "notices."),
    ("de-medical-review", "Dieser Text wurde von Medizinern geprüft und entspricht den Leitlinien.", "notices."),
    ("en-copyright-long", "© 2024 Riverside News. This article is the copyrighted property of Riverside News. Written "
     "permission must be obtained before it is reprinted online or in print, in part or in whole.", "notices."),
    ("en-letters-policy", "Letters to the editor: we want to hear what you think. post@riverside.example", "prompts."),
]


@pytest.mark.parametrize(("junk", "family"), [c[1:] for c in JUNK_AT_END], ids=[c[0] for c in JUNK_AT_END])
def test_junk_line_at_the_end_is_removed(junk: str, family: str) -> None:
    article = clean_html(page(end=[junk]), URL)
    rule = removed_by(article, junk)
    assert rule is not None and rule.startswith(family), (rule, article.text[-200:])
    assert all(p in article.text for p in BODY)


# prose of a body that uses the junk's words: every line must stay, wherever it sits
PROSE = [
    "Werbung, die an der Brücke hängt, muss nach dem Willen des Rates bis zum Sommer verschwinden.",
    "The bridge newsletter the council sends to residents first reported the delay in January.",
    "Wer die Brücke nutzt, soll den Newsletter der Stadt nicht brauchen, um von Sperrungen zu erfahren.",
    "Residents who signed up for the consultation were invited to the bridge on Monday.",
    "Fishermen said they would support the plan if the council paid for the survey itself.",
    "The engineer, already a member of the board for ten years, said the delay was avoidable.",
    "Source of the delay: a shortage of the steel bearings the bridge was designed for.",
    "Die Spenden der Anwohner deckten ein Drittel der Kosten für die neue Beleuchtung.",
    "Readers said in the comments on our first report that the detour was badly signposted.",
    "The council became a member of the regional transport alliance in 2019.",
    "Stand der Arbeiten: Die Lager sind ersetzt, die Fahrbahn folgt im April.",
    "The survey found that 3 of 12 bearings had cracked, the engineer told the council.",
    "Was Sie hier finden, ist der Bericht des Ingenieurs über die Lager und ihre Kosten.",
    "The video of the reopening took a long time to load on the council's website.",
    "Die Agentur dpa meldete am Dienstag, die Brücke sei wieder für Lastwagen frei.",
    "If you enjoyed the old bridge, the engineer said, you will like the new one even more: join the tour.",
    "Mit der Anmeldung der neuen Brücke beim Bundesamt war das Bauamt schon im Januar fertig.",
    "The new issue for the council is the cost of the bearings, which rose by a third in a year.",
    "29 November 2023 | 20 January 2024",  # the dates of an exhibition, not a dateline
    # a channel the story is about, not the site's own: no 'our', 'your' or call to join
    "Las autoridades cerraron un canal de Telegram que vendía entradas falsas para la final.",
    "Le canal Telegram du collectif comptait plus de 30 000 abonnés avant sa fermeture.",
    "The ministry's channel on YouTube had fewer than 900 subscribers when the minister resigned.",
    "Kanal YouTube milik pemerintah daerah itu ditutup setelah diretas pekan lalu.",
]


@pytest.mark.parametrize("prose", PROSE)
def test_prose_with_the_same_words_stays_in_the_middle_and_at_the_end(prose: str) -> None:
    for html in (page(end=[prose]), page(start=[*BODY[:4], prose])):
        article = clean_html(html, URL)
        assert prose in article.text, [(b.rule_id, b.text[:60]) for b in article.removed]


def test_page_tools_in_a_list_go_like_the_same_lines_alone() -> None:
    tools = "<ul><li>Order reprints</li><li>Print article</li><li>Share on Facebook</li></ul>"
    article = clean_html(page(end=[tools]), URL)
    for tool in ("Order reprints", "Print article", "Share on Facebook"):
        assert tool not in article.text, [(b.rule_id, b.text) for b in article.removed]
    steps = "<ul><li>Print the cycle map before you set off.</li><li>Share the road with the buses.</li></ul>"
    article = clean_html(page(end=[steps]), URL)
    assert "Print the cycle map before you set off." in article.text
    assert "Share the road with the buses." in article.text
