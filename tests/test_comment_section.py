"""The comment section's furniture in any wording (concepts.comment-section, labels.comments), and
the story lines with the same words that must stay (tests/wordings/comment_story_lines.txt).

The held-out wordings of tests/wordings/comment_wordings.json are measured by
benchmarks/wordings.py (half B only); the lines below are from half A, the half the rules
were written from.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from cleaners import clean_html
from cleaners.concept_rules import classes_of
from cleaners.label_rules import COMMENTS, is_comment_prompt, is_form_field, is_label

STORY_FILE = Path(__file__).parent / "wordings" / "comment_story_lines.txt"
STORY_LINES = [
    line.strip()
    for line in STORY_FILE.read_text(encoding="utf-8").splitlines()
    if line.strip() and not line.startswith("#")
]
COMMENT_RULES = ("labels.comments", "concepts.comment-section", "concepts.comment-form")
# Headings of a story's reactions section: as a heading the section's name is the comments' own.
HEADINGS_OF_THE_SECTION = {"Reactions to the story", "Reader reactions"}
PROSE = [
    f"The regional council met on Tuesday evening to discuss the budget for item {i}, and members argued for "
    f"several hours about how much money should go to roads, schools and the new hospital wing."
    for i in range(6)
]


def removed_by(markup: str) -> list[str]:
    body = "".join(f"<p>{p}</p>" for p in PROSE[:3]) + markup + "".join(f"<p>{p}</p>" for p in PROSE[3:])
    html = (
        "<html><head><title>Council budget row</title></head><body><article><h1>Council budget row</h1>"
        f"{body}</article></body></html>"
    )
    return [b.rule_id for b in clean_html(html, "https://news.example/2024/05/budget").removed]


@pytest.mark.parametrize("text", [
    "Comments are closed.", "Commenting has been disabled for this article.", "Be the first to comment",
    "You must be logged in to post a comment.", "Log in to reply",
    "Sie müssen angemeldet sein, um einen Kommentar abzugeben.", "Die Kommentarfunktion ist geschlossen.",
    "Los comentarios están cerrados.", "Debes iniciar sesión para publicar un comentario.",
    "Votre commentaire est en attente de modération.", "I commenti sono soggetti a moderazione.",
    "Regolamento dei commenti", "Os comentários estão fechados.", "Wees de eerste die reageert",
    "Je reactie wacht op goedkeuring.", "Bądź pierwszy, skomentuj", "Будьте первым, кто оставит комментарий",
    "Правила комментирования", "İlk yorumu siz yapın", "Yorumlar kapatılmıştır.",
    "Yorum yapabilmek için giriş yapmalısınız.", "Yorumunuz onay bekliyor.",
    "Masuk untuk membalas", "Pedoman berkomentar", "Komentar Anda menunggu moderasi.",
    "Please read our community guidelines before commenting.",
])
def test_a_comment_section_notice_in_any_language(text: str) -> None:
    """The class is there, and the line goes (by this rule, or by an older phrase rule before it)."""
    assert "comment-section" in classes_of(text)
    assert set(removed_by(f"<p>{text}</p>")) & {*COMMENT_RULES, "comments.form-text"}


@pytest.mark.parametrize("text", [
    "The forum was closed after moderators received hundreds of abusive comments.",
    "The first comment on the video came from the singer's mother.",
    "Moderation of comments costs the platform millions each year.",
    "Comments are closed on Sundays at the library, staff said.",
    "He logged in to reply to the email, then deleted it.",
    "Her comments were closed to the press.",
    "Die Diskussion wurde nach zwei Stunden beendet.",
])
def test_a_story_sentence_about_comments_is_no_notice(text: str) -> None:
    """No reader spoken to, no opening on the comments or a call, or a past or third person."""
    assert "comment-section" not in classes_of(text)


def test_a_past_e_mail_sentence_is_no_comment_form_notice() -> None:
    assert "comment-form" not in classes_of("Her email address was never made public by the police.")
    assert "comment-form" in classes_of("Your email address will never be made public.")


@pytest.mark.parametrize("text", [
    "Alle Kommentare anzeigen", "Afficher plus de commentaires", "Cargar más comentarios", "Mostra tutti i commenti",
    "Bekijk alle reacties", "Tüm yorumları göster", "Cancel reply", "Antworten abbrechen", "Batalkan balasan",
    "E tu cosa ne pensi? Diccelo nei commenti", "Szólj hozzá!", "Mitä mieltä olet?",
])
def test_comment_list_buttons_and_prompts_are_labels(text: str) -> None:
    assert is_label(text, COMMENTS, heading=False)
    assert set(removed_by(f"<p>{text}</p>")) & {*COMMENT_RULES, "comments.form-text"}


@pytest.mark.parametrize("tag", ["p", "h3"])
def test_story_lines_with_comment_words_stay(tag: str) -> None:
    """Every line of the story-line file planted as a paragraph and a heading: none is removed by
    the comment rules (two headings of a reactions section excepted, see above)."""
    removed = [
        (line, rules) for line in STORY_LINES
        if not (tag == "h3" and line in HEADINGS_OF_THE_SECTION)
        for rules in [set(removed_by(f"<{tag}>{line}</{tag}>")) & set(COMMENT_RULES)] if rules
    ]
    assert not removed


@pytest.mark.parametrize("text", [
    "What do you think? Let us know in the comments.", "Tell us what you think in the comments below",
    "Got something to say? Leave a comment below.",
])
def test_a_prompt_of_two_short_sentences_goes(text: str) -> None:
    """Longer than a label and with a full stop, but every word the comment lexicon's."""
    assert not is_label(text, COMMENTS, heading=False)
    assert is_comment_prompt(text)
    assert "labels.comments" in removed_by(f"<p>{text}</p>")


@pytest.mark.parametrize("text", [
    "Leave a comment, he wrote.", "Readers shared their thoughts in the comments.",
    "The comments below the article were deleted by the editors.",
])
def test_a_story_sentence_with_comment_words_is_no_prompt(text: str) -> None:
    assert not is_comment_prompt(text)


@pytest.mark.parametrize("text", ["Sizce?", "Et vous, qu'en pensez-vous ?", "Jouw mening telt", "Komentujte"])
def test_more_short_comment_prompts(text: str) -> None:
    assert is_label(text, COMMENTS, heading=False)


def test_an_empty_comment_list_goes_but_a_bare_no_comment_stays() -> None:
    assert is_label("Aucun commentaire pour le moment", COMMENTS, heading=False)
    assert not is_label("Kein Kommentar", COMMENTS, heading=True)
    assert not is_label("No comment", COMMENTS, heading=True)


def test_speaking_up_about_this_article() -> None:
    """A verb of speaking up with the article: a label anywhere; a verb of opinion with the article
    ('Opina sobre esta noticia', 'Think about this story') only as a heading."""
    assert is_label("Exprimez-vous sur cet article", COMMENTS, heading=False)
    assert is_label("Opina sobre esta noticia", COMMENTS, heading=True)
    assert not is_label("Think about this story", COMMENTS, heading=False)


@pytest.mark.parametrize("text", ["Мнение читателей", "Meinungen der Leser", "Reader opinions"])
def test_the_readers_opinions_go_as_a_paragraph(text: str) -> None:
    """The readers named with an opinion word are the comments; with 'reactions' (to events as
    often as to the article) only as a heading."""
    assert is_label(text, COMMENTS, heading=False)


@pytest.mark.parametrize("text", ["Nombre *", "Adresse e-mail *", "Имя *", "E-Mail-Adresse*", "Nama *"])
def test_a_required_field_label_of_the_comment_form_goes(text: str) -> None:
    assert is_form_field(text)
    assert set(removed_by(f"<p>{text}</p>")) & {*COMMENT_RULES, "comments.form-text"}


@pytest.mark.parametrize("text", ["Name", "Sitio web", "Price *", "Name changed*", "Adresse"])
def test_a_field_word_without_the_asterisk_or_with_a_word_of_its_own_stays(text: str) -> None:
    assert not is_form_field(text)


@pytest.mark.parametrize("text", [
    "Was halten Sie davon?", "Jak myślisz?", "Siz ne dersiniz?", "Laat je mening horen", "Bu habere yapılan yorumlar",
    "Apa pendapatmu?", "Dicci cosa ne pensi", "Any thoughts? Drop them below", "Et toi, t'en penses quoi ?",
])
def test_questions_and_biddings_of_more_languages(text: str) -> None:
    assert is_label(text, COMMENTS, heading=False) or is_comment_prompt(text)
    assert "labels.comments" in removed_by(f"<p>{text}</p>")
