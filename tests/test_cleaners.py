"""Unit tests of the cleaning library: rule files, rule kinds, decoding, rejections, provenance."""

from __future__ import annotations

from pathlib import Path

import pytest

from cleaners import RuleFileError, clean_html, rules_for, validate_rule_files
from cleaners.parsing import parse_html
from cleaners.ruleset import load_rule_file
from cleaners.split_body import continuation_paragraphs
from cleaners.text_rules import PageContext, apply_text_rules

PROSE = (
    "The council met on Tuesday evening to discuss the new budget for the harbour district, "
    "which has been delayed twice this year because of disagreements over the cost of dredging."
)


def page(*paragraphs: str, title: str = "Harbour budget delayed again", extra: str = "") -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f"<html lang='en'><head><title>{title}</title></head><body><article><h1>{title}</h1>"
        f"{body}</article>{extra}</body></html>"
    )


def article_paragraphs(n: int = 6) -> list[str]:
    return [f"{PROSE} Paragraph {i} adds that the vote was {i} to {9 - i}." for i in range(n)]


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# --- rule files ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("[[text]\nid=", "not valid TOML"),
        ('[[text]]\nid = "x.y"\ndescription = "d"\npattern = "(unclosed"', "rule 'x.y': bad pattern"),
        ('[[dom]]\nid = "a"\ndescription = "d"\ncss = "div[["', "rule 'a': bad CSS selector"),
        ('[[dom]]\nid = "a"\ndescription = "d"\nxpath = "//div[["', "rule 'a': bad XPath"),
        ('[[text]]\nid = "a"\ndescription = "d"\nkind = "magic"\npattern = "x"', "kind 'magic' is not one of"),
        ('[[text]]\nid = "a"\npattern = "x"', "rule 'a': needs a one-line 'description'"),
        ('[[text]]\nid = "a"\ndescription = "d"\npatern = "x"', "unknown key(s) ['patern']"),
        ('[[text]]\nid = "Bad Id"\ndescription = "d"\npattern = "x"', "needs an 'id'"),
        (
            '[[text]]\nid = "a"\ndescription = "d"\npattern = "x"\n'
            '[[text]]\nid = "a"\ndescription = "e"\npattern = "y"',
            "the same id is used twice",
        ),
        ('[[text]]\nid = "a"\ndescription = "d"\npattern = "x"\nmax_words = 0', "'max_words' must be"),
        ('rules = []', "unknown top-level key(s) ['rules']"),
    ],
)
def test_broken_rule_file_names_file_rule_and_fault(tmp_path: Path, content: str, expected: str) -> None:
    path = write(tmp_path, "bad.toml", content)
    with pytest.raises(RuleFileError) as caught:
        validate_rule_files([path])
    assert str(path) in str(caught.value)
    assert expected in str(caught.value)


def test_missing_rule_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(RuleFileError, match="no such rule file"):
        clean_html(page(*article_paragraphs()), rule_files=[tmp_path / "nope.toml"])


def test_builtin_rules_all_have_ids_and_descriptions() -> None:
    rules = rules_for()
    described = rules.describe()
    assert len(described) == len(rules.dom) + len(rules.text) >= 30
    assert all(description.strip() for description in described.values())


def test_user_rule_file_adds_a_rule_and_disables_a_builtin(tmp_path: Path) -> None:
    user = write(
        tmp_path,
        "mine.toml",
        'disable = ["ads.marker", "labels.ad-marker", "model.wording"]\n'
        '[[text]]\nid = "mine.promo"\ndescription = "our promo line"\n'
        "pattern = '''^Buy the print edition.*$'''\n",
    )
    html = page(*article_paragraphs(3), "Buy the print edition today", "Advertisement", *article_paragraphs(3))
    plain = clean_html(html)
    custom = clean_html(html, rule_files=[user])
    assert "Buy the print edition today" in plain.text and "Advertisement" not in plain.text
    assert "Buy the print edition today" not in custom.text and "Advertisement" in custom.text
    assert custom.rule_counts()["mine.promo"] == 1


def test_a_dom_rule_naming_a_bare_tag_drops_those_elements(tmp_path: Path) -> None:
    # the built-in rules name no bare tag: their pass does not read tags, a user's bare tag is read
    rule = '[[dom]]\nid = "mine.quotes"\ndescription = "pull quotes"\ncss = ["blockquote"]\n'
    user = write(tmp_path, "tags.toml", rule)
    quote = "<blockquote>The harbour works will be finished by spring, the mayor promised again.</blockquote>"
    html = page(*article_paragraphs()).replace("</article>", quote + "</article>")
    assert "finished by spring" in clean_html(html).text
    custom = clean_html(html, rule_files=[user])
    assert "finished by spring" not in custom.text and custom.rule_counts()["mine.quotes"] == 1


def test_user_rule_file_with_domains_applies_only_there(tmp_path: Path) -> None:
    user = write(
        tmp_path,
        "site.toml",
        'domains = ["example.org"]\n[[text]]\nid = "site.sig"\ndescription = "signature"\npattern = "^Cheers, Ed$"\n',
    )
    html = page(*article_paragraphs(), "Cheers, Ed")
    assert "Cheers, Ed" not in clean_html(html, "https://news.example.org/a", rule_files=[user]).text
    assert "Cheers, Ed" in clean_html(html, "https://example.com/a", rule_files=[user]).text


def test_rule_files_are_cached_per_path(tmp_path: Path) -> None:
    path = write(tmp_path, "ok.toml", '[[text]]\nid = "a"\ndescription = "d"\npattern = "x"\n')
    assert load_rule_file(str(path)) is load_rule_file(str(path))


# --- what the rules remove and what they keep ----------------------------------------------------


JUNK_LINES = [
    "Also Read: Ferry timetable changes from Monday",
    "READ MORE | Harbour master resigns",
    "Advertisement",
    "Story continues below advertisement",
    "Leave a Reply",
    "Your email address will not be published. Required fields are marked *",
    "Follow us on Google News for the latest updates.",
    "Sign up for our newsletter",
    "Share this article",
    "Tuesday, March 21",
    "By Jane Doe",
    "This article originally appeared on The Harbour Times.",
    "© 2023 Reuters. All rights reserved.",
]


@pytest.mark.parametrize("junk", JUNK_LINES)
def test_junk_line_inside_the_article_is_removed(junk: str) -> None:
    paragraphs = article_paragraphs()
    article = clean_html(page(*paragraphs[:3], junk, *paragraphs[3:]))
    assert junk not in article.text.split("\n")
    assert article.paragraphs == paragraphs
    removed = [b.text for b in article.removed if b.stage == "text" and b.rule_id != "text.title-repeat"]
    assert removed == [junk]


REAL_PROSE = [
    "Residents who want to read more about the plan can find it at the town library, the clerk said.",
    "Also, read the small print: the fee applies to every boat moored longer than a week.",
    "Related to this, the harbour master said dredging would start in spring if the money is found.",
    "The advertisement for the post drew forty applicants, more than any in a decade.",
    "In her reply, the mayor said she would not sign a budget that cut the lifeboat station.",
    "Subscribers to the harbour newsletter were the first to hear of the delay, on March 21, 2023.",
    "Yes.",
]


@pytest.mark.parametrize("prose", REAL_PROSE)
def test_real_prose_that_mentions_junk_words_stays(prose: str) -> None:
    paragraphs = article_paragraphs()
    article = clean_html(page(*paragraphs[:3], prose, *paragraphs[3:]))
    assert prose in article.paragraphs


def test_cut_after_comments_heading_near_the_end_only() -> None:
    paragraphs = article_paragraphs(8)
    late = clean_html(page(*paragraphs, "Comments", "Great article, thanks!", "I disagree with the mayor."))
    assert late.paragraphs == paragraphs
    assert late.rule_counts()["comments.section-cut"] == 3
    early = clean_html(page(paragraphs[0], "Comments", *paragraphs[1:]))
    assert "comments.section-cut" not in early.rule_counts()
    assert all(p in early.paragraphs for p in paragraphs[1:])


def test_repeated_caption_and_video_title_pairs_go() -> None:
    paragraphs = article_paragraphs()
    html = page(
        *paragraphs[:2],
        "Boats in the harbour at dawn.",
        "Boats in the harbour at dawn. Photograph: Ann Lee / Reuters",
        *paragraphs[2:4],
        "Storm hits the harbour wall - video",
        "Storm hits the harbour wall – video",
        *paragraphs[4:],
    )
    article = clean_html(html)
    assert article.paragraphs == paragraphs
    assert article.rule_counts()["text.repeated-caption"] == 4  # both lines of both pairs


def test_duplicate_rule_drops_a_near_copy_but_keeps_short_structural_repeats() -> None:
    context = PageContext()
    quote = "We will not let the harbour silt up while this council argues about who pays for the dredger."
    kept, removed = apply_text_rules(
        ["Intro paragraph that sets the scene.", quote, "Ingredients", quote, "Ingredients"],
        rules_for().text,
        context,
    )
    assert kept.count(quote) == 1 and kept.count("Ingredients") == 2
    assert [b.rule_id for b in removed] == ["text.duplicate-paragraph"]


def test_title_repeated_at_the_top_is_not_body_text() -> None:
    article = clean_html(page(*article_paragraphs(), title="Harbour budget delayed again | The Harbour Times"))
    assert article.title and "Harbour budget delayed again" in article.title
    assert "Harbour budget delayed again" not in article.text


# --- the page as a whole -------------------------------------------------------------------------


def test_metadata_comes_from_the_same_parse() -> None:
    html = (
        "<html lang='de-DE'><head><title>Hafen | Zeitung</title>"
        "<meta property='og:title' content='Hafen wird ausgebaggert'>"
        "<meta property='article:published_time' content='2023-03-21T10:00:00+01:00'>"
        "<meta name='author' content='Jana Beispiel'>"
        "<link rel='canonical' href='https://zeitung.example/hafen'></head><body><article>"
        + "".join(f"<p>{p}</p>" for p in article_paragraphs())
        + "</article></body></html>"
    )
    article = clean_html(html.encode("utf-8"), "https://zeitung.example/hafen?utm_source=x")
    assert article.title == "Hafen wird ausgebaggert"
    assert article.authors == ["Jana Beispiel"]
    assert article.published == "2023-03-21T10:00:00+01:00"  # time and zone kept
    assert article.language == "de-DE"
    assert article.canonical_url == "https://zeitung.example/hafen"


def test_authors_leave_the_publisher_out_and_keep_printed_initials() -> None:
    html = (
        "<html><head><title>Hafen | Zeitung</title>"
        "<meta name='author' content='Hafenblatt Gruppe, Jana Beispiel, Tom K Reyes'>"
        "<meta name='copyright' content='Copyright (c) Hafenblatt Gruppe 2023'>"
        "</head><body><article><p class='byline'>By Jana Beispiel and Tom K. Reyes</p>"
        + "".join(f"<p>{p}</p>" for p in article_paragraphs())
        + "</article></body></html>"
    )
    article = clean_html(html.encode("utf-8"), "https://zeitung.example/hafen")
    assert article.authors == ["Jana Beispiel", "Tom K. Reyes"]


def test_legacy_encoding_declared_in_meta_is_decoded() -> None:
    text = "Der Bürgermeister sagte, die Straße am Hafen werde über den Winter gesperrt, während gebaggert wird."
    html = (
        "<html><head><meta charset='windows-1252'><title>Hafen</title></head><body><article>"
        + "".join(f"<p>{text} ({i})</p>" for i in range(5))
        + "</article></body></html>"
    )
    article = clean_html(html.encode("cp1252"))
    assert "Bürgermeister" in article.text and "Straße" in article.text


def test_utf16_with_bom_is_decoded() -> None:
    article = clean_html(page(*article_paragraphs()).encode("utf-16"))
    assert article.rejected is None and PROSE[:40] in article.text


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b"", "empty-page"),
        (b"   \n\t ", "empty-page"),
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20, "binary-body"),
        (b"<html><body><p>Too short.</p></body></html>", "too-short"),
        (b"<html><head><title>Page not found</title></head><body><p>" + PROSE.encode() * 2 + b"</p></body></html>",
         "error-page"),
    ],
)
def test_bad_pages_are_rejected_with_a_reason_not_an_exception(body: bytes, reason: str) -> None:
    article = clean_html(body)
    assert article.rejected == reason
    assert article.text == ""


@pytest.mark.parametrize(
    "declaration",
    [
        "<meta property='og:type' content='article'>",
        '<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle"}</script>',
        '<script type="application/ld+json">{"@type": ["Article", "WebPage"]}</script>',
    ],
)
@pytest.mark.parametrize("title", ["Story 404 of the gazette", "Flight 410 lands safely"])
def test_a_declared_article_with_404_in_its_title_is_not_an_error_page(declaration: str, title: str) -> None:
    """Issue 17.7: a number in a headline is not a soft-404 when the markup says 'article'."""
    html = page(*article_paragraphs(), title=title).replace("</head>", declaration + "</head>")
    article = clean_html(html)
    assert article.rejected is None
    assert PROSE[:40] in article.text


def test_an_undeclared_page_titled_404_is_still_an_error_page() -> None:
    assert clean_html(page(*article_paragraphs(), title="Error 404")).rejected == "error-page"


def test_broken_html_still_yields_the_article() -> None:
    html = "<html><body><div><p>" + "</p><p>".join(article_paragraphs()) + "<div><span></b></i><table><tr><td>"
    article = clean_html(html)
    assert article.rejected is None
    assert PROSE[:50] in article.text


def test_every_removed_block_names_its_rule() -> None:
    html = page(*article_paragraphs(), extra="<div id='respond'><h3>Leave a Reply</h3><form></form></div>")
    article = clean_html(html)
    assert article.removed
    rule_ids = set(rules_for().describe())
    assert all(block.rule_id in rule_ids for block in article.removed)
    assert {block.stage for block in article.removed} <= {"dom", "text"}


def test_split_body_chunks_are_joined() -> None:
    first = article_paragraphs(3)
    second = [f"Later chunk {i}: the harbour plan also covers moorings, fees and a new slipway, officials said."
              for i in range(3)]
    html = (
        "<html><body><article><div class='body-chunk'>" + "".join(f"<p>{p}</p>" for p in first) + "</div>"
        "<div class='ad'>Ad</div><div class='body-chunk'>" + "".join(f"<p>{p}</p>" for p in second)
        + "</div></article></body></html>"
    )
    assert continuation_paragraphs(parse_html(html), first) == second
    assert continuation_paragraphs(parse_html(html), first + second) == []


def test_menu_and_captions_without_prose_is_no_article() -> None:
    captions = "".join(f"<figure><img src='/{i}.jpg'><figcaption>Harbour photo number {i}</figcaption></figure>"
                       for i in range(8))
    html = (
        "<html><head><title>Photos</title></head><body><nav><a href='/'>Home</a> <a href='/local'>Local</a></nav>"
        f"<main><h1>Photos</h1>{captions}</main></body></html>"
    )
    assert clean_html(html).rejected == "too-short"


def test_index_page_of_headline_links_is_a_link_list() -> None:
    items = "".join(
        f"<li><a href='/news/{i}'>Harbour council story number {i} says the dredging vote is delayed again</a></li>"
        for i in range(12)
    )
    html = f"<html><head><title>Local</title></head><body><main><h1>Local</h1><ul>{items}</ul></main></body></html>"
    assert clean_html(html).rejected == "link-list"


def test_site_rule_file_is_picked_by_host(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from cleaners import ruleset

    sites = tmp_path / "sites"
    sites.mkdir()
    (sites / "harbour.example.toml").write_text(
        '[[text]]\nid = "site.harbour.signoff"\ndescription = "the paper\'s sign-off line"\n'
        "pattern = '''^The Harbour Times: news since 1901$'''\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(ruleset, "SITES_DIR", sites)
    ruleset._ruleset_for.cache_clear()
    try:
        html = page(*article_paragraphs(), "The Harbour Times: news since 1901")
        on_site = clean_html(html, "https://www.harbour.example/news/1")
        elsewhere = clean_html(html, "https://other.example/news/1")
    finally:
        ruleset._ruleset_for.cache_clear()
    assert on_site.rule_counts() == {"text.title-repeat": 1, "site.harbour.signoff": 1}
    assert "The Harbour Times: news since 1901" in elsewhere.text


# --- every script ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("the harbour authority", 3),
        ("東京都は十五日", 7),  # Han and kana: one word per character
        ("东京 会议 2024年", 6),
        ("ภาษาไทยเป็นภาษา", 4),  # Thai: one word per 4 base letters of a run (ภาษา ไทย เป็น ภาษา)
        ("Привет, мир", 2),
        ("한국어 기사입니다", 2),
    ],
)
def test_word_counts_hold_for_scripts_written_without_spaces(text, words):
    from cleaners.words import count_words

    assert count_words(text) == words


LINES_OF_EVERY_SCRIPT = [
    "the harbour authority", "東京都は十五日", "ภาษาไทยเป็น", "ภาษา and 한국어", "东京 会议 2024年", "",
]


def test_a_text_s_word_count_is_the_sum_of_its_lines_counts():
    """``Article.word_count`` reads the kept blocks' counts summed (``words_counted``): a line break
    parts words, Han characters and Thai runs alike, so the joined text counts the same."""
    from cleaners.result import Article
    from cleaners.words import count_words

    text = "\n".join(LINES_OF_EVERY_SCRIPT)
    assert count_words(text) == sum(count_words(line) for line in LINES_OF_EVERY_SCRIPT)
    article = Article(text=text, words_counted=(text, count_words(text)))
    assert article.word_count == count_words(text)
    article.text = "one two"  # a text set after the count: counted again
    assert article.word_count == 2


def test_a_chinese_article_is_not_too_short_and_its_language_is_read_from_the_text():
    paragraphs = [
        "市政府周三宣布，将在今年秋季开通连接城东和机场的新地铁线路，全长约二十八公里。",
        "新线路共设十二个车站，建成后从市中心到机场的时间将由一个多小时缩短到四十分钟左右。",
    ]
    html = "<html><head><title>地铁</title></head><body><article>" + "".join(
        f"<p>{p}</p>" for p in paragraphs
    ) + "</article></body></html>"
    article = clean_html(html.encode("utf-8"), "https://news.example.cn/a")
    assert article.rejected is None
    assert article.word_count >= 25
    assert article.language == "zh"


@pytest.mark.parametrize(
    ("declared", "tag"),
    [("en_US", "en-US"), ("pt-br", "pt-BR"), ("zh-hant-tw", "zh-Hant-TW"), ("x-default", None), ("und", None),
     ("{{ lang }}", None), ("fr, en", "fr")],
)
def test_the_declared_language_becomes_one_canonical_tag(declared, tag):
    from cleaners.metadata import normalise_language

    assert normalise_language(declared) == tag


# --- metadata ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("byline", "names"),
    [
        ("By Dana Whitfield and Omar Haddad, AP Auto Writer", ["Dana Whitfield", "Omar Haddad"]),
        ("Von Lena Brandt; Redaktion Kreisbote", ["Lena Brandt"]),
        ("Ana Souza, Pedro Lima e Clara Dias", ["Ana Souza", "Pedro Lima", "Clara Dias"]),
        ("Valley Courier Staff", []),
        ("Associated Press", []),
    ],
)
def test_authors_are_person_names(byline, names):
    from cleaners.metadata import clean_authors

    assert clean_authors(byline, "Valley Courier") == names


@pytest.mark.parametrize(
    ("title", "site", "h1", "headline"),
    [
        ("Ferry fares rise | The Harbour Times", "The Harbour Times", None, "Ferry fares rise"),
        ("Kreisbote - Neue Sporthalle", "Kreisbote", None, "Neue Sporthalle"),
        ("Ferry fares rise - and why", None, "Ferry fares rise - and why", "Ferry fares rise - and why"),
        ("Ferry fares rise – harbourtimes", None, None, "Ferry fares rise"),
    ],
)
def test_the_title_is_the_headline_without_the_site_name(title, site, h1, headline):
    from cleaners.metadata import clean_title

    assert clean_title(title, site, h1, "www.harbourtimes.example") == headline


def test_tags_joined_in_one_string_are_split():
    html = (
        "<html lang='en'><head><title>Harbour</title><meta name='keywords' content='harbour, dredging, budget'>"
        "<meta property='article:modified_time' content='2023-03-22T08:00:00Z'></head><body><article>"
        + "".join(f"<p>{p}</p>" for p in article_paragraphs())
        + "</article></body></html>"
    )
    article = clean_html(html.encode("utf-8"), "https://zeitung.example/hafen")
    assert article.tags == ["harbour", "dredging", "budget"]
    assert article.modified == "2023-03-22T08:00:00+00:00"


# --- markdown ------------------------------------------------------------------------------------


def test_markdown_keeps_headings_lists_quotes_code_and_tables_from_the_cleaned_blocks():
    html = (
        "<html lang='en'><head><title>Harbour</title></head><body><article><h1>Harbour</h1>"
        + "".join(f"<p>{p}</p>" for p in article_paragraphs(3))
        + "<h2>What was decided</h2><ul><li>Dredging starts in May</li><li>Moorings are repriced</li></ul>"
        "<blockquote><p>We will not let this harbour silt up while the board argues.</p></blockquote>"
        "<pre><code>depth = survey(harbour)\nif depth &lt; 3:\n    dredge()</code></pre>"
        "<table><tr><th>Berth</th><th>Fee</th></tr><tr><td>North</td><td>12</td></tr></table>"
        "<p>Advertisement</p>"
        + "".join(f"<p>{p}</p>" for p in article_paragraphs(2))
        + "</article></body></html>"
    )
    article = clean_html(html, "https://harbour.example/a", format="markdown")
    markdown = article.markdown
    assert "## What was decided" in markdown
    assert "- Dredging starts in May\n- Moorings are repriced" in markdown
    assert "> We will not let this harbour silt up" in markdown
    assert "```\ndepth = survey(harbour)\nif depth < 3:\n    dredge()\n```" in markdown
    assert "| Berth | Fee |\n|---|---|\n| North | 12 |" in markdown
    assert "Advertisement" not in markdown and "Advertisement" not in article.text
    assert "## " not in article.text and "```" not in article.text
    assert clean_html(html, "https://harbour.example/a").markdown is None


# --- site repetition -----------------------------------------------------------------------------


def test_blocks_repeated_across_a_sites_pages_go_but_long_paragraphs_and_small_batches_stay():
    from cleaners.site_repetition import SiteRepetition

    signature = "Posted in Harbour news by the quay desk"
    long_intro = " ".join(["This series looks at the harbour's history, one berth at a time,"] * 5)
    pages = [[f"Story {i} says the vote on the dredging budget was delayed again.", signature, long_intro]
             for i in range(4)]
    repetition = SiteRepetition()
    for paragraphs in pages[:2]:
        repetition.observe("harbour.example", paragraphs)
    assert repetition.strip("harbour.example", pages[0]) == (pages[0], [])  # two pages: too few to tell
    for paragraphs in pages[2:]:
        repetition.observe("harbour.example", paragraphs)
    kept, removed = repetition.strip("harbour.example", pages[0])
    assert removed == [signature]
    assert long_intro in kept and pages[0][0] in kept
    assert repetition.strip("other.example", pages[0]) == (pages[0], [])
    off = SiteRepetition(enabled=False)
    for paragraphs in pages:
        off.observe("harbour.example", paragraphs)
    assert off.strip("harbour.example", pages[0]) == (pages[0], [])


def test_a_lone_teaser_link_late_in_the_article_goes_but_a_roundups_linked_headings_stay():
    products = "".join(
        f"<h2><a href='/reviews/laptop-{i}'>Laptop model {i} with a bigger screen</a></h2><p>{PROSE}</p>"
        for i in range(3)
    )
    html = (
        "<html lang='en'><head><title>Best laptops</title></head><body><article><h1>Best laptops</h1>"
        + "".join(f"<p>{p}</p>" for p in article_paragraphs(4)) + products
        + f"<p>{PROSE} The end.</p>"
        "<p><a href='/news/ferry-fares-rise'>Ferry fares to rise in spring as fuel costs climb</a></p>"
        f"<p>{PROSE} Really the end.</p></article></body></html>"
    )
    article = clean_html(html, "https://harbour.example/best-laptops")
    assert "Ferry fares to rise in spring" not in article.text
    assert all(f"Laptop model {i} with a bigger screen" in article.text for i in range(3))


def test_figures_become_images_with_absolute_src_caption_and_credit_and_leave_the_text():
    case = Path(__file__).parent / "fixtures" / "figure-caption-and-credit-to-images"
    article = clean_html((case / "page.html").read_bytes(), "https://ferrynews.example/2024/electric-ferry")
    assert article.images == [{
        "src": "https://cdn.example.net/ferry-1200.jpg",
        "alt": "The new ferry at the quay",
        "caption": "The new ferry moored at the north quay on Thursday",
        "credit": "Harbour Photo Agency",
    }]
    assert "Harbour Photo Agency" not in article.text


def test_a_numbered_line_is_a_date_only_with_a_month_name():
    kept, _ = apply_text_rules(["3. Klasse", "12. März 2023", "4. Runde"], rules_for().text, PageContext())
    assert kept == ["3. Klasse", "4. Runde"]


def test_a_link_after_a_short_marker_counts_as_linked_text():
    from cleaners.blocks import Block, annotate_links

    teaser = Block("Related   Ferry fares to rise in spring as fuel costs climb", "p", words=11)
    prose = Block("The board said fares would rise, as Ferry fares to rise in spring says.", "p", words=14)
    links = {"Ferry fares to rise in spring as fuel costs climb": ["/2024/ferry"]}
    annotate_links([teaser, prose], links, "https://harbour.example/story")
    assert teaser.link_share > 0.8 and teaser.same_site_links == 1
    assert prose.link_share == 0.0


@pytest.mark.parametrize("title", ["Story 404", "Highway 404 closed after crash", "Route 410 reopens", "The 404 bus"])
def test_a_number_in_an_undeclared_headline_is_not_an_error_page(title: str) -> None:
    """Issue 17, seen from outside: a 600-article site without og:type lost 'Story 404' and
    'Story 410' as error pages. A bare 404/410 inside a headline's words is not a soft-404."""
    article = clean_html(page(*article_paragraphs(), title=title))
    assert article.rejected is None
    assert PROSE[:40] in article.text


@pytest.mark.parametrize(
    "title",
    ["404", "Error 404 | The Gazette", "The Gazette | 404", "404 - Page not found", "410 Gone", "HTTP 404",
     "Oops! 404", "404: that page is gone", "Page not found", "Erreur 404 - Le Monde", "(404) Gazette"],
)
def test_soft_404_titles_are_still_error_pages(title: str) -> None:
    assert clean_html(page(*article_paragraphs(), title=title)).rejected == "error-page"
