"""Block features (cleaners/block_features.py): each one read from a tiny page, pure and stable,
and the opt-in block trace of clean_html (changes nothing, gives the judged blocks)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from lxml import etree, html

from cleaners.block_features import FEATURE_NAMES, block_features, shape
from cleaners.blocks import Block
from cleaners.container import block_sources
from cleaners.pipeline import clean_html

FIXTURE = Path(__file__).parent / "fixtures" / "amp-wire-story-byline-copyright"

PAGE = """<html><body>
<div class="article-body" id="story"><h1>Lake ice hits a record low</h1>
<p>The ice cover on the lake reached a record low this winter, scientists said on Monday.</p>
<p>Warm winds kept the water open for weeks.</p></div>
<div class="share-bar"><p>SHARE | TWEET | MAIL</p></div>
<p>Warm winds kept the water open for weeks.</p>
</body></html>"""


def _page():
    tree = html.fromstring(PAGE)
    head = etree.Element("head", rend="h1")
    blocks = [
        Block("Lake ice hits a record low", "head", head, 6),
        Block("The ice cover on the lake reached a record low this winter, scientists said on Monday.", "p", None, 16),
        Block("Warm winds kept the water open for weeks.", "p", None, 8),
        Block("SHARE | TWEET | MAIL", "p", None, 3, link_chars=14, links=["https://x.example/s"] * 3,
              same_site_links=0),
        Block("Warm winds kept the water open for weeks.", "p", None, 8),
    ]
    return tree, blocks


def _features(**kwargs) -> list[dict[str, float]]:
    tree, blocks = _page()
    options = {"tree": tree, "title": "Lake ice hits a record low"} | kwargs
    return [dict(zip(FEATURE_NAMES, row, strict=True)) for row in block_features(blocks, **options)]


def test_one_vector_per_block_of_the_named_length_and_the_same_every_time():
    tree, blocks = _page()
    first = block_features(blocks, tree, "Lake ice hits a record low")
    assert len(first) == len(blocks) and all(len(row) == len(FEATURE_NAMES) for row in first)
    assert block_features(blocks, tree, "Lake ice hits a record low") == first
    assert len(set(FEATURE_NAMES)) == len(FEATURE_NAMES)


def test_no_blocks_no_vectors():
    assert block_features([], None, "x") == []


def test_kind_and_heading_level():
    rows = _features()
    assert rows[0]["kind_head"] == 1.0 and rows[0]["heading_level"] == 1.0
    assert rows[1]["kind_p"] == 1.0 and rows[1]["heading_level"] == 0.0


def test_link_density():
    rows = _features()
    assert rows[3]["link_share"] == 14 / 16 and rows[3]["links"] == 3.0
    assert rows[1]["link_share"] == 0.0


def test_shape_of_a_share_bar_and_of_a_sentence():
    bar, sentence = shape("SHARE | TWEET | MAIL"), shape("Warm winds kept the water open for weeks.")
    assert bar["upper_share"] == 1.0 and bar["separator_count"] == 2.0 and bar["ends_sentence"] == 0.0
    assert sentence["ends_sentence"] == 1.0 and sentence["upper_share"] < 0.1
    assert sentence["title_case_share"] == pytest.approx(1 / 8)
    digits = shape("12 comments (3 new)")
    assert digits["starts_digit"] == 1.0 and digits["digit_share"] > 0.15
    assert shape("(AP) story")["has_bracket_start"] == 1.0
    assert shape("")["punct_share"] == 0.0  # no division by zero on an empty line


def test_shape_counts_case_in_any_script():
    assert shape("ΑΘΗΝΑ")["upper_share"] == 1.0
    assert shape("東京の天気")["upper_share"] == 0.0  # uncased script: no capitals


def test_position_from_start_end_and_title():
    rows = _features()
    assert rows[0]["is_first"] == 1.0 and rows[4]["is_last"] == 1.0
    assert rows[0]["index_share"] == 0.0 and rows[4]["from_end_share"] == 0.0
    assert rows[0]["from_title"] == 0.0 and rows[3]["from_title"] == 3.0
    assert 0 < rows[2]["chars_before_share"] < rows[3]["chars_before_share"]


def test_similarity_to_title_and_neighbours():
    rows = _features()
    assert rows[0]["title_similarity"] == 1.0
    assert 0 < rows[1]["title_similarity"] < 1
    assert rows[3]["next_similarity"] == 0.0
    assert rows[1]["next_similarity"] > 0  # shares "the" with the next line


def test_repetition_on_the_page_and_across_the_site():
    rows = _features(site_counts={"share tweet mail": 4})
    assert rows[2]["page_repeats"] == 1.0 and rows[4]["page_repeats"] == 1.0 and rows[1]["page_repeats"] == 0.0
    assert rows[3]["site_repeats"] == 4.0 and rows[1]["site_repeats"] == 0.0


def test_nothing_comes_from_the_page_s_markup_so_no_site_s_template_names():
    tree, blocks = _page()
    assert block_features(blocks, tree, "Lake ice hits a record low") == block_features(
        blocks, None, "Lake ice hits a record low")
    assert not any(name.startswith(("class_", "tag_")) for name in FEATURE_NAMES)


def test_neighbours_shape_and_what_the_rules_did_around_a_block():
    rows = _features(rule_ids=[None, None, None, "prompts.share", None])
    assert rows[2]["next_ends_sentence"] == 0.0 and rows[2]["prev_ends_sentence"] == 1.0
    assert rows[0]["prev_ends_sentence"] == -1.0 and rows[4]["next_ends_sentence"] == -1.0
    assert rows[2]["next_link_share"] == 14 / 16 and rows[4]["prev_link_share"] == 14 / 16
    assert rows[2]["next_removed"] == 1.0 and rows[4]["prev_removed"] == 1.0 and rows[1]["prev_removed"] == 0.0
    assert rows[2]["removed_nearby"] == 0.25 and rows[0]["removed_nearby"] == 0.0
    assert rows[1]["next_chars_log"] == rows[2]["chars_log"]


def test_position_from_the_long_paragraphs():
    long = " ".join(["word"] * 30) + "."
    blocks = [Block("Menu", "p", None, 1), Block(long, "p", None, 31), Block(long + " Again", "p", None, 32),
              Block("Share this", "p", None, 2), Block("Tags: a, b", "p", None, 3)]
    rows = [dict(zip(FEATURE_NAMES, row, strict=True)) for row in block_features(blocks)]
    assert rows[0]["before_first_long"] == 1 / 5 and rows[1]["before_first_long"] == 0.0
    assert rows[2]["after_last_long"] == 0.0 and rows[3]["after_last_long"] == 1 / 5
    assert rows[4]["after_last_long"] == 2 / 5 and rows[4]["long_share"] == 2 / 5
    # a long paragraph a rule took is not the article's
    rows = [dict(zip(FEATURE_NAMES, row, strict=True))
            for row in block_features(blocks, rule_ids=[None, None, "text.x", None, None])]
    assert rows[2]["after_last_long"] == 1 / 5


def test_rule_provenance():
    rows = _features(rule_ids=[None, None, None, "prompts.share", "text.duplicate-paragraph"],
                     phrase_rules=frozenset({"prompts.share"}))
    assert rows[3]["removed_by_rule"] == 1.0 and rows[3]["removed_by_phrase_rule"] == 1.0
    assert rows[3]["family_prompts"] == 1.0 and rows[3]["family_text"] == 0.0
    assert rows[4]["family_text"] == 1.0 and rows[4]["removed_by_phrase_rule"] == 0.0
    assert rows[1]["removed_by_rule"] == 0.0
    assert _features(rule_ids=[None, None, None, "mysite.custom", None])[3]["family_other"] == 1.0


def test_the_trace_changes_nothing_and_gives_the_judged_blocks():
    body = (FIXTURE / "page.html").read_bytes()
    url = json.loads((FIXTURE / "meta.json").read_text())["url"]
    plain = clean_html(body, url)
    trace: list = []
    traced = clean_html(body, url, trace=trace)
    assert traced.text == plain.text and traced.removed == plain.removed
    assert len(trace) == 1
    assert "\n".join(b.text for b in trace[0].kept) == plain.text
    assert [r.text for r in trace[0].removed] == [r.text for r in plain.removed if r.stage == "text"]
    assert len(trace[0].blocks) == len(trace[0].kept) + len(trace[0].removed)
    # the rules' walk for block sources is handed on, and features read the same from it
    assert trace[0].locate is not None
    assert list(trace[0].locate()) == list(block_sources(trace[0].tree, [b.text for b in trace[0].blocks]))
    assert block_features(trace[0].blocks, trace[0].tree, sources=trace[0].locate()) == block_features(
        trace[0].blocks, trace[0].tree)


@pytest.mark.parametrize("text", ["Share | TWEET | Mail 24/7\t(AP)", "ΑΘΗΝΑ, 12 Μαΐου — Ο δήμαρχος", "東京の天気 12",
                                  ""])
def test_character_counts_are_str_s_own_whatever_the_script(text):
    from cleaners.block_features import _char_counts

    expected = (sum(map(str.isspace, text)), sum(map(str.isalnum, text)), sum(map(str.isalpha, text)),
                sum(map(str.isupper, text)), sum(map(str.isdigit, text)))
    assert _char_counts(text) == expected
    assert _char_counts(text, upper_only=True)[0] == expected[3]
