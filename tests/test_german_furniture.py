"""German page furniture (issue 19, wave 2): the share-button label, sponsor labels ending on their
preposition, and the German concept groups (newsletter prompts, the site's app and podcast, a
disclosure's label or a press trip paid by its host, compound advice denied, editors independent of
advertisers). Each junk line was written from half A of tests/wordings/german_wordings.json and
fails on the rules before this change; the story lines of tests/wordings/german_story_lines.txt,
which use the same words, must stay.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from cleaners import clean_html
from cleaners.label_rules import ADS, SHARES, is_label

PROSE = [
    f"Die Fähre nach Helgoland fährt ab Tag {i} wieder nach Plan, teilte die Reederei am Montag mit, "
    f"nachdem die Kaimauer repariert worden ist; Fahrgäste der {i + 1} ausgefallenen Fahrten werden umgebucht."
    for i in range(6)
]
STORY_LINES = Path(__file__).parent / "wordings" / "german_story_lines.txt"


def page(middle: str) -> str:
    body = "".join(f"<p>{p}</p>" for p in PROSE[:3]) + middle + "".join(f"<p>{p}</p>" for p in PROSE[3:])
    return ("<html lang='de'><head><title>Fähre fährt wieder</title></head><body><article>"
            f"<h1>Fähre fährt wieder</h1>{body}</article></body></html>")


def removed_by(markup: str) -> dict[str, str | None]:
    article = clean_html(page(markup), "https://faehre.example/news/1")
    assert all(p in article.text for p in PROSE), "the story's own paragraphs must all stay"
    return {" ".join(b.text.split()): b.rule_id for b in article.removed}


@pytest.mark.parametrize(("rule_id", "text"), [
    ("labels.share", "Artikel teilen"),
    ("labels.share", "Per E-Mail teilen"),
    ("labels.share", "Link kopieren"),
    ("labels.share", "Zur Merkliste hinzufügen"),
    ("labels.share", "Artikel anhören"),
    ("labels.ad-marker", "In Kooperation mit"),
    ("labels.ad-marker", "Präsentiert von"),
    ("labels.comments", "Kommentare einblenden"),
    ("labels.comments", "Meinungen unserer Leser"),
    ("labels.like", "War diese Seite hilfreich?"),
    ("labels.like", "Sie mögen diesen Artikel?"),
    ("concepts.newsletter", "Der Morgen-Newsletter"),
    ("concepts.newsletter", "Die Lage am Morgen – jeden Werktag in Ihrem Postfach"),
    ("concepts.newsletter", "Erhalten Sie die wichtigsten Nachrichten per E-Mail"),
    ("concepts.newsletter", "Vielen Dank für Ihre Anmeldung!"),
    ("concepts.newsletter", "Push-Benachrichtigungen aktivieren"),
    ("concepts.messenger", "Laden Sie unsere App herunter"),
    ("concepts.messenger", "Unser Podcast: Jetzt reinhören"),
    ("concepts.disclosure", "Transparenzhinweis"),
    ("concepts.disclosure", "Haftungsausschluss"),
    ("concepts.disclosure", "Die Recherche wurde unterstützt von Tourismus Tirol."),
    ("concepts.not-advice", "Dieser Text ist keine Kaufempfehlung."),
    ("concepts.not-advice", "Wichtiger Hinweis: Dieser Artikel dient nur der allgemeinen Information."),
    ("concepts.independence", "Die Redaktion arbeitet unabhängig von Anzeigenkunden."),
    ("labels.comments", "Leserstimmen"),
    ("labels.like", "Ist dieser Artikel lesenswert?"),
    ("concepts.newsletter", "Bitte bestätigen Sie Ihre Anmeldung über den Link in der E-Mail."),
    ("concepts.disclosure", "Dieser Artikel enthält Produktplatzierungen."),
    ("concepts.disclosure", "Hinweis der Redaktion: Der Autor ist Vorstand des Vereins."),
    ("concepts.affiliate", "Wir kennzeichnen Partnerlinks mit einem Symbol."),
    ("concepts.prices", "Alle Preisangaben ohne Gewähr."),
])
def test_german_furniture_goes_by_its_rule(rule_id: str, text: str) -> None:
    assert removed_by(f"<p>{text}</p>").get(text) == rule_id


@pytest.mark.parametrize("text", ["Drucken", "Vorlesen", "Kopieren", "Teilen Sie Ihre Sorgen mit", "Merken"])
def test_a_print_copy_or_listen_word_alone_is_no_share_label(text: str) -> None:
    """'Drucken' or 'Kopieren' alone heads a manual's section as often: only with the article or the link."""
    assert not is_label(text, SHARES, heading=True)


def test_a_sponsor_label_ends_on_its_preposition() -> None:
    assert is_label("Präsentiert von", ADS)
    assert not is_label("Präsentiert von der Stiftung", ADS)
    assert not is_label("Präsentiert", ADS)


def test_german_story_lines_stay_with_the_label_and_concept_rules() -> None:
    lines = [s.strip() for s in STORY_LINES.read_text(encoding="utf-8").splitlines()
             if s.strip() and not s.startswith("#")]
    taken = {}
    for line in lines:
        for markup in (f"<p>{line}</p>", f"<h3>{line}</h3>"):
            rule = removed_by(markup).get(line)
            if rule and rule.startswith(("labels.", "concepts.")):
                taken[line] = rule
    assert not taken
