"""A post on X/Twitter quoted in the story is kept with it, though the CMS's box around the embed
has a class that trafilatura's discard expressions read as a social widget."""

from __future__ import annotations

import pytest

from cleaners import clean_html
from cleaners.embedded_posts import expose_embedded_posts
from cleaners.parsing import parse_html

STORY = [
    "The state's new slogan for an anti-drug campaign drew a great deal of attention on social media"
    " on Monday, when the governor presented it at a press conference in the capital.",
    "Many readers pointed out what the slogan could also be taken to mean, and within hours it was"
    " among the most discussed subjects of the day on several networks.",
    "The governor said on Tuesday that the campaign had done exactly what it was meant to do, which"
    " was to make people talk about the problem, and that it would run until the spring.",
]
POST = "Yes this is real and the state spent nearly half a million dollars on it"
BYLINE = "— Dianna Anderson (@dianna) November 18, 2019"
EMBED = (
    f"<blockquote class='twitter-tweet'><p lang='en' dir='ltr'>{POST}</p>"
    f"{BYLINE.split('November')[0]}<a href='https://twitter.com/x/status/1'>November 18, 2019</a>"
    "</blockquote><script async src='https://platform.twitter.com/widgets.js'></script>"
)


def _page(box: str) -> str:
    return (
        "<html lang='en'><head><title>Slogan draws attention</title></head><body>"
        "<div class='article'><h1>Slogan draws attention</h1><div class='entry-content'>"
        f"<p>{STORY[0]}</p><p>{STORY[1]}</p>{box}<p>{STORY[2]}</p></div></div></body></html>"
    )


@pytest.mark.parametrize(
    "box",
    [
        "<div class='social-media-embed'>{}</div>",
        "<div class='article-widget article-tweet'><div class='tweet__inner'>{}</div></div>",
    ],
)
def test_a_quoted_post_in_a_widget_box_is_kept_in_place(box: str) -> None:
    article = clean_html(_page(box.format(EMBED)), "https://news.example/2019/11/slogan")
    assert not article.rejected
    lines = article.text.split("\n")
    assert POST in lines
    assert BYLINE in lines
    assert lines.index(POST) == lines.index(STORY[1]) + 1
    assert lines.index(STORY[2]) == lines.index(BYLINE) + 1


def test_only_boxes_that_hold_nothing_but_the_post_lose_their_class() -> None:
    tree = parse_html(
        "<html><body><div class='social-media-embed' id='e1'>" + EMBED + "</div>"
        "<aside class='sidebar-widget'><h3>Our latest posts</h3>"
        "<div class='social-feed'>" + EMBED + "</div></aside></body></html>"
    )
    assert expose_embedded_posts(tree, "twitter-tweet") == 2
    first, feed = tree.find(".//div"), tree.find(".//aside/div")
    assert first.get("class") is None and first.get("id") is None
    assert feed.get("class") is None
    assert tree.find(".//aside").get("class") == "sidebar-widget"  # it holds a heading too
    assert tree.find(".//blockquote").get("class") == "twitter-tweet"


def test_a_page_without_an_embed_is_not_searched() -> None:
    tree = parse_html("<html><body><div class='social-media-embed'><blockquote class='twitter-tweet'>"
                      "<p>A post</p></blockquote></div></body></html>")
    assert expose_embedded_posts(tree, "<html>no embed named here</html>") == 0
    assert tree.find(".//div").get("class") == "social-media-embed"
