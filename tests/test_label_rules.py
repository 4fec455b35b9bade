"""The label rules (cleaners/label_rules.py): a short line made only of a junk class's words.

Comment-section headings and ad markers in many languages and scripts, as a heading, a
paragraph or a bold line between two paragraphs of the story, none of them in the phrase
grammars of 40-comments.toml and 50-ads.toml; and the near misses the dev sets and news pages
hold: a story's subheading that uses a class word with words of its own ('Reader reactions in
Paris', 'Advertising revenue fell'), a paper's 'Discussion' section, a story's 'Reactions'.
"""

from __future__ import annotations

import pytest

from cleaners import clean_html
from cleaners.label_rules import ADS, COMMENTS, is_counted_responses, is_label, is_like_label

PROSE = [
    f"The ferry operator said on day {i} that crossings would resume once the harbour wall is repaired, "
    f"and that passengers booked for the {i + 1} sailings would be moved to the next free boat."
    for i in range(6)
]
TITLE = "Ferry crossings halted after storm"


def page(*middle: str) -> str:
    body = "".join(p if p.startswith("<") else f"<p>{p}</p>" for p in (*PROSE[:3], *middle, *PROSE[3:]))
    return (
        f"<html lang='en'><head><title>{TITLE}</title></head><body><article>"
        f"<h1>{TITLE}</h1>{body}</article></body></html>"
    )


def removed_by(html: str, rule_id: str) -> list[str]:
    article = clean_html(html, "https://ferry.example/news/1")
    assert all(p in article.text for p in PROSE), "the story's own paragraphs must all stay"
    return [b.text for b in article.removed if b.rule_id == rule_id]


COMMENT_LABELS = [
    "Yorumlarınız",  # tr: 'your comments', an inflected form no grammar lists
    "Что вы думаете?",  # ru: 'what do you think?'
    "Оставьте комментарий",  # ru: "leave a comment"
    "Dodaj komentarz",  # pl
    "Laat een reactie achter",  # nl
    "Tinggalkan komentar Anda",  # id
    "Σχόλια",  # el
    "תגובות",  # he
    "التعليقات",  # ar
    "टिप्पणियाँ",  # hi
    "发表评论",  # zh
    "コメントを書く",  # ja
    "댓글 쓰기",  # ko
    "Bình luận",  # vi
    "Hozzászólások",  # hu
    "Deixe o seu comentário",  # pt
    "Join the conversation",  # en, an invitation and a weak word
    "Share your thoughts below",
    "Ihr Kommentar",  # a singular noun with the reader addressed
]


@pytest.mark.parametrize("text", COMMENT_LABELS)
def test_comment_labels_in_any_language(text: str) -> None:
    assert is_label(text, COMMENTS)


AD_LABELS = [
    "Реклама", "— Advertisement —", "Reklam", "Iklan", "広告", "광고", "Quảng cáo", "Διαφήμιση", "إعلان",
    "Story continues below", "Статья продолжается ниже", "Haberin devamı aşağıda", "Partner content",
]


@pytest.mark.parametrize("text", AD_LABELS)
def test_ad_labels_in_any_language(text: str) -> None:
    assert is_label(text, ADS)


@pytest.mark.parametrize("text", [
    "Reader reactions in Paris",  # a word of the story's own
    "Reactions",  # a story's section of reactions: a weak word alone
    "Discussion",  # a paper's section
    "Commentary",  # an opinion piece's kicker, not a comment section
    "What do they think?",  # no reader addressed
    "Leave a comment.",  # a sentence (the form notes are 40-comments.toml's)
    "What do you think about the new ferry timetable?",
    "Comments from the harbour master",
    "Komentarz",  # pl: a think tank's analysis has a 'Commentary' section (trafilatura-eval)
    "Kommentar",  # de: an opinion piece's kicker
    "Wie meinen Sie das?",  # an interviewer's question (trafilatura-eval)
])
def test_comment_near_misses(text: str) -> None:
    assert not is_label(text, COMMENTS)


@pytest.mark.parametrize("text", [
    "Advertising revenue fell", "Ad hoc committee", "Sponsored by the council, the survey ran for a year",
    "Story", "Continue", "Below the bridge",
])
def test_ad_near_misses(text: str) -> None:
    assert not is_label(text, ADS)


def test_counted_responses_need_the_title_or_quotes() -> None:
    assert is_counted_responses("3 responses to “Ferry crossings halted”", ())
    assert is_counted_responses("12 Kommentare zu Ferry crossings halted after storm", (TITLE,))
    assert not is_counted_responses("3 responses to the council's consultation", (TITLE,))
    assert not is_counted_responses("12 comments on the plan were received by the council", (TITLE,))


@pytest.mark.parametrize("markup", [
    "<h3>Yorumlarınız</h3>", "<h4>Что вы думаете?</h4>", "<p><b>Dodaj komentarz</b></p>",
    "<h3>发表评论</h3>", "<p>3 responses to “Ferry crossings halted after storm”</p>",
])
def test_comment_label_goes_between_paragraphs(markup: str) -> None:
    assert removed_by(page(markup), "labels.comments")


@pytest.mark.parametrize("markup", ["<p>— Reklam —</p>", "<p><span>Haberin devamı aşağıda</span></p>", "<h3>광고</h3>"])
def test_ad_label_goes_between_paragraphs(markup: str) -> None:
    assert removed_by(page(markup), "labels.ad-marker")


@pytest.mark.parametrize("text", [
    "Co o tym myślisz?", "Was meinen Sie?", "¿Qué opinas?", "O que você acha?", "Что вы думаете?", "Your opinion?",
])
def test_a_short_question_to_the_reader_goes_as_a_paragraph_too(text: str) -> None:
    """A comment prompt printed as a <p> or an emphasised line: a short question of the lexicon's words
    that asks the reader's opinion (a verb of opinion with 'you', or in the second person)."""
    assert is_label(text, COMMENTS, heading=False)
    assert removed_by(page(f"<p>{text}</p>"), "labels.comments")
    assert removed_by(page(f"<p><em>{text}</em></p>"), "labels.comments")
    # a paragraph wholly in <small> is small print, gone before the label rule reads the page
    assert removed_by(page(f"<p><small>{text}</small></p>"), "dom.small-print")


@pytest.mark.parametrize("text", [
    "What do voters think?", "Was denken die Wähler?", "Co o tym myślą ekonomiści?", "Что думают эксперты?",
    "What do you think of the new law?", "Reader reactions", "Reactions to the story", "Your questions answered",
])
def test_a_question_about_someone_else_or_a_story_line_stays_as_a_paragraph(text: str) -> None:
    """An interviewer's question names its subject; a line that names the readers (not speaking to
    them) is the story's own when printed as a paragraph."""
    assert not is_label(text, COMMENTS, heading=False)
    assert not removed_by(page(f"<p>{text}</p>"), "labels.comments")


@pytest.mark.parametrize("markup, text", [
    ("<h3>Reader reactions in Paris</h3>", "Reader reactions in Paris"),
    ("<h3>Advertising revenue fell</h3>", "Advertising revenue fell"),
    ("<h3>Discussion</h3>", "Discussion"),
    ("<h3>Reactions</h3>", "Reactions"),
])
def test_story_subheadings_stay(markup: str, text: str) -> None:
    assert text in clean_html(page(markup), "https://ferry.example/news/1").text


def test_a_label_over_prose_of_its_own_subject_stays() -> None:
    """'Comments' over a paragraph about code comments is a section of the post (fixture
    cut-after-comments-section-of-a-tech-post); over the ferry story, a comment heading."""
    about = "A comment in the timetable code explains why the late ferry waits for the last train on Sundays."
    assert "Comments" in clean_html(page("<h3>Comments</h3>", about), "https://ferry.example/news/1").text
    assert removed_by(page("<h3>Comments</h3>"), "labels.comments") == ["Comments"]


LIKE_LABELS = [
    "Gefällt mir",  # de
    "Gefällt dir dieser Beitrag?",
    "Нравится",  # ru
    "Вам понравилась статья?",
    "Была ли статья полезной?",  # ru: an inflected weak word with the article
    "Beğendim",  # tr
    "Bu haber faydalı mıydı?",
    "Suka",  # id
    "Apakah artikel ini bermanfaat?",
    "Polub",  # pl
    "Czy ten artykuł był pomocny?",
    "Vind ik leuk",  # nl
    "Was dit artikel nuttig?",
    "Was this article helpful?",  # en
    "Did you like this article?",
    "Rate this article",
    "Be the first to like this.",
    "You and 12 others like this",  # the count mid-line
    "1.2K likes",
    "👍 Useful",  # a weak word with a reaction symbol
    "❤ Love it",
    "¿Te gustó este artículo?",  # es
    "Ti è piaciuto questo articolo?",  # it
    "Cet article vous a-t-il été utile ?",  # fr
    "Gostou do artigo?",  # pt
    "Líbí se vám článek?",  # cs
    "Tetszett a cikk?",  # hu
    "いいね！",  # ja
    "この記事は役に立ちましたか？",
    "这篇文章对你有用吗？",  # zh
    "좋아요",  # ko
    "هل كان هذا المقال مفيدا؟",  # ar
    "האם הכתבה הייתה מועילה?",  # he
    "क्या यह लेख उपयोगी था?",  # hi
    "Bài viết có hữu ích không?",  # vi
    "Helpful? Yes / No",  # the question mark mid-line, the answers after it
    "Daumen hoch",
    "Ваша реакция",
    "Habere tepkin ne?",
    "Bagaimana reaksi Anda?",
    "Qual a sua reação?",
    "Like it? Share it!",
    "If you enjoyed this article, please click the like button",  # the button's own bidding
    "Понравилось? Поделитесь с друзьями",
]


@pytest.mark.parametrize("text", LIKE_LABELS)
def test_like_labels_in_any_language(text: str) -> None:
    assert is_like_label(text)


@pytest.mark.parametrize("text", [
    "Rating",  # a review's section: a weak word alone
    "Reactions",
    "Love",
    "Useful links",  # a word of the page's own
    "Rate cuts loom",
    "Interest rate rises",
    "Like father, like son",
    "Helpful tips for travellers",
    "Reactions from Paris",
    "I like it.",  # someone's sentence
    "Was uns gefällt:",  # a review's pros (trafilatura-eval): the paper speaks, not a button
    "What we like",
    "Share with friends",  # a bidding with no like word: the share rules' business
    "Please click the button",
])
def test_like_near_misses(text: str) -> None:
    assert not is_like_label(text)


def test_a_one_word_like_heading_is_a_section() -> None:
    """A wiki's 'Like' heading over the gifts a character likes (trafilatura-eval) is the page's;
    a one-word 'Like' paragraph between two paragraphs of a story is the button."""
    assert not is_like_label("Like", heading=True)
    assert is_like_label("Like", heading=False)
    assert "Like" in clean_html(page("<h3>Like</h3>"), "https://ferry.example/news/1").text
    assert removed_by(page("<p>Like</p>"), "labels.like") == ["Like"]


@pytest.mark.parametrize("markup", [
    "<p>Нравится</p>", "<p>Was this article helpful? Yes No</p>", "<p><span>Beğendim</span></p>",
    "<p>👍 Vind ik leuk</p>", "<h4>Czy ten artykuł był pomocny?</h4>",
])
def test_like_label_goes_between_paragraphs(markup: str) -> None:
    assert removed_by(page(markup), "labels.like")


@pytest.mark.parametrize("text", [
    "Sound off", "Chime in", "Weigh in", "Speak up",  # en: verbs of speaking up with their particle
    "Dì la tua",  # it: 'say yours'
    "Sag uns deine Meinung",  # de
    "Wyraź swoją opinię",  # pl
    "Dites-nous",  # fr
    "Suarakan pendapatmu",  # id
    "Comment section",  # a singular noun with the place it names
    "Be the first to comment", "Log in to comment",  # the singular noun as a verb
    "Tell us what you think",  # a verb of opinion with a bidding: no interviewer's question
    "Déjanos tu comentario", "Görüşünü paylaş", "Fikrini söyle", "Ikut berdiskusi", "Your turn",
])
def test_comment_idioms_of_the_readers_say(text: str) -> None:
    assert is_label(text, COMMENTS)


@pytest.mark.parametrize("text", ["Sound", "Talk", "Speak out on climate", "Back up", "Thoughts", "Comment"])
def test_comment_idiom_near_misses(text: str) -> None:
    assert not is_label(text, COMMENTS)


@pytest.mark.parametrize("text", ["Thoughts?", "Any thoughts?", "Got something to say?"])
def test_a_bare_weak_word_asks_only_as_a_heading(text: str) -> None:
    assert is_label(text, COMMENTS, heading=True)
    assert not is_label(text, COMMENTS, heading=False)


@pytest.mark.parametrize("text", ["Ten Hearts", "Love to travel", "Rate to be set"])
def test_number_and_particle_words_are_no_pointer(text: str) -> None:
    """'Ten Hearts' heads a game wiki's list of events (trafilatura-eval): 'ten' ('this' in Polish
    and Czech) and 'to' are English words too, so they do not point a weak word at the article."""
    assert not is_like_label(text)


def test_a_like_count_widget_is_left_to_the_shape_rules() -> None:
    """'Beğen 45' is a count widget: the shape rules take it, with the guard of neighbours they
    were measured with; the like label takes the lines with no count shape. Alone before a
    heading the shape rules leave a count line (as often the story's there: 'Step 3', 'Serves 4');
    one with a like button's own word goes all the same (no count widget on either dev set
    holds a like word: the guard buys nothing for it); since guard3 the count widget's own guard
    takes it (a like word beside the count), before the like label looks."""
    taken = {b.text: b.rule_id for b in clean_html(page("<p>Beğen 45</p>"), "https://ferry.example/news/1").removed}
    assert taken.get("Beğen 45") == "shapes.count-widget"
    before_heading = page("<p>Beğen 45</p>", "<h2>Yeni sefer saatleri</h2>")
    assert removed_by(before_heading, "shapes.count-widget") == ["Beğen 45"]
    step = page("<p>Step 3</p>", "<h2>Yeni sefer saatleri</h2>")
    assert "Step 3" in clean_html(step, "https://ferry.example/news/1").text
    assert removed_by(page("<p>Beğendim</p>"), "labels.like") == ["Beğendim"]


# Story lines and subheadings the label rules once removed (review of this round's rules): a word
# that names an ad or a like button in one reading and something else in another.
AD_WORDS_OF_OTHER_THINGS = [
    "The pub", "At the pub",  # en: a public house ('pub' is an ad in French only as slang)
    "L'annonce", "El anuncio", "L'annuncio", "O anúncio",  # an announcement
    "Sponsors", "The sponsors", "Die Sponsoren", "Los patrocinadores", "Advertisers",  # the people who pay
]


@pytest.mark.parametrize("text", AD_WORDS_OF_OTHER_THINGS)
@pytest.mark.parametrize("tag", ["p", "h3"])
def test_a_story_line_with_an_ad_word_of_another_sense_stays(tag: str, text: str) -> None:
    assert not is_label(text, ADS)
    assert text in clean_html(page(f"<{tag}>{text}</{tag}>"), "https://ferry.example/news/1").text


@pytest.mark.parametrize("text", ["Annonce partenaire", "Contenu pub", "Anzeige", "Sponsored", "Publicité"])
def test_those_words_still_mark_an_ad_with_another_ad_word(text: str) -> None:
    assert is_label(text, ADS)


@pytest.mark.parametrize("text", ["Il a plu", "Curta"])  # fr: 'it rained'; pt: 'short'
@pytest.mark.parametrize("tag", ["p", "h3"])
def test_a_story_line_with_a_like_word_of_another_sense_stays(tag: str, text: str) -> None:
    assert not is_like_label(text)
    assert text in clean_html(page(f"<{tag}>{text}</{tag}>"), "https://ferry.example/news/1").text


@pytest.mark.parametrize("text", ["Cet article vous a plu ?", "Curta este artigo", "Curtir"])
def test_those_words_still_ask_for_a_like_with_the_article_or_a_question(text: str) -> None:
    assert is_like_label(text)


# A weak like word with only 'this'/'it' or a bare question mark: a subheading of a review or a
# column as often as a widget (fp probe of story lines, issue 19). With the article named, the
# reader addressed, a longer question or a reaction symbol it is still the widget.
@pytest.mark.parametrize("text", ["Love it", "Rate this", "Interesting?", "Useful?", "Enjoy it"])
@pytest.mark.parametrize("tag", ["p", "h3"])
def test_a_weak_like_word_with_only_a_pointer_or_a_question_mark_stays(tag: str, text: str) -> None:
    assert not is_like_label(text)
    assert text in clean_html(page(f"<{tag}>{text}</{tag}>"), "https://ferry.example/news/1").text


@pytest.mark.parametrize("text", ["Rate this story", "Was it useful?", "Useful? Yes / No", "❤ Love it"])
def test_a_weak_like_word_with_the_article_or_a_longer_question_is_the_widget(text: str) -> None:
    assert is_like_label(text)


# A one-word like heading is a section of the page ('Like' over a wiki's list: the only one-word
# like heading of both dev sets), unless its word is a like button's and nothing else.
@pytest.mark.parametrize("text", ["Нравится", "Beğendim", "Tetszik", "いいね！", "좋아요"])
def test_a_one_word_button_heading_goes(text: str) -> None:
    assert removed_by(page(f"<h3>{text}</h3>"), "labels.like") == [text]


@pytest.mark.parametrize("text", ["Like", "Leuk", "Gefallen", "Likes"])
def test_a_one_word_heading_with_a_second_sense_stays(text: str) -> None:
    assert text in clean_html(page(f"<h3>{text}</h3>"), "https://ferry.example/news/1").text


@pytest.mark.parametrize("text", ["Bu içerik faydalı oldu mu?", "Apa reaksi Anda?"])
def test_like_questions_with_their_verbs(text: str) -> None:
    assert is_like_label(text)
