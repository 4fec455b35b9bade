"""Block labels from the dev sets' truth (benchmarks/block_labels.py), on tiny made-up pages."""

from __future__ import annotations

from benchmarks.block_labels import JUNK, KEEP, label_by_full_text, label_by_snippets, rule_ids_of
from cleaners.blocks import Block
from cleaners.pipeline import BlockTrace
from cleaners.result import RemovedBlock

TRUTH = "Lake ice hits a record low\nThe ice cover on the lake reached a record low this winter, scientists said."


def test_full_text_labels_keep_junk_and_leave_the_ambiguous_out():
    labels = label_by_full_text(
        [
            "The ice cover on the lake reached a record low this winter, scientists said.",  # all in truth
            "Sign up for our newsletter to get the best stories every morning.",  # none in truth
            "The ice cover on the lake reached a record: sign up for our newsletter now please.",  # half
            "Lake ice hits a record low",
            "Advertisement",  # short, not in the truth
            "ice cover",  # short, in the truth's words but not one of its lines
            "",
        ],
        TRUTH,
    )
    assert labels == [KEEP, JUNK, None, KEEP, JUNK, None, None]


def test_full_text_junk_share_sets_how_little_of_the_truth_a_junk_block_may_hold():
    """The whole-page labels (benchmarks/lexical_labels.py) call junk only a block with none of
    the truth's 4-shingles; the block labels allow a fifth."""
    block = "The ice cover on sale at the shop this week for every reader of the paper"  # 1 of 13 shingles
    assert label_by_full_text([block], TRUTH) == [JUNK]
    assert label_by_full_text([block], TRUTH, junk_share=0.0) == [None]
    assert label_by_full_text(["Sign up for our newsletter to get the best stories."], TRUTH, junk_share=0.0) == [JUNK]


def test_snippet_labels_from_must_and_must_not_passages():
    labels = label_by_snippets(
        [
            "The ice cover reached a record low this winter.",
            "Share this article with your friends",
            "Related: more lake stories",
            "Menu",
            "Quoted: the ice cover reached a record and Share this article",  # holds both kinds
        ],
        must=["ice cover reached a record"],
        must_not=["Share this article", "Related: more lake stories and other news"],
    )
    assert labels == [KEEP, JUNK, JUNK, None, None]


def test_snippet_labels_collapse_whitespace():
    assert label_by_snippets(["Share  this\narticle now"], must=[], must_not=["Share this article"]) == [JUNK]


def test_rule_ids_follow_the_removals_in_block_order():
    blocks = [Block(t, "p") for t in ("a", "b", "c", "d")]
    trace = BlockTrace(None, blocks, [blocks[0], blocks[2]],
                       [RemovedBlock("prompts.share", "text", "b"), RemovedBlock("notices.copyright", "text", "d")])
    assert rule_ids_of(trace) == [None, "prompts.share", None, "notices.copyright"]


def test_a_short_block_inside_a_snippet_s_passage_takes_its_label_when_a_neighbour_is_there_too():
    texts = ["The ice cover reached a record low this winter.", "Why?", "Warm winds kept the water open.",
             "Menu", "Share", "Subscribe to our newsletter now", "Why?"]
    labels = label_by_snippets(
        texts,
        must=["reached a record low this winter. Why? Warm winds kept"],
        must_not=["Share Subscribe to our newsletter"],
    )
    # "Why?" sits in the must passage right after its neighbour's words; "Share" right before its
    # neighbour's; the last "Why?" is in the snippet too, but not next to what stands beside it there
    assert labels == [None, KEEP, None, None, JUNK, None, None]


def test_a_short_block_is_not_labelled_by_a_snippet_that_merely_contains_its_word():
    assert label_by_snippets(["Intro text here", "News", "More text"], must=["Latest News today"], must_not=[]) == [
        None, None, None]


def test_blocks_between_two_article_blocks_are_keep_unless_junk_or_a_rule_s_lie_between():
    from benchmarks.block_labels import fill_between_keeps

    labels = [None, KEEP, None, None, KEEP, None, JUNK, None, KEEP, None, KEEP, None]
    removed = [False] * 9 + [True, False, False]
    assert fill_between_keeps(labels, removed) == [
        None, KEEP, KEEP, KEEP, KEEP,  # between two keeps: the article runs on
        None, JUNK, None, KEEP,  # a junk block between: nothing is assumed
        None, KEEP, None,  # a rule took it: left to the rules; after the last keep: unknown
    ]
    assert fill_between_keeps([None, None], [False, False]) == [None, None]
