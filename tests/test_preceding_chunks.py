"""An article body cut into modules of one kind, of which trafilatura picked a later one: the
earlier modules near it come back, before it; a quote box, a key-points list or a same-class box
elsewhere on the page does not."""

from __future__ import annotations

from cleaners import clean_html
from cleaners.parsing import parse_html
from cleaners.split_body import body_chunks, preceding_paragraphs

INTRO = [
    "Some events cut a life in two, a before and an after, and for the actress that moment came on a"
    " Sunday morning in the autumn of 2001, when she collapsed at home with a stroke.",
    "Twenty years later she sits cross-legged on the sofa of her house in the hills and speaks about"
    " it calmly, with long pauses, as if she were describing somebody else entirely.",
]
INTERVIEW = [
    f"Question {i}: what did the long recovery teach you about work, about friends and about the city"
    " that had celebrated you for so many years before it simply forgot your name?"
    for i in range(4)
]


def _module(paragraphs: list[str], outer: str = "module") -> str:
    return f"<div class='{outer}'><div class='text'><div class='text-text'>" + "".join(
        f"<p>{p}</p>" for p in paragraphs) + "</div></div></div>"


def _page(before: str) -> str:
    return ("<html><body><section id='content'><div class='wrapper'>" + before + _module(INTERVIEW)
            + "</div></section></body></html>")


def test_earlier_modules_of_the_body_come_back_first():
    assert preceding_paragraphs(parse_html(_page(_module(INTRO))), INTERVIEW) == INTRO
    earlier, later = body_chunks(parse_html(_page(_module(INTRO))), INTERVIEW)
    assert (earlier, later) == (INTRO, [])


def test_a_quote_box_a_list_or_a_far_box_is_not_taken():
    quote = _module(INTRO[:1])  # one paragraph: a pull quote or a claim box
    assert preceding_paragraphs(parse_html(_page(quote)), INTERVIEW) == []
    key_points = "<div class='module'><div class='text'><div class='text-text'><ul>" + "".join(
        f"<li>{p}</li>" for p in INTRO) + "</ul></div></div></div>"
    assert preceding_paragraphs(parse_html(_page(key_points)), INTERVIEW) == []
    far = ("<html><body><aside><div><div><div><div class='module'><div class='text'><div class='text-text'>"
           + "".join(f"<p>{p}</p>" for p in INTRO) + "</div></div></div></div></div></div></aside>"
           "<section id='content'><div class='wrapper'>" + _module(INTERVIEW) + "</div></section></body></html>")
    assert preceding_paragraphs(parse_html(far), INTERVIEW) == []


def test_clean_html_keeps_the_interview_from_its_start():
    html = ("<html lang='en'><head><title>A life in two halves</title></head><body>"
            "<section id='content'><div class='wrapper'>" + _module(INTRO)
            + "<div class='ad'><p>Advertisement</p></div>" + _module(INTERVIEW, "module article-body")
            + "</div></section></body></html>")
    article = clean_html(html, "https://magazine.example/story/a-life-in-two-halves")
    assert not article.rejected
    for paragraph in INTRO + INTERVIEW:
        assert paragraph in article.text
    assert article.text.index(INTRO[0]) < article.text.index(INTERVIEW[0])
